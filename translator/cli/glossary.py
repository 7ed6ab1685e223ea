"""``translator glossary``: list terms and where they occur; import and export TBX/CSV."""

from __future__ import annotations

from pathlib import Path

import click

from translator._io import read_if_present, write_text_atomic
from translator.cli.completion import complete_project_locales
from translator.errors import TranslatorError
from translator.glossary.csv_io import csv_text, read_csv
from translator.glossary.load import dump_glossary, expand_glossary_paths, load_glossary
from translator.glossary.model import Glossary
from translator.glossary.tbx import read_tbx, tbx_text


def _project_glossary(
    ctx: click.Context, paths: tuple[Path, ...], given_documents: tuple[Path, ...] = ()
) -> tuple[Glossary, list[Path]]:
    """The glossary (``paths``, else the project's) and the documents to search (the
    given ones, else the project's)."""
    from translator.checks.runner import project_files
    from translator.cli._project import project_config

    config = project_config(ctx, required=not paths)
    documents: list[Path] = list(given_documents)
    if config is not None and not given_documents:
        documents, _ = project_files(config)
    if paths:
        return load_glossary(paths), documents
    assert config is not None
    return load_glossary(expand_glossary_paths(config.glossary, Path(config.root))), documents


_GLOSSARY_OPTION = click.option(
    "--glossary",
    "glossary_paths",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Glossary file instead of the project's; repeatable.",
)


@click.group("glossary", invoke_without_command=True)
@_GLOSSARY_OPTION
@click.option(
    "--document",
    "document_paths",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Source document to search instead of the project's; repeatable.",
)
@click.option(
    "--locale",
    default="en",
    show_default=True,
    shell_complete=complete_project_locales,
    help="Locale whose forms to show.",
)
@click.pass_context
def glossary_group(
    ctx: click.Context,
    glossary_paths: tuple[Path, ...],
    document_paths: tuple[Path, ...],
    locale: str,
) -> None:
    """List the glossary's terms and where each occurs in the source documents.

    \b
    translator glossary                        terms and occurrences
    translator glossary --glossary G.yaml --document SOURCE.md   without a project
    translator glossary import FILE.tbx -o glossary/team.yaml
    translator glossary export --format tbx -o team.tbx
    """
    if ctx.invoked_subcommand is not None:
        return
    from translator.checks.runner import term_occurrences

    glossary, documents = _project_glossary(ctx, glossary_paths, document_paths)
    occurrences = term_occurrences(glossary, documents)
    for term in glossary.terms:
        places = occurrences.get(term.id, [])
        click.echo(f"{term.id}: {term.describe(locale)}")
        by_file: dict[str, list[str]] = {}
        for file, line, _found in places:
            by_file.setdefault(file, []).append(str(line))
        for file, lines in by_file.items():
            click.echo(f"    {file}: {', '.join(dict.fromkeys(lines))}")
    used = sum(1 for t in glossary.terms if t.id in occurrences)
    click.echo(f"{len(glossary.terms)} terms, {used} found in {len(documents)} document(s)")


@glossary_group.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
    help="YAML glossary to write.",
)  # fmt: skip
@click.option("--locale", default=None, help="Target locale of a CSV with one 'target' column.")
@click.option("--source-locale", default="ja", show_default=True, help="Source language.")
@click.option(
    "--force", is_flag=True, help="Replace OUTPUT even if it exists with other terms."
)
def import_command(
    source: Path, output: Path, locale: str | None, source_locale: str, force: bool
) -> None:
    """Convert a TBX (v2, v3, TBX-Min) or CSV glossary into our YAML format.

    An existing OUTPUT that says something else (a glossary someone edited) is left as
    it is unless --force is given.
    """
    suffix = source.suffix.lower()
    if suffix in (".tbx", ".xml"):
        glossary = read_tbx(source)
    elif suffix in (".csv", ".tsv"):
        glossary = read_csv(source, locale=locale, source_locale=source_locale)
    else:
        raise click.UsageError(f"{source}: expected a .tbx or .csv file")
    from translator.glossary.load import validate_terms

    validate_terms(glossary.terms)
    text = dump_glossary(glossary)
    old, stamp = read_if_present(output)
    if old == text.encode("utf-8"):
        click.echo(f"{output}: unchanged ({len(glossary.terms)} terms)")
        return
    if old is not None and not force:
        raise TranslatorError(
            "exists and holds other terms; nothing written (--force replaces it, or give "
            "another -o)",
            str(output),
        )
    write_text_atomic(output, text, expect=stamp)
    click.echo(f"wrote {output} ({len(glossary.terms)} terms)")


@glossary_group.command("export")
@_GLOSSARY_OPTION
@click.option("--format", "fmt", type=click.Choice(["tbx", "csv"]), required=True)
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
    help="File to write.",
)  # fmt: skip
@click.pass_context
def export_command(
    ctx: click.Context, glossary_paths: tuple[Path, ...], fmt: str, output: Path
) -> None:
    """Write the glossary as TBX-Basic (v3) or CSV."""
    glossary, _ = _project_glossary(ctx, glossary_paths)
    if not glossary.terms:
        raise TranslatorError("the glossary has no terms")
    write_text_atomic(output, tbx_text(glossary) if fmt == "tbx" else csv_text(glossary))
    click.echo(f"wrote {output} ({len(glossary.terms)} terms)")
