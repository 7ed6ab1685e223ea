"""Debian's Chromium driven by Playwright, for the tests that look at pages as a person does.

Playwright's own browser download is not used (nor reachable here): the tests drive the
chromium package. Missing, it is a failure that says how to install it, not a skip.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM = "/usr/bin/chromium"
INSTALL = (
    "apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=300 "
    "chromium fonts-ipafont-gothic"
)
# No network chatter from a browser that only opens files from disk. Playwright adds
# --no-sandbox itself (its default), which Chromium needs when run as root.
FLAGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTEFACTS = Path(__file__).resolve().parent.parent / "build" / "test-artefacts"


def missing_browser() -> str | None:
    """Why the browser tests cannot run, with the command that fixes it; None if they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed: run make test (it installs .[dev])"
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        return f"Chromium is not installed; the browser tests need it: {INSTALL}"
    return None


def launch(playwright: Playwright) -> Browser:
    path = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    return playwright.chromium.launch(executable_path=path, args=FLAGS)


ROOT = Path(__file__).resolve().parent.parent


def mid_review_project(root: Path) -> None:
    """A copy of the sample project in ``root``, mid-review: drafts from the translation
    memory, a source sentence edited since it was translated (a fuzzy entry with its old
    source), the sample's MoM error; then its report and HTML articles."""
    from click.testing import CliRunner

    from translator.cli import main

    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "translator.yaml", root)
    for folder in ("locales", "glossary"):
        shutil.copytree(ROOT / folder, root / folder)

    def run(*args: str) -> None:
        old = Path.cwd()
        os.chdir(root)
        try:
            result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        finally:
            os.chdir(old)
        assert result.exit_code == 0, result.output

    run("translate")
    source = root / "locales/ja/qwen3-release.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("600百万パラメータ", "800百万パラメータ"), encoding="utf-8")
    run("sync")
    run("report")
    run("render", "--format", "html", "--threshold", "0")
