"""Benchmark: peak memory of one update, ours beside msgmerge, up to 200,000 entries.

    .venv/bin/python benchmarks/update_memory.py          # --sizes 20000,200000 --set de
    .venv/bin/python benchmarks/update_memory.py --ours-ref HEAD~5 --sizes 20000

The change sets are those of ``update_speed.py`` (``_po_corpus.build_change_set``: 10 % of
the msgids edited by one word, 3 % removed, 3 % new, seed 42), drawn from its pools of
real catalogs. A size larger than the pool (the German UI pool holds about 51,500
entries) draws from the pool repeated, each copy's msgids and msgstrs numbered (`` [2]``,
`` [3]``...): as many distinct entries of the same lengths and words.

Each tool runs as a fresh process under ``/usr/bin/time -f "%e %M"`` (wall seconds, peak
resident memory), on its own copy: ours ``translator update OUT.po --template new.pot -l
LL``, the peer ``msgmerge --previous -o OUT.po old.po new.pot``. msgmerge's fuzzy matching
grows with the square of the catalog (about 40 min at 200,000 UI strings on 2 cores): it
is stopped after ``--timeout`` seconds, and ``msgmerge --no-fuzzy-matching`` (which only
reads, merges and writes) is run too: the memory of the catalogs themselves in gettext.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _po_corpus import Pair, Pool, build_change_set, entries_needed, write_change_set
from update_speed import _ENV, SETS, compile_package, msgfmt_ok, ours_source

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "data" / "update-memory"


def grown(pool: Pool, size: int) -> Pool:
    """``pool``, repeated with numbered copies until a change set of ``size`` fits."""
    needed = entries_needed(size)
    pairs = list(pool.pairs)
    copy = 2
    while len(pairs) < needed:
        pairs += [Pair(f"{p.msgid} [{copy}]", f"{p.msgstr} [{copy}]") for p in pool.pairs]
        copy += 1
    return Pool(f"{pool.name}-x{copy - 1}" if copy > 2 else pool.name, pairs, pool.available)


def measure(cmd: list[str], folder: Path, timeout: float, env: dict[str, str]) -> str:
    """"wall s / peak MB" of one run, or why there is none."""
    report = folder / "time.txt"
    full = ["/usr/bin/time", "-f", "%e %M", "-o", str(report), *cmd]
    try:
        # Run in ``folder``: ``python -m`` here would import the working tree's package
        # before the one PYTHONPATH names.
        done = subprocess.run(
            full, capture_output=True, text=True, timeout=timeout, env=env, cwd=folder
        )
    except subprocess.TimeoutExpired:
        return f"stopped after {timeout:.0f} s"
    if done.returncode != 0:
        return "failed: " + (done.stderr.strip().splitlines() or ["?"])[-1]
    wall, kilobytes = report.read_text().split()[-2:]
    return f"{float(wall):.2f} s / {int(kilobytes) / 1024:.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="20000,200000")
    parser.add_argument("--set", default="de", choices=sorted(SETS))
    parser.add_argument("--timeout", type=float, default=900.0, help="for msgmerge (s)")
    parser.add_argument("--ours-ref", help="run translator as committed at this git ref")
    parser.add_argument("--no-peer", action="store_true", help="ours only (no msgmerge)")
    args = parser.parse_args()
    source = ours_source(args.ours_ref, None)
    env = dict(_ENV)
    if source is not None:
        env["PYTHONPATH"] = str(source)
    compile_package(source or ROOT)
    builder, japanese, language = SETS[args.set]
    pool = builder()
    print(f"load average {os.getloadavg()[0]:.1f}; ours: {source or 'working tree'}")
    print("| entries | file MB | ours s / MB | msgmerge --previous s / MB | msgmerge -N s / MB |")
    print("|---:|---:|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        folder = WORK / f"{args.set}-{size}"
        if not (folder / "new.pot").exists():
            write_change_set(build_change_set(grown(pool, size), size, japanese=japanese),
                             folder, language)  # fmt: skip
        shutil.copyfile(folder / "old.po", folder / "ours.po")
        ours = [sys.executable, "-m", "translator", "update", str(folder / "ours.po")]
        ours_cell = measure([*ours, "--template", str(folder / "new.pot"), "-l", language],
                            folder, 3600, env)  # fmt: skip
        if not msgfmt_ok(folder / "ours.po"):
            ours_cell += " (msgfmt -c fails!)"
        cells = [ours_cell]
        for flag in () if args.no_peer else ("--previous", "--no-fuzzy-matching"):
            out = str(folder / "msgmerge.po")
            cmd = ["msgmerge", flag, "--quiet", "-o", out, str(folder / "old.po")]
            cells.append(measure([*cmd, str(folder / "new.pot")], folder, args.timeout, env))
        megabytes = (folder / "old.po").stat().st_size / 1e6
        print(f"| {size:,} | {megabytes:.1f} | " + " | ".join(cells) + " |", flush=True)
    print(f"load average at the end {os.getloadavg()[0]:.1f} ({time.strftime('%Y-%m-%d')})")


if __name__ == "__main__":
    main()
