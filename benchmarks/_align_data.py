"""The aligned ja–en paragraph set of ``benchmarks/align_paragraphs/`` and its scoring.

Each file holds paragraphs as ``## id`` sections, one gold link per line (see the files'
heading). A link is (Japanese sentence indexes, English sentence indexes) within its
paragraph; scores compare links found with gold links:

- *links exact*: gold links found exactly (the same sentences on both sides);
- *sentence-pair F1*: over the pairs (Japanese sentence, English sentence) that links
  make, a sentence with no counterpart making a pair with "none";
- *paragraphs right*: paragraphs whose links are all exact.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPHS = ROOT / "benchmarks" / "align_paragraphs"

# (Japanese sentence indexes, English sentence indexes) of one link
GoldLink = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Paragraph:
    id: str
    ja: tuple[str, ...]
    en: tuple[str, ...]
    links: tuple[GoldLink, ...]

    @property
    def ja_text(self) -> str:
        return "".join(self.ja)

    @property
    def en_text(self) -> str:
        return " ".join(self.en)


def read_paragraphs(paths: Iterable[Path] | None = None) -> list[Paragraph]:
    """Every paragraph of the set (all files, in file and id order)."""
    found: list[Paragraph] = []
    for path in sorted(paths if paths is not None else PARAGRAPHS.glob("*.txt")):
        found.extend(_parse(path))
    return found


def _parse(path: Path) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    pid = ""
    rows: list[tuple[list[str], list[str]]] = []

    def flush() -> None:
        if not pid:
            return
        ja: list[str] = []
        en: list[str] = []
        links: list[GoldLink] = []
        for j_side, e_side in rows:
            links.append(
                (
                    tuple(range(len(ja), len(ja) + len(j_side))),
                    tuple(range(len(en), len(en) + len(e_side))),
                )
            )
            ja.extend(j_side)
            en.extend(e_side)
        paragraphs.append(Paragraph(pid, tuple(ja), tuple(en), tuple(links)))

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("## "):
            flush()
            pid, rows = line[3:].strip(), []
            continue
        if not line.strip() or line.startswith("#"):
            continue
        if " => " not in line:
            raise SystemExit(f"{path}:{number}: expected 'JAPANESE => ENGLISH'")
        left, right = line.split(" => ")
        rows.append((_side(left), _side(right)))
    flush()
    return paragraphs


def _side(text: str) -> list[str]:
    text = text.strip()
    return [] if text == "-" else [part.strip() for part in text.split(" / ")]


def link_type(link: GoldLink) -> str:
    return f"{len(link[0])}:{len(link[1])}"


@dataclass
class Score:
    """Counts over a set of paragraphs."""

    gold: int = 0
    exact: int = 0
    pairs_gold: int = 0
    pairs_found: int = 0
    pairs_right: int = 0
    paragraphs: int = 0
    paragraphs_right: int = 0
    by_type: Counter[str] | None = None
    exact_by_type: Counter[str] | None = None

    def add(self, gold: Sequence[GoldLink], found: Sequence[GoldLink]) -> None:
        if self.by_type is None:
            self.by_type, self.exact_by_type = Counter(), Counter()
        assert self.exact_by_type is not None
        found_set = set(found)
        right = 0
        for link in gold:
            self.by_type[link_type(link)] += 1
            if link in found_set:
                right += 1
                self.exact_by_type[link_type(link)] += 1
        self.gold += len(gold)
        self.exact += right
        g, f = _pairs(gold), _pairs(found)
        self.pairs_gold += len(g)
        self.pairs_found += len(f)
        self.pairs_right += len(g & f)
        self.paragraphs += 1
        self.paragraphs_right += right == len(gold) and len(found_set) == len(gold)

    @property
    def exact_share(self) -> float:
        return self.exact / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        if not self.pairs_found or not self.pairs_gold:
            return 0.0
        p = self.pairs_right / self.pairs_found
        r = self.pairs_right / self.pairs_gold
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def paragraph_share(self) -> float:
        return self.paragraphs_right / self.paragraphs if self.paragraphs else 0.0

    def types(self) -> str:
        assert self.by_type is not None and self.exact_by_type is not None
        order = ["1:1", "2:1", "1:2", "2:2", "1:0", "0:1", "3:1"]
        keys = order + sorted(set(self.by_type) - set(order))
        return ", ".join(
            f"{k} {self.exact_by_type[k]}/{self.by_type[k]}" for k in keys if self.by_type[k]
        )


def _pairs(links: Sequence[GoldLink]) -> set[tuple[int, int]]:
    out: set[tuple[int, int]] = set()
    for ja, en in links:
        if not ja:
            out.update((-1, e) for e in en)
        elif not en:
            out.update((j, -1) for j in ja)
        else:
            out.update((j, e) for j in ja for e in en)
    return out
