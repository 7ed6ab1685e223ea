"""Reading and writing PO/POT files: strict about syntax, faithful to the bytes.

Catalogs are polib objects, read by our own line-based parser (``_po_lexer``): it rejects
broken input with ``file:line: what``, reads what polib drops (``#~|`` previous strings
of obsolete entries), and remembers each entry's source lines with a fingerprint of its
fields. Writing (``_po_writer``) copies the lines of every entry whose fields did not
change and formats the others exactly like GNU ``msgcat``/``msgmerge`` (width 79,
Unicode line breaking, gettext's flag order), so reading and writing back a catalog
that nothing changed gives the same bytes, and a small change gives a small diff.

Files are read and written in the charset their header declares, as gettext reads them
(UTF-8 when it names none; legacy catalogs in ISO-8859-1 or EUC-JP stay so). Saving is
atomic, and a catalog whose only change would be its timestamp is not written. Saving
over a file checks that it is still the one that was read (its stamp, kept on the
catalog by ``read_catalog``): a catalog a person saved meanwhile is never replaced.
An entry that our code rebuilt from scratch (``update`` makes new entries from the
template) still keeps its old lines when it comes out equal to an entry of the file
being replaced.
"""

from __future__ import annotations

import codecs
import os
import re
import textwrap
import weakref
from datetime import UTC, datetime
from pathlib import Path

import polib

from translator._io import (
    ABSENT,
    UNCHECKED,
    Expect,
    FileChanged,
    FileStamp,
    decode_utf8,
    read_if_present,
    read_stamped,
    still_as_read,
    write_bytes_atomic,
)
from translator.catalog import _po_lexer, _po_writer
from translator.catalog._po_lexer import (
    FILE_ATTR,
    HEADER_ATTR,
    LAZY_ATTR,
    SOURCE_ATTR,
    FileSource,
    HeaderSource,
    Source,
    fingerprint,
)
from translator.errors import TranslatorError

WRAP_WIDTH = 79  # GNU gettext's width

# On a catalog read from a file: (absolute path, the file's stamp when it was read).
DISK_ATTR = "_translator_disk"

# The catalog last read from each path, so that saving over that path can reuse its
# lines without parsing the file again. Weak: it never keeps a catalog alive.
_read_from: dict[str, weakref.ref[polib.POFile]] = {}


def read_catalog(path: str | os.PathLike[str], *, lazy: bool = False) -> polib.POFile:
    """Parse a PO or POT file; syntax errors raise TranslatorError with file and line.

    ``lazy`` reads most entries' fields only when they are used (see ``_po_lexer.parse``):
    for a merge, which leaves most entries as they are.
    """
    data, stamp = read_stamped(path)
    if lazy and codec_of(declared_charset(data)) == "utf-8":
        po = _po_lexer.parse_utf8(data.removeprefix(codecs.BOM_UTF8), str(path))
    else:
        text = decode_catalog(data, path)
        del data
        po = parse_catalog(text, str(path), lazy=lazy)
    key = os.path.abspath(path)
    setattr(po, DISK_ATTR, (key, stamp))
    _read_from[key] = weakref.ref(po, lambda _ref: _forget(key, _ref))
    return po


def read_lazily(po: polib.POFile) -> bool:
    """Whether ``po`` was read lazily (its unread entries keep the file's bytes)."""
    origin: FileSource | None = getattr(po, FILE_ATTR, None)
    return origin is not None and origin.data is not None


def _forget(key: str, ref: weakref.ref[polib.POFile]) -> None:
    if _read_from.get(key) is ref:
        del _read_from[key]


# The header's charset, found in the raw bytes: gettext accepts only encodings in which
# the PO syntax is ASCII, so it can be read before the text is decoded.
_DECLARED = re.compile(rb'Content-Type:[^"\n]*?charset=([-\w.:]+)', re.IGNORECASE)
_BLANK_LINE = re.compile(rb"\n[ \t\r]*\n")
_CHARSET = re.compile(r"charset=([-\w.:]+)", re.IGNORECASE)


def decode_catalog(data: bytes, path: str | os.PathLike[str]) -> str:
    """The text of a PO file, decoded as gettext decodes it: in the charset its header
    declares, UTF-8 when it declares none (or the POT placeholder ``CHARSET``)."""
    charset = declared_charset(data)
    codec = codec_of(charset)
    if codec == "utf-8":
        return decode_utf8(data, path)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TranslatorError(
            f"not valid {charset} (byte 0x{data[exc.start]:02x}), the charset its header "
            "declares",
            str(path),
            line,
        ) from None


def declared_charset(data: bytes) -> str | None:
    """The charset the header of the catalog `data` declares (None: no header, or none)."""
    start = data.find(b'msgid ""')
    if start < 0:
        return None
    end = _BLANK_LINE.search(data, start)
    match = _DECLARED.search(data, start, end.start() if end else len(data))
    return match.group(1).decode("ascii") if match else None


def codec_of(charset: str | None) -> str:
    """The Python codec for a header's charset: UTF-8 for UTF-8, ASCII (a subset of it),
    ``CHARSET`` and names Python does not know, as for no charset at all."""
    if not charset:
        return "utf-8"
    try:
        name = codecs.lookup(charset).name
        # Encodings where the PO syntax is not ASCII (UTF-16...) are not PO encodings.
        ascii_syntax = 'msgid "x"\n'.encode(name) == b'msgid "x"\n'
    except (LookupError, UnicodeError):  # unknown, or not a text encoding ("base64")
        return "utf-8"
    return name if ascii_syntax and name != "ascii" else "utf-8"


def header_charset(metadata: dict[str, str]) -> str | None:
    """The charset named in a header's Content-Type, if any."""
    match = _CHARSET.search(metadata.get("Content-Type", ""))
    return match.group(1) if match else None


def parse_catalog(text: str, path: str = "<string>", *, lazy: bool = False) -> polib.POFile:
    """Parse PO text (errors name ``path`` and the line)."""
    return _po_lexer.parse(text, path, lazy=lazy)


def catalog_text(po: polib.POFile) -> str:
    """The file text of ``po``: unchanged entries as read, the rest as msgcat writes them."""
    return _po_writer.render(po, WRAP_WIDTH)


def disk_stamp(po: polib.POFile | None, path: str | os.PathLike[str]) -> Expect:
    """What ``path`` was when ``po`` was read from it: the ``expect`` of a save that
    replaces it. ``ABSENT`` when there was no catalog to read (None)."""
    if po is None:
        return ABSENT
    read: tuple[str, FileStamp] | None = getattr(po, DISK_ATTR, None)
    if read is None or read[0] != os.path.abspath(path):
        return UNCHECKED
    return read[1]


def save_catalog(
    po: polib.POFile,
    path: str | os.PathLike[str],
    *,
    stamp: str | None = None,
    expect: Expect = UNCHECKED,
    dry_run: bool = False,
) -> bool:
    """Write ``po`` atomically unless the file already says the same; return whether written.

    With ``dry_run``, nothing is written: the return value says whether the file would
    change (``sync --check``), decided exactly as a real save decides it.

    ``stamp`` names a header date (POT-Creation-Date for templates) that is set to now only
    when the content changed, so running a command twice on unchanged input leaves the file
    byte-identical. Without it the header is written as given.

    ``expect`` is the file as it was read (:func:`disk_stamp`; ``ABSENT``: it did not
    exist). If it is no longer that file, nothing is written and FileChanged is raised —
    unless it already holds exactly what would be written. Without ``expect``, the file is
    still never replaced by one that changed while this function ran.
    """
    target = Path(path)
    old_data, current = read_if_present(target)
    changed = not still_as_read(expect, current)
    if old_data is not None:
        _reuse_lines(po, target, old_data, current)
    if stamp is not None:
        return _save_stamped(po, target, stamp, old_data, current, changed, dry_run)
    # Compared and written as bytes: the lines of entries read lazily are bytes already.
    charset = header_charset(po.metadata)
    try:
        data = _po_writer.render_bytes(po, codec_of(charset), WRAP_WIDTH)
    except UnicodeEncodeError:  # the error, naming the line
        data = encode_catalog(catalog_text(po), charset, target)
    if old_data is not None and data == old_data.removeprefix(codecs.BOM_UTF8):
        _remember(po, target, current)
        return False
    if dry_run:
        return True
    if changed:
        raise FileChanged(path=str(target))
    _remember(po, target, write_bytes_atomic(target, data, expect=current))
    return True


def _save_stamped(
    po: polib.POFile,
    target: Path,
    stamp: str,
    old_data: bytes | None,
    current: FileStamp | None,
    changed: bool,
    dry_run: bool,
) -> bool:
    """save_catalog with a header date set to now only when the content changed."""
    old_text: str | None = None
    if old_data is not None:
        try:
            old_text = decode_catalog(old_data, target)
        except TranslatorError:
            old_text = None
    old_date = _header_value(old_text, stamp) if old_text is not None else None
    if old_date is not None:
        po.metadata[stamp] = old_date
        if catalog_text(po) == old_text:
            _remember(po, target, current)
            return False
    po.metadata[stamp] = now_stamp()
    text = catalog_text(po)
    if text == old_text:
        _remember(po, target, current)
        return False
    if dry_run:
        return True
    if changed:
        raise FileChanged(path=str(target))
    data = encode_catalog(text, header_charset(po.metadata), target)
    _remember(po, target, write_bytes_atomic(target, data, expect=current))
    return True


def _remember(po: polib.POFile, target: Path, stamp: FileStamp | None) -> None:
    """``po`` is now what ``target`` holds: a later save of it expects that file."""
    if stamp is not None:
        setattr(po, DISK_ATTR, (os.path.abspath(target), stamp))


def encode_catalog(text: str, charset: str | None, path: str | os.PathLike[str]) -> bytes:
    """``text`` in the charset its header declares; a character that charset lacks is an
    error (before anything is written, naming ``path`` and the line), not a silent change
    of encoding."""
    codec = codec_of(charset)
    try:
        return text.encode(codec)
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        raise TranslatorError(
            f"{text[exc.start]!r} cannot be written in {charset}, the charset the header "
            "declares; convert the catalog to UTF-8 first (msgconv -t UTF-8)",
            str(path),
            line,
        ) from None


def _reuse_lines(po: polib.POFile, target: Path, old_data: bytes, stamp: FileStamp | None) -> None:
    """Give entries of ``po`` that have no current source lines those of an equal old entry.

    The header, when ``po`` has no source for it, takes the old file's: unchanged it is
    copied, changed it is rewritten field by field in the old order.
    """
    missing: list[tuple[polib.POEntry, _po_lexer.Fingerprint]] = []
    for entry in po:
        if LAZY_ATTR in entry.__dict__:  # untouched since it was read: has its lines
            continue
        source: Source | None = entry.__dict__.get(SOURCE_ATTR)
        current = fingerprint(entry)
        if source is None or source.fingerprint != current:
            missing.append((entry, current))
    header: HeaderSource | None = getattr(po, HEADER_ATTR, None)
    if not missing and header is not None:
        return
    old = _previously_read(target, stamp)
    if old is None:
        try:
            if codec_of(declared_charset(old_data)) == "utf-8":
                old = _po_lexer.parse_utf8(old_data.removeprefix(codecs.BOM_UTF8), str(target))
            else:
                old = _po_lexer.parse(decode_catalog(old_data, target), str(target))
        except TranslatorError:
            return
    if header is None:
        setattr(po, HEADER_ATTR, getattr(old, HEADER_ATTR, None))
    if not missing:
        return
    known: dict[_po_lexer.Fingerprint, Source] = {}
    unread: dict[tuple[str | None, str], polib.POEntry] = {}  # read lazily, not yet used
    for entry in old:
        if LAZY_ATTR in entry.__dict__:
            unread[entry.msgctxt, entry.msgid] = entry
            continue
        source = entry.__dict__.get(SOURCE_ATTR)
        if source is not None:
            known[source.fingerprint] = source
    for entry, _current in missing:
        # Only an old entry with the same msgctxt and msgid can be equal: read those.
        twin = unread.pop((entry.msgctxt, entry.msgid), None)
        if twin is not None:
            _po_lexer.materialise(twin)
            source = twin.__dict__.get(SOURCE_ATTR)
            if source is not None:
                known[source.fingerprint] = source
    for entry, current in missing:
        try:
            found = known.get(current)
            if found is None:
                for older in _as_polib_wrote_it(current):
                    found = known.get(older)
                    if found is not None:  # same entry, comments as polib wrapped them
                        found = found._replace(fingerprint=current)
                        break
        except TypeError:  # an unhashable field (a list where polib has a tuple)
            continue
        if found is not None:
            entry.__dict__[SOURCE_ATTR] = found


def _as_polib_wrote_it(current: _po_lexer.Fingerprint) -> list[_po_lexer.Fingerprint]:
    """``current`` with its comments wrapped the way our polib-based writer used to.

    polib cut long ``#`` and ``#.`` comments into several lines, which read back as a
    different comment. Files it wrote keep those lines as long as the entry is otherwise
    unchanged, instead of all being rewritten by the first update after the switch. Each
    comment counts on its own: an entry may have kept an old wrapped ``#.`` line while
    ``translate`` gave it a new ``#`` one, which no writer wraps any more.
    """
    comment, tcomment = current[6], current[7]
    wrapped = _polib_wrap(comment, "#. "), _polib_wrap(tcomment, "# ")
    forms = {(wrapped[0], tcomment), (comment, wrapped[1]), wrapped} - {(comment, tcomment)}
    return [(*current[:6], *form, *current[8:]) for form in sorted(forms)]


def _polib_wrap(text: str, prefix: str) -> str:
    if not text or all(len(line) + len(prefix) <= WRAP_WIDTH for line in text.split("\n")):
        return text
    lines: list[str] = []
    for line in text.split("\n"):
        if len(line) + len(prefix) > WRAP_WIDTH:
            lines += [
                part[len(prefix) :]
                for part in textwrap.wrap(
                    line,
                    WRAP_WIDTH,
                    initial_indent=prefix,
                    subsequent_indent=prefix,
                    break_long_words=False,
                )
            ]
        else:
            lines.append(line)
    return "\n".join(lines)


def _previously_read(target: Path, stamp: FileStamp | None) -> polib.POFile | None:
    """The catalog last read from ``target``, if the file is still what it read."""
    ref = _read_from.get(os.path.abspath(target))
    po = ref() if ref is not None else None
    read: tuple[str, FileStamp] | None = getattr(po, DISK_ATTR, None)
    if read is None or stamp is None or read[1] != stamp:
        return None
    return po


def _header_value(text: str, field: str) -> str | None:
    match = re.search(rf'^"{re.escape(field)}: ([^"\\]*)\\n"$', text, re.MULTILINE)
    return match.group(1) if match else None


def now_stamp() -> str:
    """The current time in PO header format; SOURCE_DATE_EPOCH pins it for reproducible runs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.strftime("%Y-%m-%d %H:%M+0000")
