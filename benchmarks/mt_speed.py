"""Pre-translation speed: MT through a loopback server, and TM lookups.

1. 2,000 segments translated through the loopback OpenAI-compatible server
   (tests/mt_servers.py) answering each request after a fixed latency (default 50 ms),
   first one request at a time (parallel: 1), then concurrently (parallel: 4 and 8), then
   again from the response cache (zero requests). Wall time of ``translate_project``.
2. TM lookup time against 10,000 and 100,000 units of synthetic Japanese (Zipf-distributed
   vocabulary): exact, edited (one word changed: fuzzy) and unrelated queries.

    .venv/bin/python benchmarks/mt_speed.py [--segments 2000] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from tests.mt_servers import FakeMT  # noqa: E402
from translator import project as steps  # noqa: E402
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
    (folder / "docs").mkdir(parents=True)
    (folder / "docs/bench.md").write_text("\n".join(lines), encoding="utf-8")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--segments", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--tm-sizes", default="10000,100000")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}")
    bench_mt(args.segments, args.latency)
    bench_tm([int(s) for s in args.tm_sizes.split(",")])


if __name__ == "__main__":
    main()
