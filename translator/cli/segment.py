"""``translator segment``: show how a text file is cut into sentences, or export SRX rules."""

from __future__ import annotations

import json
import sys

import click

from translator._io import read_text, write_text_atomic
from translator.document.inline import fold_soft_breaks
from translator.errors import TranslatorError
from translator.segment import export_srx, sentence_spans


@click.command("segment")
@click.argument("file", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--lang", default="ja", show_default=True, help="Language of the text (ja, en, zh…).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one sentence per line (soft line breaks folded, hard breaks as \\n); "
    "json: a list of {start, end, line, text} with offsets into the file.",
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
def segment_command(
    file: str | None, lang: str, fmt: str, export_srx: bool, output: str | None
) -> None:
    """Print the sentences of FILE (plain text or Markdown; '-' for standard input).

    A blank line, or a line starting with a block marker (#, -, *, +, 1., ・, ※), always
    ends a sentence; a single newline is a soft wrap.
    """
    if export_srx:
        langs = ("ja", "en", "zh") if file is None else ()
        if file is not None:
            raise TranslatorError("--export-srx takes no FILE (use -o to choose the output)")
        result = _export(langs, lang)
    else:
        if file is None:
            raise TranslatorError("give a FILE to segment, or --export-srx")
        text = sys.stdin.read() if file == "-" else read_text(file)
        result = _segment(text, lang, fmt)
    if output is None:
        click.echo(result, nl=False)
    else:
        write_text_atomic(output, result)


def _export(langs: tuple[str, ...], lang: str) -> str:
    # The requested language's rules first, then the others.
    ordered = [lang, *langs] if lang else list(langs)
    return export_srx(ordered)


def _segment(text: str, lang: str, fmt: str) -> str:
    spans = sentence_spans(text, lang)
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
