"""Find glossary forms in text: one Aho-Corasick pass, script-aware boundaries, leftmost-longest.

All forms of all terms go into one automaton over NFKC, case-folded text. Every occurrence is
found (overlapping), occurrences that break a boundary rule or fall into code, URLs or link
destinations are dropped, and only then leftmost-longest selection runs, so a longer form
that fails its boundary leaves room for a shorter one at the same position.

Boundary rules (by script, not ``\\b``):

* a form whose first/last character is a Latin letter or digit must not touch another
  Latin letter or digit on that side ("AI" is not in "OpenAI", is in "AI技術");
* a form starting/ending with a digit must not continue a number: "6 Milliarden" is not in
  "0,6 Milliarden", "600" is not in "1.600";
* a form edged by a CJK character (or punctuation) matches as a plain substring.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick_rs

from translator.glossary.text import Normalized, _fold, is_word_char, normalize

T = TypeVar("T")


@dataclass(frozen=True)
class Hit(Generic[T]):
    """One occurrence of a form, with offsets in the normalised and the original text."""

    start: int  # in Normalized.text
    end: int
    form: str  # the glossary form (NFKC) that matched
    payload: T
    exact_case: bool  # the text has the form's exact letter case
    orig_start: int
    orig_end: int
    found: str  # the original text of the occurrence


def _left_ok(text: str, start: int, form: str) -> bool:
    if start == 0:
        return True
    first, before = form[0], text[start - 1]
    if is_word_char(first) and is_word_char(before):
        return False
    return not (
        first.isdigit() and before in ".,'" and start >= 2 and text[start - 2].isdigit()
    )


def _right_ok(text: str, end: int, form: str) -> bool:
    if end >= len(text):
        return True
    last, after = form[-1], text[end]
    if is_word_char(last) and is_word_char(after):
        return False
    return not (
        last.isdigit() and after in ".,'" and end + 1 < len(text) and text[end + 1].isdigit()
    )


class Matcher(Generic[T]):
    """Search many forms at once. ``entries`` are (form, payload, case_sensitive) triples.

    A case-sensitive entry only matches text with the same letter case; a case-insensitive
    one matches any case and reports whether the case was exact (for ``term_case``).
    """

    def __init__(self, entries: Iterable[tuple[str, T, bool]]) -> None:
        patterns: dict[str, int] = {}
        self._forms: list[list[tuple[str, T, bool]]] = []
        for form, payload, case_sensitive in entries:
            nform = normalize(form).text.strip()
            if not nform:
                continue
            key = _fold(nform)
            index = patterns.get(key)
            if index is None:
                index = patterns[key] = len(self._forms)
                self._forms.append([])
            self._forms[index].append((nform, payload, case_sensitive))
        self._patterns = list(patterns)
        self._automaton = (
            ahocorasick_rs.AhoCorasick(self._patterns, matchkind=ahocorasick_rs.MatchKind.Standard)
            if self._patterns
            else None
        )

    def __len__(self) -> int:
        return len(self._patterns)

    def find_all(self, text: str | Normalized) -> list[Hit[T]]:
        """Every boundary-valid occurrence of every form (overlapping), in text order."""
        norm = normalize(text) if isinstance(text, str) else text
        if self._automaton is None or not norm.text:
            return []
        hits: list[Hit[T]] = []
        src = norm.text
        for index, start, end in self._automaton.find_matches_as_indexes(
            norm.folded, overlapping=True
        ):
            candidates = self._forms[index]
            form0 = candidates[0][0]
            if not (_left_ok(src, start, form0) and _right_ok(src, end, form0)):
                continue
            if norm.skipped and norm.in_skipped(start, end):
                continue
            piece = src[start:end]
            ostart, oend = norm.original_span(start, end)
            for form, payload, case_sensitive in candidates:
                exact = piece == form
                if case_sensitive and not exact:
                    continue
                hits.append(
                    Hit(start, end, form, payload, exact, ostart, oend, norm.original[ostart:oend])
                )
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        return hits

    def find(self, text: str | Normalized) -> list[Hit[T]]:
        """Leftmost-longest, non-overlapping occurrences (all payloads of the chosen form)."""
        return leftmost_longest(self.find_all(text))


def leftmost_longest(hits: Sequence[Hit[T]]) -> list[Hit[T]]:
    """Keep, from left to right, the longest hit at each position; drop hits overlapping it."""
    chosen: list[Hit[T]] = []
    pos = 0
    span: tuple[int, int] | None = None
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if span is not None and (hit.start, hit.end) == span:
            chosen.append(hit)  # same span, another payload
            continue
        if hit.start < pos:
            continue
        chosen.append(hit)
        span = (hit.start, hit.end)
        pos = hit.end
    return chosen
