"""The translation memory: approved translations in SQLite, exact and fuzzy lookup.

One row per (source locale, target locale, source sentence): the latest approved
translation wins. Units come from the project's PO catalogs (non-fuzzy, non-empty entries)
and from TMX or PO imports. Lookup tries, in order:

1. an exact match of the source (score 100);
2. a *placeable* match: a stored source that differs only in numbers or citation markers,
   whose translation gets the new numbers/markers (see ``placeables``);
3. the closest fuzzy match at or above the threshold, from the n-gram index.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

import polib
from rapidfuzz import fuzz

from translator._sqlite import connect
from translator.catalog.groups import catalog_units
from translator.catalog.pofile import read_catalog
from translator.errors import TranslatorError
from translator.locales import locale_info
from translator.tm.index import FuzzyIndex
from translator.tm.placeables import skeleton, substitute
from translator.tm.tmx import read_tmx, tmx_text, write_tmx

DEFAULT_THRESHOLD = 75.0
SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS units (
    id INTEGER PRIMARY KEY,
    source_locale TEXT NOT NULL,
    target_locale TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    skeleton TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT '',
    changed TEXT NOT NULL,
    UNIQUE (source_locale, target_locale, source)
);
CREATE INDEX IF NOT EXISTS units_skeleton ON units (source_locale, target_locale, skeleton);
"""


@dataclass(frozen=True)
class Unit:
    source_locale: str
    target_locale: str
    source: str
    target: str
    origin: str = ""


@dataclass(frozen=True)
class Match:
    """A TM suggestion for one source sentence."""

    target: str  # the translation to use (numbers/markers already replaced)
    score: float  # similarity of the sources, 0–100
    kind: str  # "exact", "placeable" (numbers/markers replaced) or "fuzzy"
    source: str  # the stored source it came from
    origin: str  # where the stored unit came from (file)

    def describe(self) -> str:
        if self.kind == "exact":
            return "exact match"
        if self.kind == "placeable":
            return f"{self.score:.0f}% match, numbers/markers replaced"
        return f"{self.score:.0f}% fuzzy match"


@dataclass
class _PairIndex:
    index: FuzzyIndex
    rows: list[tuple[str, str, str]]  # (source, target, origin) by index position


def canonical_locale(code: str, known: Sequence[str] = ()) -> str:
    """Our spelling of a locale code (``en-US`` → ``en_US``); with ``known`` locales, a
    regional variant of a known language maps to it (``en-US`` → ``en`` when only ``en``
    is known)."""
    try:
        canonical = locale_info(code).code
    except TranslatorError:
        canonical = code.strip().replace("-", "_")
    if not known or canonical in known:
        return canonical
    language = canonical.split("_")[0]
    if language in known:
        return language
    same = [k for k in known if k.split("_")[0] == language]
    return same[0] if len(same) == 1 else canonical


class TranslationMemory:
    """A SQLite translation memory; ``":memory:"`` for a throw-away one."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._db = connect(self.path, "translation memory")
        try:
            with self._db:
                self._db.executescript(_SCHEMA)
                # Two processes may create the memory at once: the first one's row stays.
                self._db.execute(
                    "INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,)
                )
            row = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row[0] != SCHEMA_VERSION:
                raise TranslatorError(
                    f"translation memory schema {row[0]} is not supported (expected "
                    f"{SCHEMA_VERSION}); export it with the version that wrote it",
                    self.path,
                )
        except sqlite3.DatabaseError as exc:
            raise TranslatorError(f"not a usable translation memory: {exc}", self.path) from None
        self._indexes: dict[tuple[str, str], _PairIndex] = {}

    # -- life cycle -------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- filling ----------------------------------------------------------------------

    def add(self, units: Iterable[Unit]) -> int:
        """Store units (a changed translation replaces the old one); return rows new or changed."""
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        before = self._db.total_changes
        touched: set[tuple[str, str]] = set()

        def rows() -> Iterator[tuple[str, str, str, str, str, str, str]]:
            for u in units:
                if not u.source or not u.target:
                    continue
                touched.add((u.source_locale, u.target_locale))
                yield (
                    u.source_locale,
                    u.target_locale,
                    u.source,
                    u.target,
                    skeleton(u.source),
                    u.origin,
                    now,
                )

        with self._db:
            self._db.executemany(
                "INSERT INTO units (source_locale, target_locale, source, target, skeleton,"
                " origin, changed) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (source_locale, target_locale, source) DO UPDATE SET"
                " target = excluded.target, origin = excluded.origin, changed = excluded.changed"
                " WHERE units.target != excluded.target",
                rows(),
            )
        changed = self._db.total_changes - before
        if changed:
            for pair in touched:
                self._indexes.pop(pair, None)
        return changed

    def add_catalog(
        self, po: polib.POFile, source_locale: str, target_locale: str, origin: str = ""
    ) -> int:
        """Store every approved translation of a catalog (non-fuzzy, non-empty, singular).

        Sentences translated together (``<with previous>``) make one unit: their sources
        joined, with the group's translation; a marker is never stored as a translation.
        """
        return self.add(
            Unit(source_locale, target_locale, source, target, origin)
            for source, target in catalog_units(po)
        )

    def import_file(
        self,
        path: Path,
        source_locale: str,
        *,
        target_locale: str | None = None,
        known_locales: Sequence[str] = (),
    ) -> dict[str, int]:
        """Import a .tmx or .po/.pot file; return units new or changed per target locale."""
        suffix = path.suffix.lower()
        if suffix in (".po", ".pot"):
            po = read_catalog(path)
            language = target_locale or po.metadata.get("Language", "")
            if not language:
                raise TranslatorError(
                    "the catalog has no Language header: give the locale with --target-locale",
                    str(path),
                )
            locale = canonical_locale(language, known_locales)
            return {locale: self.add_catalog(po, source_locale, locale, str(path))}
        if suffix != ".tmx":
            raise TranslatorError("expected a .tmx or .po file", str(path))
        _, units = read_tmx(path)
        src = canonical_locale(source_locale)
        known = (src, *known_locales)
        batch: list[Unit] = []
        for unit_lang, variants in units:
            lang = src if unit_lang in ("", "*all*") else canonical_locale(unit_lang, known)
            by_locale = {canonical_locale(k, known): v for k, v in variants.items()}
            source = by_locale.get(lang)
            if not source or lang != src:
                continue
            for code, text in by_locale.items():
                if code == src or not text:
                    continue
                batch.append(Unit(src, target_locale or code, source, text, str(path)))
        counts: dict[str, int] = {}
        for unit in batch:
            counts.setdefault(unit.target_locale, 0)
        for locale in counts:
            counts[locale] = self.add(u for u in batch if u.target_locale == locale)
        return counts

    # -- reading ----------------------------------------------------------------------

    def count(self, source_locale: str | None = None, target_locale: str | None = None) -> int:
        query = "SELECT COUNT(*) FROM units WHERE 1"
        args: list[str] = []
        if source_locale:
            query += " AND source_locale = ?"
            args.append(source_locale)
        if target_locale:
            query += " AND target_locale = ?"
            args.append(target_locale)
        return int(self._db.execute(query, args).fetchone()[0])

    def pairs(self) -> list[tuple[str, str, int]]:
        """(source locale, target locale, units) for every pair stored."""
        return [
            (str(a), str(b), int(n))
            for a, b, n in self._db.execute(
                "SELECT source_locale, target_locale, COUNT(*) FROM units"
                " GROUP BY source_locale, target_locale ORDER BY 1, 2"
            )
        ]

    def export_tmx(self, path: Path, source_locale: str, target_locales: Sequence[str] = ()) -> int:
        """Write the units from ``source_locale`` (to the given targets, default all) as TMX."""
        query = (
            "SELECT source_locale, target_locale, source, target FROM units WHERE source_locale = ?"
        )
        args = [source_locale]
        if target_locales:
            query += f" AND target_locale IN ({', '.join('?' * len(target_locales))})"
            args.extend(target_locales)
        query += " ORDER BY target_locale, source"
        rows = ((str(a), str(b), str(c), str(d)) for a, b, c, d in self._db.execute(query, args))
        text, count = tmx_text(rows, source_locale)
        write_tmx(path, text)
        return count

    def lookup(
        self,
        source: str,
        source_locale: str,
        target_locale: str,
        threshold: float | None = DEFAULT_THRESHOLD,
    ) -> Match | None:
        """The best suggestion for ``source``: exact, placeable, then fuzzy (>= threshold;
        None: no fuzzy matches)."""
        row = self._db.execute(
            "SELECT target, origin FROM units WHERE source_locale = ? AND target_locale = ?"
            " AND source = ?",
            (source_locale, target_locale, source),
        ).fetchone()
        if row is not None:
            return Match(str(row[0]), 100.0, "exact", source, str(row[1]))
        shape = skeleton(source)
        if shape != source:
            for old, target, origin in self._db.execute(
                "SELECT source, target, origin FROM units WHERE source_locale = ?"
                " AND target_locale = ? AND skeleton = ? ORDER BY changed DESC, id DESC LIMIT 5",
                (source_locale, target_locale, shape),
            ):
                new_target = substitute(str(old), source, str(target))
                if new_target is not None:
                    score = float(fuzz.ratio(str(old), source))
                    return Match(new_target, score, "placeable", str(old), str(origin))
        if threshold is None:
            return None
        pair = self._pair_index(source_locale, target_locale)
        for score, position in pair.index.search(source, threshold, limit=1):
            old, target, origin = pair.rows[position]
            return Match(target, score, "fuzzy", old, origin)
        return None

    def prepare(self, source_locale: str, target_locale: str) -> int:
        """Build the fuzzy index of one locale pair now (lookups do it on first use)."""
        return len(self._pair_index(source_locale, target_locale).rows)

    def _pair_index(self, source_locale: str, target_locale: str) -> _PairIndex:
        key = (source_locale, target_locale)
        found = self._indexes.get(key)
        if found is None:
            index = FuzzyIndex()
            rows: list[tuple[str, str, str]] = []
            for source, target, origin in self._db.execute(
                "SELECT source, target, origin FROM units WHERE source_locale = ?"
                " AND target_locale = ? ORDER BY id",
                key,
            ):
                index.add(str(source))
                rows.append((str(source), str(target), str(origin)))
            found = self._indexes[key] = _PairIndex(index, rows)
        return found
