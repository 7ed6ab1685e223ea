"""Aligning a Japanese document with an existing translation, into its catalog.

``align_documents`` pairs the blocks of both documents, then the sentences inside each
pair (``blocks``, ``sentences``, both on ``lattice``); ``apply_alignment`` writes the links
into a catalog (``write``). ``absorb`` takes back edits made in a rendered article.
"""

from translator.align.aligner import align_documents
from translator.align.model import Alignment, Block, Link
from translator.align.write import AlignReport, Written, apply_alignment

__all__ = [
    "AlignReport",
    "Alignment",
    "Block",
    "Link",
    "Written",
    "align_documents",
    "apply_alignment",
]
