"""Shell completion helpers (click's own mechanism: ``_TRANSLATOR_COMPLETE``).

A completion runs on every Tab press: it must be quick and must never print an error, so
a missing or broken project file simply offers nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from translator.errors import TranslatorError

if TYPE_CHECKING:  # click.shell_completion is loaded only when a completion runs
    from click.shell_completion import CompletionItem


def complete_project_locales(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The project's target locales (from --config or the nearest translator.yaml)."""
    from click.shell_completion import CompletionItem

    from translator.config import find_config, load_config

    given = ctx.find_root().params.get("config_path")
    try:
        path = Path(given) if given else find_config()
        if path is None:
            return []
        locales = load_config(path).target_locales
    except (TranslatorError, OSError):
        return []
    return [CompletionItem(code) for code in locales if code.startswith(incomplete)]


def complete_any_locale(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Every locale Babel has data for (init's --source and --target)."""
    from babel.localedata import locale_identifiers
    from click.shell_completion import CompletionItem

    prefix = incomplete.replace("-", "_")
    return [
        CompletionItem(code)
        for code in sorted(locale_identifiers())
        if code.startswith(prefix) and code != "root"
    ]
