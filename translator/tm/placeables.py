"""Numbers and citation markers: the parts of a sentence a TM match may swap for new ones.

Two sentences that differ only in their numbers or markers (``600百万`` → ``800百万``,
``[5]`` → ``[3]``) share a *skeleton*; the stored translation then serves the new source
once its own numbers and markers are replaced in the same order.
"""

from __future__ import annotations

import re

# A citation marker ([1], [1, 2], [^3]) or a number (digits with , or . grouping).
_PLACEABLE = re.compile(r"\[\^?\d[\d,\s-]*\](?!\()|\d+(?:[.,]\d+)*")
_NUMBER_MARK = "\ue000"
_CITATION_MARK = "\ue001"


def placeables(text: str) -> list[str]:
    """The numbers and citation markers of ``text`` (full-width digits folded), in order."""
    return [m.group() for m in _PLACEABLE.finditer(_fold_digits(text))]


def skeleton(text: str) -> str:
    """``text`` with every number and citation marker replaced by a fixed mark."""
    folded = _fold_digits(text)
    return _PLACEABLE.sub(
        lambda m: _CITATION_MARK if m.group().startswith("[") else _NUMBER_MARK, folded
    )


def substitute(old_source: str, new_source: str, target: str) -> str | None:
    """The translation of ``new_source``, made from ``target`` (translating ``old_source``).

    Each number/marker of the old source that changed is replaced in the target by its
    counterpart in the new source. None when that cannot be done safely: the target does
    not contain the old value exactly as many times as the source, or one old value would
    become two different new ones.
    """
    old = placeables(old_source)
    new = placeables(new_source)
    if len(old) != len(new):
        return None
    mapping: dict[str, str] = {}
    for before, after in zip(old, new, strict=True):
        if mapping.setdefault(before, after) != after:
            return None
    changes = {b: a for b, a in mapping.items() if b != a}
    if not changes:
        return target
    folded = _fold_digits(target)
    found = [m.group() for m in _PLACEABLE.finditer(folded)]
    for before in changes:
        if found.count(before) != old.count(before):
            return None

    def swap(m: re.Match[str]) -> str:
        return changes.get(m.group(), m.group())

    return _PLACEABLE.sub(swap, folded)


_FULL_WIDTH = str.maketrans({chr(0xFF10 + d): str(d) for d in range(10)} | {"［": "[", "］": "]"})


def _fold_digits(text: str) -> str:
    return text if text.isascii() else text.translate(_FULL_WIDTH)
