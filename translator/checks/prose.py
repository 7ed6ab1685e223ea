"""Checks on the running text of the target: untranslated, punctuation, double_space."""

from __future__ import annotations

import re

from translator.checks.model import Pair, Problem
from translator.glossary.text import protected

_JA_PUNCT = "。、「」『』（）！？【】"
_HAS_JA_PUNCT = re.compile(f"[{_JA_PUNCT}]")
_SPACES = re.compile(r"(?<=\S)[ \u00a0\u202f\u3000]{2,}(?=\S)")


def _prose_mask(text: str) -> bytearray:
    mask = bytearray(len(text))
    for start, end, _kind in protected(text):
        mask[start:end] = b"\x01" * (end - start)
    return mask


def _allowed_mask(pair: Pair) -> bytearray:
    """Where the target holds an allowed glossary form (a CJK brand name kept on purpose)."""
    mask = _prose_mask(pair.target)
    for hit in pair.target_hits:
        if hit.found in hit.payload.allowed_targets(pair.locale) or hit.payload.do_not_translate:
            mask[hit.orig_start : hit.orig_end] = b"\x01" * (hit.orig_end - hit.orig_start)
    return mask


def untranslated_runs(pair: Pair) -> list[tuple[int, int]]:
    """Spans of the target left in the source script (with the punctuation between them)."""
    return pair.cached("untranslated_runs", lambda: _untranslated_runs(pair))


def _untranslated_runs(pair: Pair) -> list[tuple[int, int]]:
    text = pair.target
    if not pair.has_foreign:
        return []
    mask = _allowed_mask(pair)
    runs: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        if mask[i] or not pair.foreign_char(text[i]):
            i += 1
            continue
        j = i + 1
        while j < n and not mask[j] and (
            pair.foreign_char(text[j]) or text[j] in _JA_PUNCT or text[j] in "ー・〜" or (
                text[j] in "0123456789０１２３４５６７８９"
            ) or (pair.latin_target and "\u4e00" <= text[j] <= "\u9fff")
        ):
            j += 1
        start = i
        while start > 0 and text[start - 1] in _JA_PUNCT and not mask[start - 1]:
            start -= 1
        end = j
        while end > i and text[end - 1] in "0123456789０１２３４５６７８９":
            end -= 1
        runs.append((start, end))
        i = j
    return runs


def has_foreign(pair: Pair) -> bool:
    """False only when ``check_untranslated`` has nothing to say."""
    return pair.has_foreign


def has_japanese_punctuation(pair: Pair) -> bool:
    """False only when ``check_punctuation`` has nothing to say."""
    return pair.latin_target and has_japanese_punct(pair.target)


def has_japanese_punct(text: str) -> bool:
    return _HAS_JA_PUNCT.search(text) is not None


def has_double_space(pair: Pair) -> bool:
    """False only when ``check_double_space`` has nothing to say."""
    return may_double_space(pair.target)


def may_double_space(target: str) -> bool:
    """Whether ``target`` has a run of two spaces (``_SPACES``) between other characters."""
    # Two characters of the class in a row: without a wide space, two plain ones.
    if "  " not in target and not (
        "\u00a0" in target or "\u202f" in target or "\u3000" in target
    ):
        return False
    return _SPACES.search(target) is not None


def check_untranslated(pair: Pair) -> list[Problem]:
    """Kana/kanji left in an en/de/fr/es target (kana in a Chinese one), outside code/URLs."""
    runs = untranslated_runs(pair)
    if not runs:
        return []
    shown = ", ".join(f"'{pair.target[s:e]}'" for s, e in runs[:5])
    return [Problem("untranslated", f"source-language text left in the translation: {shown}")]


def check_punctuation(pair: Pair) -> list[Problem]:
    """Japanese punctuation 。、「」（）！？ in a Latin-script target."""
    if not pair.latin_target:
        return []
    text = pair.target
    if not _HAS_JA_PUNCT.search(text):
        return []
    mask = _prose_mask(text)
    for start, end in untranslated_runs(pair):
        mask[start:end] = b"\x01" * (end - start)
    found = [c for i, c in enumerate(text) if c in _JA_PUNCT and not mask[i]]
    if not found:
        return []
    chars = " ".join(dict.fromkeys(found))
    return [
        Problem("punctuation", f"Japanese punctuation in a {pair.locale} translation: {chars}")
    ]


def check_double_space(pair: Pair) -> list[Problem]:
    """Two spaces in a row inside the target where the source has none."""
    if not _SPACES.search(pair.target) or _SPACES.search(pair.source):
        return []
    mask = _prose_mask(pair.target)
    for m in _SPACES.finditer(pair.target):
        if not any(mask[m.start() : m.end()]):
            before = pair.target[max(0, m.start() - 15) : m.start()]
            after = pair.target[m.end() : m.end() + 15]
            return [Problem("double_space", f"double space: '{before}␣␣{after}'")]
    return []
