"""Inline Markdown facts shared by extraction, pseudo-localisation and rendering.

These work on the inline source of one block (what markdown-it calls the inline content):
they find the spans a translator must leave alone and decide whether a sentence has any
words in it at all.
"""

from __future__ import annotations

import re
import unicodedata

from markdown_it.common.html_re import HTML_TAG_RE

# A link destination: balanced parentheses (three levels deep: markdown-it allows 32, but
# nobody nests more) and backslash escapes; no ASCII space or control character.
_DEST_CHAR = r"(?:\\.|[^\x00-\x20\x7f()\\])"
_PARENS = r"\((?:" + _DEST_CHAR + r")*\)"
for _ in range(2):
    _PARENS = r"\((?:" + _DEST_CHAR + "|" + _PARENS + r")*\)"
_DESTINATION = r"<(?:\\.|[^<>\n\\])*>|(?!<)(?:" + _DEST_CHAR + "|" + _PARENS + ")*"
# A citation marker: [1], [1, 2], [^3] (not a link's text: no "(" after it).
CITATION_MARKER = r"\[\^?[0-9A-Za-z_-]*[0-9][0-9A-Za-z_,\s-]*\](?!\()"

# Spans that are code, addresses, labels or markers rather than prose. Order matters: a
# code span wins over anything inside it. Raw HTML is what markdown-it takes for raw HTML
# (tags with quoted attributes, comments, processing instructions, declarations, CDATA).
_PROTECTED = re.compile(
    r"""
    (?P<code>(?P<ticks>`+)(?:(?!(?P=ticks)).)+?(?P=ticks))       # `code` / ``co`de``
    | (?P<autolink><(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)>)
    | (?P<html>"""
    + HTML_TAG_RE.pattern
    + r""")
    | (?P<dest>(?<=\]\()[ \t\n]*(?:"""
    + _DESTINATION
    + r"""))                                                     # ](dest
    | (?P<url>(?:https?|ftp)://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'"。、」』）】]
             |www\.[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'"。、」』）】])
    | (?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)
    | (?P<citation>"""
    + CITATION_MARKER
    + r""")                                                        # [1] [1, 2] [^3]
    | (?P<label>(?<=\])\[(?:\\.|[^\[\]\\]){0,999}\])               # [text][label]
    """,
    re.VERBOSE | re.DOTALL,
)

# Every protected span contains one of these; their absence settles it quickly.
_MAY_PROTECT = re.compile(r"[`<\[@]|\]\(|://|www\.")

# Characters after which a soft line break is not a space (Han, kana, CJK punctuation,
# full-width forms).
_CJK_RANGES = (
    (0x2E80, 0x2FDF),
    (0x3000, 0x30FF),
    (0x3100, 0x312F),
    (0x31A0, 0x31FF),
    (0x3200, 0x32FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3134F),
)


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


def protected_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of code spans, autolinks, HTML, link destinations, URLs, e-mail
    addresses and citation markers, in order and non-overlapping."""
    spans: list[tuple[int, int, str]] = []
    if not _MAY_PROTECT.search(text):  # most sentences: nothing to look for
        return spans
    for m in _PROTECTED.finditer(text):
        kind = m.lastgroup or ""
        if kind == "ticks":
            kind = "code"
        if m.end() > m.start():
            spans.append((m.start(), m.end(), kind))
    return spans


def prose_parts(text: str) -> list[str]:
    """The pieces of ``text`` outside protected spans."""
    parts: list[str] = []
    pos = 0
    for start, end, _kind in protected_spans(text):
        parts.append(text[pos:start])
        pos = end
    parts.append(text[pos:])
    return parts


def has_translatable_text(text: str) -> bool:
    """True when a letter occurs outside code, URLs, link destinations and markers.

    Numbers, punctuation and citation markers alone (like the link texts of a reference
    list) are not worth a catalog entry and pass through verbatim.
    """
    for part in prose_parts(text):
        for char in part:
            if unicodedata.category(char).startswith("L"):
                return True
    return False


_HARD_BREAK = re.compile(r"(?:\\| {2,})$")


def fold_soft_breaks(text: str) -> str:
    """The msgid form of a sentence: soft line breaks folded, hard breaks kept.

    A soft break between two CJK characters disappears (a newline there is not a space in
    Japanese or Chinese); elsewhere it becomes one space. A line break inside raw HTML
    stays: it is part of the tag, not of the prose (and "<a⏎b>" after "](" is HTML where
    "<a b>" would be a link destination). Indentation of continuation lines never reaches
    the msgid.
    """
    if "\n" not in text:
        return text
    in_html: set[int] = set()  # line numbers whose line break is inside raw HTML
    if "<" in text:
        for start, end, kind in protected_spans(text):
            if kind == "html" and "\n" in text[start:end]:
                first = text.count("\n", 0, start)
                in_html.update(range(first, first + text.count("\n", start, end)))
    lines = text.split("\n")
    out = [lines[0]]
    for number, line in enumerate(lines[1:]):
        previous = out[-1]
        line = line.lstrip(" \t")
        if number in in_html or _HARD_BREAK.search(previous):
            out.append("\n" + line)
            continue
        previous = previous.rstrip(" \t")
        out[-1] = previous
        if previous and line and is_cjk(previous[-1]) and is_cjk(line[0]):
            out.append(line)
        else:
            out.append(" " + line if previous and line else line)
    return "".join(out)
