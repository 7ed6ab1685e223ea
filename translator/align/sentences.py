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
  link is explained by the other side or not (``evidence``); each counts the log-ratio of
  how often that happens between a sentence and its translation and between two
  sentences that do not translate each other. A sentence with no counterpart adds no
  content term: a Japanese sentence none of whose words the English explains is left
  out rather than merged.

The best linking is found by dynamic programming (``lattice``), banded when the block is
long, with each link's posterior probability as its confidence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
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
# Per class of item: how often one sentence explains it when the two translate each
# other (alone; as one of the two or three sentences of a merge, where each explains
# only its part), and when they do not (measured with the EDICT lexicon; see
# benchmarks/align_calibrate.py). Every item is weighed against each sentence it is
# linked with, so that all linkings are compared with the same baseline (nothing linked).
EXPLAINED = {
    LEX: (0.58, 0.36, 0.069),
    KATA: (0.91, 0.47, 0.065),
    NAME: (0.88, 0.45, 0.029),
    NUM: (0.95, 0.48, 0.005),
    SMALL: (0.84, 0.40, 0.022),
    MARKUP: (0.95, 0.48, 0.021),
    TERM: (0.9, 0.45, 0.03),
    WORD: (0.70, 0.356, 0.067),
    BARE_KATA: (0.76, 0.34, 0.06),
    BARE_WORD: (0.11, 0.048, 0.005),
}
CONTENT_WEIGHT = 0.5
# A pair of blocks leans on the document's ratio; its own counts as this many characters.
BLOCK_RATIO_WEIGHT = 0.0

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


def _log_ratios() -> dict[bool, tuple[dict[str, float], dict[str, float]]]:
    """In a merge or not -> per class: the log-ratio of an item a linked sentence does not
    explain, and what its explaining it adds."""
    table: dict[bool, tuple[dict[str, float], dict[str, float]]] = {}
    for in_merge in (False, True):
        no: dict[str, float] = {}
        gain: dict[str, float] = {}
        for kind, (alone, merged, chance) in EXPLAINED.items():
            hit = merged if in_merge else alone
            no[kind] = math.log((1.0 - hit) / (1.0 - chance))
            gain[kind] = math.log(hit / chance) - no[kind]
        table[in_merge] = (no, gain)
    return table


_LOG_RATIOS = _log_ratios()


def content_log_ratio(source: Sequence[Evidence], target: Sequence[Evidence]) -> float:
    """How much more likely the items of both sides are if they translate each other
    than if nothing were linked: each item against each sentence of the other side."""
    total = 0.0
    for side, other in ((source, target), (target, source)):
        no, gain = _LOG_RATIOS[len(other) > 1]
        for evidence in side:
            for kind, count in evidence.counts.items():
                total += len(other) * count * no[kind]
            for facing in other:
                for kind in evidence.explained_by(facing.marks):
                    total += gain[kind]
    return CONTENT_WEIGHT * total


def align_units(
    source: Sequence[Unit], target: Sequence[Unit], document_ratio: float
) -> list[lattice.Step]:
    """The sentence links of one block pair, as lattice steps with posteriors."""
    m, n = len(source), len(target)
    ratio = document_ratio
    if BLOCK_RATIO_WEIGHT > 0:
        s_total = sum(u.length for u in source)
        t_total = sum(u.length for u in target)
        ratio = math.exp(
            (BLOCK_RATIO_WEIGHT * math.log(document_ratio) + s_total * math.log(t_total / s_total))
            / (BLOCK_RATIO_WEIGHT + s_total)
        )
    s_evidence = [u.evidence for u in source]
    t_evidence = [u.evidence for u in target]

    def score(i: int, j: int, a: int, b: int) -> float | None:
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

    band = lattice.full_band(m, n) if m * n <= 900 else lattice.diagonal_band(m, n, 12)
    return lattice.align(m, n, MOVES, score, band)
