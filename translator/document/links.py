"""Links and images of one inline text, located, and reference links kept resolving.

A shortcut reference ``[foo]`` or a collapsed one ``[foo][]`` takes its destination from
the definition ``[foo]: /url`` whose label matches its *text*. Translate the text and the
link stops resolving: the reader sees brackets. Render therefore writes such a link, when
its translated text no longer matches, as a full reference ``[translated][foo]``
(:func:`keep_reference_labels`). A full reference ``[text][label]`` resolves by its label,
which is not translatable text (``document.inline`` protects it, ``link_mismatch`` checks
it).

Which brackets are links is markdown-it's decision, not a regex's: the inline parser runs
with its link and image rules wrapped so that each link it makes records where it is.
Labels match as CommonMark matches them (markdown-it's ``normalizeReference``: surrounding
whitespace trimmed, inner runs collapsed to one space, case folded).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Container
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.image import image as _image_rule
from markdown_it.rules_inline.link import link as _link_rule
from markdown_it.token import Token

INLINE = "inline"  # [text](url)
FULL = "full"  # [text][label]
COLLAPSED = "collapsed"  # [text][]
SHORTCUT = "shortcut"  # [text]


@dataclass(frozen=True)
class LinkSpan:
    """One link or image of a text: ``text[start:end]`` is all of it."""

    start: int  # at "[" (or "!" of "![")
    end: int
    text_end: int  # the "]" closing the link text
    kind: str  # INLINE, FULL, COLLAPSED or SHORTCUT
    label: str  # as written: the label of a full reference, else the link text
    image: bool

    @property
    def key(self) -> str:
        """The label as definitions are matched (case-folded, whitespace collapsed)."""
        return normalize_label(self.label)


def normalize_label(label: str) -> str:
    return normalizeReference(label)


_DEFINITION = {"href": "", "title": ""}


class _Labels(dict[str, Any]):
    """What the link rules look labels up in: only whether a label is defined matters."""

    def __init__(self, defined: Container[str] | None) -> None:
        super().__init__()
        self.defined = defined

    def get(self, key: str, default: Any = None) -> Any:
        return _DEFINITION if self.defined is None or key in self.defined else default


_Rule = Callable[[StateInline, bool], bool]


def _recording(rule: _Rule, image: bool) -> _Rule:
    def record(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if not rule(state, silent):
            return False
        # Silent runs only measure; an image's alt text is parsed as a text of its own.
        if silent or state.src is not state.env.get("_source"):
            return True
        src, end = state.src, state.pos
        bracket = start + 1 if image else start
        text_end = state.md.helpers.parseLinkLabel(state, bracket, not image)
        after = text_end + 1
        label = src[bracket + 1 : text_end]
        if end == after:
            kind = SHORTCUT
        elif src[after] == "(":
            kind = INLINE
        elif src.startswith("[]", after):
            kind = COLLAPSED
        else:
            kind, label = FULL, src[after + 1 : end - 1]
        state.env["_links"].append(LinkSpan(start, end, text_end, kind, label, image))
        return True

    return record


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["strikethrough"])
    md.inline.ruler.at("link", _recording(_link_rule, image=False))
    md.inline.ruler.at("image", _recording(_image_rule, image=True))
    return md


def link_spans(text: str, defined: Container[str] | None = None) -> list[LinkSpan]:
    """The links and images of inline Markdown ``text``, in order.

    ``defined`` holds the normalised labels of the document's definitions; with None every
    label counts as defined, which finds every bracket that could be a link.
    """
    if "[" not in text:
        return []
    md = _parser()
    links: list[LinkSpan] = []
    env = {"references": _Labels(defined), "_source": text, "_links": links}
    tokens: list[Token] = []
    md.inline.parse(text, md, env, tokens)
    links.sort(key=lambda s: s.start)
    return links


def _by_text(span: LinkSpan) -> bool:
    return span.kind in (SHORTCUT, COLLAPSED)


@dataclass(frozen=True)
class Relabelled:
    """A translation with its references kept, and the labels it could not keep."""

    text: str
    lost: tuple[str, ...] = ()  # labels as written in the source


def keep_reference_labels(
    source: str, translation: str, references: Container[str]
) -> Relabelled:
    """``translation`` with each shortcut/collapsed reference of ``source`` still resolving.

    A reference whose translated text no longer matches its label is written as a full
    reference to the source's label: ``[foo]`` translated ``[föö]`` becomes ``[föö][foo]``,
    ``![foo][]`` becomes ``![föö][foo]``. A translated text that still matches (``[FOO]``)
    and a full reference the translator wrote (``[föö][foo]``) stay as they are. The other
    references are paired with the translation's bracketed texts in order, links with
    links and images with images; when their numbers differ, the pairing follows all the
    links of both texts (brackets the source has as plain text take their places), and
    when those differ too the translation is left as it is and the labels are ``lost``.
    """
    if "[" not in source:
        return Relabelled(translation)
    needed = [s for s in link_spans(source, references) if _by_text(s)]
    if not needed:
        return Relabelled(translation)
    candidates = link_spans(translation)
    # Links of the translation that resolve by a needed label already need nothing.
    waiting = Counter((s.image, s.key) for s in needed)
    offered: list[LinkSpan] = []
    for span in candidates:
        if span.kind != INLINE and waiting[(span.image, span.key)] > 0:
            waiting[(span.image, span.key)] -= 1
        elif _by_text(span):
            offered.append(span)
    missing = []
    for span in needed:
        if waiting[(span.image, span.key)] > 0:
            waiting[(span.image, span.key)] -= 1
            missing.append(span)
    if not missing:
        return Relabelled(translation)
    pairs: list[tuple[LinkSpan, LinkSpan]] = []
    for image in (False, True):
        wanted = [s for s in missing if s.image is image]
        theirs = [t for t in offered if t.image is image]
        if len(wanted) == len(theirs):
            pairs.extend(zip(wanted, theirs, strict=True))
            continue
        every_source = [s for s in link_spans(source) if s.image is image]
        every_target = [t for t in candidates if t.image is image]
        if len(every_source) != len(every_target):
            continue
        wanted_at = {(s.start, s.end) for s in wanted}
        offered_at = {(t.start, t.end) for t in theirs}
        pairs.extend(
            (s, t)
            for s, t in zip(every_source, every_target, strict=True)
            if (s.start, s.end) in wanted_at and (t.start, t.end) in offered_at
        )
    out = translation
    for source_span, span in sorted(pairs, key=lambda p: -p[1].start):
        cut = span.end - 2 if span.kind == COLLAPSED else span.end
        out = out[:cut] + "[" + source_span.label + "]" + out[span.end :]
    paired = {id(s) for s, _t in pairs}
    return Relabelled(out, tuple(s.label for s in missing if id(s) not in paired))
