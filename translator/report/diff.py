"""What changed in a source sentence: a character diff, as HTML.

Japanese has no spaces, so a word diff would mark whole sentences; characters it is,
with diff-match-patch's semantic clean-up, so that a changed number shows as 6 → 8
and not as a scatter of one-letter edits inside the words around it.
"""

from __future__ import annotations

from html import escape

from diff_match_patch import diff_match_patch

# Bounds the time spent on one pair of long, very different strings.
_TIMEOUT = 0.2


def char_diff(old: str, new: str) -> list[tuple[int, str]]:
    """(op, text) pieces from ``old`` to ``new``: -1 deleted, 1 inserted, 0 kept."""
    matcher = diff_match_patch()
    matcher.Diff_Timeout = _TIMEOUT
    pieces = matcher.diff_main(old, new)
    matcher.diff_cleanupSemantic(pieces)
    return [(int(op), str(text)) for op, text in pieces]


def diff_html(old: str, new: str) -> str:
    """The diff as ``<del>``/``<ins>`` around escaped text."""
    out = []
    for op, text in char_diff(old, new):
        if op < 0:
            out.append(f"<del>{escape(text)}</del>")
        elif op > 0:
            out.append(f"<ins>{escape(text)}</ins>")
        else:
            out.append(escape(text))
    return "".join(out)
