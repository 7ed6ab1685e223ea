"""The catalogs a ``translate`` run fills, and how its drafts reach them on disk.

A run reads each catalog once, then works for minutes or hours while a person may go on
translating the same file in Poedit. So a draft is first recorded here, with what its
entry held when it was read (its *base*); each save applies the drafts not yet saved and
writes the file only if it is still the one that was read. If a person saved it
meanwhile, their file is read again and this run's drafts are applied once more, each
only to an entry that still holds its base (still untranslated, or the same fuzzy text
with ``refresh_fuzzy``): a person's edit always wins, and nothing else of theirs is
touched. Saves are throttled, take the project's write lock (catalogs outside a project
have none: the per-file check alone guards them), and never wait for it except the
last one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from translator._io import FileChanged
from translator.catalog.pofile import disk_stamp, read_catalog, save_catalog
from translator.errors import TranslatorError
from translator.locking import ProjectLock

DRAFT_PREFIX = "draft: "
CHECK_PREFIX = "draft check: "
# How often one save starts again from a file a person keeps saving, before it waits
# for the next save (or, at the end of the run, leaves the file alone).
SAVE_ATTEMPTS = 3

Key = tuple[str | None, str]  # (msgctxt, msgid)
Base = tuple[str, bool]  # (msgstr, fuzzy) of an entry as read


@dataclass(frozen=True)
class Draft:
    text: str
    comment: tuple[str, ...]  # translator comment lines: the draft note, check findings
    base: Base  # what the entry held when read: the draft goes only where it still does


def entry_base(entry: polib.POEntry) -> Base:
    return entry.msgstr, "fuzzy" in entry.flags


@dataclass
class DraftCatalog:
    path: Path
    po: polib.POFile
    name: str  # as shown in messages
    drafts: dict[Key, Draft] = field(default_factory=dict)  # every draft of this run
    unsaved: set[Key] = field(default_factory=set)
    superseded: set[Key] = field(default_factory=set)  # a person's edit won
    given_up: bool = False
    _entries: dict[Key, polib.POEntry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._index()

    def _index(self) -> None:
        self._entries = {(e.msgctxt, e.msgid): e for e in self.po if not e.obsolete}

    def add(self, key: Key, draft: Draft) -> None:
        self.drafts[key] = draft
        self.unsaved.add(key)

    def reload(self) -> None:
        """Read the file a person saved; every draft of the run is to be applied again."""
        self.po = read_catalog(self.path)
        self._index()
        self.unsaved = set(self.drafts)

    def apply_unsaved(self) -> None:
        for key in self.unsaved:
            draft = self.drafts[key]
            entry = self._entries.get(key)
            if entry is not None and entry.msgstr == draft.text:
                continue  # saved before (and perhaps approved since)
            if entry is None or entry_base(entry) != draft.base:
                self.superseded.add(key)  # translated, changed or removed meanwhile
                continue
            _write_entry(entry, draft)
        self.unsaved.clear()


def _write_entry(entry: polib.POEntry, draft: Draft) -> None:
    entry.msgstr = draft.text
    if "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    entry.previous_msgid = None
    entry.previous_msgctxt = None
    kept = [
        line
        for line in (entry.tcomment or "").splitlines()
        if not line.startswith((DRAFT_PREFIX, CHECK_PREFIX))
    ]
    entry.tcomment = "\n".join(kept + list(draft.comment))


class DraftCatalogs:
    """The catalogs being filled, saved while batches complete.

    With ``interval`` > 0, a save waits at least that long after the previous one, and at
    least four times as long as the previous save took, so writing a large catalog never
    takes more than a fifth of the run. ``flush(force=True)`` always writes (waiting for
    the project lock if another process holds it).
    """

    def __init__(
        self, interval: float, lock: ProjectLock | None, report: Callable[[str], None]
    ) -> None:
        self.open: dict[Path, DraftCatalog] = {}
        self.interval = interval
        self.lock = lock
        self.report = report
        self._next = time.monotonic() + interval

    def add(self, path: Path, po: polib.POFile, name: str) -> DraftCatalog:
        return self.open.setdefault(path, DraftCatalog(path, po, name))

    def flush(self, force: bool = False) -> None:
        started = time.monotonic()
        if not force and started < self._next:
            return
        waiting = [c for c in self.open.values() if c.unsaved and not c.given_up]
        if not waiting:
            return
        try:
            if self.lock is not None and not self.lock.acquire(wait=force):
                return  # another process is writing: the next save tries again
        except TranslatorError as exc:
            self.report(f"warning: drafts not saved: {exc}")
            return
        try:
            for catalog in waiting:
                self._save(catalog, last=force)
        finally:
            if self.lock is not None:
                self.lock.release()
        took = time.monotonic() - started
        self._next = time.monotonic() + (max(self.interval, 4 * took) if self.interval else 0)

    def _save(self, catalog: DraftCatalog, last: bool) -> None:
        for _ in range(SAVE_ATTEMPTS):
            catalog.apply_unsaved()
            try:
                save_catalog(catalog.po, catalog.path, expect=disk_stamp(catalog.po, catalog.path))
                return
            except FileChanged:
                pass
            try:
                catalog.reload()
            except TranslatorError as exc:  # saved half-way through an edit, say
                catalog.given_up = True
                self.report(
                    f"warning: {catalog.name}: changed on disk and cannot be read now ({exc}); "
                    "left as it is, nothing lost: re-run to write this run's drafts"
                )
                return
        if last:
            catalog.given_up = True
            self.report(
                f"warning: {catalog.name}: kept changing on disk while drafts were saved; "
                "left as it is, nothing lost: re-run to write this run's drafts"
            )

    def superseded(self) -> list[tuple[str, int]]:
        """(catalog, drafts not written because a person's edit came first), where any."""
        return [(c.name, len(c.superseded)) for c in self.open.values() if c.superseded]


def comment_lines(head: str, findings: Sequence[str]) -> tuple[str, ...]:
    return (DRAFT_PREFIX + head, *(CHECK_PREFIX + f for f in findings))
