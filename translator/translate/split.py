"""Paragraph mode: one translated paragraph cut back into its source sentences.

One function, :func:`split_translation`, is the whole interface, so that a sentence
aligner can take its place. This one works on lengths and anchors:

1. the translation is cut into sentences by the target language's segmentation rules;
2. a dynamic programme links the source sentences to runs of target sentences, in order,
   every target sentence to exactly one link, so nothing of the translation is dropped.
   Links are 1:1, 1:2, 2:1, 1:0 and a few rarer shapes, scored as Gale and Church (1993)
   score them (the length ratio taken from this very paragraph) plus the anchors both
   sides share: spans the caller knows the owner of (masked citation markers, code,
   links), numbers, and Latin-script names;
3. a boundary between two source sentences is *confident* when every other place for it
   costs clearly more: the min-marginals of the programme. Sentences on either
   side of an unsure boundary, sentences translated as one, a sentence left with no
   translation and its neighbour, and a sentence whose anchor ended up beside another,
   form one region: each of them gets the region's whole translation, marked unsure.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from translator.segment import sentence_spans


@dataclass(frozen=True)
class Piece:
    """The translation given to one source sentence."""

    text: str
    confident: bool  # False: the text may hold the translation of sentences around it too
    first: int  # the source sentences ``text`` translates: first..last (0-based, inclusive)
    last: int


# A span of the translation known to translate part of source sentence ``owner``:
# (start, end, owner).
Anchor = tuple[int, int, int]

# How often each shape of link occurs between Japanese prose and its translation (the
# sentence alignment notes: 77 % 1:1, 8 % 2:1, 5.5 % 1:2, ...), as costs.
_PRIORS = {
    (1, 1): 0.77,
    (2, 1): 0.08,
    (1, 2): 0.055,
    (2, 2): 0.035,
    (1, 0): 0.024,
    (3, 1): 0.016,
    (1, 3): 0.004,
    (3, 2): 0.002,
    (2, 3): 0.002,
}
VARIANCE = 1.6  # of the length difference per source character (Gale-Church's s²)
NULL_PER_CHAR = 0.03  # leaving a long sentence untranslated is rarer than a short one
HARD = 4.0  # an anchor the caller knows (a masked span) on the wrong side of a boundary
SOFT = 1.0  # a number or a name on the wrong side
# A boundary whose best alternative costs less than this much more (in nats: e**2, about
# 7 times less likely) is not placed with confidence.
MARGIN = 2.0

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")


def split_translation(
    sources: Sequence[str],
    translation: str,
    *,
    target_locale: str,
    anchors: Sequence[Anchor] = (),
) -> list[Piece]:
    """One piece per source sentence, in order; together they hold every sentence of
    ``translation`` (an unsure region's text is given to each sentence of the region)."""
    n = len(sources)
    if n == 0:
        return []
    spans = sentence_spans(translation, target_locale)
    if not spans:
        return [Piece("", False, 0, n - 1) for _ in range(n)]
    if n == 1:
        return [Piece(translation[spans[0][0] : spans[-1][1]], True, 0, 0)]
    targets = [translation[s:e] for s, e in spans]
    model = _Model(sources, targets, spans, anchors)
    return model.pieces(translation)


class _Model:
    def __init__(
        self,
        sources: Sequence[str],
        targets: Sequence[str],
        spans: Sequence[tuple[int, int]],
        anchors: Sequence[Anchor],
    ) -> None:
        self.n, self.m = len(sources), len(targets)
        self.spans = spans
        self.s_len = [float(max(1, _length(s))) for s in sources]
        t_len = [float(_length(t)) for t in targets]
        self.ratio = max(sum(t_len), 1.0) / sum(self.s_len)
        self.t_len = [t / self.ratio for t in t_len]  # in source characters
        s_keys = [_keys(s) for s in sources]
        t_keys = [_keys(t) for t in targets]
        # Anchors: a key of their own, on the owner's side and in the target sentence
        # they fall into.
        self.hard: list[tuple[int, int]] = []  # (owner, target sentence)
        for number, (start, _end, owner) in enumerate(anchors):
            j = _sentence_at(spans, start)
            if j is None or not 0 <= owner < self.n:
                continue
            key = f"#{number}"
            s_keys[owner] = s_keys[owner] | {key: HARD}
            t_keys[j] = t_keys[j] | {key: HARD}
            self.hard.append((owner, j))
        s_count = Counter(k for keys in s_keys for k in keys)
        t_count = Counter(k for keys in t_keys for k in keys)
        # Only keys both sides have say anything, and one that recurs says less.
        weight = {k: 1.0 / max(s_count[k], t_count[k]) for k in s_count if k in t_count}
        self.s_keys = [
            {k: w * weight[k] for k, w in keys.items() if k in weight} for keys in s_keys
        ]
        self.t_keys = [
            {k: w * weight[k] for k, w in keys.items() if k in weight} for keys in t_keys
        ]
        self.moves = [*_PRIORS, *((1, b) for b in range(4, self.m + 1))]
        self._costs: dict[tuple[int, int, int, int], float] = {}
        self.forward, self.back = self._forward(), self._backward()

    def cost(self, i: int, a: int, j: int, b: int) -> float:
        """Linking sources i..i+a-1 with targets j..j+b-1."""
        known = self._costs.get((i, a, j, b))
        if known is None:
            known = self._costs[(i, a, j, b)] = self._cost(i, a, j, b)
        return known

    def _cost(self, i: int, a: int, j: int, b: int) -> float:
        prior = _PRIORS.get((a, b))
        cost = -math.log(prior) if prior else -math.log(0.001) + 1.2 * (b - 4)
        s = sum(self.s_len[i : i + a])
        t = sum(self.t_len[j : j + b])
        if b == 0:
            cost += NULL_PER_CHAR * s
        else:
            delta = (t - s) / math.sqrt(VARIANCE * (s + t) / 2.0)
            cost -= math.log(max(2.0 * (1.0 - _norm_cdf(abs(delta))), 1e-12))
        mine: dict[str, float] = {}
        for keys in self.s_keys[i : i + a]:
            mine.update(keys)
        theirs: dict[str, float] = {}
        for keys in self.t_keys[j : j + b]:
            theirs.update(keys)
        cost += sum(w for k, w in mine.items() if k not in theirs)
        cost += sum(w for k, w in theirs.items() if k not in mine)
        return cost

    def _forward(self) -> list[list[float]]:
        n, m = self.n, self.m
        f = [[math.inf] * (m + 1) for _ in range(n + 1)]
        f[0][0] = 0.0
        for i in range(1, n + 1):
            for j in range(m + 1):
                best = math.inf
                for a, b in self.moves:
                    if a <= i and b <= j and f[i - a][j - b] < math.inf:
                        best = min(best, f[i - a][j - b] + self.cost(i - a, a, j - b, b))
                f[i][j] = best
        return f

    def _backward(self) -> list[list[float]]:
        n, m = self.n, self.m
        g = [[math.inf] * (m + 1) for _ in range(n + 1)]
        g[n][m] = 0.0
        for i in range(n - 1, -1, -1):
            for j in range(m, -1, -1):
                best = math.inf
                for a, b in self.moves:
                    if i + a <= n and j + b <= m and g[i + a][j + b] < math.inf:
                        best = min(best, self.cost(i, a, j, b) + g[i + a][j + b])
                g[i][j] = best
        return g

    def path(self) -> list[tuple[int, int, int, int]]:
        """The best links, as (first source, sources, first target, targets)."""
        links: list[tuple[int, int, int, int]] = []
        i, j = self.n, self.m
        while i > 0:
            for a, b in self.moves:
                if a > i or b > j:
                    continue
                before = self.forward[i - a][j - b]
                if math.isclose(
                    before + self.cost(i - a, a, j - b, b), self.forward[i][j], abs_tol=1e-9
                ):
                    links.append((i - a, a, j - b, b))
                    i, j = i - a, j - b
                    break
            else:  # pragma: no cover - the forward pass guarantees a predecessor
                raise AssertionError("no path")
        return links[::-1]

    def margin(self, boundary: int, at: int) -> float:
        """How much more the best alignment costs with the boundary before source
        ``boundary`` before any other target sentence than ``at``. (Linking the two
        sentences together is no other answer but none: its own kind of link.)"""
        best = self.forward[boundary][at] + self.back[boundary][at]
        other = min(
            (
                self.forward[boundary][j] + self.back[boundary][j]
                for j in range(self.m + 1)
                if j != at
            ),
            default=math.inf,
        )
        return other - best

    def pieces(self, translation: str) -> list[Piece]:
        links = self.path()
        parent = list(range(self.n))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        def join(x: int, y: int) -> None:
            for k in range(min(x, y), max(x, y)):
                parent[find(k + 1)] = find(k)

        link_of: dict[int, tuple[int, int, int, int]] = {}
        target_owner: dict[int, int] = {}
        for link in links:
            i, a, j, b = link
            for k in range(i, i + a):
                link_of[k] = link
            for t in range(j, j + b):
                target_owner[t] = i
            if a > 1:
                join(i, i + a - 1)
        for i, _a, j, b in links:
            if i > 0 and self.margin(i, j) < MARGIN:
                join(i - 1, i)
            if b == 0:  # nothing of its own: its translation is in a neighbour's
                join(i, self._neighbour(i, link_of))
        for owner, j in self.hard:
            holder = target_owner[j]
            if holder != owner and link_of[holder] != link_of[owner]:
                join(owner, holder)
        out: list[Piece] = []
        for k in range(self.n):
            root = find(k)
            members = [x for x in range(self.n) if find(x) == root]
            first, last = members[0], members[-1]
            chosen = sorted(t for t, owner in target_owner.items() if first <= owner <= last)
            text = (
                translation[self.spans[chosen[0]][0] : self.spans[chosen[-1]][1]] if chosen else ""
            )
            out.append(Piece(text, first == last, first, last))
        return out

    def _neighbour(self, i: int, link_of: dict[int, tuple[int, int, int, int]]) -> int:
        """The source next to untranslated source ``i`` most likely to hold its translation:
        of the nearest on either side with a translation of its own, the one whose
        translation runs longest beyond what its own length predicts."""

        def nearest(step: int) -> int | None:
            k = i + step
            while 0 <= k < self.n:
                if link_of[k][3] > 0:
                    return k
                k += step
            return None

        candidates = [k for k in (nearest(-1), nearest(1)) if k is not None]

        def excess(k: int) -> float:
            start, a, j, b = link_of[k]
            return sum(self.t_len[j : j + b]) - sum(self.s_len[start : start + a])

        return max(candidates, key=excess) if candidates else i


def _sentence_at(spans: Sequence[tuple[int, int]], offset: int) -> int | None:
    for j, (start, end) in enumerate(spans):
        if start <= offset < end:
            return j
    return None


def _length(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


@lru_cache(maxsize=4096)
def _key_set(text: str) -> frozenset[str]:
    text = unicodedata.normalize("NFKC", text)
    keys = {"n:" + re.sub(r"[.,]", "", m.group()) for m in _NUMBER.finditer(text)}
    for m in _NAME.finditer(text):
        word = m.group()
        # Names, acronyms and versions (Qwen, GPU, v1.2) rather than common words.
        if len(word) > 1 and (any(c.isupper() for c in word[1:]) or word[0].isupper()):
            keys.add("w:" + word.casefold())
    return frozenset(keys)


def _keys(text: str) -> dict[str, float]:
    return dict.fromkeys(_key_set(text), SOFT)


def _norm_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))
