"""Benchmark: where the time of one update goes, in-process, phase by phase.

    .venv/bin/python benchmarks/update_speed.py --sets de,ja --sizes 20000 --tools ours
    .venv/bin/python benchmarks/update_phases.py            # --sets de-20000,ja-20000 --runs 5
    .venv/bin/python benchmarks/update_phases.py --ours-ref 1cb353f   # an older commit

Reads the change sets that ``update_speed.py`` wrote under ``benchmarks/data/update-speed/``
(``old.po`` + ``new.pot``) and times, for each, the steps ``translator update`` takes:
reading the template, reading the catalog, merging (``update_catalog``: exact matches,
fuzzy matching, obsolete entries), writing the result (to a scratch copy). Also the merge
of the catalog with its own msgids (what an update costs when nothing changed), the merge
of a template where only 20 msgids were edited, each in its place (a document's usual
revision), and the imports. ``update in all, 1st run`` is the first run alone: in the first
set named, it includes the first-use costs a one-off command pays. Median of ``--runs``
runs, cyclic GC paused as ``translator`` pauses it; no interpreter start-up
(``update_speed.py`` measures whole commands).

Then, per set, the floor a whole process stands on, best of ``--runs``: the interpreter's
own start-up (``python -c pass``), our whole ``translator update`` and ``msgmerge
--previous`` on the same files. Where the start-up alone is not faster than msgmerge's
whole run, no Python program can match msgmerge at that size.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "data" / "update-speed"
sys.path.insert(0, str(ROOT / "benchmarks"))
from update_speed import command, compile_package, ours_source  # noqa: E402

# set name -> the target language update_speed.py wrote into old.po
LANGUAGE = {
    "de": "de",
    "ja": "en",
    "docs-en_GB": "en_GB",
    "docs-de": "de",
    "docs-ja": "en",
    "docs-rst": "en_GB",
}


def import_seconds(source: Path | None) -> float:
    """Importing what ``translator update`` imports, in a fresh interpreter (from the
    package in ``source``, else the installed one; run in WORK, where no other package
    can shadow it)."""
    code = (
        "import time; t = time.perf_counter(); "
        "import translator.cli, translator.pipeline, translator.catalog.fuzzy; "
        "print(time.perf_counter() - t)"
    )
    env = {**os.environ, "PYTHONPATH": str(source)} if source is not None else None
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env, cwd=WORK
    )
    return float(done.stdout)


FEW = 20  # msgids edited by one word, each in its place: a document's usual revision


def write_few_edits(catalog: Path, out: Path) -> int:
    """A template of the catalog's msgids with FEW of them (fewer in a small catalog)
    edited by one word (seed 3); returns how many."""
    import polib

    entries = [e for e in polib.pofile(str(catalog)) if e.msgid]
    rng = random.Random(3)
    # Msgids of three words or more: a one-word msgid would become the same "changed".
    editable = [i for i, e in enumerate(entries) if len(e.msgid.split(" ")) >= 3]
    edited = set(rng.sample(editable, min(FEW, len(editable))))
    pot = polib.POFile(wrapwidth=79)
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for number, entry in enumerate(entries):
        msgid = entry.msgid
        if number in edited:
            words = msgid.split(" ")
            words[len(words) // 2] = "changed"
            msgid = " ".join(words)
        pot.append(polib.POEntry(msgid=msgid, msgctxt=entry.msgctxt, msgstr=""))
    pot.save(str(out))
    return len(edited)


def phases(folder: Path, language: str, runs: int) -> dict[str, float]:
    import inspect

    from translator.catalog.pofile import read_catalog as read
    from translator.catalog.pofile import save_catalog
    from translator.catalog.update import update_catalog
    from translator.locales import locale_info

    # Read as `translator update` reads (lazily, where the package at hand can).
    lazy = "lazy" in inspect.signature(read).parameters

    def read_catalog(path: Path) -> Any:
        return read(path, lazy=True) if lazy else read(path)

    locale = locale_info(language)
    found: dict[str, list[float]] = {}

    def timed(name: str, start: float) -> float:
        now = time.perf_counter()
        found.setdefault(name, []).append(now - start)
        return now

    with tempfile.TemporaryDirectory() as scratch:
        few_edits = Path(scratch) / "few.pot"
        edits = write_few_edits(folder / "old.po", few_edits)
        for _ in range(runs):
            out = Path(scratch) / "out.po"
            shutil.copyfile(folder / "old.po", out)
            gc.disable()
            try:
                t = time.perf_counter()
                pot = read_catalog(folder / "new.pot")
                t = timed("read template", t)
                old = read_catalog(out)
                t = timed("read catalog", t)
                result, _stats = update_catalog(pot, old, locale)
                t = timed("merge", t)
                save_catalog(result, out)
                timed("write", t)
                # (Both catalogs read before the clock starts: the merge alone is timed.)
                same, old = read_catalog(folder / "old.po"), read_catalog(folder / "old.po")
                t = time.perf_counter()
                update_catalog(same, old, locale)
                timed("merge, nothing changed", t)
                few, old = read_catalog(few_edits), read_catalog(folder / "old.po")
                t = time.perf_counter()
                update_catalog(few, old, locale)
                timed(f"merge, {edits} edits in place", t)
            finally:
                gc.enable()
    medians = {name: statistics.median(values) for name, values in found.items()}
    changed = ("read template", "read catalog", "merge", "write")
    medians["update in all"] = sum(medians[name] for name in changed)
    # The first run also pays the first-use costs (lazy imports, big regexes compiled):
    # in the first set of the command only, later sets find them done.
    medians["update in all, 1st run"] = sum(found[name][0] for name in changed)
    return medians


def _best_wall(
    cmd: list[str], runs: int, cwd: Path, env: dict[str, str] | None = None, before: Any = None
) -> float:
    best = float("inf")
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return best


def floor(folder: Path, language: str, runs: int, source: Path | None) -> dict[str, float]:
    """Whole processes, best of ``runs``: the interpreter's start-up, our update, msgmerge."""
    env = {**os.environ, "PYTHONPATH": str(source)} if source is not None else None
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out.po"

        def fresh() -> None:
            shutil.copyfile(folder / "old.po", out)

        # The commands update_speed.py times, so that the two scripts' figures agree.
        ours, mm = (command(tool, folder, out, language) for tool in ("ours", "msgmerge"))
        return {
            "python -c pass": _best_wall([sys.executable, "-c", "pass"], runs, WORK, env),
            "translator update": _best_wall(ours, runs, WORK, env, fresh),
            "msgmerge --previous": _best_wall(mm, runs, WORK),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default="de-20000,ja-20000", help="folders under " + str(WORK))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--ours-ref", help="time our package as of this commit (git archive)")
    args = parser.parse_args()
    source = ours_source(args.ours_ref, None)
    if source is not None:
        compile_package(source)  # its imports timed as the installed package's are
        sys.path.insert(0, str(source))  # before phases() imports translator
    print(f"imports: {import_seconds(source):.3f} s")
    for name in args.sets.split(","):
        folder = WORK / name
        if not (folder / "old.po").exists():
            raise SystemExit(f"{folder}: no change set; run update_speed.py for it first")
        language = LANGUAGE[name.rsplit("-", 1)[0]]
        print(f"\n{name} (median of {args.runs}):")
        for phase, seconds in phases(folder, language, args.runs).items():
            print(f"  {phase:24} {seconds:7.3f} s")
        print(f"  whole processes (best of {args.runs}):")
        walls = floor(folder, language, args.runs, source)
        for what, seconds in walls.items():
            print(f"    {what:22} {seconds:7.3f} s")
        if walls["python -c pass"] >= walls["msgmerge --previous"]:
            print("    the interpreter's start-up alone takes as long as msgmerge's whole run")


if __name__ == "__main__":
    main()
