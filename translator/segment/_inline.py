"""Inline Markdown, addresses and emoticons as atomic spans, found by offset in linear time.

Nothing inside an atom is scanned for sentence ends: code spans, links and images (text,
destination and title), autolinks, inline HTML and comments, bare URLs, e-mail addresses,
kaomoji and the project's no-break patterns. Emphasis delimiters are paired separately
(:func:`emphasis_pairs`): their content is prose, but nothing ends inside a pair.

Every pattern here is anchored on a literal and uses possessive quantifiers, so a failed
attempt costs at most the distance to the next delimiter; code spans and HTML comments are
paired by ``str.find``-style scans that never restart.
"""

from __future__ import annotations

import re
from typing import Final

# Kinds of atoms.
CODE: Final = "code"
LINK: Final = "link"
AUTOLINK: Final = "autolink"
HTML: Final = "html"
URL: Final = "url"
EMAIL: Final = "email"
KAOMOJI: Final = "kaomoji"
NOBREAK: Final = "nobreak"

_URL_CHARS = r"A-Za-z0-9\-._~:/?#@!$&'*+,;=%"
# Characters a kaomoji face is made of (at least one must occur).
_FACE = r"\^＾_＿´｀゜°・･ω∀▽△≧≦ДдεσΣ；;＞＜><￣〃ﾟ*＊♡♥≡∇Ｔ｡ー〜~ωノ°꒳ᴗ⌒"
# A kaomoji's inside: no kana/kanji (except ・ー), no word of two ASCII letters or digits.
_FACE_BODY = (
    r"(?:[^()（）\n\u3040-\u30fa\u30fd-\u30ff\u4e00-\u9fffA-Za-z0-9]"
    r"|[A-Za-z0-9](?![A-Za-z0-9]))"
)
_LINK = re.compile(
    r"""!?\[(?:[^\[\]\\]|\\.|\[[^\[\]]*+\])*+\]
        \(\s*+(?:<[^<>\n]*+>|[^\s()<>]*+(?:\([^\s()]*+\)[^\s()<>]*+)*+)
        (?:\s++(?:"[^"]*+"|'[^']*+'|\([^()]*+\)))?\s*+\)""",
    re.VERBOSE,
)
_ANGLE = re.compile(
    r"<(?:(?P<autolink>[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*+|[^\s<>@]++@[^\s<>@]++)>"
    r"|(?P<html>/?[A-Za-z][A-Za-z0-9\-]*+(?:\s[^<>]*+)?>))"
)
_URL_RE = re.compile(
    rf"(?<![A-Za-z0-9])(?:(?:https?|ftp)://|www\.)(?:[{_URL_CHARS}]|\([{_URL_CHARS}]*+\))++"
)
_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]++@[A-Za-z0-9\-]++(?:\.[A-Za-z0-9\-]++)++"
)
_KAOMOJI_RE = re.compile(
    rf"""[(（](?:(?:笑|泣|汗|爆|涙|怒|苦笑|爆笑|照|喜|嬉|謎|震|恥|悲|驚)[)）]
        | (?=[^()（）\n]{{0,11}}[{_FACE}]){_FACE_BODY}{{2,12}}[)）][mｍﾉノ/／۶وʔo]?[;；💦]*
        | [\^＾][^()（）\s]{{0,4}}[;；]++(?![^()（）\n]{{0,8}}[)）]))""",
    re.VERBOSE,
)
_ARMS = "mｍヽ\\٩ʕ＼o"
# "w" laughter after Japanese text ("草www"): an emoticon like a kaomoji.
_ASCII_LAUGH = re.compile(r"(?<=[^\x00-\x7f])w++(?![A-Za-z0-9])")
# Characters one of which every atom contains (URLs without a scheme: "www.").
_TRIGGERS = re.compile(r"[`<@(（\]:w]")
_URL_TRAILING = ".,;:!?'*_~"
_BACKTICKS = re.compile(r"`+")
_EMPHASIS_RUN = re.compile(r"\*+|_+|~~")


def _code_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Code spans in text[start:end]: a backtick run closed by the next run of equal length."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text, start, end)]
    if len(runs) < 2:
        return []
    following: list[int] = [-1] * len(runs)  # index of the next run of the same length
    last: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        length = runs[i][1] - runs[i][0]
        following[i] = last.get(length, -1)
        last[length] = i
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(runs):
        j = following[i]
        if j < 0:
            i += 1
            continue
        spans.append((runs[i][0], runs[j][1]))
        i = j + 1
    return spans


def _comments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = text.find("<!--", start, end)
    while pos >= 0:
        close = text.find("-->", pos + 4, end)
        if close < 0:
            break  # no later comment can close either
        spans.append((pos, close + 3))
        pos = text.find("<!--", close + 3, end)
    return spans


def atoms(
    text: str, start: int, end: int, extra: re.Pattern[str] | None = None
) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the atoms in text[start:end], sorted and non-overlapping."""
    found: list[tuple[int, int, str]] = []
    present = set(_TRIGGERS.findall(text, start, end))
    if "`" in present:
        found.extend((s, e, CODE) for s, e in _code_spans(text, start, end))
    if "<" in present and text.find("<!--", start, end) >= 0:
        found.extend((s, e, HTML) for s, e in _comments(text, start, end))
    if "]" in present and text.find("](", start, end) >= 0:
        found.extend((m.start(), m.end(), LINK) for m in _LINK.finditer(text, start, end))
    if "<" in present:
        for m in _ANGLE.finditer(text, start, end):
            found.append((m.start(), m.end(), AUTOLINK if m.group("autolink") else HTML))
    if (":" in present and text.find("://", start, end) >= 0) or (
        "w" in present and text.find("www.", start, end) >= 0
    ):
        for m in _URL_RE.finditer(text, start, end):
            s, e = m.span()
            while e > s and text[e - 1] in _URL_TRAILING:
                e -= 1
            found.append((s, e, URL))
    if "w" in present:
        found.extend((m.start(), m.end(), KAOMOJI) for m in _ASCII_LAUGH.finditer(text, start, end))
    if "@" in present:
        found.extend((m.start(), m.end(), EMAIL) for m in _EMAIL_RE.finditer(text, start, end))
    if "(" in present or "（" in present:
        for m in _KAOMOJI_RE.finditer(text, start, end):
            s = m.start()
            if s > start and text[s - 1] in _ARMS:
                s -= 1
            found.append((s, m.end(), KAOMOJI))
    if extra is not None:
        for m in extra.finditer(text, start, end):
            if m.end() > m.start():
                found.append((m.start(), m.end(), NOBREAK))
    if not found:
        return found
    found.sort()
    found = [atom for atom in found if atom[1] > atom[0]]
    if not found:
        return found
    merged: list[tuple[int, int, str]] = [found[0]]
    for s, e, kind in found[1:]:
        ps, pe, pkind = merged[-1]
        if s < pe:
            if e > pe:
                merged[-1] = (ps, e, pkind)
        else:
            merged.append((s, e, kind))
    return merged


def link_text_end(text: str, start: int, end: int) -> int:
    """For a link atom text[start:end]: the offset of the "]" closing its text."""
    depth = 0
    i = start
    while i < end:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return end


def emphasis_pairs(
    text: str, regions: list[tuple[int, int]]
) -> tuple[dict[int, tuple[int, int]], dict[int, tuple[int, int]]]:
    """Paired emphasis delimiters (``*``, ``**``, ``_``, ``__``, ``~~``) in the regions.

    Returns (openers, closers): position -> (length, position of the opener). A run opens
    when a non-space follows it and closes when a non-space precedes it; ``_`` never inside
    a word. Pairs are same character, same length, latest opener first.
    """
    openers: dict[int, tuple[int, int]] = {}
    closers: dict[int, tuple[int, int]] = {}
    waiting: dict[str, list[int]] = {}
    n = len(text)
    for a, b in regions:
        for m in _EMPHASIS_RUN.finditer(text, a, b):
            s, e = m.span()
            run = m.group()
            before = text[s - 1] if s > 0 else " "
            after = text[e] if e < n else " "
            can_open = not after.isspace()
            can_close = not before.isspace()
            if run[0] == "_":
                can_open = can_open and not before.isalnum()
                can_close = can_close and not after.isalnum()
            key = run
            stack = waiting.get(key)
            if can_close and stack:
                opener = stack.pop()
                openers[opener] = (len(run), opener)
                closers[s] = (len(run), opener)
            elif can_close and len(run) == 3 and waiting.get(run[0]) and waiting.get(run[:2]):
                # "**a *b.***": one run closes the emphasis and the strong around it,
                # the inner (later opened) first.
                one, two = waiting[run[0]], waiting[run[:2]]
                inner, outer = (one, two) if one[-1] > two[-1] else (two, one)
                inner_at, outer_at = inner.pop(), outer.pop()
                inner_len = 1 if inner is one else 2
                openers[inner_at] = (inner_len, inner_at)
                openers[outer_at] = (3 - inner_len, outer_at)
                closers[s] = (inner_len, inner_at)
                closers[s + inner_len] = (3 - inner_len, outer_at)
            elif can_close and len(run) < 3 and waiting.get(run[0] * 3):
                # "***a* b**": a closer takes its part of a triple opener, the rest of
                # which stays open for the other closer.
                triple = waiting[run[0] * 3].pop()
                opener = triple + 3 - len(run)
                openers[opener] = (len(run), opener)
                closers[s] = (len(run), opener)
                waiting.setdefault(run[0] * (3 - len(run)), []).append(triple)
            elif can_open:
                waiting.setdefault(key, []).append(s)
    return openers, closers
