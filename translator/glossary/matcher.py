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

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Generic, TypeVar

import ahocorasick_rs

from translator.glossary.text import Normalized, _fold, is_cjk_char, is_word_char, normalize

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


_new = object.__new__


def _hit(
    start: int, end: int, form: str, payload: T, exact: bool, ostart: int, oend: int, found: str
) -> Hit[T]:
    """``Hit(...)`` at half the cost: a frozen dataclass's ``__init__`` goes through
    ``object.__setattr__`` for each of its eight fields."""
    hit: Hit[T] = _new(Hit)
    hit.__dict__.update(
        start=start,
        end=end,
        form=form,
        payload=payload,
        exact_case=exact,
        orig_start=ostart,
        orig_end=oend,
        found=found,
    )
    return hit


# What the boundary rules need to know about a pattern's edges, worked out once per pattern
# instead of once per occurrence: (first is a word char, first is a digit, last ..., last ...).
_Edges = tuple[bool, bool, bool, bool]


def _edges(form: str) -> _Edges:
    return (is_word_char(form[0]), form[0].isdigit(), is_word_char(form[-1]), form[-1].isdigit())


class Matcher(Generic[T]):
    """Search many forms at once. ``entries`` are (form, payload, case_sensitive) triples.

    A case-sensitive entry only matches text with the same letter case; a case-insensitive
    one matches any case and reports whether the case was exact (for ``term_case``).
    """

    def __init__(self, entries: Iterable[tuple[str, T, bool]]) -> None:
        patterns: dict[str, int] = {}
        forms: list[list[tuple[str, T, bool]]] = []
        for form, payload, case_sensitive in entries:
            nform = normalize(form).text.strip()
            if not nform:
                continue
            key = _fold(nform)
            index = patterns.get(key)
            if index is None:
                index = patterns[key] = len(forms)
                forms.append([])
            forms[index].append((nform, payload, case_sensitive))
        self._forms: list[tuple[tuple[str, T, bool], ...]] = [tuple(c) for c in forms]
        # The rules look at the first form of a pattern (all its forms fold alike); None for
        # a pattern no rule applies to (edged by CJK characters or punctuation).
        self._edges: list[_Edges | None] = []
        for candidates in forms:
            edge = _edges(candidates[0][0])
            self._edges.append(edge if any(edge) else None)
        # Per pattern, the payloads of its forms when none is case-sensitive: every one
        # matches wherever the pattern does (None: ``payloads_at`` compares the text).
        self._caseless: list[tuple[T, ...] | None] = [
            None if any(cs for _f, _p, cs in c) else tuple(p for _f, p, _cs in c) for c in forms
        ]
        self._patterns = list(patterns)
        self._indexes: dict[str, int] | None = None
        self._has_newline = any("\n" in p for p in self._patterns)
        self._automaton = (
            ahocorasick_rs.AhoCorasick(self._patterns, matchkind=ahocorasick_rs.MatchKind.Standard)
            if self._patterns
            else None
        )

    def __len__(self) -> int:
        return len(self._patterns)

    def key(self, index: int) -> str:
        """The folded text of pattern ``index``: every one of its forms folds to it."""
        return self._patterns[index]

    def index_of(self, key: str) -> int | None:
        """The pattern whose ``key`` is ``key`` (None: no form folds to it)."""
        indexes = self._indexes
        if indexes is None:
            indexes = self._indexes = {k: i for i, k in enumerate(self._patterns)}
        return indexes.get(key)

    def candidates(self, index: int) -> tuple[tuple[str, T, bool], ...]:
        """The (form, payload, case_sensitive) entries of pattern ``index`` (see ``spans``)."""
        return self._forms[index]

    def spans(self, norm: Normalized) -> list[tuple[int, int, int]]:
        """(start, end, pattern index) of every boundary-valid occurrence, in text order.

        What ``find_all`` expands into hits, one per payload; callers that need the payloads
        of only a few terms (the checks) expand just those, with ``hits_at``.
        """
        if self._automaton is None or not norm.text:
            return []
        return self._valid_spans(norm.text, norm.folded, (norm,), (0,))[0]

    def spans_many(self, norms: Sequence[Normalized]) -> list[list[tuple[int, int, int]]]:
        """``[spans(n) for n in norms]``, from one automaton pass over all the texts.

        The texts are joined with a newline, which no pattern holds (else each text is
        searched alone) and which, like the edge of a text, is neither a letter nor a digit
        for the boundary rules: no occurrence crosses from one text into the next, and each
        is judged as in its own text. One call instead of one per text saves most of the
        automaton's cost, which is in crossing into Rust and encoding each text.
        """
        if self._automaton is None or not norms:
            return [[] for _ in norms]
        if self._has_newline:
            return [self.spans(n) for n in norms]
        starts = []
        pos = 0
        for norm in norms:
            starts.append(pos)
            pos += len(norm.text) + 1
        return self._valid_spans(
            "\n".join([n.text for n in norms]), "\n".join([n.folded for n in norms]), norms, starts
        )

    def _valid_spans(
        self, src: str, folded: str, norms: Sequence[Normalized], starts: Sequence[int]
    ) -> list[list[tuple[int, int, int]]]:
        """The boundary-valid occurrences in ``src`` (texts ``norms`` joined, each at its
        offset in ``starts``), by text, with offsets in that text."""
        assert self._automaton is not None
        size = len(src)
        edges = self._edges
        out: list[list[tuple[int, int, int]]] = [[] for _ in norms]
        which = 0  # the text of the current occurrence, which starts at base, before limit
        last = len(norms) - 1
        base = 0
        limit = starts[1] if last else size + 1
        skipped = norms[0].skipped  # (the current text's)
        # (is_word_char inlined, as the per-occurrence cost is what adds up: an ASCII
        # character is never CJK.)
        for index, start, end in self._automaton.find_matches_as_indexes(
            folded, overlapping=True
        ):
            edge = edges[index]
            if edge is not None:
                first_word, first_digit, last_word, last_digit = edge
                if start > 0:  # a Latin word or a number must not go on to the left
                    before = src[start - 1]
                    if (
                        first_word
                        and before.isalnum()
                        and (before.isascii() or not is_cjk_char(before))
                    ):
                        continue
                    if (
                        first_digit
                        and before in ".,'"
                        and start >= 2
                        and src[start - 2].isdigit()
                    ):
                        continue
                if end < size:  # ... nor to the right
                    after = src[end]
                    if (
                        last_word
                        and after.isalnum()
                        and (after.isascii() or not is_cjk_char(after))
                    ):
                        continue
                    if last_digit and after in ".,'" and end + 1 < size and src[end + 1].isdigit():
                        continue
            if start < base or end >= limit:  # another text (occurrences come by end)
                which = bisect_right(starts, start) - 1
                base = starts[which]
                limit = starts[which + 1] if which < last else size + 1
                skipped = norms[which].skipped
            start -= base
            end -= base
            if skipped:  # (Normalized.in_skipped, inlined)
                for s, e, _kind in skipped:
                    if s < end and start < e:
                        break
                else:
                    out[which].append((start, end, index))
                continue
            out[which].append((start, end, index))
        for found in out:
            if len(found) > 1:
                # Longest first at each start: by end, descending, then by start (both sorts
                # stable, with keys in C rather than one key function in Python).
                found.sort(key=_END, reverse=True)
                found.sort(key=_START)
        return out

    def hits_at(
        self, norm: Normalized, span: tuple[int, int, int], want: Callable[[T], bool] | None = None
    ) -> list[Hit[T]]:
        """The hits of one span from ``spans`` (only payloads ``want`` accepts, if given)."""
        start, end, index = span
        piece = norm.text[start:end]
        out: list[Hit[T]] = []
        found: str | None = None
        ostart = oend = 0
        for form, payload, case_sensitive in self._forms[index]:
            if want is not None and not want(payload):
                continue
            exact = piece == form
            if case_sensitive and not exact:
                continue
            if found is None:
                ostart, oend = norm.original_span(start, end)
                found = norm.original[ostart:oend]
            out.append(_hit(start, end, form, payload, exact, ostart, oend, found))
        return out

    def payloads_at(self, text: str, span: tuple[int, int, int]) -> tuple[T, ...]:
        """The payloads of ``hits_at(norm, span)`` (``text``: ``norm.text``), in the same
        order, without building the hits."""
        payloads = self._caseless[span[2]]
        if payloads is not None:
            return payloads
        piece = text[span[0] : span[1]]
        return tuple(p for form, p, cs in self._forms[span[2]] if not cs or piece == form)

    def find_all(self, text: str | Normalized) -> list[Hit[T]]:
        """Every boundary-valid occurrence of every form (overlapping), in text order."""
        norm = normalize(text) if isinstance(text, str) else text
        hits: list[Hit[T]] = []
        for span in self.spans(norm):
            hits.extend(self.hits_at(norm, span))
        return hits

    def find(self, text: str | Normalized) -> list[Hit[T]]:
        """Leftmost-longest, non-overlapping occurrences (all payloads of the chosen form)."""
        norm = normalize(text) if isinstance(text, str) else text
        return self.find_in_spans(norm, self.spans(norm))

    def find_in_spans(self, norm: Normalized, spans: list[tuple[int, int, int]]) -> list[Hit[T]]:
        """``find`` from the ``spans`` of ``norm``.

        ``leftmost_longest`` over ``find_all``, choosing among spans before building their
        hits: a span that starts inside the chosen one is never expanded. (Equal spans are
        one pattern, so a chosen span's hits are all the hits at that place; a span whose
        forms all need another letter case has no hits and leaves room for the next.)
        """
        chosen: list[Hit[T]] = []
        for span in self.chosen_spans(norm.text, spans):
            chosen.extend(self.hits_at(norm, span))
        return chosen

    def chosen_spans(
        self, text: str, spans: list[tuple[int, int, int]]
    ) -> list[tuple[int, int, int]]:
        """The spans whose hits ``find_in_spans`` returns (``text``: the normalised text of
        ``spans``), without building the hits."""
        chosen: list[tuple[int, int, int]] = []
        pos = 0
        caseless = self._caseless
        for span in spans:
            if span[0] < pos:
                continue
            if caseless[span[2]] is not None or self.payloads_at(text, span):
                chosen.append(span)
                pos = span[1]
        return chosen


_START = itemgetter(0)
_END = itemgetter(1)


def leftmost_longest(hits: Sequence[Hit[T]]) -> list[Hit[T]]:
    """Keep, from left to right, the longest hit at each position; drop hits overlapping it."""
    return _leftmost_longest_sorted(sorted(hits, key=lambda h: (h.start, -(h.end - h.start))))


def _leftmost_longest_sorted(hits: Sequence[Hit[T]]) -> list[Hit[T]]:
    chosen: list[Hit[T]] = []
    pos = 0
    span: tuple[int, int] | None = None
    for hit in hits:
        if span is not None and (hit.start, hit.end) == span:
            chosen.append(hit)  # same span, another payload
            continue
        if hit.start < pos:
            continue
        chosen.append(hit)
        span = (hit.start, hit.end)
        pos = hit.end
    return chosen
