"""Template + existing catalog → updated catalog, losing nothing a translator wrote.

Like ``msgmerge --previous``: entries whose msgid is unchanged keep their translation;
a changed sentence is matched to its closest old entry, which lends it its translation,
marked fuzzy with the old msgid kept as ``#| msgid``; old translated entries that nothing
matches become obsolete (``#~``) and come back if their sentence returns.

Fuzzy candidates come from ``catalog.fuzzy``: only old entries that no new entry matched
exactly, shortlisted by shared character n-grams and scored on characters (so Japanese,
which has no spaces, matches as well as English).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass

import polib

from translator.catalog.fuzzy import match_pairs
from translator.catalog.pofile import WRAP_WIDTH
from translator.catalog.stats import catalog_stats, is_translated
from translator.locales import LocaleInfo

DEFAULT_FUZZY_THRESHOLD = 60.0  # msgmerge's and Babel's cut-off, on a 0–100 scale

Key = tuple[str | None, str]


@dataclass(frozen=True)
class UpdateStats:
    """What an update did, for the one-line summary."""

    total: int
    new: int  # entries with no old counterpart at all (untranslated)
    fuzzy_matched: int  # entries given an old translation by fuzzy matching
    obsolete: int  # entries that became obsolete in this update
    translated: int

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def new_catalog_header(template: polib.POFile, locale: LocaleInfo) -> dict[str, str]:
    metadata = dict(template.metadata)
    metadata["Language"] = locale.code
    metadata["Language-Team"] = f"{locale.english_name} <LL@li.org>"
    metadata["Plural-Forms"] = locale.plural_forms
    return metadata


def update_catalog(
    template: polib.POFile,
    existing: polib.POFile | None,
    locale: LocaleInfo,
    *,
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
    keep_obsolete: bool = True,
) -> tuple[polib.POFile, UpdateStats]:
    """Return the catalog for ``locale`` that follows ``template``.

    ``existing`` is the locale's current catalog, or None to create one.
    """
    result = polib.POFile(wrapwidth=WRAP_WIDTH)
    if existing is None:
        result.header = template.header
        result.metadata = new_catalog_header(template, locale)
        old_entries: list[polib.POEntry] = []
    else:
        result.header = existing.header
        result.metadata = _merged_header(existing.metadata, template.metadata, locale)
        old_entries = [e for e in existing if e.msgid != ""]
    nplurals = _nplurals(result.metadata, locale)

    active: dict[Key, polib.POEntry] = {}
    obsolete: dict[Key, polib.POEntry] = {}
    for entry in old_entries:
        (obsolete if entry.obsolete else active).setdefault((entry.msgctxt, entry.msgid), entry)

    used: set[int] = set()  # id() of old entries that passed their content on
    unmatched: list[polib.POEntry] = []
    for new in template:
        if new.msgid == "":
            continue
        key = (new.msgctxt, new.msgid)
        old = active.get(key) or obsolete.get(key)
        entry = _from_template(new, nplurals)
        if old is not None:
            used.add(id(old))
            _carry_over(old, entry, nplurals, exact=True)
        else:
            unmatched.append(entry)
        result.append(entry)

    candidates = [
        e for e in old_entries if id(e) not in used and (is_translated(e) or e.msgstr_plural)
    ]
    fuzzy_matched = 0
    for entry, old in _fuzzy_matches(unmatched, candidates, fuzzy_threshold):
        _carry_over(old, entry, nplurals, exact=False)
        used.add(id(old))
        fuzzy_matched += 1

    became_obsolete = 0
    if keep_obsolete:
        for old in old_entries:
            if id(old) in used or not (_has_content(old)):
                continue
            kept = copy.copy(old)
            if not old.obsolete:
                became_obsolete += 1
            kept.obsolete = 1
            kept.occurrences = []
            kept.previous_msgid = kept.previous_msgid_plural = kept.previous_msgctxt = None
            result.append(kept)

    stats = catalog_stats(result)
    return result, UpdateStats(
        total=stats.total,
        new=len(unmatched) - fuzzy_matched,
        fuzzy_matched=fuzzy_matched,
        obsolete=became_obsolete,
        translated=stats.translated,
    )


def _from_template(new: polib.POEntry, nplurals: int) -> polib.POEntry:
    entry = polib.POEntry(
        msgid=new.msgid,
        msgctxt=new.msgctxt,
        msgid_plural=new.msgid_plural,
        msgstr="",
        occurrences=list(new.occurrences),
        comment=new.comment,
        flags=[f for f in new.flags if f != "fuzzy"],
    )
    if new.msgid_plural:
        entry.msgstr_plural = {i: "" for i in range(nplurals)}
    return entry


def _carry_over(old: polib.POEntry, entry: polib.POEntry, nplurals: int, *, exact: bool) -> None:
    """Give ``entry`` what the translator wrote on ``old``: text, comments, flags."""
    entry.tcomment = old.tcomment
    entry.msgstr = old.msgstr
    if entry.msgid_plural:
        entry.msgstr_plural = {
            i: old.msgstr_plural.get(i, old.msgstr if i == 0 else "") for i in range(nplurals)
        }
    for flag in old.flags:
        if flag not in entry.flags:
            entry.flags.append(flag)
    if exact:
        if "fuzzy" in old.flags:  # still awaiting review: keep what it was matched from
            entry.previous_msgid = old.previous_msgid
            entry.previous_msgid_plural = old.previous_msgid_plural
            entry.previous_msgctxt = old.previous_msgctxt
        return
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    entry.previous_msgid = (
        old.previous_msgid if "fuzzy" in old.flags and old.previous_msgid else old.msgid
    )
    entry.previous_msgctxt = old.msgctxt
    if entry.msgid_plural or old.msgid_plural:
        entry.previous_msgid_plural = old.msgid_plural


def _fuzzy_matches(
    queries: list[polib.POEntry], candidates: list[polib.POEntry], threshold: float
) -> Iterable[tuple[polib.POEntry, polib.POEntry]]:
    pairs = match_pairs([q.msgid for q in queries], [c.msgid for c in candidates], threshold)
    return [(queries[qi], candidates[ci]) for qi, ci, _score in pairs]


def _has_content(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr or any(entry.msgstr_plural.values()) or entry.tcomment)


def _merged_header(
    old: dict[str, str], template: dict[str, str], locale: LocaleInfo
) -> dict[str, str]:
    merged = dict(old)
    for key in ("Project-Id-Version", "POT-Creation-Date", "Report-Msgid-Bugs-To"):
        if key in template:
            merged[key] = template[key]
    merged.setdefault("Language", locale.code)
    if not merged.get("Language"):
        merged["Language"] = locale.code
    merged.setdefault("Plural-Forms", locale.plural_forms)
    merged.setdefault("MIME-Version", "1.0")
    merged.setdefault("Content-Type", "text/plain; charset=UTF-8")
    merged.setdefault("Content-Transfer-Encoding", "8bit")
    return merged


def _nplurals(metadata: dict[str, str], locale: LocaleInfo) -> int:
    forms = metadata.get("Plural-Forms", "")
    for part in forms.split(";"):
        name, _, value = part.strip().partition("=")
        if name.strip() == "nplurals" and value.strip().isdigit():
            return int(value.strip())
    return locale.num_plurals
