"""Sentence segmentation: API contract, conventions, rules loading."""

from __future__ import annotations

import pytest

from translator.errors import TranslatorError
from translator.segment import load_rules, sentence_spans, split_sentences

SAMPLE_PARAGRAPHS = [
    (
        "アリババは、最新のAI技術を活用した大規模言語モデル「Qwen 3」を4月末にリリースする予定です。"
        "このモデルは、前身の「Qwen 2.5-Max」に続き、AI技術の競争が激化する中で重要な位置を占めています。"
        "本レポートでは、Qwen 3のリリース背景とその技術的特徴について詳しく説明します。",
        [
            "アリババは、最新のAI技術を活用した大規模言語モデル「Qwen 3」を4月末にリリースする予定です。",
            "このモデルは、前身の「Qwen 2.5-Max」に続き、AI技術の競争が激化する中で重要な位置を占めています。",
            "本レポートでは、Qwen 3のリリース背景とその技術的特徴について詳しく説明します。",
        ],
    ),
    (
        "Qwen 3は、前身のQwen 2.5-Maxに基づいてさらに進化したモデルです。特に、**Mixture-of-Experts "
        "(MoM)アーキテクチャ**を採用しており、コスト効率の良いトレーニングが可能です[5]。また、一部の"
        "Qwen 3モデルは600百万パラメータで構成されており、モバイルデバイス上で動作可能です[5]。",
        [
            "Qwen 3は、前身のQwen 2.5-Maxに基づいてさらに進化したモデルです。",
            "特に、**Mixture-of-Experts (MoM)アーキテクチャ**を採用しており、コスト効率の良いトレーニングが可能です[5]。",
            "また、一部のQwen 3モデルは600百万パラメータで構成されており、モバイルデバイス上で動作可能です[5]。",
        ],
    ),
    (
        "**元記事:** [Alibaba to Release Upgraded Qwen 3 AI Model in Late April](https://www.pymnts.com/a/)",
        [
            "**元記事:** [Alibaba to Release Upgraded Qwen 3 AI Model in Late April](https://www.pymnts.com/a/)"
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SAMPLE_PARAGRAPHS)
def test_sample_paragraphs(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_spans_are_stripped_offsets_into_the_text() -> None:
    text = "  一文目です。　二文目です！\n\n三文目  "
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["一文目です。", "二文目です！", "三文目"]
    assert all(text[s:e] == text[s:e].strip() for s, e in spans)


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "\u3000\t"])
def test_blank_text_has_no_sentences(text: str) -> None:
    assert sentence_spans(text) == []


def test_conventions() -> None:
    assert split_sentences("すごい！と思った。本当？って聞いた。えっ！？ 嘘でしょ?!") == [
        "すごい！と思った。",
        "本当？って聞いた。",
        "えっ！？",
        "嘘でしょ?!",
    ]
    assert split_sentences(
        "彼は「そうだ。それでいい。」と述べた。「お待たせしました。」店員が言った。"
    ) == [
        "彼は「そうだ。それでいい。」と述べた。",
        "「お待たせしました。」",
        "店員が言った。",
    ]
    assert split_sentences("重要です[1][2]。重要です。[1] 次です。") == [
        "重要です[1][2]。",
        "重要です。[1]",
        "次です。",
    ]
    assert split_sentences("Apple Inc.は2.5%伸びた。It works. Next, e.g. this.") == [
        "Apple Inc.は2.5%伸びた。",
        "It works.",
        "Next, e.g. this.",
    ]


def test_language_codes_and_overrides() -> None:
    assert load_rules("ja_JP").lang == "ja"
    assert load_rules("zh-Hans").lang == "zh"
    assert load_rules("de").lang == "en"
    rules = load_rules("en", {"abbreviations": ["Approx."]})
    assert "Approx" in rules.abbreviations
    with pytest.raises(TranslatorError, match="bogus"):
        load_rules("ja", {"bogus": []})


def test_override_lists_extend_and_switches_replace() -> None:
    base = load_rules("ja")
    rules = load_rules(
        "ja",
        {
            "abbreviations": ["Approx."],
            "no_break_patterns": [r"モーニング娘。"],
            "split_inside_quotes": True,
        },
    )
    assert base.abbreviations < rules.abbreviations and "Approx" in rules.abbreviations
    assert rules.split_inside_quotes and not base.split_inside_quotes
    text = "モーニング娘。の新曲。「一つ。二つ。」と数えた。"
    assert split_sentences(text) == ["モーニング娘。", "の新曲。", "「一つ。二つ。」と数えた。"]
    got = [text[s:e] for s, e in sentence_spans(text, rules=rules)]
    assert got == ["モーニング娘。の新曲。", "「一つ。", "二つ。」と数えた。"]


def test_soft_wrap_switch() -> None:
    rules = load_rules("ja", {"soft_wrap_is_boundary": True})
    text = "一行目の途中で\n折り返した文です。"
    assert len(sentence_spans(text)) == 1
    assert len(sentence_spans(text, rules=rules)) == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"abbreviation": ["x"]}, "abbreviation"),
        ({"abbreviations": "Mr"}, "list of strings"),
        ({"no_break_patterns": ["("]}, "invalid regular expression"),
        ({"split_inside_quotes": "yes"}, "true or false"),
        ({"brackets": ["<<>"]}, "two characters"),
    ],
)
def test_bad_overrides_name_the_key(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(TranslatorError, match=message):
        load_rules("ja", overrides)


def test_rules_files_load_for_every_language() -> None:
    for lang in ("ja", "en", "zh", "ja_JP", "zh_Hans", "zh-CN", "en_US", "fr", ""):
        rules = load_rules(lang)
        assert rules.terminators and rules.brackets
    assert load_rules("ja") is load_rules("ja_JP")  # cached
    assert split_sentences("It works. Next.", "fr") == ["It works.", "Next."]


def test_never_alters_text_and_handles_odd_unicode() -> None:
    for text in [
        "\ud800。",
        "\x00。\x00",
        "。" * 1000,
        "\u2028文。\u2029次。",
        "😊" * 10,
        "．．．",
    ]:
        spans = sentence_spans(text)
        assert all(text[s:e].strip() == text[s:e] for s, e in spans)
