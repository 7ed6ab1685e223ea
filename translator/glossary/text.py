"""Text facts the matcher and the checks share: NFKC with an offset map, scripts, skip spans.

Matching runs on an NFKC-normalised, case-folded copy of the text. ``Normalized`` keeps,
for every character of that copy, the index of the original character it came from, so a
finding can always point at the text the translator actually wrote.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cached_property

from translator.document.inline import protected_spans


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
    offsets: tuple[int, ...]  # offsets[i] = index in original of text[i]; one sentinel at end

    @cached_property
    def folded(self) -> str:
        return _fold(self.text)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if start >= end:
            pos = self.offsets[start]
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def original_text(self, start: int, end: int) -> str:
        a, b = self.original_span(start, end)
        return self.original[a:b]

    @cached_property
    def skipped(self) -> tuple[tuple[int, int, str], ...]:
        """Spans (in ``text``) never searched: code, URLs, link destinations, HTML, markers."""
        return tuple(protected_spans(self.text))

    @cached_property
    def skip_mask(self) -> bytearray:
        mask = bytearray(len(self.text) + 1)
        for start, end, _kind in self.skipped:
            mask[start:end] = b"\x01" * (end - start)
        return mask

    def in_skipped(self, start: int, end: int) -> bool:
        if not self.skipped:
            return False
        mask = self.skip_mask
        return any(mask[start:end])


def normalize(text: str) -> Normalized:
    """NFKC ``text`` and remember where each character came from."""
    if unicodedata.is_normalized("NFKC", text):
        return Normalized(text, text, tuple(range(len(text) + 1)))
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
