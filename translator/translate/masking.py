"""Masking: what must come back from a machine translation unchanged travels as tokens.

Citation markers, inline code, link destinations, URLs, e-mail addresses, HTML and
do-not-translate glossary terms are replaced by opaque tokens before a segment is sent;
the reply must contain every token exactly once, and nothing else that looks like one.
Each engine chooses the token spelling it carries best (``⟦1⟧`` for LLMs, ``<x id="1"/>``
for DeepL's XML tag handling, ``[X1X]`` for LibreTranslate).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from translator.document.inline import protected_spans


class MaskError(Exception):
    """A reply whose tokens did not come back exactly once each."""


@dataclass(frozen=True)
class TokenStyle:
    """How one engine spells token ``n`` and finds tokens again in a reply."""

    render: Callable[[int], str]
    pattern: re.Pattern[str]  # group 1: the token number
    escape: Callable[[str], str] = lambda text: text
    unescape: Callable[[str], str] = lambda text: text


@dataclass(frozen=True)
class Masked:
    """A segment cut into prose pieces and protected spans (len(pieces) == len(spans) + 1)."""

    source: str
    pieces: tuple[str, ...]
    spans: tuple[str, ...]  # the original text of token n (0-based)
    kinds: tuple[str, ...]

    def text(self, style: TokenStyle) -> str:
        """The text to send: prose escaped for the engine, spans as tokens."""
        out = [style.escape(self.pieces[0])]
        for n, piece in enumerate(self.pieces[1:]):
            out.append(style.render(n + 1))
            out.append(style.escape(piece))
        return "".join(out)

    def restore(self, reply: str, style: TokenStyle) -> str:
        """The reply with tokens replaced by the original spans; MaskError if any is lost,
        repeated or unknown."""
        return self.restore_located(reply, style)[0]

    def restore_located(
        self, reply: str, style: TokenStyle
    ) -> tuple[str, list[tuple[int, int, int]]]:
        """``restore``, and where each span landed: (start, end, token number - 1) in the
        restored text, in the order of the reply."""
        found = [int(m.group(1)) for m in style.pattern.finditer(reply)]
        counts = Counter(found)
        problems = []
        for n in range(1, len(self.spans) + 1):
            if counts[n] != 1:
                state = "missing" if counts[n] == 0 else f"repeated {counts[n]} times"
                problems.append(f"{style.render(n)} ({self.spans[n - 1]}) {state}")
        unknown = sorted(n for n in counts if not 1 <= n <= len(self.spans))
        problems.extend(f"unknown token {style.render(n)}" for n in unknown)
        if problems:
            raise MaskError("; ".join(problems))
        out: list[str] = []
        located: list[tuple[int, int, int]] = []
        size = 0
        pos = 0
        for m in style.pattern.finditer(reply):
            n = int(m.group(1))
            before = style.unescape(reply[pos : m.start()])
            if self.kinds[n - 1] == "citation" and self._attached(n):
                before = before.rstrip(" \t\u3000")  # "parameters [5]" -> "parameters[5]"
            out.append(before)
            size += len(before)
            out.append(self.spans[n - 1])
            located.append((size, size + len(self.spans[n - 1]), n - 1))
            size += len(self.spans[n - 1])
            pos = m.end()
        out.append(style.unescape(reply[pos:]))
        return "".join(out), located

    def _attached(self, n: int) -> bool:
        """Whether token n follows text with no space in the source (as citation markers do)."""
        before = self.pieces[n - 1]
        return (before == "" and n > 1) or (before != "" and not before[-1].isspace())

    @property
    def has_tokens(self) -> bool:
        return bool(self.spans)


def mask(text: str, extra: Iterable[tuple[int, int, str]] = ()) -> Masked:
    """Cut ``text`` at its protected spans (``protected_spans``) and the ``extra`` ones
    (such as do-not-translate terms); overlapping spans keep the one starting first."""
    spans = sorted([*protected_spans(text), *extra], key=lambda s: (s[0], -(s[1] - s[0])))
    pieces: list[str] = []
    originals: list[str] = []
    kinds: list[str] = []
    pos = 0
    for start, end, kind in spans:
        if start < pos or end <= start:
            continue
        pieces.append(text[pos:start])
        originals.append(text[start:end])
        kinds.append(kind)
        pos = end
    pieces.append(text[pos:])
    return Masked(text, tuple(pieces), tuple(originals), tuple(kinds))


def join_masked(parts: Sequence[Masked], joiner: str) -> tuple[Masked, list[int]]:
    """Several masked sentences as one text (``joiner`` between them), tokens numbered on;
    and which sentence each token belongs to (paragraph mode: one text, verified whole)."""
    pieces: list[str] = []
    spans: list[str] = []
    kinds: list[str] = []
    owners: list[int] = []
    for number, part in enumerate(parts):
        if number == 0:
            pieces.extend(part.pieces)
        else:
            pieces[-1] += joiner + part.pieces[0]
            pieces.extend(part.pieces[1:])
        spans.extend(part.spans)
        kinds.extend(part.kinds)
        owners.extend([number] * len(part.spans))
    source = joiner.join(p.source for p in parts)
    return Masked(source, tuple(pieces), tuple(spans), tuple(kinds)), owners


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


LLM_TOKENS = TokenStyle(lambda n: f"⟦{n}⟧", re.compile(r"⟦\s*(\d+)\s*⟧"))
XML_TOKENS = TokenStyle(
    lambda n: f'<x id="{n}"/>',
    re.compile(r"""<x\s+id\s*=\s*["'](\d+)["']\s*/>(?:\s*</x>)?"""),
    _xml_escape,
    _xml_unescape,
)
BRACKET_TOKENS = TokenStyle(lambda n: f"[X{n}X]", re.compile(r"\[\s*X\s*(\d+)\s*X\s*\]"))


def unique(spans: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(spans))
