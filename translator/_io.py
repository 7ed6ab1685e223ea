"""File input and output: strict UTF-8 reading and atomic writes (temporary file + rename)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from translator.errors import TranslatorError


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a file; errors raise TranslatorError naming it."""
    try:
        return Path(path).read_bytes()
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


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 so that readers see either the old file or the whole new one."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` so that readers see either the old file or the whole new one."""
    target = Path(path)
    directory = target.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise TranslatorError(f"cannot write: {exc.strerror}", str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp_name, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        # Ctrl-C or a full disk must not leave a half-written file or a stray temporary.
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def write_if_changed(path: str | os.PathLike[str], text: str) -> bool:
    """Write atomically unless the file already holds exactly ``text``; return whether written."""
    p = Path(path)
    try:
        if p.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    write_text_atomic(p, text)
    return True
