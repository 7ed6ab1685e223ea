"""Writing a polib catalog: untouched entries verbatim, the others exactly like GNU msgcat.

An entry read by ``_po_lexer`` carries its source lines and a fingerprint of its fields;
while the fingerprint still matches, those lines are written back as they were (with the
blank lines that preceded them when the neighbour is also the same as in the source).
Everything else — entries created by our code, entries whose fields changed, a header
whose fields changed — is formatted the way gettext's write-po.c does at width 79:
comments, ``#:`` references filled to the width, flags in gettext's order, ``#|``/``#~|``
previous strings, strings wrapped by ``_po_wrap``. Active entries come first, then the
obsolete ones, as in polib and gettext.
"""

from __future__ import annotations

from collections.abc import Iterable

import polib

from translator.catalog._po_lexer import (
    BLANK_COMMENT_ATTR,
    FILE_ATTR,
    HEADER_ATTR,
    LAZY_ATTR,
    ORIGIN_ATTR,
    SOURCE_ATTR,
    FileSource,
    HeaderSource,
    Source,
    fingerprint,
    header_fingerprint,
    parse_metadata,
)
from translator.catalog._po_wrap import canonical_flags, format_string, has_format_flag

# The order gettext tools (and polib) give the standard header fields.
STANDARD_FIELDS = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
)
_RANK = {name: rank for rank, name in enumerate(STANDARD_FIELDS)}


Chunk = str | bytes | memoryview


_NEWLINES = ("\n", b"\n")


def _ends_line(chunk: Chunk) -> bool:
    return chunk[-1:] in _NEWLINES


class _Output:
    """Collects chunks: an untouched entry's source lines, or a formatted entry's lines.

    Blank lines before an entry, and whatever follows the last one, come from the source
    when the entry follows the same neighbour as there (changed or not); otherwise entries
    are separated by one blank line, as gettext does.

    Given a ``codec``, the result is the file's bytes: the lines of entries read lazily
    (UTF-8 bytes) go in as they are, a run of untouched neighbours as one view of the
    bytes read (no copy), and the whole file is never one text (which one character
    beyond the Basic Multilingual Plane makes four bytes a character).
    """

    def __init__(self, codec: str | None = None) -> None:
        self.chunks: list[Chunk] = []
        self.codec = codec
        # Where the last item written came from (its text and position there), if known.
        self.last_origin: FileSource | None = None
        self.last_position = -1
        # Untouched lazily read entries not added yet: their bytes' start and end.
        self.run: tuple[FileSource, int, int] | None = None

    def _flush(self) -> None:
        run = self.run
        if run is not None:
            origin, start, end = run
            data = origin.data
            assert data is not None
            view = memoryview(data)[start:end]
            self.chunks.append(view if self.codec == "utf-8" else str(view, "utf-8"))
            self.run = None

    def _follows(self, origin: FileSource, position: int) -> bool:
        if not self.chunks and self.run is None:
            return position == 0
        return self.last_origin is origin and self.last_position == position - 1

    def verbatim(self, source: Source) -> None:
        if self.run is not None:
            self._flush()
        origin, position, lead, body, _fingerprint = source
        chunks = self.chunks
        if chunks and self.last_origin is origin and self.last_position == position - 1:
            if chunks[-1][-1:] not in _NEWLINES:
                chunks.append("\n")  # the source's last line had no newline
            chunks.append(lead)  # (the usual case of _separate, inlined)
        else:
            self._separate(lead if self._follows(origin, position) else None)
        chunks.append(body)
        self.last_origin = origin
        self.last_position = position

    def lazy(self, origin: FileSource, at: int) -> None:
        """An entry read lazily and never touched: its lines, as read."""
        position, lead_start, start, _template, _msgstr, end = origin.spans[at : at + 6]
        run = self.run
        if (
            run is not None
            and run[0] is origin
            and run[2] == lead_start
            and self.last_position == position - 1
        ):  # its neighbour in the text before it: the run goes on
            self.run = (origin, run[1], end)
        else:
            follows = self._follows(origin, position)
            self._flush()
            data = origin.data
            assert data is not None
            if self.chunks and _ends_line(self.chunks[-1]) and follows:
                self.run = (origin, lead_start, end)
            else:
                self._separate(data[lead_start:start].decode() if follows else None)
                self.run = (origin, start, end)
        self.last_origin = origin
        self.last_position = position

    def formatted(self, source: Source | None) -> list[str]:
        """Start an item that is formatted; returns the list to append its lines to."""
        if self.run is not None:
            self._flush()
        follows = source is not None and self._follows(source.origin, source.position)
        self._separate(source.lead if source is not None and follows else None)
        self.last_origin = None if source is None else source.origin
        self.last_position = -1 if source is None else source.position
        return self.chunks  # type: ignore[return-value]  # (str is appended)

    def _separate(self, lead: str | None) -> None:
        """Before the next item: its own lead, or (None) one blank line between items."""
        chunks = self.chunks
        if chunks:
            if chunks[-1][-1:] not in _NEWLINES:
                chunks.append("\n")  # the source's last line had no newline
            chunks.append("\n" if lead is None else lead)
        elif lead:
            chunks.append(lead)  # blank lines at the very start of the source

    def _finish(self, file_source: FileSource | None) -> None:
        self._flush()
        chunks = self.chunks
        origin = self.last_origin
        if origin is not None and self.last_position == origin.last_index:
            if not origin.tail and not origin.ends_with_newline and chunks:
                last = chunks[-1]  # none at the end of the source
                chunks[-1] = last[:-1] if _ends_line(last) else last
            chunks.append(origin.tail)
        elif not chunks and file_source is not None and file_source.last_index < 0:
            chunks.append(file_source.tail)
        elif chunks and not _ends_line(chunks[-1]):
            chunks.append("\n")

    def text(self, file_source: FileSource | None) -> str:
        self._finish(file_source)
        return "".join(c if isinstance(c, str) else str(c, "utf-8") for c in self.chunks)

    def data(self, file_source: FileSource | None) -> bytes:
        """The bytes, in ``codec`` (UnicodeEncodeError: a character it cannot write)."""
        self._finish(file_source)
        codec = self.codec
        assert codec is not None
        return b"".join(c.encode(codec) if isinstance(c, str) else c for c in self.chunks)


def render(po: polib.POFile, page_width: int = 79) -> str:
    """The text of ``po``: source lines where nothing changed, gettext's format elsewhere."""
    out = _Output()
    _render(out, po, page_width)
    return out.text(getattr(po, FILE_ATTR, None))


def render_bytes(po: polib.POFile, codec: str, page_width: int = 79) -> bytes:
    """:func:`render`, encoded in ``codec`` (UnicodeEncodeError: a character it lacks)."""
    out = _Output(codec)
    _render(out, po, page_width)
    return out.data(getattr(po, FILE_ATTR, None))


def _render(out: _Output, po: polib.POFile, page_width: int) -> None:
    header: HeaderSource | None = getattr(po, HEADER_ATTR, None)
    if header is not None and header.source.fingerprint == header_fingerprint(po):
        out.verbatim(header.source)
    elif header is not None or po.metadata or po.header or po.metadata_is_fuzzy:
        source = header.source if header is not None else None
        format_entry(out.formatted(source), _header_entry(po, header), page_width)
    obsolete: list[polib.POEntry] = []
    plain = polib.POEntry
    for entry in po:
        if type(entry) is not plain and (at := entry.__dict__.get(LAZY_ATTR)) is not None:
            out.lazy(getattr(type(entry), ORIGIN_ATTR), at)  # read lazily, never touched
        elif entry.obsolete:
            obsolete.append(entry)
        else:
            _write_entry(out, entry, page_width)
    for entry in obsolete:
        _write_entry(out, entry, page_width)


def _write_entry(out: _Output, entry: polib.POEntry, page_width: int) -> None:
    source: Source | None = entry.__dict__.get(SOURCE_ATTR)
    if source is not None and source.fingerprint == fingerprint(entry):
        out.verbatim(source)
    else:
        format_entry(out.formatted(source), entry, page_width)


def format_entry(out: list[str], entry: polib.POEntry, page_width: int = 79) -> None:
    """Append ``entry`` as gettext's write-po.c writes it (message_print)."""
    obsolete = bool(entry.obsolete)
    blank = entry.__dict__.get(BLANK_COMMENT_ATTR, (False, False))
    if entry.tcomment:
        out.extend(f"# {line}\n" if line else "#\n" for line in entry.tcomment.split("\n"))
    elif blank[0]:
        out.append("#\n")
    if entry.comment:
        out.extend(f"#. {line}\n" if line else "#.\n" for line in entry.comment.split("\n"))
    elif blank[1]:
        out.append("#.\n")
    if entry.occurrences:
        _references(out, entry.occurrences, page_width)
    flags = canonical_flags(entry.flags) if entry.flags else []
    if flags:
        out.append(f"#, {', '.join(flags)}\n")
    wrap = "no-wrap" not in flags
    format_flags = flags if has_format_flag(flags) else ()

    def field(prefix: str, keyword: str, value: str) -> None:
        format_string(out, prefix, keyword, value, page_width, wrap=wrap, format_flags=format_flags)

    previous = "#~| " if obsolete else "#| "
    if entry.previous_msgctxt is not None:
        field(previous, "msgctxt", entry.previous_msgctxt)
    if entry.previous_msgid is not None:
        field(previous, "msgid", entry.previous_msgid)
    if entry.previous_msgid_plural is not None:
        field(previous, "msgid_plural", entry.previous_msgid_plural)
    prefix = "#~ " if obsolete else ""
    if entry.msgctxt is not None:
        field(prefix, "msgctxt", entry.msgctxt)
    field(prefix, "msgid", entry.msgid)
    if entry.msgid_plural:
        field(prefix, "msgid_plural", entry.msgid_plural)
    if entry.msgstr_plural:
        for slot in sorted(entry.msgstr_plural):
            field(prefix, f"msgstr[{slot}]", entry.msgstr_plural[slot])
    elif entry.msgid_plural:
        field(prefix, "msgstr[0]", entry.msgstr)
    else:
        field(prefix, "msgstr", entry.msgstr)


def _references(
    out: list[str], occurrences: Iterable[tuple[str, str]], page_width: int
) -> None:
    """``#:`` lines filled up to the page width (lengths in bytes, as gettext counts)."""
    line = "#:"
    column = 2
    for name, number in occurrences:
        name = str(name)
        while name.startswith("./"):
            name = name[2:]
        text = f"{name}:{number}" if number not in ("", None) else name
        size = len(text.encode("utf-8")) + 1
        if column > 2 and column + size > page_width:
            out.append(line + "\n")
            line = "#:"
            column = 2
        line += " " + text
        column += size
    out.append(line + "\n")


def _header_entry(po: polib.POFile, header: HeaderSource | None) -> polib.POEntry:
    flags = ["fuzzy"] if po.metadata_is_fuzzy else []
    entry = polib.POEntry(msgid="", tcomment=po.header or "", flags=flags)
    if header is None:
        entry.msgstr = _fresh_metadata(po.metadata)
        return entry
    source = header.entry
    entry.flags += [f for f in source.flags if f != "fuzzy"]
    entry.comment = source.comment
    entry.occurrences = list(source.occurrences)
    entry.previous_msgctxt = source.previous_msgctxt
    entry.previous_msgid = source.previous_msgid
    entry.previous_msgid_plural = source.previous_msgid_plural
    entry.msgstr = _edited_metadata(source.msgstr, dict(header.fields), po.metadata)
    return entry


def _field_line(key: str, value: str) -> str:
    return f"{key}: {value}\n"


def _fresh_metadata(metadata: dict[str, str]) -> str:
    keys = sorted((k for k in metadata if k in _RANK), key=_RANK.__getitem__)
    keys += [k for k in metadata if k not in _RANK]
    return "".join(_field_line(k, metadata[k]) for k in keys)


def _edited_metadata(raw: str, before: dict[str, str], now: dict[str, str]) -> str:
    """The header text ``raw`` with the fields that changed since it was read rewritten.

    Unchanged fields keep their exact text and place; removed ones go; new standard
    fields go after the standard field that precedes them, others at the end.
    """
    chunks: list[tuple[str | None, str]] = []  # (field, its text)
    for line in raw.splitlines(keepends=True):
        fields = parse_metadata(line)
        if fields:
            chunks.append((fields[0][0], line))
        elif chunks:
            key, text = chunks[-1]
            chunks[-1] = (key, text + line)
        else:
            chunks.append((None, line))
    result: list[tuple[str | None, str]] = []
    written: set[str] = set()
    for key, text in chunks:
        if key is None:
            result.append((key, text))
            continue
        if key not in now or key in written:
            continue
        written.add(key)
        same = key in before and before[key] == now[key]
        result.append((key, text if same else _field_line(key, now[key])))
    for key, value in now.items():
        if key in written:
            continue
        written.add(key)
        position = len(result)
        rank = _RANK.get(key)
        if rank is not None:
            position = 0
            for index, (other, _text) in enumerate(result):
                if other is not None and _RANK.get(other, len(_RANK)) < rank:
                    position = index + 1
            if position == 0 and not any(k in _RANK for k, _ in result if k is not None):
                position = len(result)
        if result and position == len(result) and not result[-1][1].endswith("\n"):
            key_before, text_before = result[-1]
            result[-1] = (key_before, text_before + "\n")
        result.insert(position, (key, _field_line(key, value)))
    return "".join(text for _key, text in result)
