"""The document model: a source text and the translatable segments found in it.

A segment is a span of the untouched source text. Rendering replaces spans and copies
everything between them byte for byte, which is what keeps structure intact.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from enum import Enum

_LINE_END = re.compile(r"\r\n?|\n")


class Quoting(Enum):
    """How a translation must be written back into the span it replaces."""

    MARKDOWN = "markdown"  # inline Markdown, written as is
    YAML_PLAIN = "yaml-plain"  # unquoted YAML scalar in front matter
    YAML_DOUBLE = "yaml-double"  # "…" YAML scalar (span includes the quotes)
    YAML_SINGLE = "yaml-single"  # '…' YAML scalar (span includes the quotes)
    TITLE_DOUBLE = "title-double"  # inside the "…" of a link definition's title
    TITLE_SINGLE = "title-single"  # inside '…'
    TITLE_PARENS = "title-parens"  # inside (…)


@dataclass(frozen=True)
class Segment:
    """One sentence (or front-matter value) of the source.

    ``start``/``end`` index the source text; ``msgid`` is the text a translator sees: the
    sentence with its inline Markdown, soft line breaks folded (see ``document.inline``).
    """

    start: int
    end: int
    msgid: str
    line: int  # 1-based line of ``start``
    kind: str  # "paragraph", "heading 2", "list item", "table cell", "front matter: title"…
    block: int  # index of the block the segment belongs to; sentences of one block share it
    translatable: bool  # False: nothing to translate (URLs, numbers, markers): passes through
    continuation: str | None = None  # prefix after a newline in a translation; None: no newlines
    quoting: Quoting = Quoting.MARKDOWN


@dataclass
class Document:
    """A parsed source document: its text, its segments in source order, and warnings."""

    path: str
    text: str
    segments: list[Segment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Link reference definitions: normalised label -> destination (``document.links``).
    references: dict[str, str] = field(default_factory=dict)

    @property
    def translatable(self) -> list[Segment]:
        return [s for s in self.segments if s.translatable]

    def msgids(self) -> list[str]:
        """Unique translatable msgids in order of first occurrence."""
        return list(dict.fromkeys(s.msgid for s in self.segments if s.translatable))


class LineIndex:
    """Maps character offsets to 1-based line numbers and back (CommonMark line endings)."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in _LINE_END.finditer(text)]
        self.text = text

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def line_span(self, index: int) -> tuple[int, int]:
        """Start and end (before the line ending) of 0-based line ``index``."""
        start = self.starts[index]
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return start, end

    def __len__(self) -> int:
        return len(self.starts)
