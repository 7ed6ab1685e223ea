"""PO reading and writing: byte-faithful round trips, msgcat's format for what changed."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import polib
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from translator.catalog.pofile import (
    catalog_text,
    parse_catalog,
    read_catalog,
    save_catalog,
)
from translator.errors import TranslatorError

HAVE_GETTEXT = all(shutil.which(tool) for tool in ("msgcat", "msgmerge", "msgfmt"))
needs_gettext = pytest.mark.skipif(not HAVE_GETTEXT, reason="GNU gettext not installed")

# Deliberately not in gettext's layout: msgcat rewrites it, and the tests read that.
LOOSE = r"""# Japanese translations for demo.
# Copyright (C) 2024 Demo authors
#
msgid ""
msgstr ""
"Project-Id-Version: demo 1.0\n"
"Report-Msgid-Bugs-To: \n"
"POT-Creation-Date: 2024-01-01 10:00+0900\n"
"PO-Revision-Date: 2024-02-30 25:61+EDT\n"
"Last-Translator: Someone <someone@example.org>\n"
"Language-Team: Japanese <ja@li.org>\n"
"Language: ja\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=1; plural=0;\n"

#. An extracted comment
#: src/app.py:12 src/app.py:40 src/other/very/long/path/to/a/module/file_name.py:1234 src/more.py:1
#, python-format
msgid "Hello %(name)s, you have a very long message that will certainly need to wrap somewhere"
msgstr "こんにちは%(name)sさん、とても長いメッセージがあります。折り返しが必要になるはずの長い文章です。"

msgctxt "menu"
msgid "File"
msgstr "ファイル"

#, fuzzy
#| msgid "One file"
#| msgid_plural "%d files"
msgid "One file was removed"
msgid_plural "%d files were removed"
msgstr[0] "%d 個のファイルを削除しました"

msgid "Line one\nLine two\n"
msgstr "一行目\n二行目\n"

msgid "Tab\there \"quoted\" back\\slash"
msgstr "タブ\tここ \"引用\" バック\\スラッシュ"

# translator comment
#~ msgid "Old entry"
#~ msgstr "古い項目"

#, fuzzy
#~| msgid "Older previous text that is rather long and therefore wraps over more than one line"
#~ msgid "Obsolete with a previous msgid that is rather long and will wrap onto more lines"
#~ msgstr "廃止された項目"
"""

HEADER = (
    'msgid ""\nmsgstr ""\n'
    '"Project-Id-Version: demo\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)


def gettext(tool: str, *args: str | Path) -> str:
    result = subprocess.run(
        [tool, *map(str, args)], capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def msgcat(path: Path) -> str:
    return gettext("msgcat", path)


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def fresh_copy(po: polib.POFile) -> polib.POFile:
    """The same catalog rebuilt through polib's API: nothing of it has source lines."""
    copy = polib.POFile()
    copy.header = po.header
    copy.metadata = dict(po.metadata)
    copy.metadata_is_fuzzy = po.metadata_is_fuzzy
    for entry in po:
        copy.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr=entry.msgstr,
                msgid_plural=entry.msgid_plural,
                msgstr_plural=dict(entry.msgstr_plural),
                msgctxt=entry.msgctxt,
                obsolete=entry.obsolete,
                comment=entry.comment,
                tcomment=entry.tcomment,
                occurrences=list(entry.occurrences),
                flags=list(entry.flags),
                previous_msgctxt=entry.previous_msgctxt,
                previous_msgid=entry.previous_msgid,
                previous_msgid_plural=entry.previous_msgid_plural,
            )
        )
    return copy


@pytest.fixture
def normalised(tmp_path: Path) -> Path:
    """LOOSE as GNU msgcat writes it."""
    if not HAVE_GETTEXT:
        pytest.skip("GNU gettext not installed")
    loose = write(tmp_path / "loose.po", LOOSE)
    return write(tmp_path / "gettext.po", msgcat(loose))


# --- round trips ------------------------------------------------------------------------


@needs_gettext
def test_gettext_written_catalog_round_trips_byte_for_byte(normalised: Path) -> None:
    text = normalised.read_text(encoding="utf-8")
    assert "#~| msgid" in text and "#| msgid_plural" in text  # the cases polib loses
    po = read_catalog(normalised)
    assert catalog_text(po) == text
    assert not save_catalog(po, normalised)


@needs_gettext
def test_msgmerge_output_round_trips(tmp_path: Path) -> None:
    old = write(
        tmp_path / "old.po",
        HEADER + '\nmsgid "The quick brown fox jumps over the lazy dog"\nmsgstr "Le renard"\n'
        '\nmsgid "Removed sentence"\nmsgstr "Phrase retirée"\n',
    )
    pot = write(
        tmp_path / "new.pot",
        HEADER + '\n#: a.c:1\nmsgid "The quick brown fox jumped over the lazy dog"\nmsgstr ""\n',
    )
    merged = tmp_path / "merged.po"
    gettext("msgmerge", "--quiet", "--previous", "-o", merged, old, pot)
    text = merged.read_text(encoding="utf-8")
    assert "#| msgid" in text and "#~ msgid" in text
    assert catalog_text(read_catalog(merged)) == text


@needs_gettext
def test_every_entry_formatted_from_scratch_equals_msgcat(normalised: Path) -> None:
    text = normalised.read_text(encoding="utf-8")
    assert catalog_text(fresh_copy(read_catalog(normalised))) == text


def test_japanese_and_english_wrap_like_msgcat() -> None:
    # Expected text is msgcat 0.21's output: CJK text breaks between characters (UAX #14)
    # and counts two columns per character; English breaks after spaces.
    po = polib.POFile()
    po.append(
        polib.POEntry(
            msgid="アリババは、最新のAI技術を活用した大規模言語モデル「Qwen 3」を4月末に"
            "リリースする予定です。",
            msgstr="In a context where companies such as DeepSeek in China and OpenAI and "
            "Google in the United States announcing new AI models one after another, Qwen 3 "
            "is expected to play an important role[1][2][3].",
        )
    )
    assert catalog_text(po) == (
        'msgid ""\n'
        '"アリババは、最新のAI技術を活用した大規模言語モデル「Qwen 3」を4月末にリリース"\n'
        '"する予定です。"\n'
        'msgstr ""\n'
        '"In a context where companies such as DeepSeek in China and OpenAI and Google "\n'
        '"in the United States announcing new AI models one after another, Qwen 3 is "\n'
        '"expected to play an important role[1][2][3]."\n'
    )


# Strings for the line breaker: Latin-1 and beyond (NEL, soft hyphen, NBSP, dashes and
# quotes), combining marks, joiners, zero-width space, CJK and fullwidth (two columns),
# Hangul, emoji and regional indicators (beyond the BMP), controls.
_BREAKABLE = st.text(
    alphabet=st.sampled_from(
        [
            *"abc XYZ09-/.,:;!?()\\",
            *["é", "ß", "\u00a0", "\u0085", "\u00ad", "\u0301", "\u0416", "\u05d0"],
            *["\u2013", "\u201e", "\u201c", "\u2026", "\u200b", "\u200d", "\u2060", "\u3000"],
            *"日本語のテキスト、。「」ｱｲｳ한국",
            *["\uff01", "\U0001f600", "\U0001f1ef", "\x01"],
        ]
    ),
    min_size=1,
    max_size=120,
)


@cache
def _tables_answering(special: bool, widths: bool) -> Any:
    """The writer's tables with each regular expression compiled or not."""
    from translator.catalog import _po_wrap

    tables = _po_wrap._Tables()
    if special:
        tables.special_looked_up = _po_wrap._COMPILE_SPECIAL_AFTER
        assert tables.special() is not None
    if widths:
        tables.one_column_found = _po_wrap._COMPILE_WIDTHS_AFTER - 1
        tables._one_column_found()
        assert tables._not_one_column is not None
    return tables


@settings(max_examples=300, deadline=None)
@given(text=_BREAKABLE, width=st.integers(5, 40), start=st.integers(0, 12))
@example(text="\x010", width=5, start=4)  # ASCII, but a control character (class CM)
@example(text="ab\x01cd efgh ijkl mnop", width=5, start=0)
def test_line_breaks_and_widths_are_the_same_however_the_tables_answer(
    text: str, width: int, start: int
) -> None:
    # The writer answers "any character of a special class?" and "any not one column
    # wide?" character by character until enough strings have asked, then each with a
    # big regular expression: every way must give what the full UAX #14 port gives.
    from translator.catalog import _po_wrap

    looked_up = _po_wrap._Tables()
    full = _po_wrap.width_breaks(text, width, start, [])
    exact = sum(looked_up.width(ord(char)) for char in text)
    saved = _po_wrap._tables
    try:
        for special, widths in ((False, False), (True, False), (False, True), (True, True)):
            tables = _tables_answering(special, widths) if special or widths else looked_up
            _po_wrap._tables = tables
            assert _po_wrap.breaks(text, width, start, []) == full
            assert tables.text_width(text) == exact
    finally:
        _po_wrap._tables = saved
    # (a few strings compile neither)
    assert looked_up._special is None and looked_up._not_one_column is None


@needs_gettext
def test_changed_and_new_entries_are_written_as_msgcat_writes_them(
    normalised: Path, tmp_path: Path
) -> None:
    original = normalised.read_text(encoding="utf-8")
    po = read_catalog(normalised)
    menu = po.find("File", msgctxt="menu")
    assert menu is not None
    menu.msgstr = "ファイル(&F)。とても長い翻訳文にして、折り返しが必ず起きるようにしておきます。"
    menu.flags.append("fuzzy")
    plural = po.find("One file was removed")
    assert plural is not None
    plural.msgstr_plural[0] = "%d 個のファイルが削除されました"
    po.append(
        polib.POEntry(
            msgid="A brand new sentence, long enough to be wrapped by the writer at width 79.",
            msgstr="Une toute nouvelle phrase, assez longue pour être coupée par l'écrivain.",
            occurrences=[("./src/new.py", "7")],
            comment="added by a test",
            tcomment="first line\nsecond line",
        )
    )
    po.append(polib.POEntry(msgid="Gone", msgstr="Parti", obsolete=True, previous_msgid="Went"))
    po.metadata["Last-Translator"] = "Another One <other@example.org>"
    out = write(tmp_path / "out.po", catalog_text(po))
    text = out.read_text(encoding="utf-8")
    assert msgcat(out) == text  # a fixed point of msgcat: exactly its format
    # Untouched entries kept their bytes; the header changed in one line only.
    for unchanged in ('msgid "Tab\\there', "#~| msgid", "#. An extracted comment"):
        block = next(b for b in original.split("\n\n") if unchanged in b)
        assert block in text
    expected = original.replace("Someone <someone@example.org>", "Another One <other@example.org>")
    assert expected[: expected.index("#. An")] == text[: text.index("#. An")]


@needs_gettext
def test_new_catalog_from_polib_api_is_valid_and_in_msgcat_format(tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = {
        "Project-Id-Version": "x",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Language": "en",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
        "MIME-Version": "1.0",
    }
    po.append(polib.POEntry(msgid="a\n", msgstr="b\n", flags=["python-format", "fuzzy"]))
    po.append(
        polib.POEntry(msgid="one", msgid_plural="many", msgstr_plural={0: "un", 1: "plusieurs"})
    )
    po.append(polib.POEntry(msgid="x" * 120, msgstr="", msgctxt="ctx"))
    path = write(tmp_path / "new.po", catalog_text(po))
    assert msgcat(path) == path.read_text(encoding="utf-8")
    gettext("msgfmt", "-c", "-o", "/dev/null", path)
    text = path.read_text(encoding="utf-8")
    assert text.index("MIME-Version") < text.index("Content-Type") < text.index("Plural-Forms")
    assert "#, fuzzy, python-format\n" in text  # gettext's flag order


# --- what polib cannot represent, and odd files -----------------------------------------


def test_obsolete_previous_strings_are_read_and_kept() -> None:
    text = (
        HEADER + '\n#, fuzzy\n#~| msgctxt "old"\n#~| msgid "Was this"\n'
        '#~ msgid "Is this"\n#~ msgstr "Ceci"\n'
    )
    po = parse_catalog(text)
    (entry,) = po
    assert entry.obsolete and entry.previous_msgid == "Was this"
    assert entry.previous_msgctxt == "old"
    assert catalog_text(po) == text
    entry.msgstr = "Cela"
    assert '#~| msgctxt "old"\n#~| msgid "Was this"\n#~ msgid "Is this"\n#~ msgstr "Cela"\n' in (
        catalog_text(po)
    )


@pytest.mark.parametrize(
    "date",
    ["2021-10-05 17:21+EDT", "2021-10-05", "YEAR-MO-DA HO:MI+ZONE", "not a date at all", ""],
)
def test_odd_header_values_are_kept_verbatim(tmp_path: Path, date: str) -> None:
    text = (
        f'# Header comment\nmsgid ""\nmsgstr ""\n"PO-Revision-Date: {date}\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n"X-Odd-Line-Without-Colon\\n"\n'
        '"X-Last: value"\n\nmsgid "a"\nmsgstr "b"\n'
    )
    path = write(tmp_path / "odd.po", text)
    po = read_catalog(path)
    assert po.metadata["PO-Revision-Date"] == date
    assert catalog_text(po) == text
    po[0].msgstr = "c"
    assert catalog_text(po) == text.replace('msgstr "b"', 'msgstr "c"')
    po.metadata["Language"] = "fr"
    changed = catalog_text(po)
    assert f'"PO-Revision-Date: {date}\\n"\n' in changed
    assert '"X-Odd-Line-Without-Colon\\n"\n' in changed and '"Language: fr\\n"\n' in changed
    assert save_catalog(po, path, stamp="PO-Revision-Date")
    assert read_catalog(path).metadata["PO-Revision-Date"] != date or date == ""


def test_plural_and_context_entries_round_trip_and_change() -> None:
    text = (
        HEADER + '\nmsgctxt "noun"\nmsgid "file"\nmsgid_plural "files"\n'
        'msgstr[0] "fichier"\nmsgstr[1] "fichiers"\n'
    )
    po = parse_catalog(text)
    (entry,) = po
    assert (entry.msgctxt, entry.msgstr_plural) == ("noun", {0: "fichier", 1: "fichiers"})
    assert catalog_text(po) == text
    entry.msgstr_plural[1] = "des fichiers"
    assert catalog_text(po) == text.replace('"fichiers"', '"des fichiers"')


@pytest.mark.parametrize(
    ("ending", "changed_ending"),
    [
        ("\n", "\n"),
        ("\n\n", "\n\n"),
        ("", ""),
        ("\n\n# orphan comment\n", "\n\n# orphan comment\n"),
    ],
)
def test_file_shape_is_kept(ending: str, changed_ending: str) -> None:
    text = HEADER + '\n\n\nmsgid "a"\nmsgstr "b"\n#~ msgid "c"\n#~ msgstr "d"' + ending
    po = parse_catalog(text)
    assert catalog_text(po) == text
    po[0].msgstr = "B"
    assert catalog_text(po) == text.replace('"b"', '"B"')


def test_crlf_lines_are_kept() -> None:
    text = HEADER.replace("\n", "\r\n") + '\r\nmsgid "a"\r\nmsgstr "b"\r\n'
    po = parse_catalog(text)
    assert po[0].msgstr == "b" and po.metadata["Project-Id-Version"] == "demo"
    assert catalog_text(po) == text


# Comment lines as real files have them (a CRLF file from GNOME, hand-edited flags) and
# as gettext's reader takes them: a comment runs to the newline (a CR stays in it), each
# "#," line replaces the flags before it, "#:" positions are read like
# parse_comment_filepos (spaces or tabs between words, "file: 12" forms, repeats dropped),
# a "#~ #" line is a comment of the obsolete entry.
ODD_COMMENTS = (
    HEADER + "\n"
    "#. Accessible name for the inverse button\r\n"
    "#: ../data/buttons-advanced.ui.h:2 ../data/buttons-programming.ui.h:24\r\n"
    'msgid "Inverse"\r\n'
    'msgstr "Inverse"\r\n'
    "\n"
    "#  two spaces, trailing blank \n"
    "#:a.c:1 b.c: 2 c.c :3\td.c : 4 e.c:007 ./f.c:1 a.c:1 :12 g: a.c:1\n"
    "#, c-format\n"
    "#, fuzzy\n"
    'msgid "Show %d decimal places"\n'
    'msgstr "%d décimales"\n'
    "\n"
    "#, fuzzy range: 1..5\n"
    'msgid "Level %d"\n'
    'msgstr "Niveau %d"\n'
    "\n"
    "#~ # an obsolete entry's comment\n"
    "#~ #, fuzzy\n"
    '#~ msgid "Old"\n'
    '#~ msgstr "Vieux"\n'
)


def test_comment_lines_are_read_as_gettext_reads_them(tmp_path: Path) -> None:
    path = tmp_path / "odd.po"
    path.write_bytes(ODD_COMMENTS.encode("utf-8"))
    po = read_catalog(path)
    inverse, places, level, old = po
    assert inverse.comment == "Accessible name for the inverse button\r"
    assert inverse.occurrences[-1] == ("../data/buttons-programming.ui.h:24\r", "")
    assert places.tcomment == " two spaces, trailing blank "
    assert places.flags == ["fuzzy"]  # msgfmt too ignores the first "#," line
    assert places.occurrences == [
        ("a.c", "1"),
        ("b.c", "2"),
        ("c.c", "3"),
        ("d.c", "4"),
        ("e.c", "7"),
        ("./f.c", "1"),
        ("a.c:1", "12"),  # "name :12" names a line, whatever the name
        ("g:", ""),
    ]
    assert level.flags == ["fuzzy", "range: 1..5"]
    assert (old.obsolete, old.tcomment, old.flags) == (
        True,
        "an obsolete entry's comment",
        ["fuzzy"],
    )
    assert catalog_text(po).encode("utf-8") == path.read_bytes()


@needs_gettext
def test_odd_comment_lines_formatted_anew_give_msgcat_bytes(tmp_path: Path) -> None:
    path = tmp_path / "odd.po"
    path.write_bytes(ODD_COMMENTS.encode("utf-8"))
    expected = subprocess.run(["msgcat", path], capture_output=True, check=True).stdout
    assert b"\r\n#: ../data" in expected and b'#, fuzzy\nmsgid "Show' in expected
    assert catalog_text(fresh_copy(read_catalog(path))).encode("utf-8") == expected
    written = tmp_path / "msgcat.po"
    written.write_bytes(expected)
    assert catalog_text(read_catalog(written)).encode("utf-8") == expected


_REF_WORD = st.sampled_from(
    ["a.c", "a.c:", "b.c:12", "./b.c:12", "c.c:007", ":", ":3", "3", "x:y:4", "d.c:1\r", ":q"]
)
_FLAG_WORD = st.sampled_from(  # flags gettext knows (it drops the others, we keep them)
    [
        *("fuzzy", "c-format", "no-c-format", "python-format", "no-wrap", "wrap"),
        *("range: 1..3", "range:\t02..9", "\r"),
    ]
)


@needs_gettext
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    refs=st.lists(
        st.lists(st.tuples(_REF_WORD, st.sampled_from([" ", "  ", "\t"])), min_size=1, max_size=6),
        max_size=3,
    ),
    flags=st.lists(
        st.lists(st.tuples(_FLAG_WORD, st.sampled_from([", ", " ", ","])), min_size=1, max_size=4),
        max_size=3,
    ),
)
def test_reference_and_flag_lines_read_like_gettext(
    tmp_path: Path, refs: list[list[tuple[str, str]]], flags: list[list[tuple[str, str]]]
) -> None:
    lines = ["#:" + "".join(gap + word for word, gap in line) for line in refs]
    lines += ["#," + "".join(gap + word for word, gap in line) for line in flags]
    text = HEADER + "\n" + "".join(f"{line}\n" for line in lines) + 'msgid "a %d"\nmsgstr "b %d"\n'
    path = tmp_path / "refs.po"
    path.write_bytes(text.encode("utf-8"))
    expected = subprocess.run(["msgcat", path], capture_output=True, check=True).stdout
    po = read_catalog(path)
    assert catalog_text(po).encode("utf-8") == text.encode("utf-8")
    assert catalog_text(fresh_copy(po)).encode("utf-8") == expected


def test_entries_rebuilt_equal_keep_the_old_lines(tmp_path: Path) -> None:
    # Wrapped by hand, not as gettext would: reused as long as the entry is equal.
    text = (
        HEADER
        + '\n#: doc.md:3\nmsgid ""\n"A sentence "\n"wrapped by hand."\nmsgstr "Une phrase."\n'
        '\nmsgid "Second"\nmsgstr ""\n'
    )
    path = write(tmp_path / "hand.po", text)
    rebuilt = fresh_copy(parse_catalog(text))
    assert not save_catalog(rebuilt, path)
    rebuilt = fresh_copy(parse_catalog(text))
    rebuilt[1].msgstr = "Deuxième"
    assert save_catalog(rebuilt, path)
    assert path.read_text(encoding="utf-8") == text.replace(
        'msgid "Second"\nmsgstr ""\n', 'msgid "Second"\nmsgstr "Deuxième"\n'
    )


def test_save_catalog_stamps_only_changed_content(tmp_path: Path) -> None:
    path = tmp_path / "t.pot"
    po = polib.POFile()
    po.metadata = {"POT-Creation-Date": "", "Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="a"))
    assert save_catalog(po, path, stamp="POT-Creation-Date")
    first = path.read_bytes()
    again = polib.POFile()
    again.metadata = {"POT-Creation-Date": "", "Content-Type": "text/plain; charset=UTF-8"}
    again.append(polib.POEntry(msgid="a"))
    assert not save_catalog(again, path, stamp="POT-Creation-Date")
    assert path.read_bytes() == first


def test_lines_wrapped_by_polib_are_kept_while_the_entry_is_unchanged(tmp_path: Path) -> None:
    # The writer before this one cut long "#." comments; such files are not rewritten.
    long_comment = "glossary: " + "; ".join(f"term{i} → Begriff{i}" for i in range(6))
    old = polib.POFile(wrapwidth=79)
    old.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    old.append(polib.POEntry(msgid="a", msgstr="b", comment=long_comment))
    path = write(tmp_path / "old.po", str(old) + "\n")
    assert path.read_text(encoding="utf-8").count("#. ") == 2  # polib cut the comment
    new = polib.POFile()
    new.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    new.append(polib.POEntry(msgid="a", msgstr="b", comment=long_comment))
    assert not save_catalog(new, path)


def test_reading_in_blocks_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from translator.catalog import _po_lexer

    texts = [LOOSE, LOOSE.rstrip("\n"), LOOSE + "\n\n# trailing\n", LOOSE.replace("\n", "\r\n")]
    expected = [(catalog_text(po), [e.msgid for e in po]) for po in map(parse_catalog, texts)]
    monkeypatch.setattr(_po_lexer, "_BLOCK", 7)
    for text, (written, msgids) in zip(texts, expected, strict=True):
        po = parse_catalog(text)
        assert (catalog_text(po), [e.msgid for e in po]) == (written, msgids)
        assert catalog_text(po) == text
    with pytest.raises(TranslatorError) as info:
        parse_catalog(LOOSE + '\nmsgid "x"\nmsgstr "unterminated\n')
    assert info.value.line == LOOSE.count("\n") + 3


# --- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('msgid "a"\nmsgstr "b\n', 2, "unterminated"),
        ('msgid "a"\nmsgstr "b" x\n', 2, "unterminated"),
        ('msgid "a"\nmsgstr "b"\nnonsense here\n', 3, "unexpected text"),
        ('msgid "a"\nmsgstr "\\q"\n', 2, "invalid escape"),
        ('msgstr "b"\n', 1, "without msgid"),
        ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 3, "missing msgstr"),
        ('msgid "a"\n', 1, "missing msgstr"),
        ('msgid "a"\n#~ msgstr "b"\n', 2, "inconsistent use of #~"),
        ('msgid "a"\nmsgstr[0] "b"\n', 2, "without msgid_plural"),
        ('msgid "a"\nmsgstr "b"\n\n\nmsgid "a"\nmsgstr "c"\n', 5, "duplicate"),
        ('#| msgstr "a"\nmsgid "a"\nmsgstr "b"\n', 1, "#| comment"),
        ('msgid "a"\n"more"\nmsgid_plural "b"\nmsgstr ""\n', 4, "msgstr out of place"),
    ],
)
def test_syntax_errors_name_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = write(tmp_path / "bad.po", text)
    with pytest.raises(TranslatorError, match=message) as info:
        read_catalog(path)
    assert (info.value.path, info.value.line) == (str(path), line)


def test_undecodable_bytes_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.po"
    path.write_bytes(b'msgid "a"\nmsgstr "b"\n\nmsgid "caf\xe9"\nmsgstr ""\n')
    with pytest.raises(TranslatorError, match="UTF-8") as info:
        read_catalog(path)
    assert info.value.line == 4


def _legacy(charset: str, msgstr: str) -> bytes:
    """A catalog in ``charset``, as GNU Translation Project catalogs still are."""
    return (
        'msgid ""\nmsgstr ""\n'
        f'"Content-Type: text/plain; charset={charset}\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n\n'
        f'#: a.c:1\nmsgid "size"\nmsgstr "{msgstr}"\n\n'
        '#: a.c:2\nmsgid "other"\nmsgstr ""\n'
    ).encode(charset)


@pytest.mark.parametrize(
    ("charset", "msgstr"),
    [("ISO-8859-1", "Größe"), ("iso-8859-7", "μέγεθος"), ("EUC-JP", "大きさ"), ("KOI8-R", "размер")],
)
def test_catalogs_in_a_legacy_charset_are_read_and_written_in_it(
    tmp_path: Path, charset: str, msgstr: str
) -> None:
    path = tmp_path / "legacy.po"
    data = _legacy(charset, msgstr)
    path.write_bytes(data)
    po = read_catalog(path)
    assert po.find("size").msgstr == msgstr  # decoded as its header says, as gettext does
    assert save_catalog(po, path) is False  # nothing changed: not rewritten
    assert path.read_bytes() == data
    po.find("other").msgstr = msgstr
    assert save_catalog(po, path) is True
    assert path.read_bytes() == data.replace(
        b'"other"\nmsgstr ""', b'"other"\nmsgstr "' + msgstr.encode(charset) + b'"'
    )
    if HAVE_GETTEXT:
        assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)]).returncode == 0


def test_the_charset_of_a_one_line_header_is_found(tmp_path: Path) -> None:
    # msgcat writes a header of one field on the msgstr line itself (glibc's translit.po).
    path = tmp_path / "one-line.po"
    data = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
    data += 'msgid "test"\nmsgstr "«©»"\n'
    path.write_bytes(data.encode("latin-1"))
    assert read_catalog(path).find("test").msgstr == "«©»"


def test_a_character_the_charset_lacks_is_an_error_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    path = tmp_path / "latin1.po"
    data = _legacy("ISO-8859-1", "Größe")
    path.write_bytes(data)
    po = read_catalog(path)
    po.find("other").msgstr = "その他"
    with pytest.raises(TranslatorError, match="cannot be written in ISO-8859-1") as info:
        save_catalog(po, path)
    assert (info.value.path, info.value.line) == (str(path), 12)
    assert path.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["latin1.po"]


def test_bytes_invalid_in_the_declared_charset_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.po"
    path.write_bytes(_legacy("EUC-JP", "大きさ").replace(b"a.c:2", b"a.c:\xff\xff"))
    with pytest.raises(TranslatorError, match="not valid EUC-JP") as info:
        read_catalog(path)
    assert info.value.line == 10


@pytest.mark.parametrize("charset", ["CHARSET", "UTF-8", "utf8", "ASCII", "no-such-charset"])
def test_utf8_and_placeholder_charsets_are_read_as_utf8(tmp_path: Path, charset: str) -> None:
    path = tmp_path / "u.po"
    data = _legacy("UTF-8", "大きさ").replace(b"charset=UTF-8", f"charset={charset}".encode())
    path.write_bytes(data)
    po = read_catalog(path)
    assert po.find("size").msgstr == "大きさ"
    po.find("other").msgstr = "ほか"
    save_catalog(po, path)
    assert "ほか" in path.read_text(encoding="utf-8")


# --- property: whatever we write reads back the same, and gettext agrees ----------------

_TEXT = st.text(
    alphabet=st.sampled_from(
        list("abcdefghij XYZ0123-/.,:;!?()[]{}%'\"\\\t\n")
        + list("日本語のテキスト、。「」ｱｲｳ")
        # (NEL and the soft hyphen: Latin-1 characters with a line-break class of their own)
        + ["é", "ß", "\u0301", "\u00a0", "\u0085", "\u00ad", "\U0001f600"]
    ),
    max_size=180,
)
_WORD = st.text(alphabet="abcdefghijklmnop_", min_size=1, max_size=12)


def _same_newlines(msgid: str, text: str) -> str:
    """A msgstr msgfmt -c accepts for ``msgid``: same leading and trailing newline."""
    if not text:
        return ""
    core = text.strip("\n") or "x"
    return ("\n" if msgid.startswith("\n") else "") + core + ("\n" if msgid.endswith("\n") else "")


@st.composite
def _entries(draw: st.DrawFn) -> list[polib.POEntry]:
    entries: list[polib.POEntry] = []
    used: set[tuple[str | None, str]] = set()
    for _ in range(draw(st.integers(1, 6))):
        msgid = draw(_TEXT.filter(bool))
        msgctxt = draw(st.none() | _WORD)
        if (msgctxt, msgid) in used:
            continue
        used.add((msgctxt, msgid))
        obsolete = draw(st.booleans()) and len(entries) > 0
        entry = polib.POEntry(msgid=msgid, msgctxt=msgctxt, obsolete=obsolete)
        if draw(st.booleans()):
            entry.msgid_plural = _same_newlines(msgid, draw(_TEXT.filter(bool)))
            forms = [_same_newlines(msgid, draw(_TEXT)) for _ in range(2)]
            if obsolete or any(forms):  # all forms filled or none
                forms = [form or _same_newlines(msgid, "x") for form in forms]
            entry.msgstr_plural = dict(enumerate(forms))
            translated = bool(forms[0])
        else:
            entry.msgstr = _same_newlines(msgid, draw(_TEXT))
            if obsolete and not entry.msgstr:
                entry.msgstr = _same_newlines(msgid, "x")
            translated = bool(entry.msgstr)
        if draw(st.booleans()):
            entry.tcomment = "\n".join(draw(st.lists(_WORD, min_size=1, max_size=3)))
        if not obsolete:
            entry.comment = draw(st.sampled_from(["", "extracted", "two\nlines"]))
            entry.occurrences = [
                (f"src/{name}.py", str(line))
                for name, line in draw(
                    st.lists(st.tuples(_WORD, st.integers(1, 9999)), max_size=8, unique=True)
                )
            ]
        if translated and draw(st.booleans()):
            entry.flags.append("fuzzy")
        if draw(st.integers(0, 9)) == 0:
            entry.flags.append("no-wrap")
        if draw(st.booleans()):
            entry.previous_msgid = draw(_TEXT.filter(bool))
        entries.append(entry)
    return entries


@needs_gettext
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries=_entries())
def test_written_catalogs_are_stable_valid_and_in_gettext_format(
    tmp_path: Path, entries: list[polib.POEntry]
) -> None:
    po = polib.POFile()
    po.metadata = {
        "Project-Id-Version": "prop",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    po.extend(entries)
    first = catalog_text(po)
    again = parse_catalog(first)
    assert catalog_text(again) == first
    assert catalog_text(fresh_copy(again)) == first
    for before, after in zip(
        [e for e in po if not e.obsolete] + [e for e in po if e.obsolete], again, strict=True
    ):
        assert (after.msgid, after.msgstr, after.msgctxt) == (
            before.msgid,
            before.msgstr,
            before.msgctxt,
        )
        assert after.msgstr_plural == before.msgstr_plural
        assert after.previous_msgid == before.previous_msgid
    path = write(tmp_path / "prop.po", first)
    gettext("msgfmt", "-c", "-o", "/dev/null", path)
    assert msgcat(path) == first


# --- lazy reading (what `translator update` uses) ----------------------------------------


def _eager_and_lazy(text: str) -> tuple[polib.POFile, polib.POFile]:
    return parse_catalog(text), parse_catalog(text, lazy=True)


def _assert_lazy_reads_as_eager(text: str) -> None:
    """A lazy read writes back the same text untouched, counts the same, and each entry,
    once read, has the fields, line and source lines of the eager read."""
    from translator.catalog._po_lexer import LAZY_ATTR, SOURCE_ATTR, fingerprint, materialise
    from translator.catalog._po_writer import render_bytes
    from translator.catalog.stats import catalog_stats

    eager, lazy = _eager_and_lazy(text)
    assert catalog_text(lazy) == catalog_text(eager)
    assert render_bytes(lazy, "utf-8") == catalog_text(eager).encode()
    # Every other entry read: runs of untouched entries are broken up.
    partly = parse_catalog(text, lazy=True)
    for entry in partly[::2]:
        materialise(entry)
    assert render_bytes(partly, "utf-8") == catalog_text(eager).encode()
    assert catalog_text(partly) == catalog_text(eager)
    assert catalog_stats(lazy) == catalog_stats(eager)
    assert [(e.msgctxt, e.msgid) for e in lazy] == [(e.msgctxt, e.msgid) for e in eager]
    assert (lazy.header, lazy.metadata) == (eager.header, eager.metadata)
    for before, after in zip(eager, lazy, strict=True):
        materialise(after)
        assert LAZY_ATTR not in after.__dict__
        assert fingerprint(after) == fingerprint(before)
        assert after.linenum == before.linenum
        assert after.__dict__[SOURCE_ATTR][1:] == before.__dict__[SOURCE_ATTR][1:]
        assert sorted(after.__dict__) == sorted(before.__dict__)
    assert catalog_text(lazy) == catalog_text(eager)


@pytest.mark.parametrize(
    "text",
    [
        LOOSE,
        LOOSE.rstrip("\n"),
        LOOSE + "\n\n# trailing\n",
        LOOSE.replace("\n", "\r\n"),
        LOOSE.replace("\n\n", "\n\n\n"),
        HEADER + '\nmsgid "a"\nmsgstr "b"\nmsgid "c"\nmsgstr ""\n\n  msgid "d"\nmsgstr "e"\n',
        HEADER + '\n#.\n#\nmsgid "a"\n"b"\nmsgstr ""\n""\n\nmsgctxt "x"\nmsgid ""\nmsgstr "y"\n',
        '# no header\nmsgid "a"\nmsgstr "\\u"\n'.replace("\\u", "\\x41\\101"),
    ],
)
def test_lazy_reading_gives_what_eager_reading_gives(text: str) -> None:
    _assert_lazy_reads_as_eager(text)


@settings(max_examples=60, deadline=None)
@given(entries=_entries(), flags=st.sampled_from(["", "#, python-format\n", "#, fuzzy\n"]))
def test_lazy_reading_of_random_catalogs(entries: list[polib.POEntry], flags: str) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.extend(entries)
    text = catalog_text(po)
    _assert_lazy_reads_as_eager(text)
    # The same entries with a flag line before each msgid (templates have format flags).
    _assert_lazy_reads_as_eager(text.replace('\nmsgid "', f'\n{flags}msgid "'))


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 4, "duplicate"),
        ('msgctxt "x"\nmsgid "a"\nmsgstr "b"\n\n#. c\nmsgctxt "x"\nmsgid "a"\nmsgstr ""\n', 7,
         "duplicate"),
        ('msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "\\q"\n', 5, "invalid escape"),
        ('msgid "a"\nmsgstr "b"\n\nmsgid "c"\n\nmsgid "d"\nmsgstr ""\n', 6, "missing msgstr"),
    ],
)
def test_lazy_reading_finds_the_same_errors(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = write(tmp_path / "bad.po", text)
    for lazy in (False, True):
        with pytest.raises(TranslatorError, match=message) as info:
            read_catalog(path, lazy=lazy)
        assert (info.value.path, info.value.line) == (str(path), line)


def test_a_lazy_entry_is_read_before_it_is_changed() -> None:
    from translator.catalog._po_lexer import LAZY_ATTR

    po = parse_catalog(HEADER + '\n# note\n#: a.py:1\nmsgid "a"\nmsgstr "b"\n', lazy=True)
    entry = po[0]
    assert LAZY_ATTR in entry.__dict__
    entry.obsolete = True  # set before any field was read: the others are still there
    assert LAZY_ATTR not in entry.__dict__
    assert (entry.msgstr, entry.tcomment, entry.occurrences) == ("b", "note", [("a.py", "1")])
    assert catalog_text(po).endswith('# note\n#: a.py:1\n#~ msgid "a"\n#~ msgstr "b"\n')


def test_a_lazily_read_catalog_pickles_as_a_read_one() -> None:
    # (the template of an update goes to worker processes)
    import pickle

    again = pickle.loads(pickle.dumps(parse_catalog(LOOSE, lazy=True)))
    assert catalog_text(again) == LOOSE
    assert [e.msgstr for e in again] == [e.msgstr for e in parse_catalog(LOOSE)]
