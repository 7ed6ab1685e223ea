"""What a sentence offers as evidence that another sentence translates it.

Each sentence becomes a list of *items* (its words, numbers, names, code spans...), each
with the keys that would explain it on the other side, and the set of *marks* it offers
to explain the other side's items. A Japanese word explains an English word when one of
its glosses (``lexicon``) has the English word's stem; a katakana loanword also by its
consonant skeleton (``サーバー`` and ``server``); a Latin name, a number (by value), a code
span, a link destination, a citation marker or a glossary term by being the same.

How much an explained or unexplained item says depends on its class: a shared number is
rare between sentences that do not translate each other, a shared common word less so.
``sentences`` turns the counts into a log-likelihood ratio with rates measured on our
paragraph set (see ``benchmarks/align_calibrate.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from urllib.parse import urlsplit

from translator.align.anchors import (
    _LATIN_WORD,
    _MIDDLE_DOT,
    _STOP,
    _mask,
    _value,
    kana_skeleton,
    latin_skeleton,
)
from translator.align.lexicon import STOPWORDS, Lexicon, english_words
from translator.checks.numbers import source_numbers, target_numbers
from translator.glossary.model import Glossary
from translator.glossary.text import normalize

# Item classes. Source (Japanese): dictionary words, katakana loanwords, Latin names,
# numbers, markup (code, links, citations), glossary terms. Target (English): words,
# numbers, markup, glossary terms.
LEX, KATA, NAME, NUM, MARKUP, TERM, WORD = "lex", "kata", "name", "num", "markup", "term", "word"
# Small whole numbers (0 to 10) come up by chance far more often than 250 or 1.8.
SMALL = "small"
# Without a lexicon, loanwords find fewer explanations, and so do English words that no
# gloss of the lexicon has (all of them without a lexicon): names, rare words.
BARE_WORD, BARE_KATA = "word-bare", "kata-bare"

_KATAKANA_RUN = re.compile(r"[\u30a1-\u30fa\u30fc\u30fd\u30fe\uff66-\uff9f]{2,}")
_ASCII_OR_DIGIT = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]")
_LOCALE_PART = re.compile(r"^(?:[a-z]{2}(?:[-_][a-z]{2,4})?)$", re.IGNORECASE)


@dataclass(frozen=True)
class Evidence:
    """The items of one sentence (class, keys that explain it) and the marks it offers."""

    items: tuple[tuple[str, frozenset[str]], ...] = ()
    marks: frozenset[str] = field(default_factory=frozenset)

    @cached_property
    def counts(self) -> dict[str, int]:
        """How many items of each class."""
        found: dict[str, int] = {}
        for kind, _keys in self.items:
            found[kind] = found.get(kind, 0) + 1
        return found

    @cached_property
    def _inverted(self) -> tuple[dict[str, tuple[int, ...]], frozenset[str]]:
        inverted: dict[str, list[int]] = {}
        for index, (_kind, keys) in enumerate(self.items):
            for key in keys:
                inverted.setdefault(key, []).append(index)
        return {k: tuple(v) for k, v in inverted.items()}, frozenset(inverted)

    def explained_by(self, marks: frozenset[str]) -> list[str]:
        """The class of each item that ``marks`` explain (fast when few are: only the keys
        both sides share are looked at)."""
        inverted, keys = self._inverted
        common = keys & marks
        if not common:
            return []
        items = self.items
        if len(common) == 1:
            (key,) = common
            return [items[i][0] for i in inverted[key]]
        found: set[int] = set()
        for key in common:
            found.update(inverted[key])
        return [items[i][0] for i in found]


EMPTY = Evidence()


def combined(parts: Iterable[Evidence]) -> Evidence:
    """The evidence of several sentences taken together."""
    found = [e for e in parts if e is not EMPTY]
    if not found:
        return EMPTY
    if len(found) == 1:
        return found[0]
    return Evidence(
        tuple(item for e in found for item in e.items), frozenset().union(*(e.marks for e in found))
    )


def url_key(destination: str) -> str:
    """A link destination as both sides of a translation likely share it: without scheme,
    ``www.``, fragment (anchors are translated), trailing slash or ``.html``, and without
    the locale of localised sites (``developer.mozilla.org/ja/docs/x`` =
    ``…/en-US/docs/x``, ``ja.react.dev/learn`` = ``react.dev/learn``). Empty for a link
    to an anchor of the same page."""
    text = destination.strip().strip("<>")
    host = ""
    path = text
    if "://" in text or text.startswith("//"):
        try:
            parts = urlsplit(text)
            host, path = parts.netloc.lower().removeprefix("www."), parts.path
        except ValueError:  # not a URL after all ("[x]" read as an IPv6 host)
            return "u:" + text
        labels = host.split(".")
        if len(labels) > 2 and _LOCALE_PART.match(labels[0]):
            host = ".".join(labels[1:])
    else:
        path = path.split("#", 1)[0].split("?", 1)[0]
    steps = [p for p in path.split("/") if p and p != "." and not _LOCALE_PART.match(p)]
    if not host and not steps:
        return ""
    return "u:" + host + "/" + "/".join(steps).removesuffix(".html").lower()


def _markup_items(found: Iterable[tuple[str, str]]) -> list[tuple[str, frozenset[str]]]:
    items: list[tuple[str, frozenset[str]]] = []
    for kind, value in found:
        if kind == "code":
            key = "c:" + value.strip("`").strip()
        elif kind == "citation":
            key = "m:" + "".join(value.split())
        elif kind == "html":
            continue
        else:
            key = url_key(value)
            if not key:
                continue
        items.append((MARKUP, frozenset((key,))))
    return items


def source_evidence(
    text: str, lexicon: Lexicon | None, glossary: Glossary | None = None
) -> Evidence:
    """The evidence of a Japanese sentence."""
    plain, found = _mask(text)
    items = _markup_items(found)
    if any(c.isdigit() for c in plain):
        for number in source_numbers(plain):
            keys = {"n:" + _value(number.value)}
            if plain.startswith("割", number.end):  # 4割: tenths, said as 40 percent
                keys.add("n:" + _value(number.value * 10))
            items.append((_number_class(number.value), frozenset(keys)))
    for word in _LATIN_WORD.findall(plain):
        lowered = word.lower()
        if lowered not in _STOP:
            items.append((NAME, frozenset(("w:" + lowered,))))
    katakana: dict[int, int] = {}  # start -> end of each katakana run
    for match in _KATAKANA_RUN.finditer(plain):
        for part in _MIDDLE_DOT.split(match.group()):
            skeleton = kana_skeleton(part)
            keys = {"k:" + skeleton} if len(skeleton) >= 2 else set()
            glossed = False
            if lexicon is not None:
                for _s, _e, index in lexicon.japanese_words(part):
                    if _e - _s == len(part):  # the whole loanword is a headword
                        keys.update("s:" + str(i) for i in lexicon.glosses[index])
                        glossed = True
            if keys:
                items.append((KATA if glossed else BARE_KATA, frozenset(keys)))
        katakana[match.start()] = match.end()
    if lexicon is not None:
        for start, end, index in lexicon.japanese_words(plain):
            if _ASCII_OR_DIGIT.search(plain, start, end) or _inside(katakana, start, end):
                continue
            glosses = lexicon.glosses[index]
            items.append((LEX, frozenset("s:" + str(i) for i in glosses)))
    if glossary is not None and glossary.terms:
        for hit in glossary.source_matcher.find(normalize(text)):
            items.append((TERM, frozenset(("g:" + hit.payload.id,))))
    marks: set[str] = set()
    for _kind, item_keys in items:
        marks.update(item_keys)
    return Evidence(tuple(items), frozenset(marks))


def _number_class(value: Decimal) -> str:
    return SMALL if 0 <= value <= 10 and value == value.to_integral_value() else NUM


def _inside(runs: dict[int, int], start: int, end: int) -> bool:
    """Whether ``start..end`` lies in a katakana run (handled as a loanword)."""
    return any(run_start <= start and end <= run_end for run_start, run_end in runs.items())


def target_evidence(
    text: str, locale: str, lexicon: Lexicon | None, glossary: Glossary | None = None
) -> Evidence:
    """The evidence of a translation sentence (a Latin-script language)."""
    plain, found = _mask(text)
    items = _markup_items(found)
    marks: set[str] = set()
    numbers: list[tuple[int, int]] = []
    soft: list[tuple[int, int, str]] = []  # number words: words that also stand for a value
    for number in target_numbers(plain, locale):
        key = "n:" + _value(number.value)
        if number.soft:
            soft.append((number.start, number.end, key))
        else:
            items.append((_number_class(number.value), frozenset((key,))))
            numbers.append((number.start, number.end))
    previous = ""
    for match in _LATIN_WORD.finditer(plain):
        word = match.group()
        lowered = word.lower()
        keys = {"w:" + lowered}
        skeleton = latin_skeleton(lowered)
        if len(skeleton) >= 2:
            keys.add("k:" + skeleton)
            if lowered.endswith("s") and len(lowered) > 3:  # dollars -> ドル
                singular = latin_skeleton(lowered[:-1])
                if len(singular) >= 2:
                    keys.add("k:" + singular)
        if previous:  # "data set" for データセット
            both = latin_skeleton(previous + lowered)
            if len(both) >= 3:
                marks.add("k:" + both)
        previous = lowered
        glossed = False  # whether any gloss of the lexicon has this word
        if lexicon is not None:
            for _w, word_stem in english_words(word):
                found_id = lexicon.stem_id(word_stem)
                if found_id is not None:
                    keys.add("s:" + str(found_id))
                    glossed = True
        keys.update(key for s, e, key in soft if s <= match.start() < e)
        marks.update(keys)
        in_number = any(s <= match.start() < e for s, e in numbers)
        if not in_number and len(lowered) > 1 and lowered not in STOPWORDS:
            items.append((WORD if glossed else BARE_WORD, frozenset(keys)))
    if glossary is not None and glossary.terms:
        for hit in glossary.target_matcher(locale).find(normalize(text)):
            items.append((TERM, frozenset(("g:" + hit.payload.id,))))
    for _kind, item_keys in items:
        marks.update(item_keys)
    return Evidence(tuple(items), frozenset(marks))


def explained(items: Iterable[tuple[str, frozenset[str]]], marks: frozenset[str]) -> list[
    tuple[str, bool]
]:
    """(class, explained) of each item against the other side's marks."""
    return [(kind, not keys.isdisjoint(marks)) for kind, keys in items]
