"""tm: the project's translation memory — import TMX/PO, export TMX, show what it holds."""

from __future__ import annotations

from pathlib import Path

import click

from translator.catalog.pofile import read_catalog
from translator.cli._project import project_config
from translator.config import ProjectConfig
from translator.errors import TranslatorError
from translator.project import documents
from translator.tm import TranslationMemory

_file = click.Path(path_type=Path, dir_okay=False)


def _open(ctx: click.Context) -> tuple[ProjectConfig, TranslationMemory]:
    config = project_config(ctx)
    assert config is not None
    return config, TranslationMemory(config.root / config.translation_memory)


@click.group("tm")
def tm_group() -> None:
    """The project's translation memory (translation_memory in translator.yaml).

    \b
      translator tm import FILE.tmx|FILE.po ...   add units (latest translation wins)
      translator tm import                        add every project catalog's approved ones
      translator tm export -o FILE.tmx            write it as TMX 1.4b
      translator tm stats                         units per locale pair
    """


@tm_group.command("import")
@click.argument("files", nargs=-1, type=_file)
@click.option(
    "--target-locale",
    default=None,
    help="Locale of a PO file without a Language header (or to file every TMX target under).",
)
@click.pass_context
def tm_import(ctx: click.Context, files: tuple[Path, ...], target_locale: str | None) -> None:
    """Import TMX or PO files (default: the project's catalogs' approved translations)."""
    config, tm = _open(ctx)
    with tm:
        if not files:
            total = 0
            for doc in documents(config):
                for locale in config.target_locales:
                    path = doc.catalog(config, locale)
                    if path.exists():
                        total += tm.add_catalog(
                            read_catalog(path),
                            config.source_locale,
                            locale,
                            config.relative(path),
                        )
            click.echo(f"{total} units new or changed from the project's catalogs")
            return
        for path in files:
            if not path.exists():
                raise TranslatorError("no such file", str(path))
            counts = tm.import_file(
                path,
                config.source_locale,
                target_locale=target_locale,
                known_locales=config.target_locales,
            )
            detail = ", ".join(f"{loc}: {n}" for loc, n in sorted(counts.items())) or "none"
            click.echo(f"{path}: units new or changed: {detail}")


@tm_group.command("export")
@click.option("-o", "--output", type=_file, required=True, help="The TMX file to write.")
@click.option("-l", "--locale", "locales", multiple=True, help="Only these target locales.")
@click.pass_context
def tm_export(ctx: click.Context, output: Path, locales: tuple[str, ...]) -> None:
    """Export the memory as TMX 1.4b (source: the project's source locale)."""
    config, tm = _open(ctx)
    with tm:
        count = tm.export_tmx(output, config.source_locale, locales)
    click.echo(f"{output}: {count} units")


@tm_group.command("stats")
@click.pass_context
def tm_stats(ctx: click.Context) -> None:
    """Units per locale pair."""
    config, tm = _open(ctx)
    with tm:
        pairs = tm.pairs()
    if not pairs:
        click.echo(f"{config.translation_memory}: empty")
    for source, target, count in pairs:
        click.echo(f"{source} -> {target}: {count} units")
