"""The report as one self-contained HTML file: data, style and script inline.

The page holds the report's data as JSON, and a script draws one page of rows at a
time from it, so a project of thousands of catalogs opens quickly and never builds a
huge DOM. Every text from a catalog is escaped here, in Python: sentences are rendered
by markdown-it with raw HTML off (an ``<img onerror>`` in a catalog shows as text, a
``javascript:`` link does not become a link), and the page's Content-Security-Policy
lets only its own script run, so even markup that slipped through could not execute.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from html import escape
from importlib.resources import files
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from translator.checks.registry import CHECKS
from translator.locales import locale_info
from translator.report.collect import STATES, Cell, Entry, Report
from translator.report.diff import diff_html

_SEVERITIES = ("error", "warning", "info")
# Characters that may make inline Markdown; a sentence without any is only escaped.
_MARKDOWN_CHARS = frozenset("\\`*_[]<>&!~")


class _Strings:
    """Each distinct string once; entries refer to them by index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.items: list[str] = []

    def add(self, text: str) -> int:
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.items)
            self.items.append(text)
        return found


def write_html(report: Report) -> str:
    """The whole report page."""
    data = _payload(report)
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    policy = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )
    # In a JSON data block "<" is written \u003c: no "</script>" or "<!--" can end it.
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    title = f"Translation report: {report.title}"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
            "<style>",
            _asset("report.css").rstrip("\n"),
            "</style>",
            "</head>",
            "<body>",
            _BODY.replace("{title}", escape(report.title)),
            f'<script type="application/json" id="report-data">{blob}</script>',
            f"<script>{script}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _asset(name: str) -> str:
    return files("translator.report").joinpath(name).read_text(encoding="utf-8")


def _payload(report: Report) -> dict[str, Any]:
    strings = _Strings()
    checks = list(CHECKS)
    check_index = {c: i for i, c in enumerate(checks)}
    cells = [_cell(cell, strings, check_index) for cell in report.cells]
    totals = {s: 0 for s in _SEVERITIES}
    for finding in report.findings:
        totals[finding.severity.value] += 1
    locales = [report.source_locale, *report.locales]
    return {
        "title": report.title,
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "sourceLocale": report.source_locale,
        "sourceLang": _bcp47(report.source_locale),
        "locales": report.locales,
        "localeNames": {code: _name(code) for code in locales},
        "localeLangs": {code: _bcp47(code) for code in locales},
        "documents": [
            {
                "name": d.name,
                "source": d.source,
                "sourceFile": d.source_file,
                "sourceChanged": d.source_changed,
                "findings": {s: d.findings.get(s, 0) for s in _SEVERITIES},
            }
            for d in report.documents
        ],
        "cells": cells,
        "checks": checks,
        "states": list(STATES),
        "severities": list(_SEVERITIES),
        "findings": totals,
        "strings": strings.items,
    }


def _cell(cell: Cell, strings: _Strings, check_index: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "doc": cell.document,
        "locale": cell.locale,
        "catalog": cell.catalog,
        "file": cell.file,
        "exists": cell.stats is not None,
        "revised": cell.revised,
        "findings": {s: cell.findings.get(s, 0) for s in _SEVERITIES},
        "drafts": cell.drafts,
        "engines": dict(cell.engines),
        "scores": [min(cell.scores), max(cell.scores)] if cell.scores else None,
        "glossary": [cell.glossary_covered, cell.glossary_uses],
    }
    if cell.stats is not None:
        out.update(cell.stats.as_dict())
    out["entries"] = [_entry(e, strings, check_index) for e in cell.entries]
    return out


def _entry(entry: Entry, strings: _Strings, check_index: dict[str, int]) -> list[Any]:
    """[source, translation, state, kind, line, diff, note, findings, context] as indices
    into the string table (-1: none). A finding is [check, severity, message, source?]."""
    findings = [
        [
            check_index.get(f.check, -1),
            _SEVERITIES.index(f.severity.value),
            strings.add(f.message),
            int(about_source),
        ]
        for about_source, group in ((False, entry.findings), (True, entry.source_findings))
        for f in group
    ]
    diff = -1
    if entry.previous is not None and entry.previous != entry.msgid:
        diff = strings.add(diff_html(entry.previous, entry.msgid))
    return [
        strings.add(inline_html(entry.msgid)),
        strings.add(inline_html(entry.msgstr)) if entry.msgstr else -1,
        STATES.index(entry.state),
        strings.add(entry.kind),
        entry.line if entry.line is not None else 0,
        diff,
        strings.add("\n".join(entry.note)) if entry.note else -1,
        findings,
        strings.add(entry.msgctxt) if entry.msgctxt else -1,
    ]


def inline_html(text: str) -> str:
    """A sentence's inline Markdown as safe HTML: bold, code and links as such, raw HTML
    as text, images as their alt text (a report loads nothing)."""
    if not _MARKDOWN_CHARS.intersection(text):
        return escape(text, quote=False)
    return _inline(text)


@lru_cache(maxsize=65536)
def _inline(text: str) -> str:
    return str(_parser().renderInline(text)).rstrip("\n")


def _image(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    alt = "".join(c.content for c in token.children or ())
    return f'<span class="image" title="image">[{escape(alt)}]</span>'


def _link_open(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    token.attrSet("target", "_blank")
    token.attrSet("rel", "noopener noreferrer")
    return str(self.renderToken(tokens, idx, options, env))


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable(["strikethrough"])
    md.add_render_rule("image", _image)
    md.add_render_rule("link_open", _link_open)
    return md


def _name(code: str) -> str:
    try:
        return locale_info(code).english_name
    except Exception:  # a catalog with an odd Language header still gets its report
        return code


def _bcp47(code: str) -> str:
    return code.split("@")[0].replace("_", "-")


_BODY = """<header class="top">
<h1>Translation report: <span class="project">{title}</span></h1>
<p class="meta" id="meta"></p>
<p class="totals" id="totals"></p>
</header>
<main>
<section id="overview" aria-labelledby="overview-title">
<h2 id="overview-title">Overview</h2>
<p class="legend" id="legend"></p>
<div class="overview-tools">
<label>Documents <input type="search" id="doc-filter" placeholder="filter by name"></label>
<span class="pager" id="overview-pager"></span>
</div>
<div class="matrix-wrap"><table class="matrix" id="matrix"></table></div>
</section>
<section id="entries" aria-labelledby="entries-title">
<h2 id="entries-title">Entries</h2>
<form class="filters" id="filters" role="search">
<label>Document <select id="f-doc"></select></label>
<label>Locale <select id="f-locale"></select></label>
<label>State <select id="f-state"></select></label>
<label>Check <select id="f-check"></select></label>
<label class="grow">Text <input type="search" id="f-text"
 placeholder="in source or translation ( / )"></label>
</form>
<p class="keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous entry that needs attention,
<kbd>/</kbd> search, <kbd>[</kbd>/<kbd>]</kbd> previous/next page.</p>
<div class="list-head"><span id="count" role="status" aria-live="polite"></span>
<span class="pager" id="pager"></span></div>
<table class="entries" id="rows">
<thead><tr><th scope="col">Where</th><th scope="col">Source</th>
<th scope="col">Translation</th><th scope="col">State</th></tr></thead>
<tbody id="rows-body"></tbody>
</table>
<div class="list-foot"><span class="pager" id="pager-foot"></span></div>
</section>
</main>
<noscript><p>This report needs JavaScript to draw its tables.</p></noscript>"""
