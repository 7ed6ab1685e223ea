"""Anchors: what a Japanese text and its translation visibly share.

Each text becomes a multiset of typed keys; a source text and a target text that share
keys are likely translations of each other. The keys:

- ``n:`` numbers by value, read as ``checks.numbers`` reads them (``600百万`` and
  ``600 million`` are both ``n:600000000``);
- ``c:`` code spans, ``u:`` link destinations, URLs and e-mail addresses, ``m:`` citation
  markers (``[1]``, ``[^2]``), each as written;
- ``g:`` glossary terms, found through their source forms on one side and their targets
  for the locale on the other;
- ``w:`` Latin-script words of the source (names, acronyms, identifiers), lower-cased;
  the target's words all become ``w:`` keys, so only the source's pick anything out;
- ``k:`` katakana loanwords by their consonant skeleton: ``サーバー`` and ``server`` are
  both ``k:sb``, ``モデル`` and ``model`` both ``k:mdr`` (cognates, as in Simard et al.
  1992: what Japanese borrows keeps its consonants).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

import jaconv

from translator.checks.numbers import source_numbers, target_numbers
from translator.document.inline import protected_spans
from translator.glossary.model import Glossary
from translator.glossary.text import normalize

Keys = Counter[str]

# How much one shared key of each kind says (a shared number or code span is far less
# likely by chance than a shared short word).
WEIGHTS = {"n": 3.0, "c": 3.0, "u": 3.0, "m": 2.0, "g": 2.5, "w": 2.0, "k": 1.2}
# Kinds whose keys, present on one side only, say the texts differ. Target words (w:)
# and skeletons (k:) are everywhere on the English side, so their absence says little.
DISTINCTIVE = frozenset("ncumg")

_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_.+#'][A-Za-z0-9]+)*[+#]*")
_KATAKANA_RUN = re.compile(r"[\u30a1-\u30fa\u30fc\u30fd\u30fe\uff66-\uff9f]{2,}")
_MIDDLE_DOT = re.compile(r"[・･]")
_STOP = frozenset(
    {
        "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "is", "are", "be", "by",
        "with", "as", "at", "it", "this", "that", "from", "was", "were", "not", "no", "but",
        "if", "its", "can", "will", "has", "have", "had", "which",
    }
)


def _mask(text: str) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with its protected spans blanked out, and the (kind, text) of each."""
    spans = protected_spans(text)
    if not spans:
        return text, []
    found: list[tuple[str, str]] = []
    parts: list[str] = []
    pos = 0
    for start, end, kind in spans:
        parts.append(text[pos:start])
        parts.append(" " * (end - start))
        found.append((kind, text[start:end]))
        pos = end
    parts.append(text[pos:])
    return "".join(parts), found


def _span_keys(found: Iterable[tuple[str, str]], keys: Keys) -> None:
    for kind, value in found:
        if kind == "code":
            keys["c:" + value.strip("`").strip()] += 1
        elif kind == "citation":
            keys["m:" + "".join(value.split())] += 1
        elif kind != "html":
            keys["u:" + value.strip().strip("<>")] += 1


def source_keys(text: str, glossary: Glossary | None = None) -> Keys:
    """The anchors of a Japanese (CJK) source text."""
    keys: Keys = Counter()
    plain, found = _mask(text)
    _span_keys(found, keys)
    if any(c.isdigit() for c in plain):
        for number in source_numbers(plain):
            keys["n:" + _value(number.value)] += 1
    for word in _LATIN_WORD.findall(plain):
        lowered = word.lower()
        if lowered not in _STOP:
            keys["w:" + lowered] += 1
    for run in _KATAKANA_RUN.findall(plain):
        for part in _MIDDLE_DOT.split(run):
            skeleton = kana_skeleton(part)
            if len(skeleton) >= 2:
                keys["k:" + skeleton] += 1
    if glossary is not None and glossary.terms:
        for hit in glossary.source_matcher.find(normalize(text)):
            keys["g:" + hit.payload.id] += 1
    return keys


def target_keys(text: str, locale: str, glossary: Glossary | None = None) -> Keys:
    """The anchors of a translation into ``locale`` (a Latin-script language)."""
    keys: Keys = Counter()
    plain, found = _mask(text)
    _span_keys(found, keys)
    if any(c.isdigit() for c in plain):
        for number in target_numbers(plain, locale):
            keys["n:" + _value(number.value)] += 1
    words = _LATIN_WORD.findall(plain)
    previous = ""
    for word in words:
        lowered = word.lower()
        keys["w:" + lowered] += 1
        skeleton = latin_skeleton(lowered)
        if len(skeleton) >= 2:
            keys["k:" + skeleton] += 1
            if lowered.endswith("s") and len(lowered) > 3:  # dollars -> ドル
                singular = latin_skeleton(lowered[:-1])
                if singular != skeleton and len(singular) >= 2:
                    keys["k:" + singular] += 1
        if previous:  # "data set" for データセット, "open source" for オープンソース
            both = latin_skeleton(previous + lowered)
            if len(both) >= 3:
                keys["k:" + both] += 1
        previous = lowered
    if glossary is not None and glossary.terms:
        for hit in glossary.target_matcher(locale).find(normalize(text)):
            keys["g:" + hit.payload.id] += 1
    return keys


def _value(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# Consonant skeletons. Both sides are reduced to what survives borrowing into Japanese:
# vowels go (Japanese adds them, English spells them many ways), l/r, v/b, f/h and z/s
# merge, English r after a vowel goes (server -> サーバー), and a doubled consonant is one.
_VOWELS = frozenset("aeiouy")
_KANA_RULES = (
    (re.compile(r"sh"), "s"),
    (re.compile(r"ch"), "t"),
    (re.compile(r"ts"), "t"),
    (re.compile(r"n(?=[bpm])"), "m"),
)
_LATIN_RULES = (
    (re.compile(r"ck"), "k"),
    (re.compile(r"qu?"), "k"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"g(?=[eiy])"), "j"),
    (re.compile(r"(?<=...)e$"), ""),  # silent: score -> スコア, not スコレ
    (re.compile(r"ph"), "h"),
    (re.compile(r"th"), "s"),
    (re.compile(r"sh"), "s"),
    (re.compile(r"ch"), "t"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"r(?![aeiouy])"), ""),
    (re.compile(r"c"), "k"),
    (re.compile(r"w"), ""),
)
_MERGE = str.maketrans({"l": "r", "v": "b", "f": "h", "z": "s"})


def _consonants(text: str) -> str:
    out: list[str] = []
    for char in text.translate(_MERGE):
        if char in _VOWELS or not ("a" <= char <= "z"):
            continue
        if out and out[-1] == char:
            continue
        out.append(char)
    return "".join(out)


@lru_cache(maxsize=65536)
def kana_skeleton(katakana: str) -> str:
    """The consonant skeleton of a katakana word: ``サーバー`` -> ``sb``."""
    romaji = jaconv.kana2alphabet(jaconv.kata2hira(jaconv.h2z(katakana))).lower()
    for pattern, replacement in _KANA_RULES:
        romaji = pattern.sub(replacement, romaji)
    return _consonants(romaji.replace("w", ""))


@lru_cache(maxsize=65536)
def latin_skeleton(word: str) -> str:
    """The consonant skeleton of an English word: ``server`` -> ``sb``."""
    word = re.sub(r"[^a-z]", "", word.lower())
    for pattern, replacement in _LATIN_RULES:
        word = pattern.sub(replacement, word)
    return _consonants(word)


def shared(source: Keys, target: Keys) -> float:
    """The weight of what two key multisets share."""
    if len(target) < len(source):
        small, large = target, source
    else:
        small, large = source, target
    total = 0.0
    for key, count in small.items():
        other = large.get(key)
        if other:
            kind = key[0]
            weight = WEIGHTS[kind]
            if kind == "k" and len(key) < 5:  # a two-consonant skeleton: weak evidence
                weight *= 0.4
            total += weight * min(count, other)
    return total


def unmatched(source: Keys, target: Keys) -> float:
    """The weight of distinctive keys on either side that the other lacks, and of source
    words the target lacks (a Latin name in Japanese text is kept in translation)."""
    total = 0.0
    for key, count in source.items():
        kind = key[0]
        if kind in DISTINCTIVE or kind == "w":
            missing = count - target.get(key, 0)
            if missing > 0:
                total += WEIGHTS[kind] * missing
    for key, count in target.items():
        if key[0] in DISTINCTIVE:
            missing = count - source.get(key, 0)
            if missing > 0:
                total += WEIGHTS[key[0]] * missing
    return total
