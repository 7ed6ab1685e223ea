"""translate: fuzzy drafts from the translation memory or a machine-translation server."""

from __future__ import annotations

from pathlib import Path

import click

from translator.cli._project import (
    echo_report,
    existing_file,
    glossary_option,
    locales_option,
    project_config,
)
from translator.translate.runner import (
    RunStopped,
    Summary,
    TranslateOptions,
    translate_files,
    translate_project,
)
from translator.translate.settings import ENGINES, UNITS


@click.command("translate")
@click.argument("catalogs", nargs=-1, type=existing_file)
@locales_option("Only these locales (repeatable).")
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default=None,
    help="Where drafts come from [machine_translation.engine, else tm].",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Show what would be sent (the first request in full, never the key); send and "
    "write nothing.",
)
@click.option("--refresh-fuzzy", is_flag=True, help="Redo fuzzy entries too (drafts replaced).")
@click.option("--url", default=None, help="Base URL of the engine's server (overrides config).")
@click.option("--model", default=None, help="Model name for the openai engine.")
@click.option(
    "--unit",
    type=click.Choice(UNITS),
    default=None,
    help="What one text sent is: a sentence, or a whole paragraph or list item whose reply "
    "is split back into its sentences (for LLM engines and short paragraphs; see README) "
    "[machine_translation.<engine>.unit, else sentence].",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 100),
    default=None,
    help="Similarity a fuzzy TM match needs [machine_translation.tm_threshold, else 75].",
)
@glossary_option
@click.option(
    "--tm",
    "tm_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Translation memory (SQLite) to use and fill [the project's; without a project, "
    "one of the given catalogs alone].",
)
@click.option(
    "--source-locale",
    default=None,
    help="Language of the msgids, for explicit catalogs outside a project [the project's].",
)
@click.pass_context
def translate_command(
    ctx: click.Context,
    catalogs: tuple[Path, ...],
    locales: tuple[str, ...],
    engine: str | None,
    dry_run: bool,
    refresh_fuzzy: bool,
    url: str | None,
    model: str | None,
    unit: str | None,
    threshold: float | None,
    glossary_paths: tuple[Path, ...],
    tm_path: Path | None,
    source_locale: str | None,
) -> None:
    """Pre-translate untranslated entries of catalogs as fuzzy drafts.

    \b
    Without arguments: every catalog of translator.yaml.
    With paths:        translator translate CATALOG.po ... [--engine deepl] [--glossary G]
                       each in its Language header's locale; the source locale, MT
                       settings, glossary and TM of a translator.yaml found above are
                       used, else --source-locale, --glossary and --tm (or defaults).

    \b
    Engines:  tm              the project's translation memory, offline (default)
              openai          an OpenAI-compatible chat server (vLLM, llama.cpp, Ollama)
              deepl           DeepL API v2 (key in DEEPL_AUTH_KEY)
              libretranslate  a LibreTranslate server
    Keys come only from OPENAI_API_KEY, DEEPL_AUTH_KEY, LIBRETRANSLATE_API_KEY.

    \b
    Context:  texts go in document order, each with where it stands: the document
              title, its section heading, its paragraph (or list item, heading, cell)
              and, around short ones, neighbouring sentences, with their approved
              translations (never drafts).
              openai: in the system prompt; deepl: the 'context' field (not billed);
              libretranslate has no context field: its texts go alone. Bounded by
              machine_translation.<engine>.context_chars (0: none), within max_chars.
              Explicit catalogs find their documents through their #: references.
    --unit paragraph sends the sentences of a paragraph that need drafts as one text and
    splits the reply back with the sentence aligner (into English with the EDICT lexicon:
    apt-get install edict, or TRANSLATOR_EDICT); a sentence it cannot place with
    confidence gets the text it may be part of, with a '# draft:' note saying so.
    --dry-run shows the first request.

    The translation memory is filled from every catalog's approved translations first.
    Exact TM matches serve every engine; fuzzy ones (>= threshold) the tm engine. Every
    draft is written fuzzy with a '# draft:' comment naming engine, model and score and
    '# draft check:' lines for glossary/number findings: 'render' skips drafts until a
    person approves them (removes the fuzzy flag). Finished batches are saved as they
    complete, so an interrupted run keeps its work and a re-run sends only the rest;
    replies are cached, so repeating a run sends nothing.
    """
    config = project_config(ctx, required=not catalogs)
    if source_locale is not None and not catalogs:
        raise click.UsageError("--source-locale is for explicit CATALOG paths")
    if catalogs and config is None and source_locale is None:
        raise click.UsageError(
            "no translator.yaml here or above: give the language of the msgids with "
            "--source-locale"
        )
    options = TranslateOptions(
        locales=locales,
        engine=engine,
        dry_run=dry_run,
        refresh_fuzzy=refresh_fuzzy,
        url=url,
        model=model,
        threshold=threshold,
        unit=unit,
    )
    try:
        if catalogs:
            summary = translate_files(
                catalogs,
                options,
                config=config,
                report=echo_report,
                source_locale=source_locale,
                glossary=glossary_paths,
                tm_path=tm_path,
            )
        else:
            assert config is not None
            summary = translate_project(
                config, options, report=echo_report, glossary=glossary_paths, tm_path=tm_path
            )
    except RunStopped as exc:
        _print_summary(exc.summary)
        raise
    _print_summary(summary)


def _print_summary(summary: Summary) -> None:
    for loc in summary.locales:
        for line in loc.failures:
            click.echo(f"warning: {line}", err=True)
    if summary.dry_run:
        preview = next((loc for loc in summary.locales if loc.preview), None)
        if preview is not None:
            click.echo(
                f"[{preview.locale}] the first of {preview.would_requests} requests would "
                "carry (the key is never shown):"
            )
            for line in (preview.preview or "").splitlines():
                click.echo(f"    {line}")
        for loc in summary.locales:
            if summary.engine == "tm":
                click.echo(
                    f"[{loc.locale}] dry run: {loc.segments} segments need drafts; "
                    f"{loc.from_tm} from the TM, {loc.segments - loc.from_tm} without a match"
                )
            else:
                texts = f" as {loc.would_texts} texts" if loc.would_texts != loc.would_send else ""
                context = f" (+{loc.would_context} of context)" if loc.would_context else ""
                click.echo(
                    f"[{loc.locale}] dry run: {loc.segments} segments need drafts; "
                    f"{loc.from_tm} from the TM, {loc.cache_hits} cached; would send "
                    f"{loc.would_send} segments{texts}, {loc.would_chars} characters{context} "
                    f"in about {loc.would_requests} requests to {summary.engine}"
                )
        click.echo("dry run: nothing sent, nothing written")
        return
    for loc in summary.locales:
        click.echo(
            f"[{loc.locale}] {loc.translated}/{loc.segments} drafted "
            f"({loc.from_tm} from TM, {loc.from_mt} from MT), {loc.failed} failed"
            + (f", {loc.no_match} without a TM match" if summary.engine == "tm" else "")
            + (
                f", {loc.requests} requests ({loc.retries} retries), "
                f"{loc.chars_sent} characters sent"
                + (f" (+{loc.context_chars} of context)" if loc.context_chars else "")
                + f", {loc.cache_hits} cache hits"
                if summary.engine != "tm"
                else ""
            )
            + (
                f"; {loc.unsure} placed without confidence (see their '# draft:' notes)"
                if loc.unsure
                else ""
            )
        )
    total = summary.total
    click.echo(
        f"translated {total('translated')}: {total('from_tm')} from TM, "
        f"{total('from_mt')} from MT ({summary.engine}, {summary.model}); "
        f"failed {total('failed')}; characters sent {total('chars_sent')}; "
        f"cache hits {total('cache_hits')}. Drafts are fuzzy: review them, then render."
    )
