"""``translator segment`` and the SRX export."""

from __future__ import annotations

import json
from pathlib import Path

import defusedxml.ElementTree as ET
import pytest
from click.testing import CliRunner

from translator.cli.segment import segment_command
from translator.errors import TranslatorError
from translator.segment import export_srx

SRX = "{http://www.lisa.org/srx20}"


def test_prints_one_sentence_per_line(tmp_path: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text("# 見出し\n\n一文目です。二文目は\n折り返しです。\n", encoding="utf-8")
    result = CliRunner().invoke(segment_command, [str(source)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["# 見出し", "一文目です。", "二文目は折り返しです。"]


def test_json_has_offsets_and_lines(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    text = "It works. Next one.\n\nThird."
    source.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(segment_command, [str(source), "--lang", "en", "--format", "json"])
    items = json.loads(result.output)
    assert [(i["text"], i["line"]) for i in items] == [
        ("It works.", 1),
        ("Next one.", 1),
        ("Third.", 3),
    ]
    assert all(text[i["start"] : i["end"]] == i["text"] for i in items)


def test_errors_are_translator_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(segment_command, [])
    assert isinstance(result.exception, TranslatorError)
    result = CliRunner().invoke(segment_command, [str(tmp_path / "missing.txt")])
    assert isinstance(result.exception, TranslatorError)


def test_export_srx_to_file(tmp_path: Path) -> None:
    out = tmp_path / "rules.srx"
    result = CliRunner().invoke(segment_command, ["--export-srx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == export_srx(("ja", "en", "zh"))


@pytest.mark.parametrize("langs", [("ja", "en", "zh"), ("zh_Hans",), ("ja_JP", "en_US")])
def test_srx_is_well_formed_srx_2(langs: tuple[str, ...]) -> None:
    xml = export_srx(langs)
    assert "SRX cannot express" in xml and "bracket depth" in xml and "inline Markdown" in xml
    root = ET.fromstring(xml)
    assert root.tag == f"{SRX}srx" and root.get("version") == "2.0"
    rules = root.findall(f"{SRX}body/{SRX}languagerules/{SRX}languagerule")
    names = [r.get("languagerulename") for r in rules]
    assert len(names) == len(set(names)) >= 1
    for rule in rules:
        kinds = [r.get("break") for r in rule.findall(f"{SRX}rule")]
        assert "yes" in kinds and "no" in kinds
        assert kinds.index("yes") > kinds.index("no")  # exceptions first
    maps = root.findall(f"{SRX}body/{SRX}maprules/{SRX}languagemap")
    assert {m.get("languagerulename") for m in maps} == set(names)


def test_srx_mentions_abbreviations_and_quotatives() -> None:
    xml = export_srx(("ja",))
    assert "Mr" in xml and "って" in xml and "。" in xml


def test_project_overrides_apply_to_segment_and_srx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "translator.yaml").write_text(
        "source_locale: ja\ntarget_locales: [en]\ndocuments: ['*.md']\n"
        "segmentation:\n  no_break_patterns: ['モーニング娘。']\n  abbreviations: [Zzqx.]\n",
        encoding="utf-8",
    )
    source = tmp_path / "a.txt"
    source.write_text("モーニング娘。の新曲。次の文。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(segment_command, [str(source)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["モーニング娘。の新曲。", "次の文。"]
    out = tmp_path / "rules.srx"
    result = CliRunner().invoke(segment_command, ["--export-srx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    srx = out.read_text(encoding="utf-8")
    assert "Zzqx" in srx and "Zzqx" not in export_srx(("ja", "en", "zh"))
    # Outside the project the shipped rules apply.
    monkeypatch.chdir(tmp_path.parent)
    result = CliRunner().invoke(segment_command, [str(source)])
    assert result.output.splitlines()[0] == "モーニング娘。"
