"""The segmentation case sets: paragraphs with their expected sentences, per language.

The cases live in tests/segment_cases/<lang>.yaml (verbatim substrings). Every case must
come out exactly; benchmarks/segmentation.py reports the same sets as accuracy figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from translator.segment import sentence_spans, split_sentences

CASES = Path(__file__).with_name("segment_cases")


def _load(lang: str) -> list[tuple[str, list[str]]]:
    raw = yaml.safe_load((CASES / f"{lang}.yaml").read_text(encoding="utf-8"))
    return [(str(case["text"]), [str(s) for s in case["sentences"]]) for case in raw]


ALL = [(lang, text, expected) for lang in ("ja", "en", "zh") for text, expected in _load(lang)]


def test_case_sets_are_large_and_well_formed() -> None:
    counts = {lang: sum(1 for c in ALL if c[0] == lang) for lang in ("ja", "en", "zh")}
    assert counts["ja"] >= 200 and counts["en"] >= 40 and counts["zh"] >= 40
    for _lang, text, expected in ALL:
        pos = 0
        for sentence in expected:  # verbatim, in order, stripped
            assert sentence == sentence.strip() and sentence
            pos = text.index(sentence, pos) + len(sentence)


@pytest.mark.parametrize(("lang", "text", "expected"), ALL, ids=lambda v: str(v)[:30])
def test_case(lang: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text, lang) == expected
    assert [text[s:e] for s, e in sentence_spans(text, lang)] == expected
