"""Catalogs: the POT extract writes, and what update keeps, changes and never loses."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from tests.conftest import FIXTURES, SAMPLE
from translator import pipeline
from translator.catalog.pofile import read_catalog
from translator.errors import TranslatorError

OPTIONS = pipeline.SourceOptions()


def extract(tmp_path: Path, source: Path, name: str = "doc.pot") -> polib.POFile:
    pot = tmp_path / name
    pipeline.extract([source], pot, OPTIONS, reference_paths=[source.name])
    return read_catalog(pot)


def msgfmt_check(path: Path) -> None:
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU msgfmt not installed")
    result = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_template_entries_references_and_comments(tmp_path: Path) -> None:
    source = tmp_path / "dup.md"
    source.write_text(
        "# 概要\n\n同じ文です。別の文です。\n\n- 同じ文です。\n\n| 概要 |\n|---|\n| 表 |\n",
        encoding="utf-8",
    )
    pot = extract(tmp_path, source)
    assert [e.msgid for e in pot] == ["概要", "同じ文です。", "別の文です。", "表"]
    same = pot.find("同じ文です。")
    assert same is not None
    assert same.occurrences == [("dup.md", "3"), ("dup.md", "5")]
    assert same.comment == "paragraph\nlist item"
    heading = pot.find("概要")
    assert heading is not None and heading.comment == "heading 1\ntable header cell"
    assert pot.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    msgfmt_check(tmp_path / "doc.pot")


def test_extract_twice_is_byte_identical(tmp_path: Path) -> None:
    pot = tmp_path / "s.pot"
    _, first, _ = pipeline.extract([SAMPLE], pot, OPTIONS)
    before = pot.read_bytes()
    _, second, _ = pipeline.extract([SAMPLE], pot, OPTIONS)
    assert first and not second
    assert pot.read_bytes() == before
    po = tmp_path / "en.po"
    pipeline.update(po, pot, "en")
    po_before = po.read_bytes()
    _, written = pipeline.update(po, pot, "en")
    assert not written and po.read_bytes() == po_before


@pytest.mark.parametrize(
    ("locale", "language", "plural"),
    [
        ("en", "en", "nplurals=2; plural=(n != 1);"),
        ("zh_Hans", "zh_Hans", "nplurals=1; plural=0;"),
        ("de", "de", "nplurals=2; plural=(n != 1);"),
        ("ja", "ja", "nplurals=1; plural=0;"),
    ],
)
def test_new_catalog_headers_from_babel(
    tmp_path: Path, locale: str, language: str, plural: str
) -> None:
    pot = tmp_path / "s.pot"
    pipeline.extract([SAMPLE], pot, OPTIONS)
    po_path = tmp_path / f"{locale}.po"
    pipeline.update(po_path, pot, locale)
    po = read_catalog(po_path)
    assert po.metadata["Language"] == language
    assert po.metadata["Plural-Forms"] == plural
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert all(e.msgstr == "" for e in po)  # never pre-filled with the source text
    msgfmt_check(po_path)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_update_keeps_moves_and_never_loses(tmp_path: Path) -> None:
    source = _write(
        tmp_path / "a.md",
        "# 見出し\n\nアリババは新しいモデルを四月末に発表する予定です。これは残る文です。\n\n"
        "消える段落の文です。\n",
    )
    pot = tmp_path / "a.pot"
    po_path = tmp_path / "en.po"
    pipeline.extract([source], pot, OPTIONS)
    pipeline.update(po_path, pot, "en")
    po = read_catalog(po_path)
    texts = {
        "見出し": "Heading",
        "アリババは新しいモデルを四月末に発表する予定です。": "Alibaba plans to announce a new model at the end of April.",
        "これは残る文です。": "This sentence stays.",
        "消える段落の文です。": "A sentence that goes away.",
    }
    for entry in po:
        entry.msgstr = texts[entry.msgid]
    heading = po.find("見出し")
    assert heading is not None
    heading.tcomment = "keep it short"
    heading.flags.append("no-wrap")
    po.save(str(po_path))

    _write(
        source,
        "# 見出し\n\nアリババは新しいモデルを五月末に発表する予定です。これは残る文です。\n\n"
        "新しく加わった文です。\n",
    )
    pipeline.extract([source], pot, OPTIONS)
    stats, _ = pipeline.update(po_path, pot, "en")
    po = read_catalog(po_path)

    edited = po.find("アリババは新しいモデルを五月末に発表する予定です。")
    assert edited is not None
    assert "fuzzy" in edited.flags
    assert edited.msgstr == texts["アリババは新しいモデルを四月末に発表する予定です。"]
    assert edited.previous_msgid == "アリババは新しいモデルを四月末に発表する予定です。"
    kept = po.find("これは残る文です。")
    assert kept is not None and kept.msgstr == "This sentence stays." and "fuzzy" not in kept.flags
    heading = po.find("見出し")
    assert (
        heading is not None and heading.tcomment == "keep it short" and "no-wrap" in heading.flags
    )
    new = po.find("新しく加わった文です。")
    assert new is not None and new.msgstr == "" and "fuzzy" not in new.flags
    gone = po.find("消える段落の文です。", include_obsolete_entries=True)
    assert gone is not None and gone.obsolete and gone.msgstr == "A sentence that goes away."
    assert (stats.new, stats.fuzzy_matched, stats.obsolete) == (1, 1, 1)
    text = po_path.read_text(encoding="utf-8")
    assert '#| msgid "アリババは新しいモデルを四月末に発表する予定です。"' in text
    assert '#~ msgid "消える段落の文です。"' in text
    msgfmt_check(po_path)

    # The sentence comes back: its obsolete translation is revived as is.
    _write(source, "# 見出し\n\n消える段落の文です。\n")
    pipeline.extract([source], pot, OPTIONS)
    pipeline.update(po_path, pot, "en")
    po = read_catalog(po_path)
    back = po.find("消える段落の文です。")
    assert back is not None and back.msgstr == "A sentence that goes away." and not back.obsolete
    # ...and the two that left are kept as obsolete, fuzzy state included.
    obsolete = {e.msgid: e for e in po if e.obsolete}
    assert set(obsolete) == {
        "アリババは新しいモデルを五月末に発表する予定です。",
        "これは残る文です。",
    }


def test_unrelated_new_sentences_get_no_fuzzy_guess(tmp_path: Path) -> None:
    source = _write(tmp_path / "b.md", "最初の文です。\n")
    pot, po_path = tmp_path / "b.pot", tmp_path / "de.po"
    pipeline.extract([source], pot, OPTIONS)
    pipeline.update(po_path, pot, "de")
    po = read_catalog(po_path)
    po[0].msgstr = "Der erste Satz."
    po.save(str(po_path))
    _write(source, "DeepSeekはまったく別の話題について説明しています。\n")
    pipeline.extract([source], pot, OPTIONS)
    pipeline.update(po_path, pot, "de", keep_obsolete=False)
    po = read_catalog(po_path)
    assert [(e.msgid, e.msgstr, e.flags) for e in po] == [
        ("DeepSeekはまったく別の話題について説明しています。", "", [])
    ]


def test_malformed_po_reports_file_and_line(tmp_path: Path) -> None:
    bad = _write(
        tmp_path / "bad.po",
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "a"\nmsgstr "b"\n\nmsgid "c\nmsgstr "d"\n',
    )
    with pytest.raises(TranslatorError) as info:
        read_catalog(bad)
    assert (info.value.path, info.value.line) == (str(bad), 8)
    stray = _write(tmp_path / "stray.po", 'msgid "a"\nmsgstr "b"\nnonsense here\n')
    with pytest.raises(TranslatorError) as info:
        read_catalog(stray)
    assert info.value.line == 3
    dup = _write(tmp_path / "dup.po", 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n')
    with pytest.raises(TranslatorError, match="duplicate"):
        read_catalog(dup)


def test_render_accepts_a_template(tmp_path: Path) -> None:
    source = FIXTURES / "table.md"
    pot = tmp_path / "t.pot"
    pipeline.extract([source], pot, OPTIONS)
    result = pipeline.render(source, pot, "en", OPTIONS, threshold=0, output=tmp_path / "o.md")
    assert result.rendered and result.stats.translated == 0
    assert (tmp_path / "o.md").read_bytes() == source.read_bytes()
    below = pipeline.render(source, pot, "en", OPTIONS, threshold=80, output=tmp_path / "x.md")
    assert not below.rendered and not (tmp_path / "x.md").exists()
