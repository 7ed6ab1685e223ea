"""Sentences translated together: how a catalog holds n:m translations.

The catalog's unit is the source sentence, but translators merge two Japanese sentences
into one English sentence, or split one. Three plain conventions cover every case, and
each can be typed by hand in any PO editor:

- **A split** (one source sentence, several target sentences) needs nothing: the msgstr
  holds all of them.
- **A merge** (several source sentences, one translation): the first sentence of the
  group holds the translation of the whole group; each following sentence of the same
  block holds the marker ``<with previous>``. It renders as nothing: the translation of
  the first sentence covers it.
- **An omission**: ``<omitted>`` says the translation leaves the sentence out on purpose;
  it renders as nothing.

A group is the first sentence and the ``<with previous>`` sentences right after it, in
the order of the source (which is the catalog's order: a template lists sentences in the
order they first occur). ``update`` keeps groups whole: an edit to any sentence of a
group makes every sentence of it fuzzy, and so does a group that gained or lost a
sentence. ``status`` counts each sentence of a group as its first one stands; ``check``
compares the group's source sentences, joined, with the group's translation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

import polib

from translator.catalog._po_lexer import LAZY_ATTR, lazy_text_may_hold

JOINED = "<with previous>"
OMITTED = "<omitted>"

_MARKERS = {JOINED: JOINED, OMITTED: OMITTED}


def marker(msgstr: str | None) -> str | None:
    """``JOINED`` or ``OMITTED`` when ``msgstr`` is that marker (case and surrounding
    spaces do not matter, so a hand-typed one counts), else None."""
    if not msgstr or "<" not in msgstr[:3]:
        return None
    return _MARKERS.get(" ".join(msgstr.split()).lower())


class Group(NamedTuple):  # (not a dataclass: see translator.pipeline)
    """One translation unit of a catalog: a head entry and the entries joined to it."""

    head: polib.POEntry
    members: tuple[polib.POEntry, ...] = ()

    @property
    def entries(self) -> tuple[polib.POEntry, ...]:
        return (self.head, *self.members)

    def source(self) -> str:
        """The group's source sentences as one text."""
        return join_sentences([e.msgid for e in self.entries])


def join_sentences(sentences: Sequence[str]) -> str:
    """Sentences of one paragraph as one text: with nothing between them after a CJK
    character (Japanese, Chinese), with a space otherwise."""
    # Imported here: a merge of catalogs (update) loads nothing of the Markdown side.
    from translator.document.inline import is_cjk

    out = sentences[0] if sentences else ""
    for sentence in sentences[1:]:
        out += ("" if out and is_cjk(out[-1]) else " ") + sentence
    return out


def catalog_groups(entries: Iterable[polib.POEntry]) -> Iterator[Group]:
    """The groups of a catalog's active singular entries, in order.

    A ``<with previous>`` entry with no entry before it (the first one, or after a plural
    entry) is a group of its own: nothing renders it away.
    """
    head: polib.POEntry | None = None
    members: list[polib.POEntry] = []
    for entry in entries:
        if entry.obsolete or not entry.msgid or entry.msgid_plural:
            if head is not None:
                yield Group(head, tuple(members))
            head, members = None, []
            continue
        if head is not None and marker(entry.msgstr) is JOINED:
            members.append(entry)
            continue
        if head is not None:
            yield Group(head, tuple(members))
        head, members = entry, []
    if head is not None:
        yield Group(head, tuple(members))


def group_state(group: Group) -> str:
    """"translated", "fuzzy" or "untranslated": the state every sentence of ``group`` has.

    A group is translated when its first sentence holds an approved translation and no
    sentence of it is fuzzy; untranslated when its first sentence holds nothing.
    """
    head = group.head
    if not head.msgstr or marker(head.msgstr) is JOINED:
        return "untranslated"
    if any("fuzzy" in e.flags for e in group.entries):
        return "fuzzy"
    return "translated"


def any_joined(entries: Iterable[polib.POEntry]) -> bool:
    """Whether any entry is ``<with previous>``. An entry read lazily (``_po_lexer``) is
    read for it only when its file holds such a marker at all, so that a merge of the
    usual catalog, which has none, still reads no more than it changes."""
    possible: dict[int, bool] = {}  # per file read lazily (one entry class each)
    for entry in entries:
        if LAZY_ATTR in entry.__dict__:
            kind = id(type(entry))
            if kind not in possible:
                possible[kind] = lazy_text_may_hold(entry, b"previous>")
            if not possible[kind]:
                continue
        if marker(entry.msgstr) is JOINED:
            return True
    return False


def keep_groups_whole(
    entries: Sequence[polib.POEntry], old_entries: Sequence[polib.POEntry]
) -> int:
    """After a merge: flag fuzzy every sentence of a group that an edit touched.

    A group is touched when one of its sentences is fuzzy, or when it is not made of the
    same sentences as before (one was removed, added or edited away). Returns how many
    entries this flagged. Catalogs without ``<with previous>`` are left as they are.
    """
    if not any_joined(entries):
        return 0
    before = {
        group.head.msgid: tuple(e.msgid for e in group.entries)
        for group in catalog_groups(old_entries)
    }
    was_member = {
        m.msgid: group.head.msgid for group in catalog_groups(old_entries) for m in group.members
    }
    flagged = 0
    for group in catalog_groups(entries):
        if not group.members and group.head.msgid not in before:
            continue
        now = tuple(e.msgid for e in group.entries)
        touched = any("fuzzy" in e.flags for e in group.entries)
        if group.members:
            touched = touched or before.get(group.head.msgid) != now
            touched = touched or any(
                was_member.get(m.msgid) != group.head.msgid for m in group.members
            )
        elif len(before[group.head.msgid]) > 1:
            touched = True  # it was the first of a group that lost its other sentences
        if not touched:
            continue
        for entry in group.entries:
            if entry.msgstr and "fuzzy" not in entry.flags:
                entry.flags.insert(0, "fuzzy")
                flagged += 1
    return flagged


def catalog_units(entries: Iterable[polib.POEntry]) -> Iterator[tuple[str, str]]:
    """(source, translation) of each approved translation unit: a group's source sentences
    joined, with the group's translation; markers themselves are no translation."""
    for group in catalog_groups(entries):
        if group_state(group) != "translated" or marker(group.head.msgstr) is not None:
            continue
        yield group.source(), group.head.msgstr
