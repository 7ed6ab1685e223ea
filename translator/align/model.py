"""What the aligner finds: blocks of both documents, the pairs of blocks, and the links
between their sentences."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from translator.align.anchors import Keys
from translator.align.evidence import EMPTY, Evidence
from translator.document.inline import fold_soft_breaks
from translator.document.model import Document, Quoting, Segment


@dataclass
class Block:
    """One unit of a document's structure: a block of sentences (heading, paragraph,
    list item, table cell, block quote, front-matter value), or a code or HTML block,
    which is never translated but anchors the structure."""

    index: int
    kind: str  # the segments' kind ("heading 2", "paragraph"…), "code" or "html"
    start: int  # offsets in the document's text
    end: int
    segments: tuple[Segment, ...] = ()
    content: str = ""  # the code or HTML itself; for text blocks, the sentences joined
    keys: Keys = field(default_factory=Keys)
    length: float = 0.0  # characters of prose
    evidence: Evidence = EMPTY  # the items of all its sentences (see ``evidence``)
    parts: tuple[Evidence, ...] = ()  # the same, sentence by sentence

    @property
    def is_text(self) -> bool:
        return bool(self.segments)


@dataclass(frozen=True)
class Link:
    """Source sentences and the target sentences that translate them (either may be
    empty: a sentence with no counterpart). ``score`` 0–100 is the aligner's confidence;
    ``reason`` says what lowered it."""

    source: tuple[Segment, ...]
    target: tuple[Segment, ...]
    score: int
    reason: str
    source_block: int | None
    target_block: int | None


@dataclass
class Alignment:
    """The alignment of a source document with its translation."""

    source: Document
    target: Document
    source_blocks: list[Block]
    target_blocks: list[Block]
    # (source block index or None, target block index or None, confidence 0-100)
    block_pairs: list[tuple[int | None, int | None, int]]
    links: list[Link]
    lexicon: str = ""  # the Japanese–English lexicon used (its file), "" if none
    locale: str = ""  # of the translation

    def target_text(self, link: Link) -> str:
        """The translation text of ``link``, verbatim (as the target document has it)."""
        return target_text(self.target, link.target)


def target_text(doc: Document, segments: tuple[Segment, ...]) -> str:
    if not segments:
        return ""
    if any(s.quoting is not Quoting.MARKDOWN for s in segments):
        return " ".join(s.msgid for s in segments)
    return doc.text[segments[0].start : segments[-1].end]


def translation_text(doc: Document, segments: tuple[Segment, ...]) -> str:
    """The msgstr form of target sentences: soft line breaks folded as in msgids, the
    container prefixes of continuation lines ("> ", indentation) left out."""
    if not segments:
        return ""
    if any(s.quoting is not Quoting.MARKDOWN for s in segments):
        return " ".join(s.msgid for s in segments)
    parts: list[str] = [segments[0].msgid]
    for before, segment in itertools.pairwise(segments):
        gap = doc.text[before.end : segment.start]
        if not gap:
            parts.append(segment.msgid)
        elif "\n" in gap and before.msgid.endswith(("  ", "\\")):
            parts.append("\n" + segment.msgid)  # a hard break stays one
        else:
            parts.append(" " + segment.msgid)
    return "".join(parts)


def fold(text: str) -> str:
    """Text compared for render-back: soft line breaks folded, runs of spaces made one."""
    return " ".join(fold_soft_breaks(text).split())
