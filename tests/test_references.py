"""Reference links keep resolving after translation; what a translator must leave alone."""

from __future__ import annotations

from pathlib import Path

import polib
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tests.conformance import structure
from translator.cli import main
from translator.document.inline import fold_soft_breaks, protected_spans
from translator.document.links import (
    COLLAPSED,
    FULL,
    INLINE,
    SHORTCUT,
    keep_reference_labels,
    link_spans,
    normalize_label,
)
from translator.document.markdown import parse_document
from translator.locales import locale_info
from translator.pseudo import pseudo_translate
from translator.render import render_document

EN = locale_info("en")


def _hrefs(text: str) -> list[str]:
    out = []
    for token in MarkdownIt("commonmark").parse(text):
        for child in token.children or []:
            if child.type == "link_open":
                out.append(str(child.attrs["href"]))
            elif child.type == "image":
                out.append("img:" + str(child.attrs["src"]))
    return out


def test_link_spans_say_which_brackets_are_links_and_of_what_kind() -> None:
    text = "a [x](/u) [y][z] [w][] [v] ![i][j] `[c]` \\[e] <b>[q]</b>"
    spans = link_spans(text)
    assert [(text[s.start : s.end], s.kind, s.label, s.image) for s in spans] == [
        ("[x](/u)", INLINE, "x", False),
        ("[y][z]", FULL, "z", False),
        ("[w][]", COLLAPSED, "w", False),
        ("[v]", SHORTCUT, "v", False),
        ("![i][j]", FULL, "j", True),
        ("[q]", SHORTCUT, "q", False),
    ]
    # With definitions, only what CommonMark would link: [v] and [y][z] are plain text here.
    defined = {normalize_label(x) for x in ("J", "w", "q")}
    assert [text[s.start : s.end] for s in link_spans(text, defined)] == [
        "[x](/u)",
        "[w][]",
        "![i][j]",
        "[q]",
    ]


def test_an_image_inside_a_link_and_a_link_inside_an_image_text() -> None:
    text = "[![moon](moon.jpg)][ref] and ![a [b](/c)][d]"
    spans = [(text[s.start : s.end], s.kind) for s in link_spans(text)]
    # The link inside the image description is alt text, not a link of this text.
    assert spans == [
        ("[![moon](moon.jpg)][ref]", FULL),
        ("![moon](moon.jpg)", INLINE),
        ("![a [b](/c)][d]", FULL),
    ]


def test_translated_shortcut_and_collapsed_references_get_the_source_label() -> None:
    defined = {normalize_label(x) for x in ("公式サイト", "ロゴ", "rfc 2119")}
    assert (
        keep_reference_labels(
            "[公式サイト]を見てください。", "See the [official site].", defined
        ).text
        == "See the [official site][公式サイト]."
    )
    assert (
        keep_reference_labels(
            "[公式サイト][]と![ロゴ]", "[the site][] and ![the logo]", defined
        ).text
        == "[the site][公式サイト] and ![the logo][ロゴ]"
    )
    # Labels match as CommonMark matches them: a text still matching its label stays.
    assert (
        keep_reference_labels("[RFC 2119]に従う", "follows [rfc  2119]", defined).text
        == "follows [rfc  2119]"
    )
    # A full reference the translator wrote is left as written.
    assert keep_reference_labels("[ロゴ]", "[logo][ロゴ]", defined).text == "[logo][ロゴ]"


def test_plain_brackets_of_the_source_take_their_place_in_the_pairing() -> None:
    # [注] has no definition: it is text, and its translation must not take a label.
    defined = {normalize_label("foo")}
    assert keep_reference_labels("[注] [foo]を参照", "[Note] see [föö]", defined).text == (
        "[Note] see [föö][foo]"
    )
    # Links in order, images in order: a link and an image never swap labels.
    defined = {normalize_label("a"), normalize_label("b")}
    assert keep_reference_labels("![a] [b]", "[Bee] ![A']", defined).text == "[Bee][b] ![A'][a]"


def test_a_translation_with_other_brackets_is_left_alone() -> None:
    # Two references, three candidate brackets in the translation: no guessing.
    defined = {normalize_label("a"), normalize_label("b")}
    assert keep_reference_labels("[a]と[b]", "[x] [y] [z]", defined).text == "[x] [y] [z]"


def test_render_keeps_every_reference_of_a_japanese_article_resolving() -> None:
    source = (
        "# [Qwen 3]の発表\n\n"
        "詳細は[公式サイト]を、仕様は[仕様書][]を参照してください。\n"
        "![ロゴ]も公開されました。\n\n"
        "- 記事は[こちら][記事]です。\n\n"
        "[qwen 3]: https://example.com/qwen3\n"
        "[公式サイト]: https://example.com/\n"
        "[仕様書]: https://example.com/spec 'Specification'\n"
        "[ロゴ]: /logo.png\n"
        "[記事]: https://example.com/article\n"
    )
    doc = parse_document(source, "refs.md")
    assert doc.references["公式サイト"] == "https://example.com/"
    table = {
        "[Qwen 3]の発表": "Announcing [Qwen 3]",
        "詳細は[公式サイト]を、仕様は[仕様書][]を参照してください。": (
            "See the [official site] for details and the [specification][] for the spec."
        ),
        "![ロゴ]も公開されました。": "The ![logo] was published too.",
        "記事は[こちら][記事]です。": "The article is [here][記事].",
        "Specification": "The specification",
    }
    assert set(table) == set(doc.msgids())
    out = render_document(doc, table, EN)
    assert "See the [official site][公式サイト] for details" in out
    assert "the [specification][仕様書] for the spec." in out
    assert "The ![logo][ロゴ] was published too." in out
    assert "# Announcing [Qwen 3]\n" in out  # matches "qwen 3" as it is: unchanged
    assert (
        _hrefs(out)
        == _hrefs(source)
        == [
            "https://example.com/qwen3",
            "https://example.com/",
            "https://example.com/spec",
            "img:/logo.png",
            "https://example.com/article",
        ]
    )


_labels = st.text(alphabet="abcdefgxyzäöü ", min_size=1, max_size=8).filter(str.strip)
# Translated texts never match a label (another alphabet): which definition a text that
# matches another label meant is anybody's guess.
_texts = st.text(alphabet="klmnopqrstuvw", min_size=1, max_size=8)
_forms = st.sampled_from(["", "[]", "!"])


def _reference_doc(
    labels: list[str], uses: list[tuple[int, str]], texts: list[str]
) -> tuple[str, str]:
    """A paragraph of references to ``labels`` with their definitions, and a translation
    of the paragraph whose n-th link has the text ``texts[n]``."""
    parts, translated = [], []
    for n, (which, form) in enumerate(uses):
        label = labels[which % len(labels)]
        bang, tail = ("!", "") if form == "!" else ("", form)
        parts.append(f"{bang}[{label}]{tail}")
        translated.append(f"{bang}[{texts[n]}]{tail}")
    definitions = "".join(f"[{label}]: /{i}\n" for i, label in enumerate(labels))
    source = "Go " + " and ".join(parts) + " now.\n\n" + definitions
    return source, "Geh " + " und ".join(translated) + " jetzt."


@settings(max_examples=150, deadline=None)
@given(
    labels=st.lists(_labels, min_size=1, max_size=4, unique_by=lambda x: " ".join(x.split())),
    uses=st.lists(st.tuples(st.integers(0, 3), _forms), min_size=1, max_size=6),
    texts=st.lists(_texts, min_size=6, max_size=6),
)
def test_property_translated_reference_texts_keep_every_link(
    labels: list[str], uses: list[tuple[int, str]], texts: list[str]
) -> None:
    source, translation = _reference_doc(labels, uses, texts)
    doc = parse_document(source, "gen.md", lang="en")
    out = render_document(doc, {doc.msgids()[0]: translation}, EN)
    assert _hrefs(out) == _hrefs(source)
    assert structure(out) == structure(source)


@settings(max_examples=100, deadline=None)
@given(
    labels=st.lists(_labels, min_size=1, max_size=4, unique_by=lambda x: " ".join(x.split())),
    uses=st.lists(st.tuples(st.integers(0, 3), _forms), min_size=1, max_size=6),
    data=st.data(),
)
def test_property_references_moved_but_not_retranslated_keep_their_links(
    labels: list[str], uses: list[tuple[int, str]], data: st.DataObject
) -> None:
    # A translation that keeps the link texts as they were, in another order.
    order = data.draw(st.permutations(range(len(uses))))
    moved = [uses[i] for i in order]
    kept_texts = [labels[which % len(labels)].upper() for which, _form in moved]
    source, _ = _reference_doc(labels, uses, [labels[w % len(labels)] for w, _form in uses])
    _, translation = _reference_doc(labels, moved, kept_texts)
    doc = parse_document(source, "gen.md", lang="en")
    out = render_document(doc, {doc.msgids()[0]: translation}, EN)
    assert sorted(_hrefs(out)) == sorted(_hrefs(source))
    assert out.startswith(translation)  # nothing to rewrite: every text still matches


def test_labels_of_full_references_are_protected_like_code() -> None:
    text = "[公式サイト][site] と [1][2] と [x](y)"
    kinds = {text[s:e]: kind for s, e, kind in protected_spans(text)}
    assert kinds == {"[site]": "label", "[1]": "citation", "[2]": "citation", "y": "dest"}
    pseudo = pseudo_translate("See [the site][Site A].")
    assert "[thé šîté][Site A]" in pseudo


def test_raw_html_and_destinations_are_what_markdown_it_takes_them_for() -> None:
    cases = {
        "a <?php echo $a; ?> b": "<?php echo $a; ?>",
        "a <!ELEMENT br EMPTY> b": "<!ELEMENT br EMPTY>",
        "a <![CDATA[>&<]]> b": "<![CDATA[>&<]]>",
        "a <a title='x <em>y</em>' href=\"z\"> b": "<a title='x <em>y</em>' href=\"z\">",
        "[l](foo(and(bar))) x": "foo(and(bar))",
        '[l](/url\u00a0"title") x': '/url\u00a0"title"',  # NBSP is not a space here
        "[l](a\\)b) x": "a\\)b",
    }
    for text, span in cases.items():
        assert span in [text[s:e] for s, e, _kind in protected_spans(text)], text


def test_a_line_break_inside_raw_html_stays_in_the_msgid() -> None:
    assert fold_soft_breaks("[link](<foo\nbar>)") == "[link](<foo\nbar>)"
    assert fold_soft_breaks("写真 <img src=a.png\n  alt=x> です\nね") == (
        "写真 <img src=a.png\nalt=x> ですね"
    )


def _titles(text: str) -> dict[str, str]:
    env: dict[str, dict[str, dict[str, str]]] = {}
    MarkdownIt("commonmark").parse(text, env)
    return {label: ref["title"] for label, ref in env["references"].items()}


def test_definition_titles_are_entries_written_back_in_their_own_quotes() -> None:
    source = (
        "[公式サイト]と[仕様]と[図]を見てください。\n\n"
        '[公式サイト]: https://example.com/ "公式の\\"説明\\"ページ"\n'
        "> [仕様]: /spec\n"
        ">   '仕様書の題'\n"
        "[図]: /fig.png (図の説明)\n"
        "[番号]: /n '12'\n"
    )
    doc = parse_document(source, "titles.md")
    titles = [(s.msgid, s.kind, s.line) for s in doc.segments if s.kind == "link title"]
    assert titles == [
        ('公式の\\"説明\\"ページ', "link title", 3),
        ("仕様書の題", "link title", 5),
        ("図の説明", "link title", 6),
    ]  # "12" has nothing to translate
    assert render_document(doc, {}, EN) == source
    table = {
        "[公式サイト]と[仕様]と[図]を見てください。": "See [the site], [the spec] and [the figure].",
        '公式の\\"説明\\"ページ': 'The official "about" page',
        "仕様書の題": "The spec's title",
        "図の説明": "A figure (the first)",
    }
    out = render_document(doc, table, EN)
    assert _titles(out) == {
        "公式サイト": 'The official "about" page',
        "仕様": "The spec's title",
        "図": "A figure (the first)",
        "番号": "12",
    }
    assert _hrefs(out) == _hrefs(source) == ["https://example.com/", "/spec", "/fig.png"]


def test_a_title_over_several_lines_stays_with_a_warning() -> None:
    source = "[a]\n\n[a]: /url '\ntitle\nline\n'\n"
    doc = parse_document(source, "multi.md", lang="en")
    assert [s.kind for s in doc.segments] == ["paragraph"]
    assert doc.warnings == [
        "multi.md:6: link title not extracted: it is not on one line (it is kept verbatim)"
    ]


def test_render_command_writes_full_references_and_warns_about_a_lost_one(
    tmp_path: Path,
) -> None:
    source = tmp_path / "article.md"
    source.write_text(
        "詳細は[公式サイト]を参照してください。\n\n"
        "[ロゴ]と[公式サイト]は別物です。\n\n"
        "[公式サイト]: https://example.com/\n"
        "[ロゴ]: /logo.png\n",
        encoding="utf-8",
    )
    po = polib.POFile()
    po.metadata = {"Language": "en", "Content-Type": "text/plain; charset=UTF-8"}
    po.append(
        polib.POEntry(
            msgid="詳細は[公式サイト]を参照してください。",
            msgstr="See the [official site] for details.",
        )
    )
    # Two references, no bracketed text: nothing to pair them with.
    po.append(
        polib.POEntry(
            msgid="[ロゴ]と[公式サイト]は別物です。", msgstr="The logo and the site differ."
        )
    )
    catalog = tmp_path / "en.po"
    po.save(str(catalog))
    out = tmp_path / "article.en.md"
    result = CliRunner().invoke(
        main,
        ["render", str(source), "--catalog", str(catalog), "--threshold", "0", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith(
        "See the [official site][公式サイト] for details.\n\nThe logo and the site differ.\n"
    )
    assert (
        f"warning: {source}:3: the translation no longer links [ロゴ], [公式サイト]: its "
        "bracketed texts do not pair with the source's references; write each as "
        "[text][label]"
    ) in result.stderr
