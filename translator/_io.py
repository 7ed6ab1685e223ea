"""File input and output: strict UTF-8 reading and atomic writes (temporary file + rename).

A person may save a file (in Poedit, an editor) while a command holds what it read of it.
So a write can be told what the file was when it was read (a :class:`FileStamp`); just
before the rename it checks that the file is still that one and otherwise raises
:class:`FileChanged`, leaving the person's file as it is. The caller re-reads and re-applies
its own changes, or gives up for that file.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from translator.errors import TranslatorError

# The content digest of a file stamp, without what ``hashlib`` and ``tempfile`` load with
# them (OpenSSL; random, shutil, bz2, lzma): about 6 MB of memory for every command,
# which a merge of a small catalog would otherwise spend on nothing else.
try:
    from _blake2 import blake2b as _digest  # CPython's own BLAKE2, which hashlib wraps
except ImportError:  # another interpreter
    from hashlib import blake2b as _digest


class FileStamp(NamedTuple):  # (not a dataclass: see translator.pipeline)
    """What a file was when it was read: its size, modification time and content hash.

    The hash decides (a file saved twice within one clock tick keeps its mtime, and a
    ``touch`` changes the mtime but not the content); size tells most changes at once.
    """

    size: int
    mtime_ns: int
    digest: bytes

    @classmethod
    def of(cls, data: bytes, stat: os.stat_result) -> FileStamp:
        return cls(len(data), stat.st_mtime_ns, _digest(data).digest())

    def matches(self, path: Path) -> bool:
        """Whether ``path`` still holds the bytes this stamp was taken of."""
        try:
            with open(path, "rb") as handle:
                if os.fstat(handle.fileno()).st_size != self.size:
                    return False
                digest = _digest()
                while chunk := handle.read(1 << 20):
                    digest.update(chunk)
                return digest.digest() == self.digest
        except FileNotFoundError:
            return False


class FileChanged(TranslatorError):
    """The file changed on disk after it was read; nothing was written over it."""

    def __init__(
        self,
        message: str = "changed on disk since it was read; left as it is",
        path: str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message, path, line)


# What ``expect`` is when the file must not exist yet (it is being created).
ABSENT = None


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a file; errors raise TranslatorError naming it."""
    return read_stamped(path)[0]


def read_stamped(path: str | os.PathLike[str]) -> tuple[bytes, FileStamp]:
    """The bytes of a file and its stamp, to check before writing over it."""
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            data = handle.read()
        return data, FileStamp.of(data, stat)
    except FileNotFoundError:
        raise TranslatorError("no such file", str(path)) from None
    except IsADirectoryError:
        raise TranslatorError("is a directory, expected a file", str(path)) from None
    except OSError as exc:
        raise TranslatorError(f"cannot read: {exc.strerror}", str(path)) from None


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a UTF-8 text file exactly as stored (no newline translation).

    Raises TranslatorError naming the file (and the line of the first undecodable byte).
    """
    return decode_utf8(read_bytes(path), path)


def decode_utf8(data: bytes, path: str | os.PathLike[str]) -> str:
    """``data`` as UTF-8 text, without a byte-order mark; errors name ``path`` and the line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TranslatorError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); convert the file to UTF-8",
            str(path),
            line,
        ) from None
    # A UTF-8 byte-order mark is not content; keeping it would put it inside the first msgid.
    return text.removeprefix("\ufeff")


class _Unchecked:
    """``expect`` when the caller did not read the file: any content may be replaced."""


UNCHECKED = _Unchecked()
Expect = FileStamp | None | _Unchecked


def write_text_atomic(
    path: str | os.PathLike[str], text: str, *, expect: Expect = UNCHECKED
) -> FileStamp:
    """Write ``text`` as UTF-8 so that readers see either the old file or the whole new one."""
    return write_bytes_atomic(path, text.encode("utf-8"), expect=expect)


def write_bytes_atomic(
    path: str | os.PathLike[str], data: bytes, *, expect: Expect = UNCHECKED
) -> FileStamp:
    """Write ``data`` so that readers see either the old file or the whole new one.

    ``expect``: the stamp of the file as it was read (or ``ABSENT``: it did not exist).
    If the file is no longer that one just before the rename, nothing is written and
    :class:`FileChanged` is raised. Returns the stamp of the file written.
    """
    target = Path(path)
    directory = target.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        # The pid in the name lets a later write remove what a killed process left.
        fd, tmp_name = _new_file(directory, f".{target.name}.{os.getpid()}.", ".tmp")
    except OSError as exc:
        raise TranslatorError(f"cannot write: {exc.strerror}", str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            written = FileStamp.of(data, os.fstat(handle.fileno()))  # a rename keeps mtime
        if target.exists():
            os.chmod(tmp_name, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp_name, 0o644)
        if not isinstance(expect, _Unchecked) and not _still(target, expect):
            raise FileChanged(path=str(path))
        os.replace(tmp_name, target)
    except BaseException:
        # Ctrl-C or a full disk must not leave a half-written file or a stray temporary.
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _remove_orphans(target)
    return written


def _new_file(directory: Path, prefix: str, suffix: str) -> tuple[int, str]:
    """A new file of a name no one else has (``tempfile.mkstemp``, which costs every
    command the imports above to load)."""
    while True:
        name = str(directory / f"{prefix}{os.urandom(6).hex()}{suffix}")
        try:
            return os.open(name, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600), name
        except FileExistsError:
            continue


def still_as_read(expect: Expect, current: FileStamp | None) -> bool:
    """Whether a file now stamped ``current`` (None: absent) holds what ``expect`` says
    was read. Only the content counts: a ``touch`` changes nothing."""
    if isinstance(expect, _Unchecked):
        return True
    if expect is None or current is None:
        return expect is current
    return expect.size == current.size and expect.digest == current.digest


def _still(target: Path, expect: FileStamp | None) -> bool:
    if expect is None:
        return not target.exists()
    return expect.matches(target)


def _remove_orphans(target: Path) -> None:
    """Remove temporaries of ``target`` left by processes that were killed mid-write."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.([0-9]+)\.[^.]+\.tmp")
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        match = pattern.fullmatch(name)
        if match is None or process_alive(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(target.parent / name)


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (ours counts as alive)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: someone else's process, alive
        return True
    return True


def read_if_present(path: str | os.PathLike[str]) -> tuple[bytes | None, FileStamp | None]:
    """``read_stamped``, or ``(None, ABSENT)`` when there is no file yet: what a command
    that creates or replaces ``path`` compares with and passes as ``expect``."""
    try:
        return read_stamped(path)
    except TranslatorError:
        if Path(path).exists():
            raise
        return None, ABSENT


def write_if_changed(path: str | os.PathLike[str], text: str) -> bool:
    """Write atomically unless the file already holds exactly ``text``; return whether written.

    A file that changes between that comparison and the write is left as it is
    (:class:`FileChanged`).
    """
    data = text.encode("utf-8")
    old, stamp = read_if_present(path)
    if old == data:
        return False
    write_bytes_atomic(path, data, expect=stamp)
    return True


def user_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """translator's folder in the user's cache: $XDG_CACHE_HOME/translator, else
    ~/.cache/translator. An ``XDG_CACHE_HOME`` in ``environ`` (a library caller's
    environment for one run, often only its API key) wins over the process's."""
    base = (
        (environ or {}).get("XDG_CACHE_HOME")
        or os.environ.get("XDG_CACHE_HOME")
        or os.path.join(os.path.expanduser("~"), ".cache")
    )
    return Path(base) / "translator"
