"""Markdown source → Document: markdown-it-py finds the blocks, the segmenter the sentences.

markdown-it gives each block its source lines (``token.map``) and the block's inline
content. We locate every content line inside its source line, so each sentence becomes an
exact span of the untouched source and rendering can copy everything else byte for byte.
Blocks we cannot locate exactly are left out with a warning rather than risk the output.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from translator.document.definitions import title_segments
from translator.document.frontmatter import front_matter_segments
from translator.document.inline import fold_soft_breaks, has_translatable_text
from translator.document.model import Document, LineIndex, Segment
from translator.segment import SegmentRules, sentence_spans

_BLOCK_KINDS = {"th_open": "table header cell", "td_open": "table cell"}


def markdown_parser() -> MarkdownIt:
    """The Markdown dialect of every source: CommonMark with raw HTML, GFM tables and
    strikethrough, and YAML front matter. Extraction and HTML rendering both use it, so
    an article is rendered from the same blocks its sentences were extracted from."""
    return (
        MarkdownIt("commonmark", {"html": True})
        .enable(["table", "strikethrough"])
        .use(front_matter_plugin)
    )


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = markdown_parser()
    # Only block structure and each block's raw inline source are needed: the inline
    # parse (most of markdown-it's time) would build child tokens nobody reads.
    md.core.ruler.disable(["inline", "text_join"])
    return md


def parse_document(
    text: str,
    path: str = "<string>",
    *,
    lang: str = "ja",
    front_matter_keys: Sequence[str] = (),
    rules: SegmentRules | None = None,
) -> Document:
    """Parse Markdown ``text`` into a Document whose segments are sentence spans."""
    doc = Document(path=path, text=text)
    lines = LineIndex(text)
    builder = _Builder(doc, lines, lang, rules)
    containers: list[str] = []
    row_cursor = 0
    env: dict[str, Any] = {}
    tokens = _parser().parse(text, env)
    definitions = env.get("references", {})
    doc.references = {label: ref["href"] for label, ref in definitions.items()}
    if definitions:
        doc.segments.extend(title_segments(definitions, lines, builder.next_block, doc))
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "front_matter" and front_matter_keys:
            doc.segments.extend(
                front_matter_segments(
                    token.content, lines, front_matter_keys, builder.next_block, doc
                )
            )
        elif kind in ("blockquote_open", "list_item_open"):
            containers.append(kind)
        elif kind in ("blockquote_close", "list_item_close"):
            containers.pop()
        elif kind == "tr_open":
            row_cursor = 0
        elif kind == "inline" and token.map is not None and token.content.strip():
            opener = tokens[index - 1]  # an inline token always follows its block's opener
            if opener.type == "heading_open":
                block_kind = f"heading {opener.tag[1:]}"
                atx = opener.markup.startswith("#")
                builder.add_block(
                    token,
                    block_kind,
                    search_from=len(opener.markup) if atx else 0,
                    multiline=not atx,
                )
            elif opener.type in _BLOCK_KINDS:
                row_cursor = builder.add_cell(token, _BLOCK_KINDS[opener.type], row_cursor)
            else:
                block_kind = "paragraph"
                if containers:
                    block_kind = (
                        "list item" if containers[-1] == "list_item_open" else "block quote"
                    )
                builder.add_block(token, block_kind, search_from=0)
    doc.segments.sort(key=lambda s: s.start)
    return doc


class _Builder:
    """Turns located inline blocks into sentence segments."""

    def __init__(
        self, doc: Document, lines: LineIndex, lang: str, rules: SegmentRules | None
    ) -> None:
        self.doc = doc
        self.lines = lines
        self.text = doc.text
        self.lang = lang
        self.rules = rules
        self.block = 0

    def next_block(self) -> int:
        self.block += 1
        return self.block

    def add_block(self, token: Token, kind: str, search_from: int, multiline: bool = True) -> None:
        assert token.map is not None
        first_line = token.map[0]
        content_lines = token.content.split("\n")
        pieces: list[tuple[int, int]] = []
        for j, content_line in enumerate(content_lines):
            line_no = first_line + j
            if line_no >= len(self.lines):
                return self._skip(token, kind)
            line_start, line_end = self.lines.line_span(line_no)
            line = self.text[line_start:line_end]
            core = content_line.strip(" \t")
            col = _locate(line, core, search_from if j == 0 else 0)
            if col < 0:
                return self._skip(token, kind)
            last = j == len(content_lines) - 1
            end = col + len(core) if last else len(line)
            pieces.append((line_start + col, line_start + end))
        continuation = self._continuation(pieces, first_line) if multiline else None
        self._add_sentences(pieces, kind, continuation)

    def add_cell(self, token: Token, kind: str, cursor: int) -> int:
        assert token.map is not None
        line_start, line_end = self.lines.line_span(token.map[0])
        line = self.text[line_start:line_end]
        core = token.content.strip(" \t")
        for candidate in (core, core.replace("|", "\\|")):
            col = line.find(candidate, cursor)
            if col >= 0:
                self._add_sentences(
                    [(line_start + col, line_start + col + len(candidate))], kind, None
                )
                return col + len(candidate)
        self._skip(token, kind)
        return cursor

    def _continuation(self, pieces: list[tuple[int, int]], first_line: int) -> str:
        """What follows a line break inside this block: the container prefix of its lines."""
        if len(pieces) > 1:
            return self.text[self.lines.starts[first_line + 1] : pieces[1][0]]
        prefix = self.text[self.lines.starts[first_line] : pieces[0][0]]
        # "- " / "1. " / "> - " on a first line: list markers become spaces, ">" stays.
        return "".join(c if c in "> \t" else " " for c in prefix)

    def _add_sentences(
        self, pieces: list[tuple[int, int]], kind: str, continuation: str | None
    ) -> None:
        block = self.next_block()
        content = "\n".join(self.text[s:e] for s, e in pieces)
        # content offset of each piece, to map sentence spans back to the source
        offsets: list[int] = []
        pos = 0
        for s, e in pieces:
            offsets.append(pos)
            pos += e - s + 1

        def to_source(offset: int) -> int:
            j = _piece_index(offsets, offset)
            return pieces[j][0] + (offset - offsets[j])

        for start, end in sentence_spans(content, self.lang, self.rules):
            src_start = to_source(start)
            src_end = to_source(end - 1) + 1
            msgid = fold_soft_breaks(content[start:end])
            self.doc.segments.append(
                Segment(
                    start=src_start,
                    end=src_end,
                    msgid=msgid,
                    line=self.lines.line_of(src_start),
                    kind=kind,
                    block=block,
                    translatable=has_translatable_text(msgid),
                    continuation=continuation,
                )
            )

    def _skip(self, token: Token, kind: str) -> None:
        assert token.map is not None
        self.doc.warnings.append(
            f"{self.doc.path}:{token.map[0] + 1}: {kind} not extracted: its text could not be "
            "located exactly in the source (it is kept verbatim)"
        )


def _piece_index(offsets: list[int], offset: int) -> int:
    lo, hi = 0, len(offsets) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if offsets[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _locate(line: str, core: str, search_from: int) -> int:
    """Column of ``core`` in ``line``: normally the line's end (after container prefixes)."""
    stripped_len = len(line.rstrip(" \t"))
    col = stripped_len - len(core)
    if col >= search_from and line.startswith(core, col):
        return col
    return line.find(core, search_from)
