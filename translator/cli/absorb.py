"""absorb: a reviewer's edits of a rendered article, back into its catalog."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import click

from translator import pipeline, project
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
from translator.errors import TranslatorError


@click.command("absorb")
@click.argument("edited", required=False, type=existing_file)
@click.option("--source", type=existing_file, help="The source the edited file was rendered from.")
@click.option("--catalog", type=existing_file, help="The catalog (PO) to take the edits into.")
@locales_option("Target locale (repeatable in a project; with paths: the catalog's Language).")
@click.option(
    "--fuzzy",
    is_flag=True,
    help="Leave the new translations fuzzy, for a translator to approve (the next render "
    "shows the source there until then).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Take the edits even when the render record is missing or says the file was "
    "rendered from another source or catalog: they are measured against the current "
    "render, so whatever changed since is taken for the reviewer's doing.",
)
@click.option(
    "--include-fuzzy",
    is_flag=True,
    help="With --force and no render record: the file was rendered with --include-fuzzy.",
)
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@format_option("text: a summary and one line per change; json: every change, before and after.")
@source_text_options(
    "With paths: as given to render.",
    "With paths: as given to render (repeatable; default: title).",
)
@click.pass_context
def absorb_command(
    ctx: click.Context,
    edited: Path | None,
    source: Path | None,
    catalog: Path | None,
    locales: tuple[str, ...],
    fuzzy: bool,
    force: bool,
    include_fuzzy: bool,
    dry_run: bool,
    fmt: str,
    source_locale: str,
    keys: tuple[str, ...],
) -> None:
    """Take back edits made in a rendered Markdown article into its catalog.

    \b
    In a project: translator absorb [--locale en]     (every rendered document)
    With paths:   translator absorb EDITED.md --source SOURCE.md --catalog CATALOG.po

    A reviewer edits build/en/article.md, the file they read. Each edit is found
    against the render of the current catalog and given to the source sentences it
    touches: a reworded sentence takes the new text; two sentences made one become a
    group (the text on the first, '<with previous>' on the others); an added sentence
    goes with the one before it; a deleted one becomes '<omitted>'. The entry's old
    translation stays in a '# absorbed: before: ...' comment. Every other entry is left
    byte for byte. Where blocks were split, merged, added or deleted, the aligner places
    the text. What a catalog cannot hold (Markdown structure, code, a paragraph with no
    source sentence) is listed, with its line: the next render would not keep it.

    'translator render' writes a record beside each file (.article.md.render); a file
    rendered from an older source or catalog is refused rather than guessed at. An
    HTML page cannot be taken back. Exits 1 when a file is refused or an edit cannot
    be taken back.
    """
    if edited is None:
        if source is not None or catalog is not None:
            raise click.UsageError("give the edited file too: translator absorb EDITED.md ...")
        config = project_config(ctx)
        rows = project.absorb_all(
            config, echo_report, locales, fuzzy=fuzzy, force=force, dry_run=dry_run
        )
        failed = False
        data = []
        unedited = 0
        for row in rows:
            failed |= not _fine(row.outcome)
            if fmt == "json":
                data.append(
                    {"document": row.document, "locale": row.locale}
                    | _as_dict(row.outcome, config.relative)
                )
            elif isinstance(row.outcome, pipeline.AbsorbResult) and row.outcome.report is None:
                unedited += 1
            else:
                _say(row.outcome, config.relative, dry_run)
        if fmt == "json":
            click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        elif not rows:
            click.echo("no rendered Markdown files to take edits from (run 'translator render')")
        elif unedited:
            click.echo(
                f"{_count(unedited, 'rendered file', 'rendered files')} not edited since "
                "translator wrote them"
            )
        if failed:
            ctx.exit(1)
        return
    if source is None or catalog is None:
        raise click.UsageError("with a file give --source SOURCE.md and --catalog CATALOG.po")
    locale = one_locale(locales, "a file")
    try:
        outcome: pipeline.AbsorbResult | TranslatorError = pipeline.absorb(
            edited,
            source,
            catalog,
            locale,
            given_source_options(source_locale, keys),
            fuzzy=fuzzy,
            force=force,
            include_fuzzy=include_fuzzy,
            dry_run=dry_run,
        )
    except TranslatorError as exc:
        if fmt != "json":
            raise
        outcome = exc
    if fmt == "json":
        click.echo(json.dumps(_as_dict(outcome, str), ensure_ascii=False, indent=2))
    else:
        _say(outcome, str, dry_run)
    if not _fine(outcome):
        ctx.exit(1)


def _fine(outcome: pipeline.AbsorbResult | TranslatorError) -> bool:
    if isinstance(outcome, TranslatorError):
        return False
    return outcome.report is None or outcome.report.exact


def _as_dict(
    outcome: pipeline.AbsorbResult | TranslatorError, shown: Callable[[Path], str]
) -> dict[str, object]:
    if isinstance(outcome, TranslatorError):
        return {"state": "refused", "error": str(outcome)}
    report = outcome.report
    base: dict[str, object] = {
        "edited": shown(outcome.edited),
        "catalog": shown(outcome.catalog),
        "state": "not edited" if report is None else "absorbed",
        "written": outcome.written,
    }
    if report is None:
        return base | {"changes": [], "not_taken_back": [], "spacing_only": 0}
    return base | {
        "changes": [a.as_dict() for a in report.applied],
        "not_taken_back": [left.as_dict() for left in report.leftovers],
        "spacing_only": report.spacing,
    }


def _say(
    outcome: pipeline.AbsorbResult | TranslatorError,
    shown: Callable[[Path], str],
    dry_run: bool,
) -> None:
    if isinstance(outcome, TranslatorError):
        click.echo(f"translator: error: {outcome}", err=True)
        return
    edited, catalog, report = shown(outcome.edited), shown(outcome.catalog), outcome.report
    if report is None:
        click.echo(f"{edited}: not edited since it was rendered")
        return
    state = "dry run, not written" if dry_run else ("written" if outcome.written else "unchanged")
    kinds = Counter(a.change.how for a in report.written)
    parts = ", ".join(f"{n} {how}" for how, n in kinds.items())
    entries = sum(len(a.change.segments) for a in report.written)
    edits = sum(kinds.values())
    click.echo(
        f"{edited} -> {catalog}: {_count(entries, 'entry', 'entries')} from "
        f"{_count(edits, 'edit', 'edits')}{': ' + parts if parts else ''} ({state})"
    )
    for applied in report.applied:
        change = applied.change
        where = f"  {edited}:{change.line}:"
        if applied.note:
            click.echo(f"{where} not taken: {applied.note}")
            continue
        fuzzy = " [fuzzy]" if change.fuzzy else ""
        click.echo(f"{where} {change.how}{fuzzy}: {_short(change.values[0])}")
    if report.spacing:
        click.echo(
            f"  {_count(report.spacing, 'place differs', 'places differ')} only in the spacing "
            "between sentences: render writes it the target language's way"
        )
    if report.leftovers:
        click.echo(
            "  not taken back (a catalog holds sentences: Markdown structure, code and "
            "text with no source sentence come from the source; the next render will "
            "not keep these):"
        )
        for left in report.leftovers:
            text = left.edited.strip() or f"(deleted) {left.rendered.strip()}"
            lines = f"{left.line}-{left.last}" if left.last > left.line else str(left.line)
            click.echo(f"    {edited}:{lines}: {_short(text)}")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."
