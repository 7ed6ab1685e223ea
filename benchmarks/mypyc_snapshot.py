"""Benchmark helper: a copy of the package with the checks' hot modules compiled by mypyc.

    .venv/bin/python benchmarks/mypyc_snapshot.py [--ref HEAD]    # prints the folder
    .venv/bin/python benchmarks/check_speed.py --ours-ref HEAD --ours-src FOLDER --repeat 2

What would compiling our own Python to C buy the checks? mypyc (part of mypy, a dev
dependency) compiles type-annotated modules into C extensions; it needs a C compiler,
which the README's set-up does not assume, so this is an experiment, not a build step.
The copy is a ``git archive`` of ``--ref`` under ``benchmarks/data/mypyc-SHA/`` with the
number, term and markup checks compiled (the modules where the profile puts the checks'
own Python work). One edit makes them compile: mypyc's native classes refuse the
``object.__new__`` shortcut ``numbers._number`` takes, so the copy calls the constructor.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from update_speed import ROOT, short_sha, unpack_package

DATA = ROOT / "benchmarks" / "data"
MODULES = [f"translator/checks/{name}.py" for name in ("numbers", "terms", "markup")]
# numbers._number's shortcut, and what the compiled copy does instead.
_SHORTCUT = """    number: Number = _new(Number)
    number.__dict__.update(value=value, text=text, start=start, end=end, soft=soft)
    return number"""
_CONSTRUCTOR = "    return Number(value=value, text=text, start=start, end=end, soft=soft)"


def build(ref: str) -> Path:
    folder = DATA / f"mypyc-{short_sha(ref)}"
    if any(folder.glob("translator/checks/numbers.*.so")):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    unpack_package(ref, folder)
    numbers = folder / "translator" / "checks" / "numbers.py"
    text = numbers.read_text(encoding="utf-8")
    if _SHORTCUT not in text:
        sys.exit(f"{numbers}: numbers._number changed; update _SHORTCUT in this script")
    numbers.write_text(text.replace(_SHORTCUT, _CONSTRUCTOR), encoding="utf-8")
    mypyc = Path(sys.executable).parent / "mypyc"
    done = subprocess.run([str(mypyc), *MODULES], cwd=folder, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"mypyc failed (a C compiler and Python's headers are needed):\n{done.stderr}")
    shutil.rmtree(folder / "build", ignore_errors=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ref", default="HEAD", help="the commit to compile (default HEAD)")
    print(build(parser.parse_args().ref))


if __name__ == "__main__":
    main()
