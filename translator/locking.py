"""One writer at a time per project: an advisory lock on ``.translator/lock``.

The commands that write a project's catalogs (extract, update, sync, and translate while
it saves drafts) hold it while they write, so two ``translator`` processes never write
one project's catalogs at once. It is an ``flock``: the kernel releases it when its
process ends, however it ends, so a lock left by a killed process is taken over at once.
The file names who holds it (pid, command, start time), for the line a waiting process
prints. Editors do not take it; for them, every write checks that the file is still the
one that was read (``translator._io``).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from translator._io import process_alive
from translator.errors import TranslatorError

try:
    import fcntl
except ImportError:  # not on Windows: writes are still checked file by file
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = ".translator/lock"
TIMEOUT_VARIABLE = "TRANSLATOR_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 120.0  # seconds a process waits for another to finish writing

Notify = Callable[[str], None]

# The locks this process holds: path -> [file descriptor, depth]. A command that holds
# the lock may call a step that takes it again (sync runs extract, then update).
_held: dict[str, list[int]] = {}
_held_by = os.getpid()  # a forked worker inherits the table, not the lock's ownership


def lock_timeout() -> float:
    value = os.environ.get(TIMEOUT_VARIABLE, "")
    try:
        return max(0.0, float(value)) if value else DEFAULT_TIMEOUT
    except ValueError:
        raise TranslatorError(f"{TIMEOUT_VARIABLE}={value!r} is not a number of seconds") from None


class ProjectLock:
    """The write lock of the project in ``root``; a context manager that waits for it.

    ``notify`` receives a line when the lock is busy (who holds it) and when a lock left
    by a killed process is taken over.
    """

    def __init__(
        self, root: Path, *, timeout: float | None = None, notify: Notify | None = None
    ) -> None:
        self.path = Path(root) / LOCK_FILE
        self.timeout = lock_timeout() if timeout is None else timeout
        self.notify = notify or (lambda _line: None)
        self._key = os.path.abspath(self.path)

    def __enter__(self) -> ProjectLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def acquire(self, *, wait: bool = True) -> bool:
        """Take the lock, waiting up to the timeout (raises TranslatorError then); with
        ``wait=False``, return False at once if another process holds it."""
        _forget_inherited()
        held = _held.get(self._key)
        if held is not None:
            held[1] += 1
            return True
        if fcntl is None:
            _held[self._key] = [-1, 1]
            return True
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            message = f"cannot create the lock: {exc.strerror}"
            raise TranslatorError(message, str(self.path)) from None
        try:
            if not self._take(fd, wait):
                os.close(fd)
                return False
        except BaseException:
            os.close(fd)
            raise
        left = _read_holder(fd)
        if left and not process_alive(_holder_pid(left)):
            self.notify(f"took over the project lock left by {left} (no longer running)")
        _write_holder(fd)
        _held[self._key] = [fd, 1]
        return True

    def _take(self, fd: int, wait: bool) -> bool:
        assert fcntl is not None
        deadline = time.monotonic() + self.timeout
        told = False
        pause = 0.02
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                pass
            if not wait:
                return False
            holder = _read_holder(fd) or "another translator process"
            if time.monotonic() >= deadline:
                raise TranslatorError(
                    f"{holder} is writing this project's catalogs; waited "
                    f"{self.timeout:.0f} s and wrote nothing (set {TIMEOUT_VARIABLE} to wait "
                    "longer)",
                    str(self.path),
                )
            if not told:
                self.notify(f"waiting for {holder} to finish writing the catalogs…")
                told = True
            time.sleep(pause)
            pause = min(pause * 2, 0.25)

    def release(self) -> None:
        held = _held.get(self._key)
        if held is None:
            return
        held[1] -= 1
        if held[1] > 0:
            return
        del _held[self._key]
        fd = held[0]
        if fd < 0:
            return
        assert fcntl is not None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)  # no one holds it now: nothing to name
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _forget_inherited() -> None:
    """In a forked child, the parent's locks are the parent's to release."""
    global _held_by
    if _held_by != os.getpid():
        _held.clear()
        _held_by = os.getpid()


def _command() -> str:
    # The sub-command only: options may hold URLs, which are nobody's business here.
    words = [w for w in sys.argv[1:] if not w.startswith("-")]
    return "translator " + words[0] if words else Path(sys.argv[0]).name or "python"


def _write_holder(fd: int) -> None:
    started = datetime.now(UTC).astimezone().strftime("%H:%M:%S")
    line = f"pid {os.getpid()} ({_command()}, since {started})"
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, line.encode("utf-8"), 0)


def _read_holder(fd: int) -> str:
    try:
        return os.pread(fd, 400, 0).decode("utf-8", "replace").strip()
    except OSError:
        return ""


def _holder_pid(line: str) -> int:
    words = line.split()
    return int(words[1]) if len(words) > 1 and words[0] == "pid" and words[1].isdigit() else 0
