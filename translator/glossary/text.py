"""Text facts the matcher and the checks share: NFKC with an offset map, scripts, skip spans.

Matching runs on an NFKC-normalised, case-folded copy of the text. ``Normalized`` keeps,
for every character of that copy, the index of the original character it came from, so a
finding can always point at the text the translator actually wrote.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, Self, TypeVar, overload

from translator.document.inline import _PROTECTED, CITATION_MARKER, protected_spans

Span = tuple[int, int, str]
_O = TypeVar("_O")
_R = TypeVar("_R")


class lazy(Generic[_O, _R]):
    """``functools.cached_property`` without its lock (Python 3.11 takes an RLock on each
    first access, which costs more than many of the values the checks cache per text)."""

    def __init__(self, func: Callable[[_O], _R]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type[Any] | None = None) -> Self: ...

    @overload
    def __get__(self, obj: _O, owner: type[Any] | None = None) -> _R: ...

    def __get__(self, obj: _O | None, owner: type[Any] | None = None) -> _R | Self:
        if obj is None:
            return self
        # Stored in the instance dict, which shadows this (non-data) descriptor from now on.
        value = obj.__dict__[self.name] = self.func(obj)
        return value

# ``protected_spans`` runs ``_PROTECTED`` at every position of the text, and its e-mail and
# link-destination alternatives defeat the regex engine's prefix scan: 20-40 µs a sentence.
# Every alternative but the e-mail one starts at one of these places (code `, autolink and
# HTML <, citation [, a link destination right after "](", a URL scheme or "www."), so
# ``protected`` tries ``_PROTECTED`` only there, and falls back when the text has an "@".
# Same spans; tests/test_check_parts.py compares the two on random text.
_STARTS = re.compile(r"[`<\[]|(?<=\]\()|(?:https?|ftp)://|www\.")
_KINDS = frozenset(
    {"code", "ticks", "autolink", "html", "dest", "url", "email", "citation", "label"}
)
# Only when ``_PROTECTED`` has the alternatives this was worked out for.
FAST_PROTECTED = set(_PROTECTED.groupindex) == _KINDS
# At a "[" that follows neither "]" nor "](", no alternative of ``_PROTECTED`` but the
# citation marker can match (the others begin with another character or need one of those
# before them): the commonest case, a text whose only marker is a citation, tries just that.
_CITATION_AT = re.compile(CITATION_MARKER)


@lru_cache(maxsize=4096)
def protected(text: str) -> tuple[Span, ...]:
    """``protected_spans(text)``, faster, and memoised: the matcher, the number, citation,
    markup and prose checks all ask for the spans of the same source and target in turn."""
    if "@" in text or not FAST_PROTECTED:
        return tuple(protected_spans(text))
    if "`" in text or "<" in text or "](" in text or "://" in text or "www." in text:
        return _protected_from_starts(text)
    spans: list[Span] = []
    at = text.find("[")
    while at >= 0:  # only brackets: citation markers, or full references' labels
        if at and text[at - 1] == "]":
            m = _PROTECTED.match(text, at)  # a label, or a citation right after a "]"
            kind = (m.lastgroup or "") if m is not None else ""
        else:
            m = _CITATION_AT.match(text, at)
            kind = "citation"
        if m is None or m.end() == at:
            at = text.find("[", at + 1)
            continue
        spans.append((at, m.end(), kind))
        at = text.find("[", m.end())
    return tuple(spans)


def _protected_from_starts(text: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    pos = 0
    # (``search`` treats a ``pos`` past the end as the end: stop there.)
    while pos <= len(text) and (start := _STARTS.search(text, pos)) is not None:
        at = start.start()
        m = _PROTECTED.match(text, at)
        if m is None or m.end() == at:  # protected_spans drops empty matches too
            pos = at + 1
            continue
        kind = m.lastgroup or ""
        spans.append((at, m.end(), "code" if kind == "ticks" else kind))
        pos = m.end()
    return tuple(spans)


def is_cjk_char(char: str) -> bool:
    """Han, kana, hangul and CJK symbols (what needs no spaces between words)."""
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF65 <= code <= 0xFF9F
        or 0x20000 <= code <= 0x3134F
    )


def is_kana(char: str) -> bool:
    code = ord(char)
    return (0x3041 <= code <= 0x30FF and char not in "・゛゜") or 0xFF66 <= code <= 0xFF9D


def is_han(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF or (
        0x20000 <= code <= 0x3134F
    ) or char == "々"


def is_word_char(char: str) -> bool:
    """A Latin (or other alphabetic-script) letter or a digit: what forms a word in Latin text."""
    return char.isalnum() and not is_cjk_char(char)


def _fold(text: str) -> str:
    """Lower-case without changing the length (so offsets stay valid)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


@dataclass(frozen=True)
class Normalized:
    """An NFKC copy of ``original`` with a map back to original offsets."""

    original: str
    text: str  # NFKC
    # offsets[i] = index in original of text[i]; one sentinel at end. A ``range`` when NFKC
    # changed nothing (most texts): no per-character tuple to build or keep.
    offsets: Sequence[int]

    @lazy
    def folded(self) -> str:
        return _fold(self.text)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if self.text is self.original:
            return (start, start) if start >= end else (start, end)
        if start >= end:
            pos = self.offsets[start]
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def original_text(self, start: int, end: int) -> str:
        a, b = self.original_span(start, end)
        return self.original[a:b]

    @lazy
    def skipped(self) -> tuple[tuple[int, int, str], ...]:
        """Spans (in ``text``) never searched: code, URLs, link destinations, HTML, markers."""
        return protected(self.text)

    @lazy
    def skip_mask(self) -> bytearray:
        mask = bytearray(len(self.text) + 1)
        for start, end, _kind in self.skipped:
            mask[start:end] = b"\x01" * (end - start)
        return mask

    def in_skipped(self, start: int, end: int) -> bool:
        # A sentence has few skipped spans (never empty ones): test them, build no mask.
        return any(s < end and start < e for s, e, _kind in self.skipped)


_new = object.__new__


def normalize(text: str) -> Normalized:
    """NFKC ``text`` and remember where each character came from."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        # (Most texts. Built without the frozen dataclass's ``__init__``, which sets each
        # field through ``object.__setattr__``: it costs more than the test.)
        norm: Normalized = _new(Normalized)
        norm.__dict__.update(original=text, text=text, offsets=range(len(text) + 1))
        return norm
    out: list[str] = []
    offsets: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFKC", text[i:j])
        out.append(piece)
        offsets.extend([i] * len(piece))
        i = j
    offsets.append(n)
    return Normalized(text, "".join(out), tuple(offsets))
