"""Take back the edits of one rendered file into its catalog, and say what could not be.

The edits are found against the render of the current catalog (``edits``), written into
the catalog (``write``), and the catalog is rendered again with them: whatever that
render does not give back is a leftover — Markdown structure, code, a paragraph with no
source sentence — which a catalog cannot hold and the next render would lose.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import polib

from translator.absorb.edits import find_changes, hunks
from translator.absorb.write import Applied, apply_changes
from translator.document.model import Document
from translator.glossary.model import Glossary
from translator.locales import LocaleInfo
from translator.render import RenderedSpan, render_document

_INLINE_SPACE = re.compile(r"[ \t\u3000]+")


@dataclass(frozen=True)
class Leftover:
    """Edited text the catalog cannot hold: lines ``line`` to ``last`` of the edited file
    (its text there; "" and ``last`` = ``line`` - 1 where lines were deleted before
    ``line``) and what the render gives in their place."""

    line: int
    last: int
    edited: str
    rendered: str

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "last_line": self.last,
            "edited": self.edited,
            "rendered": self.rendered,
        }


@dataclass
class AbsorbReport:
    """What taking back the edits of one file did (or, in a dry run, would do)."""

    applied: list[Applied] = field(default_factory=list)
    leftovers: list[Leftover] = field(default_factory=list)
    spacing: int = 0  # places where render's spacing between sentences differs from the file's
    rendered: str = ""  # what the catalog renders now (fuzzy entries as the record says)

    @property
    def written(self) -> list[Applied]:
        return [a for a in self.applied if a.written]

    @property
    def exact(self) -> bool:
        """Every edit is in the catalog: rendering it gives the edited file back (but
        for the spacing between sentences, which render decides)."""
        return not self.leftovers


def absorb_edits(
    doc: Document,
    po: polib.POFile,
    translations: Mapping[str, str],
    rendered: str,
    spans: Sequence[RenderedSpan],
    edited: Document,
    locale: LocaleInfo,
    *,
    include_fuzzy: bool = False,
    fuzzy: bool = False,
    glossary: Glossary | None = None,
) -> AbsorbReport:
    """Write the edits of ``edited`` (a render of ``doc`` with ``translations``, giving
    ``rendered`` and ``spans``, then edited) into ``po``."""
    from translator.catalog.stats import translations as usable

    changes = find_changes(doc, translations, rendered, spans, edited, locale.code, glossary)
    applied = apply_changes(po, doc, changes, fuzzy=fuzzy)
    now = usable(po, include_fuzzy=include_fuzzy)
    # Is every edit in the catalog? Fuzzy ones count: they are there, for approval.
    held = dict(now)
    entries = {e.msgid: e for e in po if not e.obsolete and e.msgctxt is None}
    for item in applied:
        for segment in item.change.segments:
            entry = entries.get(segment.msgid)
            if item.written and entry is not None and entry.msgstr:
                held[segment.msgid] = entry.msgstr
    rendered_now = render_document(doc, now, locale)
    # (Without fuzzy edits, or with fuzzy renders, the two renders are one.)
    with_held = rendered_now if held == now else render_document(doc, held, locale)
    left, spacing = leftovers(with_held, edited.text)
    return AbsorbReport(applied, left, spacing, rendered_now)


def leftovers(rendered: str, edited: str) -> tuple[list[Leftover], int]:
    """Where ``edited`` differs from ``rendered``, line by line; and how many places
    differ only in spaces between words (render joins sentences the target's way: a
    reviewer who typed no space after a period gets one)."""
    a = rendered.splitlines(keepends=True)
    b = edited.splitlines(keepends=True)
    places: list[tuple[int, int, int, int]] = []
    for i1, i2, j1, j2 in hunks(a, b):
        # One place, however blank lines happened to match inside it (a split paragraph).
        if places and all(not line.strip() for line in b[places[-1][3] : j1]):
            i1, j1 = places.pop()[0::2]
        places.append((i1, i2, j1, j2))
    found = []
    spacing = 0
    for i1, i2, j1, j2 in places:
        now, was = "".join(b[j1:j2]), "".join(a[i1:i2])
        if _INLINE_SPACE.sub("", now) == _INLINE_SPACE.sub("", was):
            spacing += 1
            continue
        while j2 - 1 > j1 and not b[j2 - 1].strip():
            j2 -= 1  # a blank line that came along
        found.append(Leftover(j1 + 1, j2, "".join(b[j1:j2]), was))
    return found, spacing
