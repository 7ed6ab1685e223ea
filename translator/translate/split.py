"""Paragraph mode: one translated paragraph cut back into its source sentences.

:func:`split_translation` is the whole interface. It aligns the paragraph's sentences
with the sentences of its translation by the sentence aligner's model
(``translator.align.sentences``): kinds of link, lengths and content evidence, each
linking a probability, each link and each boundary with its posterior. What it knows
about the target language:

- **English** (``en``, ``en_GB``...): the model as calibrated for ja→en, with the EDICT
  lexicon when one is installed (``translator.align.lexicon``);
- **any other language**: the same model without the lexicon, lengths measured against
  the paragraph's own ratio (its translation, scaled to the length English would have,
  goes through the English length model), content evidence from what any translation
  keeps: numbers by value, Latin names, code, links, citation markers, loanwords.

Anchors the caller knows the owner of (masked spans put back in the reply) weigh on
each link as well: one on the wrong side of a boundary is unlikely.

A sentence is placed with confidence only when its link is 1:1 or 1:n (a sentence
translated as several) and that link's posterior is high. Everything else forms unsure
regions, each sentence of which gets the region's whole translation: sentences
translated as one; the sentences on both sides of a boundary whose place is unsure; a
sentence left with no translation and its neighbours; the neighbours of a translated
sentence with no source; a sentence whose anchor ended up beside another, and that
other. Every sentence of the translation lands in exactly one region.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from translator.align.blocks import prose_length
from translator.align.evidence import source_evidence, target_evidence
from translator.align.lattice import Solution
from translator.align.lexicon import load_lexicon
from translator.align.sentences import PRIOR_RATIO, Unit, shrunk_ratio, solve_units
from translator.locales import language_of
from translator.segment import sentence_spans


@dataclass(frozen=True)
class Piece:
    """The translation given to one source sentence."""

    text: str
    confident: bool  # False: the text may hold more or less than this sentence's translation
    first: int  # the source sentences ``text`` translates: first..last (0-based, inclusive)
    last: int


# A span of the translation known to translate part of source sentence ``owner``:
# (start, end, owner).
Anchor = tuple[int, int, int]


@dataclass(frozen=True)
class Model:
    """What the split knows about a target language."""

    lexicon: bool  # read the EDICT lexicon (its glosses are English)
    english_lengths: bool  # lengths as measured for English; else the paragraph's own ratio


ENGLISH = Model(lexicon=True, english_lengths=True)
NEUTRAL = Model(lexicon=False, english_lengths=False)

# A link, or a boundary, is placed with confidence at this posterior or more. On the
# tuning half of benchmarks/align_paragraphs/ (benchmarks/split_quality.py), every
# threshold from 0.7 to 0.98 placed no sentence wrongly with confidence, with or without
# the lexicon; 0.9 keeps a margin.
CONFIDENT = 0.9
# An anchor on the other side of a boundary from its owner: as rare as a code span or
# citation marker its translation does not keep (translator.align.sentences: 5 %).
MISPLACED = math.log(0.05)


def benchmark_models() -> list[tuple[str, Model]]:
    """The models ``benchmarks/split_quality.py`` compares on English beside the one
    English gets: the English model without its lexicon, and the model of the other
    languages."""
    return [
        ("after, en without the lexicon", Model(lexicon=False, english_lengths=True)),
        ("after, the model of other languages, on English", NEUTRAL),
    ]


def model_for(target_locale: str) -> Model:
    return ENGLISH if language_of(target_locale) == "en" else NEUTRAL


def prepare_split(target_locale: str) -> None:
    """Read what splitting into ``target_locale`` needs (the lexicon, for English) now
    rather than at the first reply: a ``TranslatorError`` if it cannot be read."""
    if model_for(target_locale).lexicon:
        load_lexicon()


def split_translation(
    sources: Sequence[str],
    translation: str,
    *,
    target_locale: str,
    anchors: Sequence[Anchor] = (),
) -> list[Piece]:
    """One piece per source sentence, in order; together they hold every sentence of
    ``translation`` (an unsure region's text is given to each sentence of the region)."""
    return split_with(
        model_for(target_locale), sources, translation, target_locale=target_locale,
        anchors=anchors,
    )  # fmt: skip


def split_with(
    model: Model,
    sources: Sequence[str],
    translation: str,
    *,
    target_locale: str,
    anchors: Sequence[Anchor] = (),
) -> list[Piece]:
    """:func:`split_translation` with the given model, whatever the locale."""
    n = len(sources)
    if n == 0:
        return []
    spans = sentence_spans(translation, target_locale)
    if not spans:
        return [Piece("", False, 0, n - 1) for _ in range(n)]
    if n == 1:
        return [Piece(translation[spans[0][0] : spans[-1][1]], True, 0, 0)]
    targets = [translation[s:e] for s, e in spans]
    lexicon = load_lexicon() if model.lexicon else None
    s_lengths = [max(prose_length(s), 1.0) for s in sources]
    t_lengths = [max(prose_length(t), 1.0) for t in targets]
    if model.english_lengths:
        ratio = shrunk_ratio(sum(s_lengths), sum(t_lengths))
    else:  # lengths in what English would have, at this paragraph's own ratio
        scale = PRIOR_RATIO * sum(s_lengths) / sum(t_lengths)
        t_lengths = [t * scale for t in t_lengths]
        ratio = PRIOR_RATIO
    known = _known_owners(spans, anchors, n)
    s_units = [
        Unit(length, evidence=source_evidence(text, lexicon))
        for text, length in zip(sources, s_lengths, strict=True)
    ]
    t_units = [
        Unit(length, evidence=target_evidence(text, target_locale, lexicon))
        for text, length in zip(targets, t_lengths, strict=True)
    ]
    solution = solve_units(
        s_units, t_units, ratio, extra=_anchor_score(known) if known else None
    )
    return _pieces(solution, n, spans, translation, known)


def _known_owners(
    spans: Sequence[tuple[int, int]], anchors: Sequence[Anchor], n: int
) -> list[tuple[int, int]]:
    """(owner source sentence, target sentence) of each anchor."""
    found: list[tuple[int, int]] = []
    for start, _end, owner in anchors:
        j = next((k for k, (s, e) in enumerate(spans) if s <= start < e), None)
        if j is not None and 0 <= owner < n:
            found.append((owner, j))
    return found


def _anchor_score(known: Sequence[tuple[int, int]]) -> Callable[[int, int, int, int], float]:
    def score(i: int, j: int, a: int, b: int) -> float:
        # Half for each of the two links an anchor on the wrong side touches.
        wrong = sum((i <= owner < i + a) != (j <= t < j + b) for owner, t in known)
        return 0.5 * MISPLACED * wrong

    return score


def _pieces(
    solution: Solution,
    n: int,
    spans: Sequence[tuple[int, int]],
    translation: str,
    known: Sequence[tuple[int, int]],
) -> list[Piece]:
    steps = solution.steps
    region = _Regions(n)
    doubt: set[int] = set()  # single sentences not placed with confidence
    holder: dict[int, int] = {}  # target sentence -> a source sentence its region holds
    for step in steps:
        sources = range(step.i, step.i + step.a)
        if step.a > 1:  # sentences translated as one
            region.join(step.i, step.i + step.a - 1)
        if 0 < step.i < n and solution.cell_posterior(step.i, step.j) < CONFIDENT:
            region.join(step.i - 1, step.i)  # a boundary whose place is unsure
        if step.a and step.b and step.posterior < CONFIDENT:
            doubt.update(sources)
        if not step.b:  # no translation of its own: it is in a neighbour's, if anywhere
            region.join(max(step.i - 1, 0), min(step.i + step.a, n - 1))
        if not step.a:  # a translated sentence with no source: the neighbours' then
            left, right = max(step.i - 1, 0), min(step.i, n - 1)
            region.join(left, right)
            doubt.update({left, right})
        for t in range(step.j, step.j + step.b):
            holder[t] = min(step.i, n - 1)
    for owner, t in known:
        if region.find(owner) != region.find(holder[t]):
            region.join(owner, holder[t])
    members: dict[int, list[int]] = {}
    for k in range(n):
        members.setdefault(region.find(k), []).append(k)
    held: dict[int, list[int]] = {}  # region -> its target sentences, in order
    for t in sorted(holder):
        held.setdefault(region.find(holder[t]), []).append(t)
    texts = {
        root: translation[spans[ts[0]][0] : spans[ts[-1]][1]] if ts else ""
        for root in members
        for ts in [held.get(root, [])]
    }
    out: list[Piece] = []
    for k in range(n):
        root = region.find(k)
        group = members[root]
        alone = len(group) == 1 and k not in doubt
        out.append(Piece(texts[root], alone and bool(texts[root]), group[0], group[-1]))
    return out


class _Regions:
    """Source sentences joined into contiguous regions (union-find over ranges)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, x: int, y: int) -> None:
        """Join ``x``, ``y`` and every sentence between them."""
        for k in range(min(x, y), max(x, y)):
            a, b = self.find(k), self.find(k + 1)
            if a != b:
                self.parent[max(a, b)] = min(a, b)
