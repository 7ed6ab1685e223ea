"""The alignment lattice: posteriors of steps and cells against every path enumerated."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from translator.align import lattice

MOVES = [(1, 1), (2, 1), (1, 2), (1, 0), (0, 1), (2, 2)]
Path = list[tuple[int, int, int, int]]


def _paths(i: int, j: int, m: int, n: int) -> Iterator[Path]:
    if (i, j) == (m, n):
        yield []
        return
    for a, b in MOVES:
        if i + a <= m and j + b <= n:
            for rest in _paths(i + a, j + b, m, n):
                yield [(i, j, a, b), *rest]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(0, 10_000))
def test_posteriors_are_those_of_all_paths(m: int, n: int, seed: int) -> None:
    rng = random.Random(seed)
    scores: dict[tuple[int, int, int, int], float] = {}

    def score(i: int, j: int, a: int, b: int) -> float | None:
        if i + a > m or j + b > n:
            return None
        return scores.setdefault((i, j, a, b), rng.uniform(-4.0, 1.0))

    solution = lattice.solve(m, n, MOVES, score)
    weights = []
    for path in _paths(0, 0, m, n):
        total = sum(score(*step) or 0.0 for step in path)
        weights.append((path, math.exp(total)))
    z = sum(w for _, w in weights)
    best_path = max(weights, key=lambda pw: pw[1])[0]
    assert [(s.i, s.j, s.a, s.b) for s in solution.steps] == best_path
    for step in solution.steps:
        key = (step.i, step.j, step.a, step.b)
        expected = sum(w for path, w in weights if key in path) / z
        assert math.isclose(step.posterior, expected, rel_tol=1e-6, abs_tol=1e-9)
    for i in range(m + 1):
        for j in range(n + 1):
            through = sum(
                w
                for path, w in weights
                if (i, j) == (m, n) or any((s[0], s[1]) == (i, j) for s in path)
            )
            expected = through / z
            assert math.isclose(solution.cell_posterior(i, j), expected, abs_tol=1e-9)
