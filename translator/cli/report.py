"""``translator report``: the translation state of a project as one HTML page."""

from __future__ import annotations

from pathlib import Path

import click

from translator.cli._project import (
    CatalogStatus,
    existing_file,
    glossary_option,
    project_config,
)


@click.command("report")
@click.argument("catalogs", nargs=-1, type=existing_file)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The HTML file to write [build/report.html, in the project's folder].",
)
@glossary_option
@click.pass_context
def report_command(
    ctx: click.Context,
    catalogs: tuple[Path, ...],
    output: Path | None,
    glossary_paths: tuple[Path, ...],
) -> None:
    """Write an HTML report of the translations: open it in any browser, from disk.

    \b
    Without arguments: every document x target locale of translator.yaml.
    With paths:        translator report CATALOG.po ... [-o report.html]

    \b
    One self-contained file (no server, nothing loaded from the network):
    - an overview of documents x locales: translated, fuzzy (drafts apart, with their
      engine and score) and untranslated, as `translator status --format json` counts
      them; check findings by severity, as `translator check` reports them; glossary
      coverage; when the source's sentences last changed;
    - every entry side by side (source | translation | state), with its Markdown shown
      as formatting, what changed in the source of a fuzzy entry (a character diff of
      #| msgid -> msgid) beside the old translation, a draft's note, and its findings;
    - filters by document, locale, state, check and text; keys j/k go to the next or
      previous entry that needs attention.
    """
    from translator.glossary.load import load_glossary
    from translator.report import DEFAULT_OUTPUT, build_report

    config = project_config(ctx, required=not catalogs)
    if output is None:
        output = (config.root if config is not None and not catalogs else Path()) / DEFAULT_OUTPUT
    glossary = load_glossary(glossary_paths) if glossary_paths else None
    with CatalogStatus("reading") as status:
        report = build_report(output, config, catalogs, glossary=glossary, progress=status.progress)
    entries = sum(len(c.entries) for c in report.cells)
    shown = config.relative(output) if config is not None else str(output)
    click.echo(
        f"{shown}: {len(report.documents)} documents x {len(report.locales)} locales, "
        f"{entries} entries, {len(report.findings)} findings"
    )
    click.echo(f"open it in a browser: {output.resolve().as_uri()}")
