"""Document + translations → a standalone HTML page (``translator render --format html``).

The localised Markdown is produced as for ``render`` (everything outside the sentences
byte for byte), then parsed by the same markdown-it dialect extraction uses. Before
parsing, each sentence that falls back to the source language is wrapped in two marker
characters; after parsing, the markers become ``<span lang="ja">`` around exactly that
sentence, split where the sentence crosses an element boundary so that the HTML nests.
Translations first lose any markup their source sentence does not have (``safety``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from importlib.resources import files

from markdown_it import MarkdownIt
from markdown_it.token import Token

from translator.article.safety import escape_added_markup
from translator.document.markdown import markdown_parser
from translator.document.model import Document, Quoting, Segment
from translator.locales import LocaleInfo
from translator.render import render_document

# Sentence markers: characters no article holds (musical symbols), of a Unicode category
# markdown-it counts as punctuation, so "**bold.**" next to a marker still closes as it
# does next to the end of a line. Two not found in the text are used.
_MARKER_CANDIDATES = tuple(chr(c) for c in range(0x1D100, 0x1D110))
_CITATION = re.compile(r"\[(\^?)(\d{1,4}(?:\s*[,，、]\s*\d{1,4})*)\]")
_CITATION_NUMBER = re.compile(r"\d+")
# What a reference-list item starts with: "[1] …", "[1: …](…)", "[^1] …", "[1. …".
_REFERENCE_ITEM = re.compile(r"\[\^?(\d{1,4})(?:\]|[:.：]|\s)")


@dataclass(frozen=True)
class Alternate:
    """Another rendering of the same document: its locale and the relative address."""

    locale: LocaleInfo
    href: str


@dataclass(frozen=True)
class PageOptions:
    """What a page links to and how it looks."""

    source_locale: LocaleInfo
    # Every rendered locale of the document, this page's own included, in switcher order.
    alternates: Sequence[Alternate] = ()
    default_href: str | None = None  # x-default: the page in the source language
    css: str | None = None  # the style sheet; None: the plain default one


def default_css() -> str:
    return files("translator.article").joinpath("article.css").read_text(encoding="utf-8")


def render_article(
    doc: Document,
    translations: Mapping[str, str],
    locale: LocaleInfo,
    options: PageOptions,
    warnings: list[str] | None = None,
) -> str:
    """The whole page of ``doc`` in ``locale``: head, language switcher, article.
    ``warnings`` as in :func:`render_document`."""
    source = options.source_locale
    marks = _markers(doc.text, translations)
    fallback_span = f'<span lang="{source.bcp47}"' + (
        f' dir="{source.direction}">' if source.direction != locale.direction else ">"
    )
    same_language = locale.language == source.language

    def translated(segment: Segment, text: str) -> str:
        if segment.quoting is not Quoting.MARKDOWN:
            return text
        return escape_added_markup(segment.msgid, text)

    def fallback(segment: Segment, text: str) -> str:
        if segment.quoting is not Quoting.MARKDOWN or same_language or marks is None:
            return text
        return marks[0] + text + marks[1]

    markdown = render_document(
        doc, translations, locale, warnings, on_translated=translated, on_fallback=fallback
    )
    md = _parser()
    env: dict[str, object] = {}
    tokens = md.parse(markdown, env)
    references = _reference_ids(tokens, marks or ("", ""))
    heading: str | None = None
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.children:
            continue
        if heading is None and tokens[index - 1].type == "heading_open":
            heading = _plain_text(token.children, marks or ("", ""))
        children = token.children
        if marks is not None:
            children = _mark_fallback(children, marks, fallback_span)
        token.children = _link_citations(children, references)
    body = md.renderer.render(tokens, md.options, env)
    title = _front_matter(doc, "title", translations, locale) or heading or _stem(doc.path)
    description = _front_matter(doc, "description", translations, locale)
    return _page(body, title, description, locale, options)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return markdown_parser()


def _markers(text: str, translations: Mapping[str, str]) -> tuple[str, str] | None:
    free = [
        c
        for c in _MARKER_CANDIDATES
        if c not in text and not any(c in t for t in translations.values())
    ]
    if len(free) < 2:  # an article of musical notation: mark nothing rather than mislead
        return None
    return free[0], free[1]


def _front_matter(
    doc: Document, key: str, translations: Mapping[str, str], locale: LocaleInfo
) -> str | None:
    parts = [
        translations.get(s.msgid) or s.msgid
        for s in doc.segments
        if s.kind == f"front matter: {key}"
    ]
    return locale.sentence_joiner.join(parts) if parts else None


def _stem(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def _plain_text(children: Sequence[Token], marks: tuple[str, str]) -> str:
    text = "".join(
        c.content if c.type in ("text", "code_inline") else " " if c.type == "softbreak" else ""
        for c in children
    )
    for mark in marks:
        if mark:
            text = text.replace(mark, "")
    return " ".join(text.split())


def _html(content: str) -> Token:
    return Token("html_inline", "", 0, content=content)


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


def _closing(token: Token) -> Token:
    return Token(token.type.replace("_open", "_close"), token.tag, -1, markup=token.markup)


def _mark_fallback(children: list[Token], marks: tuple[str, str], span: str) -> list[Token]:
    """Turn the marker pairs of one inline block into language spans that nest properly."""
    if not any(t.type == "text" and (marks[0] in t.content) for t in children):
        return children
    out: list[Token] = []
    inside = False
    opened: list[Token] = []  # elements opened inside the current span, still open
    split = re.compile(f"({re.escape(marks[0])}|{re.escape(marks[1])})")
    for token in children:
        if token.type == "text" and (marks[0] in token.content or marks[1] in token.content):
            for piece in split.split(token.content):
                if piece == marks[0]:
                    out.append(_html(span))
                    inside, opened = True, []
                elif piece == marks[1]:
                    if not inside:
                        continue
                    # The sentence ends inside an element it opened: close that element
                    # before the span ends and open it again after.
                    out.extend(_closing(t) for t in reversed(opened))
                    out.append(_html("</span>"))
                    out.extend(opened)
                    inside, opened = False, []
                elif piece:
                    out.append(_text(piece))
            continue
        if inside and token.nesting == 1:
            opened.append(token)
        elif inside and token.nesting == -1:
            if opened:
                opened.pop()
            else:  # an element opened before the sentence closes inside it
                out.extend((_html("</span>"), token, _html(span)))
                continue
        out.append(token)
    if inside:
        out.append(_html("</span>"))
    return _drop_empty_spans(out, span)


def _drop_empty_spans(tokens: list[Token], span: str) -> list[Token]:
    """Drop empty spans, and join the spans of sentences that follow each other."""
    out: list[Token] = []
    pairs = ((span, "</span>"), ("</span>", span))
    for token in tokens:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.type == token.type == "html_inline"
            and (previous.content, token.content) in pairs
        ):
            out.pop()
            continue
        out.append(token)
    return out


def _reference_ids(tokens: list[Token], marks: tuple[str, str]) -> set[str]:
    """Give each reference-list item the id its citation markers link to (``ref-3``).

    A reference item is a list item whose text starts with its number in brackets:
    ``[3] …``, ``[3: title](url)``, ``[^3] …``. Failing any, the items of the document's
    last ordered list are references by their number, when the text cites numbers.
    """
    found: set[str] = set()
    last_ordered: list[tuple[Token, str]] = []
    current_ordered: list[tuple[Token, str]] | None = None
    for index, token in enumerate(tokens):
        if token.type == "ordered_list_open":
            current_ordered = []
        elif token.type == "ordered_list_close" and current_ordered is not None:
            last_ordered, current_ordered = current_ordered, None
        elif token.type == "list_item_open":
            inline = next((t for t in tokens[index + 1 : index + 3] if t.type == "inline"), None)
            text = inline.content.lstrip("".join(marks)) if inline is not None else ""
            m = _REFERENCE_ITEM.match(text)
            if m is not None:
                number = str(int(m.group(1)))
                if f"ref-{number}" not in found:
                    token.attrSet("id", f"ref-{number}")
                    found.add(f"ref-{number}")
            elif current_ordered is not None and token.info.isdigit() and token.level >= 0:
                current_ordered.append((token, str(int(token.info))))
    if not found:
        for token, number in last_ordered:
            token.attrSet("id", f"ref-{number}")
            found.add(f"ref-{number}")
    return found


def _link_citations(children: list[Token], references: set[str]) -> list[Token]:
    """``[2]`` → a link to the reference list's item 2, where it has one."""
    if not references:
        return children
    out: list[Token] = []
    in_link = 0
    for token in children:
        if token.type == "link_open":
            in_link += 1
        elif token.type == "link_close":
            in_link -= 1
        if token.type != "text" or in_link or "[" not in token.content:
            out.append(token)
            continue
        out.extend(_cite(token.content, references))
    return out


def _cite(text: str, references: set[str]) -> Iterator[Token]:
    pos = 0
    for m in _CITATION.finditer(text):
        numbers = [str(int(n)) for n in _CITATION_NUMBER.findall(m.group(2))]
        if not all(f"ref-{n}" in references for n in numbers):
            continue
        if m.start() > pos:
            yield _text(text[pos : m.start()])
        if len(numbers) == 1:
            yield from _anchor(numbers[0], m.group())
        else:  # [1, 2]: each number its own link
            inner = m.group(2)
            yield _text("[" + m.group(1))
            at = 0
            for n in _CITATION_NUMBER.finditer(inner):
                if n.start() > at:
                    yield _text(inner[at : n.start()])
                yield from _anchor(str(int(n.group())), n.group())
                at = n.end()
            yield _text(inner[at:] + "]")
        pos = m.end()
    if pos < len(text):
        yield _text(text[pos:])


def _anchor(number: str, label: str) -> Iterator[Token]:
    link = Token("link_open", "a", 1)
    link.attrs = {"href": f"#ref-{number}", "class": "citation", "role": "doc-biblioref"}
    yield link
    yield _text(label)
    yield Token("link_close", "a", -1)


def _page(
    body: str, title: str, description: str | None, locale: LocaleInfo, options: PageOptions
) -> str:
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
    ]
    if description:
        head.append(f'<meta name="description" content="{escape(description)}">')
    for alternate in options.alternates:
        head.append(
            f'<link rel="alternate" hreflang="{alternate.locale.bcp47}" '
            f'href="{escape(alternate.href)}">'
        )
    if options.default_href is not None:
        head.append(
            f'<link rel="alternate" hreflang="x-default" href="{escape(options.default_href)}">'
        )
    css = options.css if options.css is not None else default_css()
    # A style sheet cannot end the <style> element early ("</style" inside a comment, say).
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
    head.append("<style>\n" + css.rstrip("\n") + "\n</style>")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{locale.bcp47}" dir="{locale.direction}">',
        "<head>",
        *head,
        "</head>",
        "<body>",
    ]
    if len(options.alternates) > 1:
        parts.append(_switcher(locale, options.alternates))
    parts += ["<main>", "<article>", body.rstrip("\n"), "</article>", "</main>", "</body>"]
    parts.append("</html>")
    return "\n".join(parts) + "\n"


def _switcher(locale: LocaleInfo, alternates: Sequence[Alternate]) -> str:
    items = []
    for alternate in alternates:
        other = alternate.locale
        current = ' aria-current="page"' if other.code == locale.code else ""
        items.append(
            f'<li><a href="{escape(alternate.href)}" hreflang="{other.bcp47}" '
            f'lang="{other.bcp47}"{current}>{escape(other.native_name)}</a></li>'
        )
    return (
        '<nav class="languages" aria-label="Languages">\n<ul>\n'
        + "\n".join(items)
        + "\n</ul>\n</nav>"
    )
