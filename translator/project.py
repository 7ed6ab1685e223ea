"""The pipeline over a whole project (``translator.yaml``): every document × every locale."""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import polib

from translator import pipeline
from translator._io import FileChanged
from translator.catalog.stats import CatalogStats
from translator.catalog.update import UpdateStats
from translator.config import ProjectConfig, locale_tag
from translator.errors import TranslatorError
from translator.locking import ProjectLock

if TYPE_CHECKING:
    from translator.document.model import Document

Report = Callable[[str], None]
# (catalogs done, catalogs in all): called before the first and after each one.
Progress = Callable[[int, int], None]


def _no_progress(done: int, total: int) -> None:
    pass


@dataclass(frozen=True)
class SourceDocument:
    name: str  # file name without suffix: the {name} of the path patterns
    path: Path
    # path below the fixed folder of the documents pattern, without suffix: the {path}
    key: str = ""

    def display(self, config: ProjectConfig) -> str:
        return config.relative(self.path)

    def template(self, config: ProjectConfig) -> Path:
        return config.template_path(self.name, self.key or None)

    def catalog(self, config: ProjectConfig, locale: str) -> Path:
        return config.catalog_path(self.name, locale, self.key or None)

    def output(self, config: ProjectConfig, locale: str) -> Path:
        return config.output_path(self.name, locale, self.key or None)


_GLOB_MAGIC = re.compile(r"[*?[]")


def pattern_base(pattern: str) -> str:
    """The fixed folder a documents pattern starts with: ``docs`` for ``docs/**/*.md``."""
    parts = PurePosixPath(pattern).parts
    fixed: list[str] = []
    for part in parts[:-1]:
        if _GLOB_MAGIC.search(part):
            break
        fixed.append(part)
    return str(PurePosixPath(*fixed)) if fixed else ""


def documents(config: ProjectConfig) -> list[SourceDocument]:
    """The project's source documents, sorted by path.

    Files shaped like the project's own rendered output (``docs/index.en.md`` when the
    output is ``docs/{path}.{locale}.md``) are not sources. Two documents may not share
    a template.
    """
    found: dict[Path, str] = {}
    rendered = _output_pattern(config)
    for pattern in config.documents:
        matches = sorted(glob.glob(str(config.root / pattern), recursive=True))
        base = config.root / pattern_base(pattern)
        kept = 0
        for match in matches:
            path = Path(match)
            if not path.is_file() or rendered.fullmatch(config.relative(path)):
                continue
            kept += 1
            key = path.relative_to(base).with_suffix("").as_posix()
            found.setdefault(path, key)
        if not kept:
            raise TranslatorError(
                f"documents pattern {pattern!r} matches no file", str(config.path)
            )
    result: list[SourceDocument] = []
    templates: dict[Path, Path] = {}
    for path in sorted(found):
        doc = SourceDocument(path.stem, path, found[path])
        template = doc.template(config)
        if template in templates:
            raise TranslatorError(
                f"two documents share the template {config.relative(template)}: "
                f"{config.relative(templates[template])} and {config.relative(path)} "
                "(use {path} instead of {name} in templates, catalogs and output)",
                str(config.path),
            )
        templates[template] = path
        result.append(doc)
    return result


def _output_pattern(config: ProjectConfig) -> re.Pattern[str]:
    """What a rendered document of the project looks like, relative to its root."""
    locales = "|".join(re.escape(loc) for loc in config.target_locales) or "(?!)"
    tags = "|".join(re.escape(locale_tag(loc)) for loc in config.target_locales) or "(?!)"
    fields = {
        "name": "[^/]+",
        "path": ".+",
        "locale": f"(?:{locales})",
        "locale_tag": f"(?:{tags})",
    }
    parts = re.split(r"\{(name|path|locale|locale_tag)\}", config.output)
    regex = "".join(fields[p] if i % 2 else re.escape(p) for i, p in enumerate(parts))
    return re.compile(regex)


def source_options(config: ProjectConfig) -> pipeline.SourceOptions:
    from translator.segment import load_rules  # not needed to merge catalogs (update)

    return pipeline.SourceOptions(
        locale=config.source_locale,
        front_matter_keys=config.front_matter_keys,
        rules=load_rules(config.source_locale, config.segmentation or None),
    )


def target_locales(config: ProjectConfig, only: Sequence[str] = ()) -> list[str]:
    if not only:
        return list(config.target_locales)
    unknown = [loc for loc in only if loc not in config.target_locales]
    if unknown:
        raise TranslatorError(
            f"locale {unknown[0]!r} is not a target locale of the project "
            f"({', '.join(config.target_locales)})",
            str(config.path),
        )
    return list(only)


def write_lock(config: ProjectConfig, report: Report) -> ProjectLock:
    """The lock a step holds while it writes the project's templates and catalogs."""
    return ProjectLock(config.root, notify=lambda line: report(f"warning: {line}"))


def extract_all(config: ProjectConfig, report: Report) -> list[tuple[Path, bool]]:
    with write_lock(config, report):
        extracted = _extract_documents(config, report, documents(config))
        return [(t.path, t.changed) for t in extracted]


@dataclass(frozen=True)
class _Extracted:
    path: Path
    template: polib.POFile
    changed: bool  # written (or, when not writing, would be)


def _extract_documents(
    config: ProjectConfig, report: Report, docs: Sequence[SourceDocument], *, write: bool = True
) -> list[_Extracted]:
    from translator.glossary.annotate import project_glossary, template_comments

    options = source_options(config)
    glossary = project_glossary(config.glossary, str(config.root))
    hook = partial(template_comments, glossary) if glossary is not None else None
    results = []
    for doc in docs:
        target = doc.template(config)
        template, changed, warnings = pipeline.extract(
            [doc.path],
            target,
            options,
            project=config.project,
            reference_paths=[doc.display(config)],
            comment_hook=hook,
            write=write,
        )
        for warning in warnings:
            report(f"warning: {warning}")
        if write:
            state = "written" if changed else "unchanged"
            report(f"{config.relative(target)}: {len(template)} entries ({state})")
        results.append(_Extracted(target, template, changed))
    return results


def _update_tasks(
    config: ProjectConfig,
    docs: Sequence[SourceDocument],
    locales: Sequence[str],
    keep_obsolete: bool,
    fuzzy_threshold: float | None,
    templates: dict[Path, polib.POFile] | None = None,
) -> list[pipeline.UpdateTask]:
    """One task per document x locale; ``templates`` replaces the files (``sync --check``)."""
    threshold = config.fuzzy_threshold if fuzzy_threshold is None else fuzzy_threshold
    wanted = target_locales(config, locales)
    tasks = []
    for doc in docs:
        template = doc.template(config)
        if templates is None and not template.exists():
            raise TranslatorError(
                f"no template {config.relative(template)}: run 'translator extract' first"
            )
        for locale in wanted:
            tasks.append(
                pipeline.UpdateTask(
                    doc.catalog(config, locale),
                    templates.get(template, template) if templates is not None else template,
                    locale,
                    threshold,
                    keep_obsolete,
                    glossary=config.glossary,
                    root=str(config.root),
                    write=templates is None,
                )
            )
    return tasks


def update_all(
    config: ProjectConfig,
    report: Report,
    locales: Sequence[str] = (),
    keep_obsolete: bool = True,
    jobs: int | None = None,
    fuzzy_threshold: float | None = None,
    progress: Progress = _no_progress,
) -> list[tuple[Path, UpdateStats]]:
    """Update every catalog of the project from its template, several at a time if large."""
    tasks = _update_tasks(config, documents(config), locales, keep_obsolete, fuzzy_threshold)
    return _run_updates(config, report, tasks, jobs, progress)


def _run_updates(
    config: ProjectConfig,
    report: Report,
    tasks: Sequence[pipeline.UpdateTask],
    jobs: int | None,
    progress: Progress,
) -> list[tuple[Path, UpdateStats]]:
    results: list[tuple[Path, UpdateStats]] = []
    left = 0
    progress(0, len(tasks))
    with write_lock(config, report):
        for done, (task, outcome) in enumerate(pipeline.run_updates(tasks, jobs), start=1):
            progress(done, len(tasks))
            if isinstance(outcome, FileChanged):
                report(f"warning: {config.relative(task.catalog)}: {outcome.message}")
                left += 1
                continue
            results.append((task.catalog, outcome))
            report(f"{config.relative(task.catalog)}: {outcome.summary}")
    if left:
        raise pipeline.left_alone(left)
    return results


def sync_all(
    config: ProjectConfig,
    report: Report,
    locales: Sequence[str] = (),
    keep_obsolete: bool = True,
    jobs: int | None = None,
    progress: Progress = _no_progress,
) -> list[tuple[Path, UpdateStats]]:
    """extract + update for every document and locale of the project (like po4a's config run)."""
    with write_lock(config, report):
        docs = documents(config)  # globbed once for both steps
        _extract_documents(config, report, docs)
        tasks = _update_tasks(config, docs, locales, keep_obsolete, None)
        results = _run_updates(config, report, tasks, jobs, progress)
    total = sum(s.total for _, s in results)
    done = sum(s.translated for _, s in results)
    share = 100.0 * done / total if total else 100.0
    report(f"{len(results)} catalogs, {total} entries, {share:.0f}% translated")
    return results


@dataclass(frozen=True)
class Pending:
    """A template or catalog that ``sync`` would change, and how."""

    path: Path
    detail: str


def check_sync(
    config: ProjectConfig,
    report: Report,
    locales: Sequence[str] = (),
    keep_obsolete: bool = True,
    jobs: int | None = None,
    progress: Progress = _no_progress,
) -> tuple[list[Pending], int]:
    """What ``sync`` would change, writing nothing; and how many files were compared.

    The same extract and update steps run as for ``sync``, each up to the point where
    the file would be written; what would be written is compared with the file's bytes.
    Catalogs are merged with the templates as they would be written.
    """
    pending: list[Pending] = []
    docs = documents(config)
    extracted = _extract_documents(config, report, docs, write=False)
    for item in extracted:
        if item.changed:
            pending.append(Pending(item.path, _template_change(item.path, item.template)))
    templates = {item.path: item.template for item in extracted if item.changed}
    tasks = _update_tasks(config, docs, locales, keep_obsolete, None, templates)
    progress(0, len(tasks))
    for done, (task, outcome) in enumerate(pipeline.run_updates(tasks, jobs), start=1):
        progress(done, len(tasks))
        if isinstance(outcome, FileChanged):  # cannot happen without writing; be plain
            raise outcome
        if outcome.written:
            state = "new catalog, " if not task.catalog.exists() else ""
            detail = (
                f"{state}{outcome.new} new, {outcome.fuzzy_matched} fuzzy, "
                f"{outcome.obsolete} obsolete"
            )
            pending.append(Pending(task.catalog, detail))
    pending.sort(key=lambda p: str(p.path))
    return pending, len(extracted) + len(tasks)


def _template_change(path: Path, template: polib.POFile) -> str:
    """How a template would change: entries added and removed, or only their details."""
    from translator.catalog.pofile import read_catalog

    if not path.exists():
        return f"new template, {len(template)} entries"
    try:
        old = read_catalog(path)
    except TranslatorError:
        return "unreadable now, would be rewritten"
    keys_before = {(e.msgctxt, e.msgid) for e in old if not e.obsolete}
    keys_after = {(e.msgctxt, e.msgid) for e in template if not e.obsolete}
    added = len(keys_after - keys_before)
    removed = len(keys_before - keys_after)
    if added or removed:
        return f"{added} new, {removed} removed entries"
    return "references or comments changed"


@dataclass(frozen=True)
class Rendered:
    document: str
    locale: str
    output: Path
    result: pipeline.RenderResult


def render_all(
    config: ProjectConfig,
    locales: Sequence[str] = (),
    *,
    threshold: float | None = None,
    include_fuzzy: bool = False,
    fmt: str | None = None,
    css: Path | None = None,
) -> list[Rendered]:
    """Render every document into every target locale that reaches the threshold.

    ``fmt`` "html" (or an ``output`` pattern ending in .html) writes HTML articles: one
    page per rendered locale plus one for the source, each linking to the others; a
    pattern ending in .md then gets .html instead. ``css`` replaces the project's
    ``article_css`` and the default style.
    """
    options = source_options(config)
    limit = config.render_threshold if threshold is None else threshold
    html = fmt == "html" or (fmt is None and config.output.endswith(pipeline.HTML_SUFFIXES))
    page_css = article_css(config, css) if html else None
    rendered: list[Rendered] = []
    wanted = target_locales(config, locales)
    for doc in documents(config):
        parsed = pipeline.load_document(doc.path, options, doc.display(config))
        results: dict[str, pipeline.Translated] = {}
        # Every locale's completeness, even those not asked for: a page links to them all.
        for locale in wanted if not html else config.target_locales:
            catalog = doc.catalog(config, locale)
            used = catalog if catalog.exists() else doc.template(config)
            results[locale] = pipeline.translated(
                parsed, used, locale, options, include_fuzzy=include_fuzzy
            )._replace(catalog=config.relative(used))  # as the render record names it
        if html:
            rendered += _render_pages(config, doc, parsed, results, wanted, limit, page_css)
            continue
        for locale in wanted:
            output = doc.output(config, locale)
            result = results[locale]
            outcome = (
                pipeline.write_render(result, output)
                if result.passes(limit)
                else pipeline.RenderResult(result.stats, None)
            )
            rendered.append(Rendered(doc.key, locale, output, outcome))
    return rendered


def article_css(config: ProjectConfig, css: Path | None = None) -> str | None:
    """The style sheet of the project's HTML articles: ``css``, else ``article_css``."""
    from translator._io import read_text

    path = (
        css
        if css is not None
        else (config.root / config.article_css if config.article_css else None)
    )
    return read_text(path) if path is not None else None


def html_output(path: Path) -> Path:
    return path if path.suffix.lower() in pipeline.HTML_SUFFIXES else path.with_suffix(".html")


def _render_pages(
    config: ProjectConfig,
    doc: SourceDocument,
    parsed: Document,
    results: dict[str, pipeline.Translated],
    wanted: Sequence[str],
    limit: float,
    css: str | None,
) -> list[Rendered]:
    from translator.article import Alternate, PageOptions
    from translator.locales import locale_info

    source = locale_info(config.source_locale)
    outputs = {
        locale: html_output(doc.output(config, locale))
        for locale in (config.source_locale, *results)
    }
    total = len(parsed.msgids())
    results = {
        config.source_locale: pipeline.Translated(
            parsed, source, {}, CatalogStats(total, total, 0, 0)
        ),
        **results,
    }
    shown = [loc for loc in outputs if results[loc].passes(limit) or loc == config.source_locale]
    rendered = []
    for locale in (config.source_locale, *wanted):
        output = outputs[locale]
        result = results[locale]
        if locale not in shown:
            rendered.append(
                Rendered(doc.key, locale, output, pipeline.RenderResult(result.stats, None))
            )
            continue
        here = output.parent

        def href(other: str, here: Path = here) -> str:
            return _relative_href(outputs[other], here)

        page = PageOptions(
            source_locale=source,
            alternates=[Alternate(results[loc].locale, href(loc)) for loc in shown],
            default_href=href(config.source_locale),
            css=css,
        )
        rendered.append(
            Rendered(doc.key, locale, output, pipeline.write_render(result, output, page))
        )
    return rendered


def _relative_href(target: Path, folder: Path) -> str:
    from urllib.parse import quote

    return quote(Path(os.path.relpath(target, folder)).as_posix())


@dataclass(frozen=True)
class StatusRow:
    document: str
    locale: str
    catalog: str
    stats: CatalogStats | None  # None: the catalog does not exist yet


def status_all(config: ProjectConfig, locales: Sequence[str] = ()) -> list[StatusRow]:
    """Each document x target locale (``locales``: only these), in the project's order."""
    wanted = set(target_locales(config, locales))
    rows = []
    for doc in documents(config):
        for locale in config.target_locales:
            if locale not in wanted:
                continue  # its catalog is not read
            catalog = doc.catalog(config, locale)
            stats = pipeline.status(catalog) if catalog.exists() else None
            rows.append(StatusRow(doc.key, locale, config.relative(catalog), stats))
    return rows


def pseudo_all(config: ProjectConfig, report: Report, locale: str = "en") -> list[Rendered]:
    """Pseudo-translate every template into build/pseudo/ and render each document with it."""
    options = source_options(config)
    results = []
    for doc in documents(config):
        template = doc.template(config)
        catalog = config.root / "build" / "pseudo" / f"{doc.key}.po"
        output = config.root / "build" / "pseudo" / f"{doc.key}.md"
        count = pipeline.pseudo(template, catalog, locale)
        report(f"{config.relative(catalog)}: {count} entries pseudo-translated")
        result = pipeline.render(
            doc.path,
            catalog,
            locale,
            options,
            threshold=0,
            output=output,
            display_path=doc.display(config),
        )
        results.append(Rendered(doc.key, "pseudo", output, result))
    return results


@dataclass(frozen=True)
class Aligned:
    document: str
    locale: str
    translation: Path
    catalog: Path
    result: pipeline.AlignResult


def align_all(
    config: ProjectConfig,
    report: Report,
    translations: str,
    locales: Sequence[str] = (),
    *,
    overwrite: bool = False,
    dry_run: bool = False,
) -> list[Aligned]:
    """Align each document with its existing translation (``translations``: a path
    pattern relative to the project root with ``{name}`` and ``{locale}``) into the
    document's catalog for that locale. Documents with no translation file are named
    and skipped."""
    from translator.glossary.annotate import project_glossary

    try:
        translations.format(name="x", locale="y")
    except (KeyError, IndexError, ValueError):
        raise TranslatorError(
            f"--from {translations!r} may only use the placeholders {{name}} and {{locale}}"
        ) from None
    if "{name}" not in translations:
        raise TranslatorError(f"--from {translations!r} must contain {{name}}")
    if len(locales or config.target_locales) > 1 and "{locale}" not in translations:
        raise TranslatorError(
            f"--from {translations!r} has no {{locale}}: name the locale with --locale"
        )
    chosen = target_locales(config, locales)
    options = source_options(config)
    glossary = project_glossary(config.glossary, str(config.root))
    done: list[Aligned] = []
    with write_lock(config, report):
        for doc in documents(config):
            for locale in chosen:
                path = config.root / translations.format(name=doc.name, locale=locale)
                if not path.is_file():
                    shown = config.relative(path)
                    report(f"warning: {shown}: no such file; {doc.name} [{locale}] skipped")
                    continue
                catalog = doc.catalog(config, locale)
                result = pipeline.align(
                    doc.path,
                    path,
                    catalog,
                    locale,
                    options,
                    overwrite=overwrite,
                    dry_run=dry_run,
                    project=config.project,
                    display_path=doc.display(config),
                    glossary=glossary,
                )
                done.append(Aligned(doc.key, locale, path, catalog, result))
    return done


@dataclass(frozen=True)
class Absorbed:
    document: str
    locale: str
    outcome: pipeline.AbsorbResult | TranslatorError  # the error: refused, nothing written


def absorb_all(
    config: ProjectConfig,
    report: Report,
    locales: Sequence[str] = (),
    *,
    fuzzy: bool = False,
    force: bool = False,
    dry_run: bool = False,
) -> list[Absorbed]:
    """Take back the edits made in every rendered Markdown file of the project into its
    catalog. A file that cannot be taken back (rendered from an older source or catalog)
    is refused, with the reason, and the others go on."""
    from translator.glossary.annotate import project_glossary

    if config.output.endswith(pipeline.HTML_SUFFIXES):
        raise TranslatorError(
            f"the project renders HTML pages ({config.output}), and an HTML page cannot be "
            "taken back: absorb reads Markdown renders",
            str(config.path),
        )
    wanted = target_locales(config, locales)
    options = source_options(config)
    glossary = project_glossary(config.glossary, str(config.root))
    done: list[Absorbed] = []
    with write_lock(config, report):
        for doc in documents(config):
            for locale in wanted:
                output = doc.output(config, locale)
                if not output.is_file():
                    continue  # not rendered: nothing a reviewer could have edited
                outcome: pipeline.AbsorbResult | TranslatorError
                try:
                    outcome = pipeline.absorb(
                        output,
                        doc.path,
                        doc.catalog(config, locale),
                        locale,
                        options,
                        fuzzy=fuzzy,
                        force=force,
                        dry_run=dry_run,
                        display_path=doc.display(config),
                        glossary=glossary,
                        shown=config.relative,
                    )
                except TranslatorError as exc:
                    outcome = exc
                done.append(Absorbed(doc.key, locale, outcome))
    return done
