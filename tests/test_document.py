"""Markdown → segments: what is extracted, where it is, and what is left alone."""

from __future__ import annotations

import pytest

from tests.conftest import ALL_SOURCES, FIXTURES, SAMPLE, read
from translator.document.markdown import parse_document
from translator.document.model import Document


def parse(name: str, **kwargs: object) -> Document:
    path = FIXTURES / name
    return parse_document(read(path), str(path), **kwargs)  # type: ignore[arg-type]


def msgids(doc: Document) -> list[str]:
    return [s.msgid for s in doc.segments if s.translatable]


@pytest.mark.parametrize("path", ALL_SOURCES, ids=lambda p: p.name)
def test_segments_are_exact_spans_in_order(path: object) -> None:
    from pathlib import Path

    assert isinstance(path, Path)
    text = read(path)
    doc = parse_document(text, str(path), front_matter_keys=("title", "description"))
    assert doc.warnings == []
    previous_end = 0
    for segment in doc.segments:
        assert previous_end <= segment.start < segment.end <= len(text)
        span = text[segment.start : segment.end]
        assert span == span.strip()
        assert text.count("\n", 0, segment.start) + 1 == segment.line
        previous_end = segment.end


def test_sample_sentences() -> None:
    doc = parse_document(read(SAMPLE), "qwen3-release.md")
    ids = msgids(doc)
    assert ids[:3] == [
        "アリババが最新AIモデル「Qwen 3」を4月末にリリースへ",
        "緒言",
        "アリババは、最新のAI技術を活用した大規模言語モデル「Qwen 3」を4月末にリリースする予定です。",
    ]
    assert (
        "特に、中国のDeepSeekや米国のOpenAI、Googleなどの企業が新しいAIモデルを次々と発表している"
        "状況下で、Qwen 3は重要な役割を果たすことが期待されています[1][2][3]。"
    ) in ids
    assert (
        "特に、**Mixture-of-Experts (MoM)アーキテクチャ**を採用しており、コスト効率の良いトレーニングが可能です[5]。"
        in ids
    )
    assert "Qwen 3は、前身のQwen 2.5-Maxに基づいてさらに進化したモデルです。" in ids
    # The reference list's link texts are URLs: nothing to translate, not extracted.
    assert not any(m.startswith("[1:https://") for m in ids)
    assert ids[-1].startswith("**元記事:** [Alibaba to Release Upgraded Qwen 3 AI Model")
    assert len(ids) == 20


def test_block_kinds_and_lines() -> None:
    doc = parse("nested-lists.md")
    kinds = {s.msgid: (s.kind, s.line) for s in doc.segments}
    assert kinds["手順"] == ("heading 2", 1)
    assert kinds["取得には数分かかります。"] == ("list item", 4)
    assert kinds["詳しくは後述します。"] == ("list item", 8)
    assert kinds["これは同じ項目に属します。"] == ("list item", 16)
    quote = {s.msgid: s.kind for s in parse("blockquote.md").segments}
    assert quote["入れ子の引用です。"] == "block quote"
    assert quote["引用の中の箇条書きです。"] == "list item"
    assert quote["引用の後の段落です。"] == "paragraph"


def test_tables_are_split_into_cells() -> None:
    doc = parse("table.md")
    cells = [(s.kind, s.msgid) for s in doc.segments if s.kind.startswith("table")]
    assert ("table header cell", "パラメータ数") in cells
    assert ("table cell", "`MoE` 構成です。") in cells
    assert ("table cell", "前身モデルです。") in cells
    # A cell of digits and scale kanji is still text (百万), a bare number would not be.
    assert ("table cell", "600百万") in cells


def test_code_html_and_link_destinations_are_not_extracted() -> None:
    code = msgids(parse("code.md"))
    assert code == [
        "コード例",
        "次のコマンドを実行します。",
        "インラインの `translator render --threshold 0` はそのまま残ります。",
    ]
    html = msgids(parse("html.md"))
    assert not any("HTMLブロック" in m or "コメント" in m or "詳細</summary>" in m for m in html)
    assert "詳細の中の段落は Markdown として翻訳します。" in html
    links = msgids(parse("links-images.md"))
    assert (
        '詳細は[公式サイト](https://example.com/qwen "公式の説明ページ")を参照してください。'
        in links
    )
    assert '![アーキテクチャの図](images/arch.png "図1: 全体構成")' in links
    # A reference definition: its title (a tooltip readers see) is an entry of its own;
    # its label and destination are not.
    assert "参照先のタイトル" in links
    assert not any("example.com/ref" in m for m in links)
    assert not any(m.startswith("[1:") for m in links)


def test_soft_breaks_fold_and_hard_breaks_stay() -> None:
    ids = msgids(parse("hard-breaks.md"))
    assert "この段落は途中で折り返されていますが、一つの文です。" in ids
    assert "This English paragraph is soft wrapped." in ids
    assert "一行目の終わりに空白二つ  \nで改行します。" in ids
    assert "バックスラッシュでも\\\n改行します。" in ids


def test_front_matter_values_named_in_config() -> None:
    doc = parse("frontmatter.md", front_matter_keys=("title", "description", "tags"))
    fm = [(s.kind, s.msgid) for s in doc.segments if s.kind.startswith("front matter")]
    assert fm == [
        ("front matter: title", "最新AIモデルの解説"),
        ("front matter: description", "Qwen 3の特徴を「簡潔に」説明します。"),
        ("front matter: tags", "AI"),
        ("front matter: tags", "LLM"),
    ]
    none = parse("frontmatter.md")
    assert not any(s.kind.startswith("front matter") for s in none.segments)
    assert "slug" not in " ".join(msgids(none))


def test_crlf_documents() -> None:
    doc = parse("crlf.md")
    assert msgids(doc) == [
        "見出し",
        "CRLF の改行を使う文書です。",
        "二つ目の文です。",
        "項目です。",
    ]
    assert [s.line for s in doc.segments] == [1, 3, 3, 5]


def test_sentences_never_split_inside_inline_spans(tmp_path: object) -> None:
    text = (
        "前の文です。**重要です。これも太字です。**次の文です。"
        "[リンクの文。続き](https://example.com/a.b)を見ます。`a. b。c` は一つです。\n"
    )
    doc = parse_document(text, "inline.md")
    assert msgids(doc) == [
        "前の文です。",
        "**重要です。これも太字です。**",
        "次の文です。",
        "[リンクの文。続き](https://example.com/a.b)を見ます。",
        "`a. b。c` は一つです。",
    ]
