"""What the project commands share: finding the project file (for commands run without
explicit paths), the options several of them declare, and printing their report lines
and progress."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TextIO, TypeVar, overload

import click

from translator.cli.completion import complete_project_locales
from translator.errors import TranslatorError

if TYPE_CHECKING:
    from translator.config import ProjectConfig
    from translator.pipeline import SourceOptions

FC = TypeVar("FC", bound=Callable[..., object] | click.Command)


@overload
def project_config(ctx: click.Context, *, required: Literal[True] = True) -> ProjectConfig: ...
@overload
def project_config(ctx: click.Context, *, required: bool) -> ProjectConfig | None: ...
def project_config(ctx: click.Context, *, required: bool = True) -> ProjectConfig | None:
    """The --config file, else the nearest translator.yaml; None if absent and optional."""
    # Imported here: `translator update FILE -t POT` reads no project file.
    from translator.config import CONFIG_NAME, find_config, load_config

    given = (ctx.find_root().obj or {}).get("config_path")
    path = Path(given) if given else find_config()
    if path is None:
        if required:
            raise TranslatorError(
                f"no {CONFIG_NAME} here or in any parent folder: give paths explicitly "
                "(see --help) or create a project file"
            )
        return None
    return load_config(path)


# A file that must exist (catalogs, glossaries, sources given on the command line).
existing_file = click.Path(exists=True, dir_okay=False, path_type=Path)


def locales_option(help: str) -> Callable[[FC], FC]:
    """-l/--locale, repeatable, completed from the project's target locales."""
    return click.option(
        "-l",
        "--locale",
        "locales",
        multiple=True,
        shell_complete=complete_project_locales,
        help=help,
    )


def format_option(help: str) -> Callable[[FC], FC]:
    """--format text|json (parameter ``fmt``), text by default; ``help`` says what each gives."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=help,
    )


glossary_option = click.option(
    "--glossary",
    "glossary_paths",
    multiple=True,
    type=existing_file,
    help="Glossary file (YAML, TBX or CSV) instead of the project's; repeatable.",
)
no_obsolete_option = click.option(
    "--no-obsolete", is_flag=True, help="Drop entries no longer in the source instead of #~."
)


def source_text_options(
    locale_help: str | None = None, keys_help: str | None = None
) -> Callable[[FC], FC]:
    """--source-locale and --front-matter-key: how to read a source given by path (the
    project file says it for the project's documents); see ``given_source_options``."""

    def decorate(command: FC) -> FC:
        keys = click.option("--front-matter-key", "keys", multiple=True, help=keys_help)
        locale = click.option("--source-locale", default="ja", show_default=True, help=locale_help)
        return locale(keys(command))

    return decorate


def given_source_options(source_locale: str, keys: tuple[str, ...]) -> SourceOptions:
    """The SourceOptions of --source-locale and --front-matter-key."""
    from translator import pipeline
    from translator.locales import known_locale

    known_locale(source_locale)
    return pipeline.SourceOptions(
        locale=source_locale, front_matter_keys=keys or pipeline.DEFAULT_FRONT_MATTER_KEYS
    )


def one_locale(locales: tuple[str, ...], given: str) -> str | None:
    """The --locale of a command run on explicit paths (``given``), where one at most
    makes sense."""
    if len(locales) > 1:
        raise click.UsageError(f"with {given} give at most one --locale")
    return locales[0] if locales else None


def echo_report(line: str) -> None:
    click.echo(line, err=line.startswith("warning:"))


class CatalogStatus:
    """"updating 12/400 catalogs" on the last line of a terminal while a long step runs.

    Report lines print above it as they come; off a terminal (pipes, CI logs) it writes
    nothing, and the report lines alone tell the story. Use it as a context manager: the
    line is cleared however the step ends.
    """

    def __init__(self, verb: str, stream: TextIO | None = None) -> None:
        self.verb = verb
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.text = ""  # what the status line shows; only ever set on a terminal
        self._drawn_at = 0.0

    def __enter__(self) -> CatalogStatus:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._clear()
        self.text = ""

    def progress(self, done: int, total: int) -> None:
        if not self.tty:
            return
        text = f"{self.verb} {done}/{total} catalogs…" if done < total else ""
        now = time.monotonic()
        # Redrawing costs a write per catalog; ten times a second is plenty (the next
        # report line shows the latest count anyway).
        if done and text and now - self._drawn_at < 0.1:
            self.text = text
            return
        self._drawn_at = now
        self._clear()
        self.text = text
        self._draw()

    def report(self, line: str) -> None:
        self._clear()
        echo_report(line)
        self._draw()

    def _draw(self) -> None:
        if self.text:
            self.stream.write(self.text)
            self.stream.flush()

    def _clear(self) -> None:
        if self.text:
            self.stream.write("\r" + " " * len(self.text) + "\r")
            self.stream.flush()
