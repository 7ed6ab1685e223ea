"""``translator segment``: show how a text file is cut into sentences, or export SRX rules."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping

import click

from translator._io import read_text, write_text_atomic
from translator.cli._project import format_option, project_config
from translator.document.inline import fold_soft_breaks
from translator.errors import TranslatorError
from translator.segment import export_srx, language_of, load_rules, sentence_spans


@click.command("segment")
@click.argument("file", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--lang",
    default=None,
    help="Language of the text (ja, en, zh…)  [default: the project's source locale, else ja]",
)
@format_option(
    "text: one sentence per line (soft line breaks folded, hard breaks as \\n); "
    "json: a list of {start, end, line, text} with offsets into the file."
)
@click.option(
    "--export-srx",
    is_flag=True,
    help="Write the rules as SRX 2.0 (for CAT tools and TMs) instead of segmenting.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write to this file instead of standard output.",
)
@click.pass_context
def segment_command(
    ctx: click.Context,
    file: str | None,
    lang: str | None,
    fmt: str,
    export_srx: bool,
    output: str | None,
) -> None:
    """Print the sentences of FILE (plain text or Markdown; '-' for standard input).

    A blank line, or a line starting with a block marker (#, -, *, +, 1., ・, ※), always
    ends a sentence; a single newline is a soft wrap. Inside a project, the
    `segmentation:` overrides of translator.yaml apply to its source language, exactly
    as `extract` applies them.
    """
    config = project_config(ctx, required=False)
    source = config.source_locale if config is not None else "ja"
    lang = lang or source
    overrides: dict[str, Mapping[str, object]] = {}
    if config is not None and config.segmentation:
        overrides[language_of(source)] = config.segmentation
    if export_srx:
        if file is not None:
            raise TranslatorError("--export-srx takes no FILE (use -o to choose the output)")
        result = _export(("ja", "en", "zh"), lang, overrides)
    else:
        if file is None:
            raise TranslatorError("give a FILE to segment, or --export-srx")
        text = sys.stdin.read() if file == "-" else read_text(file)
        result = _segment(text, lang, fmt, overrides.get(language_of(lang)))
    if output is None:
        click.echo(result, nl=False)
    else:
        write_text_atomic(output, result)


def _export(
    langs: tuple[str, ...], lang: str, overrides: Mapping[str, Mapping[str, object]]
) -> str:
    # The requested language's rules first, then the others.
    return export_srx([lang, *langs], overrides)


def _segment(text: str, lang: str, fmt: str, overrides: Mapping[str, object] | None) -> str:
    spans = sentence_spans(text, lang, load_rules(lang, overrides) if overrides else None)
    if fmt == "json":
        items: list[dict[str, object]] = []
        line, counted = 1, 0
        for s, e in spans:
            line += text.count("\n", counted, s)
            counted = s
            items.append({"start": s, "end": e, "line": line, "text": text[s:e]})
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    lines = [fold_soft_breaks(text[s:e]).replace("\n", "\\n") for s, e in spans]
    return "".join(line + "\n" for line in lines)
