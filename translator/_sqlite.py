"""SQLite files shared by processes: the translation memory and the MT response cache.

Two ``translator`` runs may use one project's databases at once (a ``translate`` and a
``tm import``, two ``translate`` runs). Write-ahead logging lets readers go on while one
process writes, and a busy timeout makes a writer wait for the other instead of failing
with "database is locked". Each write is one transaction, so a killed process leaves the
last committed state, never half a batch.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from translator.errors import TranslatorError

BUSY_TIMEOUT = 60.0  # seconds a writer waits for another process's transaction


def connect(path: str, what: str) -> sqlite3.Connection:
    """Open (creating it and its folder if needed) the database at ``path``; ``what`` names
    it in errors ("translation memory")."""
    if path != ":memory:":
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TranslatorError(f"cannot create folder: {exc.strerror}", path) from None
    try:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT)
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        if path != ":memory:":
            _use_wal(db)
            db.execute("PRAGMA synchronous = NORMAL")  # WAL stays consistent after a crash
    except sqlite3.DatabaseError as exc:
        raise TranslatorError(f"not a usable {what}: {exc}", path) from None
    return db


def _use_wal(db: sqlite3.Connection) -> None:
    """Switch to write-ahead logging (a setting the file keeps). SQLite answers "database
    is locked" at once, without waiting, when another process opens the new file at the
    same moment: try again until the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    pause = 0.005
    while True:
        try:
            if str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)
