"""What the report shows, read from a project or from explicit catalogs.

The numbers come from the functions behind ``translator status`` (``catalog_stats`` of
each catalog) and ``translator check`` (``run_check``), so the two always agree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from translator.catalog.pofile import read_catalog
from translator.catalog.stats import CatalogStats, catalog_stats, is_translated
from translator.checks.model import Finding
from translator.checks.runner import default_glossary, display_path, po_locale, run_check
from translator.config import ProjectConfig
from translator.glossary import Glossary, terms_in
from translator.glossary.text import _fold, normalize
from translator.translate.drafts import CHECK_PREFIX, DRAFT_PREFIX

STATES = ("translated", "fuzzy", "draft", "untranslated")
_ENGINE = re.compile(r"\bengine=(\S+)")
_SCORE = re.compile(r"\bscore=(\d+(?:\.\d+)?)")
_GLOSSARY_COMMENT = "glossary: "

Progress = Callable[[int, int], None]


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None
    msgstr: str
    state: str  # one of STATES
    kind: str  # "paragraph", "heading 2", "list item", "table cell", … ("" if unknown)
    line: int | None  # line of the first occurrence in the source
    previous: str | None  # a fuzzy entry's old source (#| msgid)
    note: list[str] = field(default_factory=list)  # a draft's "# draft:" lines
    findings: list[Finding] = field(default_factory=list)
    source_findings: list[Finding] = field(default_factory=list)  # about the source text


@dataclass
class Cell:
    """One catalog: a document in one locale."""

    document: int  # index into Report.documents
    locale: str
    catalog: str  # path as shown
    file: str  # path as `translator check` names it
    stats: CatalogStats | None  # None: no catalog yet
    entries: list[Entry] = field(default_factory=list)
    findings: Counter[str] = field(default_factory=Counter)  # severity -> count
    drafts: int = 0
    engines: Counter[str] = field(default_factory=Counter)
    scores: list[float] = field(default_factory=list)
    glossary_covered: int = 0  # term uses whose translation has the preferred form
    glossary_uses: int = 0  # term uses (sentence x term) in translated entries
    revised: str = ""  # PO-Revision-Date


@dataclass
class Document:
    name: str
    source: str  # the source document (project) or the catalogs' path pattern
    source_file: str | None  # as `translator check` names it, for source findings
    source_changed: str  # when its sentences last changed (POT-Creation-Date)
    findings: Counter[str] = field(default_factory=Counter)  # source findings by severity


@dataclass
class Report:
    title: str
    source_locale: str
    locales: list[str]
    documents: list[Document]
    cells: list[Cell]
    findings: list[Finding]  # everything `translator check` reported


def collect_project(
    config: ProjectConfig, glossary: Glossary | None = None, progress: Progress | None = None
) -> Report:
    """Every document x target locale of a project, with its checks and its glossary (or
    ``glossary``)."""
    from translator.project import documents

    glossary = glossary if glossary is not None else default_glossary(config)
    findings = run_check(config, glossary=glossary)
    docs: list[Document] = []
    cells: list[tuple[int, str, Path, str]] = []
    for index, doc in enumerate(documents(config)):
        template = config.template_path(doc.name)
        docs.append(
            Document(
                name=doc.name,
                source=doc.display(config),
                source_file=display_path(doc.path),
                source_changed=(
                    _header(template, "POT-Creation-Date") if template.exists() else ""
                ),
            )
        )
        for locale in config.target_locales:
            path = config.catalog_path(doc.name, locale)
            cells.append((index, locale, path, config.relative(path)))
    report = Report(
        config.project, config.source_locale, list(config.target_locales), docs, [], findings
    )
    _fill(report, cells, glossary, progress)
    return report


def collect_catalogs(
    paths: Sequence[Path],
    config: ProjectConfig | None = None,
    glossary: Glossary | None = None,
    progress: Progress | None = None,
) -> Report:
    """Explicit catalogs, grouped into documents by their path with the locale taken out
    (``locales/en/a.po`` and ``locales/de/a.po`` are one document, so are ``po/en.po``
    and ``po/de.po``). Checked as ``translator check CATALOGS`` checks them."""
    glossary = glossary if glossary is not None else default_glossary(config)
    paths = list(dict.fromkeys(paths))
    findings = run_check(config, paths, glossary=glossary)
    docs: dict[str, int] = {}
    documents: list[Document] = []
    locales: dict[str, None] = {}
    cells: list[tuple[int, str, Path, str]] = []
    read: dict[Path, polib.POFile] = {}  # each catalog parsed once: _fill takes it from here
    for path in paths:
        po = read[path] = read_catalog(path)
        locale = po.metadata.get("Language", "") or po_locale(po, path)
        key = _document_key(path, locale)
        if key not in docs:
            docs[key] = len(documents)
            documents.append(Document(key, key, None, ""))
        document = documents[docs[key]]
        document.source_changed = max(
            document.source_changed, po.metadata.get("POT-Creation-Date", "")
        )
        locales.setdefault(locale, None)
        cells.append((docs[key], locale, path, str(path)))
    source_locale = config.source_locale if config is not None else "ja"
    title = config.project if config is not None else "translation report"
    report = Report(title, source_locale, list(locales), documents, [], findings)
    _fill(report, cells, glossary, progress, read)
    return report


def _document_key(path: Path, locale: str) -> str:
    names = {locale, locale.replace("_", "-")}
    parts = list(path.parts)
    for i, part in enumerate(parts):
        stem = part.rsplit(".", 1)[0] if i == len(parts) - 1 else part
        if stem in names:
            parts[i] = "{locale}" + part[len(stem) :]
    return Path(*parts).as_posix()


def _header(path: Path, key: str) -> str:
    """One header field of a catalog, read from its first lines only."""
    pattern = re.compile(rf'^"{re.escape(key)}:\s*(.*?)\\n"$')
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle):
            m = pattern.match(line.strip())
            if m:
                return m.group(1)
            if number > 40:
                break
    return ""


def _fill(
    report: Report,
    cells: list[tuple[int, str, Path, str]],
    glossary: Glossary,
    progress: Progress | None,
    read: dict[Path, polib.POFile] | None = None,
) -> None:
    """Fill ``report`` with its cells, each from its catalog (taken from ``read`` when
    the caller parsed it already)."""
    by_file: dict[tuple[str, str | None], list[Finding]] = {}
    for finding in report.findings:
        by_file.setdefault((finding.file, finding.locale), []).append(finding)
    source_files = {d.source_file: i for i, d in enumerate(report.documents) if d.source_file}
    # Source findings of a project are on the documents (file:line of the source).
    source_lines: dict[int, dict[int, list[Finding]]] = {}
    for (file, locale), items in by_file.items():
        if locale is None and file in source_files:
            index = source_files[file]
            report.documents[index].findings.update(f.severity.value for f in items)
            for f in items:
                source_lines.setdefault(index, {}).setdefault(f.line or 0, []).append(f)
    terms = _TermCache(glossary)
    for done, (doc_index, locale, path, shown) in enumerate(cells):
        if progress is not None:
            progress(done, len(cells))
        file = display_path(path)
        cell = Cell(doc_index, locale, shown, file, None)
        report.cells.append(cell)
        po = read.pop(path, None) if read is not None else None
        if po is None:
            if not path.exists():
                continue
            po = read_catalog(path)
        cell.stats = catalog_stats(po)
        cell.revised = po.metadata.get("PO-Revision-Date", "")
        own = by_file.get((file, po_locale(po, path)), [])
        cell.findings.update(f.severity.value for f in own)
        by_entry: dict[tuple[str | None, str], list[Finding]] = {}
        for f in own:
            by_entry.setdefault((f.msgctxt, f.msgid), []).append(f)
        # Explicit catalogs: source findings come with the catalog they were found in.
        about_source: dict[tuple[str | None, str], list[Finding]] = {}
        if (file, None) in by_file and file not in source_files:
            document = report.documents[doc_index]
            for f in by_file.pop((file, None)):
                document.findings[f.severity.value] += 1
                about_source.setdefault((f.msgctxt, f.msgid), []).append(f)
        lines = source_lines.get(doc_index, {})
        for po_entry in po:
            if po_entry.obsolete or po_entry.msgid == "":
                continue
            entry = _entry(po_entry)
            key = (po_entry.msgctxt, po_entry.msgid)
            entry.findings = by_entry.get(key, [])
            # A source finding names its line and term: the entries of that line that
            # hold the term.
            entry.source_findings = about_source.get(key, []) + [
                f
                for line in _lines(po_entry, report.documents[doc_index])
                for f in lines.get(line, [])
                if f.term is None or f.term in terms.ids(po_entry.msgid)
            ]
            if entry.state == "draft":
                cell.drafts += 1
                head = entry.note[0] if entry.note else ""
                engine = _ENGINE.search(head)
                cell.engines[engine.group(1) if engine else "unknown"] += 1
                score = _SCORE.search(head)
                if score:
                    cell.scores.append(float(score.group(1)))
            elif entry.state == "translated":
                covered, uses = terms.coverage(entry.msgid, entry.msgstr, locale)
                cell.glossary_covered += covered
                cell.glossary_uses += uses
            cell.entries.append(entry)
    if progress is not None:
        progress(len(cells), len(cells))


def _lines(entry: polib.POEntry, document: Document) -> list[int]:
    """The source lines of an entry in ``document`` (from its ``#:`` references)."""
    out = []
    for path, line in entry.occurrences:
        if path == document.source and line.isdigit():
            out.append(int(line))
    return out


def _entry(entry: polib.POEntry) -> Entry:
    msgstr = entry.msgstr
    if entry.msgid_plural:
        forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
        msgstr = forms[0] if forms else ""
    notes = [
        line
        for line in (entry.tcomment or "").splitlines()
        if line.startswith((DRAFT_PREFIX, CHECK_PREFIX))
    ]
    if "fuzzy" in entry.flags:
        state = "draft" if any(n.startswith(DRAFT_PREFIX) for n in notes) else "fuzzy"
    elif is_translated(entry):
        state = "translated"
    else:
        state = "untranslated"
    kind = next(
        (
            line
            for line in (entry.comment or "").splitlines()
            if line and not line.startswith(_GLOSSARY_COMMENT)
        ),
        "",
    )
    line_number = None
    for _, line in entry.occurrences:
        if line.isdigit():
            line_number = int(line)
            break
    return Entry(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        msgstr=msgstr,
        state=state,
        kind=kind,
        line=line_number,
        previous=entry.previous_msgid if state in ("fuzzy", "draft") else None,
        note=notes,
    )


class _TermCache:
    """Glossary coverage of one translated entry: how many of the source's terms (once
    per sentence) have their preferred form for the locale in the translation."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.sources: dict[str, list[str]] = {}  # msgid -> term ids

    def ids(self, source: str) -> list[str]:
        """The ids of the terms in a source sentence."""
        ids = self.sources.get(source)
        if ids is None:
            ids = self.sources[source] = [t.id for t in terms_in(self.glossary, source)]
        return ids

    def coverage(self, source: str, target: str, locale: str) -> tuple[int, int]:
        if not self.glossary.terms or not target:
            return 0, 0
        ids = self.ids(source)
        if not ids:
            return 0, 0
        by_id = self.glossary.by_id
        wanted = {}
        for term_id in ids:
            preferred = by_id[term_id].expected(locale)
            if preferred:
                wanted[term_id] = _fold(normalize(preferred).text)
        if not wanted:
            return 0, 0
        found = {
            hit.payload.id
            for hit in self.glossary.target_matcher(locale).find(target)
            if hit.payload.id in wanted and _fold(hit.form) == wanted[hit.payload.id]
        }
        return len(found), len(wanted)
