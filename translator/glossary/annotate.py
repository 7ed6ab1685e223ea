"""Glossary terms as ``#.`` comments, so translators see them next to each sentence.

The template says which terms a sentence holds (``glossary: アリババ; Qwen 3``); each
locale's catalog says what they must become there (``glossary: アリババ → Alibaba``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import polib

from translator.glossary import (
    Glossary,
    expand_glossary_paths,
    glossary_comment,
    load_glossary,
    terms_in,
)

PREFIX = "glossary: "


def template_comments(glossary: Glossary, msgid: str) -> list[str]:
    """The target-independent comment line for one msgid (none when it holds no term)."""
    line = glossary_comment(terms_in(glossary, msgid), locale=None)
    return [line] if line else []


def annotate_catalog(po: polib.POFile, locale: str, *, glossary: Glossary) -> None:
    """Replace each entry's glossary comment line by the one for ``locale``."""
    for entry in po:
        if entry.obsolete or not entry.comment or PREFIX not in entry.comment:
            continue
        line = glossary_comment(terms_in(glossary, entry.msgid), locale=locale)
        lines = [ln for ln in entry.comment.split("\n") if not ln.startswith(PREFIX)]
        entry.comment = "\n".join([*lines, line] if line else lines)


@lru_cache(maxsize=4)
def project_glossary(patterns: tuple[str, ...], root: str) -> Glossary | None:
    """The glossary of a project, or None when its patterns match no file."""
    paths = expand_glossary_paths(patterns, Path(root))
    return load_glossary(paths) if paths else None
