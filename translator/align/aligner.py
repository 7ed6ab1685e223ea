"""Align a source document with its translation: blocks first, then sentences."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from translator.align.anchors import source_keys, target_keys
from translator.align.blocks import document_blocks, pair_blocks
from translator.align.evidence import source_evidence, target_evidence
from translator.align.lexicon import Lexicon, load_lexicon
from translator.align.model import Alignment, Block, Link
from translator.align.sentences import Unit, shrunk_ratio, solve_units
from translator.document.model import Document, Segment
from translator.glossary.model import Glossary
from translator.locales import language_of

_T = TypeVar("_T")

_KINDS = {
    (1, 1): "",
    (2, 1): "2 sentences translated as one",
    (3, 1): "3 sentences translated as one",
    (1, 2): "one sentence translated as 2",
    (1, 3): "one sentence translated as 3",
    (2, 2): "2 sentences translated as 2, not one by one",
    (1, 0): "not in the translation",
    (0, 1): "no counterpart in the source",
}


def align_documents(
    source: Document,
    target: Document,
    locale: str,
    glossary: Glossary | None = None,
    lexicon: Lexicon | bool | None = True,
) -> Alignment:
    """Pair the blocks of ``source`` (Japanese) and ``target`` (its translation into
    ``locale``), then the sentences inside each pair of blocks.

    ``lexicon``: a Japanese–English lexicon for English targets; True (the default) loads
    the EDICT file installed (see ``lexicon``), False or None aligns without one."""
    if lexicon is True:
        lexicon = load_lexicon() if language_of(locale) == "en" else None
    words = lexicon or None
    s_keys = _memo(lambda text: source_keys(text, glossary))
    t_keys = _memo(lambda text: target_keys(text, locale, glossary))
    s_evidence = _memo(lambda text: source_evidence(text, words, glossary))
    t_evidence = _memo(lambda text: target_evidence(text, locale, words, glossary))
    s_blocks = document_blocks(source, s_keys, evidence_of=s_evidence)
    t_blocks = document_blocks(target, t_keys, evidence_of=t_evidence)
    ratio = _shrunk_ratio(s_blocks, t_blocks)
    block_pairs: list[tuple[int | None, int | None, int]] = []
    links: list[Link] = []
    for s_index, t_index, block_posterior in pair_blocks(s_blocks, t_blocks):
        confidence = round(100 * block_posterior)
        for k in range(max(len(s_index), len(t_index))):
            block_pairs.append(
                (
                    s_index[min(k, len(s_index) - 1)] if s_index else None,
                    t_index[min(k, len(t_index) - 1)] if t_index else None,
                    confidence,
                )
            )
        s_segments = [s for i in s_index for s in s_blocks[i].segments]
        t_segments = [s for j in t_index for s in t_blocks[j].segments]
        first_s = s_index[0] if s_index else None
        first_t = t_index[0] if t_index else None
        if not s_segments or not t_segments:
            reason = "block not in the translation" if s_segments else "block not in the source"
            links.extend(
                Link((seg,), (), confidence, reason, first_s, None) for seg in s_segments
            )
            links.extend(
                Link((), (seg,), confidence, reason, None, first_t) for seg in t_segments
            )
            continue
        steps = solve_units(
            [Unit(_length(s), s_keys(s.msgid), s_evidence(s.msgid)) for s in s_segments],
            [Unit(_length(t), t_keys(t.msgid), t_evidence(t.msgid)) for t in t_segments],
            ratio,
        ).steps
        for step in steps:
            reasons = [_KINDS[(step.a, step.b)]]
            if block_posterior < 0.9:
                reasons.append(f"blocks paired with {confidence}% confidence")
            if step.a == step.b == 1 and step.posterior < 0.9:
                reasons.append("another pairing nearly as likely")
            links.append(
                Link(
                    tuple(s_segments[step.i : step.i + step.a]),
                    tuple(t_segments[step.j : step.j + step.b]),
                    round(100 * step.posterior * block_posterior),
                    "; ".join(r for r in reasons if r),
                    _block_of(s_blocks, s_index, s_segments, step.i) if step.a else None,
                    _block_of(t_blocks, t_index, t_segments, step.j) if step.b else None,
                )
            )
    return Alignment(
        source, target, s_blocks, t_blocks, block_pairs, links,
        words.path if words else "", locale,
    )  # fmt: skip


def _shrunk_ratio(source: list[Block], target: list[Block]) -> float:
    """The document's length ratio, leaning on ``PRIOR_RATIO`` when it is short."""
    return shrunk_ratio(
        sum(b.length for b in source if b.is_text), sum(b.length for b in target if b.is_text)
    )


def _memo(function: Callable[[str], _T]) -> Callable[[str], _T]:
    """``function`` computed once per text (within one alignment)."""
    cache: dict[str, _T] = {}

    def cached(text: str) -> _T:
        found = cache.get(text)
        if found is None:
            found = cache[text] = function(text)
        return found

    return cached


def _length(segment: Segment) -> float:
    from translator.align.blocks import prose_length

    return max(prose_length(segment.msgid), 1.0)


def _block_of(blocks: list[Block], indexes: list[int], segments: list[Segment], k: int) -> int:
    """The index of the block holding ``segments[k]`` among ``indexes``."""
    seen = 0
    for index in indexes:
        seen += len(blocks[index].segments)
        if k < seen:
            return index
    return indexes[-1]
