"""The report and the HTML articles as a person sees them, in a real browser (Chromium).

Each test opens a page from disk, as a reader would, and fails on any uncaught script
error or console error. Screenshots go to build/test-artefacts/.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import ARTEFACTS, launch, mid_review_project, missing_browser
from tests.test_cli import run

if missing_browser() is None:
    from playwright.sync_api import Browser, Page, expect, sync_playwright

CJK = re.compile("[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    problem = missing_browser()
    if problem is not None:
        pytest.fail(problem, pytrace=False)
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page; the test fails if the page throws or logs an error."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    tab.on(
        "console",
        lambda msg: problems.append(f"console {msg.type}: {msg.text}")
        if msg.type in ("error", "warning")
        else None,
    )
    yield tab
    context.close()
    assert problems == []


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project mid-review, with its report and HTML articles."""
    root = tmp_path_factory.mktemp("reviewed") / "project"
    mid_review_project(root)
    return root


def _shot(page: Page, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / name), full_page=False)


def _open_report(page: Page, path: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-ready=true]")


def _visible_rows(page: Page) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = page.eval_on_selector_all(
        "#rows-body tr.entry",
        "rows => rows.map(r => ({state: r.dataset.state, locale: r.dataset.locale, text: r.innerText}))",
    )
    return rows


def test_overview_numbers_are_those_of_status_and_check(page: Page, reviewed: Path) -> None:
    status = json.loads(run("status", "--format", "json", cwd=reviewed).output)
    findings = json.loads(run("check", "--format", "json", cwd=reviewed).output)
    _open_report(page, reviewed / "build/report.html")
    _shot(page, "report-overview.png")
    for row in status:
        cell = page.locator(
            f'button.open[data-doc="{row["document"]}"][data-locale="{row["locale"]}"]'
        )
        shown = {
            field: cell.locator(f'[data-field="{field}"]').inner_text()
            for field in ("percent", "translated", "fuzzy", "untranslated", "total")
        }
        assert shown == {
            "percent": f"{row['percent']:.1f}%",
            "translated": str(row["translated"]),
            "fuzzy": str(row["fuzzy"]),
            "untranslated": str(row["untranslated"]),
            "total": f"/ {row['total']}",
        }, row
    assert any(row["fuzzy"] for row in status)  # the set-up made fuzzy entries and drafts
    # Findings by severity: each catalog's in its cell, the source's in its document row.
    expected = Counter((f["file"], f["severity"]) for f in findings)
    assert expected, "the sample's MoM spelling should give a source_forbidden error"
    seen: Counter[tuple[str, str]] = Counter()
    badges = page.eval_on_selector_all(
        "#matrix tbody .sev",
        """badges => badges.map(b => {
            const cell = b.closest('button.open');
            const row = b.closest('tr');
            return [cell ? cell.title.split('\\n')[0] : row.querySelector('.doc-source').innerText,
                    b.dataset.severity, b.innerText];
        })""",
    )
    for where, severity, text in badges:
        seen[(where, severity)] += int(text.split()[0])
    assert seen == expected
    totals = page.inner_text("#totals")
    for severity in ("error", "warning", "info"):
        count = sum(1 for f in findings if f["severity"] == severity)
        assert f"{count} {severity}" in totals


def test_filters_change_the_visible_rows(page: Page, reviewed: Path) -> None:
    _open_report(page, reviewed / "build/report.html")
    everything = int(page.inner_text("#count").split()[0])
    page.select_option("#f-locale", "de")
    german = _visible_rows(page)
    assert german and {row["locale"] for row in german} == {"de"}
    assert int(page.inner_text("#count").split()[0]) < everything
    page.select_option("#f-locale", "all")
    page.select_option("#f-state", "draft")
    drafts = _visible_rows(page)
    assert drafts and {row["state"] for row in drafts} == {"draft"}
    assert all("draft: engine=tm" in row["text"] for row in drafts)
    page.select_option("#f-state", "all")
    page.select_option("#f-check", "source_forbidden")
    flagged = _visible_rows(page)
    assert flagged and all("source_forbidden" in row["text"] for row in flagged)
    assert all("MoM" in row["text"] for row in flagged)
    page.select_option("#f-check", "any")
    page.fill("#f-text", "DeepSeek")
    expect(page.locator("#count")).not_to_have_text(f"{everything} entries")
    found = _visible_rows(page)
    assert found and all("deepseek" in row["text"].lower() for row in found)
    _shot(page, "report-filtered.png")


def test_fuzzy_entry_shows_what_changed_in_the_source(page: Page, reviewed: Path) -> None:
    _open_report(page, reviewed / "build/report.html")
    page.select_option("#f-locale", "en")
    page.select_option("#f-state", "fuzzy")
    rows = page.locator("#rows-body tr.entry")
    assert rows.count() == 1
    row = rows.first
    assert row.locator(".diff del").inner_text() == "6"
    assert row.locator(".diff ins").inner_text() == "8"
    assert "800百万パラメータ" in row.locator(".source .text").inner_text()
    assert "old translation" in row.locator(".target").inner_text()
    assert "600 million" in row.locator(".target .text").inner_text()
    # Inline Markdown shows as formatting, not as asterisks.
    page.select_option("#f-state", "all")
    page.fill("#f-text", "Mixture-of-Experts")
    page.wait_for_selector("#rows-body strong")
    assert "**" not in page.inner_text("#rows-body")
    _shot(page, "report-fuzzy.png")


def test_keyboard_goes_from_one_entry_needing_attention_to_the_next(
    page: Page, reviewed: Path
) -> None:
    _open_report(page, reviewed / "build/report.html")
    page.select_option("#f-doc", label="qwen3-release")
    page.select_option("#f-locale", "en")
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("j")
    current = page.locator("#rows-body tr.current")
    assert current.count() == 1
    first = current.get_attribute("data-position")
    assert "attention" in (current.get_attribute("class") or "")
    assert page.evaluate("document.activeElement.classList.contains('current')")
    page.keyboard.press("j")
    second = page.locator("#rows-body tr.current").get_attribute("data-position")
    assert int(second or 0) > int(first or 0)
    page.keyboard.press("k")
    assert page.locator("#rows-body tr.current").get_attribute("data-position") == first


def test_hostile_catalog_text_is_inert(page: Page, tmp_path: Path) -> None:
    hostile = tmp_path / "en.po"
    hostile.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "<script>window.pwned = 1</script>スクリプトの文です。"\n'
        'msgstr "<img src=x onerror=\\"window.pwned = 2\\">An image."\n\n'
        'msgid "[リンク](javascript:window.pwned=3)です。"\n'
        'msgstr "[link](javascript:window.pwned=4) <a href=\\"javascript:window.pwned=5\\">x</a>"\n\n'
        'msgid "</script><script>window.pwned = 6</script>"\nmsgstr ""\n',
        encoding="utf-8",
    )
    out = tmp_path / "report.html"
    result = run("report", str(hostile), "-o", str(out), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    _open_report(page, out)
    text = page.inner_text("#rows-body")
    assert "<script>window.pwned = 1</script>" in text
    assert '<img src=x onerror="window.pwned = 2">' in text
    assert page.evaluate("window.pwned") is None
    assert page.locator("#rows-body img, #rows-body script").count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    for link in page.locator("#rows-body .text").all():
        link.click()
    assert page.evaluate("window.pwned") is None
    # The same translations in an HTML article: the source's own markup only.
    source = tmp_path / "doc.md"
    source.write_text(
        "# <script>window.pwned = 1</script>スクリプトの文です。\n\n"
        "[リンク](javascript:window.pwned=3)です。\n",
        encoding="utf-8",
    )
    article = tmp_path / "doc.html"
    result = run(
        "render", str(source), "--catalog", str(hostile), "--threshold", "0", "-o", str(article)
    )
    assert result.exit_code == 0, result.output
    page.goto(article.as_uri())
    assert '<img src=x onerror="window.pwned = 2">An image.' in page.inner_text("h1")
    assert page.locator("article img").count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    assert page.evaluate("window.pwned") is None


def test_article_languages_links_and_fallback(page: Page, reviewed: Path) -> None:
    page.goto((reviewed / "build/zh_Hans/qwen3-release.html").as_uri())
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    assert page.title().startswith("阿里巴巴")
    hreflangs = page.eval_on_selector_all(
        'link[rel="alternate"]', "links => links.map(l => [l.hreflang, l.href])"
    )
    assert [h for h, _ in hreflangs] == ["ja", "en", "zh-Hans", "de", "x-default"]
    switcher = page.locator("nav.languages a")
    assert switcher.count() == 4
    assert page.locator('nav.languages a[aria-current="page"]').inner_text() == "中文 (简体)"
    fallback = page.locator('article span[lang="ja"]')
    assert fallback.count() > 0
    assert all(CJK.search(t) for t in fallback.all_inner_texts())
    # Following the language switcher reaches the English page.
    page.locator('nav.languages a[hreflang="en"]').click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == "en"
    # A citation marker leads to its entry of the reference list.
    page.locator("a.citation", has_text="[5]").first.click()
    assert page.evaluate("location.hash") == "#ref-5"
    assert page.evaluate("document.querySelector('li:target').id") == "ref-5"
    _shot(page, "article-en.png")


def test_japanese_is_really_drawn(page: Page, reviewed: Path) -> None:
    """A missing CJK font draws every kanji as the same empty box: the sentence would
    look like a row of boxes with Unicode-unassigned characters in their place."""
    page.goto((reviewed / "build/de/qwen3-release.html").as_uri())
    span = page.locator('article span[lang="ja"]').first
    real = span.screenshot()
    page.evaluate(
        """el => el.innerHTML = el.innerHTML.replace(
            /[\\u3040-\\u30ff\\u4e00-\\u9fff]/g, '\\u0378')""",
        span.element_handle(),
    )
    boxes = span.screenshot()
    assert real != boxes, "Japanese renders as boxes: is fonts-ipafont-gothic installed?"
    _shot(page, "article-de-fallback.png")


def test_right_to_left_locale(page: Page, reviewed: Path) -> None:
    config = reviewed / "translator.yaml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original.replace("[en, zh_Hans, de]", "[en, zh_Hans, de, ar]"))
    try:
        result = run("render", "--format", "html", "--threshold", "0", "-l", "ar", cwd=reviewed)
        assert result.exit_code == 0, result.output
    finally:
        config.write_text(original)
    page.goto((reviewed / "build/ar/qwen3-release.html").as_uri())
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    span = page.locator('article span[lang="ja"]').first
    assert span.evaluate("el => getComputedStyle(el).direction") == "ltr"
