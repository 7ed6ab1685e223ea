"""Second level: the sentences inside one pair of blocks.

Each way of linking the sentences is scored as a probability, the product over its links
of three factors, all measured on our paragraph set (``benchmarks/align_calibrate.py``):

- **the kind of link** (1:1, 2:1, 1:2, 2:2, 3:1, 1:3, 1:0, 0:1), by its share in ja→en
  translation;
- **lengths**: the English length of a link is log-normal around the document's ratio
  times its Japanese length (Gale and Church 1993, as a density); the sentences of a
  split share their length uniformly; an English sentence with no counterpart has the
  length of any English sentence. So an English sentence that the Japanese next to it
  cannot explain by length is an insertion, not half of a split;
- **content**: each word, loanword, name, number, code span, link and glossary term of a
  link is explained by the other side's sentences or not (``evidence``); each counts the
  log-ratio of how often that happens between a sentence and its translation and between
  sentences that do not translate each other (more often by chance, the more sentences
  face it). A sentence with no counterpart adds no content term: a Japanese sentence
  none of whose words the English explains is left out rather than merged.

The best linking is found by dynamic programming (``lattice``), banded when the block is
long, with each link's posterior probability as its confidence.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from translator.align import lattice
from translator.align.anchors import Keys
from translator.align.evidence import (
    BARE_KATA,
    BARE_WORD,
    EMPTY,
    KATA,
    LEX,
    MARKUP,
    NAME,
    NUM,
    SMALL,
    TERM,
    WORD,
    Evidence,
    combined,
)

# Share of each kind of link: our tuning half and the published ja→en shares, averaged.
PRIORS = {
    (1, 1): 0.775,
    (2, 1): 0.075,
    (1, 2): 0.053,
    (2, 2): 0.027,
    (1, 0): 0.026,
    (0, 1): 0.024,
    (3, 1): 0.017,
    (1, 3): 0.003,
}
MOVES = tuple(PRIORS)
LOG_PRIOR = {move: math.log(p) for move, p in PRIORS.items()}
# Spread of log(English length / (ratio × Japanese length)) of linked sentences: its
# variance is LENGTH_VARIANCE + LENGTH_NOISE / (expected English characters), wider for
# short sentences (a few characters of punctuation or code weigh more there); and the
# log-normal of English sentence lengths (characters of prose).
LENGTH_VARIANCE = 0.02
LENGTH_NOISE = 2.0
ENGLISH_MU, ENGLISH_SIGMA = 3.81, 0.42
# Per class of item: how often a sentence's translation explains it, and how often a
# sentence that does not translate it does (measured with the EDICT lexicon; see
# benchmarks/align_calibrate.py). The sentences a merge links with an item explain it
# together about as often as one sentence's translation does (0.63 against 0.58 for
# dictionary words, 0.71 against 0.70 for English words), and by chance more often, the
# more of them there are: an item is weighed once against the sentences it is linked
# with taken together, so a name every sentence repeats does not pull them into a merge.
EXPLAINED = {
    LEX: (0.58, 0.069),
    KATA: (0.91, 0.065),
    NAME: (0.88, 0.029),
    NUM: (0.95, 0.005),
    SMALL: (0.84, 0.022),
    MARKUP: (0.95, 0.021),
    TERM: (0.9, 0.03),
    WORD: (0.70, 0.067),
    BARE_KATA: (0.76, 0.06),
    BARE_WORD: (0.11, 0.005),
}
CONTENT_WEIGHT = 0.5
# English characters per Japanese character before a text says otherwise, and how many
# Japanese characters of the text it weighs (benchmarks/align_calibrate.py).
PRIOR_RATIO = 2.2
PRIOR_RATIO_WEIGHT = 150.0

_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)


@dataclass(frozen=True)
class Unit:
    """One sentence as the model sees it."""

    length: float
    keys: Keys = field(default_factory=Keys)  # kept for callers of the first version
    evidence: Evidence = EMPTY


def _log_normal(value: float, mu: float, sigma: float) -> float:
    """log density of a log-normal at ``value``."""
    z = (math.log(value) - mu) / sigma
    return -0.5 * z * z - math.log(sigma) - _LOG_SQRT_2PI - math.log(value)


def length_log_prob(source: float, target: float, ratio: float, pieces: int = 1) -> float:
    """log density of ``target`` characters of English in ``pieces`` sentences for
    ``source`` characters of Japanese."""
    source, target = max(source, 1.0), max(target, 1.0)
    expected = ratio * source
    sigma = math.sqrt(LENGTH_VARIANCE + LENGTH_NOISE / expected)
    value = _log_normal(target, math.log(expected), sigma)
    if pieces > 1:  # where the sentence boundaries fall: uniform
        value += math.lgamma(pieces) - (pieces - 1) * math.log(target)
    return value


def insertion_log_prob(target: float) -> float:
    """log density of an English sentence of ``target`` characters with no counterpart."""
    return _log_normal(max(target, 1.0), ENGLISH_MU, ENGLISH_SIGMA)


@functools.lru_cache(maxsize=16)
def facing_log_ratios(facing: int) -> tuple[dict[str, float], dict[str, float]]:
    """Per class, for an item linked with ``facing`` sentences: the log-ratio of its not
    being explained by them, and what their explaining it adds."""
    no: dict[str, float] = {}
    gain: dict[str, float] = {}
    for kind, (alone, chance) in EXPLAINED.items():
        by_chance = 1.0 - (1.0 - chance) ** facing
        hit = max(alone, by_chance)
        no[kind] = math.log((1.0 - hit) / (1.0 - by_chance))
        gain[kind] = math.log(hit / by_chance) - no[kind]
    return no, gain


def content_log_ratio(source: Sequence[Evidence], target: Sequence[Evidence]) -> float:
    """How much more likely the items of both sides are if they translate each other
    than if nothing were linked: each item against the other side's sentences together."""
    total = 0.0
    for side, other in ((source, target), (target, source)):
        no, gain = facing_log_ratios(len(other))
        marks = other[0].marks if len(other) == 1 else combined(other).marks
        for evidence in side:
            for kind, count in evidence.counts.items():
                total += count * no[kind]
            for kind in evidence.explained_by(marks):
                total += gain[kind]
    return CONTENT_WEIGHT * total


def solve_units(
    source: Sequence[Unit],
    target: Sequence[Unit],
    document_ratio: float,
    *,
    extra: Callable[[int, int, int, int], float] | None = None,
) -> lattice.Solution:
    """The sentence links of one block pair with their posteriors, and the posterior of
    each boundary. ``extra`` adds to each link's log-score what the caller knows (None:
    nothing)."""
    m, n = len(source), len(target)
    ratio = document_ratio
    s_evidence = [u.evidence for u in source]
    t_evidence = [u.evidence for u in target]

    def link(i: int, j: int, a: int, b: int) -> float | None:
        if i + a > m or j + b > n:
            return None
        if not a:
            return LOG_PRIOR[(a, b)] + insertion_log_prob(target[j].length)
        if not b:
            return LOG_PRIOR[(a, b)]
        ls = sum(u.length for u in source[i : i + a])
        lt = sum(u.length for u in target[j : j + b])
        return (
            LOG_PRIOR[(a, b)]
            + length_log_prob(ls, lt, ratio, b)
            + content_log_ratio(s_evidence[i : i + a], t_evidence[j : j + b])
        )

    score: lattice.Score = link
    if extra is not None:
        known = extra

        def score(i: int, j: int, a: int, b: int) -> float | None:
            value = link(i, j, a, b)
            return None if value is None else value + known(i, j, a, b)

    band = lattice.full_band(m, n) if m * n <= 900 else lattice.diagonal_band(m, n, 12)
    return lattice.solve(m, n, MOVES, score, band)


def shrunk_ratio(source_chars: float, target_chars: float) -> float:
    """Target characters per source character of a text ``source_chars`` long, leaning on
    ``PRIOR_RATIO`` when it is short (a paragraph's own ratio also counts what its
    translation added or left out)."""
    if source_chars <= 0 or target_chars <= 0:
        return PRIOR_RATIO
    own = math.log(target_chars / source_chars)
    weight = PRIOR_RATIO_WEIGHT
    return math.exp((weight * math.log(PRIOR_RATIO) + source_chars * own) / (weight + source_chars))
