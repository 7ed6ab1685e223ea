"""HTML articles: language marking, links between locales, citations, and markup a
translation may not add. (What a browser shows of them: tests/test_browser.py.)"""

from __future__ import annotations

import itertools
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tests.conftest import SAMPLE, read
from tests.test_cli import run
from translator.article import Alternate, PageOptions, render_article
from translator.document.markdown import parse_document
from translator.document.model import Document, Segment
from translator.locales import locale_info

JA = locale_info("ja")
EN = locale_info("en")
AR = locale_info("ar")
VOID = {"meta", "link", "br", "img", "hr", "input"}


class _Tree(HTMLParser):
    """Checks that elements nest, and collects the text inside each <span lang>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []
        self.spans: list[str] = []  # text of each <span lang=…>
        self._span_depth: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        self.stack.append((tag, dict(attrs)))
        if tag == "span" and dict(attrs).get("lang"):
            self.spans.append("")
            self._span_depth.append(len(self.stack))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else None}")
            return
        if self._span_depth and self._span_depth[-1] == len(self.stack):
            self._span_depth.pop()
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._span_depth:
            self.spans[-1] += data


def _tree(html: str) -> _Tree:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    assert not tree.errors, tree.errors
    assert not tree.stack, tree.stack
    return tree


def _page(text: str, table: dict[str, str], locale: str = "en", **options: object) -> str:
    doc = parse_document(text, "doc.md", front_matter_keys=("title", "description"))
    return render_article(doc, table, locale_info(locale), PageOptions(JA, **options))  # type: ignore[arg-type]


def test_untranslated_sentences_are_marked_japanese_and_translated_ones_are_not() -> None:
    text = "# 見出しです\n\n最初の文です。二番目の文です。三番目の文です。\n"
    html = _page(text, {"見出しです": "A heading", "二番目の文です。": "The second sentence."})
    tree = _tree(html)
    assert '<html lang="en" dir="ltr">' in html
    assert tree.spans == ["最初の文です。", "三番目の文です。"]
    assert "<h1>A heading</h1>" in html
    assert "<title>A heading</title>" in html
    # Two untranslated sentences side by side make one span, not two.
    both = _tree(_page(text, {"見出しです": "A heading"}))
    assert both.spans == ["最初の文です。二番目の文です。三番目の文です。"]


def test_a_sentence_ending_inside_bold_still_nests() -> None:
    # The sample rules never cut inside a bold run, but a project's own rules may: the
    # span must then close the <strong> it is in and open it again after.
    text = "**太字の文です。続きの文です。**最後の文です。\n"
    cuts = [0, text.index("続"), text.index("最"), text.index("\n")]
    segments = [
        Segment(a, b, text[a:b], 1, "paragraph", 1, True) for a, b in itertools.pairwise(cuts)
    ]
    doc = Document("doc.md", text, segments)
    msgids = [s.msgid for s in segments]
    for translated in ({msgids[0]: "**A bold sentence."}, {msgids[1]: "Its sequel.**"}, {}):
        tree = _tree(render_article(doc, translated, EN, PageOptions(JA)))
        untranslated = [m.strip("*") for m in msgids if m not in translated]
        assert "".join(tree.spans) == "".join(untranslated)
    html = render_article(doc, {msgids[1]: "Its sequel.**"}, EN, PageOptions(JA))
    assert (
        '<span lang="ja"><strong>太字の文です。</strong></span><strong> Its sequel.</strong>'
        in html
    )


def test_right_to_left_page_and_left_to_right_fallback() -> None:
    html = _page("# 見出し\n\n文です。\n", {"見出し": "عنوان"}, "ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert '<span lang="ja" dir="ltr">文です。</span>' in html


def test_title_from_front_matter_before_the_first_heading() -> None:
    text = "---\ntitle: 記事の題名\ndescription: 説明です。\n---\n\n# 見出し\n\n本文です。\n"
    html = _page(text, {"記事の題名": "The Title", "説明です。": "A description."})
    assert "<title>The Title</title>" in html
    assert '<meta name="description" content="A description.">' in html
    assert "title:" not in html.split("<body>")[1]  # front matter is not body text
    assert "<title>記事の題名</title>" in _page(text, {})


def test_alternates_switcher_and_x_default() -> None:
    alternates = [Alternate(JA, "../ja/a.html"), Alternate(locale_info("zh_Hans"), "a.html")]
    html = _page("# 見出し\n", {}, "zh_Hans", alternates=alternates, default_href="../ja/a.html")
    assert '<link rel="alternate" hreflang="zh-Hans" href="a.html">' in html
    assert '<link rel="alternate" hreflang="x-default" href="../ja/a.html">' in html
    assert 'lang="zh-Hans" aria-current="page">中文 (简体)</a>' in html
    assert '<a href="../ja/a.html" hreflang="ja" lang="ja">日本語</a>' in html


def test_citations_link_to_the_reference_list() -> None:
    html = _page(read(SAMPLE), {})
    for n in range(1, 6):
        assert f'<li id="ref-{n}">' in html
    assert html.count('href="#ref-5"') == 3
    # A marker with no entry in a reference list stays text.
    assert 'href="#ref-9"' not in _page("本文です[9]。\n\n- [1] 文献\n", {})
    ordered = _page("本文です[2]。\n\n## 参考\n\n1. 文献一\n2. 文献二\n", {})
    assert '<li id="ref-2">' in ordered and 'href="#ref-2"' in ordered
    multiple = _page("本文です[1, 2]。\n\n- [1] 一\n- [2] 二\n", {})
    assert 'href="#ref-1"' in multiple and 'href="#ref-2"' in multiple


def test_source_html_passes_and_translation_html_is_text() -> None:
    text = '<div class="note">注意</div>\n\n<b>太字</b>の文です。もう一つの文です。\n'
    hostile = {
        "<b>太字</b>の文です。": "A <b>bold</b> sentence.",
        "もう一つの文です。": 'One more <img src=x onerror="alert(1)"> and <script>alert(2)</script>.',
    }
    html = _page(text, hostile)
    assert '<div class="note">注意</div>' in html
    assert "A <b>bold</b> sentence." in html
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    # A link the source does not have is text; javascript: never becomes a link.
    links = _page(
        "文です。\n", {"文です。": "[click](https://evil.example/) [x](javascript:alert(1))"}
    )
    assert "<a " not in links.split("<body>")[1]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_mix_of_translations_nests_and_marks_exactly_the_rest(data: st.DataObject) -> None:
    doc = parse_document(read(SAMPLE), str(SAMPLE))
    msgids = doc.msgids()
    chosen = data.draw(st.sets(st.sampled_from(msgids)))
    table = {m: f"Sentence {i}." for i, m in enumerate(msgids) if m in chosen}
    tree = _tree(render_article(doc, table, EN, PageOptions(JA)))
    inline = MarkdownIt("commonmark")
    expected = "".join(
        unescape(re.sub("<[^>]+>", "", inline.renderInline(s.msgid)))
        for s in doc.segments
        if s.translatable and s.msgid not in chosen
    )
    assert "".join(tree.spans) == expected


def test_render_html_in_a_project_and_on_explicit_paths(project: Path) -> None:
    result = run("render", "--format", "html", "--threshold", "0", cwd=project)
    assert result.exit_code == 0, result.output
    page = (project / "build/zh_Hans/qwen3-release.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans" dir="ltr">' in page
    for lang in ("ja", "en", "zh-Hans", "de", "x-default"):
        assert f'hreflang="{lang}"' in page
    assert (project / "build/ja/qwen3-release.html").exists()
    assert "build/ja/qwen3-release.html: the source (ja)" in result.output
    # Below the threshold a locale gets no page, and no page links to it.
    result = run("render", "--format", "html", cwd=project)
    en = (project / "build/en/qwen3-release.html").read_text(encoding="utf-8")
    assert 'hreflang="en"' in en and 'hreflang="de"' not in en
    # An output pattern ending in .html, and a project style sheet.
    config = project / "translator.yaml"
    text = config.read_text(encoding="utf-8").replace("{name}.md", "{name}.html")
    config.write_text(text + "article_css: site.css\n", encoding="utf-8")
    (project / "site.css").write_text("body { color: rebeccapurple; }\n", encoding="utf-8")
    result = run("render", cwd=project)
    assert result.exit_code == 0, result.output
    assert "rebeccapurple" in (project / "build/en/qwen3-release.html").read_text(encoding="utf-8")
    out = project / "one.html"
    result = run(
        "render", str(project / "locales/ja/qwen3-release.md"), "--catalog",
        str(project / "locales/en/qwen3-release.po"), "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert '<html lang="en" dir="ltr">' in out.read_text(encoding="utf-8")
    missing = run("render", "--css", str(project / "nope.css"), cwd=project)
    assert missing.exit_code == 2 and "nope.css" in missing.output


def test_an_article_holding_every_marker_character_renders_unmarked() -> None:
    notes = "".join(chr(c) for c in range(0x1D100, 0x1D110))
    html = _page(f"# 楽譜 {notes}\n\n本文です。\n", {})
    assert notes in html and "\ufffd" not in html
    assert 'span lang="ja"' not in html


def test_a_retranslated_shortcut_reference_is_a_link_in_the_page_too() -> None:
    # render relabels [official site] as [official site][公式サイト] before the page checks
    # the translation for links its source lacks: the source has this one.
    text = '詳しくは[公式サイト]を見てください。\n\n[公式サイト]: https://example.com "サイト"\n'
    page = _page(
        text, {"詳しくは[公式サイト]を見てください。": "See the [official site] for details."}
    )
    assert '<a href="https://example.com" title="サイト">official site</a>' in page
    assert "[official site]" not in page
