"""Errors a user can act on: one line, naming the file and line when known."""

from __future__ import annotations


class TranslatorError(Exception):
    """A problem with the user's input or environment, reported as one line, exit status 1.

    The CLI prints ``path:line: message`` and never a traceback, so library code raises this
    (not a bare ``ValueError``) whenever the cause is something the user can fix.
    """

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __reduce__(self) -> tuple[type[TranslatorError], tuple[str, str | None, int | None]]:
        # Keep path and line when the error crosses a process boundary.
        return (type(self), (self.message, self.path, self.line))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.message}"
