"""Paragraph mode's split: a paragraph's whole translation cut back into its sentences.

``translator translate --unit paragraph`` sends a paragraph as one text and splits the
reply back into the paragraph's sentence entries (``translator/translate/split.py``).
Here the reply is the gold English of each paragraph of our ja–en set
(``benchmarks/align_paragraphs/``, odd ids held out, even ids the tuning half;
``benchmarks/align_paragraphs_unseen/``): its sentences joined with one space, split back
against the Japanese sentences. Each Japanese sentence is then

- **right**: placed with confidence, and its text is exactly the English its gold link
  gives it (a gold 1:1 or 1:2 link);
- **unsure**: left as a draft that says it could not be placed; *covering* when the
  draft's text holds all of the sentence's gold English (a sentence the gold translates
  with its neighbour, or leaves out, is rightly unsure), *missing* when it does not;
- **wrong-but-confident**: placed with confidence but wrongly — its text is not its gold
  English, or the gold translates it only together with its neighbour, or not at all.
  A reviewer is told nothing about these: the number that must stay near zero.

Every run also checks that nothing of a reply is lost (the pieces tile the reply).

    .venv/bin/python benchmarks/split_quality.py [--half held-out|tune|all] [--unseen]
        [--before REV]

``--before REV`` adds the split of that commit (its ``translator/translate/split.py``,
read with ``git show``) as the row to compare with, measured in the same run.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _align_data import Paragraph, read_paragraphs  # noqa: E402

UNSEEN = ROOT / "benchmarks" / "align_paragraphs_unseen"
Splitter = Callable[[Sequence[str], str], Sequence[Any]]  # -> pieces (text, confident, ...)


def old_split(rev: str) -> ModuleType:
    """``translator/translate/split.py`` as committed at ``rev``, as a module."""
    text = subprocess.run(
        ["git", "show", f"{rev}:translator/translate/split.py"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    name = f"_split_at_{rev.replace('/', '_')}"
    spec = importlib.util.spec_from_loader(name, loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    exec(compile(text, f"{rev}:split.py", "exec"), module.__dict__)
    return module


def score(splitter: Splitter, paragraphs: Sequence[Paragraph]) -> tuple[Counter[str], float]:
    counts: Counter[str] = Counter()
    start = time.perf_counter()
    for p in paragraphs:
        reply = p.en_text
        pieces = splitter(p.ja, reply)
        assert len(pieces) == len(p.ja), p.id
        regions = {(x.first, x.last): x.text for x in pieces}
        if " ".join(regions[k] for k in sorted(regions) if regions[k]) != reply.strip():
            counts["lost"] += 1  # something of the reply is in no piece, or twice
        gold_of: dict[int, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        for link in p.links:
            for k in link[0]:
                gold_of[k] = link
        for k, piece in enumerate(pieces):
            ja, en = gold_of[k]
            expected = " ".join(p.en[e] for e in en)
            counts["sentences"] += 1
            placeable = len(ja) == 1 and bool(en)
            counts["placeable"] += placeable
            if piece.confident:
                counts["right" if placeable and piece.text == expected else "wrong"] += 1
            else:
                covered = all(p.en[e] in piece.text for e in en)
                counts["unsure covering" if covered else "unsure missing"] += 1
                counts["unsure placeable"] += placeable
    return counts, time.perf_counter() - start


def row(name: str, counts: Counter[str], seconds: float) -> str:
    n = counts["sentences"]

    def cell(key: str) -> str:
        return f"{counts[key]} ({100 * counts[key] / n:.1f} %)"

    return (
        f"| {name} | {n} | {cell('right')} | {cell('unsure covering')} "
        f"| {cell('unsure missing')} | **{cell('wrong')}** | {counts['unsure placeable']} "
        f"| {counts['lost']} | {seconds:.2f} |"
    )


def splitters(before: str | None) -> list[tuple[str, Splitter]]:
    from translator.align.lexicon import load_lexicon
    from translator.translate import split

    found: list[tuple[str, Splitter]] = []
    if before:
        module = old_split(before)
        found.append(
            (
                f"before ({before}: length and anchors)",
                lambda ja, reply: module.split_translation(ja, reply, target_locale="en"),
            )
        )
    lexicon = load_lexicon()
    if lexicon is None:
        print("(no EDICT lexicon: apt-get install edict, or set TRANSLATOR_EDICT)\n")
    found.append(
        (
            "after, en (aligner, EDICT lexicon)" if lexicon else "after, en (no lexicon found)",
            lambda ja, reply: split.split_translation(ja, reply, target_locale="en"),
        )
    )
    for name, model in split.benchmark_models():
        found.append((name, functools.partial(_split_with, model)))
    return found


def _split_with(model: Any, ja: Sequence[str], reply: str) -> Sequence[Any]:
    from translator.translate import split

    return split.split_with(model, ja, reply, target_locale="en")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=["all", "tune", "held-out"], default="held-out")
    parser.add_argument(
        "--unseen", action="store_true", help="benchmarks/align_paragraphs_unseen/ instead"
    )
    parser.add_argument("--before", help="also the split of this git commit, to compare with")
    args = parser.parse_args()
    if args.unseen:
        chosen = read_paragraphs(UNSEEN.glob("*.txt"))
        what = "the unseen set"
    else:
        everything = read_paragraphs()
        parity = {"tune": {0}, "held-out": {1}, "all": {0, 1}}[args.half]
        chosen = [p for p in everything if int(p.id[1:]) % 2 in parity]
        what = f"{args.half} paragraphs"
    placeable = sum(len(ja) == 1 and bool(en) for p in chosen for ja, en in p.links)
    print(
        f"{what}: {len(chosen)} paragraphs, {sum(len(p.ja) for p in chosen)} sentences, "
        f"{placeable} of them translated alone (gold 1:1 or 1:n: the most 'right' can be)\n"
    )
    print(
        "| split | sentences | right | unsure, covering | unsure, missing | "
        "wrong-but-confident | unsure though 1:1 or 1:n | lost | s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, splitter in splitters(args.before):
        counts, seconds = score(splitter, chosen)
        print(row(name, counts, seconds))


if __name__ == "__main__":
    main()
