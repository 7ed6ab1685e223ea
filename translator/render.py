"""Document + translations → localised text, everything outside the sentences byte for byte."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

import yaml

from translator.catalog.groups import JOINED, marker
from translator.document.model import Document, Quoting, Segment
from translator.locales import LocaleInfo

# Whitespace that may stand between two sentences of one line; the target's own joiner
# replaces it once either neighbour is translated.
_INLINE_SPACE = frozenset(" \t\u3000")


@dataclass(frozen=True)
class RenderedSpan:
    """Where one segment's text went in the output: ``start``/``end`` index the rendered
    text; ``translated`` is False where the source text was copied. A sentence rendered
    away (``<with previous>``, ``<omitted>``) has an empty span."""

    segment: Segment
    start: int
    end: int
    translated: bool


def render_document(
    doc: Document,
    translations: Mapping[str, str],
    locale: LocaleInfo,
    *,
    spans: list[RenderedSpan] | None = None,
) -> str:
    """Replace each translatable sentence by its translation when there is one.

    Untranslated sentences keep their source text; text between sentences is copied,
    except that two sentences on one line are joined the way ``locale`` joins them.
    With no translations the result is ``doc.text`` itself. Sentences translated
    together (``catalog.groups``) render as their group's translation. ``spans``, when
    given, receives where each segment went in the output.
    """
    out: list[str] = []
    size = 0
    text = doc.text
    pos = 0
    previous: Segment | None = None
    previous_translated = False
    group_translated = False  # the group the previous sentence belongs to was translated
    drop_gap = False  # the first sentence of this block rendered as nothing
    for segment in doc.segments:
        translation = translations.get(segment.msgid) if segment.translatable else None
        same_block = previous is not None and previous.block == segment.block
        mark = marker(translation)
        if mark is JOINED and not (same_block and group_translated):
            translation = None  # nothing before it to carry it: the source stays
        translated = bool(translation)
        gap = text[pos : segment.start]
        if mark is not None and translated:
            piece = ""  # carried by the group's translation, or left out on purpose
            if same_block:
                gap = ""
            else:
                drop_gap = True
        else:
            if same_block and drop_gap:
                gap = ""
            elif (
                (translated or previous_translated)
                and same_block
                and all(c in _INLINE_SPACE for c in gap)
            ):
                gap = locale.sentence_joiner
            drop_gap = False
            source = text[segment.start : segment.end]
            piece = _write(segment, translation) if translation else source
        if mark is not JOINED:
            group_translated = translated
        out.append(gap)
        size += len(gap)
        out.append(piece)
        if spans is not None:
            spans.append(RenderedSpan(segment, size, size + len(piece), translated))
        size += len(piece)
        pos = segment.end
        previous, previous_translated = segment, translated
    out.append(text[pos:])
    return "".join(out)


def _write(segment: Segment, translation: str) -> str:
    if segment.quoting is Quoting.MARKDOWN:
        if segment.continuation is None:
            return " ".join(translation.splitlines())
        return translation.replace("\n", "\n" + segment.continuation)
    one_line = " ".join(translation.splitlines())
    if segment.quoting is Quoting.YAML_SINGLE:
        return "'" + one_line.replace("'", "''") + "'"
    if segment.quoting is Quoting.YAML_PLAIN and _is_plain_scalar(one_line):
        return one_line
    return json.dumps(one_line, ensure_ascii=False)  # a JSON string is a valid YAML "…" scalar


def _is_plain_scalar(value: str) -> bool:
    try:
        return bool(yaml.safe_load(f"k: {value}") == {"k": value})
    except yaml.YAMLError:
        return False
