"""Edits made in a rendered file → the source sentences they belong to, with new text.

The render of the current catalog is the text the reviewer started from, and render says
where each source sentence went in it (``RenderedSpan``). Both it and the edited file are
cut into blocks (headings, paragraphs, list items, table cells, front-matter values);
blocks that did not change are found by their text, and the changed stretches between
them are looked at one by one:

- **Same blocks, new words** (as many blocks on each side, of the same kinds): within
  each block, a character diff (``report.diff``) says where each character of the edited
  text came from. The edited block is cut into sentences (the target's segmentation rules)
  and also wherever two source sentences met and the edit left the meeting point alone;
  each piece belongs to the source sentence most of its characters came from. A piece
  that takes much of two sentences merges them (a group: the translation on the first,
  ``<with previous>`` on the others), so do pieces that swap places; a source sentence
  with nothing left is ``<omitted>``; a piece of new text goes with the piece before it
  (else the one after), as the aligner places added text.
- **Changed structure** (a paragraph split or merged, a block added or deleted): the
  aligner (``translator.align``) pairs the source blocks of the stretch, with one unchanged
  neighbour on each side, with the edited ones; what it links is taken where the source
  sentence's rendered text is no longer in the edited stretch. Structure itself cannot go
  into a catalog: whatever render will not give back is reported by the caller, who
  renders the result and compares.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import polib
from rapidfuzz.distance import Indel

from translator.catalog.groups import JOINED, OMITTED, marker
from translator.document.model import Document, LineIndex, Quoting, Segment
from translator.glossary.model import Glossary
from translator.render import RenderedSpan
from translator.report.diff import char_diff
from translator.segment import sentence_spans

# A piece of edited text that takes this share of another sentence's characters (and at
# least MERGE_MIN of them) merges that sentence into its own.
MERGE_SHARE = 0.3
MERGE_MIN = 2


@dataclass(frozen=True)
class Change:
    """New catalog values for consecutive source sentences of one block."""

    segments: tuple[Segment, ...]  # the source sentences, in order
    values: tuple[str, ...]  # the msgstr each gets
    how: str  # "edited" | "merged" | "omitted" | "aligned"
    line: int  # line of the edited file where the new text starts
    fuzzy: bool = False  # the aligner was not sure
    note: str = ""  # the aligner's "aligned: score N: reason" comment


@dataclass
class _Unit:
    """What render wrote for one translation unit: a sentence, or a group's sentences."""

    segments: list[Segment]
    start: int  # in the rendered text
    end: int

    @property
    def fixed(self) -> bool:
        """Text with nothing to translate: copied from the source, no catalog entry."""
        return not self.segments[0].translatable


@dataclass
class _SourceBlock:
    id: int
    kind: str
    units: list[_Unit] = field(default_factory=list)
    start: int = 0
    end: int = 0
    text: str = ""


@dataclass
class _EditedBlock:
    kind: str
    segments: list[Segment]
    start: int
    end: int
    text: str


def find_changes(
    doc: Document,
    translations: Mapping[str, str],
    rendered: str,
    spans: Sequence[RenderedSpan],
    edited: Document,
    locale: str,
    glossary: Glossary | None = None,
) -> list[Change]:
    """The changes that make the catalog render ``edited`` where it can.

    ``rendered`` and ``spans`` are what ``render_document(doc, translations, …)`` gave;
    ``edited`` is the edited file parsed as a document in ``locale``.
    """
    sources = [b for b in _source_blocks(spans, translations, rendered) if b.end > b.start]
    targets = _edited_blocks(edited)
    lines = LineIndex(edited.text)
    changes: list[Change] = []
    for i1, i2, j1, j2 in hunks(
        [(b.kind, b.text) for b in sources], [(b.kind, b.text) for b in targets]
    ):
        pairs = list(zip(sources[i1:i2], targets[j1:j2], strict=False))
        if i2 - i1 == j2 - j1 and all(s.kind == t.kind for s, t in pairs):
            for source, target in pairs:
                changes += _block_changes(source, target, lines, locale)
            continue
        changes += _aligned_changes(
            sources[max(0, i1 - 1) : i2 + 1],
            targets[max(0, j1 - 1) : j2 + 1],
            doc,
            edited,
            locale,
            glossary,
        )
    return changes


def hunks(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int, int, int]]:
    """Where two sequences differ: (a start, a end, b start, b end) of each stretch between
    items they share, the longest common subsequence (rapidfuzz, in C: a sequence of
    thousands of lines with as many blank ones costs difflib seconds)."""
    found: list[tuple[int, int, int, int]] = []
    for op in Indel.opcodes(a, b):
        if op.tag == "equal":
            continue
        if found and (found[-1][1], found[-1][3]) == (op.src_start, op.dest_start):
            found[-1] = (found[-1][0], op.src_end, found[-1][2], op.dest_end)
        else:
            found.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    return found


def _source_blocks(
    spans: Sequence[RenderedSpan], translations: Mapping[str, str], rendered: str
) -> list[_SourceBlock]:
    blocks: list[_SourceBlock] = []
    for span in spans:
        segment = span.segment
        if not blocks or blocks[-1].id != segment.block:
            blocks.append(_SourceBlock(segment.block, segment.kind))
        units = blocks[-1].units
        joined = segment.translatable and marker(translations.get(segment.msgid)) is JOINED
        if span.start == span.end and units and joined:
            units[-1].segments.append(segment)  # rendered inside its group's translation
        else:
            units.append(_Unit([segment], span.start, span.end))
    for block in blocks:
        block.start = min(u.start for u in block.units)
        block.end = max(u.end for u in block.units)
        block.text = rendered[block.start : block.end]
    return blocks


def _edited_blocks(edited: Document) -> list[_EditedBlock]:
    by_block: dict[int, list[Segment]] = {}
    for segment in edited.segments:
        by_block.setdefault(segment.block, []).append(segment)
    blocks = []
    for segments in by_block.values():
        start, end = segments[0].start, segments[-1].end
        blocks.append(_EditedBlock(segments[0].kind, segments, start, end, edited.text[start:end]))
    return blocks


# --- one block, same structure: a character diff decides


@dataclass(frozen=True)
class _Run:
    """A stretch of the diff: old[a0:a1] became new[b0:b1] (equal, or replaced)."""

    a0: int
    a1: int
    b0: int
    b1: int
    equal: bool


def _runs(old: str, new: str, lang: str) -> list[_Run]:
    """The diff of two texts of a block, as runs in the order of the new text.

    Sentences found unchanged come first: in order (the longest common subsequence), and
    moved (a sentence found once on each side, out of that order). Characters are
    compared between the ones in order (``report.diff``, with its semantic clean-up),
    the moved ones blanked out, so that a sentence that recurs with other numbers or
    moved elsewhere is not matched piecemeal to the wrong one.
    """
    a = sentence_spans(old, lang)
    b = sentence_spans(new, lang)
    a_text = [old[s:e] for s, e in a]
    b_text = [new[s:e] for s, e in b]
    anchors: list[tuple[int, int, int, int]] = []
    kept_a: set[int] = set()
    kept_b: set[int] = set()
    for op in Indel.opcodes(a_text, b_text):
        if op.tag == "equal":
            for k in range(op.src_end - op.src_start):
                anchors.append((*a[op.src_start + k], *b[op.dest_start + k]))
                kept_a.add(op.src_start + k)
                kept_b.add(op.dest_start + k)
    moves = _moves(a, b, a_text, b_text, kept_a, kept_b)
    blank_old, blank_new = list(old), list(new)
    for a0, a1, b0, b1 in moves:
        blank_old[a0:a1] = "\ue000" * (a1 - a0)  # private use: matches nothing
        blank_new[b0:b1] = "\ue001" * (b1 - b0)
    hidden_old, hidden_new = "".join(blank_old), "".join(blank_new)
    runs: list[_Run] = []
    pa = pb = 0
    for a0, a1, b0, b1 in [*anchors, (len(old), len(old), len(new), len(new))]:
        runs += _char_runs(hidden_old[pa:a0], hidden_new[pb:b0], pa, pb)
        if a1 > a0:
            runs.append(_Run(a0, a1, b0, b1, True))
        pa, pb = a1, b1
    for move in moves:
        runs = _moved(runs, move)
    merged: list[_Run] = []
    for run in runs:
        last = merged[-1] if merged else None
        if last is not None and last.equal and run.equal and (last.a1, last.b1) == (run.a0, run.b0):
            merged[-1] = _Run(last.a0, run.a1, last.b0, run.b1, True)
        else:
            merged.append(run)
    return merged


def _moves(
    a: list[tuple[int, int]],
    b: list[tuple[int, int]],
    a_text: list[str],
    b_text: list[str],
    kept_a: set[int],
    kept_b: set[int],
) -> list[tuple[int, int, int, int]]:
    """Sentences left out of the common subsequence yet found once on each side: moved."""
    old_left = Counter(a_text[i] for i in range(len(a)) if i not in kept_a)
    new_left = Counter(b_text[j] for j in range(len(b)) if j not in kept_b)
    where = {a_text[i]: a[i] for i in range(len(a)) if i not in kept_a}
    return [
        (*where[b_text[j]], *b[j])
        for j in range(len(b))
        if j not in kept_b and old_left[b_text[j]] == 1 and new_left[b_text[j]] == 1
    ]


def _moved(runs: list[_Run], move: tuple[int, int, int, int]) -> list[_Run]:
    """``runs`` with the new text of a moved sentence mapped to where it was."""
    a0, a1, m0, m1 = move
    out: list[_Run] = []
    for run in runs:
        if run.b1 <= m0 or run.b0 >= m1:
            out.append(run)
            continue
        if run.b0 < m0:
            out.append(_Run(run.a0, run.a1, run.b0, m0, False))
        if not out or out[-1].b1 != m1:
            out.append(_Run(a0, a1, m0, m1, True))
        if run.b1 > m1:
            out.append(_Run(run.a0, run.a1, m1, run.b1, False))
    return out


def _char_runs(old: str, new: str, a: int, b: int) -> list[_Run]:
    runs: list[_Run] = []
    deleted = inserted = 0
    for op, text in [*char_diff(old, new), (0, "")]:
        if op == 0:
            if deleted or inserted:
                runs += _by_line(old, new, _Run(a, a + deleted, b, b + inserted, False), a, b)
                a, b, deleted, inserted = a + deleted, b + inserted, 0, 0
            if text:
                runs.append(_Run(a, a + len(text), b, b + len(text), True))
                a, b = a + len(text), b + len(text)
        elif op < 0:
            deleted += len(text)
        else:
            inserted += len(text)
    return runs


def _by_line(old: str, new: str, run: _Run, a: int, b: int) -> list[_Run]:
    """A replaced stretch with as many line breaks on both sides, cut at them: line k of
    the new text came from line k of the old (a sentence added at the end of a line
    belongs to that line, not to the sentence on the next)."""
    was = old[run.a0 - a : run.a1 - a]
    now = new[run.b0 - b : run.b1 - b]
    if "\n" not in was or was.count("\n") != now.count("\n"):
        return [run]
    runs: list[_Run] = []
    pa, pb = run.a0, run.b0
    for old_line, new_line in zip(was.split("\n"), now.split("\n"), strict=True):
        if old_line or new_line:
            runs.append(_Run(pa, pa + len(old_line), pb, pb + len(new_line), False))
        pa, pb = pa + len(old_line), pb + len(new_line)
        runs.append(_Run(pa, pa + 1, pb, pb + 1, True))
        pa, pb = pa + 1, pb + 1
    runs.pop()  # the line break after the last line is not there
    return runs


def _origin(runs: list[_Run], starts: list[int], x: int) -> int | None:
    """Where character ``x`` of the new text came from in the old one (a replaced one:
    the same share of the way through what it replaced); None for added text."""
    run = runs[bisect.bisect_right(starts, x) - 1]
    if run.equal:
        return run.a0 + (x - run.b0)
    if run.a1 == run.a0:
        return None
    return run.a0 + (x - run.b0) * (run.a1 - run.a0) // (run.b1 - run.b0)


def _kept_cut(runs: list[_Run], p: int, q: int) -> tuple[int, int] | None:
    """Where the meeting point old[p:q] of two sentences is in the new text, when the
    edit left it alone: the characters on both sides of it unchanged, nothing added."""
    for run in runs:
        if run.equal and run.a0 <= p - 1 and q + 1 <= run.a1:
            return run.b0 + (p - run.a0), run.b0 + (q - run.a0)
    return None


def _block_changes(
    source: _SourceBlock, target: _EditedBlock, lines: LineIndex, lang: str
) -> list[Change]:
    old, new = source.text, target.text
    if old == new:
        return []
    head = source.units[0].segments[0]
    if head.quoting is not Quoting.MARKDOWN:
        # A front-matter value or a link title: one value, read as the parser reads it.
        if len(source.units) == 1 and len(target.segments) == 1 and head.translatable:
            value = target.segments[0].msgid
            return [Change((head,), (value,), "edited", target.segments[0].line)]
        return []
    units = [
        _Unit(u.segments, u.start - source.start, u.end - source.start) for u in source.units
    ]
    runs = _runs(old, new, lang)
    starts = [r.b0 for r in runs]
    pieces = _pieces(units, runs, target)
    # Which units each piece's characters came from.
    filled = [k for k, u in enumerate(units) if u.end > u.start]
    unit_starts = [units[k].start for k in filled]
    moved = {old[units[k].start : units[k].end]: k for k in filled}
    owners: list[int | None] = []
    touched: list[set[int]] = []
    for a, b in pieces:
        counts: dict[int, int] = {}
        for x in range(a, b):
            if new[x].isspace():
                continue
            o = _origin(runs, starts, x)
            if o is None:
                continue
            k = bisect.bisect_right(unit_starts, o) - 1
            if k >= 0 and o < units[filled[k]].end:
                counts[filled[k]] = counts.get(filled[k], 0) + 1
        owner = max(counts, key=lambda k: (counts[k], -k)) if counts else None
        if owner is None:
            owner = moved.get(new[a:b])  # a sentence moved: the diff sees it added
        owners.append(owner)
        share = {owner} if owner is not None else set()
        for k, count in counts.items():
            size = sum(1 for c in old[units[k].start : units[k].end] if not c.isspace())
            if k != owner and count >= max(MERGE_MIN, MERGE_SHARE * size):
                share.add(k)
        touched.append(share)
    group = _groups(len(units), owners, touched)
    # Each piece goes with its owner's group; added text with the piece before it.
    piece_group: list[int | None] = [group[o] if o is not None else None for o in owners]
    for k in range(len(piece_group)):
        if piece_group[k] is None and k > 0:
            piece_group[k] = piece_group[k - 1]
    for k in reversed(range(len(piece_group))):
        if piece_group[k] is None:
            piece_group[k] = piece_group[k + 1] if k + 1 < len(piece_group) else group[0]
    changes: list[Change] = []
    for g in sorted(set(group)):
        members = [u for k, u in enumerate(units) if group[k] == g]
        mine = [pieces[k] for k, pg in enumerate(piece_group) if pg == g]
        if all(u.end == u.start for u in members) or any(u.fixed for u in members):
            continue  # nothing rendered to edit, or text that has no catalog entry
        segments = tuple(s for u in members for s in u.segments)
        if not mine:
            values = (OMITTED, *(JOINED,) * (len(segments) - 1))
            changes.append(Change(segments, values, "omitted", lines.line_of(target.start)))
            continue
        text = new[mine[0][0] : mine[-1][1]]
        if len(members) == 1 and text == old[members[0].start : members[0].end]:
            continue
        value = msgstr_of(text, segments[0])
        values = (value, *(JOINED,) * (len(segments) - 1))
        filled_members = sum(1 for u in members if u.end > u.start)
        how = "merged" if filled_members > 1 else "edited"
        changes.append(Change(segments, values, how, lines.line_of(target.start + mine[0][0])))
    return changes


def _pieces(units: list[_Unit], runs: list[_Run], target: _EditedBlock) -> list[tuple[int, int]]:
    """The edited block cut into sentences: by the target's rules, and where two source
    sentences met and the edit left the meeting point alone."""
    cuts: list[tuple[int, int]] = []
    filled = [u for u in units if u.end > u.start]
    for before, after in itertools.pairwise(filled):
        kept = _kept_cut(runs, before.end, after.start)
        if kept is not None:
            cuts.append(kept)
    pieces: list[tuple[int, int]] = []
    for segment in target.segments:
        a, b = segment.start - target.start, segment.end - target.start
        for p, q in cuts:
            if a < p < b:
                pieces.append((a, p))
                a = max(q, p)
        if a < b:
            pieces.append((a, b))
    text = target.text
    trimmed = []
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


def _groups(count: int, owners: list[int | None], touched: list[set[int]]) -> list[int]:
    """The group of each unit: units a piece takes together, or whose pieces cross,
    become one (with every unit between them)."""
    parent = list(range(count))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def join(lo: int, hi: int) -> None:
        for k in range(lo + 1, hi + 1):
            parent[find(k)] = find(lo)

    for share in touched:
        if len(share) > 1:
            join(min(share), max(share))
    highest = -1
    for owner in owners:
        if owner is None:
            continue
        if owner < highest:
            join(owner, highest)
        highest = max(highest, owner)
    # Units are joined in ranges, so each group is a run of consecutive units.
    return [find(k) for k in range(count)]


def msgstr_of(text: str, segment: Segment) -> str:
    """The catalog form of text rendered in ``segment``'s place: the container prefix
    render adds after each line break (list indentation, "> ") taken off again."""
    continuation = segment.continuation
    if continuation is None or "\n" not in text:
        return text
    out = []
    for k, line in enumerate(text.split("\n")):
        if k and continuation and line.startswith(continuation):
            line = line[len(continuation) :]
        elif k and line.startswith(continuation.rstrip()):
            line = line[len(continuation.rstrip()) :].lstrip(" \t")
        out.append(line)
    return "\n".join(out)


# --- changed structure: the aligner decides


def _aligned_changes(
    sources: list[_SourceBlock],
    targets: list[_EditedBlock],
    doc: Document,
    edited: Document,
    locale: str,
    glossary: Glossary | None,
) -> list[Change]:
    from translator.align import align_documents, apply_alignment
    from translator.align.write import COMMENT

    units = [u for b in sources for u in b.units]
    edited_text = "\n".join(t.text for t in targets)
    kept: set[str] = set()
    for block in sources:
        for unit in block.units:
            shown = block.text[unit.start - block.start : unit.end - block.start]
            if shown and shown in edited_text:
                kept.update(s.msgid for s in unit.segments)
    segments = [s for u in units for s in u.segments]
    if not any(s.translatable for s in segments) or not targets:
        return []
    source = Document(doc.path, doc.text, sorted(segments, key=lambda s: s.start))
    target = Document(edited.path, edited.text, [s for t in targets for s in t.segments])
    alignment = align_documents(source, target, locale, glossary)
    scratch = polib.POFile()
    for msgid in dict.fromkeys(s.msgid for s in segments if s.translatable):
        scratch.append(polib.POEntry(msgid=msgid, msgstr=""))
    report = apply_alignment(scratch, alignment, overwrite=True)
    entries = {e.msgid: e for e in scratch}
    changes: list[Change] = []
    for result in report.results:
        if result.written not in ("translated", "fuzzy"):
            continue
        members = tuple(s for s in result.link.source if s.translatable)
        if not members or any(s.msgid in kept for s in members):
            continue  # its rendered text is still there: the reviewer left it alone
        found = [entries[s.msgid] for s in members]
        note = next(
            (ln for ln in found[0].tcomment.split("\n") if ln.startswith(COMMENT)), ""
        )
        line = result.link.target[0].line if result.link.target else targets[0].segments[0].line
        changes.append(
            Change(
                members,
                tuple(e.msgstr for e in found),
                "aligned",
                line,
                fuzzy=result.written == "fuzzy",
                note=note,
            )
        )
    return changes
