"""Counting a catalog: what the status table and the render threshold are made of."""

from __future__ import annotations

from typing import NamedTuple

import polib

from translator.catalog._po_lexer import LAZY_ATTR, lazy_state
from translator.catalog.groups import any_joined, catalog_groups, group_state


class CatalogStats(NamedTuple):  # (not a dataclass: see translator.pipeline)
    total: int
    translated: int
    fuzzy: int
    untranslated: int

    @property
    def percent(self) -> float:
        """Share of entries translated and approved (fuzzy ones do not count)."""
        return 100.0 * self.translated / self.total if self.total else 100.0

    def as_dict(self) -> dict[str, float | int]:
        return {**self._asdict(), "percent": round(self.percent, 1)}


def is_translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def catalog_stats(po: polib.POFile) -> CatalogStats:
    """Entries translated, fuzzy and untranslated. A sentence translated together with the
    one before it (``<with previous>``, see ``catalog.groups``) counts as its group does."""
    total = translated = fuzzy = 0
    for entry in po:
        if LAZY_ATTR in entry.__dict__:  # read lazily, not touched: known without reading it
            state = lazy_state(entry)
            assert state is not None
            if entry.msgid != "":
                total += 1
                fuzzy += state[1]
                translated += state[0] and not state[1]
            continue
        if entry.obsolete or entry.msgid == "":
            continue
        total += 1
        if "fuzzy" in entry.flags:
            fuzzy += 1
        elif is_translated(entry):
            translated += 1
    if any_joined(po):
        translated = fuzzy = 0
        for group in catalog_groups(po):
            group_is = group_state(group)
            if group_is == "translated":
                translated += len(group.entries)
            elif group_is == "fuzzy":
                fuzzy += len(group.entries)
        # plural entries are groups of none: count them as above
        for entry in po:
            if entry.msgid_plural and not entry.obsolete:
                if "fuzzy" in entry.flags:
                    fuzzy += 1
                elif is_translated(entry):
                    translated += 1
    return CatalogStats(total, translated, fuzzy, total - translated - fuzzy)


def translations(po: polib.POFile, *, include_fuzzy: bool = False) -> dict[str, str]:
    """msgid → msgstr for the entries a renderer may use."""
    found: dict[str, str] = {}
    for entry in po:
        if entry.obsolete or not entry.msgstr or entry.msgctxt is not None:
            continue
        if "fuzzy" in entry.flags and not include_fuzzy:
            continue
        found[entry.msgid] = entry.msgstr
    return found
