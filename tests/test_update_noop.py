"""A no-op update gives the catalog back byte for byte.

The template is the one gettext derives from the catalog itself (``msgattrib
--no-obsolete | msgfilter --keep-header sed -e d``, as ``benchmarks/update_noop.py`` builds
it), so nothing in it asks for a change: headers without Plural-Forms or MIME fields,
``#|`` strings, flags in another tool's order, untranslated plurals with fewer forms, and
catalogs in languages Babel has no data for all come back as they were. Where msgmerge
agrees, its output is checked too; where a locale's plural rule is truly needed and not
known, the update warns and assumes gettext's default instead of refusing.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from translator import pipeline
from translator.catalog.pofile import read_catalog
from translator.catalog.update import UpdateStats
from translator.cli import main
from translator.errors import TranslatorError

pytestmark = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("msgattrib", "msgfilter", "msgmerge")),
    reason="GNU gettext not installed",
)

MIME = (
    '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
)
PL_PLURALS = (  # as gettext wraps it
    '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 "\n'
    '"|| n%100>=20) ? 1 : 2);\\n"\n'
)


def header(language: str | None, fields: str = MIME) -> str:
    lines = '"Project-Id-Version: shop 2.1\\n"\n"POT-Creation-Date: 2025-01-01 10:00+0000\\n"\n'
    if language is not None:
        lines += f'"Language: {language}\\n"\n'
    return f'# A catalog.\n#\nmsgid ""\nmsgstr ""\n{lines}{fields}'


ENTRIES = (
    '#: shop.py:1\nmsgid "Save"\nmsgstr "Speichern"\n\n#: shop.py:2\nmsgid "Open"\nmsgstr ""\n'
)


def derived_template(catalog: Path, template: Path) -> Path:
    """The template gettext derives from ``catalog``: active entries, msgstr emptied."""
    attrib = subprocess.run(
        ["msgattrib", "--force-po", "--no-obsolete", str(catalog)], check=True, capture_output=True
    )
    subprocess.run(
        ["msgfilter", "--force-po", "--keep-header", "-o", str(template), "sed", "-e", "d"],
        input=attrib.stdout,
        check=True,
        capture_output=True,
    )
    return template


def updates(
    folder: Path, text: str, template_text: str | None = None, name: str = "de.po"
) -> tuple[bytes, bytes, UpdateStats]:
    """What our update and ``msgmerge --previous`` write for the catalog ``text``: with its
    derived template, or with ``template_text``."""
    catalog = folder / "old" / name
    catalog.parent.mkdir(exist_ok=True)
    catalog.write_bytes(text.encode())
    template = folder / "t.pot"
    if template_text is None:
        derived_template(catalog, template)
    else:
        template.write_bytes(template_text.encode())
    ours = folder / "ours" / name
    ours.parent.mkdir(exist_ok=True)
    shutil.copyfile(catalog, ours)
    stats, _ = pipeline.update(ours, template)
    theirs = folder / "theirs.po"
    subprocess.run(
        ["msgmerge", "--quiet", "--previous", "-o", str(theirs), str(catalog), str(template)],
        check=True,
    )
    return ours.read_bytes(), theirs.read_bytes(), stats


@pytest.mark.parametrize(
    "fields",
    [
        MIME,  # python-docs-fr: no Plural-Forms
        '"Content-Type: text/plain; charset=UTF-8\\n"\n',  # no MIME-Version, no encoding
        "",  # nothing at all
    ],
)
def test_a_header_lacking_fields_comes_back_as_it_was(tmp_path: Path, fields: str) -> None:
    text = header("fr", fields) + "\n" + ENTRIES
    ours, theirs, _ = updates(tmp_path, text)
    assert ours == text.encode() == theirs


@pytest.mark.parametrize("derive", [True, False])
def test_a_fuzzy_entry_keeps_its_previous_strings(tmp_path: Path, derive: bool) -> None:
    text = header("de", MIME + PL_PLURALS) + (
        '\n#: shop.py:1\n#, fuzzy\n#| msgctxt "menu"\n#| msgid "Save file"\n'
        'msgctxt "menu"\nmsgid "Save"\nmsgstr "Datei speichern"\n'
        '\n#: shop.py:2\n#, fuzzy, c-format\n#| msgid "%d files"\nmsgid "%d items"\n'
        'msgstr "%d Dateien"\n'
    )
    # The derived template (fuzzy flags dropped with the translations, #| kept), or the
    # catalog itself used as a template (fuzzy flags, #| and translations all there).
    ours, theirs, _ = updates(tmp_path, text, None if derive else text)
    assert ours == text.encode() == theirs


def test_previous_strings_of_a_reviewed_entry_stay_until_it_changes(tmp_path: Path) -> None:
    # Left by a translator who removed the fuzzy flag: msgmerge drops such #| lines; an
    # update that leaves the entry as it is keeps them (nothing asks for a change).
    text = header("de") + '\n#: shop.py:1\n#| msgid "Save file"\nmsgid "Save"\nmsgstr "Speichern"\n'
    ours, theirs, _ = updates(tmp_path, text)
    assert ours == text.encode()
    assert b"#|" not in theirs
    # An update that changes the entry changes it as msgmerge does.
    template = header("de") + '\n#: shop.py:7\nmsgid "Save"\nmsgstr ""\n'
    ours, theirs, _ = updates(tmp_path, text, template)
    assert ours == theirs and b"#|" not in ours


def test_flags_written_in_another_order_stay_so(tmp_path: Path) -> None:
    # Babel writes python-brace-format before python-format; gettext the other way round.
    text = header("de", MIME + '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n') + (
        '\n#: shop.py:1\n#, python-brace-format, python-format\nmsgid "{n} of %(m)s"\n'
        'msgstr "{n} von %(m)s"\n'
    )
    ours, _, _ = updates(tmp_path, text)
    assert ours == text.encode()


def test_an_untranslated_plural_keeps_its_forms(tmp_path: Path) -> None:
    # Written for two forms in a catalog of three: msgfmt ignores it until translated,
    # and msgmerge leaves it as it is.
    text = header("pl", MIME + PL_PLURALS) + (
        '\n#: shop.py:1\n#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\n'
        'msgstr[0] ""\nmsgstr[1] ""\n'
    )
    ours, theirs, _ = updates(tmp_path, text)
    assert ours == text.encode() == theirs


@pytest.mark.parametrize("language", ["tlh", "lzh", "mjw", "cak", "ota", "jp"])
def test_a_catalog_in_a_language_babel_does_not_know_is_updated(
    tmp_path: Path, language: str
) -> None:
    plurals = '"Plural-Forms: nplurals=1; plural=0;\\n"\n'
    text = header(language, MIME + plurals) + (
        '\n#: a.c:1\nmsgid "Save"\nmsgstr "pol"\n'
        '\n#: a.c:2\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d De\'"\n'
    )
    ours, theirs, stats = updates(tmp_path, text, name=f"{language}.po")
    assert ours == text.encode() == theirs
    assert stats.warnings == ()
    # A real update: the catalog's own Plural-Forms says how many forms a new plural has.
    template = header(None) + (
        '\n#: a.c:1\nmsgid "Save"\nmsgstr ""\n'
        '\n#: a.c:3\nmsgid "Close all %d windows"\nmsgid_plural "Close all %d windows"\n'
        'msgstr[0] ""\nmsgstr[1] ""\n'
    )
    ours, theirs, stats = updates(tmp_path, text, template, name=f"{language}.po")
    assert ours == theirs and stats.warnings == ()
    po = read_catalog(tmp_path / "ours" / f"{language}.po")
    item = po.find("Close all %d windows")
    assert item is not None and item.msgstr_plural == {0: ""}
    assert po.metadata["Language"] == language


def test_a_catalog_without_a_language_header_is_updated_as_it_is(tmp_path: Path) -> None:
    text = header(None) + "\n" + ENTRIES
    ours, theirs, _ = updates(tmp_path, text)
    assert ours == text.encode()  # no Language added (msgmerge adds one from Language-Team)
    template = (
        header(None) + '\n#: shop.py:1\nmsgid "Save"\nmsgstr ""\n\nmsgid "Close"\nmsgstr ""\n'
    )
    ours, theirs, _ = updates(tmp_path, text, template)
    assert ours == theirs
    assert b'msgid "Close"' in ours and b"Language" not in ours


PLURAL_TEMPLATE = header(None) + (
    '\n#: a.c:1\nmsgid "Save"\nmsgstr ""\n'
    '\n#: a.c:2\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n'
)


@pytest.mark.parametrize("language", ["tlh", None])
def test_a_first_plural_in_a_language_with_no_known_rule_warns(
    tmp_path: Path, language: str | None
) -> None:
    text = header(language) + '\n#: a.c:1\nmsgid "Save"\nmsgstr "pol"\n'
    ours, theirs, stats = updates(tmp_path, text, PLURAL_TEMPLATE)
    # gettext's default, two forms, as msgmerge assumes; the header gets no guess.
    assert ours == theirs
    assert b"Plural-Forms" not in ours
    (warning,) = stats.warnings
    assert "no Plural-Forms" in warning and "nplurals=2; plural=(n != 1)" in warning
    assert (repr(language) if language else "no Language header") in warning


def test_a_first_plural_in_a_language_babel_knows_gets_its_rule(tmp_path: Path) -> None:
    text = header("pl") + '\n#: a.c:1\nmsgid "Save"\nmsgstr "Zapisz"\n'
    _, _, stats = updates(tmp_path, text, PLURAL_TEMPLATE)
    assert stats.warnings == ()
    po = read_catalog(tmp_path / "ours" / "de.po")
    assert po.metadata["Plural-Forms"].startswith("nplurals=3;")
    entry = po.find("%d file")
    assert entry is not None and entry.msgstr_plural == {0: "", 1: "", 2: ""}


def test_the_command_prints_the_warning(tmp_path: Path) -> None:
    catalog = tmp_path / "tlh.po"
    catalog.write_text(header("tlh") + '\nmsgid "Save"\nmsgstr "pol"\n', encoding="utf-8")
    (tmp_path / "t.pot").write_text(PLURAL_TEMPLATE, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["update", str(catalog), "--template", str(tmp_path / "t.pot")]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"warning: {catalog}: no Plural-Forms in the header")
    assert result.stdout.startswith(f"{catalog}: 2 entries")


def test_rendering_a_catalog_that_names_no_locale_asks_for_one(tmp_path: Path) -> None:
    # Joining two sentences of one line needs the target language (a space, or none).
    catalog = tmp_path / "x.po"
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "二つ目の文です。"\nmsgstr "Second."\n',
        encoding="utf-8",
    )
    options = pipeline.SourceOptions()
    with pytest.raises(TranslatorError, match="no Language header; pass --locale"):
        pipeline.render(FIXTURES / "crlf.md", catalog, None, options, threshold=0)
    done = pipeline.render(FIXTURES / "crlf.md", catalog, "en", options, threshold=0)
    assert done.text is not None and "です。 Second." in done.text


# --- random catalogs ---------------------------------------------------------------------

WORDS = ["alpha", "bravo", "delta", "gamma", "kilo", "lima", "oscar", "romeo", "tango", "zulu"]
FLAGS = ["c-format", "python-format", "python-brace-format", "no-wrap"]


@st.composite
def catalogs(draw: st.DrawFn) -> str:
    """A catalog as gettext or another tool may have written it: any header, fuzzy and
    reviewed entries with or without #| strings, flags in any order, plurals with the
    header's number of forms (any number when untranslated), obsolete entries."""
    language = draw(st.sampled_from(["de", "pl", "tlh", "mjw", None]))
    nplurals = draw(st.sampled_from([None, 1, 2, 3]))  # None: no Plural-Forms
    fields = [
        f for f in ('"MIME-Version: 1.0\\n"', '"Content-Transfer-Encoding: 8bit\\n"')
        if draw(st.booleans())
    ]  # fmt: skip
    fields.insert(0, '"Content-Type: text/plain; charset=UTF-8\\n"')
    if nplurals is not None:
        fields.append(f'"Plural-Forms: nplurals={nplurals}; plural=0;\\n"')
    parts = [header(language, "".join(f + "\n" for f in fields))]
    obsolete: list[str] = []
    forms = nplurals or draw(st.integers(1, 3))  # a catalog without the header: one count
    keys = draw(
        st.lists(
            st.tuples(st.sampled_from([None, "menu"]), st.sampled_from(WORDS)),
            min_size=1,
            max_size=8,
            unique=True,
        )
    )
    for number, (context, word) in enumerate(keys):
        translated = draw(st.booleans())
        plural = draw(st.booleans())
        lines = draw(st.sampled_from([[], [f"# note {number}"]]))
        lines += draw(st.sampled_from([[], [f"#. extracted {number}"]]))
        lines += draw(
            st.sampled_from([[f"#: a.c:{number}"], [f"#: a.c:{number}", f"#: b.c:{number}"]])
        )
        flags = draw(st.lists(st.sampled_from(FLAGS), unique=True, max_size=2))
        fuzzy = translated and draw(st.booleans())
        if fuzzy:
            flags.insert(draw(st.integers(0, len(flags))), "fuzzy")
        if flags:
            lines.append("#, " + ", ".join(flags))
        if translated and draw(st.integers(0, 2)) == 0:
            if context and draw(st.booleans()):
                lines.append(f'#| msgctxt "{context}"')
            lines.append(f'#| msgid "earlier {word}"')
        if context:
            lines.append(f'msgctxt "{context}"')
        lines.append(f'msgid "{word}"')
        if plural:
            lines.append(f'msgid_plural "{word}s"')
            count = forms if translated else draw(st.integers(1, 3))
            for i in range(count):
                lines.append(f'msgstr[{i}] "{f"T{number}-{i}" if translated else ""}"')
        else:
            lines.append(f'msgstr "{f"T{number}" if translated else ""}"')
        if translated and draw(st.integers(0, 4)) == 0:  # obsolete: at the end, as written
            obsolete.append(_obsolete(lines))
            continue
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts + obsolete)


def _obsolete(lines: list[str]) -> str:
    """The entry of ``lines`` made obsolete, as gettext writes it (no code comments)."""
    kept = []
    for line in lines:
        if line.startswith(("#:", "#.")):
            continue
        if line.startswith("#| "):
            kept.append("#~| " + line[3:])
        else:
            kept.append(line if line.startswith("#") else "#~ " + line)
    return "\n".join(kept) + "\n"


@settings(max_examples=60, deadline=None)
@given(catalogs())
def test_an_update_with_the_catalogs_own_template_is_the_identity(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        ours, _, stats = updates(Path(folder), text)
    assert ours.decode() == text
    assert stats.warnings == ()
