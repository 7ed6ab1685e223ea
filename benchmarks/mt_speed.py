"""Pre-translation speed: MT through a loopback server, and TM lookups.

1. 2,000 segments translated through the loopback OpenAI-compatible server
   (tests/mt_servers.py) answering each request after a fixed latency (default 50 ms),
   first one request at a time (parallel: 1), then concurrently (parallel: 4 and 8), then
   again from the response cache (zero requests). Wall time of ``translate_project``.
2. TM lookup time against 10,000 and 100,000 units of synthetic Japanese (Zipf-distributed
   vocabulary): exact, edited (one word changed: fuzzy) and unrelated queries.
3. What document context costs: a synthetic article (headings, paragraphs of 1-6
   sentences, lists) drafted through the loopback OpenAI-compatible and DeepL servers as
   today's requests (``context_chars: 0``: sentences alone), with context (the defaults)
   and in paragraph mode, for a new document and for one whose catalog already has 40 %
   of its sentences approved (references): requests, characters of text and of context,
   request bytes as the server received them, wall time, each as a ratio to today's. The
   server translates sentence by sentence, but joins the first two sentences of one
   multi-sentence text in five: paragraph mode should leave exactly those two sentences
   unsure (twice as many unsure drafts as joining replies), and no other.

    .venv/bin/python benchmarks/mt_speed.py [--segments 2000] [--latency 0.05]
    .venv/bin/python benchmarks/mt_speed.py --only context [--context-segments 1000]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from tests.mt_servers import FakeMT, sentence_by_sentence  # noqa: E402
from translator import project as steps  # noqa: E402
from translator.catalog.pofile import read_catalog  # noqa: E402
from translator.config import load_config  # noqa: E402
from translator.tm import TranslationMemory, Unit  # noqa: E402
from translator.translate.runner import TranslateOptions, translate_project  # noqa: E402

_KANA = "".join(chr(c) for c in range(0x30A2, 0x30F3))
_KANJI = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 600))
_PARTICLES = ["は", "が", "を", "に", "で", "の", "と", "から", "まで", "も"]
_ENDINGS = ["です。", "でした。", "します。", "しました。", "する予定です。", "されています。"]


def vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        pool = _KANA if rng.random() < 0.35 else _KANJI
        words.add("".join(rng.choice(pool) for _ in range(rng.randint(2, 4))))
    return sorted(words)


class Sentences:
    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.words = vocabulary(self.rng)
        self.weights = [1 / (rank + 1) for rank in range(len(self.words))]

    def words_of(self, count: int) -> list[str]:
        return self.rng.choices(self.words, self.weights, k=count)

    def make(self) -> list[str]:
        return self.words_of(self.rng.randint(6, 11))

    @staticmethod
    def join(words: list[str], rng: random.Random) -> str:
        out = []
        for i, word in enumerate(words[:-1]):
            out.append(word + _PARTICLES[(i * 7 + len(word)) % len(_PARTICLES)])
            if i == 2:
                out.append(f"{rng.randint(2, 900)}")
        return "".join(out) + words[-1] + _ENDINGS[len(words) % len(_ENDINGS)]


def mt_project(folder: Path, segments: int) -> Path:
    gen = Sentences(11)
    lines = ["# ベンチマーク用の記事", ""]
    seen: set[str] = set()
    while len(seen) < segments - 1:
        sentence = gen.join(gen.make(), gen.rng)
        if sentence not in seen:
            seen.add(sentence)
            lines.extend([sentence, ""])
    return german_project(folder, "bench", lines)


def german_project(folder: Path, name: str, lines: list[str]) -> Path:
    """A project in ``folder`` with one Japanese document ``docs/NAME.md`` of ``lines``,
    extracted, and its German catalog created."""
    (folder / "docs").mkdir(parents=True)
    (folder / f"docs/{name}.md").write_text("\n".join(lines), encoding="utf-8")
    (folder / "translator.yaml").write_text(
        yaml.safe_dump(
            {
                "source_locale": "ja",
                "target_locales": ["de"],
                "documents": ["docs/*.md"],
                "glossary": [],
            }
        ),
        encoding="utf-8",
    )
    config = load_config(folder / "translator.yaml")
    steps.extract_all(config, lambda _: None)
    steps.update_all(config, lambda _: None)
    return folder


def run_mt(
    template: Path, work: Path, url: str, parallel: int, keep_cache: bool
) -> tuple[float, int, int]:
    if work.exists() and not keep_cache:
        shutil.rmtree(work)
    if not work.exists():
        shutil.copytree(template, work)
    data = yaml.safe_load((work / "translator.yaml").read_text(encoding="utf-8"))
    data["machine_translation"] = {
        "parallel": parallel,
        "save_interval": 1.0,
        "openai": {"url": url + "/v1", "model": "bench", "batch_size": 20},
    }
    (work / "translator.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    started = time.perf_counter()
    summary = translate_project(
        load_config(work / "translator.yaml"),
        TranslateOptions(engine="openai", refresh_fuzzy=keep_cache),
        report=lambda _: None,
        environ={},
        progress_stream=open("/dev/null", "w"),  # noqa: SIM115
    )
    elapsed = time.perf_counter() - started
    return elapsed, summary.total("from_mt"), summary.total("requests")


def bench_mt(segments: int, latency: float) -> None:
    print(f"## MT: {segments} segments, batch_size 20, {latency * 1000:.0f} ms per request")
    with tempfile.TemporaryDirectory() as tmp, FakeMT(latency=latency) as server:
        template = mt_project(Path(tmp) / "template", segments)
        work = Path(tmp) / "work"
        rows = []
        for parallel in (1, 4, 8):
            rows.append((parallel, *run_mt(template, work, server.url, parallel, False)))
        cached = run_mt(template, work, server.url, 4, True)
        base = rows[0][1]
        print("| parallel | wall s | segments | requests | speed-up |")
        print("|---:|---:|---:|---:|---:|")
        for parallel, wall, done, requests in rows:
            print(f"| {parallel} | {wall:.2f} | {done} | {requests} | {base / wall:.1f}x |")
        print(f"| cached re-run | {cached[0]:.2f} | {cached[1]} | {cached[2]} | - |")


def bench_tm(sizes: list[int], queries: int = 1000) -> None:
    print("\n## TM lookup (synthetic Japanese, 1,000 queries of each kind)")
    print("| units | build s (insert + index) | exact µs | edited µs (hit %) | unrelated µs |")
    print("|---:|---:|---:|---:|---:|")
    for size in sizes:
        gen = Sentences(3)
        word_lists = [gen.make() for _ in range(size)]
        sources = [gen.join(w, gen.rng) for w in word_lists]
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            tm = TranslationMemory(Path(tmp) / "tm.sqlite")
            tm.add(Unit("ja", "en", s, f"translation {i}") for i, s in enumerate(sources))
            tm.prepare("ja", "en")
            build = time.perf_counter() - started
            picks = gen.rng.sample(range(size), queries)
            exact = [sources[i] for i in picks]
            edited = []
            for i in picks:
                words = list(word_lists[i])
                words[gen.rng.randrange(len(words))] = gen.words_of(1)[0]
                edited.append(gen.join(words, random.Random(i)))
            other = Sentences(99)
            unrelated = [other.join(other.make(), other.rng) for _ in range(queries)]
            timings = []
            hits = 0
            for batch in (exact, edited, unrelated):
                started = time.perf_counter()
                found = [tm.lookup(q, "ja", "en", 75) for q in batch]
                timings.append((time.perf_counter() - started) / len(batch) * 1e6)
                if batch is edited:
                    hits = sum(1 for m in found if m is not None)
            tm.close()
        print(
            f"| {size:,} | {build:.2f} | {timings[0]:.0f} | {timings[1]:.0f} "
            f"({100 * hits / queries:.0f}) | {timings[2]:.0f} |"
        )


def article_project(folder: Path, segments: int) -> Path:
    """A project with one article of about ``segments`` sentences, laid out as articles
    are: a title, sections under headings, paragraphs of 1-6 sentences, a list now and
    then; its German catalog still empty."""
    gen = Sentences(23)
    rng = random.Random(5)
    lines = ["# " + gen.join(gen.make()[:4], rng).rstrip("。です") + "の発表", ""]
    seen: set[str] = set()
    count = 0

    def sentence() -> str:
        while True:
            text = gen.join(gen.make(), gen.rng)
            if text not in seen:
                seen.add(text)
                return text

    while count < segments - 1:
        lines.extend(["## " + "".join(gen.words_of(3)), ""])
        count += 1
        for _ in range(rng.randint(2, 5)):
            if rng.random() < 0.15:
                items = rng.randint(2, 4)
                lines.extend([f"- {sentence()}" for _ in range(items)] + [""])
                count += items
            else:
                size = rng.randint(1, 6)
                lines.extend(["".join(sentence() for _ in range(size)), ""])
                count += size
    return german_project(folder, "article", lines)


def approve_some(folder: Path, share: float) -> int:
    """Give ``share`` of the German entries an approved translation (as after a review)."""
    path = folder / "locales/de/article.po"
    po = read_catalog(path)
    rng = random.Random(9)
    count = 0
    for entry in po:
        if entry.msgid and rng.random() < share:
            entry.msgstr = f"Genehmigte Übersetzung {count}: " + " ".join(gen_words(rng))
            count += 1
    po.save(str(path))
    return count


def gen_words(rng: random.Random) -> list[str]:
    return rng.sample(["Modell", "Daten", "Version", "Markt", "Technik", "Firma", "Jahr"], 4)


JOINED: list[str] = []  # texts the server answered with two sentences joined


def now_and_then_merged(text: str, target: str) -> str:
    """Sentence by sentence, except that one text in five with several sentences comes
    back with its first two joined into one (as models do now and then)."""
    out = sentence_by_sentence(text, target)
    if sum(ord(c) for c in text) % 5 == 0 and f"。 {target.upper()}: " in out:
        out = out.replace(f"。 {target.upper()}: ", "、", 1)
        JOINED.append(text)
    return out


CONTEXT_MODES: dict[str, dict[str, object]] = {
    "today (sentences alone)": {"context_chars": 0},
    "context (defaults)": {},
    "paragraph mode + context": {"unit": "paragraph"},
}


def run_context(
    template: Path, work: Path, server: FakeMT, engine: str, extra: dict[str, object]
) -> dict[str, float]:
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(template, work)
    url = server.url + "/v1" if engine == "openai" else server.url
    settings: dict[str, object] = {"url": url, **extra}
    if engine == "openai":
        settings["model"] = "bench"
    data = yaml.safe_load((work / "translator.yaml").read_text(encoding="utf-8"))
    data["machine_translation"] = {"parallel": 4, "save_interval": 1.0, engine: settings}
    (work / "translator.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    server.requests.clear()
    JOINED.clear()
    started = time.perf_counter()
    summary = translate_project(
        load_config(work / "translator.yaml"),
        TranslateOptions(engine=engine),
        report=lambda _: None,
        environ={"DEEPL_AUTH_KEY": "bench"},
        progress_stream=open("/dev/null", "w"),  # noqa: SIM115
    )
    wall = time.perf_counter() - started
    sent = server.translation_requests()
    return {
        "wall": wall,
        "drafts": summary.total("from_mt"),
        "unsure": summary.total("unsure"),
        "joined": len(JOINED),
        "requests": len(sent),
        "text": summary.total("chars_sent"),
        "context": summary.total("context_chars"),
        "bytes": sum(len(json.dumps(r.body, ensure_ascii=False).encode("utf-8")) for r in sent),
    }


def bench_context(segments: int, latency: float) -> None:
    print(
        f"\n## What context costs: one article of {segments} sentences into German, "
        f"{latency * 1000:.0f} ms per request, parallel 4"
    )
    print(
        "| engine | catalog | requests | text chars | context chars | request KB "
        "| wall s | requests ÷ today | KB ÷ today | wall ÷ today | replies joining 2 "
        "| unsure drafts |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp, FakeMT(latency=latency) as server:
        server.translate = now_and_then_merged
        fresh = article_project(Path(tmp) / "fresh", segments)
        reviewed = Path(tmp) / "reviewed"
        shutil.copytree(fresh, reviewed)
        approved = approve_some(reviewed, 0.4)
        run_context(fresh, Path(tmp) / "work", server, "openai", {})  # warm-up, not shown
        for engine in ("openai", "deepl"):
            for label, template in (("new", fresh), (f"{approved} approved", reviewed)):
                base: dict[str, float] | None = None
                for mode, extra in CONTEXT_MODES.items():
                    row = run_context(template, Path(tmp) / "work", server, engine, extra)
                    base = base or row
                    print(
                        f"| {engine} {mode} | {label} | {row['requests']:.0f} "
                        f"| {row['text']:,.0f} | {row['context']:,.0f} "
                        f"| {row['bytes'] / 1024:,.0f} | {row['wall']:.2f} "
                        f"| {row['requests'] / base['requests']:.2f} "
                        f"| {row['bytes'] / base['bytes']:.2f} "
                        f"| {row['wall'] / base['wall']:.2f} | {row['joined']:.0f} "
                        f"| {row['unsure']:.0f} |"
                    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--segments", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--tm-sizes", default="10000,100000")
    parser.add_argument("--context-segments", type=int, default=1000)
    parser.add_argument("--only", choices=("mt", "tm", "context"), default=None)
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}")
    if args.only in (None, "mt"):
        bench_mt(args.segments, args.latency)
    if args.only in (None, "tm"):
        bench_tm([int(s) for s in args.tm_sizes.split(",")])
    if args.only in (None, "context"):
        bench_context(args.context_segments, args.latency)


if __name__ == "__main__":
    main()
