"""Markdown checks: citation_missing/citation_extra, markup_mismatch, link_mismatch."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from markdown_it.common.html_re import HTML_TAG_RE

from translator.checks.model import Pair, Problem
from translator.document.links import FULL, INLINE, link_spans
from translator.glossary.text import protected

_CITE_NUMBER = re.compile(r"\d+")
_LINK_BODY = (
    r"\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(?P<dest><[^<>\n]*>|[^\s()<>]*"
    r"(?:\([^\s()]*\)[^\s()<>]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
_LINK = re.compile(r"(?<!!)" + _LINK_BODY)
_LINK_OR_IMAGE = re.compile(_LINK_BODY)
_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*[^\s)]*(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})(?=\s)", re.MULTILINE)
_LIST = re.compile(r"^\s*(?:[-+*]|\d{1,9}[.)])(?=\s)", re.MULTILINE)


def citations(text: str) -> Counter[str]:
    """Citation markers ``[1]``, ``[1, 2]``, ``[^3]`` by number (full-width brackets too)."""
    found: Counter[str] = Counter()
    for number in citation_marks(text):
        key = str(int(number))
        found[key] = found.get(key, 0) + 1
    return found


def citation_marks(text: str) -> list[str]:
    """The numbers of the citation markers of ``text`` as written (``04``, ``４``), in text
    order. Two texts with the same marks have the same ``citations``, which a pair's check
    only works out when the marks differ."""
    if "[" not in text and "\uff3b" not in text:
        return []
    text = _nfkc_brackets(text)
    marks: list[str] = []
    for start, end, kind in protected(text):
        if kind == "citation":
            marks += _CITE_NUMBER.findall(text, start, end)
    return marks


_FULL_WIDTH = {0xFF3B: "[", 0xFF3D: "]", 0xFF3E: "^"} | {
    c: str(c - 0xFF10) for c in range(0xFF10, 0xFF1A)
}
_HAS_FULL_WIDTH = re.compile("[\uff10-\uff19\uff3b\uff3d\uff3e]")


def _nfkc_brackets(text: str) -> str:
    # Mostly nothing to replace: keep the same string (its protected spans are memoised).
    return text.translate(_FULL_WIDTH) if _HAS_FULL_WIDTH.search(text) else text


# The source half of each pair below is worked out once per msgid (``Pair.source_cached``).
def _citations(pair: Pair) -> tuple[Counter[str], Counter[str]]:
    def both() -> tuple[Counter[str], Counter[str]]:
        return pair.source_cached("citations", lambda: citations(pair.source)), citations(
            pair.target
        )

    return pair.cached("citations", both)


def _markup(pair: Pair) -> tuple[Markup, Markup]:
    def both() -> tuple[Markup, Markup]:
        return pair.source_cached("markup", lambda: markup(pair.source)), markup(pair.target)

    return pair.cached("markup", both)


def cites_in_source(pair: Pair) -> bool:
    """False only when ``check_citation_missing`` has nothing to say (no bracket)."""
    return "[" in pair.source or "\uff3b" in pair.source


def cites_in_target(pair: Pair) -> bool:
    """False only when ``check_citation_extra`` has nothing to say (no bracket)."""
    return "[" in pair.target or "\uff3b" in pair.target


def has_markup(pair: Pair) -> bool:
    """False only when ``check_markup_mismatch`` has nothing to say: both texts plain."""
    return pair.cached(
        "has_markup",
        lambda: (
            not (pair.source_cached("plain", lambda: plain(pair.source)) and plain(pair.target))
        ),
    )


def has_links(pair: Pair) -> bool:
    """False only when ``check_link_mismatch`` has nothing to say: both texts plain, and
    no full reference link ``][``."""
    return "][" in pair.source or "][" in pair.target or has_markup(pair)


def check_citation_missing(pair: Pair) -> list[Problem]:
    """A citation marker ``[n]`` of the source is missing from the target (moving is fine)."""
    src, tgt = _citations(pair)
    if src == tgt:
        return []
    return [
        Problem("citation_missing", f"citation [{n}]: source has {c}, target has {tgt[n]}")
        for n, c in sorted(src.items(), key=lambda kv: int(kv[0]))
        if tgt[n] < c
    ]


def check_citation_extra(pair: Pair) -> list[Problem]:
    """The target has a citation marker ``[n]`` the source does not have (or more of them)."""
    src, tgt = _citations(pair)
    if src == tgt:
        return []
    return [
        Problem("citation_extra", f"citation [{n}]: source has {src[n]}, target has {c}")
        for n, c in sorted(tgt.items(), key=lambda kv: int(kv[0]))
        if c > src[n]
    ]


@dataclass(frozen=True)
class Markup:
    counts: dict[str, int]
    destinations: Counter[str]
    bare_urls: Counter[str]
    tags: Counter[str]  # inline HTML (tags, comments), each as ``html_tag_key`` spells it


# Shared by every plain text: never modify it.
PLAIN_MARKUP = Markup(
    {"image": 0, "heading": 0, "list": 0, "strong": 0, "underline_strong": 0, "em": 0},
    Counter(),
    Counter(),
    Counter(),
)
_TAG_NAME = re.compile(r"^(</?)([A-Za-z][A-Za-z0-9-]*)")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)  # (a document's tags are a handful, written again and again)
def html_tag_key(tag: str) -> str:
    """One spelling per tag: the name in lower case, runs of white space as one space."""
    tag = _SPACES.sub(" ", tag)
    return _TAG_NAME.sub(lambda m: m.group(1) + m.group(2).lower(), tag, count=1)


def html_tags(text: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of the inline HTML markdown-it finds in ``text``: tags, comments,
    processing instructions, declarations and CDATA, outside code spans and autolinks,
    and not escaped by a backslash. Matched with markdown-it's own pattern, so what
    counts here is exactly what a browser would get as markup."""
    if "<" not in text:
        return []
    skip = [(s, e) for s, e, kind in protected(text) if kind in ("code", "autolink")]
    found: list[tuple[int, int, str]] = []
    pos = text.find("<")
    while pos >= 0:
        inside = next((e for s, e in skip if s <= pos < e), None)
        if inside is not None:
            pos = text.find("<", inside)
            continue
        m = None if backslash_escaped(text, pos) else HTML_TAG_RE.match(text, pos)
        if m is not None:
            found.append((pos, m.end(), html_tag_key(m.group())))
            pos = text.find("<", m.end())
        else:
            pos = text.find("<", pos + 1)
    return found


def link_destinations(text: str) -> list[tuple[int, str]]:
    """(offset of the ``[``, destination) of each inline link and image ``[…](dest)`` of
    ``text``, outside code spans."""
    if "](" not in text:
        return []
    masked = list(text)
    for start, end, kind in protected(text):
        if kind == "code":
            masked[start:end] = " " * (end - start)
    return [
        (m.start(), m.group("dest").strip("<>"))
        for m in _LINK_OR_IMAGE.finditer("".join(masked))
        if not backslash_escaped(text, m.start())
    ]


def backslash_escaped(text: str, pos: int) -> bool:
    """Whether the character at ``pos`` follows an odd number of backslashes."""
    count = 0
    while pos - count - 1 >= 0 and text[pos - count - 1] == "\\":
        count += 1
    return count % 2 == 1


_NAMES = {
    "strong": "bold markers **",
    "em": "emphasis markers *",
    "underline_strong": "bold markers __",
    "code": "code spans",
    "link": "links [text](url)",
    "image": "images",
    "autolink": "autolinks <url>",
    "heading": "heading markers",
    "list": "list markers",
}


_EM = re.compile(r"(?<!\s)\*|\*(?!\s)")


def plain(text: str) -> bool:
    """Whether ``markup`` finds nothing in ``text``: every element it counts needs a code
    span or HTML (` <), a URL, an image, link or emphasis marker, a heading's #, or a list
    marker (``_LIST``) at the start of a line."""
    return not (
        "`" in text
        or "<" in text
        or "*" in text
        or "#" in text
        or "](" in text
        or "__" in text
        or "://" in text
        or "www." in text
        or _LIST.match(text)
        or ("\n" in text and _LIST.search(text))
    )


def markup(text: str) -> Markup:
    """Counts of Markdown elements, link destinations and bare URLs of one inline text.

    Plain text (most sentences) gets one shared ``PLAIN_MARKUP``: what ``read_markup``
    would find in it, without looking.
    """
    return PLAIN_MARKUP if plain(text) else read_markup(text)


def read_markup(text: str) -> Markup:
    """``markup`` of any text, read element by element."""
    counts: dict[str, int] = {}
    bare: list[str] = []
    pieces: list[str] = []
    pos = 0
    for start, end, kind in protected(text):
        if kind == "code" or kind == "autolink":
            counts[kind] = counts.get(kind, 0) + 1
        elif kind == "url" and not text[max(0, start - 2) : start].endswith("]("):
            bare.append(text[start:end])
        if kind in ("code", "autolink", "url", "html"):
            pieces.append(text[pos:start])
            pieces.append(" " * (end - start) if kind != "url" else "x")
            pos = end
    pieces.append(text[pos:])
    rest = "".join(pieces)
    destinations: Counter[str] = _NO_COUNTS
    # Each pattern needs a marker character; a text without it is left as it is (most are).
    if "![" in rest:
        counts["image"] = len(_IMAGE.findall(rest))
        rest = _IMAGE.sub(" ", rest)
    else:
        counts["image"] = 0
    if "](" in rest:
        found = [m.group("dest").strip("<>") for m in _LINK.finditer(rest)]
        if found:
            counts["link"] = len(found)
            destinations = Counter(found)
    urls = Counter(bare) if bare else _NO_COUNTS
    if urls and destinations:  # bare URLs that are link destinations are not bare
        for dest in destinations:
            if dest in urls:
                urls[dest] -= min(urls[dest], destinations[dest])
        urls = +urls
    if destinations:
        rest = _LINK.sub(lambda m: " " + m.group("text") + " ", rest)
    if "#" in rest:
        counts["heading"] = len(_HEADING.findall(rest))
        counts["list"] = len(_LIST.findall(rest))
        # list markers are removed after the heading markers (which can uncover one)
        rest = _LIST.sub(" ", _HEADING.sub(" ", rest))
    else:
        counts["heading"] = 0
        counts["list"] = len(_LIST.findall(rest))
        if counts["list"]:
            rest = _LIST.sub(" ", rest)
    counts["strong"] = rest.count("**")
    counts["underline_strong"] = rest.count("__")
    if "*" in rest:
        rest = rest.replace("**", " ")
        counts["em"] = len(_EM.findall(rest))
    else:
        counts["em"] = 0
    found_tags = html_tags(text)
    tags = Counter(key for _, _, key in found_tags) if found_tags else _NO_COUNTS
    return Markup(counts, destinations, urls, tags)


# The counts of what a text has none of, shared by all such texts (as ``PLAIN_MARKUP``
# is): never modify it.
_NO_COUNTS: Counter[str] = Counter()


def check_markup_mismatch(pair: Pair) -> list[Problem]:
    """Bold/emphasis delimiters, code spans, links, heading or list markers differ in count,
    or the HTML differs (an HTML article escapes the HTML a translation adds)."""
    src, tgt = _markup(pair)
    if src is tgt:  # both plain
        return []
    diffs = [
        f"{_NAMES[k]}: source {src.counts.get(k, 0)}, target {tgt.counts.get(k, 0)}"
        for k in _NAMES
        if src.counts.get(k, 0) != tgt.counts.get(k, 0)
    ]
    if src.tags != tgt.tags:
        added = sorted((tgt.tags - src.tags).elements())
        lost = sorted((src.tags - tgt.tags).elements())
        if added:
            diffs.append(f"HTML not in the source: {', '.join(_short_tag(t) for t in added)}")
        if lost:
            diffs.append(f"HTML of the source missing: {', '.join(_short_tag(t) for t in lost)}")
    if not diffs:
        return []
    return [Problem("markup_mismatch", "; ".join(diffs))]


def _short_tag(tag: str, width: int = 60) -> str:
    return tag if len(tag) <= width else tag[: width - 1] + "…"


@dataclass(frozen=True)
class References:
    """Reference links of one text by normalised label: full ``[text][label]`` ones, and
    the ones whose text is their label (``[label]``, ``[label][]``)."""

    full: Counter[str]
    by_text: Counter[str]
    written: dict[str, str]  # normalised label -> the label as written


_CITATION_LABEL = re.compile(r"\^?[\d\s,\-–]+")  # [1][2]: citation markers, checked apart


def references(text: str) -> References:
    full: Counter[str] = Counter()
    by_text: Counter[str] = Counter()
    written: dict[str, str] = {}
    for span in link_spans(text):
        if span.kind == INLINE or _CITATION_LABEL.fullmatch(span.label):
            continue
        key = span.key
        written.setdefault(key, span.label)
        (full if span.kind == FULL else by_text)[key] += 1
    return References(full, by_text, written)


_NO_REFERENCES = References(Counter(), Counter(), {})


def _references(pair: Pair) -> tuple[References, References]:
    """Both texts' references; parsed only when a full reference ("][") is in sight."""
    target = references(pair.target) if "][" in pair.target else _NO_REFERENCES
    if "][" not in pair.source and not target.full:
        return _NO_REFERENCES, target
    return pair.source_cached("references", lambda: references(pair.source)), target


def _label_change(pair: Pair) -> str:
    """What became of the labels of the source's full references ("" when nothing)."""
    src, tgt = _references(pair)
    if not (src.full or tgt.full):
        return ""
    # A label may come back as [label] or [label][] (the same link), not as a new one.
    lost = src.full - (tgt.full + tgt.by_text)
    new = tgt.full - (src.full + src.by_text)
    now = ", ".join(f"[{tgt.written[k]}]" for k in sorted(new.elements()))
    if lost:
        old = ", ".join(f"[{src.written[k]}]" for k in sorted(lost.elements()))
        return f"reference label {old} " + (f"became {now}" if now else "dropped")
    return f"reference label {now} is not in the source" if new else ""


def check_link_mismatch(pair: Pair) -> list[Problem]:
    """Same number of links, but a destination (or a bare URL) changed; or the label of a
    full reference ``[text][label]`` changed or is gone (it is not translatable text)."""
    src, tgt = _markup(pair)
    parts = []
    labels = _label_change(pair)
    if src is tgt:  # both plain: same links and URLs (none)
        return [Problem("link_mismatch", labels)] if labels else []
    if labels:
        parts.append(labels)
    same_count = src.counts.get("link", 0) == tgt.counts.get("link", 0)
    if same_count and src.destinations != tgt.destinations:
        lost = sorted((src.destinations - tgt.destinations).elements())
        new = sorted((tgt.destinations - src.destinations).elements())
        parts.append(f"link destination {', '.join(lost)} became {', '.join(new)}")
    if src.bare_urls != tgt.bare_urls:
        lost = sorted((src.bare_urls - tgt.bare_urls).elements())
        new = sorted((tgt.bare_urls - src.bare_urls).elements())
        what = f"URL {', '.join(lost) or '(none)'} became {', '.join(new) or '(none)'}"
        parts.append(what)
    return [Problem("link_mismatch", "; ".join(parts))] if parts else []
