"""Numbers as values: Japanese source expressions and locale-aware target expressions.

``source_numbers`` reads a Japanese (or any CJK) source: digit-led expressions only, with
scale kanji multiplied inside a group and groups added in descending order
(``600百万`` = 6×10⁸, ``1兆5000億`` = 1.5×10¹²) and Latin suffixes (``0.6B``).
``target_numbers`` reads a translation with the locale's grouping and decimal signs (Babel)
and its scale words (``numbers.yaml``: English short scale, German/French long scale...).

Never numbers: citation markers ``[1]``, URLs, code, link destinations, digits glued to a
Latin letter (``H100``, ``Qwen3``), and version numbers of names that the source writes as a
Latin word followed by digits (``Qwen 3``, ``Qwen 2.5-Max``, ``GPT-4o``): the same name in
the target (``Qwen-3-Modelle``) is skipped too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import Any

import ahocorasick_rs
from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol

from translator._yaml import safe_load
from translator.checks.model import Problem, SourceFacts
from translator.glossary.text import Normalized, normalize
from translator.locales import language_of


@dataclass(frozen=True)
class Number:
    """One numeric value found in a text."""

    value: Decimal
    text: str  # as written (original text)
    start: int  # offsets in the original text
    end: int
    soft: bool = False  # a number word or month name: may stand for a source number


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("translator.checks").joinpath("data/numbers.yaml").read_text("utf-8")
    data: dict[str, Any] = safe_load(text)
    return data


_SPACES = " \u00a0\u202f"
_LATIN_NAME = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z](?:[A-Za-z0-9]*[A-Za-z])?)[ \-]?(\d+(?:\.\d+)*)(?![\d])"
)


# What every name of ``_LATIN_NAME`` holds: a pattern that starts with a character class,
# which the regex engine looks for fast, where ``_LATIN_NAME`` is tried at every character.
_NAME_HINT = re.compile(r"[A-Za-z][ \-]?\d")


def name_keys(norm_source: str) -> set[tuple[str, str]]:
    """(word, digits) pairs of product names in a (CJK) source: ``Qwen 3`` → ("qwen", "3")."""
    if _NAME_HINT.search(norm_source) is None:
        return set()
    return {(m.group(1).lower(), m.group(2)) for m in _LATIN_NAME.finditer(norm_source)}


def _name_spans(text: str, keys: set[tuple[str, str]] | None) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if keys is not None and not keys:
        return spans  # no name to look for (most targets)
    for m in _LATIN_NAME.finditer(text):
        if keys is None or (m.group(1).lower(), m.group(2)) in keys:
            spans.append((m.start(2), m.end(2)))
    return spans


@lru_cache(maxsize=64)
def _locale_pattern(locale: str) -> tuple[re.Pattern[str], str, str]:
    try:
        loc = Locale.parse(locale.replace("-", "_"))
        decimal = get_decimal_symbol(loc)
        group = get_group_symbol(loc)
    except (UnknownLocaleError, ValueError):
        decimal, group = ".", ","
    if group in _SPACES or group.isspace():
        group_class = "[ \u00a0\u202f]"
        group = " "
    else:
        group_class = re.escape(group)
    dec = re.escape(decimal)
    other = "," if decimal == "." else "."
    pattern = re.compile(
        rf"(?<![\d.,])(?:(?P<grouped>\d{{1,3}}(?:{group_class}\d{{3}})+(?!\d))(?:{dec}(?P<gfrac>\d+))?"
        rf"|(?P<int>\d+)(?:(?:{dec}|(?P<alt>{re.escape(other)}))(?P<frac>\d+))?)"
    )
    return pattern, decimal, group


def _scale_words(language: str) -> dict[str, int]:
    lang = _data()["languages"].get(language, {})
    words: dict[str, int] = dict(lang.get("scale_words", {}))
    return words


@dataclass(frozen=True)
class _LocaleRules:
    """Everything ``_extract`` needs for one locale, built once per locale."""

    language: str
    pattern: re.Pattern[str]
    number_re: re.Pattern[str]  # pattern, then what may follow it (see _number_regex)
    groups: tuple[int, ...]  # number_re's grouped, gfrac, int, frac, cjk, suffix, scale
    decimal: str
    scale_re: re.Pattern[str]
    scale_words: Mapping[str, int]  # lower-case word -> power of ten
    cjk_scales: Mapping[str, int]
    suffixes: Mapping[str, int]
    readings: dict[str, _Reading] = field(default_factory=dict)  # see ``_read_number``


@lru_cache(maxsize=64)
def _rules(locale: str) -> _LocaleRules:
    language = language_of(locale)
    pattern, decimal, _group = _locale_pattern(locale)
    data = _data()
    number_re = _number_regex(pattern, language)
    assert number_re.groupindex["num"] == 1
    names = ("grouped", "gfrac", "int", "frac", "cjk", "suffix", "scale")
    return _LocaleRules(
        language,
        pattern,
        number_re,
        tuple(number_re.groupindex[name] for name in names),
        decimal,
        _scale_regex(language),
        {k.lower(): v for k, v in _scale_words(language).items()},
        data["cjk_scales"],
        data["scale_suffixes"],
    )


@lru_cache(maxsize=64)
def _scale_regex(language: str) -> re.Pattern[str]:
    words = sorted(_scale_words(language), key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in words) or "(?!)"
    return re.compile(rf"[ \u00a0\u202f]?({alt})\.?(?![^\W\d_])", re.IGNORECASE)


def _number_regex(pattern: re.Pattern[str], language: str) -> re.Pattern[str]:
    """``pattern`` as group ``num``, then which of the scales ``_extract`` tries in turn
    follows it: ``cjk`` (``_CJK_SCALE``), else ``suffix`` (a Latin one: 0.6B), else ``scale``
    (``_scale_regex``, repeated). One match instead of up to four."""
    return re.compile(
        rf"(?P<num>{pattern.pattern})(?:(?P<cjk>{_CJK_SCALE.pattern})"
        rf"|(?P<suffix>[KMBT])(?![A-Za-z])|(?P<scale>(?i:{_scale_regex(language).pattern})))?"
    )


_CJK_SCALE = re.compile(r"[十百千万萬億亿兆]+")
# Every number the locale patterns read starts with a decimal digit (``\d``): without one
# there is nothing to parse.
_DIGIT = re.compile(r"\d")


_NON_DIGIT = re.compile(r"\D")


_new = object.__new__


def _number(value: Decimal, text: str, start: int, end: int, soft: bool = False) -> Number:
    """``Number(...)`` without the frozen dataclass's ``__init__`` (one ``object.__setattr__``
    per field), which costs more than finding most numbers."""
    number: Number = _new(Number)
    number.__dict__.update(value=value, text=text, start=start, end=end, soft=soft)
    return number


# Where a number can start: the first digit of a run of digits (the locale patterns begin
# with ``(?<![\d.,])``, which no run's later digit passes). Trying the pattern only there,
# instead of letting ``finditer`` try it at every character, finds the same matches.
_DIGIT_RUN = re.compile(r"\d+")


def _extract(
    norm: Normalized,
    locale: str,
    exclude: Iterable[tuple[int, int]],
    *,
    name_keys_: set[tuple[str, str]] | None,
) -> list[Number]:
    found: list[Number] = _scan(norm, locale, exclude, name_keys_, True)
    return found


def _extract_values(
    norm: Normalized,
    locale: str,
    exclude: Iterable[tuple[int, int]],
    *,
    name_keys_: set[tuple[str, str]] | None,
) -> list[Decimal]:
    """The ``value`` of each number of ``_extract``, without building the numbers or
    slicing their original text: what a pair whose numbers agree needs (most pairs)."""
    found: list[Decimal] = _scan(norm, locale, exclude, name_keys_, False)
    return found


def _scan(
    norm: Normalized,
    locale: str,
    exclude: Iterable[tuple[int, int]],
    name_keys_: set[tuple[str, str]] | None,
    build: bool,
) -> list[Any]:
    """``_extract`` (``build``), else ``_extract_values``."""
    text = norm.text
    found: list[Any] = []
    rules: _LocaleRules | None = None
    pos = 0
    last_end = 0  # end of the last pattern match: where finditer would search on
    pending: tuple[int, Decimal, int] | None = None  # (start, value, last big unit) for 1兆5000億
    for run in _DIGIT_RUN.finditer(text):
        start = run.start()
        if start < last_end:
            continue
        before = text[start - 1] if start else ""
        if before == "." or before == ",":
            continue
        if rules is None:  # the first number: what every number needs
            rules = _rules(locale)
            match_at = rules.number_re.match
            readings = rules.readings
            scale_re, scale_words = rules.scale_re, rules.scale_words
            # Spans no number may touch: a handful per sentence, tested one by one.
            blocked = [(s, e) for s, e in exclude if s < e]
            blocked.extend((s, e) for s, e, _kind in norm.skipped)
            names = name_keys_ is None or bool(name_keys_)  # whether names' versions count
            original = norm.original
            unchanged = original is text  # NFKC changed nothing: offsets are the same
        m = match_at(text, start)
        if m is None:
            continue
        end = last_end = m.end(1)  # the number itself (group "num", the first)
        if start < pos:
            continue
        if before:
            if before.isalpha() and before.isascii():
                continue  # H100, Qwen3, x86
            if (
                names
                and (before == " " or before == "-")
                and _is_name_version(text, start, name_keys_)
            ):
                continue  # Qwen 3, GPT-4o
        if blocked:
            clash = False
            for s, e in blocked:
                if s < end and start < e:
                    clash = True
                    break
            if clash:
                continue
        token = m.group()
        read = readings.get(token)
        if read is None:
            if len(readings) >= _MAX_READINGS:
                readings.clear()
            read = readings[token] = _read_number(m, rules)
        if read is _UNREADABLE:
            continue
        value, normalized, size, big_unit, cjk, scaled = read
        end = start + size
        if scaled:  # more scale words may follow the first: "two million billion"
            wm = scale_re.match(text, end)
            if wm is not None:  # (else the reading's value stands, normalised already)
                while wm is not None:
                    value *= _TEN ** scale_words[wm.group(1).lower()]
                    end = wm.end()
                    wm = scale_re.match(text, end)
                normalized = value.normalize()
        if pending is not None and pending[2] and start == pos and (
            big_unit < pending[2] or (not big_unit and not cjk)
        ):
            # additive continuation: 1兆5000億, 1万2000
            total = pending[1] + value
            found.pop()
            if build:
                a, b = (pending[0], end) if unchanged else norm.original_span(pending[0], end)
                found.append(_number(total.normalize(), original[a:b], a, b))
            else:
                found.append(total.normalize())
            pending = (pending[0], total, big_unit) if big_unit else None
        else:
            if build:
                a, b = (start, end) if unchanged else norm.original_span(start, end)
                found.append(_number(normalized, original[a:b], a, b))
            else:
                found.append(normalized)
            pending = (start, value, big_unit) if big_unit else None
        pos = end
    return found


_TEN = Decimal(10)
# A number as written reads as the same value wherever it stands (the match of
# ``number_re`` decides its groups, whatever follows it): ``_read_number`` runs once per
# distinct token per locale. Corpora repeat amounts, years and counts a lot; the bound keeps
# a long run's memory flat.
_MAX_READINGS = 65536
_Reading = tuple[Decimal, Decimal, int, int, bool, bool]
_UNREADABLE: _Reading = (Decimal(0), Decimal(0), 0, 0, False, False)


def _read_number(m: re.Match[str], rules: _LocaleRules) -> _Reading:
    """(value, value normalised, length read, last big CJK unit, whether a CJK scale
    followed, whether a scale word did) of a match of ``rules.number_re``, reading only
    its first scale word (``_UNREADABLE``: digits that are no number)."""
    grouped, gfrac, whole, frac, cjk, suffix, scale = m.group(*rules.groups)
    try:
        if grouped:
            whole = _NON_DIGIT.sub("", grouped)
            frac = gfrac
        value = Decimal(f"{int(whole)}.{frac}") if frac else Decimal(int(whole))
    except (InvalidOperation, ValueError):
        return _UNREADABLE
    # Japanese/Chinese scale kanji: 600百万, 3千万, 1.5万亿
    big_unit = 0
    end = m.end(1)
    if cjk:
        cjk_scales = rules.cjk_scales
        if len(cjk) == 1:
            power = cjk_scales[cjk]
            big_unit = power if power >= 4 else 0
        else:
            units = [cjk_scales[c] for c in cjk]
            power = sum(units)
            big_unit = max((u for u in units if u >= 4), default=0)
        value *= _TEN**power
        end += len(cjk)
    elif suffix:
        value *= _TEN ** rules.suffixes[suffix]
        end += 1
    elif scale:
        # (the group matched as ``scale_re`` itself would match there)
        wm = rules.scale_re.match(m.string, end)
        assert wm is not None
        value *= _TEN ** rules.scale_words[wm.group(1).lower()]
        end = wm.end()
    return value, value.normalize(), end - m.start(), big_unit, bool(cjk), bool(scale)


_NAME_DIGITS = re.compile(r"\d+(?:\.\d+)*")


def _is_name_version(text: str, start: int, keys: set[tuple[str, str]] | None) -> bool:
    """Whether the digits at ``start``, after a space or hyphen, are the version of a name
    as ``_LATIN_NAME`` reads one (``Qwen 3``, ``GPT-4o``), of one of ``keys`` if given.

    ``_name_spans`` finds every such name; only this number can fall in one: a name's
    digits begin right after its word and separator, and every other number start in them
    follows a ".".
    """
    if start < 2:
        return False
    digits = None
    if keys is not None:
        # Most numbers of a translation are no version of the source's names: their digits
        # already tell, without walking back over the word before them.
        digits = _NAME_DIGITS.match(text, start)
        if digits is None or not any(version == digits.group() for _word, version in keys):
            return False
    last = text[start - 2]  # a name's word ends in an ASCII letter
    if not (last.isascii() and last.isalpha()):
        return False
    first = start - 2  # ... and begins with one, after no ASCII letter or digit
    while first > 0 and text[first - 1].isascii() and text[first - 1].isalnum():
        first -= 1
    if not text[first].isalpha():
        return False
    if keys is None or digits is None:
        return keys is None
    return (text[first : start - 1].lower(), digits.group()) in keys


def source_numbers(
    source: str | Normalized, exclude: Iterable[tuple[int, int]] = ()
) -> list[Number]:
    """Numeric values of a Japanese source text (``exclude``: spans of the NFKC text to skip)."""
    norm = normalize(source) if isinstance(source, str) else source
    return _extract(norm, "ja", exclude, name_keys_=None)


@lru_cache(maxsize=64)
def _soft_words(locale: str) -> tuple[re.Pattern[str] | None, dict[str, Decimal]]:
    language = language_of(locale)
    lang = _data()["languages"].get(language, {})
    table: dict[str, Decimal] = {
        str(k).lower(): Decimal(str(v)) for k, v in lang.get("number_words", {}).items()
    }
    months: Mapping[int, str]
    months_sa: Mapping[int, str]
    try:
        months = get_month_names("wide", locale=Locale.parse(locale.replace("-", "_")))
        months_sa = get_month_names(
            "wide", context="stand-alone", locale=Locale.parse(locale.replace("-", "_"))
        )
    except (UnknownLocaleError, ValueError):
        months, months_sa = {}, {}
    for names in (months, months_sa):
        for number, name in names.items():
            if not any(ch.isdigit() for ch in name):
                table.setdefault(str(name).lower(), Decimal(number))
    if language == "zh":
        return None, table
    if not table:
        return None, table
    words = sorted(table, key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<![^\W\d_])({alt})(?![^\W\d_])", re.IGNORECASE), table


_LETTER_RUN = re.compile(r"[^\W\d_]+")
_ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


@lru_cache(maxsize=64)
def _words_are_runs(locale: str) -> bool:
    """Whether a run of letters matches ``_soft_words``' pattern exactly when its text is a
    word of the table: every word is letters only, and none holds a character that
    IGNORECASE equates with an ASCII letter (the long s, the Kelvin sign...)."""
    _pattern, table = _soft_words(locale)
    for word in table:
        if not _LETTER_RUN.fullmatch(word):
            return False
        for char in word:
            if not char.isascii() and any(
                re.fullmatch(re.escape(char), a, re.IGNORECASE) for a in _ASCII_LETTERS
            ):
                return False
    return True


@lru_cache(maxsize=64)
def _ascii_words(locale: str) -> ahocorasick_rs.AhoCorasick | None:
    """An automaton of the ASCII words of ``_soft_words(locale)`` (None: there are none)."""
    words = [word for word in _soft_words(locale)[1] if word.isascii()]
    return ahocorasick_rs.AhoCorasick(words) if words else None


@lru_cache(maxsize=1)
def _zh_numeral_regex() -> tuple[re.Pattern[str], dict[str, int]]:
    lang = _data()["languages"]["zh"]
    numerals: dict[str, int] = lang["han_numerals"]
    counters = "|".join(re.escape(c) for c in sorted(lang["counters"], key=len, reverse=True))
    alt = "|".join(re.escape(n) for n in sorted(numerals, key=len, reverse=True))
    return re.compile(rf"({alt})(?=(?:{counters}))"), numerals


def _zh_soft(text: str) -> list[tuple[int, int, Decimal]]:
    pattern, numerals = _zh_numeral_regex()
    out = []
    for m in pattern.finditer(text):
        out.append((m.start(), m.end(), Decimal(numerals[m.group(1)])))
    return out


def _word_value(table: Mapping[str, Decimal], word: str) -> Decimal:
    """The value of ``word``, a word of ``table`` as IGNORECASE matched it: "SİX" or "sıx"
    match "six", though their lower() is not "six"."""
    found = table.get(word.lower())
    if found is not None:
        return found
    for key in sorted(table, key=len, reverse=True):  # the pattern's order
        if re.fullmatch(re.escape(key), word, re.IGNORECASE):
            return table[key]
    raise KeyError(word)


def _soft_spans(text: str, locale: str) -> list[tuple[int, int, Decimal]]:
    """(start, end, value) of the number words and month names of ``text``: the matches of
    ``_soft_words``' pattern (Han numerals before a counter, and month names, in Chinese)."""
    pattern, table = _soft_words(locale)
    spans: list[tuple[int, int, Decimal]] = []
    if pattern is not None and _words_are_runs(locale):
        # Each word of the table is a whole run of letters (the pattern's look-arounds):
        # look the runs up instead of trying the pattern's alternatives at every character.
        # A run in ASCII compares by lower(), as IGNORECASE compares ASCII; any other run
        # asks the pattern itself. An ASCII text in which no word of the table occurs at
        # all (one automaton pass) has none to look up.
        ascii_words = _ascii_words(locale)
        if text.isascii() and not (
            ascii_words is not None and ascii_words.find_matches_as_indexes(text.lower())
        ):
            return spans
        get = table.get
        for m in _LETTER_RUN.finditer(text):
            word = m.group()
            if word.isascii():
                found = get(word.lower())
                if found is not None:
                    spans.append((m.start(), m.end(), found))
            else:
                full = pattern.fullmatch(text, m.start(), m.end())
                if full is not None:
                    spans.append((m.start(), m.end(), _word_value(table, full.group(1))))
    elif pattern is not None:
        for m in pattern.finditer(text):
            spans.append((m.start(), m.end(), _word_value(table, m.group(1))))
    elif language_of(locale) == "zh":
        spans = _zh_soft(text)
        for name, value in table.items():  # 四月
            for m in re.finditer(re.escape(name), text):
                spans.append((m.start(), m.end(), value))
    return spans


def target_numbers(
    target: str | Normalized,
    locale: str,
    *,
    names: set[tuple[str, str]] | None = None,
    exclude: Iterable[tuple[int, int]] = (),
) -> list[Number]:
    """Numeric values of a translation into ``locale``.

    ``names`` are the (word, digits) name keys of the source (``name_keys``): those names'
    digits are skipped here as well. Number words and month names come back ``soft``.
    """
    norm = normalize(target) if isinstance(target, str) else target
    # Target-side grouping: NFKC turned NBSP/NNBSP into spaces; the French pattern accepts it.
    numbers = _extract(norm, locale, exclude, name_keys_=names or set())
    text = norm.text
    spans = _soft_spans(text, locale)
    if not spans:
        return numbers  # already in text order
    mask = norm.skip_mask
    rules = _rules(locale)
    taken = [(n.start, n.end) for n in numbers]
    last_end = -1
    for start, end, value in sorted(spans, key=lambda s: (s[0], s[0] - s[1])):
        if start < last_end:
            continue
        last_end = end
        if any(mask[start:end]):
            continue
        a, b = norm.original_span(start, end)
        if any(a < e and s < b for s, e in taken):
            continue
        # "two million": the word carries a scale
        wm = rules.scale_re.match(text, end)
        if wm:
            value = value * Decimal(10) ** rules.scale_words[wm.group(1).lower()]
            a, b = norm.original_span(start, wm.end())
            numbers.append(_number(value.normalize(), norm.original[a:b], a, b))
            continue
        numbers.append(_number(value.normalize(), norm.original[a:b], a, b, soft=True))
    numbers.sort(key=lambda n: n.start)
    return numbers


def compare_numbers(
    source: list[Number], target: list[Number]
) -> tuple[list[Number], list[Number]]:
    """(source numbers missing from the target, target numbers not in the source).

    Soft target numbers (words, months) can stand for a source number but are never extra.
    """
    hard = [n for n in target if not n.soft]
    if len(hard) == len(source) and sorted([n.value for n in hard]) == sorted(
        [n.value for n in source]
    ):
        return [], []  # (what the matching below comes to: the usual case, said faster)
    soft = [n for n in target if n.soft]
    missing: list[Number] = []
    for number in source:
        match = next((t for t in hard if t.value == number.value), None)
        if match is not None:
            hard.remove(match)
            continue
        match = next((t for t in soft if t.value == number.value), None)
        if match is not None:
            soft.remove(match)
            continue
        missing.append(number)
    return missing, hard


def format_value(value: Decimal) -> str:
    """``600000000`` → ``600,000,000``; ``0.5`` stays ``0.5``."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:f}"


def _has_digit(text: str) -> bool:
    # str.isdigit also takes "²" and "①" (NFKC makes them digits), which ``\d`` does not.
    return _DIGIT.search(text) is not None or (
        not text.isascii() and any(map(str.isdigit, text))
    )


def source_number_facts(facts: SourceFacts) -> tuple[list[Number], set[tuple[str, str]]]:
    """(numbers, name keys) of a source: the same for every locale, worked out once."""
    found: tuple[list[Number], set[tuple[str, str]]] | None = facts._cache.get("numbers")
    if found is None:
        found = facts._cache["numbers"] = (
            source_numbers(facts.norm, facts.name_spans()),
            _source_name_keys(facts),
        )
    return found


def _source_name_keys(facts: SourceFacts) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] | None = facts._cache.get("name_keys")
    if found is None:
        found = facts._cache["name_keys"] = name_keys(facts.norm.text)
    return found


def _source_values(facts: SourceFacts) -> list[Decimal]:
    """The values of ``source_number_facts``' numbers, sorted, worked out once."""
    found: list[Decimal] | None = facts._cache.get("number_values")
    if found is None:
        numbers = facts._cache.get("numbers")
        found = facts._cache["number_values"] = sorted(
            [n.value for n in numbers[0]]
            if numbers is not None
            else _extract_values(facts.norm, "ja", facts.name_spans(), name_keys_=None)
        )
    return found


def _values_agree(
    facts: SourceFacts, target: Normalized, locale: str, name_spans: list[tuple[int, int]]
) -> bool:
    """True only when ``number_mismatch`` has nothing to report: the target has the
    source's values, each as often, and no number word or month name (which ``target_numbers``
    may read as a number, or which may stand for one); read without building the numbers.
    (``compare_numbers`` finds nothing missing or extra exactly when the hard values agree.)"""
    values = _extract_values(
        target, locale, name_spans, name_keys_=_source_name_keys(facts) or set()
    )
    if len(values) != len(_source_values(facts)):
        return False
    values.sort()
    return values == _source_values(facts) and not _soft_spans(target.text, locale)


def _source_protected_digits(facts: SourceFacts) -> set[str]:
    """Digits the source keeps in code or URLs."""
    src = facts.norm
    return facts.cached(
        "protected_digits",
        lambda: {
            d
            for start, end, _kind in src.skipped
            for d in re.findall(r"\d+(?:[.,]\d+)?", src.text[start:end])
        },
    )


def source_has_digit(facts: SourceFacts) -> bool:
    found: bool | None = facts._cache.get("has_digit")
    if found is None:
        found = facts._cache["has_digit"] = _has_digit(facts.source)
    return found


def has_digits(pair: Any) -> bool:
    """False only when ``check_number_mismatch`` has nothing to say: no digit either side."""
    return source_has_digit(pair.facts) or _has_digit(pair.target)


def check_number_mismatch(pair: Any) -> list[Problem]:
    """The multiset of numeric values differs between source and target."""
    if not has_digits(pair):
        return []
    return number_mismatch(pair.facts, pair.tgt, pair.locale, pair.target_name_spans())


def number_mismatch(
    facts: SourceFacts, target: Normalized, locale: str, name_spans: list[tuple[int, int]]
) -> list[Problem]:
    """``check_number_mismatch`` of a source (its facts) and a target (``name_spans``: the
    target's names, ``Pair.target_name_spans``), where either side has a digit."""
    if _values_agree(facts, target, locale, name_spans):
        return []
    src, names = source_number_facts(facts)
    tgt = target_numbers(target, locale, names=names, exclude=name_spans)
    missing, extra = compare_numbers(src, tgt)
    if extra:  # digits the source keeps in code or URLs (reported by markup checks if moved)
        protected = _source_protected_digits(facts)
        extra = [n for n in extra if n.text not in protected]
    if not missing and not extra:
        return []
    parts = []
    if missing:
        shown = ", ".join(f"{format_value(n.value)} ('{n.text}')" for n in missing)
        parts.append(f"expected {shown}")
    if extra:
        shown = ", ".join(f"{format_value(n.value)} ('{n.text}')" for n in extra)
        parts.append(("but found " if missing else "found extra ") + shown)
    elif missing:
        parts.append("found none")
    return [Problem("number_mismatch", " ".join(parts))]
