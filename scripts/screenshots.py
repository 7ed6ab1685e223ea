"""Screenshots of the report and of an HTML article for the README (docs/*.png).

    .venv/bin/python scripts/screenshots.py      (or: make screenshots)

Builds the sample project mid-review in build/screenshots/ (drafts, a fuzzy entry, the
sample's MoM error), writes its report and HTML articles, and photographs them in
Debian's Chromium, as the browser tests do. Besides fonts-ipafont-gothic (Japanese), the
language switcher's 中文 (简体) needs a Chinese font: apt-get install fonts-wqy-microhei.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import launch, mid_review_project, missing_browser  # noqa: E402


def main() -> None:
    problem = missing_browser()
    if problem is not None:
        sys.exit(f"screenshots: {problem}")
    from playwright.sync_api import sync_playwright

    work = ROOT / "build" / "screenshots"
    shutil.rmtree(work, ignore_errors=True)
    mid_review_project(work)
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto((work / "build" / "report.html").as_uri())
        page.wait_for_selector("html[data-ready=true]")
        # The overview, then the English entries that need attention: the fuzzy one
        # with its diff first.
        page.select_option("#f-doc", label="qwen3-release")
        page.select_option("#f-locale", "en")
        page.select_option("#f-state", "attention")
        page.screenshot(path=str(docs / "report.png"), full_page=True)
        # The English article: one sentence edited since its translation stays Japanese.
        page.set_viewport_size({"width": 1000, "height": 1000})
        page.goto((work / "build" / "en" / "qwen3-release.html").as_uri())
        page.screenshot(path=str(docs / "article.png"))
        browser.close()
    for name in ("report.png", "article.png"):
        print(f"docs/{name}")


if __name__ == "__main__":
    main()
