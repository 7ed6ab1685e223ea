"""Finding the old entry an edited msgid came from, without comparing every pair.

A character n-gram index over the candidates shortlists, for each query, old msgids of a
compatible length that share its rarest n-grams; rapidfuzz's ``fuzz.ratio`` (normalised edit
similarity on characters, like difflib's ratio but in C) then scores only that shortlist.
Characters, not words: Japanese has no spaces, and one edited word in English changes
few n-grams either way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz, process

# Very common n-grams (" the", "です") say little and would make lookups slow; postings
# longer than this are not consulted.
_MAX_POSTING = 400
# How many candidates, gathered from the query's rarest n-grams first, get a real score.
_SHORTLIST = 48


def _grams(text: str) -> set[str]:
    folded = text.lower()
    # The size depends on the script only, so a query and its candidates always agree:
    # bigrams for Han/kana (one character carries a word's worth), 4-grams otherwise.
    n = 2 if any(ord(c) > 0x2E80 for c in folded[:40]) else 4
    if len(folded) < n:
        return {folded} if folded else set()
    return {folded[i : i + n] for i in range(len(folded) - n + 1)}


class FuzzyIndex:
    """An index over candidate strings answering "which are most like this one?"."""

    def __init__(self, candidates: Sequence[str]) -> None:
        self.candidates = list(candidates)
        self.lengths = [len(c) for c in self.candidates]
        postings: defaultdict[str, list[int]] = defaultdict(list)
        for index, text in enumerate(self.candidates):
            for gram in _grams(text):
                postings[gram].append(index)
        self.postings = {g: p for g, p in postings.items() if len(p) <= _MAX_POSTING}

    def best(self, query: str, cutoff: float, limit: int = 3) -> list[tuple[float, int]]:
        """Up to ``limit`` (score, candidate index) pairs with score >= cutoff, best first.

        Candidates come from the query's rarest n-grams first (the most telling ones), and
        only those whose length still allows ``cutoff``: ratio = 2·matches / (len a + len b).
        """
        size = len(query)
        floor = cutoff / (200.0 - cutoff) if cutoff < 200 else 1.0  # shortest / longest
        lists = sorted(
            (p for g in _grams(query) if (p := self.postings.get(g)) is not None), key=len
        )
        chosen: dict[int, None] = {}
        for posting in lists:
            for index in posting:
                length = self.lengths[index]
                if min(length, size) >= floor * max(length, size):
                    chosen.setdefault(index, None)
            if len(chosen) >= _SHORTLIST:
                break
        if not chosen:
            return []
        order = sorted(chosen)
        found = process.extract(
            query,
            [self.candidates[i] for i in order],
            scorer=fuzz.ratio,
            score_cutoff=cutoff,
            limit=limit,
        )
        scored = [(score, order[pos]) for _text, score, pos in found]
        scored.sort(key=lambda item: (-item[0], item[1]))  # ties: the earlier candidate
        return scored


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
