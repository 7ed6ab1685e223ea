"""Sentence alignment quality and speed: ours against hunalign and Gale–Church.

On our own ja–en paragraph set (``benchmarks/align_paragraphs/``, 160 paragraphs with
gold links; even ids were used to tune the aligner's few constants, odd ids were not):
links exact, sentence-pair F1 and paragraphs fully right, per link type, for

- ours: ``translator.align`` on each paragraph pair as a one-paragraph document;
- hunalign (its best options, see below), each paragraph run on its own, with the gold
  sentences one per line;
- a plain Gale–Church (1993) dynamic programme, its ratio and variance fitted on the
  tuning half.

Speed: the whole set aligned as one document pair (all paragraphs, in order), repeated
1, 4 and 16 times, ours (blocks then sentences) beside hunalign on the same sentences.

    benchmarks/setup_hunalign.sh PATH-TO-HUNALIGN     # builds it under benchmarks/data/
    .venv/bin/python benchmarks/align_quality.py [--hunalign PATH] [--split all|tune|held-out]

Without a built hunalign its rows are left out with a note.
"""

from __future__ import annotations

import argparse
import itertools
import math
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _align_data import GoldLink, Paragraph, Score, read_paragraphs  # noqa: E402

from translator.align import align_documents  # noqa: E402
from translator.document.markdown import parse_document  # noqa: E402

UNSEEN = ROOT / "benchmarks" / "align_paragraphs_unseen"
HUNALIGN = ROOT / "benchmarks" / "data" / "hunalign" / "src" / "hunalign" / "hunalign"
Aligner = Callable[[Paragraph], list[GoldLink]]


def ours(p: Paragraph) -> list[GoldLink]:
    src = parse_document(p.ja_text + "\n", lang="ja")
    tgt = parse_document(p.en_text + "\n", lang="en")
    alignment = align_documents(src, tgt, "en")
    s_index = {s.start: k for k, s in enumerate(src.segments)}
    t_index = {s.start: k for k, s in enumerate(tgt.segments)}
    return [
        (tuple(s_index[s.start] for s in link.source), tuple(t_index[s.start] for s in link.target))
        for link in alignment.links
    ]


# --- hunalign -------------------------------------------------------------------------

_TOKEN = re.compile(
    r"[A-Za-z]+|\d+(?:[.,]\d+)*|[\u3040-\u309f]+|[\u30a0-\u30ff]+|[\u4e00-\u9fff]+|\S"
)


def tokenised(sentence: str) -> str:
    """hunalign's expected input: script runs, numbers and punctuation apart."""
    return " ".join(_TOKEN.findall(sentence))


def hunalign(binary: Path, options: Sequence[str], tokenise: bool, dictionary: str) -> Aligner:
    def run(p: Paragraph) -> list[GoldLink]:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            (folder / "ja.txt").write_text(
                "\n".join(tokenised(s) if tokenise else s for s in p.ja) + "\n", encoding="utf-8"
            )
            (folder / "en.txt").write_text(
                "\n".join(tokenised(s) if tokenise else s for s in p.en) + "\n", encoding="utf-8"
            )
            (folder / "dict.txt").write_text(dictionary, encoding="utf-8")
            out = subprocess.run(
                [str(binary), *options, str(folder / "dict.txt"), str(folder / "ja.txt"),
                 str(folder / "en.txt")],
                capture_output=True, text=True, check=True, cwd=folder,
            ).stdout  # fmt: skip
        return ladder_links(out, len(p.ja), len(p.en))

    return run


def ladder_links(ladder: str, m: int, n: int) -> list[GoldLink]:
    rungs = [(0, 0)]
    for line in ladder.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            rungs.append((int(parts[0]), int(parts[1])))
    if rungs[-1] != (m, n):
        rungs.append((m, n))
    links: list[GoldLink] = []
    for (i0, j0), (i1, j1) in itertools.pairwise(rungs):
        if (i0, j0) == (i1, j1):
            continue
        links.append((tuple(range(i0, i1)), tuple(range(j0, j1))))
    return links


def glossary_dictionary() -> str:
    """hunalign's dictionary ("target @ source" per line) from the project glossary."""
    from translator.glossary import expand_glossary_paths, load_glossary

    glossary = load_glossary(expand_glossary_paths(["glossary/*.yaml"], ROOT))
    lines = []
    for term in glossary.terms:
        for target in term.allowed_targets("en"):
            for source in term.source_forms:
                lines.append(f"{tokenised(target)} @ {tokenised(source)}")
    return "\n".join(lines) + "\n"


def edict_dictionary(paragraphs: Sequence[Paragraph]) -> str:
    """hunalign's dictionary from the EDICT lexicon our aligner reads: for each Japanese
    token of the paragraphs (as ``tokenised`` cuts them) that is an EDICT headword, a
    line per English word of its glosses. Empty without an EDICT file."""
    import re as regex

    from translator.align.lexicon import STOPWORDS, _decode, _forms, lexicon_path

    path = lexicon_path()
    if path is None:
        return ""
    tokens = {t for p in paragraphs for s in p.ja for t in tokenised(s).split()}
    lines: set[str] = set()
    for line in _decode(path.read_bytes()).splitlines():
        match = regex.match(r"^(\S+?)(?: \[([^\]]*)\])? /(.*)/\s*$", line)
        if match is None:
            continue
        head, reading, body = match.groups()
        tags = {t for found in regex.findall(r"\(([a-z0-9,\-]+)\)", body) for t in found.split(",")}
        forms = [f for f in _forms(head, reading, tags) if f in tokens]
        if not forms:
            continue
        words = {
            w.lower()
            for gloss in body.split("/")
            if not gloss.startswith("EntL")
            for w in regex.findall(r"[A-Za-z]+", regex.sub(r"\([^)]*\)", " ", gloss))
            if len(w) > 1 and w.lower() not in STOPWORDS
        }
        lines.update(f"{word} @ {form}" for form in forms for word in words)
    return "\n".join(sorted(lines)) + "\n"


# --- Gale–Church ------------------------------------------------------------------------

GC_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089,
             (2, 2): 0.011}  # fmt: skip


def fit_gale_church(paragraphs: Sequence[Paragraph]) -> tuple[float, float]:
    """(ratio, variance) from the 1:1 gold links of ``paragraphs``."""
    pairs = [
        (len(p.ja[ja[0]]), len(p.en[en[0]]))
        for p in paragraphs
        for ja, en in p.links
        if len(ja) == 1 and len(en) == 1
    ]
    ratio = sum(e for _, e in pairs) / sum(j for j, _ in pairs)
    variance = sum((e - ratio * j) ** 2 / j for j, e in pairs) / len(pairs)
    return ratio, variance


def gale_church(ratio: float, variance: float) -> Aligner:
    def run(p: Paragraph) -> list[GoldLink]:
        from translator.align import lattice

        ja = [len(s) for s in p.ja]
        en = [len(s) for s in p.en]

        def score(i: int, j: int, a: int, b: int) -> float | None:
            if i + a > len(ja) or j + b > len(en):
                return None
            l1, l2 = sum(ja[i : i + a]), sum(en[j : j + b])
            mean = (l1 + l2 / ratio) / 2
            delta = (l2 - ratio * l1) / math.sqrt(max(variance * mean, 1e-9))
            tail = 2 * (1 - 0.5 * (1 + math.erf(abs(delta) / math.sqrt(2))))
            return math.log(GC_PRIORS[(a, b)]) + math.log(max(tail, 1e-12))

        steps = lattice.solve(len(ja), len(en), list(GC_PRIORS), score).steps
        return [(tuple(range(s.i, s.i + s.a)), tuple(range(s.j, s.j + s.b))) for s in steps]

    return run


# --- runs -------------------------------------------------------------------------------


def evaluate(name: str, aligner: Aligner, paragraphs: Sequence[Paragraph]) -> float:
    score = Score()
    start = time.perf_counter()
    for p in paragraphs:
        score.add(p.links, aligner(p))
    elapsed = time.perf_counter() - start
    print(
        f"| {name} | {score.exact_share:.3f} | {score.f1:.3f} | {score.paragraph_share:.3f} "
        f"| {score.types()} | {elapsed:.2f} |"
    )
    return elapsed


def speed(paragraphs: Sequence[Paragraph], binary: Path | None) -> None:
    print("\n| copies | sentences (ja) | ours s | hunalign s | hunalign ÷ ours |")
    print("|---:|---:|---:|---:|---:|")
    for copies in (1, 4, 16):
        items = list(paragraphs) * copies
        ja_doc = "\n\n".join(p.ja_text for p in items) + "\n"
        en_doc = "\n\n".join(p.en_text for p in items) + "\n"
        start = time.perf_counter()
        src = parse_document(ja_doc, lang="ja")
        tgt = parse_document(en_doc, lang="en")
        align_documents(src, tgt, "en")
        mine = time.perf_counter() - start
        theirs = float("nan")
        if binary is not None:
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                (folder / "ja.txt").write_text(
                    "\n".join(tokenised(s) for p in items for s in p.ja) + "\n", encoding="utf-8"
                )
                (folder / "en.txt").write_text(
                    "\n".join(tokenised(s) for p in items for s in p.en) + "\n", encoding="utf-8"
                )
                (folder / "d.txt").write_text("", encoding="utf-8")
                start = time.perf_counter()
                subprocess.run(
                    [str(binary), "-onebyteencoding", str(folder / "d.txt"),
                     str(folder / "ja.txt"), str(folder / "en.txt")],
                    capture_output=True, check=True, cwd=folder,
                )  # fmt: skip
                theirs = time.perf_counter() - start
        count = sum(len(p.ja) for p in items)
        print(f"| {copies} | {count} | {mine:.2f} | {theirs:.2f} | {theirs / mine:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hunalign", type=Path, default=HUNALIGN)
    parser.add_argument("--split", choices=["all", "tune", "held-out"], default="all")
    parser.add_argument(
        "--unseen",
        action="store_true",
        help="score benchmarks/align_paragraphs_unseen/ (never tuned on) instead",
    )
    args = parser.parse_args()
    everything = read_paragraphs()
    tune = [p for p in everything if int(p.id[1:]) % 2 == 0]
    held = [p for p in everything if int(p.id[1:]) % 2 == 1]
    chosen = {"all": everything, "tune": tune, "held-out": held}[args.split]
    if args.unseen:
        chosen = read_paragraphs(UNSEEN.glob("*.txt"))
    binary = args.hunalign if args.hunalign.exists() else None
    print(f"{len(chosen)} paragraphs, {sum(len(p.links) for p in chosen)} gold links\n")
    print("| aligner | links exact | pair F1 | paragraphs right | exact by type | s |")
    print("|---|---:|---:|---:|---|---:|")
    evaluate("ours (translator.align)", ours, chosen)
    ratio, variance = fit_gale_church(tune)
    evaluate(f"Gale–Church, ratio {ratio:.2f} fitted", gale_church(ratio, variance), chosen)
    if binary is None:
        print(f"\n(hunalign not built at {args.hunalign}: see benchmarks/setup_hunalign.sh)")
    else:
        glossary = glossary_dictionary()
        variants = [
            ("hunalign, defaults, empty dictionary", [], False, ""),
            ("hunalign -onebyteencoding (bytes)", ["-onebyteencoding"], False, ""),
            ("hunalign bytes, tokenised", ["-onebyteencoding"], True, ""),
            ("hunalign bytes, tokenised, -realign", ["-onebyteencoding", "-realign"], True, ""),
            ("hunalign bytes, tokenised, glossary dict.", ["-onebyteencoding"], True, glossary),
        ]
        edict = edict_dictionary(chosen)
        if edict.strip():
            variants.append(
                ("hunalign bytes, tokenised, EDICT dict.", ["-onebyteencoding"], True, edict)
            )
        for name, options, tok, dictionary in variants:
            evaluate(name, hunalign(binary, options, tok, dictionary), chosen)
    speed(everything, binary)


if __name__ == "__main__":
    main()
