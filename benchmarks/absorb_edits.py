"""Taking back a reviewer's edits: ``absorb`` against aligning the edited file again.

The sample articles (2 documents x en, de, zh_Hans, their catalogs with every entry
approved) are rendered, and each render is edited the ways reviewers edit: sentences
reworded, a clause deleted, a sentence added, two sentences merged, one deleted, two
swapped, two rewritten as one. The edits are then taken back into a copy of the catalog
two ways, in the same run:

- ``absorb``: the diff against the render, attributed through render's spans (what
  ``translator absorb`` runs);
- ``re-align``: the peer approach, the edited file aligned with the source from scratch
  and written over the catalog (``translator align --overwrite``; po4a-gettextize and
  translate-toolkit's ``md2po --template`` adopt a translation the same way, pairing
  blocks by structure).

Reported: the share of edited files that render back exactly (inline spacing aside), the
entries that changed although the reviewer did not touch them (they lose their state
and comments), the edited entries left with the old text, and the time of each.

    .venv/bin/python benchmarks/absorb_edits.py [--cases 40] [--long 3000]

Then the time of both on one long generated article (``--long`` blocks, 100 sentences
edited).
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import polib  # noqa: E402

from translator.absorb import absorb_edits  # noqa: E402
from translator.align import align_documents, apply_alignment  # noqa: E402
from translator.catalog.pofile import read_catalog  # noqa: E402
from translator.catalog.stats import translations  # noqa: E402
from translator.document.markdown import parse_document  # noqa: E402
from translator.document.model import Document  # noqa: E402
from translator.locales import LocaleInfo, locale_info  # noqa: E402
from translator.render import RenderedSpan, render_document  # noqa: E402
from translator.segment import load_rules  # noqa: E402

KEYS = ("title", "description")
WORDS = [
    *("the", "model", "release", "data", "training", "open", "weights", "faster", "cheaper"),
    *("better", "team", "market", "new", "users", "report", "version", "support"),
]
_SPACE = re.compile(r"[ \t]+")


def reword(rnd: random.Random, locale: str, n: int) -> str:
    if locale.startswith("zh"):
        return f"这是审校者改写的第{n}句。"
    return " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(4, 14))).capitalize() + "."


def edit(
    rnd: random.Random, base: str, spans: list[RenderedSpan], locale: str
) -> tuple[str, set[str]]:
    """The render edited in 1-12 places; and the msgids the edits touch."""
    join = "" if locale.startswith("zh") else " "
    prose = [s for s in spans if s.translated and s.end > s.start and s.segment.kind != "code"]
    prose = [s for s in prose if s.segment.quoting.value == "markdown"]
    chosen = sorted(rnd.sample(range(len(prose)), min(len(prose), rnd.randint(1, 12))))
    text = base
    touched: set[str] = set()
    done: set[int] = set()  # edited already (edits go from the end, so offsets hold)
    for i in reversed(chosen):
        span = prose[i]
        old = base[span.start : span.end]
        nxt = prose[i + 1] if i + 1 < len(prose) else None
        pair = nxt is not None and nxt.segment.block == span.segment.block and i + 1 not in done
        done.add(i)
        kinds = ["reword", "clause", "add"]
        if pair:
            kinds += ["merge", "swap", "two-as-one"]
        block = [s for s in spans if s.segment.block == span.segment.block]
        if len(block) > 1 and pair:
            kinds.append("delete")
        kind = rnd.choice(kinds)
        start, end = span.start, span.end
        if kind == "reword":
            new = reword(rnd, locale, i)
        elif kind == "clause":
            parts = old.split(", ")
            if len(parts) < 2:
                continue
            k = rnd.randrange(1, len(parts))
            new = ", ".join(parts[:k] + parts[k + 1 :])
            if new[-1] != old[-1]:
                new += old[-1]  # the clause was the last one: the sentence still ends
        elif kind == "add":
            new = old + join + reword(rnd, locale, 1000 + i)
        elif kind == "delete":
            assert nxt is not None
            new, end = "", nxt.start  # the sentence and the space after it
        else:
            assert nxt is not None
            second = base[nxt.start : nxt.end]
            end = nxt.end
            if kind == "merge":
                new = old.rstrip(".。") + ("，" if locale.startswith("zh") else "; ") + second
            elif kind == "swap":
                new = second + base[span.end : nxt.start] + old
            else:
                new = reword(rnd, locale, 2000 + i)
            touched.add(nxt.segment.msgid)
        touched.add(span.segment.msgid)
        text = text[:start] + new + text[end:]
    return text, touched


def realign(
    doc: Document, po: polib.POFile, edited: Document, locale: LocaleInfo
) -> None:
    apply_alignment(po, align_documents(doc, edited, locale.code), overwrite=True)


def state(entry: polib.POEntry) -> tuple[str, str, tuple[str, ...]]:
    return entry.msgstr, entry.tcomment, tuple(entry.flags)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=40, help="edited renders per catalog")
    parser.add_argument(
        "--long", type=int, default=3000, help="blocks of the long generated article (0: none)"
    )
    args = parser.parse_args()
    totals = {
        way: {"files": 0, "exact": 0, "false": 0, "missed": 0, "seconds": 0.0}
        for way in ("absorb", "re-align")
    }
    for name in ("qwen3-release", "qwen3-followup"):
        source = (ROOT / "locales" / "ja" / f"{name}.md").read_text(encoding="utf-8")
        doc = parse_document(source, f"{name}.md", lang="ja", front_matter_keys=KEYS)
        for code in ("en", "de", "zh_Hans"):
            original = read_catalog(ROOT / "locales" / code / f"{name}.po")
            for entry in original:
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")  # every entry approved: all of it renders
            table = translations(original)
            locale = locale_info(code)
            spans: list[RenderedSpan] = []
            base = render_document(doc, table, locale, spans=spans)
            for case in range(args.cases):
                rnd = random.Random(f"{name}/{code}/{case}")
                text, touched = edit(rnd, base, spans, code)
                target = parse_document(
                    text, "edited.md", lang=code, front_matter_keys=KEYS, rules=load_rules(code)
                )
                for way in totals:
                    po = copy.deepcopy(original)
                    began = time.perf_counter()
                    if way == "absorb":
                        absorb_edits(doc, po, table, base, spans, target, locale)
                    else:
                        realign(doc, po, target, locale)
                    took = time.perf_counter() - began
                    after = render_document(doc, translations(po, include_fuzzy=True), locale)
                    row = totals[way]
                    row["files"] += 1
                    row["seconds"] += took
                    row["exact"] += _SPACE.sub("", after) == _SPACE.sub("", text)
                    for old, new in zip(original, po, strict=True):
                        if old.msgid not in touched and state(old) != state(new):
                            row["false"] += 1
                        if old.msgid in touched and old.msgstr == new.msgstr:
                            row["missed"] += 1
    print("| way | edited files | render back exact | untouched entries changed "
          "| edited entries left as they were | ms per file |")
    print("|---|---:|---:|---:|---:|---:|")
    for way, row in totals.items():
        files = int(row["files"])
        print(
            f"| {way} | {files} | {100 * row['exact'] / files:.1f} % | {int(row['false'])} "
            f"| {int(row['missed'])} | {1000 * row['seconds'] / files:.1f} |"
        )
    ratio = totals["absorb"]["seconds"] / totals["re-align"]["seconds"]
    print(f"\nabsorb / re-align time: {ratio:.2f}")
    if args.long:
        long_document(args.long)


_PAIRS = [
    ("モデルは{n}種類ある。", "There are {n} models."),
    ("価格は{n}ドルだ。", "The price is {n} dollars."),
    ("会議は{n}時に始まる。", "The meeting starts at {n} o'clock."),
    ("参加者は約{n}人だった。", "About {n} people took part."),
]


def long_document(blocks: int) -> None:
    """One long generated article (headings, paragraphs of 1-4 sentences, list items),
    100 sentences edited: the time of each way."""
    rnd = random.Random(1)
    parts, table, n = [], {}, 0
    for _ in range(blocks):
        sentences = []
        for _ in range(rnd.randint(1, 4)):
            ja, en = rnd.choice(_PAIRS)
            n += 1
            sentences.append(ja.format(n=n))
            table[ja.format(n=n)] = en.format(n=n)
        kind = rnd.choice(["p", "p", "li", "h"])
        text = sentences[0] if kind == "h" else "".join(sentences)
        parts.append({"p": text, "li": "- " + text, "h": "## " + text}[kind])
    source = "\n\n".join(parts) + "\n"
    doc = parse_document(source, "long.md", lang="ja")
    locale = locale_info("en")
    spans: list[RenderedSpan] = []
    base = render_document(doc, table, locale, spans=spans)
    chosen = rnd.sample([s for s in spans if s.translated], 100)
    text = base
    for span in sorted(chosen, key=lambda s: s.start, reverse=True):
        edited = base[span.start : span.end - 1] + ", as reviewed."
        text = text[: span.start] + edited + text[span.end :]
    target = parse_document(text, "edited.md", lang="en", rules=load_rules("en"))
    seconds = {}
    for way in ("absorb", "re-align"):
        po = polib.POFile()
        for msgid, msgstr in table.items():
            po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
        began = time.perf_counter()
        if way == "absorb":
            absorb_edits(doc, po, table, base, spans, target, locale)
        else:
            realign(doc, po, target, locale)
        seconds[way] = time.perf_counter() - began
    print(
        f"\nlong article: {len(source.encode()) // 1024} KB, {len(doc.msgids())} sentences, "
        "100 edited: "
        f"absorb {seconds['absorb']:.2f} s, re-align {seconds['re-align']:.2f} s "
        f"(ratio {seconds['absorb'] / seconds['re-align']:.2f})"
    )


if __name__ == "__main__":
    main()
