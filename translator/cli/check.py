"""``translator check``: terminology, number and markup checks over PO catalogs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from translator.checks.model import Severity
from translator.checks.report import FORMATS, format_text
from translator.checks.runner import exit_status, run_check
from translator.cli._project import existing_file, glossary_option
from translator.glossary.load import load_glossary


@click.command("check")
@click.argument("catalogs", nargs=-1, type=existing_file)
@glossary_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option("--include-fuzzy", is_flag=True, help="Also check fuzzy entries.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Processes to check in. Default: one per available core when there are thousands "
    "of translations to check, else 1.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    default="error",
    show_default=True,
    help="Lowest severity that makes the exit status 1.",
)
@click.pass_context
def check_command(
    ctx: click.Context,
    catalogs: tuple[Path, ...],
    glossary_paths: tuple[Path, ...],
    fmt: str,
    include_fuzzy: bool,
    jobs: int | None,
    fail_on: str,
) -> None:
    """Check translations against the glossary, source numbers, citations and Markdown.

    \b
    Without arguments: every catalog of the project, and the source documents
    (for forbidden source spellings). With PO files: just those (locale from each
    file's Language header). Silence one entry with a translator comment
    "# qa-ignore: number_mismatch, term_missing" or a flag "#, qa-ignore:double_space".
    Exit status: 0 clean, 1 when an error-severity finding exists, 2 usage error.
    """
    from translator.cli._project import project_config

    config = project_config(ctx, required=not catalogs)
    glossary = load_glossary(glossary_paths) if glossary_paths else None
    findings = run_check(
        config, catalogs, glossary=glossary, include_fuzzy=include_fuzzy, jobs=jobs
    )
    if fmt == "text":
        click.echo(format_text(findings, colour=sys.stdout.isatty()), nl=False)
    else:
        click.echo(FORMATS[fmt](findings), nl=False)
    ctx.exit(exit_status(findings, Severity(fail_on)))
