"""Run the installed ``translator`` command as a subprocess, as a shell or CI would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

BIN = Path(sys.executable).parent


def translator_exe() -> str:
    exe = shutil.which("translator", path=str(BIN))
    assert exe is not None, "the console script is not installed"
    return exe


def run_cli(
    *args: str,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """``translator ARGS`` in ``cwd``; never attached to a terminal (stdin is a pipe)."""
    environ = {**os.environ, **(env or {})}
    return subprocess.run(
        [translator_exe(), *args],
        cwd=cwd,
        env=environ,
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        timeout=120,
    )


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``root`` with its bytes and mtime, to prove a command wrote nothing."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
