"""``translator init``: write a commented translator.yaml, asking on a terminal."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from translator._io import read_if_present, write_text_atomic
from translator.cli._project import echo_report
from translator.cli.completion import complete_any_locale
from translator.config import DEFAULT_RENDER_THRESHOLD
from translator.errors import TranslatorError
from translator.init import (
    LAYOUTS,
    Answers,
    checked,
    default_path,
    documents_for,
    guess,
    names_collide,
)
from translator.locales import known_locale


def _locale_list(values: tuple[str, ...] | str) -> tuple[str, ...]:
    """Locales given as repeated options or as one answer: "en, zh_Hans de"."""
    words = values.replace(",", " ").split() if isinstance(values, str) else values
    out = []
    for word in words:
        try:
            out.append(known_locale(word))
        except TranslatorError as exc:
            raise click.BadParameter(exc.message) from None
    return tuple(out)


@click.command("init")
@click.option(
    "--layout",
    type=click.Choice(list(LAYOUTS)),
    default=None,
    help="Where sources, catalogs and translations live [guessed: mkdocs.yml, "
    "docusaurus.config.js, a Hugo config, locales/*/LC_MESSAGES; else simple].",
)
@click.option(
    "--source",
    "source_locale",
    default=None,
    shell_complete=complete_any_locale,
    help="Language of the documents [guessed from their script].",
)
@click.option(
    "--target",
    "targets",
    multiple=True,
    shell_complete=complete_any_locale,
    help="A locale to translate into (repeatable) [the locales of existing catalogs].",
)
@click.option(
    "--documents",
    "documents",
    multiple=True,
    help="Glob pattern of the source documents (repeatable) [the layout's, or the "
    "Markdown files found].",
)
@click.option(
    "--render-threshold",
    type=click.FloatRange(0, 100),
    default=DEFAULT_RENDER_THRESHOLD,
    show_default=True,
    help="Percent translated before a document is rendered.",
)
@click.option("--sync", "then_sync", is_flag=True, help="Create the templates and catalogs now.")
@click.option("--force", is_flag=True, help="Replace an existing translator.yaml.")
@click.option(
    "-y", "--yes", is_flag=True, help="Ask nothing on a terminal: take the flags and guesses."
)
@click.pass_context
def init_command(
    ctx: click.Context,
    layout: str | None,
    source_locale: str | None,
    targets: tuple[str, ...],
    documents: tuple[str, ...],
    render_threshold: float,
    then_sync: bool,
    force: bool,
    yes: bool,
) -> None:
    """Write a commented translator.yaml for the documents in this folder.

    \b
    On a terminal it asks for each setting, offering what it guessed from the folder;
    otherwise (CI, scripts) it takes the flags and the guesses:
      translator init --source ja --target en --target zh_Hans --documents 'docs/**/*.md'
    \b
    Layouts (--layout), each as its own documentation describes it:
      simple      locales/<doc>.pot, locales/<locale>/<doc>.po, build/<locale>/<doc>.md
      gettext     locales/<locale>/LC_MESSAGES/<doc>.po (GNU gettext's tree)
      mkdocs      docs/page.md -> docs/page.<locale>.md (mkdocs-static-i18n suffixes)
      docusaurus  docs/x.md -> i18n/<locale>/docusaurus-plugin-content-docs/current/x.md
      hugo        content/<source>/x.md -> content/<locale>/x.md (content directories)
    An existing translator.yaml is left alone unless --force is given; --sync then
    creates the templates and the empty catalogs.
    """
    path = default_path((ctx.find_root().obj or {}).get("config_path"))
    old, stamp = read_if_present(path)
    if old is not None and not force:
        raise TranslatorError("exists; nothing written (--force replaces it)", str(path))
    root = path.parent
    answers = guess(root, layout, known_locale(source_locale) if source_locale else None)
    if targets:
        answers = replace(answers, target_locales=_locale_list(targets))
    if documents:
        answers = replace(answers, documents=documents, by_path=names_collide(root, documents))
    answers = replace(answers, render_threshold=render_threshold)
    if sys.stdin.isatty() and not yes:
        answers = _ask(
            root,
            answers,
            ask_layout=layout is None,
            ask_source=source_locale is None,
            ask_targets=not targets,
            ask_documents=not documents,
        )
    elif not answers.target_locales:
        raise click.UsageError("give the locales to translate into with --target (repeatable)")
    text, config = checked(answers, path)
    from translator import project

    try:
        found = len(project.documents(config))
        problem = None
    except TranslatorError as exc:
        found, problem = 0, exc.message
    if problem is not None and then_sync:
        raise TranslatorError(f"{problem}; nothing written", str(path))
    write_text_atomic(path, text, expect=stamp)
    click.echo(f"wrote {path} (layout {answers.layout})")
    for setting, reason in answers.reasons:
        click.echo(f"  {setting}: from {reason}")
    click.echo(
        f"  {config.source_locale} -> {', '.join(config.target_locales)}; documents: "
        + ", ".join(config.documents)
        + f" ({found} found)"
    )
    if problem is not None:
        click.echo(f"warning: {problem}: change 'documents' in {path.name}", err=True)
    if then_sync:
        project.sync_all(config, echo_report)
    else:
        click.echo("next: 'translator sync' creates the templates and catalogs")


def _ask(
    root: Path,
    answers: Answers,
    *,
    ask_layout: bool,
    ask_source: bool,
    ask_targets: bool,
    ask_documents: bool,
) -> Answers:
    """Ask for each setting not given as a flag, offering the guess."""
    if ask_layout:
        for name, layout in LAYOUTS.items():
            click.echo(f"  {name:<11} {layout.summary}")
        chosen = click.prompt(
            "Layout", type=click.Choice(list(LAYOUTS)), default=answers.layout, show_choices=False
        )
        if chosen != answers.layout:
            fresh = guess(root, chosen, answers.source_locale)
            answers = replace(
                fresh,
                target_locales=answers.target_locales or fresh.target_locales,
                documents=fresh.documents if ask_documents else answers.documents,
                render_threshold=answers.render_threshold,
            )
    if ask_source:
        source = click.prompt(
            "Language of the documents", default=answers.source_locale, value_proc=_one_locale
        )
        if source != answers.source_locale:
            answers = replace(answers, source_locale=source)
            if ask_documents:
                answers = replace(answers, documents=documents_for(root, answers.layout, source))
    if ask_targets:
        default = " ".join(answers.target_locales) or None
        targets = click.prompt(
            "Translate into (locales, separated by spaces)",
            default=default,
            value_proc=_locale_list,
        )
        answers = replace(answers, target_locales=targets)
    if ask_documents:
        pattern = click.prompt("Documents (glob pattern)", default=answers.documents[0])
        answers = replace(answers, documents=(pattern,), by_path=names_collide(root, (pattern,)))
    return answers


def _one_locale(value: str) -> str:
    codes = _locale_list(value)
    if len(codes) != 1:
        raise click.BadParameter("give one locale")
    return codes[0]
