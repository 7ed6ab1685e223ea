"""The translation memory: lookup (exact, placeable, fuzzy), imports, TMX, the tm commands."""

from __future__ import annotations

import os
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner, Result

from translator.cli import main
from translator.cli.tm import tm_group
from translator.errors import TranslatorError
from translator.tm import TranslationMemory, Unit, canonical_locale
from translator.tm.index import FuzzyIndex
from translator.tm.placeables import skeleton, substitute

S1 = "一部のQwen 3モデルは600百万パラメータで構成されています[5]。"
T1 = "Some Qwen 3 models have 600 million parameters[5]."
S2 = "アリババは、AI技術を通じて商業活動や伝統産業の革新を目指しています。"
T2 = "Alibaba aims to transform commerce and traditional industries through AI."


@pytest.fixture
def tm() -> TranslationMemory:
    memory = TranslationMemory(":memory:")
    memory.add([Unit("ja", "en", S1, T1, "a.po"), Unit("ja", "en", S2, T2, "a.po")])
    return memory


def test_exact_match_scores_100(tm: TranslationMemory) -> None:
    match = tm.lookup(S2, "ja", "en")
    assert match is not None
    assert (match.kind, match.score, match.target, match.origin) == ("exact", 100.0, T2, "a.po")
    assert tm.lookup(S2, "ja", "de") is None  # other target locale


def test_numbers_and_citation_markers_are_replaced_from_the_new_source(
    tm: TranslationMemory,
) -> None:
    new = "一部のQwen 3モデルは800百万パラメータで構成されています[3]。"
    match = tm.lookup(new, "ja", "en")
    assert match is not None and match.kind == "placeable"
    assert match.target == "Some Qwen 3 models have 800 million parameters[3]."
    # Full-width digits in the new source count as the same numbers.
    match = tm.lookup("一部のQwen ３モデルは600百万パラメータで構成されています[5]。", "ja", "en")
    assert match is not None and match.target == T1


def test_substitution_refuses_when_the_target_does_not_carry_the_number() -> None:
    assert substitute("6億パラメータ", "7億パラメータ", "600 million parameters") is None
    assert substitute("[1]と[1]", "[2]と[3]", "[1] and [1]") is None  # one old value, two new
    assert substitute("3年で[5]", "4年で[5]", "in 3 years[5]") == "in 4 years[5]"
    assert skeleton("3年で[5]") == skeleton("40年で[12]")


def test_fuzzy_match_above_the_threshold_only(tm: TranslationMemory) -> None:
    edited = "アリババは、AI技術を通じて商業活動や伝統産業の改革を目指しています。"
    match = tm.lookup(edited, "ja", "en", 75)
    assert match is not None and match.kind == "fuzzy" and 75 <= match.score < 100
    assert match.target == T2 and match.source == S2
    assert tm.lookup(edited, "ja", "en", 99) is None
    assert tm.lookup(edited, "ja", "en", None) is None  # exact/placeable only
    assert tm.lookup("まったく別の話題についての短い文です。", "ja", "en") is None


def test_latest_translation_wins_and_unchanged_units_are_not_counted(
    tm: TranslationMemory,
) -> None:
    assert tm.add([Unit("ja", "en", S2, T2, "b.po")]) == 0
    assert tm.add([Unit("ja", "en", S2, "New translation.", "b.po")]) == 1
    match = tm.lookup(S2, "ja", "en")
    assert match is not None and match.target == "New translation."
    # The fuzzy index sees the change too.
    hit = tm.lookup(S2[:-1] + "よ。", "ja", "en")
    assert hit is not None and hit.target == "New translation."
    assert tm.count() == 2 and tm.pairs() == [("ja", "en", 2)]


def test_index_finds_the_closest_among_many() -> None:
    index = FuzzyIndex()
    for n in range(2000):
        index.add(f"これは{n}番目のテスト用の文で、内容は少しずつ違います。")
    target = index.add("アリババは最新のAIモデルを4月末にリリースする予定です。")
    found = index.search("アリババは最新のAIモデルを5月末にリリースする予定です。", 75)
    assert found and found[0][1] == target and found[0][0] > 90


def test_catalog_import_takes_only_approved_translations(tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = {"Language": "de", "Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="一。", msgstr="Eins."))
    po.append(polib.POEntry(msgid="二。", msgstr="Zwei?", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="三。", msgstr=""))
    path = tmp_path / "de.po"
    po.save(str(path))
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        assert memory.import_file(path, "ja") == {"de": 1}
        assert memory.lookup("二。", "ja", "de", None) is None


def test_tmx_round_trip_and_regional_codes(tmp_path: Path, tm: TranslationMemory) -> None:
    tm.add([Unit("ja", "zh_Hans", S2, "阿里巴巴旨在通过人工智能推动商业和传统产业的变革。")])
    out = tmp_path / "out.tmx"
    assert tm.export_tmx(out, "ja") == 3
    text = out.read_text(encoding="utf-8")
    assert '<tmx version="1.4">' in text and 'srclang="ja"' in text
    assert 'xml:lang="zh-Hans"' in text and "&lt;" not in text
    with TranslationMemory(":memory:") as other:
        counts = other.import_file(out, "ja", known_locales=("en", "zh_Hans"))
        assert counts == {"en": 2, "zh_Hans": 1}
        match = other.lookup(S1, "ja", "en")
        assert match is not None and match.target == T1
    assert canonical_locale("en-US", ("en", "de")) == "en"
    assert canonical_locale("zh-Hans", ("zh_Hans",)) == "zh_Hans"
    assert canonical_locale("de", ()) == "de"


def test_tmx_from_another_tool(tmp_path: Path) -> None:
    tmx = tmp_path / "other.tmx"
    tmx.write_text(
        '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="ja-JP" segtype="sentence"'
        ' adminlang="en" datatype="plaintext" creationtool="x" creationtoolversion="1"'
        ' o-tmf="x"/><body>'
        '<tu><tuv xml:lang="ja-JP"><seg>こんにちは<ph>&lt;b/&gt;</ph>。</seg></tuv>'
        '<tuv xml:lang="en-US"><seg>Hello<ph>&lt;b/&gt;</ph>.</seg></tuv></tu>'
        '<tu><tuv xml:lang="en-US"><seg>only one side</seg></tuv></tu>'
        "</body></tmx>",
        encoding="utf-8",
    )
    with TranslationMemory(":memory:") as memory:
        assert memory.import_file(tmx, "ja", known_locales=("en",)) == {"en": 1}
        match = memory.lookup("こんにちは<b/>。", "ja", "en")
        assert match is not None and match.target == "Hello<b/>."
    bad = tmp_path / "bad.tmx"
    bad.write_text("<tmx><body>", encoding="utf-8")
    with TranslationMemory(":memory:") as memory, pytest.raises(TranslatorError, match="TMX"):
        memory.import_file(bad, "ja")


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite"
    path.write_text("hello, I am not SQLite" * 100, encoding="utf-8")
    with pytest.raises(TranslatorError, match="not a usable translation memory"):
        TranslationMemory(path)


def _run(project: Path, *args: str) -> Result:
    old = Path.cwd()
    os.chdir(project)
    try:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture
def with_tm_group(monkeypatch: pytest.MonkeyPatch) -> None:
    assert tm_group.name == "tm"


@pytest.mark.usefixtures("with_tm_group")
def test_tm_commands(project: Path, tmp_path: Path) -> None:
    result = _run(project, "tm", "import")
    assert result.exit_code == 0, result.output
    assert "28 units new or changed" in result.output  # 20 en + 8 zh_Hans approved
    assert (project / ".translator/tm.sqlite").exists()
    out = tmp_path / "export.tmx"
    result = _run(project, "tm", "export", "-o", str(out), "--locale", "zh_Hans")
    assert result.exit_code == 0 and "8 units" in result.output
    result = _run(project, "tm", "import", str(out))
    assert "zh_Hans: 0" in result.output  # nothing new
    result = _run(project, "tm", "stats")
    assert "ja -> en: 20 units" in result.output
    result = _run(project, "tm", "import", str(project / "missing.tmx"))
    assert result.exit_code == 1 and "no such file" in result.output
