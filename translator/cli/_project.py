"""Finding the project file for commands run without explicit paths."""

from __future__ import annotations

from pathlib import Path

import click

from translator.config import CONFIG_NAME, ProjectConfig, find_config, load_config
from translator.errors import TranslatorError


def project_config(ctx: click.Context, *, required: bool = True) -> ProjectConfig | None:
    """The --config file, else the nearest translator.yaml; None if absent and optional."""
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


def echo_report(line: str) -> None:
    click.echo(line, err=line.startswith("warning:"))
