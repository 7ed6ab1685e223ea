"""With more than one process, ``check_catalogs`` has each worker read its own parts of the
catalogs (``cut_points`` and ``read_fields``). These tests hold that to reading the catalog
whole: on random catalogs, with every kind of line a PO file may have, the parts read the
same entries, and the findings (or the error) are the same with one process and with two."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translator.catalog._po_lexer import cut_points, read_fields
from translator.catalog.pofile import read_catalog
from translator.checks.runner import check_catalogs
from translator.document.inline import protected_spans
from translator.errors import TranslatorError
from translator.glossary.load import load_glossary
from translator.glossary.model import Glossary
from translator.glossary.text import protected

ROOT = Path(__file__).resolve().parent.parent
HEADER = (
    'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)

# Few texts, so that msgids repeat (a duplicate is an error, across parts too).
_WORDS = ["Qwen", "3", "は", "120億", "[1]", "モデル", "`code`", '\\"', "\\n", " ", "GPU", "[2]("]
_TEXT = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4).map("".join)


def _string(keyword: str, text: str, split: bool) -> list[str]:
    if split and len(text) > 2:
        return [f'{keyword} ""', f'"{text[:2]}"', f'"{text[2:]}"']
    return [f'{keyword} "{text}"']


@st.composite
def _entry(draw: st.DrawFn) -> str:
    lines: list[str] = []
    for comment in ("# qa-ignore: number_mismatch", "#. note", "#: a.md:3", "#, fuzzy"):
        if draw(st.booleans()):
            lines.append(comment)
    obsolete = draw(st.integers(0, 5)) == 0
    body: list[str] = []
    if draw(st.booleans()):
        body.append('#| msgid "old"')
    if draw(st.integers(0, 3)) == 0:
        body += _string("msgctxt", draw(st.sampled_from(["a", "b"])), False)
    split = draw(st.booleans())
    msgid = draw(_TEXT)
    body += _string("msgid", msgid, split)
    if draw(st.integers(0, 4)) == 0:
        body += _string("msgid_plural", msgid + "s", split)
        body += _string("msgstr[0]", draw(_TEXT), split)
        body += _string("msgstr[1]", draw(_TEXT), split)
    else:
        body += _string("msgstr", draw(st.sampled_from(["", *_WORDS])) + draw(_TEXT), split)
    if obsolete:
        body = [line if line.startswith("#|") else "#~ " + line for line in body]
        body = ["#~| " + line[3:] if line.startswith("#|") else line for line in body]
    # (A blank line may part an entry's comments from it: no place to cut.)
    gap = [""] if lines and draw(st.integers(0, 3)) == 0 else []
    return "\n".join(lines + gap + body) + "\n"


_CATALOG = st.lists(
    st.tuples(_entry(), st.sampled_from(["\n", "\n\n", "\n  \n", ""])), min_size=1, max_size=12
).map(lambda entries: HEADER + "\n" + "".join(e + gap for e, gap in entries))


def _whole(data: bytes, path: Path) -> list[tuple[object, ...]] | str:
    path.write_bytes(data)
    try:
        po = read_catalog(path)
    except TranslatorError as exc:
        return f"{exc.line}: {exc.message}"
    return [
        (
            e.msgctxt,
            e.msgid,
            e.msgid_plural,
            e.msgstr,
            dict(e.msgstr_plural),
            list(e.flags),
            e.tcomment,
            bool(e.obsolete),
            e.linenum,
        )
        for e in po
    ]


def _parts(data: bytes, path: Path) -> list[tuple[object, ...]] | str | None:
    first = cut_points(data, [0])
    if not first:
        return None
    cuts = [
        first[0],
        *(c for c in cut_points(data, range(first[0] + 1, len(data))) if c > first[0]),
    ]
    cuts.append(len(data))
    out: list[tuple[object, ...]] = []
    for start, end in itertools.pairwise(cuts):
        try:
            fields = read_fields(
                data[start:end].decode("utf-8"), str(path), data.count(b"\n", 0, start)
            )
        except TranslatorError as exc:
            return f"{exc.line}: {exc.message}"
        out += [tuple(f) for f in fields]
    return out


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_CATALOG)
def test_parts_read_what_the_whole_reads(text: str, tmp_path: Path) -> None:
    data = text.encode("utf-8")
    whole = _whole(data, tmp_path / "en.po")
    parts = _parts(data, tmp_path / "en.po")
    assert parts is not None  # the header is followed by a blank line: a cut is there
    if isinstance(whole, str):
        # An error of the whole is one of a part, or a duplicate across parts.
        if isinstance(parts, list):
            keys = [(p[0], p[1], p[7]) for p in parts]
            assert len(set(keys)) < len(keys), whole
        return
    assert parts == whole


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(sorted((ROOT / "glossary").glob("*.yaml")))


def _outcome(paths: list[Path], glossary: Glossary, jobs: int) -> object:
    try:
        return check_catalogs(paths, glossary, jobs=jobs)
    except TranslatorError as exc:
        return (exc.path, exc.line, exc.message)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(_CATALOG, min_size=1, max_size=3))
def test_two_processes_find_what_one_finds(
    texts: list[str], tmp_path: Path, glossary: Glossary
) -> None:
    paths = []
    for number, text in enumerate(texts):
        paths.append(tmp_path / f"{number}.po")
        paths[-1].write_text(text, encoding="utf-8")
    assert _outcome(paths, glossary, 2) == _outcome(paths, glossary, 1)


_MARKUP = [
    "[",
    "]",
    "][",
    "[1]",
    "[^2]",
    "a",
    "1",
    " ",
    ",",
    "(",
    ")",
    "`",
    "<",
    ">",
    "@",
    "://",
    "www.",
]


@settings(max_examples=500)
@given(text=st.lists(st.sampled_from(_MARKUP), max_size=12).map("".join))
def test_protected_spans_shortcut(text: str) -> None:
    assert protected.__wrapped__(text) == tuple(protected_spans(text))
