"""Reading and writing PO/POT files: strict about syntax, quiet about dates.

polib does the parsing and formatting. It accepts some broken input silently (an
unterminated string, for one) and reports others without a usable line, so every file is
first checked line by line here and a problem is reported as ``file:line: what``.
Writing is atomic, and a catalog whose only change would be its timestamp is not written.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import polib

from translator._io import read_text, write_text_atomic
from translator.errors import TranslatorError

WRAP_WIDTH = 79  # GNU gettext's width

_STRING = r'"(?:[^"\\\n]|\\.)*"'
_KEYWORD_LINE = re.compile(
    rf"^(?:#~\s*)?(?:#\|\s*)?(?:#~\|\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s*{_STRING}\s*$"
)
_STRING_LINE = re.compile(rf"^(?:#~\s*)?(?:#\|\s*)?(?:#~\|\s*)?{_STRING}\s*$")
_KEYWORD_START = re.compile(
    r"^(?:#~\s*)?(?:#\|\s*)?(?:#~\|\s*)?(msgctxt|msgid|msgid_plural|msgstr)"
)


def read_catalog(path: str | os.PathLike[str]) -> polib.POFile:
    """Parse a PO or POT file; syntax errors raise TranslatorError with file and line."""
    text = read_text(path)
    return parse_catalog(text, str(path))


def parse_catalog(text: str, path: str = "<string>") -> polib.POFile:
    _check_syntax(text, path)
    try:
        po = polib.pofile(text, wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    except (OSError, ValueError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        detail = str(exc).split(":", 1)[1].strip() if ":" in str(exc) else "syntax error"
        raise TranslatorError(f"malformed PO file: {detail}", path, line) from None
    po.fpath = path
    _check_duplicates(po, path)
    return po


def _check_syntax(text: str, path: str) -> None:
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or (line.startswith("#") and not _is_entry_comment(line)):
            continue
        if _KEYWORD_START.match(line):
            if not _KEYWORD_LINE.match(line):
                raise TranslatorError(
                    "malformed PO file: expected a keyword followed by one quoted string "
                    "(unterminated string or stray quote?)",
                    path,
                    number,
                )
        elif not _STRING_LINE.match(line):
            raise TranslatorError(f"malformed PO file: unexpected text {line[:40]!r}", path, number)


def _is_entry_comment(line: str) -> bool:
    """Comment lines that carry entry data: obsolete (#~) and previous (#|) strings."""
    return line.startswith(("#~", "#|")) and not line.startswith(("#~ #", "#~#"))


def _check_duplicates(po: polib.POFile, path: str) -> None:
    seen: set[tuple[str | None, str, bool]] = set()
    for entry in po:
        key = (entry.msgctxt, entry.msgid, bool(entry.obsolete))
        if key in seen:
            raise TranslatorError(
                f"malformed PO file: duplicate message definition {entry.msgid[:40]!r}",
                path,
                entry.linenum or None,
            )
        seen.add(key)


def catalog_text(po: polib.POFile) -> str:
    po.wrapwidth = WRAP_WIDTH
    return str(po) if str(po).endswith("\n") else str(po) + "\n"


def save_catalog(
    po: polib.POFile, path: str | os.PathLike[str], *, stamp: str | None = None
) -> bool:
    """Write ``po`` atomically unless the file already says the same; return whether written.

    ``stamp`` names a header date (POT-Creation-Date for templates) that is set to now only
    when the content changed, so running a command twice on unchanged input leaves the file
    byte-identical. Without it the header is written as given.
    """
    target = Path(path)
    old_text: str | None = None
    if target.exists():
        try:
            old_text = read_text(target)
        except TranslatorError:
            old_text = None
    if stamp is not None:
        old_date = _header_value(old_text, stamp) if old_text is not None else None
        if old_date is not None:
            po.metadata[stamp] = old_date
            if catalog_text(po) == old_text:
                return False
        po.metadata[stamp] = now_stamp()
    text = catalog_text(po)
    if text == old_text:
        return False
    write_text_atomic(target, text)
    return True


def _header_value(text: str, field: str) -> str | None:
    match = re.search(rf'^"{re.escape(field)}: ([^"\\]*)\\n"$', text, re.MULTILINE)
    return match.group(1) if match else None


def now_stamp() -> str:
    """The current time in PO header format; SOURCE_DATE_EPOCH pins it for reproducible runs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.strftime("%Y-%m-%d %H:%M+0000")
