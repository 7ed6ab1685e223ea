"""Sentence segmentation (baseline; the full rule engine replaces this module's internals).

``sentence_spans`` returns (start, end) offsets into the untouched text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from translator.document.inline import protected_spans


@dataclass(frozen=True)
class SegmentRules:
    lang: str = "ja"
    abbreviations: frozenset[str] = field(default_factory=frozenset)


_OPEN = "「『（(【〔“‘《〈[{"
_CLOSE = "」』）)】〕”’》〉]}"
_PAIRS = dict(zip(_CLOSE, _OPEN, strict=True))
_TERMINATORS = "。．｡！？!?‼⁉"
_EVENT = re.compile(r"[。．｡！？!?‼⁉]+|\.(?=\s|$)|\n|[「『（(【〔“‘《〈\[{」』）)】〕”’》〉\]}]")
_ATTACH = re.compile(r"(?:[」』）)】〕”’》〉]|\[\^?[0-9][0-9,\s-]*\])*")
_EMPHASIS = re.compile(r"(?P<d>\*\*|__|~~)(?=\S)(?:(?!(?P=d))[^\n])+?(?<=\S)(?P=d)")
_QUOTATIVE = re.compile(r"(?:と|って|なんて)")
_BLOCK_START = re.compile(r"[ \t]*(?:[#・※]|[-*+][ \t]|\d+[.)][ \t])")
_ABBREVIATIONS = frozenset(
    [
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Prof",
        "Inc",
        "Ltd",
        "Co",
        "Corp",
        "Jr",
        "Sr",
        "St",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "Fig",
        "No",
        "Vol",
        "pp",
        "U.S",
        "U.K",
        "approx",
    ]
)


def load_rules(lang: str, overrides: Mapping[str, object] | None = None) -> SegmentRules:
    extra = overrides.get("abbreviations", []) if overrides else []
    words = frozenset(str(w).rstrip(".") for w in extra) if isinstance(extra, list) else frozenset()
    return SegmentRules(lang=lang.split("_")[0].split("-")[0], abbreviations=words)


def split_sentences(text: str, lang: str = "ja") -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text, lang)]


def sentence_spans(
    text: str, lang: str = "ja", rules: SegmentRules | None = None
) -> list[tuple[int, int]]:
    abbreviations = _ABBREVIATIONS | (rules.abbreviations if rules else frozenset())
    masked: set[int] = set()
    for start, end, _kind in protected_spans(text):
        if _kind != "citation":
            masked.update(range(start, end))
    closing: set[int] = set()  # where a closing "**" stands: it stays with its sentence
    for m in _EMPHASIS.finditer(text):
        # Inside **…** nothing ends, except a terminator right before the closing "**".
        inner_end = m.end() - len(m.group("d"))
        masked.update(range(m.start() + len(m.group("d")), inner_end - 1))
        closing.add(inner_end)
    breaks: list[int] = []
    stack: list[str] = []
    for m in _EVENT.finditer(text):
        pos = m.start()
        if pos in masked:
            continue
        token = m.group()
        if token in _OPEN:
            stack.append(token)
            continue
        if token in _CLOSE:
            if _PAIRS[token] in stack:
                while stack and stack.pop() != _PAIRS[token]:
                    pass
            continue
        if token == "\n":
            before = text[:pos].rstrip(" \t")
            after = text[pos + 1 :]
            if after.lstrip(" \t").startswith("\n") or _BLOCK_START.match(after):
                breaks.append(pos)
                stack.clear()
            elif before.endswith(tuple(_TERMINATORS)):
                breaks.append(pos)
            continue
        if stack or (token.endswith("!") and text.startswith("[", m.end())):  # "![alt](src)"
            continue
        end = m.end()
        if token == ".":
            word = re.search(r"([A-Za-z][A-Za-z.]*)$", text[:pos])
            if word and word.group(1) in abbreviations:
                continue
        while True:
            attached = _ATTACH.match(text, end)
            if attached and attached.end() > end:
                end = attached.end()
            elif end in closing:
                end += 2
            else:
                break
        if _QUOTATIVE.match(text, end) and token[-1] in "！？!?":
            continue
        if end < len(text) and token == "." and not text[end].isspace():
            continue
        breaks.append(end)
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in [*sorted(set(breaks)), len(text)]:
        piece = text[start:cut]
        stripped = piece.strip()
        if stripped:
            s = start + len(piece) - len(piece.lstrip())
            spans.append((s, s + len(stripped)))
        start = cut
    return spans
