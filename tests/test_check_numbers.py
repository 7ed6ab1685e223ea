"""Number extraction as values, source (Japanese) and target (locale-aware)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from translator.checks.numbers import name_keys, source_numbers, target_numbers


def _src(text: str) -> list[Decimal]:
    return [n.value for n in source_numbers(text)]


def _tgt(text: str, locale: str, source: str = "") -> list[Decimal]:
    names = name_keys(source) if source else None
    return [n.value for n in target_numbers(text, locale, names=names)]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("600百万パラメータ", ["6E8"]),
        ("６００百万", ["6E8"]),
        ("3千万", ["3E7"]),
        ("3,800億円", ["3.8E11"]),
        ("1兆5000億", ["1.5E12"]),
        ("3億5000万ドル", ["3.5E8"]),
        ("1万2000人", ["12000"]),
        ("0.6Bモデル", ["6E8"]),
        ("2025年4月30日", ["2025", "4", "30"]),
        ("一部の企業", []),
        ("三つの会社", []),
        ("Qwen 3とQwen 2.5-MaxとGPT-4oとH100", []),
        ("引用[1][2][3]と[4, 5]", []),
        ("`v=42`と https://example.com/7 と [x](https://a.b/9)", []),
        ("600万", ["6E6"]),
    ],
)
def test_source_numbers(text: str, values: list[str]) -> None:
    assert _src(text) == [Decimal(v) for v in values]


@pytest.mark.parametrize(
    ("text", "locale", "values"),
    [
        ("600 million parameters", "en", ["6E8"]),
        ("0.6 billion", "en", ["6E8"]),
        ("0.6B", "en", ["6E8"]),
        ("1,234.5", "en", ["1234.5"]),
        ("1.234,5", "de", ["1234.5"]),
        ("0,6 Milliarden", "de", ["6E8"]),
        ("1,5 Billionen", "de", ["1.5E12"]),
        ("600 Mio. Nutzer", "de", ["6E8"]),
        ("1\u202f234,5", "fr", ["1234.5"]),
        ("36\u00a0000", "fr", ["36000"]),
        ("380 milliards", "fr", ["3.8E11"]),
        ("1,5 billion", "fr", ["1.5E12"]),
        ("2 mil millones", "es", ["2E9"]),
        ("1,5 billones", "es", ["1.5E12"]),
        ("6亿参数", "zh_Hans", ["6E8"]),
        ("1.5万亿", "zh_Hans", ["1.5E12"]),
        ("3800亿", "zh_Hans", ["3.8E11"]),
        ("two million users", "en", ["2E6"]),
    ],
)
def test_target_numbers(text: str, locale: str, values: list[str]) -> None:
    assert _tgt(text, locale) == [Decimal(v) for v in values]


def test_number_words_and_months_are_soft() -> None:
    found = target_numbers("at the end of April, in three years", "en")
    assert [(n.value, n.soft) for n in found] == [(Decimal(4), True), (Decimal(3), True)]
    assert [n.value for n in target_numbers("fin avril", "fr")] == [Decimal(4)]
    assert [n.value for n in target_numbers("Ende März", "de")] == [Decimal(3)]
    assert [n.value for n in target_numbers("四月底发布三款", "zh_Hans")] == [4, 3]


def test_names_from_the_source_are_skipped_in_the_target() -> None:
    source = "Qwen 3モデル"
    assert _tgt("Qwen-3-Modelle", "de", source) == []
    assert _tgt("Qwen 3 models in 2025", "en", source) == [Decimal(2025)]
