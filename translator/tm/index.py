"""The fuzzy-match index of a translation memory: character n-grams, then rapidfuzz.

Lookups must stay well under a millisecond against 100,000 units, so no query compares
itself with every unit. Each unit's source is cut into character n-grams (trigrams, and
bigrams for short texts; Japanese has no spaces, so words are no help); a query counts,
over the postings of its *rarest* n-grams only, how many each unit shares, keeps the units
whose length could still reach the threshold, and scores that shortlist with
``rapidfuzz.fuzz.ratio`` (normalised Indel similarity on characters, 0–100)."""

from __future__ import annotations

from collections import Counter, defaultdict

from rapidfuzz import fuzz

RAREST_GRAMS = 10  # postings consulted per query
SHORTLIST = 24  # candidates scored per query
COMMON_POSTING_MIN = 100  # postings longer than this (and 0.2 % of units) are not counted
QUERY_TRIGRAMS_FROM = 12  # queries this long look up trigrams, shorter ones bigrams
BIGRAMS_UP_TO = 30  # texts up to this long carry bigrams (reachable from an 11-char query)
TRIGRAMS_FROM = 5  # texts this long carry trigrams (reachable from a 12-char query)


def fold(text: str) -> str:
    return text.casefold()


def grams(folded: str) -> set[str]:
    """The n-grams a query looks up: bigrams for short texts, trigrams otherwise."""
    n = 2 if len(folded) < QUERY_TRIGRAMS_FROM else 3
    return _ngrams(folded, n)


def indexed_grams(folded: str) -> set[str]:
    """The n-grams stored for a text: every kind a query that may match it looks up.

    A query of length q can only reach the threshold against texts of length
    0.6·q to 1.67·q (at 75 %), so texts of middling length carry both kinds.
    """
    size = len(folded)
    out = _ngrams(folded, 2) if size <= BIGRAMS_UP_TO else set()
    if size >= TRIGRAMS_FROM:
        out |= _ngrams(folded, 3)
    return out


def _ngrams(folded: str, n: int) -> set[str]:
    if len(folded) <= n:
        return {folded} if folded else set()
    return {folded[i : i + n] for i in range(len(folded) - n + 1)}


class FuzzyIndex:
    """Candidate strings and an n-gram index over them; ``search`` returns the closest."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self._postings: defaultdict[str, list[int]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, text: str) -> int:
        """Index ``text``; return its position (what ``search`` reports)."""
        position = len(self.keys)
        key = fold(text)
        self.keys.append(key)
        postings = self._postings
        for gram in indexed_grams(key):
            postings[gram].append(position)
        return position

    def search(self, query: str, cutoff: float, limit: int = 1) -> list[tuple[float, int]]:
        """Up to ``limit`` (score, position) pairs scoring >= ``cutoff`` (0–100), best first."""
        key = fold(query)
        found = [p for p in map(self._postings.get, grams(key)) if p]
        if not found:
            return []
        found.sort(key=len)
        # n-grams in more than 0.2 % of the units ("です。", "する予定") say nothing about
        # which unit is close and would make counting slow; a query made only of such
        # n-grams still looks at its two rarest.
        common = max(COMMON_POSTING_MIN, len(self.keys) // 500)
        usable = [p for p in found[:RAREST_GRAMS] if len(p) <= common] or found[:2]
        shared: Counter[int] = Counter()
        for posting in usable:
            shared.update(posting)
        # A unit at the threshold shares most n-grams with the query; when none shares
        # even a third of the rare ones counted, nothing is close (the usual miss).
        if max(shared.values()) * 3 < len(usable):
            return []
        # Indel similarity s needs len(b) within [len(a)·s/(2-s), len(a)·(2-s)/s].
        share = max(cutoff, 1.0) / 100.0
        low = len(key) * share / (2 - share)
        high = len(key) * (2 - share) / share
        keys = self.keys
        scored: list[tuple[float, int]] = []
        for position, _count in shared.most_common(SHORTLIST):
            candidate = keys[position]
            if not low <= len(candidate) <= high:
                continue
            score = fuzz.ratio(key, candidate, score_cutoff=cutoff)
            if score:
                scored.append((float(score), position))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return scored[:limit]
