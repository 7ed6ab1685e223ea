"""Pseudo-localisation: a visibly different, longer msgstr that keeps every token intact.

Rendering a pseudo catalog shows at a glance which text escaped extraction (it stays
plain) and whether the layout survives longer translations.
"""

from __future__ import annotations

import re

from translator.document.inline import protected_spans

_LATIN = str.maketrans(
    "AaBCcDEeGgHIiJKLNnOoRSsTUuWwYyZz",
    "ÅåƁÇçĐÉéĜĝĤÎîĴĶĹÑñÖöŘŠšŢÛûŴŵÝýŽž",
)
# Hiragana → katakana shows the change in Japanese text while it stays readable.
_KANA_OFFSET = ord("ァ") - ord("ぁ")
# Markdown delimiters and entity-like text must stay as they are.
_MARKUP = re.compile(r"\*\*|__|\*|_|~~|!?\[|\]|\\.|&[A-Za-z]+;|&#\d+;")
EXPANSION = 0.3


def pseudo_translate(msgid: str) -> str:
    """``⟦`` + transformed text + padding to about 130 % of the length + ``⟧``."""
    out: list[str] = []
    pos = 0
    for start, end, _kind in protected_spans(msgid):
        out.append(_transform(msgid[pos:start]))
        out.append(msgid[start:end])
        pos = end
    out.append(_transform(msgid[pos:]))
    # Not "~": two of them are a strikethrough delimiter (GFM), which could pair with one
    # in the text.
    padding = "·" * max(1, round(len(msgid) * EXPANSION) - 2)
    return "⟦" + "".join(out) + padding + "⟧"


def _transform(text: str) -> str:
    out: list[str] = []
    pos = 0
    for m in _MARKUP.finditer(text):
        out.append(_letters(text[pos : m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(_letters(text[pos:]))
    return "".join(out)


def _letters(text: str) -> str:
    return "".join(
        chr(ord(c) + _KANA_OFFSET) if "ぁ" <= c <= "ゖ" else c for c in text.translate(_LATIN)
    )
