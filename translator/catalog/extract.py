"""Documents → template catalog (POT): one entry per unique sentence, in source order."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polib

from translator import __version__
from translator.catalog.pofile import WRAP_WIDTH
from translator.document.model import Document

# Optional hook: extra "#." lines for one msgid (the glossary puts its terms here).
CommentHook = Callable[[str], Sequence[str]]


def template_header(project: str) -> dict[str, str]:
    return {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": "",
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"translator {__version__}",
    }


def build_template(
    documents: Sequence[Document],
    project: str,
    *,
    reference_paths: Sequence[str] | None = None,
    comment_hook: CommentHook | None = None,
) -> polib.POFile:
    """A POT of every translatable segment of ``documents``.

    Repeated sentences become one entry with every ``#:`` reference; ``#.`` names the kinds
    of block the sentence occurs in. ``reference_paths`` (one per document) replaces the
    document paths in references, e.g. with paths relative to the project root.
    """
    po = polib.POFile(wrapwidth=WRAP_WIDTH)
    po.header = f"Translations of {project}."
    po.metadata = template_header(project)
    entries: dict[str, polib.POEntry] = {}
    kinds: dict[str, list[str]] = {}
    for index, doc in enumerate(documents):
        ref = reference_paths[index] if reference_paths else doc.path
        for segment in doc.segments:
            if not segment.translatable:
                continue
            entry = entries.get(segment.msgid)
            if entry is None:
                entry = polib.POEntry(msgid=segment.msgid, msgstr="")
                entries[segment.msgid] = entry
                kinds[segment.msgid] = []
                po.append(entry)
            entry.occurrences.append((ref, str(segment.line)))
            if segment.kind not in kinds[segment.msgid]:
                kinds[segment.msgid].append(segment.kind)
    for msgid, entry in entries.items():
        lines = list(kinds[msgid])
        if comment_hook is not None:
            lines.extend(comment_hook(msgid))
        entry.comment = "\n".join(lines)
    return po
