"""extract, update, render, status, pseudo: the pipeline commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from translator import pipeline
from translator._io import FileChanged
from translator.catalog.pofile import read_catalog
from translator.catalog.stats import CatalogStats, catalog_stats
from translator.catalog.update import DEFAULT_FUZZY_THRESHOLD
from translator.cli._project import (
    CatalogStatus,
    echo_report,
    given_source_options,
    locales_option,
    no_obsolete_option,
    one_locale,
    project_config,
    source_text_options,
)
from translator.config import DEFAULT_RENDER_THRESHOLD
from translator.locales import known_locale

if TYPE_CHECKING:
    from translator.article import PageOptions

# translator.project (the project file, its lock, globbing) is imported by the commands
# that run on a project: `translator update FILE -t POT` merges catalogs only.

_path = click.Path(path_type=Path)
_file = click.Path(path_type=Path, dir_okay=False)


@click.command("extract")
@click.argument("sources", nargs=-1, type=_file)
@click.option("-o", "--output", type=_path, help="The template (POT) to write.")
@source_text_options(
    "Language of the source.",
    "Front-matter key whose value is translated (repeatable; default: title).",
)
@click.pass_context
def extract_command(
    ctx: click.Context,
    sources: tuple[Path, ...],
    output: Path | None,
    source_locale: str,
    keys: tuple[str, ...],
) -> None:
    """Extract the sentences of Markdown SOURCES into a template catalog (POT).

    \b
    Without arguments: every document of translator.yaml, one POT each.
    With paths:        translator extract SOURCE.md -o OUT.pot

    Each unique sentence becomes one entry; '#:' lines give every file:line where it
    occurs and '#.' the kind of block. Code, HTML, link destinations and text with
    nothing to translate (URLs, numbers, citation markers) stay out. Running it twice on
    an unchanged source leaves the POT byte-identical.
    """
    from translator import project

    if not sources:
        config = project_config(ctx)
        project.extract_all(config, echo_report)
        return
    if output is None:
        raise click.UsageError("give the template to write with -o OUT.pot")
    template, changed, warnings = pipeline.extract(
        list(sources), output, given_source_options(source_locale, keys)
    )
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"{output}: {len(template)} entries ({'written' if changed else 'unchanged'})")


@click.command("update")
@click.argument("catalogs", nargs=-1, type=_file)
@click.option("-t", "--template", type=_path, help="The POT to follow (with explicit catalogs).")
@locales_option("Target locale (repeatable).")
@no_obsolete_option
@click.option(
    "--fuzzy-threshold",
    type=click.FloatRange(0, 100),
    default=None,
    help="Similarity (0-100) an edited sentence needs to inherit an old translation "
    "[project setting, else 60]; half of it if the sentence kept its neighbours and most "
    "of its text.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Catalogs merged at once, in worker processes, when there is enough work "
    f"({pipeline.PARALLEL_MIN_ENTRIES:,} entries in all) [number of CPUs].",
)
@click.pass_context
def update_command(
    ctx: click.Context,
    catalogs: tuple[Path, ...],
    template: Path | None,
    locales: tuple[str, ...],
    no_obsolete: bool,
    fuzzy_threshold: float | None,
    jobs: int | None,
) -> None:
    """Create or merge the PO catalogs of each target locale from the template.

    \b
    Without arguments: every document x target locale of translator.yaml.
    With paths:        translator update CATALOG.po --template OUT.pot [--locale en]

    As msgmerge --previous does: an edited sentence keeps its old translation, flagged
    fuzzy, with the old text as '#| msgid'; a new sentence like an existing one gets that
    one's translation to review, the same way; other new sentences are added
    untranslated. Removed sentences become obsolete ('#~') and return if the sentence
    does. Translator comments are kept; references, extracted comments and format flags
    follow the template.
    """
    if not catalogs:
        from translator import project

        if template is not None:
            raise click.UsageError("--template needs explicit CATALOG paths")
        config = project_config(ctx)
        with CatalogStatus("updating") as status:
            project.update_all(
                config,
                status.report,
                locales,
                keep_obsolete=not no_obsolete,
                jobs=jobs,
                fuzzy_threshold=fuzzy_threshold,
                progress=status.progress,
            )
        return
    if template is None:
        raise click.UsageError("give the template with --template OUT.pot")
    locale = one_locale(locales, "explicit catalogs")
    updates = pipeline.update_many(
        catalogs,
        template,
        locale,
        fuzzy_threshold=DEFAULT_FUZZY_THRESHOLD if fuzzy_threshold is None else fuzzy_threshold,
        keep_obsolete=not no_obsolete,
        jobs=jobs,
    )
    left = 0
    for catalog, outcome in updates:
        if isinstance(outcome, FileChanged):
            click.echo(f"translator: {outcome}", err=True)
            left += 1
        else:
            for warning in outcome.warnings:
                click.echo(f"warning: {catalog}: {warning}", err=True)
            click.echo(f"{catalog}: {outcome.summary}")
    if left:
        raise pipeline.left_alone(left)


@click.command("sync")
@locales_option("Only these locales (repeatable).")
@no_obsolete_option
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Catalogs merged at once on large projects [number of CPUs].",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 if any template or catalog would change, listing which.",
)
@click.pass_context
def sync_command(
    ctx: click.Context,
    locales: tuple[str, ...],
    no_obsolete: bool,
    jobs: int | None,
    check: bool,
) -> None:
    """Extract every document and update every catalog of translator.yaml in one go.

    The same as 'translator extract' followed by 'translator update', with one summary
    line per catalog (entries, new, fuzzy, obsolete, translated %). Large projects are
    merged in parallel worker processes.

    \b
    With --check (for CI and pre-commit, like 'black --check'): nothing is written.
    Exit 0: every template and catalog is up to date with the sources.
    Exit 1: 'translator sync' would change the files listed, with the entries it
            would add (new), flag for review (fuzzy) and retire (obsolete).
    """
    from translator import project

    config = project_config(ctx)
    if check:
        with CatalogStatus("checking") as status:
            pending, compared = project.check_sync(
                config,
                status.report,
                locales,
                keep_obsolete=not no_obsolete,
                jobs=jobs,
                progress=status.progress,
            )
        for item in pending:
            click.echo(f"would change {config.relative(item.path)}: {item.detail}")
        if pending:
            count = len(pending)
            click.echo(
                f"{count} file{'s' if count != 1 else ''} out of date: "
                "run 'translator sync' and commit the result",
                err=True,
            )
            ctx.exit(1)
        click.echo(f"{compared} templates and catalogs up to date")
        return
    with CatalogStatus("updating") as status:
        project.sync_all(
            config,
            status.report,
            locales,
            keep_obsolete=not no_obsolete,
            jobs=jobs,
            progress=status.progress,
        )


@click.command("render")
@click.argument("source", required=False, type=_file)
@click.option("--catalog", type=_path, help="PO (or POT) with the translations.")
@locales_option("Target locale (repeatable).")
@click.option(
    "--threshold",
    type=click.FloatRange(0, 100),
    default=None,
    help="Minimum percent of sentences translated to render [project setting, else 80].",
)
@click.option("--include-fuzzy", is_flag=True, help="Use fuzzy translations too.")
@click.option("-o", "--output", type=_path, help="Where to write (default: standard output).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "html"]),
    default=None,
    help="Localised Markdown, or a standalone HTML page [html when the output (or the "
    "project's output pattern) ends in .html, else markdown].",
)
@click.option(
    "--css",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Style sheet put into each HTML page [project setting article_css, else a plain "
    "readable default].",
)
@source_text_options()
@click.pass_context
def render_command(
    ctx: click.Context,
    source: Path | None,
    catalog: Path | None,
    locales: tuple[str, ...],
    threshold: float | None,
    include_fuzzy: bool,
    output: Path | None,
    fmt: str | None,
    css: Path | None,
    source_locale: str,
    keys: tuple[str, ...],
) -> None:
    """Write the localised Markdown (or HTML page) of each document from its catalog.

    \b
    Without arguments: every document x target locale of translator.yaml, into the
                       project's output folder (build/<locale>/<document>.md).
    With paths:        translator render SOURCE.md --catalog CATALOG.po --locale en -o OUT.md

    Every sentence is replaced by its translation; untranslated ones stay in the source
    language, and everything else (markers, code, HTML, link destinations, blank lines)
    is copied byte for byte. A document below the threshold is not rendered.

    \b
    --format html (or an output ending in .html) writes a standalone page per document
    and locale: <html lang> and dir from the locale, the title from the front matter or
    the first heading, <link rel="alternate" hreflang> and a language switcher for every
    rendered locale (in a project the source page is written too, as x-default),
    citation markers [n] linked to the reference list, and each sentence still in the
    source language marked <span lang="ja">. HTML a translation adds is shown as text.

    Beside each Markdown file goes its render record (.NAME.md.render: what it was
    rendered from). A file a person edited since it was rendered is left as it is
    (exit 1): 'translator absorb' takes the edits back into the catalog first.
    """
    if source is None:
        from translator import project

        config = project_config(ctx)
        rows = project.render_all(
            config, locales, threshold=threshold, include_fuzzy=include_fuzzy, fmt=fmt, css=css
        )
        limit = config.render_threshold if threshold is None else threshold
        for row in rows:
            if row.locale == config.source_locale:
                click.echo(f"{config.relative(row.output)}: the source ({row.locale})")
                continue
            _say_rendered(config.relative(row.output), row.result, limit, row.document, row.locale)
        if any(row.result.edited for row in rows):
            ctx.exit(1)
        return
    if catalog is None:
        raise click.UsageError("give the translations with --catalog CATALOG.po")
    locale = one_locale(locales, "a SOURCE")
    html = fmt == "html" or (
        fmt is None and output is not None and output.suffix.lower() in pipeline.HTML_SUFFIXES
    )
    options = given_source_options(source_locale, keys)
    limit = DEFAULT_RENDER_THRESHOLD if threshold is None else threshold
    result = pipeline.translated(source, catalog, locale, options, include_fuzzy=include_fuzzy)
    rendered = pipeline.RenderResult(result.stats, None)
    if result.passes(limit):
        page = _page_options(result, source_locale, output, css) if html else None
        rendered = pipeline.write_render(result, output, page)
    if output is None and rendered.text is not None:
        for warning in rendered.warnings:
            click.echo(f"warning: {warning}", err=True)
        click.echo(rendered.text, nl=False)
    else:
        _say_rendered(str(output), rendered, limit, str(source), locale or "")
    if not rendered.rendered:
        ctx.exit(1)


def _page_options(
    result: pipeline.Translated, source_locale: str, output: Path | None, css: Path | None
) -> PageOptions:
    """A page on its own: it names itself as its only alternate."""
    from translator._io import read_text
    from translator.article import Alternate, PageOptions
    from translator.locales import locale_info

    alternates = [Alternate(result.locale, output.name)] if output is not None else []
    return PageOptions(
        source_locale=locale_info(source_locale),
        alternates=alternates,
        css=read_text(css) if css is not None else None,
    )


def _say_rendered(
    output: str, result: pipeline.RenderResult, limit: float, document: str, locale: str
) -> None:
    stats = result.stats
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if result.edited:
        click.echo(
            f"translator: error: {output}: edited since it was rendered; left as it is: "
            "'translator absorb' takes the edits into the catalog (or delete the file to "
            "render it anew)",
            err=True,
        )
    elif result.rendered:
        click.echo(f"{output}: {stats.translated}/{stats.total} sentences translated")
    else:
        click.echo(
            f"skipped {document} [{locale}]: {stats.percent:.1f}% translated, below the "
            f"{limit:g}% threshold (lower it with --threshold)",
            err=True,
        )


@click.command("status")
@click.argument("catalogs", nargs=-1, type=_file)
@locales_option("Only these locales (repeatable).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    default=None,
    metavar="PERCENT",
    help="Exit 1 when a document x locale is less translated than this (a missing "
    "catalog counts as 0%).",
)
@click.pass_context
def status_command(
    ctx: click.Context,
    catalogs: tuple[Path, ...],
    locales: tuple[str, ...],
    fmt: str,
    fail_under: float | None,
) -> None:
    """Show how complete each catalog is: document x locale.

    \b
    Without arguments: every document x target locale of translator.yaml.
    With paths:        translator status CATALOG.po ...
    In CI:             translator status --fail-under 90 [--locale de]
    """
    from translator import project

    rows: list[tuple[str, str, CatalogStats | None]] = []
    if catalogs:
        wanted = {known_locale(loc) for loc in locales}
        for path in catalogs:
            po = read_catalog(path)
            language = po.metadata.get("Language", "")
            if wanted and language not in wanted:
                continue
            rows.append((str(path), language, catalog_stats(po)))
    else:
        config = project_config(ctx)
        rows = [(r.document, r.locale, r.stats) for r in project.status_all(config, locales)]
    _print_status(rows, fmt)
    if fail_under is not None:
        below = [
            (d, loc, s.percent if s else 0.0)
            for d, loc, s in rows
            if (s.percent if s else 0.0) + 1e-9 < fail_under
        ]
        for document, locale, percent in below:
            click.echo(
                f"below {fail_under:g}%: {document} [{locale}] is {percent:.1f}% translated",
                err=True,
            )
        if below:
            ctx.exit(1)


def _print_status(rows: list[tuple[str, str, CatalogStats | None]], fmt: str) -> None:
    if fmt == "json":
        import json

        click.echo(
            json.dumps(
                [
                    {
                        "document": d,
                        "locale": loc,
                        "exists": s is not None,
                        **(s.as_dict() if s else {}),
                    }
                    for d, loc, s in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    header = ("document", "locale", "total", "translated", "fuzzy", "untranslated", "percent")
    table = [header]
    for document, locale, s in rows:
        if s is None:
            table.append((document, locale, "-", "-", "-", "-", "no catalog"))
        else:
            table.append(
                (
                    document,
                    locale,
                    str(s.total),
                    str(s.translated),
                    str(s.fuzzy),
                    str(s.untranslated),
                    f"{s.percent:.1f}%",
                )
            )
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        cells = [
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        click.echo("  ".join(cells).rstrip())


@click.command("pseudo")
@click.argument("template", required=False, type=_file)
@click.option("-o", "--output", type=_path, help="The pseudo-translated PO to write.")
@click.option("-l", "--locale", default="en", show_default=True, help="Locale of the pseudo PO.")
@click.pass_context
def pseudo_command(
    ctx: click.Context, template: Path | None, output: Path | None, locale: str
) -> None:
    """Fill a catalog with pseudo-translations to test rendering before translators start.

    \b
    Without arguments: every template of translator.yaml -> build/pseudo/<doc>.po, and
                       each document rendered with it -> build/pseudo/<doc>.md.
    With paths:        translator pseudo OUT.pot -o PSEUDO.po

    Each msgstr is the msgid made visibly different and about 30% longer, with inline
    Markdown, code, URLs and citation markers left intact: in a pseudo render, any plain
    source text is text that escaped extraction.
    """
    from translator import project

    if template is None:
        config = project_config(ctx)
        rows = project.pseudo_all(config, echo_report, locale)
        for row in rows:
            if row.result.edited:  # the refusal, as render says it
                _say_rendered(config.relative(row.output), row.result, 0, row.document, locale)
            else:
                click.echo(f"{config.relative(row.output)}: pseudo render")
        if any(row.result.edited for row in rows):
            ctx.exit(1)
        return
    if output is None:
        raise click.UsageError("give the catalog to write with -o PSEUDO.po")
    count = pipeline.pseudo(template, output, locale)
    click.echo(f"{output}: {count} entries pseudo-translated")
