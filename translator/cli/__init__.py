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
# name: (module:attribute, one-line summary for `translator --help`), in workflow order.
_COMMANDS = {
    "init": ("translator.cli.init:init_command", "write a commented translator.yaml"),
    "extract": (
        "translator.cli.pipeline:extract_command",
        "source Markdown -> one POT per document",
    ),
    "update": ("translator.cli.pipeline:update_command", "POT -> one PO per target locale"),
    "sync": ("translator.cli.pipeline:sync_command", "extract + update, the whole project at once"),
    "check": ("translator.cli.check:check_command", "glossary, number and markup checks"),
    "translate": (
        "translator.cli.translate:translate_command",
        "fuzzy drafts from the translation memory or an MT server",
    ),
    "render": (
        "translator.cli.pipeline:render_command",
        "PO -> localised Markdown (or HTML pages) per locale",
    ),
    "status": ("translator.cli.pipeline:status_command", "completeness, document x locale"),
    "report": (
        "translator.cli.report:report_command",
        "an HTML report: overview, entries side by side, findings",
    ),
    "pseudo": ("translator.cli.pipeline:pseudo_command", "pseudo-translations to test rendering"),
    "glossary": ("translator.cli.glossary:glossary_group", "list, import and export terms"),
    "tm": ("translator.cli.tm:tm_group", "import/export the translation memory"),
    "segment": ("translator.cli.segment:segment_command", "show how text splits into sentences"),
    "align": (
        "translator.cli.align:align_command",
        "adopt an existing translation: align it into the catalog",
    ),
    "absorb": (
        "translator.cli.absorb:absorb_command",
        "take back edits made in a rendered article into its catalog",
    ),
}


class _Group(click.Group):
    """Loads commands lazily; turns TranslatorError and Ctrl-C into one line, never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in _COMMANDS:
            return None
        module, attr = _COMMANDS[cmd_name][0].split(":")
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # The summaries are here so that --help need not import every command module.
        with formatter.section("Commands"):
            formatter.write_dl([(name, summary) for name, (_, summary) in _COMMANDS.items()])

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

    With a project file (translator.yaml, found in this folder or above) the commands
    need no arguments: extract, update (or sync), check, translate, render, status.
    Every command also works on explicit paths; see its --help.
    """
    ctx.obj = {"config_path": config_path}
