"""Paragraph mode's split: a translated paragraph cut back into its source sentences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translator.errors import TranslatorError
from translator.translate.split import Piece, prepare_split, split_translation

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
    """Two sentences of equal length citing the same source, and a translation in three:
    neither length nor the markers, alike in both, tell which source the middle sentence
    belongs to; the caller knowing which sentence each marker came from does."""
    sources = ["天気は晴れです[1]。", "料理は美味しいです[1]。"]
    translation = "The weather is fine. It is sunny[1]. The food is tasty[1]."
    plain = split_translation(sources, translation, target_locale="en")
    assert not all(p.confident for p in plain)
    at = [(m.start(), m.end(), k) for k, m in enumerate(re.finditer(r"\[1\]", translation))]
    anchored = split_translation(sources, translation, target_locale="en", anchors=at)
    assert [p.text for p in anchored] == [
        "The weather is fine. It is sunny[1].",
        "The food is tasty[1].",
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


# -- English: the aligner as calibrated for ja→en, with the EDICT lexicon ---------------------
# (tests/conftest.py points TRANSLATOR_EDICT at the sample of tests/fixtures, whose glosses
# cover these sentences: library, next month, opening, hours, user, request, staff, burden...)

LIBRARY = ["図書館は来月から開館時間を延長する。", "利用者の要望に応えるためだ。", "職員の負担が増える。"]


def _shape(pieces: list[Piece]) -> list[tuple[bool, int, int]]:
    return [(p.confident, p.first, p.last) for p in pieces]


@pytest.mark.parametrize("locale", ["en", "en_GB", "en-US"])
def test_english_the_lexicon_places_what_length_cannot(
    locale: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first two sentences translated as one, the third on its own: the glosses of
    職員, 負担 and 増える find the third; lengths alone leave all three in doubt."""
    reply = (
        "The library will extend its opening hours from next month to respond to user "
        "demand. The staff burden will increase, however."
    )
    merged, third = reply.split(". ")
    pieces = split_translation(LIBRARY, reply, target_locale=locale)
    assert [p.text for p in pieces] == [merged + ".", merged + ".", third]
    assert _shape(pieces) == [(False, 0, 1), (False, 0, 1), (True, 2, 2)]
    monkeypatch.setenv("TRANSLATOR_EDICT", "")  # no lexicon
    assert not any(p.confident for p in split_translation(LIBRARY, reply, target_locale=locale))


def test_english_the_lexicon_keeps_a_wrong_split_from_looking_sure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two sentences as one, then one as two: by length, three sentences for three. The
    lexicon sees that the second English sentence is about the staff's burden (the third
    source sentence), not the users' requests, so nothing is given to the second source
    sentence as its own; without the lexicon it would be, wrongly."""
    reply = (
        "The library will extend its opening hours from next month, to meet requests from "
        "users. Staff will carry more of the burden. Their load will increase."
    )
    wrong = "Staff will carry more of the burden."
    pieces = split_translation(LIBRARY, reply, target_locale="en")
    assert not pieces[1].confident
    assert all(wrong in p.text for p in pieces[1:])
    assert "Their load will increase." in pieces[2].text
    monkeypatch.setenv("TRANSLATOR_EDICT", "")
    blind = split_translation(LIBRARY, reply, target_locale="en")
    assert (blind[1].text, blind[1].confident) == (wrong, True)


def test_an_unreadable_lexicon_is_reported_before_any_split(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRANSLATOR_EDICT", str(tmp_path / "missing"))
    with pytest.raises(TranslatorError, match="cannot read the EDICT lexicon"):
        prepare_split("en")
    prepare_split("de")  # other languages read no lexicon


# -- other languages: the same model, no lexicon, the paragraph's own length ratio ----------

DE = [
    "Alibaba plant, Ende April Qwen 3 zu veröffentlichen, ein großes Sprachmodell auf Basis "
    "seiner neuesten KI-Technologie.",
    "Als Nachfolger von Qwen 2.5-Max nimmt das Modell einen wichtigen Platz ein, während sich "
    "der Wettbewerb in der KI-Technologie verschärft.",
    "Dieser Bericht erläutert ausführlich den Hintergrund der Veröffentlichung von Qwen 3 und "
    "seine technischen Merkmale.",
]


def test_german_a_sentence_translated_as_two_stays_with_its_source() -> None:
    first = (
        "Alibaba plant, Ende April Qwen 3 zu veröffentlichen. Es ist ein großes Sprachmodell "
        "auf Basis seiner neuesten KI-Technologie."
    )
    pieces = split_translation(SOURCES, " ".join([first, DE[1], DE[2]]), target_locale="de")
    assert [p.text for p in pieces] == [first, DE[1], DE[2]]
    assert all(p.confident for p in pieces)


def test_german_two_sentences_translated_as_one() -> None:
    merged = (
        DE[0][:-1] + "; als Nachfolger von Qwen 2.5-Max nimmt es einen wichtigen Platz ein, "
        "während sich der Wettbewerb verschärft."
    )
    pieces = split_translation(SOURCES, f"{merged} {DE[2]}", target_locale="de")
    assert [p.text for p in pieces] == [merged, merged, DE[2]]
    assert _shape(pieces) == [(False, 0, 1), (False, 0, 1), (True, 2, 2)]


def test_a_sentence_the_reply_adds_at_the_end_leaves_the_last_sentence_unsure() -> None:
    """An added sentence goes with the sentence next to it, which is then not sure: it may
    be the second half of its translation, or translate nothing at all."""
    added = "Weitere Einzelheiten folgen."
    pieces = split_translation(SOURCES, " ".join([*DE, added]), target_locale="de")
    assert [p.text for p in pieces] == [DE[0], DE[1], f"{DE[2]} {added}"]
    assert _shape(pieces) == [(True, 0, 0), (True, 1, 1), (False, 2, 2)]


_WORDS = st.sampled_from(["model", "Qwen", "release", "April", "the", "AI", "600", "data"])
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=12).map(lambda w: " ".join(w).capitalize() + ".")
_SOURCE = st.text(alphabet="アイウエオカキクケコ漢字語文", min_size=1, max_size=40).map(
    lambda t: t + "。"
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(_SOURCE, min_size=1, max_size=8),
    st.lists(_SENTENCE, min_size=1, max_size=12),
    st.sampled_from(["en", "de"]),
)
def test_every_sentence_of_the_translation_lands_somewhere_in_order(
    sources: list[str], sentences: list[str], locale: str
) -> None:
    translation = " ".join(sentences)
    pieces = split_translation(sources, translation, target_locale=locale)
    assert len(pieces) == len(sources)
    # Distinct pieces, in order, tile the translation: nothing dropped, nothing doubled.
    regions = {(p.first, p.last): p.text for p in pieces}
    assert " ".join(regions[key] for key in sorted(regions)) == translation
    for number, piece in enumerate(pieces):
        assert piece.first <= number <= piece.last
        assert piece.text
        if piece.first != piece.last:  # a region of several sentences is never sure
            assert not piece.confident
    if len(sentences) < len(sources):  # someone is missing a sentence: never all sure
        assert not all(p.confident for p in pieces)
