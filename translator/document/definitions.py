"""Titles of link reference definitions, located in place as translatable segments.

``[foo]: /url "Title"`` gives every ``[foo]`` link the tooltip "Title": text readers see,
as the title of an inline link ``[a](/url "Title")`` is (that one is part of its sentence's
msgid). The destination and the label stay as they are; only the title's inside becomes an
entry, one per definition, written back with its own quotes (a quote of the same kind in
the translation is escaped).

markdown-it finds the definitions (``env["references"]``: first definition of each label,
its lines, its title unescaped). The title is the quoted tail of the definition's last
line; a title spread over several lines stays as it is, with a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from markdown_it.common.utils import unescapeAll

from translator.document.inline import has_translatable_text
from translator.document.model import Document, LineIndex, Quoting, Segment

_QUOTING = {'"': Quoting.TITLE_DOUBLE, "'": Quoting.TITLE_SINGLE, ")": Quoting.TITLE_PARENS}
_OPENER = {'"': '"', "'": "'", ")": "("}


def title_segments(
    references: Mapping[str, Mapping[str, Any]],
    lines: LineIndex,
    next_block: Callable[[], int],
    doc: Document,
) -> list[Segment]:
    segments: list[Segment] = []
    for ref in references.values():
        title = ref.get("title") or ""
        if not title or not has_translatable_text(title):
            continue
        last_line = ref["map"][1] - 1
        line_start, line_end = lines.line_span(last_line)
        line = doc.text[line_start:line_end].rstrip(" \t")
        close = line[-1:]
        opener = _OPENER.get(close)
        start = _opening(line, opener, close) if opener else -1
        if start < 0 or unescapeAll(line[start + 1 : -1]) != title:
            doc.warnings.append(
                f"{doc.path}:{last_line + 1}: link title not extracted: it is not on one "
                "line (it is kept verbatim)"
            )
            continue
        raw = line[start + 1 : -1]
        segments.append(
            Segment(
                start=line_start + start + 1,
                end=line_start + len(line) - 1,
                msgid=raw,
                line=last_line + 1,
                kind="link title",
                block=next_block(),
                translatable=True,
                continuation=None,
                quoting=_QUOTING[close],
            )
        )
    return segments


def _opening(line: str, opener: str, close: str) -> int:
    """Index of the unescaped ``opener`` matching the ``close`` at the end of ``line``."""
    j = len(line) - 2
    while j >= 0:
        c = line[j]
        if (c == opener or (close == ")" and c == ")")) and not _escaped(line, j):
            return j if c == opener else -1  # "(a (b) c)" is not a title
        j -= 1
    return -1


def _escaped(line: str, index: int) -> bool:
    backslashes = 0
    while index - backslashes - 1 >= 0 and line[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def write_title(translation: str, quoting: Quoting) -> str:
    """A translation written inside the title's quotes: one line, the quote escaped."""
    delimiters = {Quoting.TITLE_DOUBLE: '"', Quoting.TITLE_SINGLE: "'"}.get(quoting, "()")
    out: list[str] = []
    chars = " ".join(translation.split("\n"))
    i = 0
    while i < len(chars):
        c = chars[i]
        if c == "\\" and i + 1 < len(chars):
            out.append(chars[i : i + 2])  # an escape the translator wrote stays one
            i += 2
            continue
        out.append("\\" + c if c in delimiters else c)
        i += 1
    return "".join(out)
