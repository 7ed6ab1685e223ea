"""``translator check`` and ``translator glossary`` on real files."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
from click.testing import CliRunner

from translator.checks.registry import check_pair
from translator.checks.runner import check_catalogs, ignored_checks, options_from_config
from translator.cli.check import check_command
from translator.cli.glossary import glossary_group
from translator.glossary import load_glossary

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = str(ROOT / "glossary" / "ai-news.yaml")


def _po(path: Path, locale: str, entries: list[tuple[str, str, str]]) -> Path:
    po = polib.POFile()
    po.metadata = {"Language": locale, "Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr, extra in entries:
        entry = polib.POEntry(msgid=msgid, msgstr=msgstr)
        if extra.startswith("#,"):
            entry.flags = [f.strip() for f in extra[2:].split(",")]
        elif extra:
            entry.tcomment = extra
        po.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


def _run(args: list[str], cwd: Path) -> tuple[int, str]:
    runner = CliRunner()
    import os

    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(check_command, args, obj={})
    finally:
        os.chdir(old)
    return result.exit_code, result.output


def test_clean_catalog_exits_0(tmp_path: Path) -> None:
    po = _po(tmp_path / "en.po", "en", [("アリババは4月末に公開します。", "Alibaba releases it at the end of April.", "")])
    code, out = _run([str(po), "--glossary", GLOSSARY], tmp_path)
    assert code == 0, out
    assert "no problems found" in out


def test_errors_exit_1_and_json_and_junit_parse(tmp_path: Path) -> None:
    po = _po(
        tmp_path / "de.po",
        "de",
        [
            ("一部のモデルは600百万パラメータです[5]。", "Einige Modelle haben 6 Milliarden Parameter.", ""),
            ("未翻訳です。", "", ""),
            ("アリババです。", "Ali.", "#, fuzzy"),
        ],
    )
    code, out = _run([str(po), "--glossary", GLOSSARY, "--format", "json"], tmp_path)
    assert code == 1
    data = json.loads(out)
    assert sorted(d["check"] for d in data) == ["citation_missing", "number_mismatch", "term_forbidden"]
    assert set(data[0]) == {"check", "severity", "locale", "file", "line", "msgid", "message"}
    assert data[0]["locale"] == "de" and data[0]["line"] > 0
    code, out = _run([str(po), "--glossary", GLOSSARY, "--format", "junit"], tmp_path)
    root = ET.fromstring(out)
    assert root.tag == "testsuites" and root.get("failures") == "3"
    code, out = _run([str(po), "--glossary", GLOSSARY, "--include-fuzzy"], tmp_path)
    assert "term_missing" in out


def test_usage_error_exits_2(tmp_path: Path) -> None:
    code, _out = _run([str(tmp_path / "missing.po")], tmp_path)
    assert code == 2
    code, _out = _run(["--format", "xml", str(tmp_path)], tmp_path)
    assert code == 2


def test_silencing_by_comment_flag_and_config(tmp_path: Path) -> None:
    glossary = load_glossary([GLOSSARY])
    entries = [
        ("利用者は600万人です。", "Users: 6 billion.", "qa-ignore: number_mismatch"),
        ("利用者は600万人です。 ", "Users: 6 billion.", "#, qa-ignore:number_mismatch"),
        ("利用者は700万人です。", "Users:  7 billion.", ""),
    ]
    po = _po(tmp_path / "en.po", "en", entries)
    findings = check_catalogs([po], glossary)
    assert [f.check for f in findings] == ["number_mismatch", "double_space"]
    options = options_from_config({"disable": ["double_space"], "severity": {"number_mismatch": "warning"}})
    findings = check_catalogs([po], glossary, options)
    assert [(f.check, f.severity.value) for f in findings] == [("number_mismatch", "warning")]
    entry = polib.POEntry(msgid="x", tcomment="qa-ignore: term_missing, punctuation")
    assert ignored_checks(entry) == {"term_missing", "punctuation"}


def test_source_forbidden_once_per_msgid(tmp_path: Path) -> None:
    glossary = load_glossary([GLOSSARY])
    msgid = "**Mixture-of-Experts (MoM)アーキテクチャ**"
    en = _po(tmp_path / "en.po", "en", [(msgid, "**Mixture-of-Experts (MoE) architecture**", "")])
    de = _po(tmp_path / "de.po", "de", [(msgid, "", "")])
    findings = check_catalogs([en, de], glossary)
    assert [(f.check, f.locale) for f in findings] == [("source_forbidden", None)]


def test_glossary_import_export(tmp_path: Path) -> None:
    runner = CliRunner()
    tbx = tmp_path / "g.tbx"
    result = runner.invoke(glossary_group, ["export", "--glossary", GLOSSARY, "--format", "tbx",
                                            "-o", str(tbx)], obj={})  # fmt: skip
    assert result.exit_code == 0, result.output
    out = tmp_path / "g.yaml"
    result = runner.invoke(glossary_group, ["import", str(tbx), "-o", str(out)], obj={})
    assert result.exit_code == 0, result.output
    assert len(load_glossary([out]).terms) == len(load_glossary([GLOSSARY]).terms)
    result = runner.invoke(glossary_group, ["--glossary", GLOSSARY], obj={})
    assert result.exit_code in (0, 1)
    # Importing again gives the same file; a glossary someone edited is not replaced
    # without --force.
    result = runner.invoke(glossary_group, ["import", str(tbx), "-o", str(out)], obj={})
    assert result.exit_code == 0 and "unchanged" in result.output
    edited = out.read_text(encoding="utf-8") + "# a note someone added\n"
    out.write_text(edited, encoding="utf-8")
    result = runner.invoke(glossary_group, ["import", str(tbx), "-o", str(out)], obj={})
    assert result.exit_code == 1 and "nothing written" in str(result.exception)
    assert out.read_text(encoding="utf-8") == edited
    result = runner.invoke(glossary_group, ["import", str(tbx), "-o", str(out), "--force"], obj={})
    assert result.exit_code == 0 and "# a note" not in out.read_text(encoding="utf-8")


def test_check_pair_library_entry_point() -> None:
    problems = check_pair("アリババが発表[1]。", "Alibaba announced it.", "en")
    assert [p.check for p in problems] == ["citation_missing"]
