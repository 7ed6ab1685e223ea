"""align: an existing translation into the catalog (absorb, its reverse, is cli/absorb.py)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from translator import pipeline, project
from translator.align import AlignReport
from translator.cli._project import (
    echo_report,
    existing_file,
    format_option,
    given_source_options,
    locales_option,
    one_locale,
    project_config,
    source_text_options,
)
from translator.locales import language_of

_path = click.Path(path_type=Path)


@click.command("align")
@click.argument("source", required=False, type=existing_file)
@click.argument("translation", required=False, type=existing_file)
@click.option("-o", "--output", type=_path, help="The catalog to create or merge into.")
@click.option(
    "--from",
    "pattern",
    help="In a project: where each document's translation is, relative to the project "
    "root, with {name} (and {locale}): 'translations/{name}.md'.",
)
@locales_option("Target locale (repeatable).")
@click.option("--overwrite", is_flag=True, help="Replace translations already in the catalog.")
@click.option("--dry-run", is_flag=True, help="Show the alignment; write nothing.")
@format_option("text: a short summary; json: every link found, in document order.")
@source_text_options()
@click.pass_context
def align_command(
    ctx: click.Context,
    source: Path | None,
    translation: Path | None,
    output: Path | None,
    pattern: str | None,
    locales: tuple[str, ...],
    overwrite: bool,
    dry_run: bool,
    fmt: str,
    source_locale: str,
    keys: tuple[str, ...],
) -> None:
    """Adopt an existing translation: align it with the source, sentence by sentence,
    into the catalog.

    \b
    With paths:   translator align SOURCE.md TRANSLATION.md --locale en -o CATALOG.po
    In a project: translator align --from 'translations/{name}.md' [--locale en]

    Blocks (headings, paragraphs, list items, table cells, front matter) are paired
    first, by structure and by what both sides share (identical code, links, numbers by
    value, citation markers, glossary terms, names); then the sentences inside each
    pair, by length and the same anchors. Confident 1:1 pairs become translations;
    merges, splits, left-out or added sentences and doubtful pairs become fuzzy, with
    an '# aligned:' comment giving the score and the reason. Two source sentences
    translated as one are written as the translation on the first and
    '<with previous>' on the second (see README, "Merged and split sentences").
    Translations already in the catalog are kept unless --overwrite. Translation text
    that has no place in the catalog is listed: nothing is dropped silently.
    """
    if source is None:
        if translation is not None or output is not None:
            raise click.UsageError("give both SOURCE and TRANSLATION, and -o CATALOG.po")
        if not pattern:
            raise click.UsageError(
                "in a project, say where the translations are: --from 'translations/{name}.md'"
            )
        config = project_config(ctx)
        rows = project.align_all(
            config, echo_report, pattern, locales, overwrite=overwrite, dry_run=dry_run
        )
        if fmt == "json":
            data = [
                {
                    "document": r.document,
                    "locale": r.locale,
                    "catalog": config.relative(r.catalog),
                    "links": [w.as_dict() for w in r.result.report.results],
                }
                for r in rows
            ]
            click.echo(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for r in rows:
            _summary(config.relative(r.catalog), r.result, dry_run)
        return
    if pattern:
        raise click.UsageError("--from is for projects; with paths give SOURCE and TRANSLATION")
    if translation is None:
        raise click.UsageError("give the translation: translator align SOURCE TRANSLATION")
    if output is None:
        raise click.UsageError("give the catalog to write with -o CATALOG.po")
    locale = one_locale(locales, "paths")
    result = pipeline.align(
        source,
        translation,
        output,
        locale,
        given_source_options(source_locale, keys),
        overwrite=overwrite,
        dry_run=dry_run,
    )
    if fmt == "json":
        click.echo(
            json.dumps(
                [w.as_dict() for w in result.report.results], ensure_ascii=False, indent=2
            )
        )
        return
    _summary(str(output), result, dry_run)


def _summary(catalog: str, result: pipeline.AlignResult, dry_run: bool) -> None:
    report = result.report
    counts = report.counts()
    state = "dry run, not written" if dry_run else ("written" if result.written else "unchanged")
    parts = ", ".join(
        f"{counts[k]} {k}" for k in ("translated", "fuzzy", "kept", "skipped") if counts[k]
    )
    click.echo(f"{catalog}: {len(report.results)} links: {parts or 'none'} ({state})")
    pairs = report.alignment.block_pairs
    paired = sum(1 for s, t, _ in pairs if s is not None and t is not None)
    only_s = sum(1 for s, t, _ in pairs if t is None)
    only_t = sum(1 for s, t, _ in pairs if s is None)
    click.echo(
        f"  blocks: {paired} paired, {only_s} only in the source, "
        f"{only_t} only in the translation"
    )
    same, differ, alone = report.code_blocks()
    if differ or alone:
        click.echo(
            f"  code/HTML blocks: {same} identical, {differ} differ from the source and "
            f"{alone} have no counterpart (code is not extracted: it stays as in the source)"
        )
    alignment = report.alignment
    if not alignment.lexicon and language_of(alignment.locale) == "en":
        click.echo(
            "  no Japanese-English lexicon: sentences were paired by length, numbers, names "
            "and code alone (install Debian's edict package, or set TRANSLATOR_EDICT to an "
            "EDICT file)"
        )
    _listing("  translation text not placed in the catalog:", report, target=True)
    _listing("  source sentences with no counterpart in the translation:", report, target=False)


def _listing(title: str, report: AlignReport, *, target: bool) -> None:
    rows = report.unplaced_target if target else report.unplaced_source
    if not rows:
        return
    click.echo(title)
    doc = report.alignment.target if target else report.alignment.source
    for row in rows:
        segment = row.link.target[0] if target else row.link.source[0]
        text = row.target if target else " ".join(row.source)
        shown = text if len(text) <= 70 else text[:67] + "..."
        click.echo(f"    {doc.path}:{segment.line}: {shown} [{row.written}]")
