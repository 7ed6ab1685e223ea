"""Monotone alignment of two sequences by dynamic programming, in a band.

Both levels of the aligner (blocks, then sentences inside a block pair) are the same
problem: cover a source sequence of ``m`` items and a target sequence of ``n`` items with
steps, each taking ``a`` source and ``b`` target items (1:1, 2:1, 1:0...), in order. Each
step has a log-score (a log-probability, up to a constant); the best path is found by
Viterbi, and each of its steps gets the posterior probability that an alignment takes
exactly that step (forward-backward over the same lattice), which is what confidence
scores are made of; so does each cell: the probability that an alignment passes through
it, i.e. that a boundary falls exactly there.

Only cells inside a band are visited: for row ``i`` the columns ``band[i]``; the work is
proportional to the band's area, so to the length of the sequences when its width is
bounded.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Score = Callable[[int, int, int, int], float | None]  # (i, j, a, b) -> log-score or None


@dataclass(frozen=True)
class Step:
    """Source items ``i .. i+a-1`` aligned with target items ``j .. j+b-1``."""

    i: int
    j: int
    a: int
    b: int
    score: float
    posterior: float


_NEG = -math.inf


def _logaddexp(x: float, y: float) -> float:
    if x == _NEG:
        return y
    if y == _NEG:
        return x
    if x > y:
        return x + math.log1p(math.exp(y - x))
    return y + math.log1p(math.exp(x - y))


def full_band(m: int, n: int) -> list[tuple[int, int]]:
    return [(0, n)] * (m + 1)


def diagonal_band(m: int, n: int, width: int) -> list[tuple[int, int]]:
    """Columns within ``width`` of the straight line from (0, 0) to (m, n)."""
    return guided_band(m, n, [], width)


def guided_band(
    m: int, n: int, pegs: Sequence[tuple[int, int]], width: int
) -> list[tuple[int, int]]:
    """Columns within ``width`` of the line through ``pegs`` (cells known to be on the
    path, increasing in both coordinates), from (0, 0) to (m, n)."""
    points = [(0, 0), *pegs, (m, n)]
    lows = [n] * (m + 1)
    highs = [0] * (m + 1)
    for (i0, j0), (i1, j1) in itertools.pairwise(points):
        for i in range(i0, i1 + 1):
            if i1 == i0:
                low, high = min(j0, j1), max(j0, j1)
            else:
                low = high = round(j0 + (j1 - j0) * (i - i0) / (i1 - i0))
            lows[i] = min(lows[i], low)
            highs[i] = max(highs[i], high)
    band = [(max(0, lows[i] - width), min(n, highs[i] + width)) for i in range(m + 1)]
    # Every cell must be reachable from the previous row: widen where rows do not touch.
    for i in range(1, m + 1):
        low, high = band[i]
        prev_low, prev_high = band[i - 1]
        band[i] = (min(low, prev_high), max(high, prev_low))
    band[0] = (0, band[0][1])
    band[m] = (band[m][0], n)
    return band


@dataclass(frozen=True)
class Solution:
    """The best path through a lattice, and the posteriors of its cells."""

    steps: list[Step]
    _forward: list[dict[int, float]]
    _backward: list[dict[int, float]]
    _total: float

    def cell_posterior(self, i: int, j: int) -> float:
        """The probability that an alignment passes through (i, j): that the first ``i``
        source items are aligned with exactly the first ``j`` target items."""
        if not 0 <= i < len(self._forward):
            return 0.0
        inside = self._forward[i].get(j, _NEG) + self._backward[i].get(j, _NEG)
        return 0.0 if inside == _NEG else math.exp(min(0.0, inside - self._total))


def solve(
    m: int,
    n: int,
    moves: Sequence[tuple[int, int]],
    score: Score,
    band: Sequence[tuple[int, int]] | None = None,
) -> Solution:
    """The best path of steps from (0, 0) to (m, n), each with its posterior, and the
    posteriors of the cells."""
    rows = band if band is not None else full_band(m, n)
    cache: dict[tuple[int, int, int, int], float] = {}

    def edge(i: int, j: int, a: int, b: int) -> float:
        key = (i, j, a, b)
        found = cache.get(key)
        if found is None:
            value = score(i, j, a, b)
            found = cache[key] = _NEG if value is None else value
        return found

    def inside(i: int, j: int) -> bool:
        return 0 <= i <= m and rows[i][0] <= j <= rows[i][1]

    best: list[dict[int, float]] = [{} for _ in range(m + 1)]
    back: list[dict[int, tuple[int, int]]] = [{} for _ in range(m + 1)]
    forward: list[dict[int, float]] = [{} for _ in range(m + 1)]
    best[0][0] = forward[0][0] = 0.0
    for i in range(m + 1):
        low, high = rows[i]
        for j in range(low, high + 1):
            if i == 0 and j == 0:
                continue
            top, arg, total = _NEG, (0, 0), _NEG
            for a, b in moves:
                pi, pj = i - a, j - b
                if pi < 0 or pj < 0 or not inside(pi, pj):
                    continue
                before = best[pi].get(pj)
                if before is None or before == _NEG:
                    continue
                s = edge(pi, pj, a, b)
                if s == _NEG:
                    continue
                if before + s > top:
                    top, arg = before + s, (a, b)
                total = _logaddexp(total, forward[pi][pj] + s)
            best[i][j] = top
            back[i][j] = arg
            forward[i][j] = total
    if best[m].get(n, _NEG) == _NEG:
        raise ValueError("no path through the band")
    backward: list[dict[int, float]] = [{} for _ in range(m + 1)]
    backward[m][n] = 0.0
    for i in range(m, -1, -1):
        low, high = rows[i]
        for j in range(high, low - 1, -1):
            if i == m and j == n:
                continue
            total = _NEG
            for a, b in moves:
                ni, nj = i + a, j + b
                if not inside(ni, nj) or forward[i].get(j, _NEG) == _NEG:
                    continue
                after = backward[ni].get(nj, _NEG)
                if after == _NEG:
                    continue
                s = edge(i, j, a, b)
                if s != _NEG:
                    total = _logaddexp(total, s + after)
            backward[i][j] = total
    z = forward[m][n]
    steps: list[Step] = []
    i, j = m, n
    while i or j:
        a, b = back[i][j]
        pi, pj = i - a, j - b
        s = edge(pi, pj, a, b)
        posterior = math.exp(min(0.0, forward[pi][pj] + s + backward[i][j] - z))
        steps.append(Step(pi, pj, a, b, s, posterior))
        i, j = pi, pj
    steps.reverse()
    return Solution(steps, forward, backward, z)
