"""Finding the old entry an edited msgid came from, without comparing every pair.

A character n-gram index over the candidates shortlists, for each query, the old msgids
that share its rarest n-grams; rapidfuzz's ``fuzz.ratio`` (normalised edit similarity on
characters, like difflib's ratio but in C) then scores only that shortlist, and rejects
candidates whose length alone rules out the cut-off before comparing them. Characters,
not words: Japanese has no spaces, and one edited word in English changes few n-grams
either way.

Pairing is one-to-one and greedy on the best score. What the main pass leaves unpaired
gets a second, stricter chance (:func:`rescue_pairs`): a lower cut-off, but only for
pairs that pick each other, with a clear margin over every other candidate of both.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz, process

# Very common n-grams (" the", "です") say little and would make lookups slow; postings
# longer than this are not consulted.
_MAX_POSTING = 400
# How many candidates, gathered from the query's rarest n-grams first, get a real score.
_SHORTLIST = 64
# Han, kana, Hangul and everything above: one character carries a word's worth.
_WIDE = re.compile("[\u2e81-\U0010ffff]")


def _grams(text: str) -> dict[str, None]:
    """The distinct n-grams of ``text``, case-folded, in order of first appearance.

    The size depends on the script only, so a query and its candidates always agree:
    bigrams for Han/kana, 4-grams otherwise.
    """
    folded = text.lower()
    n = 2 if _WIDE.search(folded, 0, 40) else 4
    if len(folded) < n:
        return {folded: None} if folded else {}
    return dict.fromkeys(folded[i : i + n] for i in range(len(folded) - n + 1))


class FuzzyIndex:
    """An index over candidate strings answering "which are most like this one?"."""

    def __init__(self, candidates: Sequence[str]) -> None:
        self.candidates = list(candidates)
        postings: defaultdict[str, list[int]] = defaultdict(list)
        for index, text in enumerate(self.candidates):
            for gram in _grams(text):
                postings[gram].append(index)
        self.postings = {g: p for g, p in postings.items() if len(p) <= _MAX_POSTING}

    def shortlist(self, query: str) -> list[int]:
        """Candidate indices sharing the query's rarest n-grams, at least ``_SHORTLIST`` of
        them when there are that many, in index order."""
        get = self.postings.get
        # Stable sort over grams in text order: the same shortlist under any hash seed.
        lists = sorted([p for g in _grams(query) if (p := get(g)) is not None], key=len)
        chosen: set[int] = set()
        for posting in lists:
            chosen.update(posting)
            if len(chosen) >= _SHORTLIST:
                break
        return sorted(chosen)

    def best(self, query: str, cutoff: float, limit: int = 3) -> list[tuple[float, int]]:
        """Up to ``limit`` (score, candidate index) pairs with score >= cutoff, best first
        (ties: the earlier candidate)."""
        order = self.shortlist(query)
        if not order:
            return []
        candidates = self.candidates
        found = process.extract(
            query,
            [candidates[i] for i in order],
            scorer=fuzz.ratio,
            score_cutoff=cutoff,
            limit=limit,
        )
        scored = [(score, order[pos]) for _text, score, pos in found]
        scored.sort(key=lambda item: (-item[0], item[1]))
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
    return _greedy(scored)


def _greedy(scored: list[tuple[float, int, int]]) -> list[tuple[int, int, float]]:
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
