from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
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


@pytest.fixture(autouse=True, scope="session")
def _hermetic_lexicon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The aligner reads the small EDICT sample of tests/fixtures whatever the machine has
    installed, and caches go to a temporary folder, not the user's."""
    names = ("TRANSLATOR_EDICT", "XDG_CACHE_HOME")
    saved = {name: os.environ.get(name) for name in names}
    os.environ["TRANSLATOR_EDICT"] = str(FIXTURES / "edict-sample.txt")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
