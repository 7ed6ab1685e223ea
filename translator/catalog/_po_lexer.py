"""A strict, line-based PO reader that builds polib objects and remembers their source.

Every entry (and the header) gets a ``Source`` record: the exact text of its lines, the
blank lines before it, its position in the file and a fingerprint of its fields as read.
The writer (``_po_writer``) re-emits those lines untouched while the fingerprint still
matches, which is what makes an unchanged catalog come back byte for byte.

The syntax is GNU gettext's: comments ``#`` (translator), ``#.`` (extracted), ``#:``
(references), ``#,`` (flags), ``#|`` (previous strings), obsolete entries ``#~`` and
their previous strings ``#~|`` (which polib's own reader drops), keywords followed by one
or more quoted strings, continuation strings, C escapes. Anything else is an error that
names the line.

Comment lines mean what they mean to gettext's reader (read-catalog-abstract.c), so that
our view of a catalog is msgfmt's and a changed entry is written as msgcat would: a
comment runs to the newline (a CR before it stays, as in CRLF files); each ``#,`` line
replaces the flags of the lines before it; ``#:`` positions are words separated by spaces
or tabs, with ``file:12``, ``file: 12`` and ``file : 12`` naming a line and repeated
positions dropped; ``#~ #...`` is a comment of an obsolete entry.

A merge reads lazily (:func:`parse_utf8`): the file stays one buffer of bytes, entries of
the usual shape are checked whole by one regular expression (``_SIMPLE``) and keep only
their msgctxt, msgid and place in the buffer (:class:`LazyEntry`); the others, and any
entry the merge then touches, are read line by line as above, into the same fields.
"""

from __future__ import annotations

import codecs
import re
from array import array
from collections.abc import Callable, Iterable, Iterator
from sys import intern
from typing import Any, NamedTuple, SupportsIndex

import polib

from translator._gc import gc_paused
from translator._io import decode_utf8
from translator.errors import TranslatorError

Fingerprint = tuple[Any, ...]


class FileSource:
    """One parsed text: what follows its last item (and whether it ends a line).

    A lazy read keeps the file's bytes, and where each entry not read yet lies in them.
    """

    __slots__ = (
        "__weakref__",
        "data",
        "ends_with_newline",
        "entry_class",
        "holds",
        "last_index",
        "spans",
        "tail",
    )

    def __init__(self, text: str | bytes, *, keep: bool = False) -> None:
        self.ends_with_newline = text[-1:] in ("\n", b"\n")
        self.last_index = -1  # index of the last item, -1 when there is none
        self.tail = ""  # whatever follows the last item (blank lines, orphan comments)
        # The UTF-8 bytes read lazily (kept: LazyEntry reads its fields from them).
        self.data = text if keep and isinstance(text, bytes) else None
        self.holds: dict[bytes, bool] = {}  # lazy_text_may_hold's answers: one update asks twice
        # Of each LazyEntry not read yet, SPAN_FIELDS numbers (see LazySpan), one after
        # another: an array of machine integers holds them in a fraction of the memory
        # that a tuple of int objects per entry would take.
        self.spans = array("q")
        # Its entries' class: a LazyEntry that knows this text (so that each entry needs
        # no reference of its own to it). Made by the first lazy entry.
        self.entry_class: type[LazyEntry] | None = None

    _KEPT_IN_PROCESS = ("__weakref__", "data", "entry_class", "spans")

    def __getstate__(self) -> tuple[None, dict[str, Any]]:
        """Pickled without what lazy entries need (they are pickled read: LazyEntry)."""
        kept = self._KEPT_IN_PROCESS
        return None, {k: getattr(self, k) for k in self.__slots__ if k not in kept}

    def __setstate__(self, state: tuple[None, dict[str, Any]]) -> None:
        for key, value in state[1].items():
            setattr(self, key, value)
        self.data = None
        self.spans = array("q")
        self.entry_class = None


class Source(NamedTuple):
    """Where an entry came from and what its fields were there."""

    origin: FileSource
    position: int  # among the items (header included) of that text
    lead: str  # the blank lines before the entry
    body: str  # its lines, each with its newline (the file's last one may have none)
    fingerprint: Fingerprint


class HeaderSource(NamedTuple):
    source: Source
    entry: polib.POEntry  # the header entry as read (comments, flags, raw msgstr)
    fields: tuple[tuple[str, str], ...]  # metadata as read, in file order


SOURCE_ATTR = "_translator_source"  # on POEntry: Source
HEADER_ATTR = "_translator_header"  # on POFile: HeaderSource
FILE_ATTR = "_translator_file"  # on POFile: FileSource
BLANK_COMMENT_ATTR = "_translator_blank_comment"  # on POEntry: (lone "#", lone "#.")

_VALID_STRING = r'"([^"\\\n]*(?:\\(?:[ntrabfv\\"\'?]|[0-7]{1,3}|x[0-9A-Fa-f]+)[^"\\\n]*)*)"'
_ONE_STRING = re.compile(_VALID_STRING)
_MANY_STRINGS = re.compile(rf"{_VALID_STRING}(?:[ \t]*{_VALID_STRING})+")
_EACH_STRING = re.compile(_VALID_STRING)
_ANY_ESCAPES = re.compile(r'"(?:[^"\\\n]|\\.)*"(?:[ \t]*"(?:[^"\\\n]|\\.)*")*')
_ESCAPE = re.compile(r"\\(?:([ntrabfv\\\"'?])|([0-7]{1,3})|x([0-9A-Fa-f]+))")
_PLURAL_KEYWORD = re.compile(r"msgstr\[([0-9]+)\]")
_PREVIOUS_KEYWORDS = ("msgctxt", "msgid", "msgid_plural")
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "\\": "\\",
    '"': '"',
    "'": "'",
    "?": "?",
}

# Parser states: what the last keyword was.
_COMMENTS, _CTXT, _ID, _PLURAL, _STR = range(5)

_new = object.__new__


def po_entry(
    msgid: str,
    msgstr: str,
    msgid_plural: str,
    msgstr_plural: dict[int, str],
    msgctxt: str | None,
    obsolete: bool,
    comment: str,
    tcomment: str,
    occurrences: list[tuple[str, str]],
    flags: list[str],
    previous_msgctxt: str | None,
    previous_msgid: str | None,
    previous_msgid_plural: str | None,
    linenum: int | None,
) -> polib.POEntry:
    """A ``polib.POEntry`` built without polib's keyword-argument constructor, which costs
    more than the rest of reading or merging an entry.

    Attributes are set one by one in polib's own order, so instances share their key table
    (half the memory of a dict per entry). ``linenum`` is the entry's first line (its first
    comment, else its msgctxt or msgid), as polib gives it: where an editor should go."""
    item: polib.POEntry = _new(polib.POEntry)
    item.msgid = msgid
    item.msgstr = msgstr
    item.msgid_plural = msgid_plural
    item.msgstr_plural = msgstr_plural
    item.msgctxt = msgctxt
    item.obsolete = obsolete
    item.encoding = "utf-8"
    item.comment = comment
    item.tcomment = tcomment
    item.occurrences = occurrences
    item.flags = flags
    item.previous_msgctxt = previous_msgctxt
    item.previous_msgid = previous_msgid
    item.previous_msgid_plural = previous_msgid_plural
    item.linenum = linenum
    return item


def fingerprint(entry: polib.POEntry) -> Fingerprint:
    """The fields of ``entry`` that its written form depends on."""
    plural = entry.msgstr_plural
    return (
        entry.msgid,
        entry.msgstr,
        entry.msgctxt,
        entry.msgid_plural,
        tuple(sorted(plural.items())) if plural else (),
        bool(entry.obsolete),
        entry.comment,
        entry.tcomment,
        tuple(entry.occurrences),
        tuple(entry.flags),
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.previous_msgid_plural,
        entry.__dict__.get(BLANK_COMMENT_ATTR, _NO_BLANK),
    )


_NO_BLANK = (False, False)
# A lone "#" (translator) and a lone "#." (extracted) line: whether the entry has each.
_BLANKS_OF = {(a, b): (a, b) for a in (False, True) for b in (False, True)}


def header_fingerprint(po: polib.POFile) -> Fingerprint:
    return (po.header, dict(po.metadata), bool(po.metadata_is_fuzzy))


def parse_metadata(msgstr: str) -> list[tuple[str, str]]:
    """Header fields as polib reads them (a line without a colon continues the last one)."""
    fields: list[tuple[str, str]] = []
    for line in msgstr.splitlines():
        key, colon, value = line.partition(":")
        if colon:
            fields.append((key, value.strip()))
        elif fields:
            key, value = fields[-1]
            fields[-1] = (key, f"{value}\n{line.strip()}")
    return fields


_BLANKS = " \t\r\f\v"  # what gettext's lexer skips between tokens
_flag_words = re.compile(r"[^\n \t\r\f\v,]+").findall
_DIGITS = re.compile(r"[0-9]+")
# One space before each "file:line", the line without leading zeros, no word starting
# with a colon (which would give the word before it a line): every reading rule agrees.
_PLAIN_REFERENCE = re.compile(r" ([^ \t:][^ \t]*):([1-9][0-9]*)")
_PLAIN_REFERENCES = re.compile(rf"(?:{_PLAIN_REFERENCE.pattern})+")
_RANGE = re.compile(r"([0-9]+)\.\.([0-9]+)")


def _flags(line: str) -> list[str]:
    """The flags of a ``#,`` line: words between commas and white space.

    ``range:`` takes the next word as its ``min..max``, written ``range: min..max`` as
    gettext writes it.
    """
    words = _flag_words(line, 2)
    if "range:" not in words:
        return words
    flags: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        match = _RANGE.fullmatch(words[index]) if word == "range:" and index < len(words) else None
        if match is not None:
            word = f"range: {int(match.group(1))}..{int(match.group(2))}"
            index += 1
        flags.append(word)
    return flags


def _references(text: str, into: list[tuple[str, str]]) -> None:
    """The file positions of a ``#:`` line, read like gettext's parse_comment_filepos.

    Words are separated by spaces and tabs only. ``file:12``, ``file: 12``, ``file :12``
    and ``file : 12`` name a line (decimal, written back without leading zeros); anything
    else is a file name without a line. A position already given is not added again.
    """
    if _PLAIN_REFERENCES.fullmatch(text):  # the usual " file:12 file:34": nothing to decide
        for name, line in _PLAIN_REFERENCE.findall(text):
            position = (intern(name), line)
            if not into or position not in into:
                into.append(position)
        return
    words = text.replace("\t", " ").split(" ")
    if "" in words:
        words = [word for word in words if word]
    count = len(words)
    index = 0
    while index < count:
        word = words[index]
        index += 1
        name = word
        line = ""
        following = words[index] if index < count else ""
        if following[:1] == ":":  # "file :12" or "file : 12"
            if len(following) > 1:
                if _DIGITS.fullmatch(following, 1):
                    line = following[1:]
                    index += 1
            elif index + 1 < count and _DIGITS.fullmatch(words[index + 1]):
                line = words[index + 1]
                index += 2
        if line:
            pass
        elif word[-1] == ":" and _DIGITS.fullmatch(following):  # "file: 12"
            name = word[:-1]
            line = following
            index += 1
        else:  # "file:12"
            head, colon, number = word.rpartition(":")
            if colon and head and _DIGITS.fullmatch(number):
                name = head
                line = number
        if line[:1] == "0":
            line = str(int(line))
        # File names repeat across entries: one string each.
        position = (intern(name), line)
        if not into or position not in into:
            into.append(position)


class _Error(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _unescape_match(match: re.Match[str]) -> str:
    simple, octal, hexa = match.groups()
    if simple is not None:
        return _SIMPLE_ESCAPES[simple]
    if octal is not None:
        return chr(int(octal, 8))
    return chr(int(hexa, 16) & 0xFF)


def _value(line: str, number: int) -> str:
    """The value of a line of quoted strings (already stripped), checked strictly."""
    inner = line[1:-1]
    if len(line) >= 2 and line[-1] == '"' and '"' not in inner and "\\" not in inner:
        return inner
    match = _ONE_STRING.fullmatch(line)
    if match is not None:
        found = match.group(1)
        return _ESCAPE.sub(_unescape_match, found) if "\\" in found else found
    if _MANY_STRINGS.fullmatch(line):
        return "".join(
            _ESCAPE.sub(_unescape_match, m.group(1)) for m in _EACH_STRING.finditer(line)
        )
    if _ANY_ESCAPES.fullmatch(line):
        raise _Error("malformed PO file: invalid escape sequence in a string", number)
    raise _Error(
        "malformed PO file: expected a keyword followed by one quoted string "
        "(unterminated string or stray quote?)",
        number,
    )


class _Entry:
    """Fields of the entry being read."""

    __slots__ = (
        "comment",
        "first",
        "first_line",
        "flags",
        "keyword_line",
        "msgctxt",
        "msgid",
        "msgid_plural",
        "msgstr",
        "obsolete",
        "occurrences",
        "plural",
        "prev",
        "tcomment",
    )

    def __init__(self, first: int, first_line: int) -> None:
        self.first = first  # offset of its first line
        self.first_line = first_line  # 1-based number of that line
        self.keyword_line = 0  # 1-based line of msgid
        self.tcomment: list[str] = []
        self.comment: list[str] = []
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.prev: dict[str, list[str]] = {}
        self.msgctxt: list[str] | None = None
        self.msgid: list[str] = []
        self.msgid_plural: list[str] | None = None
        self.msgstr: list[str] = []
        self.plural: dict[int, list[str]] = {}
        self.obsolete: bool | None = None


def parse(text: str, path: str, *, lazy: bool = False) -> polib.POFile:
    """Parse PO text into a polib.POFile whose items remember their source lines.

    ``lazy``: as :func:`parse_utf8` reads (on the text's UTF-8 bytes).
    """
    if lazy:
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: no UTF-8 text; read in full
            pass
        else:
            return parse_utf8(data, path)
    # Reading allocates a few small containers per line and no garbage cycles; the cyclic
    # collector would only rescan the growing catalog again and again (quadratic time).
    try:
        with gc_paused():
            builder = _Builder(text, path)
            _read_lines(text, 0, 0, builder.finish)
            return builder.done()
    except _Error as exc:
        raise TranslatorError(exc.message, path, exc.line) from None


def parse_utf8(data: bytes, path: str) -> polib.POFile:
    """Read a UTF-8 catalog lazily, from its bytes (checked to be UTF-8 first).

    Entries of the usual shape (see ``_SIMPLE``) are checked as strictly as line by line,
    but only their msgctxt and msgid are decoded: every other field is read from the
    bytes the first time it is used (:class:`LazyEntry`), and an entry nothing touches is
    written back as the bytes it came from. A merge changes few entries of a catalog; this
    spares it building, and holding, polib fields for all the others, and the file is
    kept as its bytes: a decoded text takes up to four times as much (one character
    beyond the Basic Multilingual Plane makes every character four bytes).
    """
    _check_utf8(data, path)
    try:
        with gc_paused():
            builder = _Builder(None, path, data)
            _scan(data, builder)
            return builder.done()
    except _Error as exc:
        raise TranslatorError(exc.message, path, exc.line) from None


class Fields(NamedTuple):
    """What ``read_fields`` keeps of an entry: the fields the checks read, under polib's
    names, and the entry's first line."""

    msgctxt: str | None
    msgid: str
    msgid_plural: str
    msgstr: str
    msgstr_plural: dict[int, str]
    flags: list[str]
    tcomment: str
    obsolete: bool
    linenum: int


def read_fields(text: str, path: str, lines_before: int = 0) -> list[Fields]:
    """The entries of ``text``, a part of a catalog that begins after its header (see
    ``cut_points``; ``lines_before``: the lines before the part), read line by line as
    ``parse`` reads them, but kept as ``Fields`` rather than polib entries with their
    source. Raises TranslatorError for what ``parse`` rejects inside the part, a msgid
    of "" included (the header's, given twice); duplicates across parts are the caller's
    to find."""
    out: list[Fields] = []
    append = out.append
    seen: set[tuple[str | None, str, bool]] = set()
    join = "".join

    def finish(entry: _Entry, state: int, last_end: int) -> None:
        if entry.keyword_line == 0 or state != _STR:
            line = text.count("\n", 0, max(last_end - 1, 0)) + 1 + lines_before
            raise _Error("malformed PO file: missing msgstr", line)
        msgid = join(entry.msgid)
        msgctxt = None if entry.msgctxt is None else join(entry.msgctxt)
        obsolete = bool(entry.obsolete)
        key = (msgctxt, msgid, obsolete)
        if key in seen or (not msgid and msgctxt is None and not obsolete):
            raise _Error(f"malformed PO file: duplicate message definition {msgid[:40]!r}",
                         entry.keyword_line)  # fmt: skip
        seen.add(key)
        plural = entry.plural
        append(
            Fields(
                msgctxt,
                msgid,
                "" if entry.msgid_plural is None else join(entry.msgid_plural),
                join(entry.msgstr),
                {k: join(v) for k, v in sorted(plural.items())} if plural else {},
                entry.flags,
                "\n".join(entry.tcomment),
                obsolete,
                entry.first_line,
            )
        )

    try:
        with gc_paused():
            _read_lines(text, 0, lines_before, finish)
    except _Error as exc:
        raise TranslatorError(exc.message, path, exc.line) from None
    return out


# Where a catalog can be cut into parts that read as they do in the whole: at a line that
# begins an entry (a comment other than an obsolete string's continuation or a bare "#~";
# a msgctxt or msgid), after a blank line, when the entry before it ends with its msgstr
# (``cut_points`` looks back for that): the reader is then between two entries there.
_CUT = re.compile(
    rb"\n[ \t\r]*\n(?=[ \t]*(?:#(?!~)|#~[ \t]*(?:msgctxt|msgid|#|\|)|msgctxt[ \t\"]|msgid[ \t\"]))"
)


def cut_points(data: bytes, wanted: Iterable[int]) -> list[int]:
    """For each offset of ``wanted`` (ascending), the first place at or after it where the
    catalog ``data`` can be cut (see ``_CUT``), without repeats; places past the end are
    left out. ``read_fields`` reads each part between two of them."""
    out: list[int] = []
    for offset in wanted:
        if out and out[-1] >= offset:
            continue
        found = _CUT.search(data, max(offset - 1, 0))
        while found is not None and not _after_msgstr(data, found.start()):
            found = _CUT.search(data, found.end())
        if found is None:
            break
        out.append(found.end())
    return out


def _after_msgstr(data: bytes, end: int) -> bool:
    """Whether the lines that end at ``end`` are a msgstr keyword and its strings."""
    while True:
        start = data.rfind(b"\n", 0, end) + 1
        line = data[start:end].lstrip(b" \t")
        if line.startswith(b"msgstr"):
            return True
        if not line.startswith(b'"') or start == 0:
            return False
        end = start - 1


def _check_utf8(data: bytes, path: str) -> None:
    """Raise what ``_io.decode_utf8`` raises for bytes that are not UTF-8, without holding
    the decoded text (a megabyte of it at a time)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    step = 1 << 20
    for start in range(0, len(data), step):
        try:
            decoder.decode(view[start : start + step], start + step >= len(data))
        except UnicodeDecodeError:
            decode_utf8(data, path)  # raises, naming the exact place


_BLOCK = 1 << 20  # characters split into lines at a time (bounds the memory for lines)
_SMALL_BLOCK = 2048  # ... when a single entry is read


def _blocks(text: str, start: int, block: int) -> Iterator[list[str]]:
    """The lines of ``text`` from ``start``, a block at a time; all but the last line end
    in a newline."""
    while start < len(text):
        end = text.find("\n", start + block)
        if end < 0:
            yield text[start:].split("\n")
            return
        yield text[start:end].split("\n")
        start = end + 1


def _split_keyword(line: str, number: int) -> tuple[str, str]:
    """``msgid "a"`` → ("msgid", value)."""
    quote = line.find('"')
    if quote < 0:
        if line.startswith(("msgctxt", "msgid", "msgstr")):
            raise _Error(
                "malformed PO file: expected a keyword followed by one quoted string "
                "(unterminated string or stray quote?)",
                number,
            )
        raise _Error(f"malformed PO file: unexpected text {line[:40]!r}", number)
    keyword = line[:quote].rstrip(" \t")
    rest = line[quote:]
    if rest[-1] != '"':
        rest = rest.rstrip()
    return keyword, _value(rest, number)


class _Builder:
    """Turns what the reader finds into the catalog: polib entries with their Source, the
    header, the text after the last entry; duplicates are errors."""

    def __init__(self, text: str | None, path: str, data: bytes | None = None) -> None:
        self.text = text or ""  # what is read line by line (eager reads)
        self.data = data or b""  # what is read lazily
        self.size = len(self.text)
        self.origin = FileSource(self.text if data is None else data, keep=data is not None)
        self.po = polib.POFile(wrapwidth=79, fpath=path)
        self.entries: list[polib.POEntry] = []
        self.seen: set[tuple[str | None, str, bool]] = set()
        self.header: HeaderSource | None = None
        self.prev_end = 0  # offset just past the last finished item
        self.count = 0  # items finished

    def finish(self, entry: _Entry, state: int, last_end: int) -> None:
        """One entry read line by line (``last_end``: just past its last line)."""
        text = self.text
        if entry.keyword_line == 0 or state != _STR:
            line = text.count("\n", 0, max(last_end - 1, 0)) + 1
            raise _Error("malformed PO file: missing msgstr", line)
        end = min(last_end, self.size)
        self.add(entry, text[self.prev_end : entry.first], text[entry.first : end])
        self.prev_end = end

    def add(self, entry: _Entry, lead: str, body: str) -> None:
        """One entry read line by line, with the blank lines before it and its lines."""
        item = _new(polib.POEntry)
        header = (
            self.header is None
            and not any(entry.msgid)
            and entry.msgctxt is None
            and not entry.obsolete
        )
        _fill(item, entry, None if header else (self.origin, self.count, lead, body))
        msgid, msgstr, msgctxt = item.msgid, item.msgstr, item.msgctxt
        self._check_unique(msgctxt, msgid, item.obsolete, entry.keyword_line)
        if header:
            po = self.po
            metadata = parse_metadata(msgstr)
            po.header = item.tcomment
            po.metadata = dict(metadata)
            po.metadata_is_fuzzy = ["fuzzy"] if "fuzzy" in item.flags else 0
            source = Source(self.origin, self.count, lead, body, header_fingerprint(po))
            self.header = HeaderSource(source, item, tuple(metadata))
        else:
            self.entries.append(item)
        self.count += 1

    def _check_unique(self, msgctxt: str | None, msgid: str, obsolete: bool, line: int) -> None:
        key = (msgctxt, msgid, obsolete)
        if key in self.seen:
            raise _Error(f"malformed PO file: duplicate message definition {msgid[:40]!r}", line)
        self.seen.add(key)

    def lazy(self, match: re.Match[bytes], number: int) -> bool:
        """One entry of the usual shape, matched by ``_SIMPLE`` (``number``: lines before
        the match); False (nothing done) for the header, which is read in full."""
        ctxt_b, ctxt_more, msgid_b, msgid_more, msgstr = match.group(4, 5, 6, 7, 8)
        if msgid_more or b"\\" in msgid_b:
            msgid = _joined(msgid_b.decode(), msgid_more.decode())
        else:
            msgid = msgid_b[1:-1].decode()
        msgctxt = None if ctxt_b is None else _joined(ctxt_b.decode(), ctxt_more.decode())
        if msgid == "" and msgctxt is None and self.header is None:
            return False
        regs = match.regs  # (start, end) of each group: one attribute, no calls
        start = regs[2][0]
        template = regs[3][0]
        translation, end = regs[8]
        first_line = number + start - regs[0][0] + 1
        key = (msgctxt, msgid, False)
        if key in self.seen:
            line = first_line + self.data.count(b"\n", start, regs[6][0])
            self._check_unique(msgctxt, msgid, False, line)
        self.seen.add(key)
        item = _new(self.origin.entry_class or self._entry_class())
        fields = item.__dict__
        fields["msgid"] = msgid
        fields["msgctxt"] = msgctxt
        translated = msgstr != _EMPTY_MSGSTR and (
            msgstr[:10] != _EMPTY_MSGSTR
            or any(m.group(1) for m in _EACH_STRING_B.finditer(msgstr))
        )
        data = self.data
        fuzzy = data.find(b"fuzzy", template, translation) >= 0 and _fuzzy(
            data[template:translation].decode()
        )
        spans = self.origin.spans
        fields[LAZY_ATTR] = len(spans)
        spans.extend(
            (self.count, self.prev_end, start, template, translation, end, first_line,
             translated | fuzzy << 1)
        )  # fmt: skip
        self.entries.append(item)
        self.prev_end = end
        self.count += 1
        return True

    def _entry_class(self) -> type[LazyEntry]:
        origin = self.origin
        origin.entry_class = type("LazyEntry", (LazyEntry,), {ORIGIN_ATTR: origin})
        return origin.entry_class

    def done(self) -> polib.POFile:
        origin = self.origin
        origin.last_index = self.count - 1
        # Comments with no entry after them stay here.
        tail = self.data[self.prev_end :].decode() if self.data else self.text[self.prev_end :]
        origin.tail = tail
        po = self.po
        list.extend(po, self.entries)
        setattr(po, HEADER_ATTR, self.header)
        setattr(po, FILE_ATTR, origin)
        return po


def _joined(first: str, more: str) -> str:
    """The value of a keyword's strings as ``_SIMPLE`` matched them: the first one with
    its quotes, then the continuation lines."""
    value = first[1:-1]
    if "\\" in value:
        value = _ESCAPE.sub(_unescape_match, value)
    if more:
        value += "".join(
            _ESCAPE.sub(_unescape_match, m.group(1)) for m in _EACH_STRING.finditer(more)
        )
    return value


def _fill(
    item: polib.POEntry, entry: _Entry, source: tuple[FileSource, int, str, str] | None
) -> Fingerprint:
    """Set the polib fields of ``item``, a plain POEntry, from an entry read line by line
    (in polib's own order, so that entries share their attribute table) and, given where
    it came from, its Source; return the fields in fingerprint order."""
    prev = entry.prev
    if prev:
        p_ctxt = "".join(prev["msgctxt"]) if "msgctxt" in prev else None
        p_id = "".join(prev["msgid"]) if "msgid" in prev else None
        p_plural = "".join(prev["msgid_plural"]) if "msgid_plural" in prev else None
    else:
        p_ctxt = p_id = p_plural = None
    plural = entry.plural
    forms = tuple(sorted((k, "".join(v)) for k, v in plural.items())) if plural else ()
    tcomment = entry.tcomment
    comment = entry.comment
    lone_t = tcomment == [""]
    lone_c = comment == [""]
    blank = _BLANKS_OF[lone_t, lone_c] if lone_t or lone_c else _NO_BLANK
    item.msgid = msgid = "".join(entry.msgid)
    item.msgstr = msgstr = "".join(entry.msgstr)
    item.msgid_plural = msgid_plural = (
        "".join(entry.msgid_plural) if entry.msgid_plural is not None else ""
    )
    item.msgstr_plural = dict(forms) if forms else {}
    item.msgctxt = msgctxt = None if entry.msgctxt is None else "".join(entry.msgctxt)
    item.obsolete = obsolete = bool(entry.obsolete)
    item.encoding = "utf-8"
    item.comment = comment_text = "\n".join(comment)
    item.tcomment = tcomment_text = "\n".join(tcomment)
    item.occurrences = entry.occurrences
    item.flags = entry.flags
    item.previous_msgctxt = p_ctxt
    item.previous_msgid = p_id
    item.previous_msgid_plural = p_plural
    item.linenum = entry.first_line  # where an editor should go (its first line)
    fields = (
        msgid, msgstr, msgctxt, msgid_plural, forms, obsolete, comment_text, tcomment_text,
        tuple(entry.occurrences), tuple(entry.flags), p_ctxt, p_id, p_plural, blank,
    )  # fmt: skip
    if source is not None:
        setattr(item, SOURCE_ATTR, tuple.__new__(Source, (*source, fields)))
    if blank is not _NO_BLANK:
        # A lone "#" or "#." line: polib's model has no room for it, the writer does.
        # (Set after the source so that entries keep sharing their attribute table.)
        setattr(item, BLANK_COMMENT_ATTR, blank)
    return fields


# An entry as gettext and translator write most of them, matched whole by one regular
# expression (a lazy read checks such entries with it, in C, instead of line by line):
# blank lines before it; translator comments; other comments (no "#|" previous strings);
# an optional msgctxt, a msgid and a msgstr, each a keyword line with one valid string and
# continuation lines; then a blank line or the end. Anything else (obsolete and plural
# entries, #| lines, CRLF, indented lines, a missing blank line...) is read line by line.
_S = r'"[^"\\\n]*+(?:\\(?:[ntrabfv\\"\'?]|[0-7]{1,3}|x[0-9A-Fa-f]+)[^"\\\n]*+)*+"'  # _VALID_STRING
_SIMPLE = re.compile(
    (
        r"(\n*+)"  # 1: blank lines
        r"((?:#(?:[^.:,|~=!\n][^\n]*+)?\n)*+"  # 2: the entry; its translator comments first
        r"((?:#[^|~\n][^\n]*+\n)*+"  # 3: what a template has too: other comments,
        rf"(?:msgctxt ({_S})\n((?:{_S}\n)*+))?"  # 4, 5: msgctxt
        rf"msgid ({_S})\n((?:{_S}\n)*+))"  # 6, 7: msgid
        rf"(msgstr {_S}\n(?:{_S}\n)*+))"  # 8: the translation
        # then a blank line not followed by more strings (read line by line, they would
        # continue this msgstr), or the end
        r'(?=\n(?!\s*")|\Z)'
    ).encode()  # on UTF-8 bytes: no byte of a multibyte character is an ASCII one
)
_EACH_STRING_B = re.compile(_VALID_STRING.encode())


def _scan(data: bytes, builder: _Builder) -> None:
    """Read ``data`` lazily: entries matched by ``_SIMPLE`` as LazyEntry, the others (and
    the header) line by line."""
    match = _SIMPLE.match
    count = data.count
    size = len(data)
    pos = 0
    number = 0  # lines before pos
    while pos < size:
        found = match(data, pos)
        if found is not None and builder.lazy(found, number):
            end = found.end()
            number += count(b"\n", pos, end)
            pos = end
        else:
            pos, number = _read_one(data, pos, number, builder)


def _read_one(data: bytes, pos: int, number: int, builder: _Builder) -> tuple[int, int]:
    """Read the entry at byte ``pos`` line by line; return where the next one starts and
    the lines before it. (The text is decoded a window at a time: an odd entry may run
    over blank lines, so the window grows until the entry ends inside it.)"""
    width = 4096
    size = len(data)
    while True:
        stop = data.find(b"\n", pos + width)
        stop = size if stop < 0 else stop + 1
        window = data[pos:stop].decode()
        one = _One()
        offset, after = _read_lines(window, 0, number, one.finish, one=True)
        if offset < len(window) or stop >= size:
            break
        width *= 4
    entry = one.entry
    if entry is None:  # comments with no entry after them: the tail
        return size, after
    if entry.keyword_line == 0 or one.state != _STR:
        line = number + window.count("\n", 0, max(one.last_end - 1, 0)) + 1
        raise _Error("malformed PO file: missing msgstr", line)
    end = min(one.last_end, len(window))
    first = pos + len(window[: entry.first].encode())
    builder.add(entry, data[builder.prev_end : first].decode(), window[entry.first : end])
    builder.prev_end = pos + len(window[:end].encode())
    return pos + len(window[:offset].encode()), after


def _read_lines(
    text: str,
    start: int,
    number: int,
    finish: Callable[[_Entry, int, int], None],
    *,
    one: bool = False,
) -> tuple[int, int]:
    """Read entries line by line from offset ``start`` (``number`` lines before it),
    calling ``finish(entry, state, last_end)`` for each. With ``one``, stop at the first
    line of the next entry; return that offset and the lines before it."""
    cur: _Entry | None = None
    state = _COMMENTS
    last_end = start  # offset just past the last non-blank line
    target: list[str] | None = None  # where continuation strings go
    target_prev = False  # whether that is a #| previous string
    pos = start  # offset of the next line
    for lines in _blocks(text, start, _SMALL_BLOCK if one else _BLOCK):
        for raw in lines:
            number += 1
            line_start = pos
            pos += len(raw) + 1
            if not raw:
                continue
            first = raw[0]
            if first in _BLANKS:  # whitespace before a token; a comment keeps its end
                raw = raw.lstrip(_BLANKS)
                if not raw:
                    continue
                first = raw[0]
            obsolete = False
            if first == "#":
                second = raw[1:2]
                if second == "~":
                    rest = raw[2:].lstrip(_BLANKS)
                    if not rest:  # a bare "#~"
                        last_end = pos
                        continue
                    if rest[0] == "#":  # "#~ # note": a comment, as gettext reads it
                        raw = rest
                        second = raw[1:2]
                    elif rest[0] == "|":
                        raw = "#|" + rest[1:]
                        second = "|"
                        obsolete = True
                    else:
                        raw = rest
                        first = raw[0]
                        obsolete = True
                if first == "#":
                    if state == _STR or cur is None:
                        if cur is not None:
                            finish(cur, state, last_end)
                            if one:
                                return line_start, number - 1
                        cur = _Entry(line_start, number)
                        state = _COMMENTS
                    last_end = pos
                    if second == ":":
                        target = None
                        _references(raw[2:], cur.occurrences)
                    elif second == "|":
                        content = raw[2:].strip()
                        if obsolete:
                            cur.obsolete = True
                        if content[:1] == '"':
                            if target is None or not target_prev:
                                raise _Error("malformed PO file: stray previous string", number)
                            target.append(_value(content, number))
                            continue
                        keyword, value = _split_keyword(content, number)
                        if keyword not in _PREVIOUS_KEYWORDS:
                            raise _Error(f"malformed PO file: {keyword} in a #| comment", number)
                        if keyword in cur.prev:
                            raise _Error(f"malformed PO file: #| {keyword} given twice", number)
                        target = cur.prev[keyword] = [value]
                        target_prev = True
                    elif second == "," or second == "!":
                        # Each such line replaces the flags before it, as in gettext
                        # (po_parse_comment_special starts from nothing): msgfmt sees
                        # "#, fuzzy" then "#, c-format" as a c-format entry, not fuzzy.
                        target = None
                        cur.flags = _flags(raw)
                    elif second == "=":  # newer gettext's sticky flags: added
                        target = None
                        cur.flags += _flags(raw)
                    elif second == ".":
                        target = None
                        cur.comment.append(raw[3:] if raw[2:3] == " " else raw[2:])
                    else:
                        target = None
                        cur.tcomment.append(raw[2:] if second == " " else raw[1:])
                    continue
            if raw[-1] != '"':
                raw = raw.rstrip()
            if first == '"':
                if target is None or target_prev:
                    raise _Error(f"malformed PO file: unexpected text {raw[:40]!r}", number)
                if cur is not None and cur.obsolete != obsolete:
                    raise _Error("malformed PO file: inconsistent use of #~", number)
                inner = raw[1:-1]
                if raw[-1] != '"' or len(raw) < 2 or '"' in inner or "\\" in inner:
                    inner = _value(raw, number)
                target.append(inner)
                last_end = pos
                continue
            if raw.startswith('msgid "'):
                keyword = "msgid"
                value = raw[7:-1]
            elif raw.startswith('msgstr "'):
                keyword = "msgstr"
                value = raw[8:-1]
            else:
                keyword = ""
            if not keyword or raw[-1] != '"' or '"' in value or "\\" in value:
                keyword, value = _split_keyword(raw, number)
            target_prev = False
            if keyword == "msgid" or keyword == "msgctxt":
                if cur is None or state == _STR:
                    if cur is not None:
                        finish(cur, state, last_end)
                        if one:
                            return line_start, number - 1
                    cur = _Entry(line_start, number)
                    state = _COMMENTS
                elif state in (_ID, _PLURAL) or (state == _CTXT and keyword == "msgctxt"):
                    raise _Error("malformed PO file: missing msgstr", number)
                if state != _COMMENTS and cur.obsolete != obsolete:
                    raise _Error("malformed PO file: inconsistent use of #~", number)
                cur.obsolete = obsolete
                if keyword == "msgid":
                    cur.msgid = target = [value]
                    cur.keyword_line = number
                    state = _ID
                else:
                    cur.msgctxt = target = [value]
                    state = _CTXT
                last_end = pos
                continue
            last_end = pos
            if cur is None or state in (_COMMENTS, _CTXT):
                if keyword in ("msgstr", "msgid_plural") or _PLURAL_KEYWORD.fullmatch(keyword):
                    raise _Error(f"malformed PO file: {keyword} without msgid", number)
                raise _Error(f"malformed PO file: unexpected text {raw[:40]!r}", number)
            if cur.obsolete != obsolete:
                raise _Error("malformed PO file: inconsistent use of #~", number)
            if keyword == "msgstr":
                if state != _ID:
                    raise _Error("malformed PO file: msgstr out of place", number)
                cur.msgstr = target = [value]
                state = _STR
            elif keyword == "msgid_plural":
                if state != _ID:
                    raise _Error("malformed PO file: msgid_plural out of place", number)
                cur.msgid_plural = target = [value]
                state = _PLURAL
            else:
                match = _PLURAL_KEYWORD.fullmatch(keyword)
                if match is None:
                    raise _Error(f"malformed PO file: unexpected text {raw[:40]!r}", number)
                if state != _PLURAL and not (state == _STR and cur.plural):
                    raise _Error("malformed PO file: msgstr[n] without msgid_plural", number)
                slot = int(match.group(1))
                if slot in cur.plural:
                    raise _Error("malformed PO file: msgstr[n] given twice", number)
                cur.plural[slot] = target = [value]
                state = _STR

    if cur is not None and not (cur.keyword_line == 0 and state == _COMMENTS):
        finish(cur, state, last_end)
    return len(text), number


# --------------------------------------------------------------------------- lazy entries

LAZY_ATTR = "_translator_lazy"  # on a LazyEntry not read yet: its index in origin.spans
ORIGIN_ATTR = "_translator_origin"  # on the class of a LazyEntry: the FileSource


class LazyEntry(polib.POEntry):  # type: ignore[misc]
    """An entry whose msgid and msgctxt are read, the rest on first use.

    Reading any other attribute, or setting any, first reads the entry's lines (checked
    when the file was read) into polib fields and a Source, exactly as an eager read
    would have: from then on it is an ordinary entry. An entry never touched is written
    back as the slice of the text it came from.
    """

    def __getattr__(self, name: str) -> Any:
        if name[:2] == "__" or LAZY_ATTR not in self.__dict__:
            raise AttributeError(name)
        materialise(self)
        return getattr(self, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if LAZY_ATTR in self.__dict__:
            materialise(self)
        object.__setattr__(self, name, value)  # (it may be a plain POEntry by now)

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        """Pickled (for a worker process) read, as a plain entry: its class is made per
        text (which stays behind: see FileSource.__getstate__)."""
        materialise(self)
        return _plain_entry, (self.__dict__,)


def _plain_entry(fields: dict[str, Any]) -> polib.POEntry:
    entry: polib.POEntry = _new(polib.POEntry)
    entry.__dict__.update(fields)
    return entry


class _One:
    """``finish`` for reading a single entry: keeps it."""

    entry: _Entry | None = None
    state = _COMMENTS
    last_end = 0

    def finish(self, entry: _Entry, state: int, last_end: int) -> None:
        self.entry = entry
        self.state = state
        self.last_end = last_end


# What is kept of a LazyEntry not read yet, in FileSource.spans: its position among the
# items of its text; where it lies there (the start of the blank lines before it, of its
# lines, of the lines a template entry also has, of its msgstr, and its end); its first
# line number; and whether it has a translation (1) and is fuzzy (2). Such an entry is
# singular and not obsolete.
LazySpan = tuple[FileSource, int, int, int, int, int, int, int, int]
SPAN_FIELDS = 8


def lazy_span(entry: polib.POEntry) -> LazySpan | None:
    """What is known of a LazyEntry not read yet (its text first); None for others."""
    at: int | None = entry.__dict__.get(LAZY_ATTR)
    if at is None:
        return None
    origin: FileSource = getattr(type(entry), ORIGIN_ATTR)
    return (origin, *origin.spans[at : at + SPAN_FIELDS])  # type: ignore[return-value]


def materialise(entry: polib.POEntry) -> None:
    """Read the fields of a LazyEntry not read yet (nothing for any other entry)."""
    span = lazy_span(entry)
    if span is None:
        return
    del entry.__dict__[LAZY_ATTR]
    # From now on an ordinary entry: attributes set without LazyEntry's checks.
    entry.__class__ = polib.POEntry
    origin, position, lead_start, start, _template, _msgstr, end, first_line, _state = span
    data = origin.data
    assert data is not None
    text = data[start:end].decode()
    one = _One()
    _read_lines(text, 0, first_line - 1, one.finish, one=True)
    assert one.entry is not None  # the text was checked when it was read
    _fill(entry, one.entry, (origin, position, data[lead_start:start].decode(), text))


def same_template_lines(new: polib.POEntry, old: polib.POEntry) -> bool:
    """Whether two LazyEntry not read yet have the same lines where a template entry has
    lines (comments other than the translator's, msgctxt, msgid): then they have the same
    fields there. False when either is not such an entry."""
    at: int | None = new.__dict__.get(LAZY_ATTR)
    at2: int | None = old.__dict__.get(LAZY_ATTR)
    if at is None or at2 is None:
        return False
    origin: FileSource = getattr(type(new), ORIGIN_ATTR)
    other: FileSource = getattr(type(old), ORIGIN_ATTR)
    first, last = origin.spans[at + 3 : at + 5]
    first2, last2 = other.spans[at2 + 3 : at2 + 5]
    if last - first != last2 - first2:
        return False
    assert origin.data is not None and other.data is not None
    return origin.data[first:last] == other.data[first2:last2]


_EMPTY_MSGSTR = b'msgstr ""\n'


def _fuzzy(lines: str) -> bool:
    """Whether the comment lines ``lines`` flag their entry fuzzy."""
    flags: list[str] = []
    for line in lines.split("\n"):
        if line[:2] in ("#,", "#!"):
            flags = _flags(line)
        elif line[:2] == "#=":
            flags += _flags(line)
    return "fuzzy" in flags


def lazy_text_may_hold(entry: polib.POEntry, needle: bytes) -> bool:
    """Whether the file a LazyEntry was read from may hold ``needle`` (ASCII, lower case)
    anywhere, in any case: a test on the bytes kept, without reading an entry."""
    origin: FileSource = getattr(type(entry), ORIGIN_ATTR)
    found = origin.holds.get(needle)
    if found is None:
        data = origin.data  # (lowered whole: a copy of the file, so the answer is kept)
        found = origin.holds[needle] = data is None or needle in data.lower()
    return found


def lazy_state(entry: polib.POEntry) -> tuple[bool, bool] | None:
    """(has a translation, is fuzzy) of a LazyEntry not read yet; None for other entries
    (which say it through their fields). Such an entry is singular and not obsolete."""
    at: int | None = entry.__dict__.get(LAZY_ATTR)
    if at is None:
        return None
    state = getattr(type(entry), ORIGIN_ATTR).spans[at + SPAN_FIELDS - 1]
    return bool(state & 1), bool(state & 2)
