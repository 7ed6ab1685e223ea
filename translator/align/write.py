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
from translator.catalog.groups import JOINED, OMITTED, marker
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
    paired = {(s, t) for s, t, _ in alignment.block_pairs if s is not None and t is not None}
    extras = _place_additions(links, paired)
    source_doc, target_doc = alignment.source, alignment.target
    neighbours = _untranslatable_neighbours(source_doc)
    # What each link would write: (members, values, fuzzy, reason) or a reason to skip.
    plans: dict[int, tuple[list[Segment], list[str], bool, str]] = {}
    skips: dict[int, str] = {}
    for index, link in enumerate(links):
        if not link.source:
            continue
        members = [s for s in link.source if s.translatable]
        if not members:
            skips[index] = "nothing to translate"
            continue
        if not link.target and link.target_block is None and link.reason.startswith("block"):
            skips[index] = link.reason
            continue
        added = [links[k] for k, host in extras.items() if host == index]
        msgstr, fuzzy, reason = _translation(link, added, confident, target_doc)
        msgstr = _without_verbatim(msgstr, link, neighbours)
        values = [msgstr] + [JOINED] * (len(members) - 1)
        plans[index] = (members, values, fuzzy, f"{COMMENT}score {link.score}: {reason}")
    chosen = _choose(plans, occurrences)
    done: dict[str, str] = {}  # msgid -> msgstr written by this run
    for index, link in enumerate(links):
        source = tuple(target_text(source_doc, (s,)) for s in link.source)
        text = target_text(target_doc, link.target)
        if not link.source:
            host = extras.get(index)
            written = "skipped" if host is None else "pending"
            report.results.append(Written(link, source, text, written, str(host)))
            continue
        if index in skips:
            report.results.append(Written(link, source, text, "skipped", skips[index]))
            continue
        members, values, fuzzy, comment = plans[index]
        outcome = _write(
            entries, members, values, fuzzy, comment,
            overwrite=overwrite, chosen=chosen, done=done,
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


def _place_additions(
    links: list[Link], paired: set[tuple[int, int]] | None = None
) -> dict[int, int]:
    """For each 0:1 link inside a pair of blocks: the link its text goes to. A source
    sentence right next to it that has no counterpart either (in the same pair of
    blocks) takes it as its translation, fuzzy: the two take each other's place.
    Otherwise the text is added to the translation before it in the same target block,
    else the one after."""
    placed: dict[int, int] = {}
    taken: set[int] = set()
    for k, link in enumerate(links):
        if link.source or link.target_block is None or link.reason.startswith("block"):
            continue
        for j in (k - 1, k + 1):
            other = links[j] if 0 <= j < len(links) else None
            if (
                other is not None
                and j not in taken
                and other.source
                and not other.target
                and other.source_block is not None
                and paired is not None
                and (other.source_block, link.target_block) in paired
                and any(s.translatable for s in other.source)
            ):
                placed[k] = j
                taken.add(j)
                break
        if k in placed:
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


def _untranslatable_neighbours(doc: Document) -> dict[int, tuple[str, str]]:
    """For each segment: the text of the untranslatable segments (":::", "**", a closing
    tag) right before and right after it in its block, which render verbatim."""
    found: dict[int, tuple[str, str]] = {}
    segments = doc.segments
    for k, segment in enumerate(segments):
        before = after = ""
        j = k - 1
        while j >= 0 and segments[j].block == segment.block and not segments[j].translatable:
            before = segments[j].msgid + " " + before
            j -= 1
        j = k + 1
        while j < len(segments) and segments[j].block == segment.block and not (
            segments[j].translatable
        ):
            after = after + " " + segments[j].msgid
            j += 1
        if before or after:
            found[id(segment)] = (before.strip(), after.strip())
    return found


def _without_verbatim(msgstr: str, link: Link, neighbours: dict[int, tuple[str, str]]) -> str:
    """``msgstr`` without the markup that the source keeps as sentences of its own (":::"
    closing a container, "**" closing a bold run): the translation sentence took it in,
    and render would give it twice."""
    members = [s for s in link.source if s.translatable]
    if not members or not msgstr:
        return msgstr
    # The untranslatable sentences next to the link's first and last translatable ones
    # (whether the link holds them or not).
    before = neighbours.get(id(members[0]), ("", ""))[0]
    after = neighbours.get(id(members[-1]), ("", ""))[1]
    text = msgstr
    if after and text.rstrip().endswith(after) and len(text.rstrip()) > len(after):
        text = text.rstrip()[: -len(after)].rstrip()
    if before and text.lstrip().startswith(before) and len(text.lstrip()) > len(before):
        text = text.lstrip()[len(before) :].lstrip()
    return text or msgstr


def _choose(
    plans: dict[int, tuple[list[Segment], list[str], bool, str]], occurrences: Counter[str]
) -> dict[str, str]:
    """The one msgstr a catalog can hold for each sentence: the first translation found for
    it; a marker (<with previous>, <omitted>) only when every occurrence of the sentence
    in the document wants that marker, since a marker renders as nothing."""
    wanted: dict[str, list[str]] = {}
    for members, values, _fuzzy, _comment in plans.values():
        for segment, value in zip(members, values, strict=True):
            wanted.setdefault(segment.msgid, []).append(value)
    chosen: dict[str, str] = {}
    for msgid, values in wanted.items():
        real = [v for v in values if marker(v) is None]
        if real:
            chosen[msgid] = real[0]
        elif len(set(values)) == 1 and len(values) >= occurrences[msgid]:
            chosen[msgid] = values[0]
    return chosen


def _translation(
    link: Link, added: list[Link], confident: int, target_doc: Document
) -> tuple[str, bool, str]:
    """(msgstr, fuzzy, reason) for a link with its added neighbours."""
    if not link.target and not added:
        return OMITTED, True, link.reason or "not in the translation"
    if not link.target:  # translation text next to it that nothing else explains
        alone = tuple(s for a in added for s in a.target)
        reason = "paired by position: no other counterpart in these blocks"
        return translation_text(target_doc, alone), True, reason
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
    values: list[str],
    fuzzy: bool,
    comment: str,
    *,
    overwrite: bool,
    chosen: dict[str, str],
    done: dict[str, str],
) -> tuple[str, str]:
    """Write one link's translation; return (what was written, note)."""
    targets = [entries.get(s.msgid) for s in members]
    if any(e is None for e in targets):
        return "skipped", "sentence not in the catalog"
    found = [e for e in targets if e is not None]
    for segment, value in zip(members, values, strict=True):
        if chosen.get(segment.msgid) != value:
            if marker(value) is not None:
                return "skipped", "the sentence occurs elsewhere in the document, translated"
            return "skipped", "the sentence occurs elsewhere, translated differently"
    seen = [(s, v) for s, v in zip(members, values, strict=True) if s.msgid in done]
    if any(done[s.msgid] != v for s, v in seen):
        return "skipped", "occurs twice"
    if len(seen) == len(members):
        return "kept", "the same sentence again"
    if len({s.block for s in members}) > 1:
        return "skipped", "the sentences are in different blocks of the source"
    if not overwrite and any(e.msgstr and e.msgid not in done for e in found):
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
