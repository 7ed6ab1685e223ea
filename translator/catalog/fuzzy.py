"""Finding the old entry an edited msgid came from, without comparing every pair.

A character n-gram index over the candidates shortlists, for each query, the few old
msgids sharing the most n-grams with it; rapidfuzz's ``fuzz.ratio`` (normalised edit
similarity on characters, like difflib's ratio but in C) then scores only that shortlist.
Characters, not words: Japanese has no spaces, and one edited word in English changes
few n-grams either way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz

# Very common n-grams (" th", "です") say little and would make lookups slow; postings
# longer than this are not consulted.
_MAX_POSTING = 400
_SHORTLIST = 8


def _grams(text: str) -> set[str]:
    folded = text.lower()
    # The size depends on the script only, so a query and its candidates always agree:
    # bigrams for Han/kana (one character carries a word's worth), trigrams otherwise.
    n = 2 if any(ord(c) > 0x2E80 for c in folded[:40]) else 3
    if len(folded) < n:
        return {folded} if folded else set()
    return {folded[i : i + n] for i in range(len(folded) - n + 1)}


class FuzzyIndex:
    """An index over candidate strings answering "which are most like this one?"."""

    def __init__(self, candidates: Sequence[str]) -> None:
        self.candidates = list(candidates)
        postings: defaultdict[str, list[int]] = defaultdict(list)
        for index, text in enumerate(self.candidates):
            for gram in _grams(text):
                postings[gram].append(index)
        self.postings = {g: p for g, p in postings.items() if len(p) <= _MAX_POSTING}

    def best(self, query: str, cutoff: float, limit: int = 3) -> list[tuple[float, int]]:
        """Up to ``limit`` (score, candidate index) pairs with score >= cutoff, best first."""
        shared: Counter[int] = Counter()
        for gram in _grams(query):
            posting = self.postings.get(gram)
            if posting is not None:
                shared.update(posting)
        scored = []
        for index, _count in shared.most_common(_SHORTLIST):
            score = fuzz.ratio(query, self.candidates[index], score_cutoff=cutoff)
            if score:
                scored.append((score, index))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return scored[:limit]


def match_pairs(
    queries: Sequence[str], candidates: Sequence[str], cutoff: float
) -> list[tuple[int, int, float]]:
    """(query index, candidate index, score): each side used at most once, best scores first.

    When two edited sentences both resemble one old sentence, the closer one inherits it.
    """
    if not queries or not candidates:
        return []
    index = FuzzyIndex(candidates)
    scored: list[tuple[float, int, int]] = []
    for qi, query in enumerate(queries):
        for score, ci in index.best(query, cutoff):
            scored.append((score, qi, ci))
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    taken_q: set[int] = set()
    taken_c: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    for score, qi, ci in scored:
        if qi in taken_q or ci in taken_c:
            continue
        taken_q.add(qi)
        taken_c.add(ci)
        pairs.append((qi, ci, score))
    return pairs
