"""``update`` changes an entry as ``msgmerge --previous`` does: plural changes, the flags the
template owns, ranges, obsolete entries. Checked field by field, and byte for byte against
GNU msgmerge itself when it is installed: on a fixed catalog, and on random ones
(hypothesis) that need no fuzzy matching, so that any difference is in how entries
change."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translator import pipeline
from translator.catalog.formats import mismatched
from translator.catalog.pofile import read_catalog

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Language: pl\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 '
    '|| n%100>=20) ? 1 : 2);\\n"\n\n'
)

OLD = (
    HEADER
    + """\
#. extracted
#: a.c:1
msgid "gone untranslated"
msgstr ""

#. extracted two
#: a.c:2
#, fuzzy
#| msgid "older text"
msgid "gone fuzzy"
msgstr "weg"

#: a.c:3
#, c-format
msgid "file %s"
msgstr "plik %s"

#: a.c:4
msgid "one apple"
msgstr "jedno jabłko"

#: a.c:5
msgid "a pear"
msgid_plural "%d pears"
msgstr[0] "gruszka"
msgstr[1] "%d gruszki"
msgstr[2] "%d gruszek"

#: a.c:6
msgid "same id"
msgid_plural "old plural"
msgstr[0] "x"
msgstr[1] "y"
msgstr[2] "z"

#: a.c:7
#, python-format, range: 1..5
msgid "keep %(n)s flags"
msgstr "K %(n)s"

# translator's note
#: a.c:8
#, no-wrap
msgid "a heading"
msgstr "nagłówek"
"""
)

TEMPLATE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#: b.c:3
msgid "file name"
msgstr ""

#: b.c:4
msgid "one apple"
msgid_plural "%d apples"
msgstr[0] ""
msgstr[1] ""

#: b.c:5
msgid "a pear!"
msgstr ""

#: b.c:6
msgid "same id"
msgid_plural "new plural"
msgstr[0] ""
msgstr[1] ""

#: b.c:7
msgid "keep %(n)s flags"
msgstr ""

#. new extracted comment
#: b.c:8
msgid "a heading"
msgstr ""
"""


@pytest.fixture
def merged(tmp_path: Path) -> Path:
    (tmp_path / "old.po").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.pot").write_text(TEMPLATE, encoding="utf-8")
    shutil.copyfile(tmp_path / "old.po", tmp_path / "pl.po")
    pipeline.update(tmp_path / "pl.po", tmp_path / "new.pot", None)
    return tmp_path / "pl.po"


def test_format_flags_follow_the_template(merged: Path) -> None:
    po = read_catalog(merged)
    edited = po.find("file name")
    assert edited is not None and edited.msgstr == "plik %s"
    # "file name" has no directive: c-format from "file %s" would make msgfmt -c fail.
    assert edited.flags == ["fuzzy"] and edited.previous_msgid == "file %s"


def test_singular_translation_fills_every_plural_slot(merged: Path) -> None:
    apple = read_catalog(merged).find("one apple")
    assert apple is not None and "fuzzy" in apple.flags
    assert apple.msgstr_plural == {0: "jedno jabłko", 1: "jedno jabłko", 2: "jedno jabłko"}
    assert apple.previous_msgid == "one apple" and apple.previous_msgid_plural is None


def test_plural_translation_gives_its_first_form_to_a_singular_msgid(merged: Path) -> None:
    pear = read_catalog(merged).find("a pear!")
    assert pear is not None and pear.msgstr == "gruszka" and "fuzzy" in pear.flags
    assert (pear.previous_msgid, pear.previous_msgid_plural) == ("a pear", "%d pears")


def test_the_other_forms_of_a_plural_given_to_a_singular_are_kept_as_obsolete(
    merged: Path,
) -> None:
    # msgmerge drops them; here the old entry stays as #~ beside the fuzzy match.
    old = [e for e in read_catalog(merged) if e.obsolete and e.msgid == "a pear"]
    assert len(old) == 1 and old[0].msgid_plural == "%d pears"
    assert old[0].msgstr_plural == {0: "gruszka", 1: "%d gruszki", 2: "%d gruszek"}


def test_a_changed_plural_or_a_dropped_range_asks_for_review(merged: Path) -> None:
    po = read_catalog(merged)
    same = po.find("same id")
    assert same is not None and "fuzzy" in same.flags
    assert same.msgstr_plural == {0: "x", 1: "y", 2: "z"}
    assert same.previous_msgid_plural == "old plural"
    flags = po.find("keep %(n)s flags")
    assert flags is not None and flags.flags == ["fuzzy"] and flags.msgstr == "K %(n)s"


def test_translator_comments_and_presentation_flags_stay(merged: Path) -> None:
    heading = read_catalog(merged).find("a heading")
    assert heading is not None and heading.msgstr == "nagłówek"
    assert heading.tcomment == "translator's note" and heading.flags == ["no-wrap"]
    assert heading.comment == "new extracted comment" and heading.occurrences == [("b.c", "8")]


def test_obsolete_entries_keep_their_previous_strings_not_the_code_comments(
    merged: Path,
) -> None:
    obsolete = {e.msgid: e for e in read_catalog(merged) if e.obsolete}
    # Nothing translated in "gone untranslated"; "a pear" passed on one form of three.
    assert set(obsolete) == {"gone fuzzy", "a pear"}
    gone = obsolete["gone fuzzy"]
    assert gone.msgstr == "weg" and gone.flags == ["fuzzy"]
    assert gone.previous_msgid == "older text"
    assert gone.comment == "" and gone.occurrences == []


def test_same_entries_as_gnu_msgmerge(merged: Path, tmp_path: Path) -> None:
    if shutil.which("msgmerge") is None or shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext not installed")
    theirs = tmp_path / "msgmerge.po"
    subprocess.run(
        ["msgmerge", "--quiet", "--previous", "-o", theirs, "old.po", "new.pot"],
        check=True,
        cwd=tmp_path,
    )

    def body(path: Path) -> str:  # everything after the header entry
        return path.read_text(encoding="utf-8").split("\n\n", 1)[1]

    # Two deliberate differences: a no-wrap the translator set stays while the template says
    # nothing about wrapping (msgmerge takes wrapping from the template alone), and the
    # plural whose first form went to a singular msgid stays as #~ (msgmerge drops it).
    kept_plural = (
        '\n#~ msgid "a pear"\n#~ msgid_plural "%d pears"\n#~ msgstr[0] "gruszka"\n'
        '#~ msgstr[1] "%d gruszki"\n#~ msgstr[2] "%d gruszek"\n'
    )
    ours = body(merged).replace("#, no-wrap\n", "", 1)
    assert kept_plural in ours
    assert ours.replace(kept_plural, "", 1) == body(theirs)
    checked = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", merged], capture_output=True)
    assert checked.returncode == 0, checked.stderr


def test_the_header_takes_the_templates_date_and_keeps_the_rest(tmp_path: Path) -> None:
    header = (
        'msgid ""\nmsgstr ""\n"Project-Id-Version: {0}\\n"\n"Report-Msgid-Bugs-To: {1}\\n"\n'
        '"POT-Creation-Date: {2}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n{3}\n'
        'msgid "a"\nmsgstr "{4}"\n'
    )
    (tmp_path / "new.pot").write_text(
        header.format("PACKAGE VERSION", "bugs@example.org", "2026-11-01 10:00+0000", "", ""),
        encoding="utf-8",
    )
    old = header.format("shop 2.1", "", "2025-01-01 10:00+0000", '"Language: de\\n"', "ein")
    (tmp_path / "de.po").write_text(old, encoding="utf-8")
    pipeline.update(tmp_path / "de.po", tmp_path / "new.pot", None)
    metadata = read_catalog(tmp_path / "de.po").metadata
    assert metadata["Project-Id-Version"] == "shop 2.1"
    assert metadata["POT-Creation-Date"] == "2026-11-01 10:00+0000"
    assert metadata["Report-Msgid-Bugs-To"] == "bugs@example.org"
    assert metadata["Language"] == "de"


def test_the_summary_counts_every_entry_flagged_for_review(tmp_path: Path) -> None:
    (tmp_path / "old.po").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.pot").write_text(TEMPLATE, encoding="utf-8")
    stats, _ = pipeline.update(tmp_path / "old.po", tmp_path / "new.pot", None)
    # file name, a pear! (fuzzy matches); one apple, same id, keep flags (changed plural
    # or range); the heading is unchanged. "gone fuzzy" is retired, and "a pear" kept as
    # obsolete too (it passed on one form of three).
    assert (stats.total, stats.fuzzy_matched, stats.new, stats.obsolete) == (6, 5, 0, 2)


def test_plural_forms_beyond_the_rule_are_kept_unless_repeated(tmp_path: Path) -> None:
    # Catalogs written for another plural rule: a third form that repeats the second goes
    # (the output is then valid for msgfmt -c); a form with text of its own stays.
    header = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Language: fr\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
    )
    old = header + (
        'msgid "%d file"\nmsgid_plural "%d files"\n'
        'msgstr[0] "%d fichier"\nmsgstr[1] "%d fichiers"\nmsgstr[2] "%d fichiers"\n\n'
        'msgid "%d place"\nmsgid_plural "%d places"\n'
        'msgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] "%d endroits"\n'
    )
    template = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
        'msgid "%d place"\nmsgid_plural "%d places"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
        'msgid "one place"\nmsgstr ""\n'
    )
    (tmp_path / "fr.po").write_text(old, encoding="utf-8")
    (tmp_path / "new.pot").write_text(template, encoding="utf-8")
    pipeline.update(tmp_path / "fr.po", tmp_path / "new.pot", None)
    po = read_catalog(tmp_path / "fr.po")
    files = po.find("%d file")
    assert files is not None and files.msgstr_plural == {0: "%d fichier", 1: "%d fichiers"}
    places = po.find("%d place")
    assert places is not None and places.msgstr_plural == {0: "", 1: "", 2: "%d endroits"}
    # A singular msgid matched to it gets its first form that has text.
    one = po.find("one place")
    assert one is not None and one.msgstr == "%d endroits" and one.previous_msgid == "%d place"


# --- random catalogs against GNU msgmerge ------------------------------------------------

TOKENS = ["alpha", "bravo", "delta", "gamma", "kilo", "lima", "oscar", "romeo", "tango", "zulu"]


@st.composite
def catalogs(draw: st.DrawFn) -> tuple[str, str]:
    """(old catalog, template) texts: exact matches, changed plurals and flags, removed and
    brand-new msgids, translated or not, fuzzy or not, comments — never a near miss, so
    that no fuzzy matching is involved and every difference is in how entries change."""
    nplurals = draw(st.sampled_from([1, 2, 3]))
    header = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Language: de\\n"\n"Plural-Forms: nplurals={nplurals}; plural=0;\\n"\n'
    )
    keys = draw(
        st.lists(
            st.tuples(st.sampled_from([None, "menu"]), st.sampled_from(TOKENS)),
            min_size=1,
            max_size=8,
            unique=True,
        )
    )
    old_parts = [header]
    new_parts = ['msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n']
    # Flags in gettext's order, one per format: a catalog gettext wrote (an entry nothing
    # changes keeps its lines, where msgmerge would rewrite them in its order).
    formats = st.sampled_from([[], ["c-format"], ["python-format"], ["no-c-format"]])
    for number, (context, word) in enumerate(keys):
        plural = draw(st.booleans())
        translated = draw(st.booleans())
        lines = []
        # Comments, or a lone "#" / "#." (an empty one, which polib cannot hold).
        lines += draw(st.sampled_from([[], [f"# note {number}"], ["#"]]))
        lines += draw(st.sampled_from([[], [f"#. old extracted {number}"], ["#."]]))
        lines.append(f"#: old.c:{number + 1}")
        flags = draw(formats)
        fuzzy = translated and draw(st.booleans())
        if fuzzy:
            flags = ["fuzzy", *flags]
        if flags:
            lines.append("#, " + ", ".join(dict.fromkeys(flags)))
        if fuzzy and draw(st.booleans()):
            lines.append(f'#| msgid "earlier {word}"')
        if context:
            lines.append(f'msgctxt "{context}"')
        lines.append(f'msgid "{word}"')
        if plural:
            lines.append(f'msgid_plural "{word}s"')
            for i in range(nplurals):
                lines.append(f'msgstr[{i}] "{f"T{number}-{i}" if translated else ""}"')
        else:
            lines.append(f'msgstr "{f"T{number}" if translated else ""}"')
        if draw(st.integers(0, 5)) == 0:
            lines = _obsolete(lines)
        old_parts.append("\n".join(lines) + "\n")
        if draw(st.integers(0, 3)) == 0:
            continue  # removed from the template
        lines = draw(st.sampled_from([[], [f"#. new extracted {number}"], ["#."]]))
        lines.append(f"#: new.c:{number + 1}")
        flags = draw(st.sampled_from([[], ["c-format"], ["python-format"], ["no-wrap"]]))
        if flags:
            lines.append("#, " + ", ".join(dict.fromkeys(flags)))
        if context:
            lines.append(f'msgctxt "{context}"')
        lines.append(f'msgid "{word}"')
        plural_now = draw(st.sampled_from([plural, not plural, plural]))
        if plural_now:
            lines.append(f'msgid_plural "{word}{draw(st.sampled_from(["s", "es"]))}"')
            lines += ['msgstr[0] ""', 'msgstr[1] ""']
        else:
            lines.append('msgstr ""')
        new_parts.append("\n".join(lines) + "\n")
    for extra in draw(st.lists(st.sampled_from(["9xq", "7wv", "3kj"]), unique=True, max_size=2)):
        new_parts.append(f'#: new.c:99\nmsgid "{extra}"\nmsgstr ""\n')
    return "\n".join(old_parts), "\n".join(new_parts)


def _obsolete(lines: list[str]) -> list[str]:
    """The lines of an obsolete entry: no code comments, #~ before keywords and #|."""
    out = []
    for line in lines:
        if line.startswith(("#:", "#.")):
            continue
        if line.startswith("#|"):
            out.append("#~|" + line[2:])
        else:
            out.append(line if line.startswith("#") else "#~ " + line)
    return out


def _both_updates(old: str, template: str) -> tuple[str, str]:
    """What follows the header in our update of ``old`` to ``template``, and in msgmerge's."""
    ours, theirs = _both_update_files(old.encode(), template.encode())
    return ours.decode().partition("\n\n")[2], theirs.decode().partition("\n\n")[2]


def _both_update_files(old: bytes, template: bytes) -> tuple[bytes, bytes]:
    """The files our update and msgmerge's write (``translator update`` as a user runs it)."""
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        (here / "old.po").write_bytes(old)
        (here / "new.pot").write_bytes(template)
        shutil.copyfile(here / "old.po", here / "ours.po")
        pipeline.update(here / "ours.po", here / "new.pot", None)
        subprocess.run(
            ["msgmerge", "--quiet", "--previous", "-o", "theirs.po", "old.po", "new.pot"],
            check=True,
            cwd=here,
        )
        return (here / "ours.po").read_bytes(), (here / "theirs.po").read_bytes()


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext not installed")
@settings(max_examples=150, deadline=None)
@given(catalogs())
def test_random_catalogs_update_as_msgmerge_does(texts: tuple[str, str]) -> None:
    old, template = texts
    ours, theirs = _both_updates(old, template)
    assert ours == theirs


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext not installed")
@pytest.mark.parametrize(("charset", "words"), [("ISO-8859-1", "Größe"), ("EUC-JP", "大きさ")])
@pytest.mark.parametrize("template_charset", ["CHARSET", "UTF-8"])
def test_a_catalog_in_a_legacy_charset_updates_as_msgmerge_does(
    charset: str, words: str, template_charset: str
) -> None:
    # msgmerge keeps the catalog's charset, unless the template is UTF-8: then the whole
    # catalog becomes UTF-8.
    old = (
        'msgid ""\nmsgstr ""\n"Project-Id-Version: x 1.0\\n"\n"Language: de\\n"\n'
        f'"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset={charset}\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        f'# {words}\n#: a.c:1\nmsgid "size"\nmsgstr "{words}"\n\n'
        f'#: a.c:2\nmsgid "removed"\nmsgstr "{words}!"\n\n'
        f'#: a.c:3\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "{words} %d"\n'
        f'msgstr[1] "{words} %d"\n'
    ).encode(charset)
    template = (
        f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={template_charset}\\n"\n\n'
        '#: b.c:1\nmsgid "size"\nmsgstr ""\n\n#: b.c:2\nmsgid "new"\nmsgstr ""\n\n'
        '#: b.c:3\n#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\n'
        'msgstr[1] ""\n'
    ).encode()
    ours, theirs = _both_update_files(old, template)
    assert ours == theirs
    written = "UTF-8" if template_charset == "UTF-8" else charset
    assert f"charset={written}".encode() in ours
    assert f'msgstr "{words}"'.encode(written) in ours


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext not installed")
@pytest.mark.parametrize("old_fuzzy", [True, False])
@pytest.mark.parametrize("template_fuzzy", [True, False])
def test_the_header_stays_fuzzy_or_not_as_the_catalog_had_it(
    old_fuzzy: bool, template_fuzzy: bool
) -> None:
    header = (
        'msgid ""\nmsgstr ""\n"Project-Id-Version: x 1.0\\n"\n"Language: de\\n"\n'
        '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
    )
    old = "# note\n" + ("#, fuzzy\n" if old_fuzzy else "") + header + '\nmsgid "a"\nmsgstr "b"\n'
    template = ("#, fuzzy\n" if template_fuzzy else "") + header + '\nmsgid "c"\nmsgstr ""\n'
    ours, theirs = _both_update_files(old.encode(), template.encode())
    assert ours == theirs
    assert (b"#, fuzzy\nmsgid" in ours) is old_fuzzy


DIRECTIVES = ["%s", "%d", "%u", "%f", "%1$s", "%2$d", "%%", "%(n)s", "%(n)d", "%(m)s", "%x", "%c"]
format_strings = st.lists(st.sampled_from([*DIRECTIVES, "a", "b"]), min_size=1, max_size=4).map(
    " ".join
)


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext not installed")
@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(format_strings, format_strings), min_size=1, max_size=6),
    st.sampled_from(["c-format", "python-format"]),
)
def test_a_new_format_flag_flags_a_translation_msgfmt_would_reject(
    pairs: list[tuple[str, str]], flag: str
) -> None:
    # The template now marks msgids as format strings; msgmerge flags fuzzy exactly the
    # translations that would then fail msgfmt -c.
    pairs = list(dict(pairs).items())  # one entry per msgid
    old = HEADER + "".join(f'msgid "{i}"\nmsgstr "{s}"\n\n' for i, s in pairs)
    template = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + "".join(
        f'#, {flag}\nmsgid "{i}"\nmsgstr ""\n\n' for i, _ in pairs
    )
    ours, theirs = _both_updates(old, template)
    assert ours == theirs


def test_format_directives_compared_as_msgfmt_compares_them() -> None:
    assert not mismatched("c-format", "%d files in %s", "%d Dateien in %s")
    assert not mismatched("c-format", "%1$d files in %2$s", "in %2$s: %1$d Dateien")
    assert mismatched("c-format", "%d files", "%u Dateien")  # signed against unsigned
    assert mismatched("c-format", "%d files", "Dateien")
    assert not mismatched("c-format", "100%", "100 %")  # not a format string: no check
    assert not mismatched("python-format", "%(n)s of %(m)d", "%(m)d von %(n)s")
    assert mismatched("python-format", "%(n)s", "%(name)s")
    assert mismatched("python-format", "%d", "%c")
    assert not mismatched("python-brace-format", "{n}", "{m}")  # not known: nothing said
