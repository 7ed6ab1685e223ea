"""Properties of the segmenter on arbitrary text, and linear time on hostile input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from translator.segment import sentence_spans, split_sentences

# Brackets, terminators, Markdown punctuation and whitespace, heavily weighted.
_SPECIAL = [
    *"。．｡！？!?‼⁉.…・「」『』（）()【】“”‘’\"'[]{}*_`~<>:/@#-+※^wｗ\\|",
    *[" ", "\u3000", "\n", "\n\n", "\t", "\r", "](", "**", "[1]", "[^a]", "http://"],
    *["(^^)", "\U0001f60a", "1.", "<b>", "</b>"],
]
_PROSE = list("あいうえおかきくけこ日本語文章テストabcXYZ0123")

texts = st.one_of(
    st.text(),
    st.lists(st.sampled_from(_SPECIAL + _PROSE), max_size=60).map("".join),
    st.lists(st.one_of(st.sampled_from(_SPECIAL), st.text(max_size=3)), max_size=40).map("".join),
)


def _check(text: str, lang: str) -> None:
    spans = sentence_spans(text, lang)
    previous = 0
    rebuilt = []
    for start, end in spans:
        assert previous <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip()  # stripped, never empty
        assert text[previous:start].strip() == ""  # only whitespace between sentences
        rebuilt.append(text[previous:start])
        rebuilt.append(piece)
        previous = end
    assert text[previous:].strip() == ""
    rebuilt.append(text[previous:])
    assert "".join(rebuilt) == text
    assert split_sentences(text, lang) == [text[s:e] for s, e in spans]


@settings(max_examples=400, deadline=None)
@given(texts, st.sampled_from(["ja", "en", "zh"]))
def test_sentences_tile_the_text(text: str, lang: str) -> None:
    _check(text, lang)


def test_one_megabyte_paragraph_without_terminators() -> None:
    text = "日本語の文章が続いて" * 100_000
    assert sentence_spans(text) == [(0, len(text))]


def test_deep_and_unbalanced_brackets() -> None:
    deep = "「" * 200_000 + "中。" + "」" * 200_000 + "次。"
    assert split_sentences(deep) == [deep[:-2], "次。"]
    # Openers never closed: their sentence ends count at the end of the paragraph.
    unclosed = "（注。" * 100_000
    spans = sentence_spans(unclosed)
    assert len(spans) == 100_000
    assert unclosed[spans[0][0] : spans[0][1]] == "（注。"
    # Closers with no opener are ignored.
    stray = "文です）。" * 100_000
    assert len(sentence_spans(stray)) == 100_000


def test_hostile_markdown_is_linear() -> None:
    for text in (
        "`" * 300_000 + "a",
        "`a``b```c" * 30_000,
        "[a" * 200_000,
        "[" * 200_000 + "](" * 100_000,
        "<!--" * 100_000,
        "a" * 500_000 + "@",
        "http://" + "a(" * 200_000,
        "**a" * 200_000,
        "(^" * 200_000,
        "Mr. " * 100_000,
    ):
        spans = sentence_spans(text)
        assert spans and spans[0][0] == len(text) - len(text.lstrip())
        assert spans[-1][1] == len(text.rstrip())
