"""``translator update`` reads catalogs lazily: entries the merge leaves as they are stay
unread and are written back as read; the result is the merge of fully read catalogs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings

from tests.test_update_like_msgmerge import _both_updates, catalogs
from translator import pipeline
from translator.catalog._po_lexer import LAZY_ATTR
from translator.catalog.pofile import catalog_text, parse_catalog, read_catalog
from translator.catalog.update import UpdateStats, update_catalog
from translator.locales import catalog_locale


def _merge(old: str, template: str, *, lazy: bool) -> tuple[str, UpdateStats]:
    result, stats = update_catalog(
        parse_catalog(template, lazy=lazy), parse_catalog(old, lazy=lazy), catalog_locale("de")
    )
    return catalog_text(result), stats


def _same_template_lines(texts: tuple[str, str]) -> tuple[str, str]:
    """The old catalog, and its template with the old references and comments: entries
    that did not change are then the same there, as after a typical revision."""
    old, template = texts
    return old, template.replace("new.c:", "old.c:").replace("new extracted", "old extracted")


@settings(max_examples=100, deadline=None)
@given(catalogs())
def test_a_lazy_merge_is_the_merge_of_fully_read_catalogs(texts: tuple[str, str]) -> None:
    for old, template in (texts, _same_template_lines(texts)):
        assert _merge(old, template, lazy=True) == _merge(old, template, lazy=False)


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext not installed")
@settings(max_examples=60, deadline=None)
@given(catalogs())
def test_entries_left_unread_update_as_msgmerge_does(texts: tuple[str, str]) -> None:
    ours, theirs = _both_updates(*_same_template_lines(texts))
    assert ours == theirs


def test_only_the_entries_that_change_are_read(tmp_path: Path) -> None:
    lines = ['msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
             '"Language: de\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n']  # fmt: skip
    template = [lines[0]]
    for number in range(200):
        comment = f"#. block {number % 7}\n#: doc.md:{number + 1}\n"
        flag = "#, python-format\n" if number % 5 == 0 else ""
        msgid = f'msgid "Sentence number {number} of the document."\n'
        lines.append(f'# note {number}\n{comment}{flag}{msgid}msgstr "Satz {number}."\n')
        if number in (10, 20):  # edited
            msgid = msgid.replace("document", "documents")
        elif number == 30:  # moved: a new line number
            comment = comment.replace(":31", ":310")
        elif number == 40:  # removed
            continue
        template.append(f'{comment}{flag}{msgid}msgstr ""\n')
    template.append('msgid "A brand new sentence."\nmsgstr ""\n')
    catalog = tmp_path / "de.po"
    catalog.write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "doc.pot").write_text("\n".join(template), encoding="utf-8")

    result, stats = update_catalog(
        read_catalog(tmp_path / "doc.pot", lazy=True),
        read_catalog(catalog, lazy=True),
        catalog_locale("de"),
    )
    unread = [e.msgid for e in result if LAZY_ATTR in e.__dict__]
    # All but the two edited, the moved, the removed (now obsolete) and the new one.
    assert len(unread) == 196 == len(result) - 5
    assert (stats.fuzzy_matched, stats.obsolete, stats.new, stats.translated) == (2, 1, 1, 197)
    pipeline.update(catalog, tmp_path / "doc.pot")
    text = catalog.read_text(encoding="utf-8")
    eager = _merge("\n".join(lines), "\n".join(template), lazy=False)[0]
    assert text.partition("\n\n")[2] == eager.partition("\n\n")[2]  # (the header is saved
    # in the file's own order, which the merge alone does not know)
    assert text.count("# note ") == 200 and '#~ msgid "Sentence number 40 ' in text


def test_a_merge_of_explicit_catalogs_loads_only_what_it_needs(tmp_path: Path) -> None:
    # Start-up is most of what a small catalog's update costs: `translator update` on
    # explicit files loads neither the Markdown side nor the MT client, the project file's
    # reader, the glossary, OpenSSL or tempfile (random, shutil, bz2, lzma).
    import subprocess
    import sys

    (tmp_path / "doc.pot").write_text('msgid "a"\nmsgstr ""\n', encoding="utf-8")
    (tmp_path / "de.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
        '\nmsgid "b"\nmsgstr "B"\n',
        encoding="utf-8",
    )
    code = (
        "import atexit, runpy, sys\n"
        "atexit.register(lambda: print(' '.join(sorted(sys.modules))))\n"
        "sys.argv = ['translator', 'update', 'de.po', '--template', 'doc.pot']\n"
        "runpy.run_module('translator', run_name='__main__')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split("\n")[-2].split())
    assert "translator.catalog.update" in loaded  # (the list is the right one)
    unwanted = {
        "markdown_it", "httpx", "yaml", "translator.document.markdown", "translator.glossary",
        "translator.project", "translator.translate", "_hashlib", "tempfile", "babel",
    }  # fmt: skip
    assert loaded & unwanted == set()


def test_a_group_of_sentences_read_lazily_counts_and_merges_as_read_in_full() -> None:
    # Two sentences translated as one (<with previous>): status counts each as its group
    # stands, and a lazy read must not take the joined one for a translation of its own.
    header = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              '"Language: de\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n')  # fmt: skip
    old = header + (
        '\n#: doc.md:1\nmsgid "一つ目の文です。"\nmsgstr "Der erste und der zweite Satz."\n'
        '\n#: doc.md:1\nmsgid "二つ目の文です。"\nmsgstr "<with previous>"\n'
        '\n#: doc.md:2\nmsgid "三つ目の文です。"\nmsgstr ""\n'
        '\n#: doc.md:3\nmsgid "四つ目の文です。"\nmsgstr "Der vierte."\n'
    )
    template = header + "".join(
        f'\n#: doc.md:{line}\nmsgid "{text}"\nmsgstr ""\n'
        for line, text in ((1, "一つ目の文です。"), (1, "二つ目の文です。"), (2, "三つ目の文です。"),
                           (3, "四つ目の文です。"))
    )  # fmt: skip
    lazy, eager = _merge(old, template, lazy=True), _merge(old, template, lazy=False)
    assert lazy == eager
    assert lazy[0].partition("\n\n")[2] == old.partition("\n\n")[2]
    assert lazy[1].translated == 3  # the group's two sentences and the fourth
