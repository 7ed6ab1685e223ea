"""Extract + render speed on a large Japanese Markdown corpus: translator vs po4a vs mdpo.

    apt-get install -y po4a && .venv/bin/pip install mdpo     # the peers
    .venv/bin/python benchmarks/pipeline_speed.py [--sizes 100 400 1600 6000] [--repeat 3]

For each size (KB) a corpus file is built under benchmarks/data/pipeline-speed/ from the
Japanese READMEs of pinned npm packages plus the sample article (see ``_corpus.py``).
Every step runs as a fresh process; wall time is the median of the repeats, peak RSS the
largest seen (``os.wait4``). Per tool and size:

* translator: ``extract`` -> POT, ``update`` -> PO (timed, shown apart, not in the total),
  then ``render --threshold 0`` with every entry translated;
* po4a: ``po4a-updatepo -f text -o markdown`` -> POT, ``po4a-translate ... -k 0``;
* mdpo: ``md2po --save -p`` -> POT, ``po2md -p ... -s`` (both with ``--wrapwidth inf``).

Each tool renders from its own POT filled (in-process, untimed) with ``ZQX<n> <msgid>``;
a run counts only if it exits 0 and the output holds >= 95 % of those markers. A peer's
run is stopped after ``--max-seconds``, and the peer skipped at a size where one run is
predicted (from the smaller sizes) to take longer, and at every size above one where it was
stopped or skipped. Fewer repeats are made where one run is predicted to be long.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import polib
from _corpus import DATA, NPM_PACKAGES, Corpus, build_corpus, source_documents

WORK = DATA / "pipeline-speed"
BIN = Path(sys.executable).parent
MARKER = "ZQX"
MARKER_RE = re.compile(MARKER + r"(\d+)\s")  # po4a may wrap the line after it
MIN_COVERAGE = 0.95
TOOLS = ("translator", "po4a", "mdpo")
TOO_SLOW = "over --max-seconds"


class ToolFailed(RuntimeError):
    pass


class ToolTimedOut(ToolFailed):
    pass


@dataclass(frozen=True)
class Run:
    seconds: float
    rss_mb: float


# Python tools run as users run them: with their bytecode cached. pip compiles the peers'
# modules at install time; our editable install writes its .pyc on first import, unless
# PYTHONDONTWRITEBYTECODE (set on some CI machines) forbids it: then every run would
# recompile the package (about 0.1 s per command) and the comparison would be unfair.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def compile_package() -> None:
    """Write the package's bytecode once, as an installed package has it."""
    package = Path(__file__).resolve().parent.parent / "translator"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True,
                   env=CHILD_ENV)  # fmt: skip


def run(command: Sequence[str], cwd: Path, timeout: float) -> Run:
    """Run one command as a child process; its wall time and peak RSS (with its children)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(command), cwd=cwd, stdout=out, stderr=err, env=CHILD_ENV)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped by wait4
        if seconds >= timeout:
            raise ToolTimedOut(f"{Path(command[0]).name} stopped after {timeout:.0f} s")
        if proc.returncode != 0:
            err.seek(0)
            message = err.read().decode("utf-8", "replace")[-2000:]
            raise ToolFailed(f"{' '.join(command)} exited {proc.returncode}:\n{message}")
    return Run(seconds, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux


@dataclass
class Step:
    runs: list[Run] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def rss_mb(self) -> float:
        return max(r.rss_mb for r in self.runs)


@dataclass
class Result:
    tool: str
    corpus: Corpus
    entries: int = 0
    extract: Step = field(default_factory=Step)
    render: Step = field(default_factory=Step)
    update: Step | None = None  # translator only
    skipped: str | None = None

    @property
    def too_slow(self) -> bool:
        return self.skipped is not None and self.skipped.startswith(TOO_SLOW)

    @property
    def total(self) -> float:
        return self.extract.seconds + self.render.seconds

    @property
    def rss_mb(self) -> float:
        steps = [self.extract, self.render] + ([self.update] if self.update else [])
        return max(s.rss_mb for s in steps)


@dataclass(frozen=True)
class Tool:
    name: str
    extract: Callable[[Path, Path], list[str]]  # (source, pot) -> command
    render: Callable[[Path, Path, Path], list[str]]  # (source, po, output) -> command


def _venv_bin(name: str) -> str:
    """A console script of this virtualenv (translator, md2po, po2md)."""
    return str(BIN / name)


TOOL_COMMANDS: dict[str, Tool] = {
    "translator": Tool(
        "translator",
        lambda src, pot: [_venv_bin("translator"), "extract", str(src), "-o", str(pot)],
        lambda src, po, out: [
            _venv_bin("translator"), "render", str(src), "--catalog", str(po),
            "--locale", "en", "--threshold", "0", "-o", str(out),
        ],
    ),
    "po4a": Tool(
        "po4a",
        lambda src, pot: [
            "po4a-updatepo", "-f", "text", "-o", "markdown", "-M", "UTF-8",
            "-m", str(src), "-p", str(pot),
        ],
        lambda src, po, out: [
            "po4a-translate", "-f", "text", "-o", "markdown", "-M", "UTF-8",
            "-m", str(src), "-p", str(po), "-l", str(out), "-k", "0",
        ],
    ),
    "mdpo": Tool(
        "mdpo",
        lambda src, pot: [
            _venv_bin("md2po"), str(src), "--quiet", "--save", "--po-filepath", str(pot),
            "--wrapwidth", "inf",
        ],
        lambda src, po, out: [
            _venv_bin("po2md"), str(src), "--quiet", "--po-files", str(po),
            "--save", str(out), "--wrapwidth", "inf",
        ],
    ),
}  # fmt: skip


def fill(pot: Path, po: Path) -> int:
    """Translate every entry of ``pot`` as ``ZQX<n> <msgid>`` into ``po``; the entry count."""
    catalog = polib.pofile(str(pot), wrapwidth=0)
    count = 0
    for n, entry in enumerate(e for e in catalog if not e.obsolete):
        entry.msgstr = f"{MARKER}{n} {entry.msgid}"
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        count += 1
    catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalog.metadata["Language"] = "en"
    catalog.save(str(po))
    return count


def check_output(output: Path, entries: int, what: str) -> None:
    """Fail unless ``output`` exists and shows most of the fake translations."""
    if not output.exists() or output.stat().st_size == 0:
        raise ToolFailed(f"{what}: no output written to {output}")
    seen = {int(m) for m in MARKER_RE.findall(output.read_text(encoding="utf-8"))}
    if len(seen) < MIN_COVERAGE * entries:
        raise ToolFailed(f"{what}: only {len(seen)} of {entries} translations in {output}")


def timed_steps(
    command: Sequence[str], cwd: Path, repeat: int, timeout: float, remove: Path
) -> Step:
    """Run ``command`` ``repeat`` times, deleting ``remove`` (its output) before each run."""
    step = Step()
    for _ in range(repeat):
        remove.unlink(missing_ok=True)
        step.runs.append(run(command, cwd, timeout))
    return step


def measure(tool: Tool, corpus: Corpus, folder: Path, repeat: int, timeout: float) -> Result:
    folder.mkdir(parents=True, exist_ok=True)
    src = corpus.path
    pot, po, out = (folder / f"{tool.name}{ext}" for ext in (".pot", ".po", ".md"))
    result = Result(tool.name, corpus)
    result.extract = timed_steps(tool.extract(src, pot), folder, repeat, timeout, pot)
    if not pot.exists() or len(polib.pofile(str(pot))) == 0:
        raise ToolFailed(f"{tool.name} extract: no entries in {pot}")
    if tool.name == "translator":
        update = [_venv_bin("translator"), "update", str(po), "--template", str(pot)]
        update += ["--locale", "en"]
        result.update = timed_steps(update, folder, repeat, timeout, po)
        result.entries = fill(po, po)
    else:
        result.entries = fill(pot, po)
    result.render = timed_steps(tool.render(src, po, out), folder, repeat, timeout, out)
    check_output(out, result.entries, f"{tool.name} render")
    return result


def predict(history: list[tuple[int, float]], size: int) -> float | None:
    """One run's seconds at ``size``, from the runs at smaller sizes (growth fitted, >= 1)."""
    if not history:
        return None
    (s1, t1) = history[-1]
    exponent = 2.0  # assume the worst until two sizes tell
    if len(history) >= 2:
        (s0, t0) = history[-2]
        if t0 > 0 and s1 > s0:
            exponent = max(1.0, math.log(t1 / t0) / math.log(s1 / s0))
    return t1 * math.pow(size / s1, exponent)


def machine() -> list[str]:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return [
        f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}",
        f"translator {_version([_venv_bin('translator'), '--version'])}, "
        f"po4a {_version(['po4a-translate', '--version'])}, "
        f"mdpo {_version([_venv_bin('md2po'), '--version'])}",
    ]


def _version(command: list[str]) -> str:
    try:
        text = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    except OSError:
        return "(not installed)"
    found = re.search(r"\d+(\.\d+)+", text)
    return found.group(0) if found else "(unknown)"


def available(tool: str) -> bool:
    if tool == "po4a":
        return shutil.which("po4a-updatepo") is not None
    if tool == "mdpo":
        return (BIN / "md2po").exists()
    return True


def table(results: list[Result]) -> list[str]:
    lines = [
        "| size KB | tool | entries | runs | extract s | render s | total s | update s "
        "| peak MB | total / translator |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ours: dict[int, float] = {
        r.corpus.size: r.total for r in results if r.tool == "translator" and not r.skipped
    }
    for r in results:
        size = f"{r.corpus.size / 1000:,.0f}"
        if r.skipped:
            lines.append(f"| {size} | {r.tool} | | | | | | | | skipped: {r.skipped} |")
            continue
        base = ours.get(r.corpus.size)
        ratio = f"{r.total / base:.2f}" if base else "–"
        update = f"{r.update.seconds:.2f}" if r.update else "–"
        lines.append(
            f"| {size} | {r.tool} | {r.entries:,} | {len(r.extract.runs)} "
            f"| {r.extract.seconds:.2f} | {r.render.seconds:.2f} | {r.total:.2f} | {update} "
            f"| {r.rss_mb:.0f} | {ratio} |"
        )
    return lines


def linearity(results: list[Result]) -> list[str]:
    """translator's seconds per MB at each size, and between consecutive sizes.

    The per-size figure includes the fixed start-up of two processes; the marginal one
    (extra seconds per extra MB) is what stays flat when the work grows linearly.
    """
    ours = [r for r in results if r.tool == "translator" and not r.skipped]
    per_size = [
        f"{r.corpus.size / 1e6:.2f} MB: {r.total / (r.corpus.size / 1e6):.2f}" for r in ours
    ]
    marginal = [
        f"{a.corpus.size / 1e6:.2f}->{b.corpus.size / 1e6:.2f} MB: "
        f"{(b.total - a.total) / ((b.corpus.size - a.corpus.size) / 1e6):.2f}"
        for a, b in pairwise(ours)
    ]
    return [
        "translator extract+render, s per MB: " + ", ".join(per_size),
        "marginal s per extra MB: " + ", ".join(marginal),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[100, 400, 1600, 6000], help="corpus sizes, KB"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per step (median)")
    parser.add_argument("--tools", nargs="+", choices=TOOLS, default=list(TOOLS))
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=120.0,
        help="skip a peer whose one extract+render run is predicted to take longer",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="make fewer repeats where repeats x predicted run time exceeds this",
    )
    args = parser.parse_args()

    load_start = os.getloadavg()  # other work on the machine skews wall times; say how much
    for line in machine():
        print(line)
    documents = source_documents()
    compile_package()
    print("corpus: " + ", ".join(f"{n}@{v}" for n, v in NPM_PACKAGES) + " + sample article")
    history: dict[str, list[tuple[int, float]]] = {t: [] for t in args.tools}
    results: list[Result] = []
    for kb in sorted(args.sizes):
        corpus = build_corpus(kb * 1000, WORK / f"ja-{kb}k.md", documents)
        print(
            f"\n{corpus.size:,} bytes: {corpus.documents} documents, {corpus.copies} copies",
            flush=True,
        )
        for name in args.tools:
            if not available(name):
                results.append(Result(name, corpus, skipped="not installed"))
                continue
            guess = predict(history[name], corpus.size)
            too_slow = [r for r in results if r.tool == name and r.too_slow]
            if name != "translator" and too_slow:
                results.append(Result(name, corpus, skipped=f"{TOO_SLOW} at a smaller size"))
                continue
            if name != "translator" and guess is not None and guess > args.max_seconds:
                reason = f"{TOO_SLOW}: one run predicted to take {guess:.0f} s"
                results.append(Result(name, corpus, skipped=reason))
                print(f"  {name}: {reason}", flush=True)
                continue
            repeat = args.repeat
            if guess is not None:
                repeat = max(1, min(args.repeat, int(args.budget / max(guess, 1e-3))))
            # A peer's run is stopped at --max-seconds; ours is never skipped, only guarded.
            timeout = 10 * args.max_seconds if name == "translator" else args.max_seconds
            folder = WORK / f"{kb}k"
            try:
                result = measure(TOOL_COMMANDS[name], corpus, folder, repeat, timeout)
            except ToolTimedOut as error:
                print(f"  {name}: {error}", flush=True)
                results.append(Result(name, corpus, skipped=f"{TOO_SLOW}: {error}"))
                continue
            except ToolFailed as error:
                print(f"  {name}: FAILED {error}")
                results.append(Result(name, corpus, skipped="failed (see log)"))
                continue
            history[name].append((corpus.size, result.total))
            results.append(result)
            print(
                f"  {name}: {result.entries:,} entries, extract {result.extract.seconds:.2f} s,"
                f" render {result.render.seconds:.2f} s, peak {result.rss_mb:.0f} MB"
                f" ({repeat} runs)",
                flush=True,
            )
    print()
    print("\n".join(table(results)))
    if any(r.tool == "translator" and not r.skipped for r in results):
        print()
        print("\n".join(linearity(results)))
    print("load average (1, 5, 15 min) at start: {:.2f} {:.2f} {:.2f}".format(*load_start))
    print("load average (1, 5, 15 min) at end:   {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
