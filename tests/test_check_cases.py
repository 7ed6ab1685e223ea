"""The pair test set: every expected finding is produced, and no other."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from translator.checks.registry import check_pair
from translator.glossary.load import load_glossary
from translator.glossary.model import Glossary

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((Path(__file__).parent / "check_cases").glob("*.yaml"))


def _cases() -> list[Any]:
    out = []
    for path in CASES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for number, case in enumerate(data["cases"], 1):
            out.append(pytest.param(case, id=f"{path.stem}-{number}"))
    return out


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(sorted((ROOT / "glossary").glob("*.yaml")))


def test_case_set_is_large_enough() -> None:
    assert len(_cases()) >= 100


@pytest.mark.parametrize("case", _cases())
def test_case(case: dict[str, Any], glossary: Glossary) -> None:
    problems = check_pair(case["source"], case["target"], case["locale"], glossary)
    found = Counter(p.check for p in problems)
    expected = Counter(case["expect"])
    assert found == expected, [p.message for p in problems]
