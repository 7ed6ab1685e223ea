"""Second level: the sentences inside one pair of blocks.

A length model in the manner of Gale and Church (1993), with its ratio estimated from the
pair itself (how many characters of the translation a character of the source makes in
this very paragraph), plus the anchors both sides share: a step that keeps a shared
number, name or code span inside one link scores higher, one whose sides hold
distinctive anchors the other lacks scores lower. Steps: 1:1, 1:2, 2:1, 2:2, 1:0, 0:1,
3:1 (and the rare 1:3), with priors in the proportions ja→en translations show.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from translator.align import lattice
from translator.align.anchors import Keys, shared, unmatched

# Share of each kind of link in ja→en translations of prose (see benchmarks/README.md).
PRIORS = {
    (1, 1): 0.77,
    (2, 1): 0.08,
    (1, 2): 0.055,
    (2, 2): 0.035,
    (1, 0): 0.024,
    (0, 1): 0.02,
    (3, 1): 0.016,
    (1, 3): 0.004,
}
MOVES = tuple(PRIORS)
LOG_PRIOR = {move: math.log(p) for move, p in PRIORS.items()}
# Variance of the length difference per source character (Gale–Church's s²), in units of
# source characters, and the weights of shared / one-sided anchors.
VARIANCE = 2.0
SHARED = 1.0
UNMATCHED = 1.0
# What a sentence with no counterpart costs per character, beyond its prior: leaving
# out (or adding) a long sentence is rarer than a short one.
NULL_PER_CHAR = 0.03
# A pair of blocks whose own ratio rests on fewer characters than this leans on the
# document's ratio.
PRIOR_CHARS = 40.0


@dataclass(frozen=True)
class Unit:
    """One sentence as the model sees it."""

    length: float
    keys: Keys


def _norm_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def length_log_prob(source: float, target: float, ratio: float) -> float:
    """log P(these lengths | a translation), Gale–Church's two-sided tail of δ."""
    mean = (source + target / ratio) / 2.0
    if mean <= 0:
        return 0.0
    delta = (target / ratio - source) / math.sqrt(VARIANCE * mean)
    tail = 2.0 * (1.0 - _norm_cdf(abs(delta)))
    return math.log(max(tail, 1e-12))


def align_units(
    source: Sequence[Unit], target: Sequence[Unit], document_ratio: float
) -> list[lattice.Step]:
    """The sentence links of one block pair, as lattice steps with posteriors."""
    m, n = len(source), len(target)
    s_total = sum(u.length for u in source)
    t_total = sum(u.length for u in target)
    ratio = (t_total + PRIOR_CHARS * document_ratio) / (s_total + PRIOR_CHARS)
    s_keys = [u.keys for u in source]
    t_keys = [u.keys for u in target]

    def score(i: int, j: int, a: int, b: int) -> float | None:
        if i + a > m or j + b > n:
            return None
        ls = sum(u.length for u in source[i : i + a])
        lt = sum(u.length for u in target[j : j + b])
        if not a or not b:
            return LOG_PRIOR[(a, b)] - NULL_PER_CHAR * (ls * ratio + lt)
        sk = s_keys[i] if a == 1 else _sum(s_keys[i : i + a])
        tk = t_keys[j] if b == 1 else _sum(t_keys[j : j + b])
        return (
            LOG_PRIOR[(a, b)]
            + length_log_prob(ls, lt, ratio)
            + SHARED * shared(sk, tk)
            - UNMATCHED * unmatched(sk, tk)
        )

    band = lattice.full_band(m, n) if m * n <= 900 else lattice.diagonal_band(m, n, 12)
    return lattice.align(m, n, MOVES, score, band)


def _sum(keys: Sequence[Keys]) -> Keys:
    total: Keys = Counter()
    for k in keys:
        total.update(k)
    return total
