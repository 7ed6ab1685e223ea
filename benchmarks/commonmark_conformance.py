"""Spec conformance: how many spec examples survive extract → translate → render.

Each example of the CommonMark 0.29 spec (from the ``commonmark`` 0.9.1 sdist) and each
table/strikethrough example of the GFM spec (from the ``marko`` 2.2.4 sdist) is a
document of its own. For each we count:

- identity: rendering with an empty catalog gives the example back byte for byte;
- structure kept: markdown-it makes the same tokens of the render as of the source, words
  aside (tests/conformance.py says what counts): with an empty catalog, with the pseudo
  translation (``translator pseudo``) of every entry, and with a rewording that changes
  word lengths and punctuation.

The peer, mdpo (``md2po`` → fill the catalog → ``po2md``, in-process, no wrapping, its
CommonMark-compatible extensions: tables, strikethrough, collapse_whitespace), gets the
same examples and translations when it is installed. An example on which a tool raises
counts as failed. The sdists are downloaded once into benchmarks/data/specs/ (git-ignored).

    .venv/bin/pip install mdpo                                   # the peer, optional
    .venv/bin/python benchmarks/commonmark_conformance.py [--failures]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conformance import (  # noqa: E402
    COMMONMARK,
    ENABLED_EXTENSIONS,
    GFM,
    Example,
    SpecUnavailable,
    Transform,
    examples,
    first_difference,
    reworded,
    run_example,
    structure,
)
from translator.pseudo import pseudo_translate  # noqa: E402

TRANSFORMS: dict[str, Transform | None] = {
    "empty": None,
    "pseudo": pseudo_translate,
    "reworded": reworded,
}
# A tool renders an example with every entry translated by a transform (None: empty).
Renderer = Callable[[Example, Transform | None, frozenset[str]], str]


def translator_render(example: Example, transform: Transform | None, ext: frozenset[str]) -> str:
    return run_example(example, transform or (lambda m: ""), ext).rendered


def mdpo_renderer() -> Renderer | None:
    try:
        from mdpo.md2po import markdown_to_pofile
        from mdpo.po2md import pofile_to_markdown
    except ImportError:
        return None
    extensions = ["collapse_whitespace", "tables", "strikethrough"]

    def render(example: Example, transform: Transform | None, ext: frozenset[str]) -> str:
        quiet = io.StringIO()
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            po = markdown_to_pofile(
                example.markdown, wrapwidth=math.inf, extensions=extensions, location=False
            )
            for entry in po:
                entry.msgstr = transform(entry.msgid) if transform else ""
            with tempfile.TemporaryDirectory() as scratch:
                path = Path(scratch) / "example.po"
                po.save(str(path))
                return str(pofile_to_markdown(example.markdown, [str(path)], wrapwidth=math.inf))

    return render


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failures", action="store_true", help="list translator's failures")
    args = parser.parse_args()
    tools: dict[str, Renderer] = {"translator": translator_render}
    peer = mdpo_renderer()
    if peer is not None:
        tools["mdpo 2.1.4"] = peer
    print("| tool | spec | examples | identity | structure kept: empty | pseudo | reworded |")
    print("|---|---|---:|---:|---:|---:|---:|")
    failures: list[str] = []
    for name, render in tools.items():
        started = time.perf_counter()
        runs = 0
        for source, extensions in ((COMMONMARK, frozenset()), (GFM, ENABLED_EXTENSIONS)):
            try:
                found = examples(source)
            except SpecUnavailable as e:
                print(e, file=sys.stderr)
                return 2
            identity = 0
            kept = dict.fromkeys(TRANSFORMS, 0)
            for example in found:
                before = structure(example.markdown, extensions)
                for label, transform in TRANSFORMS.items():
                    runs += 1
                    try:
                        out = render(example, transform, extensions)
                    except Exception as e:  # a peer that raises fails the example
                        failures.append(f"{name} {example.name}, {label}: raised {e!r}")
                        continue
                    after = structure(out, extensions)
                    kept[label] += before == after
                    if transform is None:
                        identity += out == example.markdown
                    where = f"{name} {example.name}, {label}"
                    if before != after:
                        failures.append(f"{where}: {first_difference(before, after)}")
                    elif transform is None and out != example.markdown:
                        failures.append(f"{where}: not byte for byte")
            print(
                f"| {name} | {source.name} | {len(found)} | {identity} | {kept['empty']} | "
                f"{kept['pseudo']} | {kept['reworded']} |"
            )
        elapsed = time.perf_counter() - started
        print(f"<!-- {name}: {runs} extract → render runs in {elapsed:.2f} s -->")
    ours = [f for f in failures if f.startswith("translator ")]
    if args.failures:
        print(*ours, sep="\n")
    else:
        print(f"translator: {len(ours)} failures (--failures lists them)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
