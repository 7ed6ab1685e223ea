"""An alignment → catalog entries, and the report of what went where.

Confident 1:1 links become translated entries. Every other link (merges, splits,
sentences with no counterpart, doubtful pairs) becomes fuzzy, with an ``# aligned:``
translator comment giving its score and reason. A merge is written as ``catalog.groups``
says: the first sentence holds the translation, the others ``<with previous>``; a source
sentence the translation leaves out gets ``<omitted>``. Translation text with no source
sentence is added to the translation of its neighbour in the same block, so that render
gives it back; what has no place at all is reported, never dropped in silence. A
translation already in the catalog is kept unless ``overwrite``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import polib

from translator.align.model import Alignment, Link, target_text, translation_text
from translator.catalog.groups import JOINED, OMITTED
from translator.document.model import Document, Segment

CONFIDENT = 80  # the score a 1:1 link needs to be written as an approved translation
COMMENT = "aligned: "


@dataclass(frozen=True)
class Written:
    """One link and what became of it."""

    link: Link
    source: tuple[str, ...]  # the source sentences, verbatim
    target: str  # the translation text, verbatim
    written: str  # "translated" | "fuzzy" | "kept" | "skipped"
    note: str = ""  # why skipped or kept, for the report

    def as_dict(self) -> dict[str, object]:
        return {
            "source": list(self.source),
            "target": self.target,
            "score": self.link.score,
            "written": self.written,
        }


@dataclass
class AlignReport:
    """What ``apply_alignment`` did."""

    alignment: Alignment
    results: list[Written] = field(default_factory=list)

    def counts(self) -> Counter[str]:
        return Counter(r.written for r in self.results)

    @property
    def unplaced_target(self) -> list[Written]:
        """Translation text that is in no entry of the catalog."""
        return [r for r in self.results if r.target and r.written == "skipped"]

    @property
    def unplaced_source(self) -> list[Written]:
        """Source sentences with no counterpart in the translation."""
        return [r for r in self.results if r.source and not r.link.target]

    def code_blocks(self) -> tuple[int, int, int]:
        """(code/HTML blocks paired identical, paired but different, of the translation
        with no counterpart)."""
        a = self.alignment
        same = differ = alone = 0
        for s, t, _ in a.block_pairs:
            block = a.target_blocks[t] if t is not None else None
            if block is None or block.is_text:
                continue
            if s is None:
                alone += 1
            elif a.source_blocks[s].content == block.content:
                same += 1
            else:
                differ += 1
        return same, differ, alone


def apply_alignment(
    po: polib.POFile,
    alignment: Alignment,
    *,
    overwrite: bool = False,
    confident: int = CONFIDENT,
) -> AlignReport:
    """Write the links of ``alignment`` into ``po`` (whose entries follow the source)."""
    report = AlignReport(alignment)
    entries = {e.msgid: e for e in po if not e.obsolete and e.msgctxt is None}
    occurrences = Counter(s.msgid for s in alignment.source.segments if s.translatable)
    links = alignment.links
    extras = _place_additions(links)
    done: dict[str, str] = {}  # msgid -> msgstr written by this run
    source_doc, target_doc = alignment.source, alignment.target
    for index, link in enumerate(links):
        source = tuple(target_text(source_doc, (s,)) for s in link.source)
        text = target_text(target_doc, link.target)
        if not link.source:
            host = extras.get(index)
            written = "skipped" if host is None else "pending"
            report.results.append(Written(link, source, text, written, str(host)))
            continue
        members = [s for s in link.source if s.translatable]
        if not members:
            report.results.append(Written(link, source, text, "skipped", "nothing to translate"))
            continue
        if not link.target and link.target_block is None and link.reason.startswith("block"):
            report.results.append(Written(link, source, text, "skipped", link.reason))
            continue
        added = [links[k] for k, host in extras.items() if host == index]
        msgstr, fuzzy, reason = _translation(link, added, confident, target_doc)
        outcome = _write(
            entries, members, msgstr, fuzzy, f"{COMMENT}score {link.score}: {reason}",
            overwrite=overwrite, occurrences=occurrences, done=done,
        )  # fmt: skip
        report.results.append(Written(link, source, text, outcome[0], outcome[1]))
    # Additions take the fate of the translation they were added to.
    fates = {id(r.link): r.written for r in report.results}
    for k, result in enumerate(report.results):
        if result.written == "pending":
            fate = fates[id(links[extras[k]])]
            written = "fuzzy" if fate in ("fuzzy", "translated") else "skipped"
            report.results[k] = Written(result.link, result.source, result.target, written)
    return report


def _place_additions(links: list[Link]) -> dict[int, int]:
    """For each 0:1 link inside a pair of blocks: the link its text is added to (the one
    before it in the same target block, else the one after)."""
    placed: dict[int, int] = {}
    for k, link in enumerate(links):
        if link.source or link.target_block is None or link.reason.startswith("block"):
            continue
        for step in (-1, 1):
            j = k + step
            while 0 <= j < len(links) and not links[j].source:
                j += step
            if (
                0 <= j < len(links)
                and links[j].target
                and links[j].target_block == link.target_block
                and any(s.translatable for s in links[j].source)
            ):
                placed[k] = j
                break
    return placed


def _translation(
    link: Link, added: list[Link], confident: int, target_doc: Document
) -> tuple[str, bool, str]:
    """(msgstr, fuzzy, reason) for a link with its added neighbours."""
    if not link.target:
        return OMITTED, True, link.reason or "not in the translation"
    before = [a for a in added if a.target[0].start < link.target[0].start]
    after = [a for a in added if a.target[0].start > link.target[0].start]
    segments: tuple[Segment, ...] = (
        *(s for a in before for s in a.target),
        *link.target,
        *(s for a in after for s in a.target),
    )
    # Segments of the same block are adjacent: their text is one stretch.
    text = translation_text(target_doc, segments)
    reasons = [link.reason] if link.reason else []
    if added:
        reasons.append("holds translation text with no counterpart in the source")
    one_to_one = len(link.source) == 1 and len(link.target) == 1
    fuzzy = bool(added) or not one_to_one or link.score < confident
    if one_to_one and link.score < confident and not link.reason:
        reasons.append("uncertain")
    return text, fuzzy, "; ".join(reasons) or "1:1"


def _write(
    entries: dict[str, polib.POEntry],
    members: list[Segment],
    msgstr: str,
    fuzzy: bool,
    comment: str,
    *,
    overwrite: bool,
    occurrences: Counter[str],
    done: dict[str, str],
) -> tuple[str, str]:
    """Write one link's translation; return (what was written, note)."""
    targets = [entries.get(s.msgid) for s in members]
    if any(e is None for e in targets):
        return "skipped", "sentence not in the catalog"
    found = [e for e in targets if e is not None]
    values = [msgstr] + [JOINED] * (len(found) - 1)
    if any(s.msgid in done for s in members):
        same = all(done.get(s.msgid) == v for s, v in zip(members, values, strict=True))
        return ("kept", "the same sentence again") if same else ("skipped", "occurs twice")
    if len(found) > 1 and any(occurrences[s.msgid] > 1 for s in members):
        return "skipped", "a sentence of the group occurs more than once in the document"
    if len({s.block for s in members}) > 1:
        return "skipped", "the sentences are in different blocks of the source"
    if not overwrite and any(e.msgstr for e in found):
        return "kept", "already translated"
    for entry, value in zip(found, values, strict=True):
        entry.msgstr = value
        lines = [ln for ln in entry.tcomment.split("\n") if ln and not ln.startswith(COMMENT)]
        if fuzzy:
            lines.append(comment)
            if "fuzzy" not in entry.flags:
                entry.flags.insert(0, "fuzzy")
        else:
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
        entry.tcomment = "\n".join(lines)
        entry.previous_msgid = None
        entry.previous_msgid_plural = None
        entry.previous_msgctxt = None
        done[entry.msgid] = value
    return ("fuzzy" if fuzzy else "translated"), ""
