from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = ROOT / "locales" / "ja" / "qwen3-release.md"
FIXTURE_FILES = sorted(FIXTURES.glob("*.md"))
ALL_SOURCES = [*FIXTURE_FILES, SAMPLE]


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the repository's sample project (config, article, catalogs, glossary)."""
    for name in ("translator.yaml",):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    if (ROOT / "glossary").is_dir():
        shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    return tmp_path
