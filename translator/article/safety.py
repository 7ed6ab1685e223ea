"""A translation may not add markup its source sentence does not have.

An HTML article passes the source's raw HTML through: the author wrote it. A translator
did not write the page, so the HTML, autolinks and links of a translation are kept only
where the source sentence has the same ones; anything else is escaped and shows as text.
``translator check`` reports the same differences (markup_mismatch, link_mismatch).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from markdown_it import MarkdownIt

from translator.checks.markup import (
    backslash_escaped,
    html_tag_key,
    html_tags,
    link_destinations,
)
from translator.document.markdown import markdown_parser
from translator.glossary.text import protected

_LINE_START = re.compile(r"(?:^|\n)[ \t]*<")


def escape_added_markup(source: str, target: str) -> str:
    """``target`` with every ``<`` and link that ``source`` lacks backslash-escaped.

    Kept: an HTML tag (or comment) spelled as in the source, an autolink the source has,
    a link or image whose destination the source has. Escaped: every other ``<`` outside
    code spans (so no tag, autolink or HTML block can start), every ``<`` at the start of
    a line (an HTML block would begin there whatever the inline parse says), and the
    ``[`` of a link or image to a destination the source does not have.
    """
    if "<" not in target and "](" not in target:
        return target
    return _escape(source, target)


@lru_cache(maxsize=4096)
def _escape(source: str, target: str) -> str:
    escape: set[int] = set()
    kept: set[int] = set()
    allowed = Counter(key for _, _, key in html_tags(source))
    for start, _, key in html_tags(target):
        if allowed[key] > 0:
            allowed[key] -= 1
            kept.add(start)
    autolinks = Counter(source[s:e] for s, e, kind in protected(source) if kind == "autolink")
    code: list[tuple[int, int]] = []
    for start, end, kind in protected(target):
        if kind == "code":
            code.append((start, end))
        elif kind == "autolink" and autolinks[target[start:end]] > 0:
            autolinks[target[start:end]] -= 1
            kept.add(start)
    line_starts = {m.end() - 1 for m in _LINE_START.finditer(target)}
    for pos, char in enumerate(target):
        if char != "<" or pos in kept or backslash_escaped(target, pos):
            continue
        if pos in line_starts or not any(s <= pos < e for s, e in code):
            escape.add(pos)
    destinations = Counter(dest for _, dest in link_destinations(source))
    for pos, dest in link_destinations(target):
        if destinations[dest] > 0:
            destinations[dest] -= 1
        else:
            escape.add(pos)
    result = _insert_backslashes(target, escape)
    if "`" in target and "<" in target and not _only_source_html(source, result):
        # A code span we saw where markdown-it sees none: escape every "<" after all.
        every = {p for p, c in enumerate(target) if c == "<" and not backslash_escaped(target, p)}
        result = _insert_backslashes(target, escape | (every - kept))
    return result


def _insert_backslashes(text: str, positions: set[int]) -> str:
    out: list[str] = []
    last = 0
    for pos in sorted(positions):
        out.append(text[last:pos])
        out.append("\\")
        last = pos
    out.append(text[last:])
    return "".join(out)


def _only_source_html(source: str, text: str) -> bool:
    """Whether markdown-it finds in ``text`` no inline HTML but the source's."""
    allowed = Counter(key for _, _, key in html_tags(source))
    for token in _inline_parser().parseInline(text):
        for child in token.children or ():
            if child.type == "html_inline":
                key = html_tag_key(child.content)
                if allowed[key] <= 0:
                    return False
                allowed[key] -= 1
    return True


@lru_cache(maxsize=1)
def _inline_parser() -> MarkdownIt:
    return markdown_parser()
