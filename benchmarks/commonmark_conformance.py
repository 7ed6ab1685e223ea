"""Spec conformance: how many spec examples survive extract → translate → render.

Each example of the CommonMark 0.29 spec (from the ``commonmark`` 0.9.1 sdist) and each
table/strikethrough example of the GFM spec (from the ``marko`` 2.2.4 sdist) is a
document of its own. For each we count:

- identity: rendering with an empty catalog gives the example back byte for byte;
- structure kept: after translating every sentence, markdown-it makes the same tokens of
  the render as of the source, words aside (tests/conformance.py says what counts), once
  with the pseudo translation (``translator pseudo``) and once with a rewording that
  changes word lengths and punctuation.

The sdists are downloaded once into benchmarks/data/specs/ (git-ignored).

    .venv/bin/python benchmarks/commonmark_conformance.py [--failures]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conformance import (  # noqa: E402
    COMMONMARK,
    ENABLED_EXTENSIONS,
    GFM,
    SpecUnavailable,
    examples,
    reworded,
    run_example,
)
from translator.pseudo import pseudo_translate  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failures", action="store_true", help="list each failing example")
    args = parser.parse_args()
    rows = []
    failures: list[str] = []
    started = time.perf_counter()
    for source, extensions in ((COMMONMARK, frozenset()), (GFM, ENABLED_EXTENSIONS)):
        try:
            found = examples(source)
        except SpecUnavailable as e:
            print(e, file=sys.stderr)
            return 2
        pseudo = [run_example(e, pseudo_translate, extensions) for e in found]
        other = [run_example(e, reworded, extensions) for e in found]
        rows.append(
            (
                source.name,
                len(found),
                sum(o.identity for o in pseudo),
                sum(o.kept for o in pseudo),
                sum(o.kept for o in other),
            )
        )
        for label, outcomes in (("pseudo", pseudo), ("reworded", other)):
            failures.extend(
                f"{source.name} {o.example.name}, {label}: {o.detail}"
                for o in outcomes
                if not (o.identity and o.kept)
            )
    elapsed = time.perf_counter() - started
    print("| spec | examples | identity | structure kept (pseudo) | structure kept (reworded) |")
    print("|---|---:|---:|---:|---:|")
    for name, total, identity, pseudo_kept, other_kept in rows:
        print(f"| {name} | {total} | {identity} | {pseudo_kept} | {other_kept} |")
    runs = 2 * sum(r[1] for r in rows)
    print(f"\n{runs} extract → render runs in {elapsed:.2f} s (parsing the specs included)")
    if args.failures:
        print(*failures, sep="\n")
    else:
        print(f"{len(failures)} failures (--failures lists them)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
