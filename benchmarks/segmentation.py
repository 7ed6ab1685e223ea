"""Sentence segmentation: accuracy and speed of ours against pysbd, sentencex and yasbd.

Accuracy is measured on the case set in ``tests/segment_cases/`` (paragraph -> expected
sentences): exact paragraphs, and precision/recall/F1 of boundaries (a boundary is the
offset where a sentence starts, after the first). Speed is CPU time on one core over a
multi-megabyte Japanese corpus rebuilt at run time from Debian's Japanese documentation
packages (``apt-get download`` + ``dpkg-deb -x`` into ``benchmarks/data/segmentation/``,
git-ignored): the text of every ``<p>`` element that contains Japanese, one paragraph per
element, repeated until the corpus reaches ``--megabytes``.

    .venv/bin/pip install pysbd sentencex yasbd-lib   # peers, for the benchmark only
    .venv/bin/python benchmarks/segmentation.py       # --megabytes 5 --repeat 3

Peers that are not installed are skipped with a note. Run on an idle machine; the process
is pinned to one core where the OS allows it.
"""

from __future__ import annotations

import argparse
import gzip
import html
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translator.segment import split_sentences  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "segmentation"
CASES = ROOT / "tests" / "segment_cases"
PACKAGES = (
    "debian-reference-ja",
    "debian-faq-ja",
    "maint-guide-ja",
    "developers-reference-ja",
    "debian-policy-ja",
)
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

Splitter = Callable[[str], list[str]]


# --- corpus ------------------------------------------------------------------------------


class _Paragraphs(HTMLParser):
    """The text of each <p> element, tags dropped, entities decoded, text otherwise as is."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.current: list[str] = []
        self.paragraphs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p":
            self.depth += 1
            if self.depth == 1:
                self.current = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self.depth:
            self.depth -= 1
            if self.depth == 0:
                text = "".join(self.current).strip()
                if _JAPANESE.search(text):
                    self.paragraphs.append(text)

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.current.append(data)


def _extract(deb: Path) -> Path:
    target = DATA / deb.stem
    if not target.exists():
        subprocess.run(["dpkg-deb", "-x", str(deb), str(target)], check=True)
    return target


def corpus_paragraphs() -> list[str]:
    """Japanese paragraphs from the Debian documentation packages (downloaded if missing)."""
    DATA.mkdir(parents=True, exist_ok=True)
    debs = sorted(DATA.glob("*.deb"))
    if not debs:
        subprocess.run(["apt-get", "download", *PACKAGES], cwd=DATA, check=True)
        debs = sorted(DATA.glob("*.deb"))
    paragraphs: list[str] = []
    for deb in debs:
        tree = _extract(deb)
        for page in sorted(tree.rglob("*.html")):
            if not page.is_file() or "ja" not in page.as_posix():
                continue
            parser = _Paragraphs()
            raw = page.read_bytes()
            if page.suffix == ".gz":
                raw = gzip.decompress(raw)
            parser.feed(raw.decode("utf-8", errors="replace"))
            paragraphs.extend(html.unescape(p) for p in parser.paragraphs)
    return paragraphs


def build_corpus(megabytes: float) -> list[str]:
    base = corpus_paragraphs()
    if not base:
        raise SystemExit("no Japanese paragraphs found in the Debian packages")
    out: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        for p in base:
            out.append(p)
            size += len(p.encode("utf-8"))
    return out


# --- splitters -----------------------------------------------------------------------------


def splitters(lang: str) -> tuple[dict[str, Splitter], list[str]]:
    found: dict[str, Splitter] = {"translator.segment": lambda t: split_sentences(t, lang)}
    notes: list[str] = []
    try:
        import pysbd  # type: ignore[import-not-found,import-untyped,unused-ignore]

        seg = pysbd.Segmenter(language=lang, clean=False)
        found["pysbd"] = lambda t: [s.strip() for s in seg.segment(t) if s.strip()]
    except ImportError:
        notes.append("pysbd not installed: skipped")
    try:
        import sentencex  # type: ignore[import-not-found,import-untyped,unused-ignore]

        found["sentencex"] = lambda t: [s.strip() for s in sentencex.segment(lang, t) if s.strip()]
    except ImportError:
        notes.append("sentencex not installed: skipped")
    try:
        from yasbd import (  # type: ignore[import-not-found,import-untyped,unused-ignore]
            BoundaryDetector,
        )

        detector = BoundaryDetector(lang=lang)
        found["yasbd"] = lambda t: [s.strip() for s in detector.segment(t) if s.strip()]
    except ImportError:
        notes.append("yasbd (PyPI: yasbd-lib) not installed: skipped")
    return found, notes


# --- accuracy ------------------------------------------------------------------------------


def load_cases(lang: str) -> list[tuple[str, list[str]]]:
    raw = yaml.safe_load((CASES / f"{lang}.yaml").read_text(encoding="utf-8"))
    return [(str(c["text"]), [str(s) for s in c["sentences"]]) for c in raw]


def boundaries(text: str, sentences: Iterable[str]) -> set[int] | None:
    """Start offsets of the sentences after the first, found left to right; None if a
    sentence is not a verbatim substring (the splitter altered the text)."""
    out: list[int] = []
    pos = 0
    for s in sentences:
        i = text.find(s, pos)
        if i < 0:
            return None
        out.append(i)
        pos = i + len(s)
    return set(out[1:])


def accuracy(split: Splitter, cases: list[tuple[str, list[str]]]) -> dict[str, float]:
    exact = tp = fp = fn = kept = 0
    for text, expected in cases:
        try:
            got = split(text)
        except Exception:  # a peer crashing on a case counts as a miss
            got = [text]
        gold = boundaries(text, expected) or set()
        found = boundaries(text, got)
        if found is not None:
            kept += 1
        else:
            found = set()
        exact += got == expected
        tp += len(gold & found)
        fp += len(found - gold)
        fn += len(gold - found)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "exact": exact,
        "n": len(cases),
        "p": precision,
        "r": recall,
        "f1": f1,
        "kept": kept / len(cases),
    }


def throughput(split: Splitter, corpus: list[str], repeat: int) -> float:
    size = sum(len(p.encode("utf-8")) for p in corpus)
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for p in corpus:
            split(p)
        best = min(best, time.process_time() - start)
        if best > 10:  # slow peers: one pass is precise enough
            break
    return size / 1e6 / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--langs", default="ja,en,zh")
    parser.add_argument("--skip-speed", action="store_true")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    corpus = [] if args.skip_speed else build_corpus(args.megabytes)
    size = sum(len(p.encode("utf-8")) for p in corpus)
    if corpus:
        print(f"corpus: {len(corpus)} paragraphs, {size / 1e6:.2f} MB (Debian ja docs)")
    for lang in args.langs.split(","):
        found, notes = splitters(lang)
        cases = load_cases(lang)
        print(f"\n### {lang}: {len(cases)} paragraphs\n")
        speed_col = " MB/s (1 core) | × pysbd |" if lang == "ja" and corpus else ""
        print(f"| tool | exact | boundary P | R | F1 | text kept |{speed_col}")
        print("|---|---|---|---|---|---|" + ("---|---|" if speed_col else ""))
        speeds: dict[str, float] = {}
        if speed_col:
            for name, split in found.items():
                speeds[name] = throughput(split, corpus, args.repeat)
        for name, split in found.items():
            a = accuracy(split, cases)
            row = (
                f"| {name} | {a['exact'] / a['n']:.1%} ({a['exact']:.0f}/{a['n']:.0f}) "
                f"| {a['p']:.3f} | {a['r']:.3f} | {a['f1']:.3f} | {a['kept']:.0%} |"
            )
            if speed_col:
                ratio = speeds[name] / speeds["pysbd"] if "pysbd" in speeds else float("nan")
                row += f" {speeds[name]:.2f} | {ratio:.1f} |"
            print(row)
        for note in notes:
            print(f"\n{note}")


if __name__ == "__main__":
    main()
