"""Block pairing, text placed and render-back on real documentation pairs.

Pairs of Markdown pages that exist in English and in a Japanese translation at one sync
point: the Vue docs (vuejs/docs and vuejs-translations/docs-ja) and the React docs
(reactjs/react.dev and reactjs/ja.react.dev), read from git directories (bare mirrors are
fine) given as options; nothing is copied into the repository. The Japanese page is the
source, the English page the translation.

- *blocks paired right*: on pages whose two sides have the same sequence of block kinds
  (the gold pairing is then block k with block k), the share of text blocks paired with
  their gold partner; then the same pages with the translation damaged as real
  translations are (a paragraph dropped, a stale paragraph inserted elsewhere), gold
  adjusted accordingly (blocks are followed by offset, so repeated paragraphs count
  right);
- *text placed*: the share of the translation's prose that ends up in the catalog;
- *render-back*: rendering the source with the aligned catalog (fuzzy included)
  reproduces the text of each paired block (soft line breaks and spaces folded).

    .venv/bin/python benchmarks/align_documents.py \\
        --pair vue:/path/vuejs-docs.git:HEAD:/path/docs-ja.git:HEAD:src \\
        --pair react:/path/react.dev.git:abe931a8:/path/ja.react.dev.git:HEAD:src/content
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translator.align import Block, align_documents, apply_alignment  # noqa: E402
from translator.align.model import fold, translation_text  # noqa: E402
from translator.catalog.extract import build_template  # noqa: E402
from translator.catalog.update import update_catalog  # noqa: E402
from translator.document.markdown import parse_document  # noqa: E402
from translator.locales import locale_info  # noqa: E402
from translator.render import RenderedSpan, render_document  # noqa: E402

_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def git(repo: str, *args: str) -> str:
    return subprocess.run(
        ["git", f"--git-dir={repo}", *args], capture_output=True, text=True, check=True
    ).stdout


def pages(spec: str) -> list[tuple[str, str, str]]:
    """(path, english, japanese) of every page in both trees, translated."""
    _name, en_repo, en_rev, ja_repo, ja_rev, folder = spec.split(":")
    en_files = set(git(en_repo, "ls-tree", "-r", "--name-only", en_rev, folder).split())
    ja_files = set(git(ja_repo, "ls-tree", "-r", "--name-only", ja_rev, folder).split())
    found = []
    for path in sorted(en_files & ja_files):
        if not path.endswith((".md", ".mdx")):
            continue
        en = git(en_repo, "show", f"{en_rev}:{path}")
        ja = git(ja_repo, "show", f"{ja_rev}:{path}")
        if len(_JAPANESE.findall(ja)) < 0.2 * len(ja.replace(" ", "")) * 0.3:
            continue  # not translated yet
        found.append((path, en, ja))
    return found


def _kinds(doc_blocks: list[object]) -> list[str]:
    return [getattr(b, "kind", "") for b in doc_blocks]


STALE = (
    "This paragraph was left over from an older version of the page and describes an "
    "option that no longer exists.\n\n"
)


def _damage(
    text: str, blocks: list[Block], rng: random.Random
) -> tuple[str, dict[int, int], int] | None:
    """``text`` with one top-level paragraph dropped and a stale paragraph inserted before
    another: (damaged text, original block index by its start in the damaged text, index
    of the dropped block). Blocks are told apart by offset, not by text, so a paragraph
    that occurs twice is counted right."""
    top = [
        b for b in blocks
        if b.is_text and b.kind == "paragraph" and text.rfind("\n", 0, b.start) + 1 == b.start
    ]  # fmt: skip
    if len(top) < 3:
        return None
    drop = rng.choice(top)
    insert_at = rng.choice([b for b in top if b is not drop])
    cut = (drop.start, drop.end)
    damaged = text[: drop.start] + text[drop.end :]
    at = insert_at.start if insert_at.start < drop.start else insert_at.start - (cut[1] - cut[0])
    damaged = damaged[:at] + STALE + damaged[at:]

    def moved(pos: int) -> int:
        if pos >= cut[1]:
            pos -= cut[1] - cut[0]
        return pos + len(STALE) if pos >= at else pos

    origin = {moved(b.start): b.index for b in blocks if b.is_text and b is not drop}
    return damaged, origin, drop.index


def _verbatim(blocks: list[Block]) -> list[str]:
    return [s.msgid for b in blocks for s in b.segments if not s.translatable]


def _without(text: str, pieces: list[str]) -> str:
    """``text`` without the verbatim pieces (markup the source has and its translation
    lacks: render keeps it, as it keeps everything it does not translate)."""
    for piece in pieces:
        text = text.replace(" " + piece, "").replace(piece, "")
    return fold(text)


def _steps(
    pairs: list[tuple[int | None, int | None, int]],
) -> list[tuple[list[int], list[int]]]:
    """The block pairs grouped as the aligner's steps: a block split in two is one step
    with both halves, and renders back as their text joined."""
    steps: list[tuple[list[int], list[int]]] = []
    for s, t, _ in pairs:
        if s is None or t is None:
            continue
        if steps and (s in steps[-1][0] or t in steps[-1][1]):
            if s not in steps[-1][0]:
                steps[-1][0].append(s)
            if t not in steps[-1][1]:
                steps[-1][1].append(t)
        else:
            steps.append(([s], [t]))
    return steps


def evaluate(name: str, items: list[tuple[str, str, str]], seed: int, show: int = 0) -> None:
    rng = random.Random(seed)
    total = right = 0
    damaged_total = damaged_right = 0
    prose = placed = 0
    checked = 0
    misses: Counter[str] = Counter()
    same_structure = 0
    start = time.perf_counter()
    for _path, en, ja in items:
        source = parse_document(ja, lang="ja")
        target = parse_document(en, lang="en")
        alignment = align_documents(source, target, "en")
        s_kinds = _kinds(alignment.source_blocks)  # type: ignore[arg-type]
        t_kinds = _kinds(alignment.target_blocks)  # type: ignore[arg-type]
        # text placed and render-back, on every page
        template = build_template([source], "bench")
        po, _ = update_catalog(template, None, locale_info("en"))
        report = apply_alignment(po, alignment)
        for written in report.results:
            size = len(written.target)
            if written.link.target:
                prose += size
                placed += size if written.written in ("translated", "fuzzy") else 0
        table = {
            e.msgid: e.msgstr for e in po if e.msgstr and not e.obsolete and e.msgctxt is None
        }
        spans: list[RenderedSpan] = []
        rendered = render_document(source, table, locale_info("en"), spans=spans)
        where = {id(s.segment): s for s in spans}
        conflicts = {
            m.msgid
            for r in report.results
            if r.written == "skipped" and ("elsewhere" in r.note or "twice" in r.note)
            for m in r.link.source
        }
        for s_indexes, t_indexes in _steps(alignment.block_pairs):
            s_blocks = [alignment.source_blocks[i] for i in s_indexes]
            t_blocks = [alignment.target_blocks[j] for j in t_indexes]
            if not all(b.is_text for b in s_blocks + t_blocks):
                continue
            out = " ".join(
                rendered[where[id(b.segments[0])].start : where[id(b.segments[-1])].end]
                for b in s_blocks
            )
            out = fold(re.sub(r"\n[ \t>]*", " ", out))
            expected = fold(" ".join(translation_text(target, b.segments) for b in t_blocks))
            checked += 1
            if out == expected:
                continue
            if any(seg.msgid in conflicts for b in s_blocks for seg in b.segments):
                kind = "repeated"
            elif out.replace(" ", "") == expected.replace(" ", ""):
                kind = "spacing"
            elif _without(out, _verbatim(s_blocks)) == expected:
                kind = "markup"
            else:
                kind = "other"
            misses[kind] += 1
            if show > 0:
                show -= 1
                print(f"  {kind} miss in {_path}:\n    render:   {out!r}")
                print(f"    expected: {expected!r}")
        if s_kinds != t_kinds:
            continue
        same_structure += 1
        gold = {k: k for k, b in enumerate(alignment.source_blocks) if b.is_text}
        got = {s: t for s, t, _ in alignment.block_pairs if s is not None}
        total += len(gold)
        right += sum(1 for s, t in gold.items() if got.get(s) == t)
        # damage the translation: drop one paragraph, insert a stale one elsewhere
        damage = _damage(en, alignment.target_blocks, rng)
        if damage is None:
            continue
        damaged, origin, dropped = damage
        alignment2 = align_documents(source, parse_document(damaged, lang="en"), "en")
        t2_to_t = {b.index: origin.get(b.start) for b in alignment2.target_blocks if b.is_text}
        for s, t, _ in alignment2.block_pairs:
            if s is None or not alignment2.source_blocks[s].is_text:
                continue
            partner = gold.get(s)
            if partner == dropped:
                partner = None
            damaged_total += 1
            damaged_right += (t2_to_t.get(t) if t is not None else None) == partner
    elapsed = time.perf_counter() - start
    print(
        f"| {name} | {len(items)} | {same_structure} | {right}/{total} "
        f"({right / max(total, 1):.3f}) | {damaged_right}/{damaged_total} "
        f"({damaged_right / max(damaged_total, 1):.3f}) | {placed / max(prose, 1):.3f} "
        f"| {checked - sum(misses.values())}/{checked} "
        f"({(checked - sum(misses.values())) / max(checked, 1):.4f}) "
        f"| {misses['repeated']} / {misses['spacing']} / {misses['markup']} / {misses['other']} "
        f"| {elapsed:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pair",
        action="append",
        required=True,
        help="NAME:EN_GIT_DIR:EN_REV:JA_GIT_DIR:JA_REV:FOLDER",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--show-misses", type=int, default=0, metavar="N", help="print the first N misses"
    )
    args = parser.parse_args()
    print(
        "| docs | pages | same block kinds | blocks paired right | damaged: paired right "
        "| text placed | render-back exact | misses: repeated / spacing / markup / other | s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for spec in args.pair:
        evaluate(spec.split(":")[0], pages(spec), args.seed, args.show_misses)


if __name__ == "__main__":
    main()
