"""Quoting and wrapping PO strings exactly like GNU gettext (``msgcat``, ``msgmerge``).

gettext's ``wrap()`` (write-po.c) cuts a string after every ``\\n``, escapes each piece,
and breaks the escaped piece with libunistring's ``ulc_width_linebreaks``: Unicode line
breaking (UAX #14: after spaces, after hyphens and slashes before letters, between
ideographs and kana, never before closing punctuation...) and display widths (CJK
characters count two columns), filled greedily into ``width - 1`` columns. A string that
needs more than one line starts with an empty ``msgid ""`` line. This module ports that
code and its tables (``_linebreak_data``, read from libunistring 1.0) to Python; breaking
inside printf-style directives of ``c-format``/``python-format`` strings is prevented as
gettext does.
"""

from __future__ import annotations

import re
import zlib
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate

from translator.catalog import _linebreak_data as _data

# Line-breaking classes (libunistring's lbrktables.h numbering).
_AL, _HY, _BA, _HL, _RI, _ZWJ = 20, 5, 3, 28, 29, 30
_BK, _CR, _LF, _CM, _ZW, _SP = 33, 34, 35, 36, 37, 38
_HL_BA = 100
_NPROPS = 33
# Break decisions.
_PROHIBITED, _POSSIBLE, _MANDATORY = 0, 1, 2
_DIRECT, _INDIRECT = 1, 2

_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_NEEDS_ESCAPE = re.compile(r'[\a\b\f\n\r\t\v\\"]')
_PAIRS = _data.PAIR_TABLE


def escape(text: str) -> str:
    """``text`` as it goes between the quotes of a PO string."""
    return text.translate(_ESCAPE_TABLE) if _NEEDS_ESCAPE.search(text) else text


class _Tables:
    """Per-code-point tables, loaded on first use (most writes never need them).

    Two questions are asked of most non-ASCII strings: does it hold a character the fast
    scan of :func:`breaks` does not model, and is any character not one column wide?
    Latin text up to U+02FF answers both at once (no such character is printable there).
    Other text is looked up character by character. A regular expression answers each
    question faster per string but costs milliseconds to compile (its class lists
    thousands of code points): each is compiled once enough strings would have gained
    from it to repay that. The first saves 2-3 microseconds a string (3 ms to compile);
    the second only on strings that turn out one column wide (quotes and dashes in Latin
    text: 4-6 microseconds each, 8 ms to compile), never on Japanese or Chinese, where
    every string has wide characters and the expression would only add a search.
    """

    def __init__(self) -> None:
        self.prop_starts = _data.PROP_RUNS[0::2]
        self.prop_values = _data.PROP_RUNS[1::2]
        self.width_starts = _data.WIDTH_RUNS[0::2]
        self.width_values = _data.WIDTH_RUNS[1::2]
        self.bmp_props = zlib.decompress(_data.BMP_PROPS)
        self.bmp_widths = zlib.decompress(_data.BMP_WIDTHS)
        # 1 for the classes that can force or forbid a break on their own in a way the
        # fast scan does not model (neither plain nor space), 0 for the others.
        marks = bytearray(256)
        for value in _SPECIAL:
            marks[value] = 1
        self.bmp_special = self.bmp_props.translate(marks)
        self.special_looked_up = 0  # strings searched for them character by character
        self.one_column_found = 0  # strings found one column wide character by character
        self._special: re.Pattern[str] | None = None
        self._not_one_column: re.Pattern[str] | None = None

    def prop(self, code: int) -> int:
        if code < 0x10000:
            return self.bmp_props[code]
        return self.prop_values[bisect_right(self.prop_starts, code) - 1]

    def width(self, code: int) -> int:
        if code < 0x10000:
            return self.bmp_widths[code]
        return self.width_values[bisect_right(self.width_starts, code) - 1]

    def special(self) -> re.Pattern[str] | None:
        """The expression finding characters of the ``_SPECIAL`` classes (or beyond the
        BMP), once ``_COMPILE_SPECIAL_AFTER`` strings have been looked up without it."""
        if self._special is None:
            self.special_looked_up += 1
            if self.special_looked_up >= _COMPILE_SPECIAL_AFTER:
                # Only BMP ranges, so that ``re`` compiles the class to a bitmap (text
                # beyond the BMP takes the full algorithm anyway).
                ranges = "".join(
                    _char_class(self.prop_starts, self.prop_values, v, bmp_only=True)
                    for v in _SPECIAL
                )
                self._special = re.compile(f"[{ranges}]|[\\U00010000-\\U0010ffff]")
        return self._special

    def _one_column_found(self) -> None:
        """Count a string found one column wide character by character; enough of them
        and the expression that tells such strings at once is compiled."""
        self.one_column_found += 1
        if self.one_column_found >= _COMPILE_WIDTHS_AFTER:
            narrow_or_wide = "".join(
                _char_class(self.width_starts, self.width_values, w, bmp_only=True) for w in (0, 2)
            )
            self._not_one_column = re.compile(f"[{narrow_or_wide}]|[\\U00010000-\\U0010ffff]")

    def has_special(self, units: str) -> bool:
        """Whether non-ASCII ``units`` hold a character of a class the fast scan does not
        model, or one beyond the BMP."""
        if units.isprintable() and max(units) < _LATIN_END:
            return False
        special = self.special()
        if special is not None:
            return special.search(units) is not None
        try:
            return any(map(self.bmp_special.__getitem__, map(ord, units)))
        except IndexError:  # beyond the BMP
            return True

    def columns(self, units: str) -> list[int] | None:
        """The column each character of non-ASCII ``units`` (BMP only) starts at, and the
        end; None when every character is one column wide (the column is the index)."""
        if units.isprintable() and max(units) < _LATIN_END:
            return None
        if self._not_one_column is not None and not self._not_one_column.search(units):
            return None
        columns = list(accumulate(map(self.bmp_widths.__getitem__, map(ord, units)), initial=0))
        if self._not_one_column is None and columns[-1] == len(units):
            self._one_column_found()
        return columns

    def text_width(self, text: str) -> int:
        if text.isprintable() and (text.isascii() or max(text) < _LATIN_END):
            return len(text)
        if self._not_one_column is not None and not self._not_one_column.search(text):
            return len(text)
        try:
            width = sum(map(self.bmp_widths.__getitem__, map(ord, text)))
        except IndexError:  # beyond the BMP
            return sum(self.width(ord(char)) for char in text)
        if self._not_one_column is None and width == len(text):
            self._one_column_found()
        return width


# Classes a break decision depends on beyond the pair table (see ``breaks``).
_SPECIAL = (_BK, _CR, _LF, _CM, _ZW, _ZWJ, _RI)
# Printable characters below this are all one column wide and of none of those classes.
_LATIN_END = "\u0300"
# Strings looked up one character at a time before each regular expression is compiled
# (see _Tables).
_COMPILE_SPECIAL_AFTER = 1000
_COMPILE_WIDTHS_AFTER = 1500


def _char_class(starts: list[int], values: list[int], wanted: int, *, bmp_only: bool) -> str:
    parts = []
    for index, start in enumerate(starts):
        if values[index] != wanted:
            continue
        end = (starts[index + 1] if index + 1 < len(starts) else 0x110000) - 1
        if bmp_only:
            if start > 0xFFFF:
                continue
            end = min(end, 0xFFFF)
        if 0xD800 <= start <= 0xDFFF and 0xD800 <= end <= 0xDFFF:
            continue
        parts.append(f"\\U{start:08x}" if start == end else f"\\U{start:08x}-\\U{end:08x}")
    return "".join(parts)


_tables: _Tables | None = None


def _get_tables() -> _Tables:
    global _tables
    if _tables is None:
        _tables = _Tables()
    return _tables


def possible_breaks(units: str) -> bytearray:
    """libunistring's ``u8_possible_linebreaks`` (v2) over ``units``, one byte per char."""
    tables = _get_tables()
    pairs = _PAIRS
    result = bytearray(len(units))
    prev = last = _BK
    seen_space = False
    ri_count = 0
    for index, char in enumerate(units):
        prop = tables.prop(ord(char))
        if prop in (_BK, _LF, _CR):
            result[index] = _MANDATORY
            prev = prop
            last = _BK
            seen_space = False
        else:
            if prop == _SP:
                seen_space = True
            elif prop == _ZW:
                last = _ZW
                seen_space = False
            elif prop in (_CM, _ZWJ):
                if last == _BK:
                    last = _AL
                    seen_space = False
                elif last == _ZW or seen_space:
                    result[index] = _POSSIBLE
                    last = _AL
                    seen_space = False
            else:
                if last == _BK or prev in (_ZWJ, _HL_BA):
                    pass
                elif last == _ZW:
                    result[index] = _POSSIBLE
                elif last == _RI and prop == _RI:
                    if seen_space or ri_count % 2 == 0:
                        result[index] = _POSSIBLE
                else:
                    rule = pairs[last * _NPROPS + prop]
                    if rule == _DIRECT or (rule == _INDIRECT and seen_space):
                        result[index] = _POSSIBLE
                last = prop
                seen_space = False
            prev = _HL_BA if (prev == _HL and (prop in (_HY, _BA))) else prop
        ri_count = ri_count + 1 if prop == _RI else 0
    return result


def width_breaks(units: str, width: int, start_column: int, prohibited: Iterable[int]) -> list[int]:
    """Where ``ulc_width_linebreaks`` breaks ``units`` (indices a new line starts at)."""
    tables = _get_tables()
    marks = possible_breaks(units)
    for index in prohibited:
        marks[index] = _PROHIBITED
    breaks: list[int] = []
    last_p = -1
    last_column = start_column
    piece_width = 0
    for index, char in enumerate(units):
        mark = marks[index]
        if mark:
            if last_p >= 0 and last_column + piece_width > width:
                breaks.append(last_p)
                last_column = 0
            if mark == _MANDATORY:
                last_p = -1
                last_column = 0
                piece_width = 0
                continue
            last_p = index
            last_column += piece_width
            piece_width = 0
        piece_width += tables.width(ord(char))
    if last_p >= 0 and last_column + piece_width > width:
        breaks.append(last_p)
    return breaks


def breaks(units: str, width: int, start_column: int, prohibited: Iterable[int]) -> list[int]:
    """``width_breaks``, computed only around the places where lines end.

    The greedy fill only needs to know the last break opportunity before each line's end,
    and without combining marks, joiners, zero-width spaces, regional indicators or
    mandatory breaks the UAX #14 state at a position depends only on the characters just
    before it. Other text goes through the full port.
    """
    tables = _get_tables()
    # ASCII control characters are of the special classes (CM, BK, CR, LF) or at least
    # not one column wide: only printable ASCII skips the look-ups.
    is_ascii = units.isascii() and units.isprintable()
    if not is_ascii and tables.has_special(units):
        return width_breaks(units, width, start_column, prohibited)
    n = len(units)
    props = tables.bmp_props
    columns = None if is_ascii else tables.columns(units)
    forbidden = set(prohibited)
    pairs = _PAIRS
    result: list[int] = []
    start = 0
    column = start_column
    while True:
        budget = width - column
        if columns is None:
            end = start + budget
        else:
            end = bisect_right(columns, columns[start] + budget, start) - 1
        if end >= n:
            return result
        # The last opportunity in (start, end], else the first one after end.
        cut = -1
        candidates = range(end, start, -1) if end > start else range(start + 1, n)
        for attempt in (0, 1):
            for i in candidates:
                if i in forbidden:
                    continue
                prop = props[ord(units[i])]
                if prop == _SP:
                    continue
                j = i - 1
                while j >= 0 and props[ord(units[j])] == _SP:
                    j -= 1
                if j < 0:
                    continue  # only spaces before: the start of the line
                last = props[ord(units[j])]
                if j == i - 1 and last in (_HY, _BA) and i >= 2 and props[ord(units[i - 2])] == _HL:
                    continue  # LB21a: not after Hebrew letter + hyphen
                rule = pairs[last * _NPROPS + prop]
                if rule == _DIRECT or (rule == _INDIRECT and j < i - 1):
                    cut = i
                    break
            if cut >= 0 or attempt or end <= start:
                break
            candidates = range(end + 1, n)
        if cut < 0:
            return result
        result.append(cut)
        start = cut
        column = 0


def _portions(value: str) -> list[str]:
    """``value`` cut after each newline, as gettext writes one line per portion."""
    if "\n" not in value:
        return [value]
    parts = value.split("\n")
    portions = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        portions.append(parts[-1])
    return portions


def format_string(
    out: list[str],
    prefix: str,
    keyword: str,
    value: str,
    page_width: int = 79,
    *,
    wrap: bool = True,
    format_flags: Sequence[str] = (),
) -> None:
    """Append the lines (each ending in a newline) gettext writes for ``keyword value``.

    ``prefix`` is ``""``, ``"#~ "``, ``"#| "`` or ``"#~| "``; ``format_flags`` are the
    entry's ``xxx-format`` flags, which forbid breaks inside format directives.
    """
    after_break = len(prefix) + 1
    width = (page_width if wrap else 1 << 30) - 1 - after_break
    first_column = len(keyword) + 1
    newline = value.find("\n")
    if newline < 0 or newline == len(value) - 1:  # one piece: often fits on one line
        units = escape(value)
        if first_column + len(units) <= width and (
            units.isascii() or first_column + _get_tables().text_width(units) <= width
        ):
            out.append(f'{prefix}{keyword} "{units}"\n')
            return
    directives: frozenset[int] | None = None
    if format_flags and "%" in value:
        directives = directive_interiors(value, format_flags)
    first_line = True
    offset = 0
    portions = _portions(value)
    last = len(portions) - 1
    for number, portion in enumerate(portions):
        units = escape(portion)
        portion_offset = offset
        offset += len(portion)
        if first_line and number != last:  # more lines follow: start with an empty one
            out.append(f'{prefix}{keyword} ""\n')
            first_line = False
        start = first_column if first_line else 0
        # A piece that fits is never broken, whatever its characters.
        fits = start + len(units) <= width and (units.isascii() or _fits(units, start, width))
        if fits and (number == last or not first_line):
            head = f'{prefix}{keyword} "' if first_line else f'{prefix}"'
            out.append(f'{head}{units}"\n')
            first_line = False
            continue
        prohibited = _prohibited(portion, units, portion_offset, directives)
        cuts = breaks(units, width, start, prohibited)
        if first_line and units and (start > width or cuts):
            out.append(f'{prefix}{keyword} ""\n')
            first_line = False
            start = 0
            cuts = breaks(units, width, start, prohibited)
        head = f'{prefix}{keyword} "' if first_line else f'{prefix}"'
        first_line = False
        begin = 0
        for cut in cuts:
            out.append(f'{head}{units[begin:cut]}"\n')
            head = f'{prefix}"'
            begin = cut
        out.append(f'{head}{units[begin:]}"\n')


def _fits(units: str, start: int, width: int) -> bool:
    return start + _get_tables().text_width(units) <= width


def _prohibited(
    portion: str, units: str, offset: int, directives: frozenset[int] | None
) -> list[int]:
    """Indices of the escaped ``units`` before which gettext forbids a break.

    Inside an escape sequence, inside a format directive, and before a final ``\\n``.
    """
    result: list[int] = []
    if directives and any(offset <= i < offset + len(portion) for i in directives):
        position = 0
        for index, char in enumerate(portion):
            if (offset + index) in directives:
                result.append(position)
            if char in _ESCAPES:
                result.append(position + 1)
                position += 2
            else:
                position += 1
    else:
        found = units.find("\\")
        while found >= 0:
            result.append(found + 1)
            found = units.find("\\", found + 2)
    if portion.endswith("\n"):
        result.append(len(units) - 2)  # never break just before the final "\n"
    return result


# ---------------------------------------------------------------------------------------
# Format directives (gettext's format-c.c / format-python.c parsers, the part that marks
# where a directive starts and ends). Only the first format flag that applies counts.

_C_FORMATS = ("c-format", "objc-format")
_PYTHON_FORMATS = ("python-format",)
_FORMAT_ORDER = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)  # fmt: skip
FORMAT_FLAGS = tuple(f"{name}-format" for name in _FORMAT_ORDER)
_FORMAT_RANK = {flag: rank for rank, flag in enumerate(FORMAT_FLAGS)}
for _rank, _name in enumerate(_FORMAT_ORDER):
    _FORMAT_RANK[f"no-{_name}-format"] = _rank
    _FORMAT_RANK[f"possible-{_name}-format"] = _rank


def canonical_flags(flags: Iterable[str]) -> list[str]:
    """Flags in the order gettext writes them: fuzzy, format flags, range, no-wrap, others.

    As in gettext, a later flag overrides an earlier one about the same thing (``c-format``
    then ``no-c-format``; ``no-wrap`` then ``wrap``; two ranges), and ``wrap`` itself is not
    written. gettext drops flags it does not know; they are kept here, last.
    """
    fuzzy = False
    formats: dict[int, str] = {}
    ranges = ""
    nowrap = False
    others: list[str] = []
    for flag in flags:
        if flag == "fuzzy":
            fuzzy = True
        elif flag in _FORMAT_RANK:
            formats[_FORMAT_RANK[flag]] = flag
        elif flag.startswith("range:"):
            ranges = flag
        elif flag == "no-wrap" or flag == "wrap":
            nowrap = flag == "no-wrap"
        elif flag not in others:
            others.append(flag)
    result = ["fuzzy"] if fuzzy else []
    result += [formats[rank] for rank in sorted(formats)]
    if ranges:
        result.append(ranges)
    if nowrap:
        result.append("no-wrap")
    return result + others


def directive_interiors(value: str, flags: Iterable[str]) -> frozenset[int] | None:
    """Indices of ``value`` inside (not at the start of) a valid format directive."""
    if "%" not in value:
        return None
    language = None
    best = len(_FORMAT_ORDER)
    for flag in flags:
        if flag.startswith("no-"):
            continue
        rank = _FORMAT_RANK.get(flag)
        if rank is not None and rank < best:
            best = rank
    if best < len(_FORMAT_ORDER):
        language = _FORMAT_ORDER[best]
    if language == "python":
        spans = _python_directives(value)
    elif language in ("c", "objc"):
        spans = _c_directives(value)
    else:
        return None
    inside = frozenset(i for start, end in spans for i in range(start + 1, end + 1))
    return inside or None


def _python_directives(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    n = len(text)
    i = 0
    while i < n:
        if text[i] != "%":
            i += 1
            continue
        start = i
        i += 1
        if i < n and text[i] == "(":
            depth = 0
            i += 1
            while i < n:
                if text[i] == "(":
                    depth += 1
                elif text[i] == ")":
                    if depth == 0:
                        break
                    depth -= 1
                i += 1
            if i >= n:
                return spans
            i += 1
        while i < n and text[i] in "-+ #0":
            i += 1
        if i < n and text[i] == "*":
            i += 1
        else:
            while i < n and text[i].isdigit() and text[i].isascii():
                i += 1
        if i < n and text[i] == ".":
            i += 1
            if i < n and text[i] == "*":
                i += 1
            else:
                while i < n and text[i].isdigit() and text[i].isascii():
                    i += 1
        if i < n and text[i] in "hlL":
            i += 1
        if i >= n or text[i] not in "%csridouxXeEfgG":
            return spans
        spans.append((start, i))
        i += 1
    return spans


def _c_directives(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    n = len(text)
    i = 0

    def digits(k: int) -> int:
        while k < n and "0" <= text[k] <= "9":
            k += 1
        return k

    def position(k: int) -> int:  # an optional "N$" argument number
        end = digits(k)
        return end + 1 if k < end < n and text[end] == "$" else k

    def amount(k: int) -> int:  # a width or precision: "12", or "*" with its own "N$"
        return position(k + 1) if k < n and text[k] == "*" else digits(k)

    while i < n:
        if text[i] != "%":
            i += 1
            continue
        start = i
        i = position(i + 1)
        while i < n and text[i] in " +-#0'":
            i += 1
        i = amount(i)
        if i < n and text[i] == ".":
            i = amount(i + 1)
        for size in ("hh", "ll", "h", "l", "L", "q", "j", "z", "Z", "t"):
            if text.startswith(size, i):
                i += len(size)
                break
        if i >= n or text[i] not in "%mcCsSdiuoxXeEfFgGaAp@n":
            return spans
        spans.append((start, i))
        i += 1
    return spans


def has_format_flag(flags: Iterable[str]) -> bool:
    """Whether a flag makes gettext look for format directives (``xxx-format``)."""
    return any(flag in _FORMAT_RANK and not flag.startswith("no-") for flag in flags)
