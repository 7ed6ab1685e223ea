"""Rendering: byte-for-byte outside the sentences, target-language joining inside."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tests.conftest import ALL_SOURCES, FIXTURES, read
from translator.document.markdown import parse_document
from translator.locales import locale_info
from translator.pseudo import pseudo_translate
from translator.render import render_document

EN = locale_info("en")
ZH = locale_info("zh_Hans")


@pytest.mark.parametrize("path", ALL_SOURCES, ids=lambda p: p.name)
def test_empty_catalog_reproduces_source(path: Path) -> None:
    text = read(path)
    doc = parse_document(text, str(path), front_matter_keys=("title", "description", "tags"))
    assert render_document(doc, {}, EN) == text


def _translate(path: Path, table: dict[str, str], locale: str = "en") -> str:
    doc = parse_document(read(path), str(path), front_matter_keys=("title", "description"))
    return render_document(doc, table, locale_info(locale))


def test_sentences_on_one_line_are_joined_the_target_way() -> None:
    path = FIXTURES / "crlf.md"
    table = {
        "CRLF の改行を使う文書です。": "A document with CRLF line ends.",
        "二つ目の文です。": "Second.",
    }
    assert _translate(path, table) == (
        "# 見出し\r\n\r\nA document with CRLF line ends. Second.\r\n\r\n- 項目です。\r\n"
    )
    # Only one translated: still a space between a translated and an untranslated sentence.
    partial = _translate(path, {"二つ目の文です。": "Second."})
    assert "CRLF の改行を使う文書です。 Second.\r\n" in partial
    # Into Chinese, no space.
    zh = _translate(
        path,
        {"CRLF の改行を使う文書です。": "使用CRLF的文档。", "二つ目の文です。": "第二句。"},
        "zh_Hans",
    )
    assert "使用CRLF的文档。第二句。\r\n" in zh


def test_one_sentence_per_line_stays_one_per_line() -> None:
    path = FIXTURES / "blockquote.md"
    out = _translate(
        path,
        {
            "引用された文です。": "A quoted sentence.",
            "二行目も引用の一部です。": "The second line is quoted too.",
            "入れ子の引用です。": "A nested quote.",
            "ここにも文があります。": "Another sentence here.",
        },
    )
    assert out.startswith(
        "> A quoted sentence.\n> The second line is quoted too.\n>\n"
        "> > A nested quote. Another sentence here.\n"
    )


def test_soft_wrapped_sentence_and_hard_break_in_translation() -> None:
    path = FIXTURES / "nested-lists.md"
    out = _translate(
        path,
        {
            "`make` を使います。": "Use `make`.",
            "詳しくは後述します。": "Details follow  \nbelow.",
        },
    )
    # The translator's hard break continues inside the nested list item.
    assert "   - Use `make`.\n     Details follow  \n     below.\n" in out
    hb = _translate(
        FIXTURES / "hard-breaks.md",
        {
            "この段落は途中で折り返されていますが、一つの文です。": "This paragraph is wrapped but is one sentence."
        },
    )
    assert "\n\nThis paragraph is wrapped but is one sentence.\n\n" in hb


def test_table_cells_and_headings_never_get_line_breaks() -> None:
    out = _translate(
        FIXTURES / "table.md",
        {"前身モデルです。": "The\npredecessor.", "モデル比較": "Model\ncomparison"},
    )
    assert out.startswith("# Model comparison\n")
    assert "| `MoE` 構成です。 The predecessor. |" in out


def test_front_matter_values_are_requoted_when_needed() -> None:
    out = _translate(
        FIXTURES / "frontmatter.md",
        {
            "最新AIモデルの解説": "Explained: the latest AI model",
            "Qwen 3の特徴を「簡潔に」説明します。": 'The "short" version of Qwen 3\'s features.',
        },
    )
    assert 'title: "Explained: the latest AI model"\n' in out
    assert 'description: "The \\"short\\" version of Qwen 3\'s features."\n' in out
    assert "slug: qwen3-overview\n" in out
    import yaml

    front = yaml.safe_load(out.split("---\n")[1])
    assert front["title"] == "Explained: the latest AI model"
    plain = _translate(FIXTURES / "frontmatter.md", {"最新AIモデルの解説": "The latest AI model"})
    assert "title: The latest AI model\n" in plain


# --- properties over generated Markdown -------------------------------------------------

_words = st.sampled_from(
    [
        "アリババは",
        "モデルを",
        "発表しました",
        "Qwen 3",
        "2.5",
        "AI技術",
        "「引用」",
        "（注）",
        "**太字**",
        "*斜体*",
        "`code`",
        '[リンク](https://x.example/a_(b) "題")',
        "![図](a.png)",
        "<https://example.com>",
        "[1]",
        "[2][3]",
        "It works",
        "e.g.",
        "v1.2.3",
        "<br>",
        "\\*",
        "100%",
        "|",
        "#",
        "-",
        ">",
        "　",
        "  ",
        "\t",
    ]
)
_ends = st.sampled_from(["。", "！", "？", ". ", "", "[5]。", "。」", "!?", "…"])
_sentence = st.builds(
    lambda ws, e: "".join(ws) + e, st.lists(_words, min_size=1, max_size=6), _ends
)
_inline = st.builds("".join, st.lists(_sentence, min_size=1, max_size=4))
_line_sep = st.sampled_from(["\n", "  \n", "\\\n", "\n   ", "\r\n"])
_para = st.builds(lambda a, sep, b: a + sep + b, _inline, _line_sep, _inline) | _inline
_block = st.one_of(
    st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 6), _inline),
    _para,
    st.builds(lambda t: "- " + t, _para),
    st.builds(lambda t, u: f"1. {t}\n   - {u}", _inline, _inline),
    st.builds(lambda t: "> " + t.replace("\n", "\n> "), _para),
    st.builds(lambda t: f"```\n{t}\n```", _inline),
    st.builds(lambda a, b: f"| {a} | h |\n|---|---|\n| {b} | x |", _inline, _inline),
    st.builds(lambda t: f"<div>\n{t}\n</div>", _inline),
    st.builds(lambda t: f"---\ntitle: {t}\n---", st.sampled_from(["題名", "'引用'", '"a: b"'])),
    st.text(max_size=30),
)
_markdown = st.builds(
    lambda blocks, seps: "".join(b + s for b, s in zip(blocks, seps, strict=False)),
    st.lists(_block, min_size=1, max_size=6),
    st.lists(st.sampled_from(["\n\n", "\n", "\n\n\n", "\r\n\r\n"]), min_size=6, max_size=6),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_markdown)
def test_property_empty_catalog_is_identity(text: str) -> None:
    doc = parse_document(text, "gen.md", front_matter_keys=("title",))
    assert render_document(doc, {}, EN) == text
    assert render_document(doc, {}, ZH) == text


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_property_arbitrary_text_never_breaks(text: str) -> None:
    doc = parse_document(text, "any.md")
    assert render_document(doc, {}, EN) == text


_md = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _blocks(text: str) -> list[tuple[str, int]]:
    return [(t.type, t.level) for t in _md.parse(text) if t.type != "inline"]


@settings(max_examples=200, deadline=None)
@given(_markdown.filter(lambda t: not t.startswith("---")))
def test_property_pseudo_render_keeps_block_structure(text: str) -> None:
    doc = parse_document(text, "gen.md")
    table = {s.msgid: pseudo_translate(s.msgid) for s in doc.segments if s.translatable}
    out = render_document(doc, table, EN)
    assert _blocks(out) == _blocks(text)


@pytest.mark.parametrize("path", ALL_SOURCES, ids=lambda p: p.name)
def test_pseudo_render_of_fixtures_keeps_block_structure(path: Path) -> None:
    text = read(path)
    doc = parse_document(text, str(path))
    table = {s.msgid: pseudo_translate(s.msgid) for s in doc.segments if s.translatable}
    out = render_document(doc, table, EN)
    assert _blocks(out) == _blocks(text)
    assert out != text or not table
