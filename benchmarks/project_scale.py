"""A project of many documents x many locales: does every command stay interactive?

Generates (under benchmarks/data/project-scale/) a project of N documents, each a variant
of the sample article with its own sentences, and L target locales, then times the CLI
commands a team runs every day, each as a fresh process. The CI gate ``sync --check`` is
timed against what a CI job does without it: ``sync`` then ``git diff --exit-code``
(the same answer, but the job writes the files and needs a git checkout), in sync and
after one document was edited:

    .venv/bin/python benchmarks/project_scale.py [--documents 100] [--locales 20]

Then the report it wrote is opened in Debian's Chromium (as the browser tests open it):
the time until it is drawn, its DOM size, and how long a text search and a page turn
take. Nothing here is committed; the generated project is rebuilt on every run.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "locales" / "ja" / "qwen3-release.md"
LOCALES = [
    "en", "de", "fr", "es", "it", "pt_BR", "zh_Hans", "zh_Hant", "ko", "ru",
    "pl", "nl", "sv", "tr", "uk", "cs", "vi", "th", "id", "ar",
]  # fmt: skip


def make_project(folder: Path, documents: int, locales: int) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "docs").mkdir(parents=True)
    sample = SAMPLE.read_text(encoding="utf-8")
    for n in range(documents):
        # Every sentence gets the document number, so catalogs do not share all entries.
        text = sample.replace("。", f"（第{n}版）。").replace("\n## ", f"\n## {n}: ")
        (folder / "docs" / f"report-{n:03d}.md").write_text(text, encoding="utf-8")
    (folder / "translator.yaml").write_text(
        "source_locale: ja\n"
        f"target_locales: [{', '.join(LOCALES[:locales])}]\n"
        "documents: [docs/*.md]\n",
        encoding="utf-8",
    )


def timed(args: list[str], cwd: Path, status: int = 0) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, capture_output=True)
    seconds = time.perf_counter() - start
    if done.returncode != status:
        raise SystemExit(f"{' '.join(args)}: exit {done.returncode}\n{done.stderr.decode()}")
    return seconds


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


def edit_one_document(folder: Path) -> None:
    path = sorted((folder / "docs").glob("*.md"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("アリババは、", "アリババ社は、", 1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--locales", type=int, default=20)
    args = parser.parse_args()
    folder = ROOT / "benchmarks" / "data" / "project-scale"
    make_project(folder, args.documents, args.locales)
    exe = str(Path(sys.executable).parent / "translator")
    steps = [
        ("sync (creates every catalog)", [exe, "sync"]),
        ("sync again (nothing changed)", [exe, "sync"]),
        ("status", [exe, "status"]),
        ("render --threshold 0 (every document x locale)", [exe, "render", "--threshold", "0"]),
        ("check --format json", [exe, "check", "--format", "json"]),
        ("report (status + check + every entry)", [exe, "report"]),
    ]
    catalogs = args.documents * args.locales
    print(f"{args.documents} documents x {args.locales} locales = {catalogs} catalogs")
    print(f"{'step':<48} {'wall s':>8} {'ms per catalog':>15}")
    for label, command in steps:
        seconds = timed(command, folder)
        print(f"{label:<48} {seconds:8.2f} {1000 * seconds / catalogs:15.2f}")
    report = folder / "build" / "report.html"
    print(f"report.html: {report.stat().st_size / 1e6:.1f} MB")

    # The CI gate, and the same answer without it: sync, then git diff --exit-code.
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "-c", "user.name=b", "-c", "user.email=b@b.invalid", "commit", "-qm", "x")
    sync_diff = f"{exe} sync >/dev/null && git diff --quiet --exit-code"
    for state, status in (("in sync", 0), ("one document edited", 1)):
        if status:
            edit_one_document(folder)
        check = timed([exe, "sync", "--check"], folder, status)
        peer = timed(["sh", "-c", sync_diff], folder, status)
        git(folder, "checkout", "-q", "--", ".")  # back to the committed project
        for label, seconds in (
            (f"sync --check ({state})", check),
            (f"sync + git diff ({state})", peer),
        ):
            print(f"{label:<48} {seconds:8.2f} {1000 * seconds / catalogs:15.2f}")
        print(f"{'  ratio sync --check / (sync + git diff)':<48} {check / peer:8.2f}")

    open_report(report)


def open_report(report: Path) -> None:
    """Open the report from disk in Chromium: time to first drawing, DOM size, a search."""
    from tests.browser import launch, missing_browser

    problem = missing_browser()
    if problem is not None:
        print(f"browser: skipped ({problem})")
        return
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        start = time.perf_counter()
        page.goto(report.as_uri())
        page.wait_for_selector("html[data-ready=true]")
        opened = time.perf_counter() - start
        nodes = page.evaluate("document.getElementsByTagName('*').length")
        before = page.inner_text("#count")
        start = time.perf_counter()
        page.fill("#f-text", "（第7版）")  # in every sentence of one document
        expect(page.locator("#count")).not_to_have_text(before)
        searched = time.perf_counter() - start
        shown = page.inner_text("#count")
        start = time.perf_counter()
        page.locator("body").click(position={"x": 1, "y": 1})
        page.keyboard.press("]")
        expect(page.locator("#pager .page")).to_have_text(re.compile("^page 2 of"))
        turned = time.perf_counter() - start
        browser.close()
    print(f"open in Chromium until drawn: {opened:.2f} s, {nodes} DOM elements")
    print(f"text search (150 ms debounce included): {searched:.2f} s, {shown}")
    print(f"next page of entries: {turned:.2f} s")


if __name__ == "__main__":
    main()
