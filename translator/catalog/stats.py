"""Counting a catalog: what the status table and the render threshold are made of."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import polib

from translator.catalog.groups import JOINED, catalog_groups, group_state, marker


@dataclass(frozen=True)
class CatalogStats:
    total: int
    translated: int
    fuzzy: int
    untranslated: int

    @property
    def percent(self) -> float:
        """Share of entries translated and approved (fuzzy ones do not count)."""
        return 100.0 * self.translated / self.total if self.total else 100.0

    def as_dict(self) -> dict[str, float | int]:
        return {**asdict(self), "percent": round(self.percent, 1)}


def is_translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def catalog_stats(po: polib.POFile) -> CatalogStats:
    """Entries translated, fuzzy and untranslated. A sentence translated together with the
    one before it (``<with previous>``, see ``catalog.groups``) counts as its group does."""
    total = translated = fuzzy = 0
    grouped = False
    for entry in po:
        if entry.obsolete or entry.msgid == "":
            continue
        total += 1
        if marker(entry.msgstr) is JOINED:
            grouped = True
        if "fuzzy" in entry.flags:
            fuzzy += 1
        elif is_translated(entry):
            translated += 1
    if grouped:
        translated = fuzzy = 0
        for group in catalog_groups(po):
            state = group_state(group)
            if state == "translated":
                translated += len(group.entries)
            elif state == "fuzzy":
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
