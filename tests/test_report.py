"""translator report: the file itself (what the browser tests cannot see) and bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.test_cli import run


def _data(html: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
    assert m is not None
    data: dict[str, Any] = json.loads(m.group(1))
    return data


def test_report_is_one_self_contained_file(project: Path) -> None:
    result = run("report", cwd=project)
    assert result.exit_code == 0, result.output
    assert "build/report.html: 2 documents x 3 locales" in result.output
    assert "file://" in result.output
    html = (project / "build/report.html").read_text(encoding="utf-8")
    # Nothing is fetched: no external script, style sheet, font or image.
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)
    assert "@import" not in html and "url(" not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    data = _data(html)
    assert data["locales"] == ["en", "zh_Hans", "de"]
    assert len(data["cells"]) == 6


def test_explicit_catalogs_group_by_document(project: Path, tmp_path: Path) -> None:
    catalogs = sorted(str(p) for p in (project / "locales").glob("*/qwen3-release.po"))
    out = tmp_path / "r.html"
    result = run("report", *catalogs, "-o", str(out), cwd=project)
    assert result.exit_code == 0, result.output
    data = _data(out.read_text(encoding="utf-8"))
    assert [d["name"] for d in data["documents"]] == [
        str(project / "locales/{locale}/qwen3-release.po")
    ]
    assert sorted(data["locales"]) == ["de", "en", "zh_Hans"]


def test_a_broken_catalog_is_one_line_and_no_file(tmp_path: Path) -> None:
    broken = tmp_path / "en.po"
    broken.write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    out = tmp_path / "r.html"
    result = run("report", str(broken), "-o", str(out), cwd=tmp_path)
    assert result.exit_code == 1
    assert "en.po" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_missing_browser_fails_with_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests import browser

    monkeypatch.setattr(browser, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setattr("shutil.which", lambda name: None)
    problem = browser.missing_browser()
    assert problem is not None
    assert "apt-get install -y --no-install-recommends" in problem
    assert "chromium fonts-ipafont-gothic" in problem


def test_a_given_glossary_replaces_the_projects(project: Path, tmp_path: Path) -> None:
    glossary = tmp_path / "terms.yaml"
    glossary.write_text(
        "version: 1\nsource_locale: ja\nterms:\n  - id: preface\n    source: 緒言\n"
        "    targets:\n      en: {preferred: Preface}\n",
        encoding="utf-8",
    )
    result = run("report", "--glossary", str(glossary), cwd=project)
    assert result.exit_code == 0, result.output
    data = _data((project / "build/report.html").read_text(encoding="utf-8"))
    cells = {(c["doc"], c["locale"]): c for c in data["cells"]}
    release = [d["name"] for d in data["documents"]].index("qwen3-release")
    # One term use (the heading 緒言), translated "Introduction", not the preferred "Preface".
    assert cells[(release, "en")]["glossary"] == [0, 1]
