"""The ``translator`` command line: thin commands over the library.

Each command parses its options and calls one library function. Errors the user can fix
arrive as TranslatorError and are printed as one line (exit 1); usage errors exit 2.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from translator import __version__
from translator.errors import TranslatorError

# Each command lives in its own module, imported only when that command runs, so
# `translator extract` does not pay for the MT engines or the glossary checker.
_COMMANDS = {
    "extract": "translator.cli.pipeline:extract_command",
    "update": "translator.cli.pipeline:update_command",
    "sync": "translator.cli.pipeline:sync_command",
    "render": "translator.cli.pipeline:render_command",
    "status": "translator.cli.pipeline:status_command",
    "pseudo": "translator.cli.pipeline:pseudo_command",
    "check": "translator.cli.check:check_command",
    "glossary": "translator.cli.glossary:glossary_group",
    "translate": "translator.cli.translate:translate_command",
    "tm": "translator.cli.tm:tm_group",
}


class _Group(click.Group):
    """Loads commands lazily; turns TranslatorError and Ctrl-C into one line, never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TranslatorError as exc:
            click.echo(f"translator: error: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("translator: interrupted; files already written are complete", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="translator")
@click.option(
    "--config",
    "-c",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Project file (default: the nearest translator.yaml in this folder or above).",
)
@click.pass_context
def main(ctx: click.Context, config_path: str | None) -> None:
    """Keep a Markdown article and its translations in sync through gettext catalogs.

    \b
    With a project file (translator.yaml), the commands need no arguments:
      translator extract     source Markdown -> one POT per document
      translator update      POT -> one PO per target locale (created or merged)
      translator sync        extract + update, the whole project at once
      translator render      PO -> localised Markdown per locale
      translator status      completeness, document x locale
      translator pseudo      pseudo-translated catalogs to test rendering
      translator check       glossary, number and markup checks (a CI gate)
      translator glossary    list, import and export terminology
      translator translate   pre-translate from the translation memory or an MT server
      translator tm          import/export the translation memory (TMX, PO)

    Every command also works on explicit paths; see its --help.
    """
    ctx.obj = {"config_path": config_path}
