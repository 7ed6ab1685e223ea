"""Changes → catalog entries, the translation they replace kept in sight.

An entry that takes a reviewer's text gets it as its msgstr, approved (the reviewer is a
person who read it in place; ``fuzzy=True`` asks a translator to approve it instead, and
so does the aligner when it was not sure where the text belongs). What the entry held
before stays in a translator comment, one line, which Poedit and other editors show
beside the entry::

    # absorbed: before: Qwen3 was released on April 29.

(``before: (untranslated)`` when it had none; a line break of the old text shows as ⏎).
Comments left by earlier steps about the old text — a previous ``absorbed:`` line, the
aligner's ``aligned:`` and the translation memory's ``draft:`` notes — go, since the text
they spoke of has gone. Entries no change touches are left as they are: the catalog
writer copies their lines byte for byte.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import polib

from translator.absorb.edits import Change
from translator.align.write import COMMENT as ALIGNED
from translator.document.model import Document
from translator.translate.drafts import CHECK_PREFIX, DRAFT_PREFIX

COMMENT = "absorbed: "
# Translator comments about a translation that an absorbed edit replaces.
_STALE = (COMMENT, ALIGNED, DRAFT_PREFIX, CHECK_PREFIX)


@dataclass(frozen=True)
class Applied:
    """One change and what became of it."""

    change: Change
    before: tuple[str, ...]  # each entry's msgstr before ("" where there was no entry)
    written: bool  # False: skipped (see ``note``), or already what the catalog holds
    note: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.change.line,
            "how": self.change.how,
            "source": [s.msgid for s in self.change.segments],
            "before": list(self.before),
            "after": list(self.change.values),
            "fuzzy": self.change.fuzzy,
            "written": self.written,
            **({"note": self.note} if self.note else {}),
        }


def apply_changes(
    po: polib.POFile, doc: Document, changes: Sequence[Change], *, fuzzy: bool = False
) -> list[Applied]:
    """Write ``changes`` into ``po``, whose entries follow ``doc``."""
    entries = {e.msgid: e for e in po if not e.obsolete and e.msgctxt is None}
    occurrences = Counter(s.msgid for s in doc.segments if s.translatable)
    proposed: dict[str, list[str]] = defaultdict(list)
    for change in changes:
        for segment, value in zip(change.segments, change.values, strict=True):
            proposed[segment.msgid].append(value)
    # A sentence that occurs twice renders one translation twice: both must say the same.
    torn = {
        m for m, values in proposed.items() if len(set(values)) > 1 or len(values) < occurrences[m]
    }
    applied: list[Applied] = []
    for change in changes:
        found = [entries.get(s.msgid) for s in change.segments]
        before = tuple(e.msgstr if e is not None else "" for e in found)
        torn_here = [s.msgid for s in change.segments if s.msgid in torn]
        if torn_here:
            note = (
                f"{torn_here[0]!r} occurs {occurrences[torn_here[0]]} times in the document "
                "and the edits do not give each the same text: left as it is"
            )
            applied.append(Applied(change, before, False, note))
            continue
        if any(e is None for e in found):
            note = "a sentence is not in the catalog: run 'translator update' first"
            applied.append(Applied(change, before, False, note))
            continue
        want_fuzzy = fuzzy or change.fuzzy
        written = False
        for entry, value in zip(found, change.values, strict=True):
            assert entry is not None
            written |= _write(entry, value, want_fuzzy, change.note)
        applied.append(Applied(change, before, written))
    return applied


def _write(entry: polib.POEntry, value: str, fuzzy: bool, note: str) -> bool:
    """Give ``entry`` its new value and state; whether anything changed."""
    old = entry.msgstr
    is_fuzzy = "fuzzy" in entry.flags
    if old == value and is_fuzzy == fuzzy:
        return False
    if old != value:
        entry.msgstr = value
        lines = [ln for ln in entry.tcomment.split("\n") if ln and not ln.startswith(_STALE)]
        if note and fuzzy:
            lines.append(note)
        lines.append(COMMENT + "before: " + (old.replace("\n", "⏎") if old else "(untranslated)"))
        entry.tcomment = "\n".join(lines)
    if fuzzy:
        if not is_fuzzy:
            entry.flags.insert(0, "fuzzy")
    else:
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        entry.previous_msgid = None  # "#|" belongs to fuzzy entries
        entry.previous_msgid_plural = None
        entry.previous_msgctxt = None
    return True
