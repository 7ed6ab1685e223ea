"""Taking back edits made in a rendered article (``translator absorb``).

A reviewer edits ``build/en/article.md``, the file they read. ``absorb_edits`` finds each
edit against the render of the current catalog and gives the source sentences it touches
their new text (``edits``, ``write``); what a catalog cannot hold is reported
(``takeback``). A render record beside each rendered file (``record``) tells whether the
file was rendered from the source and catalog as they are now.

``render`` needs only the records; the rest is loaded when first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from translator.absorb.record import (
    RenderRecord,
    digest,
    edited_since,
    read_record,
    record_path,
    translations_digest,
    write_record,
)

if TYPE_CHECKING:
    from translator.absorb.edits import Change, find_changes
    from translator.absorb.takeback import AbsorbReport, Leftover, absorb_edits
    from translator.absorb.write import Applied, apply_changes

_LAZY = {
    "Change": "edits",
    "find_changes": "edits",
    "AbsorbReport": "takeback",
    "Leftover": "takeback",
    "absorb_edits": "takeback",
    "Applied": "write",
    "apply_changes": "write",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"translator.absorb.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AbsorbReport",
    "Applied",
    "Change",
    "Leftover",
    "RenderRecord",
    "absorb_edits",
    "apply_changes",
    "digest",
    "edited_since",
    "find_changes",
    "read_record",
    "record_path",
    "translations_digest",
    "write_record",
]
