"""tm: the project's translation memory — import TMX/PO, export TMX, show what it holds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from translator.catalog.pofile import read_catalog
from translator.cli._project import locales_option, project_config
from translator.config import ProjectConfig
from translator.errors import TranslatorError
from translator.locales import known_locale
from translator.project import documents
from translator.tm import TranslationMemory

_file = click.Path(path_type=Path, dir_okay=False)


_TM_OPTION = click.option(
    "--tm",
    "tm_path",
    type=_file,
    default=None,
    help="The memory (SQLite file) [the project's translation_memory].",
)
_SOURCE_OPTION = click.option(
    "--source-locale",
    default=None,
    help="Language of the sources, without a project [the project's source_locale].",
)


@dataclass(frozen=True)
class _Memory:
    config: ProjectConfig | None
    path: Path
    source_locale: str | None


def _open(ctx: click.Context, tm_path: Path | None, source_locale: str | None) -> _Memory:
    """The project's memory, or the --tm file (then the project, if any, gives the rest)."""
    config = project_config(ctx, required=tm_path is None)
    if tm_path is not None:
        path = tm_path
    else:
        assert config is not None  # required without --tm
        path = config.root / config.translation_memory
    source = known_locale(source_locale) if source_locale else None
    if source is None and config is not None:
        source = config.source_locale
    return _Memory(config, path, source)


def _needs_source(memory: _Memory) -> str:
    if memory.source_locale is None:
        raise click.UsageError("no translator.yaml here or above: give --source-locale")
    return memory.source_locale


@click.group("tm")
def tm_group() -> None:
    """The translation memory (translation_memory in translator.yaml, or --tm FILE).

    \b
      translator tm import FILE.tmx|FILE.po ...   add units (latest translation wins)
      translator tm import                        add every project catalog's approved ones
      translator tm export -o FILE.tmx            write it as TMX 1.4b
      translator tm stats                         units per locale pair
    Outside a project: translator tm import FILE.po --tm team.sqlite --source-locale ja
    """


@tm_group.command("import")
@click.argument("files", nargs=-1, type=_file)
@click.option(
    "--target-locale",
    default=None,
    help="Locale of a PO file without a Language header (or to file every TMX target under).",
)
@_TM_OPTION
@_SOURCE_OPTION
@click.pass_context
def tm_import(
    ctx: click.Context,
    files: tuple[Path, ...],
    target_locale: str | None,
    tm_path: Path | None,
    source_locale: str | None,
) -> None:
    """Import TMX or PO files (default: the project's catalogs' approved translations)."""
    memory = _open(ctx, tm_path, source_locale)
    config = memory.config
    if not files and config is None:
        raise click.UsageError("give the TMX or PO files to import (there is no project)")
    source = _needs_source(memory)
    for path in files:
        if not path.exists():
            raise TranslatorError("no such file", str(path))
    with TranslationMemory(memory.path) as tm:
        if not files:
            assert config is not None
            total = 0
            for doc in documents(config):
                for locale in config.target_locales:
                    path = doc.catalog(config, locale)
                    if path.exists():
                        total += tm.add_catalog(
                            read_catalog(path), source, locale, config.relative(path)
                        )
            click.echo(f"{total} units new or changed from the project's catalogs")
            return
        for path in files:
            counts = tm.import_file(
                path,
                source,
                target_locale=target_locale,
                known_locales=config.target_locales if config is not None else (),
            )
            detail = ", ".join(f"{loc}: {n}" for loc, n in sorted(counts.items())) or "none"
            click.echo(f"{path}: units new or changed: {detail}")


@tm_group.command("export")
@click.option("-o", "--output", type=_file, required=True, help="The TMX file to write.")
@locales_option("Only these target locales.")
@_TM_OPTION
@_SOURCE_OPTION
@click.pass_context
def tm_export(
    ctx: click.Context,
    output: Path,
    locales: tuple[str, ...],
    tm_path: Path | None,
    source_locale: str | None,
) -> None:
    """Export the memory as TMX 1.4b (source: the project's source locale)."""
    memory = _open(ctx, tm_path, source_locale)
    source = _needs_source(memory)
    with TranslationMemory(memory.path) as tm:
        count = tm.export_tmx(output, source, locales)
    click.echo(f"{output}: {count} units")


@tm_group.command("stats")
@_TM_OPTION
@click.pass_context
def tm_stats(ctx: click.Context, tm_path: Path | None) -> None:
    """Units per locale pair."""
    memory = _open(ctx, tm_path, None)
    with TranslationMemory(memory.path) as tm:
        pairs = tm.pairs()
    if not pairs:
        click.echo(f"{memory.path}: empty")
    for source, target, count in pairs:
        click.echo(f"{source} -> {target}: {count} units")
