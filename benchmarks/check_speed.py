"""Benchmark: terminology/number/markup checks on 100,000 entries with a 10,000-term glossary.

    .venv/bin/pip install translate-toolkit     # for the pofilter comparison
    .venv/bin/python benchmarks/check_speed.py [--entries 100000] [--terms 10000]

Generates a glossary and an English catalog under benchmarks/data/ (git-ignored),
times ``translator.checks.check_catalogs`` over it, then times translate-toolkit's
``pofilter`` on the same PO file in the same run (skipped when not installed).
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import polib
import yaml

from translator.checks.runner import check_catalogs
from translator.glossary.load import load_glossary

DATA = Path(__file__).resolve().parent / "data"
KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモラリルレロ"
KANJI = "新型高速分散量子生成推論学習検索画像音声翻訳基盤計算資源制御最適"
SYLLABLES = ["ka", "ri", "to", "mo", "na", "ze", "lu", "vi", "so", "pe", "qu", "ex"]


def make_glossary(
    count: int, rng: random.Random
) -> tuple[list[dict[str, object]], list[tuple[str, str]]]:
    terms: list[dict[str, object]] = []
    pairs: list[tuple[str, str]] = []
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
        terms.append(term)
        pairs.append((source, target))
    return terms, pairs


def make_catalog(count: int, pairs: list[tuple[str, str]], rng: random.Random) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Language": "en", "Content-Type": "text/plain; charset=UTF-8"}
    for i in range(count):
        chosen = rng.sample(pairs, rng.randint(1, 3))
        value = rng.randint(1, 999)
        cite = rng.randint(1, 9)
        src = "、".join(s for s, _ in chosen) + f"は{value}億円の投資を発表しました[{cite}]。"
        amount = f"{value * 100} million yen[{cite}]."
        tgt = ", ".join(t for _, t in chosen) + " announced an investment of " + amount
        roll = rng.random()
        if roll < 0.05:
            tgt = tgt.replace(f"{value * 100} million", f"{value} million")
        elif roll < 0.10:
            tgt = tgt.replace(chosen[0][1], "something", 1)
        elif roll < 0.12:
            tgt = tgt.replace(f"[{cite}]", "")
        po.append(polib.POEntry(msgid=src, msgstr=tgt, occurrences=[("bench.md", str(i + 1))]))
    return po


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    DATA.mkdir(parents=True, exist_ok=True)
    terms, pairs = make_glossary(args.terms, rng)
    glossary_path = DATA / "bench-glossary.yaml"
    glossary_path.write_text(
        yaml.safe_dump({"terms": terms}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    po_path = DATA / "bench-en.po"
    make_catalog(args.entries, pairs, rng).save(str(po_path))
    print(f"data: {args.terms} terms, {args.entries} entries in {DATA}")

    start = time.perf_counter()
    glossary = load_glossary([glossary_path])
    glossary.source_matcher  # noqa: B018 - build the automata now
    glossary.target_matcher("en")
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    findings = check_catalogs([po_path], glossary)
    check_s = time.perf_counter() - start
    by_check: dict[str, int] = {}
    for f in findings:
        by_check[f.check] = by_check.get(f.check, 0) + 1
    print(f"translator check: glossary load + automata {load_s:.2f} s, "
          f"check {check_s:.2f} s ({args.entries / check_s:,.0f} entries/s), "
          f"{len(findings)} findings {dict(sorted(by_check.items()))}")  # fmt: skip

    pofilter = shutil.which("pofilter") or str(Path(sys.executable).parent / "pofilter")
    if not Path(pofilter).exists():
        print("pofilter: not installed (.venv/bin/pip install translate-toolkit)")
        return
    out = DATA / "bench-pofilter.po"
    start = time.perf_counter()
    subprocess.run([pofilter, "-i", str(po_path), "-o", str(out)], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    pofilter_s = time.perf_counter() - start
    print(f"pofilter (all 46 default checks, no glossary): {pofilter_s:.2f} s "
          f"({args.entries / pofilter_s:,.0f} entries/s)")  # fmt: skip


if __name__ == "__main__":
    main()
