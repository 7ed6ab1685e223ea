"""The response cache: a reply once received is never paid for again.

Keyed by engine, model, locale pair, glossary hash, the masked text sent and the
fingerprint of its document context (a SHA-256 of them), one row per text, so a second run
— or a run with another batch size — sends nothing for texts already translated, while a
changed neighbour, title or approved translation around a sentence asks again. API keys
are never part of a key or a value. Only replies whose tokens came back intact are stored.
The same file keeps small engine state, such as the DeepL glossary id for a glossary hash.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from translator._sqlite import connect
from translator.errors import TranslatorError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS replies (key TEXT PRIMARY KEY, reply TEXT NOT NULL, engine TEXT,
                                    created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def cache_key(
    engine: str,
    model: str,
    source: str,
    target: str,
    glossary: str,
    text: str,
    context: str = "",
) -> str:
    """The key of one text's reply; ``context`` fingerprints what it was sent with (a
    text sent without context keeps the key it always had)."""
    fields = (engine, model, source, target, glossary, text, *((context,) if context else ()))
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


class ResponseCache:
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._db = connect(self.path, "response cache")
        try:
            with self._db:
                self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise TranslatorError(f"not a usable response cache: {exc}", self.path) from None

    def close(self) -> None:
        self._db.close()

    def get_many(self, keys: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            for key, reply in self._db.execute(
                f"SELECT key, reply FROM replies WHERE key IN ({marks})", chunk
            ):
                found[str(key)] = str(reply)
        return found

    def put_many(self, engine: str, items: Iterable[tuple[str, str]]) -> None:
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO replies (key, reply, engine, created) VALUES (?, ?, ?, ?)",
                ((k, v, engine, now) for k, v in items),
            )

    def get_state(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_state(self, key: str, value: str) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (key, value))

    def delete_state(self, key: str) -> None:
        with self._db:
            self._db.execute("DELETE FROM state WHERE key = ?", (key,))

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM replies").fetchone()[0])
