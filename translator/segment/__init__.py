"""Sentence segmentation for Japanese (and English, Chinese) Markdown inline source.

``sentence_spans`` returns (start, end) offsets into the untouched text: in order,
non-overlapping, stripped of surrounding whitespace, never empty. The rules are data
(``rules/<lang>.yaml``); the scanner is one regex plus a bracket stack (see ``_engine``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from translator.segment import _engine
from translator.segment._rules import OVERRIDE_KEYS, SegmentRules, language_of, load_rules

__all__ = [
    "OVERRIDE_KEYS",
    "SegmentRules",
    "export_srx",
    "language_of",
    "load_rules",
    "sentence_spans",
    "split_sentences",
]


_BY_CODE: dict[str, SegmentRules] = {}


def sentence_spans(
    text: str, lang: str = "ja", rules: SegmentRules | None = None
) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` (a paragraph or Markdown inline content).

    ``rules`` (from :func:`load_rules`) wins over ``lang`` when given.
    """
    if rules is None:
        rules = _BY_CODE.get(lang)
        if rules is None:
            rules = _BY_CODE[lang] = load_rules(lang)
    return _engine.sentence_spans(text, rules)


def split_sentences(text: str, lang: str = "ja") -> list[str]:
    """The sentences of ``text``, verbatim."""
    return [text[s:e] for s, e in sentence_spans(text, lang)]


def export_srx(
    langs: Sequence[str] = ("ja", "en", "zh"),
    overrides: Mapping[str, Mapping[str, object]] | None = None,
) -> str:
    """SRX 2.0 XML of the rules for ``langs`` (see :mod:`translator.segment.srx`)."""
    # Imported on use: the XML helpers cost every other command start-up time.
    from translator.segment.srx import export_srx as export

    return export(langs, overrides)
