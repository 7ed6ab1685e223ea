"""First level: the blocks of both documents, paired by structure and anchors.

A document's blocks are its blocks of sentences (from ``document.markdown``) and its code
and HTML blocks (never translated, but the best landmarks there are: most are identical
in a translation). Pairing is a monotone alignment (``lattice``) that lets blocks be
missing on either side and one paragraph be split in two; a pair scores by its kinds
(a heading pairs with a heading of its level), its length against the document's length
ratio, and its shared anchors.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable

from markdown_it import MarkdownIt
from rapidfuzz import fuzz

from translator.align import lattice
from translator.align.anchors import Keys, shared, unmatched
from translator.align.evidence import EMPTY, Evidence, combined
from translator.align.model import Block
from translator.align.sentences import CONTENT_WEIGHT, PRIORS, facing_log_ratios
from translator.document.model import Document, LineIndex, Segment

KeyFunction = Callable[[str], Keys]

# Log-scores of block steps. A block with no counterpart costs GAP; the kinds of a pair
# add KIND_*; each unit of shared anchor weight adds SHARED, each unit of weight found on
# one side only takes UNMATCHED.
GAP = -4.5
SPLIT = -3.0
SHARED = 0.8
UNMATCHED = 0.35
LENGTH_SIGMA = 0.45
# The least a sentence's content adds to a pair of blocks: as much as a sentence left out
# of a translation costs (log of its share against a 1:1 link's, see ``sentences``).
SENTENCE_FLOOR = math.log(PRIORS[(1, 0)] / PRIORS[(1, 1)])
MOVES = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1))
_PARAGRAPHS = frozenset({"paragraph", "list item", "block quote"})


def document_blocks(
    doc: Document,
    keys_of: KeyFunction,
    parser: MarkdownIt | None = None,
    evidence_of: Callable[[str], Evidence] | None = None,
) -> list[Block]:
    """The blocks of ``doc`` in document order: sentence blocks and code/HTML blocks."""
    by_block: dict[int, list[Segment]] = {}
    for segment in doc.segments:
        by_block.setdefault(segment.block, []).append(segment)
    blocks: list[Block] = []
    for segments in by_block.values():
        start, end = segments[0].start, segments[-1].end
        content = " ".join(s.msgid for s in segments)
        keys: Keys = Counter()
        for segment in segments:
            keys.update(keys_of(segment.msgid))
        length = prose_length(content)
        parts = tuple(evidence_of(s.msgid) for s in segments) if evidence_of else ()
        block = Block(0, segments[0].kind, start, end, tuple(segments), content, keys, length)
        block.evidence, block.parts = combined(parts), parts
        blocks.append(block)
    blocks.extend(_code_blocks(doc, parser))
    blocks.sort(key=lambda b: b.start)
    for index, block in enumerate(blocks):
        block.index = index
    return blocks


def _code_blocks(doc: Document, parser: MarkdownIt | None) -> list[Block]:
    if parser is None:
        from translator.document.markdown import _parser

        parser = _parser()
    lines = LineIndex(doc.text)
    found: list[Block] = []
    for token in parser.parse(doc.text):
        if token.type not in ("fence", "code_block", "html_block") or token.map is None:
            continue
        content = token.content.strip()
        if not content:
            continue
        start = lines.starts[token.map[0]] if token.map[0] < len(lines) else len(doc.text)
        end = lines.line_span(min(token.map[1], len(lines)) - 1)[1]
        kind = "html" if token.type == "html_block" else "code"
        found.append(Block(0, kind, start, end, (), content, Counter(), 0.0))
    return found


def prose_length(text: str) -> float:
    """Characters of prose: whitespace not counted, a code span or URL counts as one."""
    from translator.document.inline import protected_spans

    total = 0
    pos = 0
    for start, end, _kind in protected_spans(text):
        total += _count(text[pos:start]) + 1
        pos = end
    return float(total + _count(text[pos:]))


def _count(text: str) -> int:
    return len(text) - sum(1 for c in text if c.isspace())


def length_ratio(source: list[Block], target: list[Block]) -> float:
    """Target characters per source character over the whole document (2.25 when one
    side has no prose)."""
    s = sum(b.length for b in source if b.is_text)
    t = sum(b.length for b in target if b.is_text)
    return t / s if s > 0 and t > 0 else 2.25


def kind_score(source: str, target: str) -> float | None:
    """How well two kinds of block pair up (None: never)."""
    if source == target:
        return 1.0
    if source in ("code", "html") or target in ("code", "html"):
        return None
    s_fm, t_fm = source.startswith("front matter"), target.startswith("front matter")
    if s_fm or t_fm:
        return None
    s_head, t_head = source.startswith("heading"), target.startswith("heading")
    if s_head and t_head:
        return -2.0
    if s_head or t_head:
        return -6.0
    s_cell, t_cell = "cell" in source, "cell" in target
    if s_cell and t_cell:
        return 0.0
    if s_cell or t_cell:
        return -4.0
    return -1.5


def _merged(blocks: list[Block]) -> Block:
    keys: Keys = Counter()
    for block in blocks:
        keys.update(block.keys)
    return Block(
        blocks[0].index,
        blocks[0].kind,
        blocks[0].start,
        blocks[-1].end,
        tuple(s for b in blocks for s in b.segments),
        " ".join(b.content for b in blocks),
        keys,
        sum(b.length for b in blocks),
        combined([b.evidence for b in blocks]),
        tuple(part for b in blocks for part in b.parts),
    )


def pair_score(source: Block, target: Block, ratio: float) -> float | None:
    """The log-score of pairing two blocks (None: they cannot pair)."""
    kind = kind_score(source.kind, target.kind)
    if kind is None:
        return None
    if not source.is_text or not target.is_text:
        if source.is_text or target.is_text:
            return None
        if source.content == target.content:
            return 10.0
        similarity = fuzz.ratio(source.content, target.content) / 100.0
        return 12.0 * (similarity - 0.5)
    z = math.log((target.length + 8.0) / (ratio * source.length + 8.0)) / LENGTH_SIGMA
    if source.evidence is not EMPTY and target.evidence is not EMPTY:
        return kind - 0.5 * z * z + block_content(source, target)
    return (  # blocks made without evidence: their anchors alone
        kind
        - 0.5 * z * z
        + SHARED * shared(source.keys, target.keys)
        - UNMATCHED * unmatched(source.keys, target.keys)
    )


def block_content(source: Block, target: Block) -> float:
    """The content evidence of two blocks of sentences (``sentences``): each item of one
    block against the other block as a whole, whose sentences explain it by chance more
    often the more of them there are. A sentence counts no worse than leaving it out
    would: a paragraph whose translation rewrote one sentence is still its translation."""
    if source.evidence is EMPTY or target.evidence is EMPTY:
        return 0.0
    total = 0.0
    for side, other, facing in (
        (source, target.evidence, len(target.segments)),
        (target, source.evidence, len(source.segments)),
    ):
        no, gain = facing_log_ratios(min(max(facing, 1), 12))
        for part in side.parts or (side.evidence,):
            score = 0.0
            for kind, count in part.counts.items():
                score += count * no[kind]
            for kind in part.explained_by(other.marks):
                score += gain[kind]
            total += max(CONTENT_WEIGHT * score, SENTENCE_FLOOR)
    return total


def pair_blocks(
    source: list[Block], target: list[Block]
) -> list[tuple[list[int], list[int], float]]:
    """The pairing of two block lists: (source indexes, target indexes, posterior) per
    step, in order; an index list is empty for a block with no counterpart."""
    ratio = length_ratio(source, target)
    m, n = len(source), len(target)
    merges: dict[tuple[bool, int, int], Block | None] = {}

    def merged_run(on_source: bool, start: int, count: int) -> Block | None:
        """Blocks ``start .. start+count-1`` of one side as one, if they can be one."""
        key = (on_source, start, count)
        if key not in merges:
            parts = (source if on_source else target)[start : start + count]
            ok = all(p.kind in _PARAGRAPHS and p.kind == parts[0].kind for p in parts)
            merges[key] = _merged(parts) if ok else None
        return merges[key]

    def score(i: int, j: int, a: int, b: int) -> float | None:
        if a == 0 or b == 0:
            return GAP
        if a == 1 and b == 1:
            return pair_score(source[i], target[j], ratio)
        merged = merged_run(a > 1, i if a > 1 else j, max(a, b))
        if merged is None:
            return None
        one = source[i] if a == 1 else target[j]
        if one.kind != merged.kind:
            return None
        pair = pair_score(one, merged, ratio) if a == 1 else pair_score(merged, one, ratio)
        return None if pair is None else pair + SPLIT

    steps = lattice.solve(m, n, MOVES, score, _band(source, target)).steps
    return [
        (list(range(s.i, s.i + s.a)), list(range(s.j, s.j + s.b)), s.posterior) for s in steps
    ]


def _band(source: list[Block], target: list[Block]) -> list[tuple[int, int]]:
    """The band the block alignment searches: around the line through pegs (blocks that
    share a landmark no other block has), wide enough for the blocks missing between
    two pegs."""
    m, n = len(source), len(target)
    pegs = _pegs(source, target)
    points = [(0, 0), *pegs, (m, n)]
    skew = max(abs((j1 - j0) - (i1 - i0)) for (i0, j0), (i1, j1) in itertools.pairwise(points))
    # Bounded by what is missing on one side, not by the length: the work stays linear.
    return lattice.guided_band(m, n, pegs, 12 + skew)


def _landmarks(block: Block) -> list[str]:
    if not block.is_text:
        return [block.kind + ":" + block.content]
    return [k for k, count in block.keys.items() if count == 1 and k[0] in "cu"]


def _pegs(source: list[Block], target: list[Block]) -> list[tuple[int, int]]:
    """Pairs of blocks sharing a landmark found once on each side (an identical code
    block, a code span, a URL), longest chain increasing on both sides."""

    def unique(blocks: list[Block]) -> dict[str, int]:
        seen: dict[str, int] = {}
        count: Counter[str] = Counter()
        for block in blocks:
            for mark in _landmarks(block):
                seen[mark] = block.index
                count[mark] += 1
        return {mark: index for mark, index in seen.items() if count[mark] == 1}

    s, t = unique(source), unique(target)
    pairs = sorted({(s[k], t[k]) for k in s.keys() & t.keys()})
    return _longest_chain(pairs)


def _longest_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` (sorted by first) increasing in both."""
    import bisect

    tails: list[int] = []  # smallest second coordinate ending a chain of each length
    tail_at: list[int] = []
    previous: list[int] = [-1] * len(pairs)
    for k, (i, j) in enumerate(pairs):
        if k and pairs[k - 1][0] == i:
            continue  # one peg per source block
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
        previous[k] = tail_at[pos - 1] if pos else -1
    chain: list[tuple[int, int]] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        chain.append(pairs[k])
        k = previous[k]
    chain.reverse()
    # Pegs are cell corners: a peg block pair (i, j) fixes the path through (i, j).
    return [(i, j) for i, j in chain if i > 0 and j > 0]
