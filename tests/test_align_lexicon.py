"""The aligner's lexicon (EDICT) and content evidence, on real files: the EDICT-format
sample of tests/fixtures (conftest points TRANSLATOR_EDICT at it) and files made here."""

from __future__ import annotations

import marshal
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from translator.align import align_documents
from translator.align.evidence import source_evidence, target_evidence, url_key
from translator.align.lexicon import _cache_file, load_lexicon, parse_edict
from translator.cli import main
from translator.document.markdown import parse_document
from translator.errors import TranslatorError

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "edict-sample.txt"


def _links(ja: str, en: str, lexicon: object) -> list[tuple[int, int]]:
    alignment = align_documents(
        parse_document(ja + "\n", lang="ja"),
        parse_document(en + "\n", lang="en"),
        "en",
        lexicon=lexicon,  # type: ignore[arg-type]
    )
    return [(len(link.source), len(link.target)) for link in alignment.links]


def test_edict_entries_give_headwords_stems_of_conjugating_words_and_gloss_stems() -> None:
    text = (
        "応える [こたえる] /(v1,vi) to respond/to meet (demands)/\n"
        "休む [やすむ] /(v5m,vi) to rest/to be closed/\n"
        "殆ど [ほとんど] /(n-adv) (uk) mostly/almost/\n"
        "こと /(n) (uk) thing/matter/\n"
        "開館 [かいかん] /(n,vs) opening (of a library, museum, etc.)/EntL1234X/\n"
    )
    words, glosses, stems = parse_edict(text)
    by_word = {w: {stems[i] for i in g} for w, g in zip(words, glosses, strict=True)}
    assert by_word["応える"] == by_word["応え"] == {"respond", "meet"}  # 応えた finds it
    assert by_word["休"] == {"rest", "close"}  # godan: 休んだ, 休み
    assert by_word["ほとんど"] == {"most", "almost"}  # usually written in kana
    assert "こと" not in by_word  # grammar, not content
    assert by_word["開館"] == {"open"}  # notes in parentheses are not glosses


def test_the_lexicon_is_cached_in_the_user_cache_folder(tmp_path: Path) -> None:
    copy = tmp_path / "edict"
    copy.write_bytes(SAMPLE.read_bytes())
    lexicon = load_lexicon(copy)
    assert lexicon is not None and "図書館" in lexicon.words
    info = copy.stat()
    cached = _cache_file(copy, info.st_size, int(info.st_mtime))  # this copy's own cache
    assert cached.parent == Path(os.environ["XDG_CACHE_HOME"]) / "translator"
    assert marshal.loads(cached.read_bytes())[0] == lexicon.words


def test_a_cache_folder_it_cannot_write_only_costs_a_reading_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("translator._io._new_file", refuse)
    copy = tmp_path / "edict"
    copy.write_bytes(SAMPLE.read_bytes())
    lexicon = load_lexicon(copy)
    assert lexicon is not None and "図書館" in lexicon.words


def test_an_edict_file_in_euc_jp_reads_as_the_debian_package_ships_it(tmp_path: Path) -> None:
    path = tmp_path / "edict"
    path.write_bytes("図書館 [としょかん] /(n) library/\n".encode("euc_jp"))
    lexicon = load_lexicon(path)
    assert lexicon is not None and lexicon.words == ["図書館"]


@pytest.mark.parametrize("content", [None, b"not a dictionary\n"])
def test_a_missing_or_foreign_lexicon_file_is_one_clear_error(
    tmp_path: Path, content: bytes | None
) -> None:
    path = tmp_path / "edict"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(TranslatorError) as caught:
        load_lexicon(path)
    assert caught.value.path == str(path)


def test_align_names_an_unreadable_lexicon_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ja.md").write_text("図書館は来月から開館時間を延長する。\n", encoding="utf-8")
    (tmp_path / "en.md").write_text("The library will open longer.\n", encoding="utf-8")
    monkeypatch.setenv("TRANSLATOR_EDICT", str(tmp_path / "missing"))
    result = CliRunner().invoke(
        main,
        ["align", str(tmp_path / "ja.md"), str(tmp_path / "en.md"), "--locale", "en",
         "-o", str(tmp_path / "ja.po")],
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert "missing: cannot read the EDICT lexicon" in result.output
    assert not (tmp_path / "ja.po").exists()


def test_without_a_lexicon_align_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ja.md").write_text("図書館は来月から開館時間を延長する。\n", encoding="utf-8")
    (tmp_path / "en.md").write_text("The library will open longer.\n", encoding="utf-8")
    args = ["align", str(tmp_path / "ja.md"), str(tmp_path / "en.md"), "--locale", "en",
            "-o", str(tmp_path / "ja.po")]  # fmt: skip
    assert "no Japanese-English lexicon" not in CliRunner().invoke(main, args).output
    monkeypatch.setenv("TRANSLATOR_EDICT", "")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    assert "no Japanese-English lexicon" in result.output


def test_the_lexicon_finds_a_sentence_the_translation_left_out() -> None:
    ja = "図書館は来月から開館時間を延長する。利用者の要望に応えた。職員の負担も増える。"
    en = (
        "The library will extend its opening hours from next month. "
        "It is a response to requests from users."
    )
    assert _links(ja, en, load_lexicon(SAMPLE)) == [(1, 1), (1, 1), (1, 0)]
    assert _links(ja, en, None) != [(1, 1), (1, 1), (1, 0)]  # length says: a merge


def test_the_lexicon_finds_a_sentence_the_translation_added() -> None:
    ja = "図書館は来月から開館時間を延長する。利用者の要望に応えた。職員の負担も増える。"
    en = (
        "The library will extend its opening hours from next month. "
        "It is a response to requests from users. Not everyone is pleased. "
        "Staff will carry a heavier load."
    )
    assert _links(ja, en, load_lexicon(SAMPLE)) == [(1, 1), (1, 1), (0, 1), (1, 1)]
    assert _links(ja, en, None) != [(1, 1), (1, 1), (0, 1), (1, 1)]


def test_localised_links_are_the_same_anchor() -> None:
    assert url_key("https://developer.mozilla.org/ja/docs/Web/API/Node#解説") == url_key(
        "https://developer.mozilla.org/en-US/docs/Web/API/Node#description"
    )
    assert url_key("https://ja.react.dev/learn/") == url_key("https://react.dev/learn")
    assert url_key("/api/core.html#リアクティビティ") == url_key("/api/core#reactivity")
    assert url_key("#same-page") == ""  # an anchor of the page itself says nothing
    assert url_key("https://example.com/a") != url_key("https://example.com/b")


def test_tenths_are_read_as_percent() -> None:
    source = source_evidence("見落としは3割減った。", None)
    target = target_evidence("Missed findings fell by 30 percent.", "en", None)
    numbers = [keys for kind, keys in source.items if kind in ("num", "small")]
    assert numbers and not numbers[0].isdisjoint(target.marks)
