"""Benchmark: glossary/number/markup checks on 100,000 entries with a 10,000-term glossary.

    .venv/bin/pip install translate-toolkit     # for the pofilter comparison
    .venv/bin/python benchmarks/check_speed.py [--entries 100000] [--terms 10000]
        [--corpus plain|mixed] [--ours-ref REF] [--ours-src DIR] [--jobs N]
        [--save-findings FILE] [--compare FILE]

Generates a glossary and catalogs under benchmarks/data/ (git-ignored), then times, in the
same run and on the same files:

* ``translator check --glossary G --format json CATALOGS`` as a whole process (start-up,
  glossary, reading, checking and the JSON report: what a CI job waits for), and
  ``check_catalogs`` alone inside a process that already loaded the glossary;
* the same two for the package as committed at ``--ours-ref`` (a ``git archive``
  snapshot), to give a before/after pair from one run, and for the package in the folder
  ``--ours-src`` names (``mypyc_snapshot.py``'s compiled copy, say);
* translate-toolkit's ``pofilter`` (its 46 default checks, no glossary) on the same files.

Corpora: ``plain`` is the one the figures in benchmarks/README.md started from (every entry
holds 1-3 terms, an 億 amount and a citation; 5 % of targets get a wrong number, 5 % lose
a term, 2 % lose a citation). ``mixed`` spreads about as many entries over four catalogs
and adds what documentation has besides: inline code, links, reference links, HTML,
headings and list items, dates and percentages, full-width characters, forbidden and
case-sensitive terms, forbidden source spellings, Japanese text or punctuation left in the
translation, double spaces, plural, fuzzy, untranslated, obsolete and silenced entries.

Findings: ``--save-findings FILE`` writes the JSON findings of ``translator check`` (the
working tree's, or ``--ours-ref``'s when given); ``--compare FILE`` diffs them against a
file saved earlier and exits 1 when they differ. Record them before a change to the checks
and compare after it: the speed work must not change a single finding.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import polib
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from update_speed import compile_package, ours_source  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
WORK = DATA / "check-speed"
KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモラリルレロ"
KANJI = "新型高速分散量子生成推論学習検索画像音声翻訳基盤計算資源制御最適"
SYLLABLES = ["ka", "ri", "to", "mo", "na", "ze", "lu", "vi", "so", "pe", "qu", "ex"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# Python tools run as users run them, with their bytecode cached (this machine sets
# PYTHONDONTWRITEBYTECODE, which would make every run of ours compile the package first).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

Pairs = list[tuple[str, str, dict[str, object]]]


def make_glossary(
    count: int, rng: random.Random, *, mixed: bool = False
) -> tuple[list[dict[str, object]], Pairs]:
    """Terms as YAML mappings, and (source, English target, term) of each."""
    terms: list[dict[str, object]] = []
    pairs: Pairs = []
    seen: set[str] = set()
    while len(terms) < count:
        kind = rng.random()
        if kind < 0.4:  # company in katakana -> Latin name
            source = "".join(rng.choice(KATAKANA) for _ in range(rng.randint(3, 6)))
            target = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).title()
            spec: dict[str, object] = {"preferred": target}
        elif kind < 0.7:  # product with a version: kept as is
            name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
            source = f"{name} {rng.randint(1, 9)}"
            target = source
            spec = {}
        else:  # kanji concept -> English phrase, with a forbidden rendering
            source = "".join(rng.choice(KANJI) for _ in range(rng.randint(2, 4)))
            words = " ".join("".join(rng.choice(SYLLABLES) for _ in range(2)) for _ in range(2))
            target = words
            spec = {"preferred": target, "admitted": [target + "s"], "forbidden": [words + " x"]}
        if source in seen:
            continue
        seen.add(source)
        term: dict[str, object] = {"id": f"t{len(terms)}", "source": source}
        if spec:
            term["targets"] = {"en": spec}
        else:
            term["do_not_translate"] = True
        if mixed and kind < 0.4 and rng.random() < 0.1:  # a spelling the style guide forbids
            variant = source[:-1] + "ー" + source[-1]
            if variant not in seen:
                seen.add(variant)
                term["source_forbidden"] = [variant]
        if mixed and 0.4 <= kind < 0.7 and rng.random() < 0.2:
            term["case_sensitive"] = True
        terms.append(term)
        pairs.append((source, target, term))
    return terms, pairs


def make_catalog(count: int, pairs: Pairs, rng: random.Random) -> polib.POFile:
    """The plain corpus: one template, three kinds of injected error."""
    po = polib.POFile()
    po.metadata = {"Language": "en", "Content-Type": "text/plain; charset=UTF-8"}
    seen: set[str] = set()
    while len(po) < count:
        chosen = rng.sample(pairs, rng.randint(1, 3))
        value = rng.randint(1, 999)
        cite = rng.randint(1, 9)
        src = "、".join(s for s, _, _ in chosen) + f"は{value}億円の投資を発表しました[{cite}]。"
        amount = f"{value * 100} million yen[{cite}]."
        tgt = ", ".join(t for _, t, _ in chosen) + " announced an investment of " + amount
        roll = rng.random()
        if roll < 0.05:
            tgt = tgt.replace(f"{value * 100} million", f"{value} million")
        elif roll < 0.10:
            tgt = tgt.replace(chosen[0][1], "something", 1)
        elif roll < 0.12:
            tgt = tgt.replace(f"[{cite}]", "")
        if src in seen:  # a catalog holds each msgid once (msgfmt: duplicate definition)
            continue
        seen.add(src)
        po.append(
            polib.POEntry(msgid=src, msgstr=tgt, occurrences=[("bench.md", str(len(po) + 1))])
        )
    return po


def _mixed_text(chosen: Pairs, rng: random.Random) -> tuple[str, str]:
    """One documentation-like source sentence and its translation, sometimes wrong."""
    names_ja = "、".join(s for s, _, _ in chosen)
    names_en = ", ".join(t for _, t, _ in chosen)
    first_ja, first_en, first_term = chosen[0]
    value = rng.randint(1, 999)
    slug = "".join(rng.choice(SYLLABLES) for _ in range(3))
    kind = rng.randrange(12)
    if kind == 0:
        cite = rng.randint(1, 20)
        src = f"{names_ja}は{value}億円の投資を発表しました[{cite}]。"
        tgt = f"{names_en} announced an investment of {value * 100} million yen[{cite}]."
    elif kind == 1:
        src = f"**{first_ja}**は`{slug}_{value}()`で{value}件を処理します。"
        tgt = f"**{first_en}** processes {value} items with `{slug}_{value}()`."
    elif kind == 2:
        src = f"詳細は[{first_ja}のドキュメント](https://example.com/{slug}/)を参照してください。"
        tgt = f"See the [{first_en} documentation](https://example.com/{slug}/) for details."
    elif kind == 3:
        src = f"[{first_ja}][{slug}]と{names_ja}を比較します。"
        tgt = f"We compare [{first_en}][{slug}] with {names_en}."
    elif kind == 4:
        year, month, pct = rng.randint(2001, 2030), rng.randint(1, 12), rng.randint(1, 99)
        src = f"{year}年{month}月に{names_ja}の売上は{pct}%増加しました。"
        tgt = f"In {MONTHS[month - 1]} {year}, sales of {names_en} grew by {pct}%."
    elif kind == 5:
        src = f"## {first_ja}の概要"
        tgt = f"## Overview of {first_en}"
    elif kind == 6:
        src = f"- {names_ja}：詳しくは https://example.org/{slug} を参照"
        tgt = f"- {names_en}: see https://example.org/{slug}"
    elif kind == 7:
        src = f"{first_ja}を使うには<kbd>Ctrl</kbd>+<kbd>{value % 10}</kbd>を押します。"
        tgt = f"To use {first_en}, press <kbd>Ctrl</kbd>+<kbd>{value % 10}</kbd>."
    elif kind == 8:  # full-width digits and brackets: NFKC changes the source
        wide = "".join(chr(0xFF10 + int(d)) for d in str(value))
        src = f"{names_ja}（{wide}百万ユーザー）が利用しています。"
        tgt = f"{names_en} ({value} million users) use it."
    elif kind == 9:
        src = f"{names_ja}は高速で、*安定*しています。"
        tgt = f"{names_en} is fast and *stable*."
    elif kind == 10:
        src = f"{first_ja}のバージョン{value % 10}.{value % 7}では、{names_ja}が使えます。"
        tgt = f"In version {value % 10}.{value % 7} of {first_en}, {names_en} can be used."
    else:
        src = f"{names_ja}は、次の表に示すとおりです。"
        tgt = f"{names_en} are as shown in the following table."
    roll = rng.random()
    if roll < 0.03 and str(value) in tgt:  # a wrong number
        tgt = tgt.replace(str(value), str(value + 1), 1)
    elif roll < 0.06:  # a term lost
        tgt = tgt.replace(first_en, "it", 1)
    elif roll < 0.08:  # markup lost or changed
        tgt = tgt.replace("**", "", 1).replace("`", "'").replace("](https://", "](http://")
        tgt = tgt.replace("<kbd>", "", 1).replace("][", "] [")
        tgt = re.sub(r"\[\d+\]", "", tgt, count=1)  # a citation lost
    elif roll < 0.10:  # a forbidden rendering
        forbidden = first_term.get("targets", {}).get("en", {}).get("forbidden")  # type: ignore[attr-defined]
        if forbidden:
            tgt = tgt.replace(first_en, forbidden[0], 1)
    elif roll < 0.11:  # wrong letter case of a case-sensitive name
        tgt = tgt.replace(first_en, first_en.lower(), 1)
    elif roll < 0.12:  # Japanese left in the translation
        tgt = tgt.replace(first_en, first_ja, 1)
    elif roll < 0.13:
        tgt = tgt.replace(", ", "、", 1)
    elif roll < 0.14:
        tgt = tgt.replace(" ", "  ", 1)
    elif roll < 0.15:
        tgt = tgt.replace(".", " [2].", 1)  # a citation the source does not have
    elif roll < 0.16 and first_term.get("source_forbidden"):
        src = src.replace(first_ja, first_term["source_forbidden"][0], 1)  # type: ignore[index]
    return src, tgt


def make_mixed_catalogs(count: int, pairs: Pairs, rng: random.Random) -> list[polib.POFile]:
    """The mixed corpus, in four catalogs of about ``count / 4`` entries each."""
    catalogs = []
    per_file = -(-count // 4)
    made = 0
    for number in range(4):
        po = polib.POFile()
        po.metadata = {
            "Language": "en",
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": "nplurals=2; plural=(n != 1);",
        }
        seen: set[tuple[str | None, str]] = set()
        while len(po) < per_file and made < count:
            chosen = rng.sample(pairs, rng.randint(1, 3))
            src, tgt = _mixed_text(chosen, rng)
            entry = polib.POEntry(
                msgid=src, msgstr=tgt, occurrences=[(f"doc{number}.md", str(len(po) + 1))]
            )
            roll = rng.random()
            if roll < 0.03:
                entry.flags.append("fuzzy")
            elif roll < 0.05:
                entry.msgstr = ""
            elif roll < 0.06:
                entry.tcomment = "qa-ignore: number_mismatch, term_missing"
            elif roll < 0.065:
                entry.flags.append("qa-ignore:markup_mismatch")
            elif roll < 0.07:
                entry.obsolete = True
            elif roll < 0.09:
                entry.msgid_plural = src.replace("。", "（複数）。")
                entry.msgstr_plural = {0: tgt, 1: tgt.replace(".", " (many).")}
                entry.msgstr = ""
            elif roll < 0.10:
                entry.msgctxt = "table"
            key = (entry.msgctxt, src)
            if key in seen:
                continue
            seen.add(key)
            po.append(entry)
            made += 1
        catalogs.append(po)
    return catalogs


def make_data(corpus: str, entries: int, terms: int, seed: int) -> tuple[Path, list[Path], int]:
    rng = random.Random(seed)
    DATA.mkdir(parents=True, exist_ok=True)
    mixed = corpus == "mixed"
    glossary, pairs = make_glossary(terms, rng, mixed=mixed)
    suffix = "" if corpus == "plain" else f"-{corpus}"
    glossary_path = DATA / f"bench-glossary{suffix}.yaml"
    glossary_path.write_text(
        yaml.safe_dump({"terms": glossary}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    catalogs = (
        make_mixed_catalogs(entries, pairs, rng) if mixed else [make_catalog(entries, pairs, rng)]
    )
    paths = []
    for number, po in enumerate(catalogs):
        path = DATA / (
            f"bench-en{suffix}.po" if len(catalogs) == 1 else f"bench-en{suffix}-{number}.po"
        )
        po.save(str(path))
        paths.append(path)
    return glossary_path, paths, sum(len(po) for po in catalogs)


def package_env(source: Path) -> dict[str, str]:
    compile_package(source)
    return {**ENV, "PYTHONPATH": str(source)}


# Run inside a child process, so that --ours-ref times the committed package the same way.
_IN_PROCESS = """
import os, sys, time
from pathlib import Path
from translator.checks.runner import check_catalogs
from translator.glossary.load import load_glossary
start = time.perf_counter()
glossary = load_glossary([Path(sys.argv[1])])
glossary.source_matcher
glossary.target_matcher("en")
loaded = time.perf_counter() - start
start = time.perf_counter()
jobs = {"jobs": int(os.environ["CHECK_JOBS"])} if "CHECK_JOBS" in os.environ else {}
findings = check_catalogs([Path(p) for p in sys.argv[2:]], glossary, **jobs)
print(loaded, time.perf_counter() - start, len(findings))
"""


def time_ours(
    label: str,
    env: dict[str, str],
    glossary: Path,
    catalogs: list[Path],
    jobs: int | None,
    *,
    in_process: bool,
) -> dict[str, Any]:
    """One whole ``translator check`` process; then, with ``in_process``, ``check_catalogs``
    alone in a process that loaded the glossary first."""
    out = WORK / f"findings-{label}.json"
    # -P: the folder we run in (the working tree) does not go first on sys.path, so that
    # PYTHONPATH decides which package runs (--ours-ref's snapshot, or the tree).
    command = [
        sys.executable,
        "-P",
        "-m",
        "translator",
        "check",
        "--glossary",
        str(glossary),
        "--format",
        "json",
        *map(str, catalogs),
    ]
    if jobs is not None:
        command[5:5] = ["--jobs", str(jobs)]
    with out.open("wb") as handle:
        cpu = children_cpu()
        start = time.perf_counter()
        proc = subprocess.run(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
        cpu = children_cpu() - cpu
    if proc.returncode not in (0, 1):
        sys.exit(f"{label}: translator check exited {proc.returncode}:\n{proc.stderr.decode()}")
    result: dict[str, Any] = {
        "label": label,
        "wall": wall,
        "cpu": cpu,
        "findings": json.loads(out.read_text(encoding="utf-8")),
        "path": out,
    }
    if in_process:
        in_env = dict(env)
        if jobs is not None:
            in_env["CHECK_JOBS"] = str(jobs)
        child = subprocess.run(
            [sys.executable, "-P", "-c", _IN_PROCESS, str(glossary), *map(str, catalogs)],
            cwd=ROOT,
            env=in_env,
            check=True,
            capture_output=True,
            text=True,
        )
        loaded, checked, _count = child.stdout.split()
        result.update(load=float(loaded), check=float(checked))
    return result


def children_cpu() -> float:
    """CPU seconds (user + system) of the child processes waited for so far, with theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_pofilter(catalogs: list[Path]) -> tuple[float, float] | None:
    """(wall, CPU) seconds of pofilter over ``catalogs``, one process each."""
    pofilter = shutil.which("pofilter") or str(Path(sys.executable).parent / "pofilter")
    if not Path(pofilter).exists():
        return None
    cpu = children_cpu()
    start = time.perf_counter()
    for path in catalogs:
        out = WORK / f"pofilter-{path.name}"
        subprocess.run(
            [pofilter, "-i", str(path), "-o", str(out)],
            check=False,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return time.perf_counter() - start, children_cpu() - cpu


def compare(saved: Path, findings: list[dict[str, Any]]) -> bool:
    """Print the difference between two findings lists; True when there is none."""
    try:
        before = json.loads(saved.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        sys.exit(f"{saved}: cannot read saved findings: {exc}")

    def key(f: dict[str, Any]) -> str:
        return json.dumps(f, ensure_ascii=False, sort_keys=True)

    old, new = Counter(map(key, before)), Counter(map(key, findings))
    lost, added = old - new, new - old
    if before == findings:
        print(f"findings: identical to {saved} ({len(findings)} findings, same order)")
        return True
    if not lost and not added:
        print(f"findings: same {len(findings)} findings as {saved}, in another order")
        return False
    print(f"findings differ from {saved}: {sum(lost.values())} lost, {sum(added.values())} new")
    for name, diff in (("lost", lost), ("new", added)):
        for text in list(diff)[:5]:
            print(f"  {name}: {text}")
    return False


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--corpus", choices=["plain", "mixed"], default="plain")
    parser.add_argument("--ours-ref", help="also time the package as committed at this git ref")
    parser.add_argument(
        "--ours-src",
        type=Path,
        help="also time the translator package in this folder (mypyc_snapshot.py's, say)",
    )
    parser.add_argument("--jobs", type=int, help="translator check --jobs (default: its own)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds (each times every tool)")
    parser.add_argument("--no-pofilter", action="store_true", help="skip the pofilter run")
    parser.add_argument(
        "--save-findings",
        type=Path,
        metavar="FILE",
        help="write the JSON findings (of --ours-ref when given) to FILE",
    )
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="FILE",
        help="diff the findings against FILE; exit 1 when they differ",
    )
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    glossary, catalogs, count = make_data(args.corpus, args.entries, args.terms, args.seed)
    print(
        f"data: {args.corpus} corpus, {args.terms} terms, {count} entries in "
        f"{len(catalogs)} catalog(s) under {DATA}"
    )
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {load_average()} at the start"
    )

    variants = [("tree", package_env(ROOT))]
    snapshot = ours_source(args.ours_ref, None)  # None without --ours-ref
    if snapshot is not None:
        variants.append((f"ref-{args.ours_ref}", package_env(snapshot)))
    if args.ours_src is not None:
        variants.append((f"src-{args.ours_src.name}", package_env(args.ours_src.resolve())))
    # Each round times every tool once, one after the other, so that the ratios of a round
    # come from the same minute of the machine's load.
    results: dict[str, dict[str, Any]] = {}
    for number in range(1, args.repeat + 1):
        print(f"round {number} (load average {load_average()}):")
        walls: dict[str, tuple[float, float]] = {}
        for label, env in variants:
            jobs = args.jobs if label == "tree" else None
            result = time_ours(label, env, glossary, catalogs, jobs, in_process=number == 1)
            results.setdefault(label, result)
            walls[label] = (result["wall"], result["cpu"])
            by_check = Counter(f["check"] for f in result["findings"])
            inside = (
                f"; check_catalogs alone {result['check']:.2f} s (after {result['load']:.2f} s "
                "of glossary load)"
                if "check" in result
                else ""
            )
            print(
                f"  ours ({label}): translator check {result['wall']:.2f} s wall, "
                f"{result['cpu']:.2f} s CPU{inside}; {len(result['findings'])} findings "
                f"{dict(sorted(by_check.items()))}"
            )
        timed = None if args.no_pofilter else time_pofilter(catalogs)
        if timed is None:
            print(
                "  pofilter: skipped"
                if args.no_pofilter
                else "  pofilter: not installed (.venv/bin/pip install translate-toolkit)"
            )
            continue
        pofilter_wall, pofilter_cpu = timed
        print(
            f"  pofilter (46 default checks, no glossary): {pofilter_wall:.2f} s wall, "
            f"{pofilter_cpu:.2f} s CPU"
        )
        for label, (wall, cpu) in walls.items():
            print(
                f"  pofilter ÷ ours ({label}): {pofilter_wall / wall:.1f}x wall, "
                f"{pofilter_cpu / cpu:.1f}x CPU"
            )
    print(f"load average {load_average()} at the end")

    for label, _env in variants[1:]:
        same = results["tree"]["findings"] == results[label]["findings"]
        print(f"findings of tree and {label}: {'identical' if same else 'DIFFERENT'}")
    chosen = results[variants[1][0] if snapshot is not None else "tree"]
    if args.save_findings:
        args.save_findings.write_text(chosen["path"].read_text(encoding="utf-8"), encoding="utf-8")
        print(f"findings of {chosen['label']} saved to {args.save_findings}")
    if args.compare and not compare(args.compare, results["tree"]["findings"]):
        sys.exit(1)


if __name__ == "__main__":
    main()
