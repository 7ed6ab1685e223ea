"""Benchmark: real edits of Japanese documentation, replayed release to release.

    .venv/bin/python benchmarks/update_history.py --repo GITDIR      # e.g. a mirror of
        # the Vue Japanese docs (vuejs-translations/docs-ja) with its full history
    .venv/bin/python benchmarks/update_history.py --repo GITDIR --ours-ref HEAD~3
    .venv/bin/python benchmarks/update_history.py --repo GITDIR \\
        --dates 2024-01-01,2024-04-01 --docs 'src/**/*.md' --show 20

The repository is read with ``git --git-dir`` only (a bare mirror is enough). Each interval
runs from the last commit before one date to the last commit before the next (the default
dates give six quarters, 2024-01-01 to 2025-07-01). For every Markdown file the interval
modified:

1. both versions are extracted with ``translator extract`` (the working tree's package:
   the same templates whatever ``--ours-ref`` names);
2. the old template is pseudo-translated (each msgstr names its own entry) into the
   catalog a translator would have had;
3. that catalog is updated to the new template by ours (``translator update``, one process
   per file as a user runs it) and by ``msgmerge --previous`` (GNU gettext);
4. each new msgid that is not an old one is scored against the truth of which old
   sentence it came from.

The truth comes from the diff of the two Markdown files, not from any similarity score:
lines are aligned first (difflib, no junk heuristic), then the characters inside each
changed stretch of lines (runs of 3 or more: a rewrite shares scattered particles and
punctuation with any sentence). A new sentence *comes from* the old sentence that most of
its characters were kept from (at least half of them); a new sentence that keeps less than
half of its characters from any one old sentence is *new text*. A stretch too large to
align by characters (``--max-hunk``) is left out of the score (counted as "unaligned"),
and so is a sentence that came from one in another language ("translated": a page still
partly in English whose sentences were put into Japanese keeps their links and code, but
it was translated, not edited; kana or kanji tell the languages apart).

Scores: *right*: the new msgid got the translation of the sentence it came from (fuzzy);
*wrong*: another translation; *none*: none. On new text, *suggested*: it got some
translation to review (noise, mostly). *lost*: old translations found nowhere in the
output (neither an entry nor an obsolete one). Times are wall seconds per file, each
tool a fresh process.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from fnmatch import fnmatch
from pathlib import Path

import polib
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from update_speed import _ENV, compile_package, ours_source  # noqa: E402

from translator import pipeline  # noqa: E402
from translator.catalog.pofile import catalog_text, read_catalog  # noqa: E402
from translator.document.model import Document  # noqa: E402
from translator.errors import TranslatorError  # noqa: E402

WORK = ROOT / "benchmarks" / "data" / "update-history"
DATES = "2024-01-01,2024-04-01,2024-07-01,2024-10-01,2025-01-01,2025-04-01,2025-07-01"
KEPT = 0.5  # share of a new sentence's characters kept from one old sentence: an edit
# Characters the diff keeps count only in runs of this many or more: a rewritten sentence
# shares scattered particles and punctuation (の, を, 、) with any other.
MIN_RUN = 3
# Kana or kanji: a sentence in Japanese. A page still partly in English whose sentences
# are then translated keeps their links and code; those are translations, not edits.
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass
class Score:
    edited: int = 0  # new msgids that came from an old sentence
    right: int = 0
    wrong: int = 0
    none: int = 0
    new_text: int = 0
    suggested: int = 0  # new text given a translation to review
    lost: int = 0
    seconds: list[float] = field(default_factory=list)


@dataclass
class Interval:
    old: str
    new: str
    label: str
    files: int = 0
    skipped: int = 0  # files a tool could not extract or update
    unaligned: int = 0  # new msgids in stretches too large to align
    translated: int = 0  # new msgids that are an old sentence put in another language
    ours: Score = field(default_factory=Score)
    msgmerge: Score = field(default_factory=Score)


@dataclass
class Case:
    """One new msgid scored: for the listing of disagreements."""

    file: str
    msgid: str
    origin: str | None
    ours: str  # "right", "wrong", "none" (edited) or "suggested", "-" (new text)
    msgmerge: str


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", f"--git-dir={repo}", *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def commit_before(repo: Path, date: str) -> str:
    return git(repo, "rev-list", "-1", "--first-parent", f"--before={date}", "HEAD").strip()


def modified(repo: Path, old: str, new: str, pattern: str) -> list[str]:
    """Markdown files modified (not added, deleted or renamed) between two commits."""
    lines = git(repo, "diff", "--no-renames", "--name-status", old, new).splitlines()
    found = []
    for line in lines:
        status, _, path = line.partition("\t")
        if status == "M" and fnmatch(path, pattern):
            found.append(path)
    return found


# --------------------------------------------------------------------------- ground truth


def kept_from(old: str, new: str, max_hunk: int) -> tuple[array[int], array[int]]:
    """For each character of ``new``: the offset in ``old`` the diff kept it from (-1: new
    text), and whether it lies in a stretch too large to align (1)."""
    origin = array("q", [-1]) * len(new)
    unknown = array("b", [0]) * len(new)
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    old_at = [0]
    for line in old_lines:
        old_at.append(old_at[-1] + len(line))
    new_at = [0]
    for line in new_lines:
        new_at.append(new_at[-1] + len(line))
    lines = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        a, b = old_at[i1], old_at[i2]
        c, d = new_at[j1], new_at[j2]
        if tag == "equal":
            for k in range(d - c):
                origin[c + k] = a + k
        elif tag == "replace":
            if (b - a) * (d - c) > max_hunk * max_hunk:
                for k in range(c, d):
                    unknown[k] = 1
                continue
            chars = SequenceMatcher(None, old[a:b], new[c:d], autojunk=False)
            for block in chars.get_matching_blocks():
                if block.size < MIN_RUN:
                    continue
                for k in range(block.size):
                    origin[c + block.b + k] = a + block.a + k
    return origin, unknown


def truth(
    old_doc: Document, new_doc: Document, max_hunk: int
) -> tuple[dict[str, str | None], int, int]:
    """For each new msgid that is not an old one: the old msgid it came from (None: new
    text); how many were left out (unaligned); and how many came from a sentence in
    another language (an English sentence translated into Japanese: left out too)."""
    old_ids = set(old_doc.msgids())
    owner = array("q", [-1]) * len(old_doc.text)
    old_segments = old_doc.translatable
    for index, segment in enumerate(old_segments):
        for k in range(segment.start, segment.end):
            owner[k] = index
    origin, unknown = kept_from(old_doc.text, new_doc.text, max_hunk)
    found: dict[str, str | None] = {}
    unaligned: set[str] = set()
    translated: set[str] = set()
    for segment in new_doc.translatable:
        msgid = segment.msgid
        if msgid in old_ids or msgid in found or msgid in unaligned or msgid in translated:
            continue
        span = range(segment.start, segment.end)
        if any(unknown[k] for k in span):
            unaligned.add(msgid)
            continue
        counts = Counter(owner[origin[k]] for k in span if origin[k] >= 0)
        counts.pop(-1, None)
        best = max(counts.items(), key=lambda item: (item[1], -item[0]), default=None)
        if best is not None and best[1] >= KEPT * len(span):
            origin_id = old_segments[best[0]].msgid
            if bool(JAPANESE.search(origin_id)) != bool(JAPANESE.search(msgid)):
                translated.add(msgid)
            else:
                found[msgid] = origin_id
        else:
            found[msgid] = None
    return found, len(unaligned), len(translated)


# --------------------------------------------------------------------------- one file


def pseudo(msgid: str, number: int) -> str:
    return f"T{number}: {msgid}"


def write_catalog(template: Path, out: Path) -> dict[str, str]:
    """The translator's catalog: every entry of ``template`` translated (pseudo)."""
    po = read_catalog(template)
    po.metadata["Language"] = "en"
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    translations = {}
    for number, entry in enumerate(po):
        entry.msgstr = pseudo(entry.msgid, number)
        translations[entry.msgid] = entry.msgstr
    out.write_text(catalog_text(po), encoding="utf-8")
    return translations


def run(cmd: list[str], folder: Path, env: dict[str, str] | None = None) -> float:
    """Wall seconds of ``cmd``, run in ``folder`` (not here: ``python -m`` would import
    the working tree's package before the one ``PYTHONPATH`` names)."""
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=folder)
    return time.perf_counter() - start


def outcome(po: polib.POFile, msgid: str, origin: str | None, old: dict[str, str]) -> str:
    entry = next((e for e in po if e.msgid == msgid and not e.obsolete), None)
    msgstr = entry.msgstr if entry is not None else ""
    if origin is None:
        return "suggested" if msgstr else "-"
    if not msgstr:
        return "none"
    return "right" if msgstr == old[origin] else "wrong"


def lost(po: polib.POFile, old: dict[str, str]) -> int:
    kept = {e.msgstr for e in po}
    return sum(1 for msgstr in old.values() if msgstr not in kept)


def replay_file(
    repo: Path,
    interval: Interval,
    path: str,
    folder: Path,
    max_hunk: int,
    ours_env: dict[str, str],
    cases: list[Case],
) -> None:
    source = pipeline.SourceOptions(locale="ja")
    docs = []
    for version, commit in (("old", interval.old), ("new", interval.new)):
        markdown = folder / version / path
        markdown.parent.mkdir(parents=True, exist_ok=True)
        markdown.write_text(git(repo, "show", f"{commit}:{path}"), encoding="utf-8")
        docs.append(pipeline.load_document(markdown, source, path))
        pipeline.extract([markdown], folder / f"{version}.pot", source, reference_paths=[path])
    old_doc, new_doc = docs
    found, unaligned, translated = truth(old_doc, new_doc, max_hunk)
    interval.unaligned += unaligned
    interval.translated += translated
    old = write_catalog(folder / "old.pot", folder / "old.po")
    shutil.copyfile(folder / "old.po", folder / "ours.po")
    ours_cmd = [sys.executable, "-m", "translator", "update", str(folder / "ours.po")]
    ours_cmd += ["--template", str(folder / "new.pot"), "-l", "en"]
    mm_cmd = ["msgmerge", "--previous", "--quiet", "-o", str(folder / "msgmerge.po")]
    mm_cmd += [str(folder / "old.po"), str(folder / "new.pot")]
    interval.ours.seconds.append(run(ours_cmd, folder, ours_env))
    interval.msgmerge.seconds.append(run(mm_cmd, folder))
    outputs = {
        "ours": polib.pofile(str(folder / "ours.po")),
        "msgmerge": polib.pofile(str(folder / "msgmerge.po")),
    }
    verdicts: dict[str, dict[str, str]] = {}
    for tool, po in outputs.items():
        score: Score = getattr(interval, tool)
        score.lost += lost(po, old)
        verdicts[tool] = {}
        for msgid, origin in found.items():
            verdict = outcome(po, msgid, origin, old)
            verdicts[tool][msgid] = verdict
            if origin is None:
                score.new_text += 1
                score.suggested += verdict == "suggested"
            else:
                score.edited += 1
                setattr(score, verdict, getattr(score, verdict) + 1)
    for msgid, origin in found.items():
        cases.append(
            Case(path, msgid, origin, verdicts["ours"][msgid], verdicts["msgmerge"][msgid])
        )


def intervals(repo: Path, dates: list[str]) -> Iterator[Interval]:
    commits = [commit_before(repo, date) for date in dates]
    for (start, old), (end, new) in zip(
        zip(dates, commits, strict=True), zip(dates[1:], commits[1:], strict=True), strict=False
    ):
        yield Interval(old, new, f"{start}..{end}")


# --------------------------------------------------------------------------- report


def table(rows: list[Interval]) -> str:
    head = (
        "| interval | files | edited | new text | unaligned / translated "
        "| ours right / wrong / none "
        "| msgmerge right / wrong / none | suggested on new text: ours / msgmerge "
        "| lost: ours / msgmerge | s per file: ours / msgmerge |"
    )
    lines = [head, "|---|---:|---:|---:|---:|---|---|---|---|---|"]
    total = Interval("", "", "**all**")
    for row in [*rows, total]:
        if row is total:
            for other in rows:
                total.files += other.files
                total.unaligned += other.unaligned
                total.translated += other.translated
                for tool in ("ours", "msgmerge"):
                    mine: Score = getattr(total, tool)
                    theirs: Score = getattr(other, tool)
                    for name in ("edited", "right", "wrong", "none", "new_text", "suggested"):
                        setattr(mine, name, getattr(mine, name) + getattr(theirs, name))
                    mine.lost += theirs.lost
                    mine.seconds += theirs.seconds
        o, m = row.ours, row.msgmerge
        speed = "–"
        if o.seconds and m.seconds:
            mean_o, mean_m = statistics.mean(o.seconds), statistics.mean(m.seconds)
            speed = f"{mean_o:.3f} / {mean_m:.3f}"
        lines.append(
            f"| {row.label} | {row.files} | {o.edited} | {o.new_text} "
            f"| {row.unaligned} / {row.translated} "
            f"| {o.right} / {o.wrong} / {o.none} | {m.right} / {m.wrong} / {m.none} "
            f"| {o.suggested} / {m.suggested} | {o.lost} / {m.lost} | {speed} |"
        )
    return "\n".join(lines)


def disagreements(cases: list[Case], limit: int) -> str:
    out = []
    differ = [c for c in cases if c.origin is not None and c.ours != c.msgmerge]
    for case in differ[:limit]:
        assert case.origin is not None
        similarity = fuzz.ratio(case.msgid, case.origin) / 100
        out.append(
            f"- {case.file}: ours {case.ours}, msgmerge {case.msgmerge}, "
            f"similarity {similarity:.2f}\n  old: {case.origin[:150]}\n  new: {case.msgid[:150]}"
        )
    return f"{len(differ)} edited msgids scored differently\n" + "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", required=True, type=Path, help="git directory (a mirror)")
    parser.add_argument("--dates", default=DATES, help="comma-separated, in order")
    parser.add_argument("--docs", default="src/**/*.md", help="pattern of the Markdown files")
    parser.add_argument("--max-hunk", type=int, default=20_000, help="characters (see above)")
    parser.add_argument("--ours-ref", help="update with translator as committed at this ref")
    parser.add_argument("--ours-src", help="update with the translator package in this folder")
    parser.add_argument("--show", type=int, default=0, help="list this many disagreements")
    args = parser.parse_args()
    if shutil.which("msgmerge") is None:
        sys.exit("GNU gettext (msgmerge) is needed")
    source = ours_source(args.ours_ref, args.ours_src)
    ours_env = dict(_ENV)
    if source is not None:
        ours_env["PYTHONPATH"] = str(source)
    compile_package(source or ROOT)
    WORK.mkdir(parents=True, exist_ok=True)
    rows: list[Interval] = []
    cases: list[Case] = []
    load = os.getloadavg()[0]
    for interval in intervals(args.repo, args.dates.split(",")):
        files = modified(args.repo, interval.old, interval.new, args.docs)
        print(f"{interval.label}: {len(files)} files", file=sys.stderr)
        for path in files:
            with tempfile.TemporaryDirectory(dir=WORK) as scratch:
                try:
                    replay_file(
                        args.repo, interval, path, Path(scratch), args.max_hunk, ours_env, cases
                    )
                    interval.files += 1
                except (TranslatorError, subprocess.CalledProcessError) as exc:
                    interval.skipped += 1
                    print(f"  skipped {path}: {exc}", file=sys.stderr)
        rows.append(interval)
    print(table(rows))
    print(f"\n1-min load average before / after: {load:.1f} / {os.getloadavg()[0]:.1f}")
    skipped = sum(r.skipped for r in rows)
    if skipped:
        print(f"{skipped} files skipped (see stderr)")
    if args.show:
        print("\n" + disagreements(cases, args.show))
    (WORK / f"results-{args.ours_ref or 'tree'}.json").write_text(
        json.dumps({"intervals": [asdict(r) for r in rows], "cases": [asdict(c) for c in cases]}),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
