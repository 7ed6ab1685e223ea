"""Paragraph mode's split: a translated paragraph cut back into its source sentences."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from translator.translate.split import split_translation

# The sample article's first paragraph and its approved English translation.
SOURCES = [
    "アリババは、最新のAI技術を活用した大規模言語モデル「Qwen 3」を4月末にリリースする予定です。",
    "このモデルは、前身の「Qwen 2.5-Max」に続き、AI技術の競争が激化する中で重要な位置を占めています。",
    "本レポートでは、Qwen 3のリリース背景とその技術的特徴について詳しく説明します。",
]
EN = [
    "Alibaba plans to release Qwen 3, a large language model built on its latest AI "
    "technology, at the end of April.",
    "Succeeding its predecessor, Qwen 2.5-Max, the model holds an important place as "
    "competition in AI technology intensifies.",
    "This report explains in detail the background to the release of Qwen 3 and its "
    "technical features.",
]


def test_one_sentence_each_is_placed_with_confidence() -> None:
    pieces = split_translation(SOURCES, " ".join(EN), target_locale="en")
    assert [p.text for p in pieces] == EN
    assert all(p.confident for p in pieces)
    assert [(p.first, p.last) for p in pieces] == [(0, 0), (1, 1), (2, 2)]


def test_two_sentences_translated_as_one_are_left_unsure_with_the_whole_text() -> None:
    merged = EN[0][:-1] + "; " + EN[1][0].lower() + EN[1][1:]
    pieces = split_translation(SOURCES, f"{merged} {EN[2]}", target_locale="en")
    assert [(p.text, p.confident, p.first, p.last) for p in pieces] == [
        (merged, False, 0, 1),
        (merged, False, 0, 1),
        (EN[2], True, 2, 2),
    ]


def test_a_sentence_translated_as_two_stays_with_its_source() -> None:
    first = (
        "Alibaba plans to release Qwen 3 at the end of April. It is a large language "
        "model built on its latest AI technology."
    )
    pieces = split_translation(SOURCES, " ".join([first, EN[1], EN[2]]), target_locale="en")
    assert [p.text for p in pieces] == [first, EN[1], EN[2]]
    assert all(p.confident for p in pieces)


def test_anchors_decide_where_lengths_cannot() -> None:
    """Two sentences of equal length and a translation in three: length alone cannot tell
    which source the middle sentence belongs to; the citation marker it carries can."""
    sources = ["天気は晴れです[1]。", "料理は美味しいです[2]。"]
    translation = "The weather is fine. It is sunny[1]. The food is tasty[2]."
    plain = split_translation(sources, translation, target_locale="en")
    assert not all(p.confident for p in plain)
    at = [(m.start(), m.end(), int(m.group(1)) - 1) for m in re.finditer(r"\[(\d)\]", translation)]
    anchored = split_translation(sources, translation, target_locale="en", anchors=at)
    assert [p.text for p in anchored] == [
        "The weather is fine. It is sunny[1].",
        "The food is tasty[2].",
    ]
    assert all(p.confident for p in anchored)


def test_an_anchor_on_the_wrong_side_makes_both_sentences_unsure() -> None:
    sources = ["最初の文です[1]。", "二番目の文です。", "三番目の文です。"]
    translation = "The first sentence. The second sentence[1]. The third sentence."
    at = [(translation.index("[1]"), translation.index("[1]") + 3, 0)]
    pieces = split_translation(sources, translation, target_locale="en", anchors=at)
    assert [(p.confident, p.first, p.last) for p in pieces] == [
        (False, 0, 1),
        (False, 0, 1),
        (True, 2, 2),
    ]
    assert pieces[0].text == "The first sentence. The second sentence[1]."


def test_a_translation_with_fewer_sentences_than_sources_loses_nothing() -> None:
    pieces = split_translation(SOURCES, "Alibaba will release Qwen 3 in April.", target_locale="en")
    assert all(p.text == "Alibaba will release Qwen 3 in April." for p in pieces)
    assert not any(p.confident for p in pieces)


def test_chinese_target_sentences_without_spaces() -> None:
    zh = [
        "阿里巴巴计划于4月底发布基于其最新AI技术的大型语言模型Qwen 3。",
        "该模型继承了前身Qwen 2.5-Max，在AI技术竞争日益激烈之际占据重要地位。",
        "本报告详细说明Qwen 3的发布背景及其技术特点。",
    ]
    pieces = split_translation(SOURCES, "".join(zh), target_locale="zh_Hans")
    assert [p.text for p in pieces] == zh and all(p.confident for p in pieces)


def test_empty_and_single_sources() -> None:
    assert split_translation([], "Anything.", target_locale="en") == []
    (one,) = split_translation(["文です。"], "  It is. Really.  ", target_locale="en")
    assert one.text == "It is. Really." and one.confident
    assert [p.text for p in split_translation(SOURCES, "  ", target_locale="en")] == ["", "", ""]


_WORDS = st.sampled_from(["model", "Qwen", "release", "April", "the", "AI", "600", "data"])
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=12).map(lambda w: " ".join(w).capitalize() + ".")
_SOURCE = st.text(alphabet="アイウエオカキクケコ漢字語文", min_size=1, max_size=40).map(
    lambda t: t + "。"
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_SOURCE, min_size=1, max_size=8), st.lists(_SENTENCE, min_size=1, max_size=12))
def test_every_sentence_of_the_translation_lands_somewhere_in_order(
    sources: list[str], sentences: list[str]
) -> None:
    translation = " ".join(sentences)
    pieces = split_translation(sources, translation, target_locale="en")
    assert len(pieces) == len(sources)
    # Distinct pieces, in order, tile the translation: nothing dropped, nothing doubled.
    regions = {(p.first, p.last): p.text for p in pieces}
    assert " ".join(regions[key] for key in sorted(regions)) == translation
    for number, piece in enumerate(pieces):
        assert piece.first <= number <= piece.last
        assert piece.confident == (piece.first == piece.last)
        assert piece.text
    if len(sentences) < len(sources):  # someone is missing a sentence: never all sure
        assert not all(p.confident for p in pieces)
