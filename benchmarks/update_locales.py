"""Benchmark: one template, many locales. ``translator update`` of a project against
``msgmerge --previous`` run once per locale, serially and two at a time.

    .venv/bin/python benchmarks/update_locales.py --set de --size 20000 --locales 10
    .venv/bin/python benchmarks/update_locales.py --set docs-rst --size 5000 --locales 10

The change set is ``update_speed.py``'s (real catalogs from ``_po_corpus.py``: ~10 % of
the msgids edited by one word, 3 % removed, 3 % new), written under
``benchmarks/data/update-locales/`` (git-ignored). Every locale's catalog starts as the
same ``old.po`` (its ``Language`` header set to the locale), so each locale is the same
amount of work. The project (``translator.yaml``: one document, L target locales)
follows the change set's ``new.pot``; ``translator update`` parses it once per worker
process and merges the catalogs in parallel (``-j``, default: the number of CPUs).
Every tool starts from fresh copies of the catalogs; wall time is the median of
``--runs``. The outputs are checked with ``msgfmt -c`` (one per tool) and ours are
compared with ``translator update`` of a single catalog, which must give the same bytes.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _po_corpus import build_change_set, write_change_set
from update_speed import _TREE_ENV, ROOT, SETS, compile_package, pool_for

WORK = ROOT / "benchmarks" / "data" / "update-locales"
LOCALES = [
    "de", "fr", "es", "it", "pt_BR", "nl", "sv", "da", "nb", "fi", "el", "hu", "tr", "ca",
    "et", "eu", "gl", "id", "vi", "ko", "ja", "zh_Hans", "zh_Hant", "th", "hi", "bn", "ta",
    "te", "ms", "fil",
]  # fmt: skip


def make_project(folder: Path, change_set: Path, locales: list[str]) -> None:
    """A project whose one document follows ``new.pot``, with ``old.po`` in every locale."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "doc.md").write_text("(the template stands for this document)\n")
    (folder / "translator.yaml").write_text(
        "source_locale: en\n"
        f"target_locales: [{', '.join(locales)}]\n"
        "documents: [docs/*.md]\n"
        "templates: pot/{name}.pot\n"
        "catalogs: po/{locale}/{name}.po\n",
        encoding="utf-8",
    )
    (folder / "pot").mkdir()
    shutil.copyfile(change_set / "new.pot", folder / "pot" / "doc.pot")


def catalog_text(old: str, locale: str) -> str:
    """``old`` (the text of ``old.po``) with its ``Language`` header set to ``locale``."""
    header, body = old.split("\n\n", 1)
    lines = [ln for ln in header.splitlines() if not ln.startswith('"Language: ')]
    at = next(i for i, ln in enumerate(lines) if ln.startswith('"Content-Type'))
    lines.insert(at, f'"Language: {locale}\\n"')
    return "\n".join(lines) + "\n\n" + body


def reset_catalogs(folder: Path, old: str, locales: list[str]) -> list[Path]:
    """Fresh copies of ``old`` (the text of ``old.po``), one per locale; their paths."""
    paths = []
    for locale in locales:
        path = folder / "po" / locale / "doc.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(catalog_text(old, locale), encoding="utf-8")
        paths.append(path)
    return paths


def timed(action: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd[:3])}…: {(done.stderr or done.stdout).strip()[-400:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", default="de", choices=sorted(SETS))
    parser.add_argument("--size", type=int, default=20000)
    parser.add_argument("--locales", type=int, default=10, help=f"1-{len(LOCALES)}")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--tools", default="ours,ours-j1,msgmerge,msgmerge-j2", help="which of these to run"
    )
    args = parser.parse_args()
    if not 1 <= args.locales <= len(LOCALES):
        parser.error(f"--locales must be 1-{len(LOCALES)}")
    if shutil.which("msgmerge") is None:
        sys.exit("GNU gettext (msgmerge, msgfmt) is needed")
    locales = LOCALES[: args.locales]
    _builder, japanese, language = SETS[args.set]
    change_set = WORK / f"{args.set}-{args.size}"
    if not (change_set / "new.pot").exists():
        print(f"building the change set {change_set.name}", file=sys.stderr)
        change = build_change_set(pool_for(args.set), args.size, japanese=japanese, seed=args.seed)
        write_change_set(change, change_set, language)
    project = WORK / "project"
    make_project(project, change_set, locales)
    old = (change_set / "old.po").read_text(encoding="utf-8")
    compile_package(ROOT)
    translator = [sys.executable, "-m", "translator"]
    template = project / "pot" / "doc.pot"

    def msgmerge(path: Path) -> None:
        merge = ["msgmerge", "--previous", "--quiet", "-o", str(path), str(path)]
        run([*merge, str(template)], project)

    def ours(paths: list[Path], jobs: list[str]) -> None:
        run([*translator, "update", *jobs], project, _TREE_ENV)

    def msgmerge_each(paths: list[Path], workers: int) -> None:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(msgmerge, paths))

    tools: dict[str, Callable[[list[Path]], None]] = {
        "ours": partial(ours, jobs=[]),
        "ours-j1": partial(ours, jobs=["-j", "1"]),
        "msgmerge": partial(msgmerge_each, workers=1),
        "msgmerge-j2": partial(msgmerge_each, workers=2),
    }
    chosen = [t for t in args.tools.split(",") if t]
    unknown = set(chosen) - set(tools)
    if unknown:
        parser.error(f"unknown tool(s) {', '.join(sorted(unknown))}; known: {', '.join(tools)}")
    print(
        f"{args.set} {args.size:,} entries x {len(locales)} locales; Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}",
        file=sys.stderr,
    )
    walls: dict[str, float] = {}
    for tool in chosen:
        times = []
        for n in range(args.runs):
            paths = reset_catalogs(project, old, locales)
            seconds = timed(partial(tools[tool], paths))
            times.append(seconds)
            print(f"  {tool:12} run {n + 1}: {seconds:8.2f} s", file=sys.stderr)
        walls[tool] = statistics.median(times)
        checked = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(paths[-1])])
        if checked.returncode != 0:
            sys.exit(f"{tool}: {paths[-1]} fails msgfmt -c")
        if tool.startswith("ours"):
            # The same bytes as one catalog updated on its own.
            alone = project / "alone.po"
            alone.write_text(catalog_text(old, locales[-1]), encoding="utf-8")
            single = [*translator, "update", str(alone), "-t", str(template)]
            run([*single, "-l", locales[-1]], project, _TREE_ENV)
            if alone.read_bytes() != paths[-1].read_bytes():
                sys.exit(f"{tool}: the project update differs from a single update")
            alone.unlink()
    base = walls.get("ours")
    print("\n| tool | wall s | s per catalog | ÷ ours |\n|---|---:|---:|---:|")
    for tool, wall in walls.items():
        ratio = f"{wall / base:.1f}" if base else "–"
        print(f"| {tool} | {wall:.2f} | {wall / len(locales):.2f} | {ratio} |")


if __name__ == "__main__":
    main()
