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
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from sys import intern
from typing import Any, NamedTuple

import polib

from translator.errors import TranslatorError

Fingerprint = tuple[Any, ...]


class FileSource:
    """One parsed text: what follows its last item, and how to recognise the text again."""

    __slots__ = ("__weakref__", "ends_with_newline", "last_index", "tail", "text_hash")

    def __init__(self, text: str) -> None:
        self.text_hash = hash(text)
        self.ends_with_newline = text.endswith("\n")
        self.last_index = -1  # index of the last item, -1 when there is none
        self.tail = ""  # whatever follows the last item (blank lines, orphan comments)


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
    )


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


def parse(text: str, path: str) -> polib.POFile:
    """Parse PO text into a polib.POFile whose items remember their source lines."""
    # Reading allocates a few small containers per line and no garbage cycles; the cyclic
    # collector would only rescan the growing catalog again and again (quadratic time).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse(text, path)
    except _Error as exc:
        raise TranslatorError(exc.message, path, exc.line) from None
    finally:
        if enabled:
            gc.enable()


_BLOCK = 1 << 20  # characters split into lines at a time (bounds the memory for lines)


def _blocks(text: str) -> Iterator[list[str]]:
    """The lines of ``text``, a block at a time; all but the last line end in a newline."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + _BLOCK)
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


def _parse(text: str, path: str) -> polib.POFile:
    origin = FileSource(text)
    size = len(text)
    po = polib.POFile(wrapwidth=79, fpath=path)
    entries: list[polib.POEntry] = []
    seen: set[tuple[str | None, str, bool]] = set()
    header: HeaderSource | None = None
    prev_end = 0  # offset just past the last finished item
    count = 0  # items finished
    last_end = 0  # offset just past the last non-blank line
    state = _COMMENTS
    cur: _Entry | None = None
    target: list[str] | None = None  # where continuation strings go
    target_prev = False  # whether that is a #| previous string
    new_source = tuple.__new__

    def finish(entry: _Entry) -> None:
        nonlocal prev_end, count, header
        if entry.keyword_line == 0 or state != _STR:
            line = text.count("\n", 0, max(last_end - 1, 0)) + 1
            raise _Error("malformed PO file: missing msgstr", line)
        end = min(last_end, size)
        msgid = "".join(entry.msgid)
        msgctxt = None if entry.msgctxt is None else "".join(entry.msgctxt)
        obsolete = bool(entry.obsolete)
        key = (msgctxt, msgid, obsolete)
        if key in seen:
            raise _Error(
                f"malformed PO file: duplicate message definition {msgid[:40]!r}",
                entry.keyword_line,
            )
        seen.add(key)
        msgstr = "".join(entry.msgstr)
        plural = entry.plural
        msgstr_plural = {k: "".join(v) for k, v in plural.items()} if plural else {}
        msgid_plural = "".join(entry.msgid_plural) if entry.msgid_plural is not None else ""
        comment = "\n".join(entry.comment)
        tcomment = "\n".join(entry.tcomment)
        occurrences = entry.occurrences
        flags = entry.flags
        prev = entry.prev
        if prev:
            p_ctxt = "".join(prev["msgctxt"]) if "msgctxt" in prev else None
            p_id = "".join(prev["msgid"]) if "msgid" in prev else None
            p_plural = "".join(prev["msgid_plural"]) if "msgid_plural" in prev else None
        else:
            p_ctxt = p_id = p_plural = None
        item = po_entry(
            msgid, msgstr, msgid_plural, msgstr_plural, msgctxt, obsolete, comment,
            tcomment, occurrences, flags, p_ctxt, p_id, p_plural, entry.first_line,
        )  # fmt: skip
        lead = text[prev_end : entry.first]
        body = text[entry.first : end]
        if header is None and msgid == "" and msgctxt is None and not obsolete:
            metadata = parse_metadata(msgstr)
            po.header = tcomment
            po.metadata = dict(metadata)
            po.metadata_is_fuzzy = ["fuzzy"] if "fuzzy" in flags else 0
            source = Source(origin, count, lead, body, header_fingerprint(po))
            header = HeaderSource(source, item, tuple(metadata))
        else:
            setattr(
                item,
                SOURCE_ATTR,
                new_source(
                    Source,
                    (
                        origin,
                        count,
                        lead,
                        body,
                        (
                            msgid,
                            msgstr,
                            msgctxt,
                            msgid_plural,
                            tuple(sorted(msgstr_plural.items())) if plural else (),
                            obsolete,
                            comment,
                            tcomment,
                            tuple(occurrences),
                            tuple(flags),
                            p_ctxt,
                            p_id,
                            p_plural,
                        ),
                    ),
                ),
            )
            entries.append(item)
        if entry.tcomment == [""] or entry.comment == [""]:
            # A lone "#" or "#." line: polib's model has no room for it, the writer does.
            # (Set after the source so that entries keep sharing their attribute table.)
            setattr(item, BLANK_COMMENT_ATTR, (entry.tcomment == [""], entry.comment == [""]))
        prev_end = end
        count += 1

    number = 0  # line number
    pos = 0  # offset of the next line
    for lines in _blocks(text):
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
                            finish(cur)
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
                        finish(cur)
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
        finish(cur)
    # Comments with no entry after them stay in the tail.
    origin.last_index = count - 1
    origin.tail = text[prev_end:]
    list.extend(po, entries)
    setattr(po, HEADER_ATTR, header)
    setattr(po, FILE_ATTR, origin)
    return po
