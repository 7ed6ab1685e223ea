"""Document + translations → localised text, everything outside the sentences byte for byte."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import yaml

from translator.catalog.groups import JOINED, marker
from translator.document.definitions import write_title
from translator.document.links import Relabelled, keep_reference_labels
from translator.document.model import Document, Quoting, Segment
from translator.locales import LocaleInfo

# Whitespace that may stand between two sentences of one line; the target's own joiner
# replaces it once either neighbour is translated.
_INLINE_SPACE = frozenset(" \t\u3000")
_TITLES = frozenset({Quoting.TITLE_DOUBLE, Quoting.TITLE_SINGLE, Quoting.TITLE_PARENS})


# (segment, text) -> the text to write in its place
SegmentHook = Callable[[Segment, str], str]


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
    warnings: list[str] | None = None,
    *,
    on_translated: SegmentHook | None = None,
    on_fallback: SegmentHook | None = None,
    spans: list[RenderedSpan] | None = None,
) -> str:
    """Replace each translatable sentence by its translation when there is one.

    Untranslated sentences keep their source text; text between sentences is copied,
    except that two sentences on one line are joined the way ``locale`` joins them.
    With no translations the result is ``doc.text`` itself. Sentences translated
    together (``catalog.groups``) render as their group's translation. A translation
    whose reference links cannot be kept resolving (``document.links``) adds a line to
    ``warnings``. ``spans``, when given, receives where each segment went in the output.

    ``on_translated(segment, translation)`` may change a translation before it is written,
    and ``on_fallback(segment, source)`` the source text of a translatable sentence that has
    none (the HTML article escapes markup and marks the language this way).
    """
    out: list[str] = []
    size = 0
    text = doc.text
    pos = 0
    previous: Segment | None = None
    previous_translated = False
    relabelled: dict[str, Relabelled] = {}  # msgid -> its translation, references kept
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
            if translation:
                if doc.references and segment.quoting is Quoting.MARKDOWN:
                    translation = _relabel(doc, segment, translation, relabelled, warnings)
                if on_translated is not None:
                    translation = on_translated(segment, translation)
                piece = _write(segment, translation)
            elif on_fallback is not None and segment.translatable:
                piece = on_fallback(segment, source)
            else:
                piece = source
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


def _relabel(
    doc: Document,
    segment: Segment,
    translation: str,
    done: dict[str, Relabelled],
    warnings: list[str] | None,
) -> str:
    """The translation with the segment's reference links still resolving (once per msgid)."""
    kept = done.get(segment.msgid)
    if kept is None:
        kept = done[segment.msgid] = keep_reference_labels(
            segment.msgid, translation, doc.references
        )
    if kept.lost and warnings is not None:
        labels = ", ".join(f"[{label}]" for label in kept.lost)
        warnings.append(
            f"{doc.path}:{segment.line}: the translation no longer links {labels}: its "
            "bracketed texts do not pair with the source's references; write each as "
            "[text][label]"
        )
    return kept.text


def _write(segment: Segment, translation: str) -> str:
    if segment.quoting is Quoting.MARKDOWN:
        if segment.continuation is None:
            return " ".join(translation.splitlines())
        return translation.replace("\n", "\n" + segment.continuation)
    if segment.quoting in _TITLES:
        return write_title(translation, segment.quoting)
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
