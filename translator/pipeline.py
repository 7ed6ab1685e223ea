"""The pipeline on explicit files: extract, update, render, pseudo, status.

Each function does one step for one document or catalog and is what the CLI calls when
it is given paths. ``translator.project`` runs the same steps over a whole project.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import polib

from translator._gc import gc_paused
from translator._io import FileChanged
from translator.catalog.pofile import disk_stamp, read_catalog, read_lazily, save_catalog
from translator.catalog.stats import CatalogStats, catalog_stats
from translator.catalog.update import DEFAULT_FUZZY_THRESHOLD, UpdateStats, update_catalog
from translator.config import DEFAULT_RENDER_THRESHOLD
from translator.errors import TranslatorError
from translator.locales import LocaleInfo, catalog_locale, given_locale, locale_info

# The Markdown side (parser, segmenter, renderer) is imported by the functions that use
# it: `translator update` merges catalogs only and should not pay for loading it.
if TYPE_CHECKING:
    from translator.absorb import AbsorbReport, RenderRecord
    from translator.align import AlignReport
    from translator.article import PageOptions
    from translator.catalog.extract import CommentHook
    from translator.document.model import Document
    from translator.glossary.model import Glossary
    from translator.segment import SegmentRules

DEFAULT_FRONT_MATTER_KEYS = ("title",)


# (NamedTuples, not dataclasses: each dataclass costs every command half a millisecond
# of start-up, a NamedTuple a tenth of that.)
class SourceOptions(NamedTuple):
    """How source documents are read; extraction and rendering must agree on it."""

    locale: str = "ja"
    front_matter_keys: Sequence[str] = DEFAULT_FRONT_MATTER_KEYS
    rules: SegmentRules | None = None


def load_document(path: Path, options: SourceOptions, display_path: str | None = None) -> Document:
    """Read and parse one Markdown source."""
    from translator._io import read_text
    from translator.document.markdown import parse_document

    return parse_document(
        read_text(path),
        display_path or str(path),
        lang=options.locale,
        front_matter_keys=options.front_matter_keys,
        rules=options.rules,
    )


def extract(
    sources: Sequence[Path],
    output: Path,
    options: SourceOptions,
    *,
    project: str | None = None,
    reference_paths: Sequence[str] | None = None,
    comment_hook: CommentHook | None = None,
    write: bool = True,
) -> tuple[polib.POFile, bool, list[str]]:
    """Write the template for ``sources``; return it, whether the file changed, and warnings.

    With ``write=False`` nothing is written; "changed" says whether the file would change.
    """
    from translator.catalog.extract import build_template

    documents = [
        load_document(p, options, reference_paths[i] if reference_paths else None)
        for i, p in enumerate(sources)
    ]
    template = build_template(
        documents,
        project or sources[0].stem,
        reference_paths=reference_paths,
        comment_hook=comment_hook,
    )
    changed = save_catalog(template, output, stamp="POT-Creation-Date", dry_run=not write)
    warnings = [w for doc in documents for w in doc.warnings]
    return template, changed, warnings


# How often an update starts again from the catalog a person saved meanwhile, before it
# leaves that catalog alone.
UPDATE_ATTEMPTS = 3


def update(
    catalog: Path,
    template: Path | polib.POFile,
    locale: str | None = None,
    *,
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
    keep_obsolete: bool = True,
    annotate: Callable[[polib.POFile, str], None] | None = None,
    write: bool = True,
) -> tuple[UpdateStats, bool]:
    """Create or merge ``catalog`` from ``template``; return the stats and whether written.

    ``annotate(catalog, locale)`` may adjust the merged catalog before it is written (the
    glossary puts each locale's terms in the comments). With ``write=False`` nothing is
    written, and the flag says whether the catalog would change.

    The catalog is written only if it is still the file that was read; if someone saved
    it meanwhile, the merge starts again from their version. If it keeps changing,
    FileChanged is raised and the catalog is left as it is.
    """
    with gc_paused():
        # Read lazily: a merge leaves most entries as they are, and those are written back
        # as read without their fields ever being decoded. (It tells them by comparing
        # their lines with the template's: a template built in memory (sync) has none, and
        # then every entry is read anyway, at once is faster.)
        pot = template if isinstance(template, polib.POFile) else read_catalog(template, lazy=True)
        lazy = read_lazily(pot)
        for _ in range(UPDATE_ATTEMPTS):
            existing = read_catalog(catalog, lazy=lazy) if catalog.exists() else None
            expect = disk_stamp(existing, catalog)
            info = _catalog_locale(existing, locale, catalog)
            result, stats = update_catalog(
                pot, existing, info, fuzzy_threshold=fuzzy_threshold, keep_obsolete=keep_obsolete
            )
            if annotate is not None:
                annotate(result, info.code)
            try:
                return stats, save_catalog(result, catalog, expect=expect, dry_run=not write)
            except FileChanged:
                continue
    raise _kept_changing(str(catalog), "being updated", "run the update again")


def _kept_changing(path: str, doing: str, again: str) -> FileChanged:
    """The error when a file a person keeps saving was changed at every attempt."""
    return FileChanged(
        f"changed on disk {UPDATE_ATTEMPTS} times while {doing}; left as it is, "
        f"nothing lost: {again}",
        path,
    )


def update_many(
    catalogs: Sequence[Path],
    template: Path,
    locale: str | None = None,
    *,
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
    keep_obsolete: bool = True,
    jobs: int | None = None,
) -> Iterator[tuple[Path, UpdateOutcome]]:
    """Update each of ``catalogs`` from one ``template``; yield each one's stats as it is done
    (or the FileChanged that left it alone: the others go on).

    ``locale`` applies to every catalog; without it an existing catalog keeps its own and
    a new one is named after its locale (``en.po``, ``en/doc.po``). Many large catalogs
    are merged in ``jobs`` worker processes (see :func:`run_updates`).
    """
    # A catalog named twice would be merged twice at once.
    unique = list(dict.fromkeys(catalogs))
    tasks = [
        UpdateTask(c, template, locale or _locale_from_path(c), fuzzy_threshold, keep_obsolete)
        for c in unique
    ]
    for task, stats in run_updates(tasks, jobs):
        yield task.catalog, stats


def _locale_from_path(catalog: Path) -> str | None:
    """An existing catalog knows its locale; a new one may be named after it (en.po, en/x.po)."""
    if catalog.exists():
        return None
    for candidate in (catalog.stem, catalog.parent.name):
        try:
            return locale_info(candidate).code
        except TranslatorError:
            continue
    raise TranslatorError(f"{catalog} does not exist yet: give its locale with --locale")


class UpdateTask(NamedTuple):
    """One catalog to bring in line with its template (picklable, for worker processes)."""

    catalog: Path
    template: Path | polib.POFile  # a POFile: the template as it would be written (--check)
    locale: str | None  # None: the catalog's own (see update)
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD
    keep_obsolete: bool = True
    glossary: tuple[str, ...] = ()  # glossary file patterns, for per-locale term comments
    root: str = "."  # the folder glossary patterns are relative to
    write: bool = True  # False: only say whether the catalog would change


# Below this many entries to merge in all, worker processes cost more than they save.
PARALLEL_MIN_ENTRIES = 20_000


# What one update gives: its stats, or why its catalog was left alone.
UpdateOutcome = UpdateStats | FileChanged


def run_updates(
    tasks: Sequence[UpdateTask], jobs: int | None = None
) -> Iterator[tuple[UpdateTask, UpdateOutcome]]:
    """Run update tasks, in worker processes when there is enough work; yields as they finish.

    Each template is parsed once per process, however many locales follow it.
    """
    workers = min(jobs or os.cpu_count() or 1, len(tasks))
    if workers > 1 and _estimated_entries(tasks) < PARALLEL_MIN_ENTRIES:
        workers = 1
    if workers <= 1:
        for task in tasks:
            yield task, _run_update(task)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_run_update, task): task for task in tasks}
        for future in as_completed(futures):
            yield futures[future], future.result()


def _estimated_entries(tasks: Sequence[UpdateTask]) -> int:
    sizes: dict[int, int] = {}
    for task in tasks:
        template = task.template
        if id(template) not in sizes:
            # ~100 bytes per entry is a fair estimate for a POT; exactness does not matter.
            sizes[id(template)] = (
                len(template)
                if isinstance(template, polib.POFile)
                else template.stat().st_size // 100
            )
    return sum(sizes[id(t.template)] for t in tasks)


def _run_update(task: UpdateTask) -> UpdateOutcome:
    """One update; its stats say whether the catalog was written (or, with ``write=False``,
    would be)."""
    annotate = None
    if task.glossary:  # the glossary side (and the Markdown parser it uses) only if asked
        from translator.glossary.annotate import annotate_catalog, project_glossary

        glossary = project_glossary(task.glossary, task.root)
        annotate = partial(annotate_catalog, glossary=glossary) if glossary else None
    template = task.template
    try:
        stats, written = update(
            task.catalog,
            template
            if isinstance(template, polib.POFile)
            else _cached_template(template, template.stat().st_mtime_ns),
            task.locale,
            fuzzy_threshold=task.fuzzy_threshold,
            keep_obsolete=task.keep_obsolete,
            annotate=annotate,
            write=task.write,
        )
    except FileChanged as exc:
        return exc
    return stats._replace(written=written)


def left_alone(count: int) -> TranslatorError:
    """The error that ends a step which left ``count`` catalogs as a person saved them."""
    what = "1 catalog was" if count == 1 else f"{count} catalogs were"
    return TranslatorError(
        f"{what} saved by someone else while being updated and left as saved (nothing "
        "lost): run the update again"
    )


@lru_cache(maxsize=8)
def _cached_template(path: Path, _mtime_ns: int) -> polib.POFile:
    return read_catalog(path, lazy=True)


class RenderResult(NamedTuple):
    stats: CatalogStats
    text: str | None  # None when the document is below the threshold, or ``edited``
    warnings: tuple[str, ...] = ()  # file:line: what the render could not keep
    # The output was edited since it was rendered (its render record says so): left as
    # the person left it, for ``translator absorb`` to take the edits back.
    edited: bool = False

    @property
    def rendered(self) -> bool:
        return self.text is not None


class Translated(NamedTuple):
    """A document with the translations a render may use, and how complete they are."""

    document: Document
    locale: LocaleInfo
    translations: dict[str, str]
    stats: CatalogStats  # over the document's own sentences
    include_fuzzy: bool = False  # whether ``translations`` has the fuzzy ones
    catalog: str = ""  # where the translations come from, as named in messages

    def passes(self, threshold: float) -> bool:
        return self.stats.percent + 1e-9 >= threshold


def translated(
    source: Path | Document,
    catalog: Path | None,
    locale: str | None,
    options: SourceOptions,
    *,
    include_fuzzy: bool = False,
    display_path: str | None = None,
) -> Translated:
    """Read ``catalog``'s translations for ``source`` (a POT counts as all untranslated).

    ``source`` is a path, or a Document already parsed (to render it into many locales).
    The completeness is counted over the document's own sentences, so a catalog shared by
    several documents does not let one of them through half translated.
    """
    from translator.catalog.stats import translations
    from translator.document.model import Document

    document = (
        source if isinstance(source, Document) else load_document(source, options, display_path)
    )
    po = read_catalog(catalog) if catalog is not None else None
    info = _catalog_locale(po, locale, catalog)
    found = translations(po, include_fuzzy=include_fuzzy) if po is not None else {}
    msgids = document.msgids()
    done = sum(1 for m in msgids if m in found)
    fuzzy = 0
    if po is not None:
        fuzzy_ids = {e.msgid for e in po if "fuzzy" in e.flags and not e.obsolete}
        fuzzy = sum(1 for m in msgids if m in fuzzy_ids and m not in found)
    stats = CatalogStats(len(msgids), done, fuzzy, len(msgids) - done - fuzzy)
    return Translated(
        document, info, found, stats, include_fuzzy, str(catalog) if catalog is not None else ""
    )


def render(
    source: Path | Document,
    catalog: Path | None,
    locale: str | None,
    options: SourceOptions,
    *,
    threshold: float = DEFAULT_RENDER_THRESHOLD,
    include_fuzzy: bool = False,
    output: Path | None = None,
    display_path: str | None = None,
    page: PageOptions | None = None,
) -> RenderResult:
    """Render ``source`` with ``catalog``'s translations: localised Markdown, or with
    ``page`` an HTML page (see :func:`translated`). Below ``threshold`` nothing is written.
    """
    result = translated(
        source, catalog, locale, options, include_fuzzy=include_fuzzy, display_path=display_path
    )
    if not result.passes(threshold):
        return RenderResult(result.stats, None)
    return write_render(result, output, page)


def write_render(
    result: Translated, output: Path | None, page: PageOptions | None = None
) -> RenderResult:
    """Render a translated document as Markdown (or an HTML page) and write it if asked.

    A Markdown file gets its render record beside it (``absorb.record``). A Markdown file
    a person edited since it was rendered is left as it is (``RenderResult.edited``):
    ``translator absorb`` takes the edits back into the catalog first.
    """
    warnings: list[str] = []
    if page is None:
        from translator.render import render_document

        text = render_document(result.document, result.translations, result.locale, warnings)
    else:
        from translator.article import render_article

        text = render_article(result.document, result.translations, result.locale, page, warnings)
    if output is None:
        return RenderResult(result.stats, text, tuple(warnings))
    from translator._io import decode_utf8, read_if_present, write_bytes_atomic

    # Read once: the file is replaced only if it is still the one read here.
    old, stamp = read_if_present(output)
    if page is None:  # Markdown: a person may have edited it since (its render record says)
        from translator.absorb import RenderRecord, edited_since, read_record, write_record

        record = read_record(output)
        if record is not None and old is not None:
            current = decode_utf8(old, output)
            if current != text and edited_since(record, current):
                return RenderResult(result.stats, None, tuple(warnings), edited=True)
    data = text.encode("utf-8")
    if old != data:
        write_bytes_atomic(output, data, expect=stamp)
    if page is None:
        record = RenderRecord.of(
            result.document,
            result.translations,
            result.locale.code,
            result.include_fuzzy,
            result.catalog,
            text,
        )
        write_record(output, record)
    return RenderResult(result.stats, text, tuple(warnings))


def pseudo(template: Path, output: Path, locale: str = "en") -> int:
    """Write a pseudo-translated catalog of ``template``; return the number of entries."""
    from translator.pseudo import pseudo_translate

    pot = read_catalog(template)
    info = locale_info(locale)
    result, _ = update_catalog(pot, None, info)
    result.metadata["X-Pseudo-Localization"] = "yes"
    count = 0
    for entry in result:
        if entry.msgid_plural:
            entry.msgstr_plural = {
                i: pseudo_translate(entry.msgid if i == 0 else entry.msgid_plural)
                for i in range(info.num_plurals)
            }
        else:
            entry.msgstr = pseudo_translate(entry.msgid)
        count += 1
    save_catalog(result, output)
    return count


def status(catalog: Path) -> CatalogStats:
    return catalog_stats(read_catalog(catalog))


def _catalog_locale(po: polib.POFile | None, locale: str | None, path: Path | None) -> LocaleInfo:
    """The locale given (one Babel knows: a typo such as ``jp`` is an error), else the
    catalog's Language header as written, known to Babel or not (``tlh``): its own
    Plural-Forms is all a merge needs. A catalog that names no locale is merged as it is
    (UNDETERMINED; rendering it asks for --locale where sentences are joined).
    """
    language = po.metadata.get("Language", "") if po is not None else ""
    if locale:
        return given_locale(locale)
    if po is not None:
        return catalog_locale(language)
    where = str(path) if path is not None else None
    raise TranslatorError(
        "cannot tell the target locale: the catalog has no Language header; pass --locale",
        where,
    )


class AlignResult(NamedTuple):
    report: AlignReport
    written: bool  # whether the catalog file changed


def load_translation(path: Path, locale: str, options: SourceOptions) -> Document:
    """Read and parse an existing translation (Markdown in ``locale``) of a source."""
    from translator._io import read_text

    return parse_translation(read_text(path), str(path), locale, options)


def align(
    source: Path,
    translation: Path,
    catalog: Path,
    locale: str | None,
    options: SourceOptions,
    *,
    overwrite: bool = False,
    dry_run: bool = False,
    project: str | None = None,
    display_path: str | None = None,
    glossary: Glossary | None = None,
) -> AlignResult:
    """Align ``translation`` with ``source`` and write what it finds into ``catalog``
    (created, or merged into: brought in line with the source first, as ``update`` does).

    The catalog is written only if it is still the file that was read; if someone saved
    it meanwhile, the alignment is written into their version.
    """
    from translator.align import align_documents, apply_alignment
    from translator.catalog.extract import build_template
    from translator.glossary.annotate import annotate_catalog, template_comments

    document = load_document(source, options, display_path)
    hook = partial(template_comments, glossary) if glossary is not None else None
    template = build_template(
        [document],
        project or source.stem,
        reference_paths=[display_path] if display_path else None,
        comment_hook=hook,
    )
    for _ in range(UPDATE_ATTEMPTS):
        existing = read_catalog(catalog) if catalog.exists() else None
        expect = disk_stamp(existing, catalog)
        info = _catalog_locale(existing, locale, catalog)
        target = load_translation(translation, info.code, options)
        alignment = align_documents(document, target, info.code, glossary)
        result, _ = update_catalog(template, existing, info)
        if glossary is not None:
            annotate_catalog(result, info.code, glossary=glossary)
        report = apply_alignment(result, alignment, overwrite=overwrite)
        if dry_run:
            return AlignResult(report, False)
        try:
            return AlignResult(report, save_catalog(result, catalog, expect=expect))
        except FileChanged:
            continue
    raise _kept_changing(str(catalog), "being aligned into", "run the alignment again")


class AbsorbResult(NamedTuple):
    """What ``absorb`` did with one edited file."""

    edited: Path
    catalog: Path
    report: AbsorbReport | None  # None: nothing was edited since the file was rendered
    written: bool  # whether the catalog file changed


HTML_SUFFIXES = (".html", ".htm")


def absorb(
    edited: Path,
    source: Path,
    catalog: Path,
    locale: str | None,
    options: SourceOptions,
    *,
    fuzzy: bool = False,
    force: bool = False,
    include_fuzzy: bool = False,
    dry_run: bool = False,
    display_path: str | None = None,
    glossary: Glossary | None = None,
    shown: Callable[[Path], str] = str,
) -> AbsorbResult:
    """Take the edits made in ``edited`` (a Markdown render of ``source`` with
    ``catalog``) back into ``catalog``.

    The render record beside ``edited`` must say it was rendered from the source and the
    translations as they are now; otherwise the edits cannot be placed and TranslatorError
    says why. ``force`` measures them against the current render all the same
    (``include_fuzzy``: as rendered with fuzzy translations, when there is no record).
    ``fuzzy`` leaves the new translations fuzzy, for a translator to approve.

    The catalog is written only if it is still the file that was read; if someone saved
    it meanwhile, the edits are placed again against their version (which, if it renders
    differently, is refused as any catalog changed since the render). ``shown`` names
    files in messages.
    """
    from translator._io import read_text
    from translator.absorb import (
        RenderRecord,
        absorb_edits,
        edited_since,
        read_record,
        write_record,
    )
    from translator.catalog.stats import translations
    from translator.render import RenderedSpan, render_document

    if edited.suffix.lower() in HTML_SUFFIXES:
        raise TranslatorError(
            "an HTML page cannot be taken back: absorb reads the Markdown render "
            "(translator render without --format html)",
            shown(edited),
        )
    text = read_text(edited)
    record = read_record(edited)
    if not catalog.exists():
        raise TranslatorError("no such catalog: run 'translator update' first", shown(catalog))
    if record is not None and not edited_since(record, text):
        return AbsorbResult(edited, catalog, None, False)  # not edited since: nothing to read
    document = load_document(source, options, display_path)
    for _ in range(UPDATE_ATTEMPTS):
        po = read_catalog(catalog)
        expect = disk_stamp(po, catalog)
        info = _catalog_locale(po, locale, catalog)
        with_fuzzy = record.include_fuzzy if record is not None else include_fuzzy
        found = translations(po, include_fuzzy=with_fuzzy)
        spans: list[RenderedSpan] = []
        base = render_document(document, found, info, spans=spans)
        if text == base:
            return AbsorbResult(edited, catalog, None, False)
        if not force:
            paths = (edited, source, catalog)
            _check_record(record, document, found, base, info.code, paths, shown)
        edited_doc = parse_translation(text, shown(edited), info.code, options)
        report = absorb_edits(
            document, po, found, base, spans, edited_doc, info,
            include_fuzzy=with_fuzzy, fuzzy=fuzzy, glossary=glossary,
        )  # fmt: skip
        if dry_run:
            return AbsorbResult(edited, catalog, report, False)
        try:
            written = save_catalog(po, catalog, expect=expect)
        except FileChanged:
            continue
        now = translations(po, include_fuzzy=with_fuzzy)
        new = RenderRecord.of(
            document, now, info.code, with_fuzzy, shown(catalog), report.rendered,
            text if report.exact else None,
        )  # fmt: skip
        write_record(edited, new)
        return AbsorbResult(edited, catalog, report, written)
    raise _kept_changing(shown(catalog), "the edits were being taken back", "run absorb again")


def _check_record(
    record: RenderRecord | None,
    document: Document,
    found: dict[str, str],
    base: str,
    locale: str,
    paths: tuple[Path, Path, Path],
    shown: Callable[[Path], str],
) -> None:
    """Refuse, with what to do, unless the edited file was rendered from what is here
    now (``paths``: the edited file, the source, the catalog)."""
    from translator.absorb import digest, record_path, translations_digest

    edited, source, catalog = paths
    where = shown(edited)
    again = (
        "move the file aside, render it anew and carry the edits over, or --force to "
        "measure the edits against the current render (whatever changed since then is "
        "taken for the reviewer's doing)"
    )
    if record is None:
        raise TranslatorError(
            f"no render record ({record_path(edited).name}) says what this file was rendered "
            "from, so its edits cannot be told apart from changes to the source or "
            "catalog; render it with 'translator render -o' before editing, or --force "
            "to measure the edits against the current render",
            where,
        )
    if record.locale != locale:
        raise TranslatorError(
            f"rendered for locale {record.locale!r}, not {locale!r}: give --locale "
            f"{record.locale}",
            where,
        )
    if record.source_sha256 != digest(document.text):
        raise TranslatorError(
            f"the source {shown(source)} changed since this file was rendered: its edits cannot "
            f"be placed safely; {again}",
            where,
        )
    if record.translations_sha256 != translations_digest(document, found):
        raise TranslatorError(
            f"translations in {shown(catalog)} changed since this file was rendered: its edits "
            f"cannot be placed safely; {again}",
            where,
        )
    if record.render_sha256 != digest(base):
        raise TranslatorError(
            "the source and catalog render differently now than when this file was "
            "rendered (other segmentation rules or front-matter keys, or another version "
            f"of translator); {again}",
            where,
        )


def parse_translation(text: str, path: str, locale: str, options: SourceOptions) -> Document:
    """Parse Markdown in ``locale`` (a translation, or a rendered article)."""
    from translator.document.markdown import parse_document
    from translator.segment import load_rules

    return parse_document(
        text,
        path,
        lang=locale,
        front_matter_keys=options.front_matter_keys,
        rules=load_rules(locale),
    )
