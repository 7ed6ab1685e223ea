"""Document context for machine translation: where each sentence stands.

Japanese leaves the subject, the topic, number and tense to the sentences around, so a
sentence translated alone often comes back with the wrong ones. Each text sent to an
engine therefore carries a *window* of its document: the title, the heading of its
section, its own block (paragraph, list item, heading, table cell), and when that block is
short the sentences before and after it; each neighbour with its approved translation
where the catalog has one (a non-fuzzy entry: never a draft). Sentences with nothing to
translate (a bare link, a number) are left out. A window is trimmed, farthest sentences
first (the section heading last), until the engine's rendering of it fits its budget. A
batch's context is the union of its texts' windows, block by block in document order;
each engine renders it its own way (openai: in the system prompt; deepl: the ``context``
field; libretranslate has none).

Where documents come from: in a project, each catalog's source document; for explicit
catalogs, the files their ``#:`` references name, found relative to the project root, the
current folder or a folder above the catalog, and parsed as extraction parses them. A
catalog whose document is not found, or an entry no longer in it, goes without context.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import polib

from translator.catalog.groups import catalog_groups, group_state, marker
from translator.document.model import Document
from translator.errors import TranslatorError

_MARKDOWN = frozenset({".md", ".markdown"})

# A block shorter than this many sentences (a heading, a one-line list item) is shown with
# the sentences around it, so a heading gets the start of its section.
MIN_SENTENCES = 3


@dataclass(frozen=True)
class Sentence:
    msgid: str
    block: int
    kind: str  # "paragraph", "heading 2", "list item"…
    line: int


@dataclass
class DocView:
    """A source document as context needs it: its sentences in order, by block."""

    name: str  # as catalogs and messages name it
    sentences: list[Sentence]
    title: tuple[int, ...]  # the sentences of the title (front-matter title, else first h1)
    joiner: str  # how the source language joins two sentences of a paragraph
    first: dict[str, int] = field(default_factory=dict)  # msgid -> first translatable index
    blocks: dict[int, tuple[int, int]] = field(default_factory=dict)  # block -> [start, end)

    @classmethod
    def of(cls, document: Document, name: str, joiner: str) -> DocView:
        sentences: list[Sentence] = []
        first: dict[str, int] = {}
        blocks: dict[int, tuple[int, int]] = {}
        for segment in document.segments:
            if not segment.translatable:  # a bare link or number says nothing to a reader
                continue
            index = len(sentences)
            sentences.append(Sentence(segment.msgid, segment.block, segment.kind, segment.line))
            first.setdefault(segment.msgid, index)
            start = blocks.get(segment.block, (index, index))[0]
            blocks[segment.block] = (start, index + 1)
        return cls(name, sentences, _title(sentences, blocks), joiner, first, blocks)

    def title_text(self) -> str:
        return self.joiner.join(self.sentences[i].msgid for i in self.title)

    def section_heading(self, index: int) -> tuple[int, ...]:
        """The sentences of the heading of the section sentence ``index`` stands in: the
        nearest heading before it (for a heading, the nearest of a higher level)."""
        own = self.sentences[index]
        level = _heading_level(own.kind) or 7
        for i in range(index - 1, -1, -1):
            sentence = self.sentences[i]
            found = _heading_level(sentence.kind)
            if sentence.block != own.block and found and found < level:
                start, end = self.blocks[sentence.block]
                return tuple(range(start, end))
        return ()


def _heading_level(kind: str) -> int:
    """6 for "heading 6", 0 for anything that is no heading."""
    name, _, level = kind.partition(" ")
    return int(level) if name == "heading" and level.isdigit() else 0


def _title(sentences: list[Sentence], blocks: Mapping[int, tuple[int, int]]) -> tuple[int, ...]:
    for wanted in ("front matter: title", "heading 1"):
        for sentence in sentences:
            if sentence.kind == wanted:
                start, end = blocks[sentence.block]
                return tuple(range(start, end))
    return ()


@dataclass(frozen=True)
class Source:
    """One source document as the catalog of one locale sees it."""

    doc: DocView
    approved: Mapping[str, str]  # the catalog's approved translations: msgid -> msgstr
    target_joiner: str

    def approved_title(self) -> str | None:
        parts = [self.approved.get(self.doc.sentences[i].msgid) for i in self.doc.title]
        if not parts or not all(parts):
            return None
        return self.target_joiner.join(p for p in parts if p)


def approved_translations(po: polib.POFile) -> dict[str, str]:
    """msgid -> msgstr of the catalog's approved translation units: a sentence group's
    translation under its first sentence, when no sentence of it is fuzzy. The markers
    ``<with previous>`` and ``<omitted>`` are no translation to show an engine."""
    return {
        group.head.msgid: group.head.msgstr
        for group in catalog_groups(po)
        if group_state(group) == "translated" and marker(group.head.msgstr) is None
    }


@dataclass(frozen=True)
class Window:
    """The part of a document one text is sent with: ``own`` are the sentences it holds."""

    source: Source
    own: tuple[int, ...]  # consecutive indices into source.doc.sentences
    indices: tuple[int, ...]  # sorted; the own sentences and the neighbours shown
    title: bool = True
    show_own: bool = True  # False: the own sentences are too long to repeat as context

    def fingerprint(self) -> str:
        """What the window shows, hashed: part of the response cache key, so a changed
        neighbour, title or approved translation asks the engine again."""
        doc = self.source.doc
        approved = self.source.approved
        shown = []
        for i in self.indices:
            msgid = doc.sentences[i].msgid
            shown.append((msgid, "" if i in self.own else approved.get(msgid, "")))
        title = [doc.title_text(), self.source.approved_title() or ""] if self.title else []
        payload = json.dumps([doc.name, title, shown, list(self.own), self.show_own])
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def window(source: Source, own: Sequence[int], fits: Callable[[Window], bool]) -> Window:
    """The window of the text made of sentences ``own``: its block, its neighbours when the
    block is short, trimmed (farthest sentences first, then the title, then the own
    sentences' copy) until ``fits`` accepts it."""
    doc = source.doc
    first, last = own[0], own[-1]
    start, end = doc.blocks[doc.sentences[first].block]
    start, end = min(start, first), max(end, last + 1)
    chosen = set(range(start, end))
    before, after = start - 1, end
    take_before = True
    total = len(doc.sentences)
    while len(chosen) < MIN_SENTENCES and (before >= 0 or after < total):
        if (take_before and before >= 0) or after >= total:
            chosen.add(before)
            before -= 1
        else:
            chosen.add(after)
            after += 1
        take_before = not take_before
    own_set = set(own)
    heading = set(doc.section_heading(first)) - set(doc.title)
    chosen |= heading

    def distance(i: int) -> tuple[int, int, int]:
        # Farthest first; of two as far, the following one goes first: what came before
        # carries the topic a Japanese sentence leaves out. The section's heading last.
        near = (first - i, 0) if i < first else (i - last, 1)
        return (0 if i in heading else 1, *near)

    others = sorted(chosen - own_set, key=distance, reverse=True)
    current = Window(source, tuple(own), tuple(sorted(chosen)), title=bool(doc.title))
    while not fits(current):
        if others:
            chosen.discard(others.pop(0))
            current = Window(source, tuple(own), tuple(sorted(chosen)), current.title)
        elif current.title:
            current = Window(source, tuple(own), current.indices, title=False)
        elif current.show_own:
            current = Window(source, tuple(own), current.indices, False, show_own=False)
        else:
            break
    return current


@dataclass(frozen=True)
class ContextLine:
    """One sentence of a context block."""

    source: str
    key: str | None  # the id of the text of the batch that holds it; None: a neighbour
    approved: str | None  # a neighbour's approved translation, if it has one
    after_gap: bool = False  # sentences of the document between it and the line before


@dataclass(frozen=True)
class ContextBlock:
    kind: str
    line: int
    lines: tuple[ContextLine, ...]


@dataclass(frozen=True)
class BatchContext:
    """What one request carries about one document."""

    document: str
    title: str | None
    approved_title: str | None
    blocks: tuple[ContextBlock, ...]
    source_joiner: str
    target_joiner: str


def batch_context(windows: Iterable[tuple[Window, str]]) -> list[BatchContext]:
    """The union of the windows of a batch's texts (each with the text's id), one entry per
    document, blocks in document order."""
    by_doc: dict[int, list[tuple[Window, str]]] = {}
    for item in windows:
        by_doc.setdefault(id(item[0].source), []).append(item)
    out: list[BatchContext] = []
    for parts in by_doc.values():
        source = parts[0][0].source
        doc = source.doc
        keys: dict[int, str] = {}
        hidden: set[int] = set()
        shown: set[int] = set()
        title = False
        for win, text_id in parts:
            shown.update(win.indices)
            for i in win.own:
                keys[i] = text_id
                if not win.show_own:
                    hidden.add(i)
            title = title or win.title
        blocks: list[ContextBlock] = []
        current: list[ContextLine] = []
        block = None
        previous = -1
        for i in sorted(shown - hidden):
            sentence = doc.sentences[i]
            if block is not None and sentence.block != block[0]:
                blocks.append(ContextBlock(block[1], block[2], tuple(current)))
                current = []
            if block is None or sentence.block != block[0]:
                block = (sentence.block, sentence.kind, sentence.line)
            key = keys.get(i)
            approved = None if key is not None else source.approved.get(sentence.msgid)
            gap = previous >= 0 and i > previous + 1 and i - 1 not in hidden
            current.append(ContextLine(sentence.msgid, key, approved, gap))
            previous = i
        if block is not None:
            blocks.append(ContextBlock(block[1], block[2], tuple(current)))
        out.append(
            BatchContext(
                doc.name,
                doc.title_text() if title and doc.title else None,
                source.approved_title() if title else None,
                tuple(blocks),
                doc.joiner,
                source.target_joiner,
            )
        )
    return out


@dataclass(frozen=True)
class Place:
    """Where a sentence stands: its document (as one locale's catalog sees it) and index."""

    source: Source
    index: int
    rank: int  # the document's place in the run, so batches follow document order


class Placer:
    """Which document each catalog's sentences come from, and where in it they stand."""

    def __init__(self) -> None:
        self._sources: dict[Path, list[tuple[Source, int]]] = {}
        self._ranks: dict[str, int] = {}

    def add(self, catalog: Path, source: Source) -> None:
        rank = self._ranks.setdefault(source.doc.name, len(self._ranks))
        self._sources.setdefault(catalog, []).append((source, rank))

    def sources(self, catalog: Path) -> list[Source]:
        return [s for s, _ in self._sources.get(catalog, [])]

    def place(self, catalogs: Iterable[Path], msgid: str) -> Place | None:
        """The first occurrence of ``msgid`` in the documents of ``catalogs``."""
        for catalog in catalogs:
            for source, rank in self._sources.get(catalog, []):
                index = source.doc.first.get(msgid)
                if index is not None:
                    return Place(source, index, rank)
        return None


def referenced_documents(
    po: polib.POFile, bases: Sequence[Path]
) -> tuple[list[tuple[Path, str]], list[str]]:
    """The Markdown files a catalog's ``#:`` references name (each found under the first
    of ``bases`` that has it), with the name as written; and the names not used (not
    found, or not a relative path to a Markdown file)."""
    names: dict[str, None] = {}
    for entry in po:
        if entry.obsolete:
            continue
        for name, _line in entry.occurrences:
            if name:
                names.setdefault(name, None)
    found: list[tuple[Path, str]] = []
    missing: list[str] = []
    for name in names:
        # Only Markdown below a base: a catalog from elsewhere must not make the run read,
        # and send as context, any file its references name.
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts or relative.suffix not in _MARKDOWN:
            missing.append(name)
            continue
        for base in bases:
            candidate = base / name
            if candidate.is_file():
                found.append((candidate, name))
                break
        else:
            missing.append(name)
    return found, missing


def reference_bases(catalog: Path, root: Path | None) -> list[Path]:
    """Where the documents a catalog's references name may be: the project root, the
    current folder, the catalog's folder and those above it."""
    bases = [root] if root is not None else []
    bases.append(Path.cwd())
    folder = catalog.resolve().parent
    bases.extend([folder, *folder.parents])
    return list(dict.fromkeys(bases))


class Documents:
    """Source documents parsed once per run (a document serves every locale)."""

    def __init__(self, parse: Callable[[Path, str], Document], joiner: str) -> None:
        self._parse = parse
        self._joiner = joiner
        self._views: dict[Path, DocView | TranslatorError] = {}

    def view(self, path: Path, name: str) -> DocView | TranslatorError:
        """The parsed document, or the error that kept it from being read."""
        key = path.resolve()
        if key not in self._views:
            try:
                self._views[key] = DocView.of(self._parse(path, name), name, self._joiner)
            except TranslatorError as exc:
                self._views[key] = exc
            except OSError as exc:
                self._views[key] = TranslatorError(f"cannot read: {exc.strerror}", str(path))
        return self._views[key]
