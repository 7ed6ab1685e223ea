"""The pipeline over a whole project (``translator.yaml``): every document × every locale."""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from translator import pipeline
from translator._io import FileChanged
from translator.catalog.stats import CatalogStats
from translator.catalog.update import UpdateStats
from translator.config import ProjectConfig
from translator.errors import TranslatorError
from translator.locking import ProjectLock

if TYPE_CHECKING:
    from translator.catalog.extract import CommentHook

Report = Callable[[str], None]
# (catalogs done, catalogs in all): called before the first and after each one.
Progress = Callable[[int, int], None]


def _no_progress(done: int, total: int) -> None:
    pass


@dataclass(frozen=True)
class SourceDocument:
    name: str  # file name without suffix: the {name} of the path patterns
    path: Path

    def display(self, config: ProjectConfig) -> str:
        return config.relative(self.path)


def documents(config: ProjectConfig) -> list[SourceDocument]:
    """The project's source documents, sorted by path; names must be unique."""
    found: dict[Path, None] = {}
    for pattern in config.documents:
        matches = sorted(glob.glob(str(config.root / pattern), recursive=True))
        if not matches:
            raise TranslatorError(
                f"documents pattern {pattern!r} matches no file", str(config.path)
            )
        for match in matches:
            found[Path(match)] = None
    result: list[SourceDocument] = []
    names: dict[str, Path] = {}
    for path in sorted(found):
        if path.stem in names:
            raise TranslatorError(
                f"two documents share the name {path.stem!r}: {names[path.stem]} and {path}",
                str(config.path),
            )
        names[path.stem] = path
        result.append(SourceDocument(path.stem, path))
    return result


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
    from translator.glossary.annotate import project_glossary, template_comments

    options = source_options(config)
    glossary = project_glossary(config.glossary, str(config.root))
    hook = partial(template_comments, glossary) if glossary is not None else None
    with write_lock(config, report):
        return _extract_documents(config, report, options, hook)


def _extract_documents(
    config: ProjectConfig,
    report: Report,
    options: pipeline.SourceOptions,
    hook: CommentHook | None,
) -> list[tuple[Path, bool]]:
    results = []
    for doc in documents(config):
        target = config.template_path(doc.name)
        template, changed, warnings = pipeline.extract(
            [doc.path],
            target,
            options,
            project=config.project,
            reference_paths=[doc.display(config)],
            comment_hook=hook,
        )
        for warning in warnings:
            report(f"warning: {warning}")
        state = "written" if changed else "unchanged"
        report(f"{config.relative(target)}: {len(template)} entries ({state})")
        results.append((target, changed))
    return results


def update_all(
    config: ProjectConfig,
    report: Report,
    locales: Sequence[str] = (),
    keep_obsolete: bool = True,
    jobs: int | None = None,
    fuzzy_threshold: float | None = None,
    progress: Progress | None = None,
) -> list[tuple[Path, UpdateStats]]:
    """Update every catalog of the project from its template, several at a time if large."""
    threshold = config.fuzzy_threshold if fuzzy_threshold is None else fuzzy_threshold
    tasks = []
    for doc in documents(config):
        template = config.template_path(doc.name)
        if not template.exists():
            raise TranslatorError(
                f"no template {config.relative(template)}: run 'translator extract' first"
            )
        for locale in target_locales(config, locales):
            catalog = config.catalog_path(doc.name, locale)
            tasks.append(
                pipeline.UpdateTask(
                    catalog,
                    template,
                    locale,
                    threshold,
                    keep_obsolete,
                    glossary=config.glossary,
                    root=str(config.root),
                )
            )
    results: list[tuple[Path, UpdateStats]] = []
    left = 0
    progress = progress or _no_progress
    progress(0, len(tasks))
    with write_lock(config, report):
        for task, outcome in pipeline.run_updates(tasks, jobs):
            progress(len(results) + left + 1, len(tasks))
            if isinstance(outcome, FileChanged):
                report(f"warning: {config.relative(task.catalog)}: {outcome.message}")
                left += 1
                continue
            results.append((task.catalog, outcome))
            report(f"{config.relative(task.catalog)}: {summary(outcome)}")
    if left:
        raise pipeline.left_alone(left)
    return results


def sync_all(
    config: ProjectConfig,
    report: Report,
    locales: Sequence[str] = (),
    keep_obsolete: bool = True,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> list[tuple[Path, UpdateStats]]:
    """extract + update for every document and locale of the project (like po4a's config run)."""
    with write_lock(config, report):
        extract_all(config, report)
        results = update_all(config, report, locales, keep_obsolete, jobs, progress=progress)
    total = sum(s.total for _, s in results)
    done = sum(s.translated for _, s in results)
    share = 100.0 * done / total if total else 100.0
    report(f"{len(results)} catalogs, {total} entries, {share:.0f}% translated")
    return results


def summary(stats: UpdateStats) -> str:
    return (
        f"{stats.total} entries, {stats.new} new, {stats.fuzzy_matched} fuzzy, "
        f"{stats.obsolete} obsolete, {stats.percent:.0f}% translated"
    )


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
) -> list[Rendered]:
    options = source_options(config)
    limit = config.render_threshold if threshold is None else threshold
    rendered = []
    for doc in documents(config):
        parsed = pipeline.load_document(doc.path, options, doc.display(config))
        for locale in target_locales(config, locales):
            catalog = config.catalog_path(doc.name, locale)
            output = config.output_path(doc.name, locale)
            result = pipeline.render(
                parsed,
                catalog if catalog.exists() else config.template_path(doc.name),
                locale,
                options,
                threshold=limit,
                include_fuzzy=include_fuzzy,
                output=output,
                display_path=doc.display(config),
            )
            rendered.append(Rendered(doc.name, locale, output, result))
    return rendered


@dataclass(frozen=True)
class StatusRow:
    document: str
    locale: str
    catalog: str
    stats: CatalogStats | None  # None: the catalog does not exist yet


def status_all(config: ProjectConfig) -> list[StatusRow]:
    rows = []
    for doc in documents(config):
        for locale in config.target_locales:
            catalog = config.catalog_path(doc.name, locale)
            stats = pipeline.status(catalog) if catalog.exists() else None
            rows.append(StatusRow(doc.name, locale, config.relative(catalog), stats))
    return rows


def pseudo_all(config: ProjectConfig, report: Report, locale: str = "en") -> list[Rendered]:
    """Pseudo-translate every template into build/pseudo/ and render each document with it."""
    options = source_options(config)
    results = []
    for doc in documents(config):
        template = config.template_path(doc.name)
        catalog = config.root / "build" / "pseudo" / f"{doc.name}.po"
        output = config.root / "build" / "pseudo" / f"{doc.name}.md"
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
        results.append(Rendered(doc.name, "pseudo", output, result))
    return results


def iter_paths(rows: Iterable[Rendered]) -> Iterable[Path]:
    return (r.output for r in rows if r.result.rendered)


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
    chosen = list(locales) or list(config.target_locales)
    if len(chosen) > 1 and "{locale}" not in translations:
        raise TranslatorError(
            f"--from {translations!r} has no {{locale}}: name the locale with --locale"
        )
    target_locales(config, chosen)
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
                catalog = config.catalog_path(doc.name, locale)
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
                done.append(Aligned(doc.name, locale, path, catalog, result))
    return done
