"""The command line: project mode, explicit paths, and one-line errors on bad input."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import FIXTURES, SAMPLE
from translator.cli import main

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def run(*args: str, cwd: Path | None = None) -> Result:
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args), catch_exceptions=False)
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def test_project_pipeline_renders_english_without_japanese(project: Path) -> None:
    for command in ("extract", "update"):
        result = run(command, cwd=project)
        assert result.exit_code == 0, result.output
    result = run("render", cwd=project)
    assert result.exit_code == 0, result.output
    english = (project / "build/en/qwen3-release.md").read_text(encoding="utf-8")
    assert JAPANESE.search(english) is None, JAPANESE.findall(english)
    assert "**Mixture-of-Experts (MoE) architecture**" in english
    assert english.count("\n") == SAMPLE.read_text(encoding="utf-8").count("\n")
    # zh_Hans is partial and de empty: below the 80 % threshold, not rendered, and said so.
    assert not (project / "build/zh_Hans/qwen3-release.md").exists()
    assert "skipped qwen3-release [zh_Hans]: 40.0% translated" in result.output
    status = run("status", "--format", "json", cwd=project)
    rows = {r["locale"]: r for r in json.loads(status.output)}
    assert rows["en"]["percent"] == 100.0
    assert rows["zh_Hans"]["translated"] == 8 and rows["zh_Hans"]["total"] == 20
    assert rows["de"]["untranslated"] == 20


def test_committed_catalogs_are_in_sync_with_the_source(project: Path) -> None:
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")}
    assert run("extract", cwd=project).exit_code == 0
    assert run("update", cwd=project).exit_code == 0
    after = {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")}
    assert after == before


def test_translate_then_update_sync_and_extract_change_nothing(project: Path) -> None:
    # The sample's follow-up article gets drafts from the translation memory; whatever
    # translate wrote, update and sync must write the same bytes for it (they disagreed on
    # long comments: a #. line wrapped by an earlier writer next to a new # draft line).
    for command in ("extract", "update", "translate"):
        result = run(command, cwd=project)
        assert result.exit_code == 0, result.output
    written = {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")}
    assert any(b"#, fuzzy" in data and b"# draft: " in data for data in written.values())
    for command in ("update", "sync", "extract"):
        result = run(command, cwd=project)
        assert result.exit_code == 0, result.output
        assert {p: p.read_bytes() for p in written} == written, command


def test_explicit_paths_from_any_folder(tmp_path: Path) -> None:
    pot, po, out = tmp_path / "out.pot", tmp_path / "cat.po", tmp_path / "out.md"
    source = str(FIXTURES / "table.md")
    assert run("extract", source, "-o", str(pot), cwd=tmp_path).exit_code == 0
    result = run("update", str(po), "--template", str(pot), "--locale", "de", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "Language: de" in po.read_text(encoding="utf-8")
    result = run(
        "render",
        source,
        "--catalog",
        str(po),
        "--locale",
        "de",
        "--threshold",
        "0",
        "-o",
        str(out),
        cwd=tmp_path,
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (FIXTURES / "table.md").read_bytes()
    pseudo = tmp_path / "pseudo.po"
    assert run("pseudo", str(pot), "-o", str(pseudo), cwd=tmp_path).exit_code == 0
    result = run("render", source, "--catalog", str(pseudo), cwd=tmp_path)
    assert result.exit_code == 0 and "⟦" in result.output
    status = run("status", str(po), str(pseudo))
    assert re.search(r"pseudo\.po\s+en\s+16\s+16\s+0\s+0\s+100\.0%", status.output)


def test_render_below_threshold_exits_non_zero(tmp_path: Path) -> None:
    pot = tmp_path / "t.pot"
    run("extract", str(FIXTURES / "code.md"), "-o", str(pot))
    result = run("render", str(FIXTURES / "code.md"), "--catalog", str(pot), "--locale", "en")
    assert result.exit_code == 1
    assert "below the 80% threshold" in result.output


def _error_line(result: Result) -> str:
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


def test_bad_input_gives_one_line_and_exit_1(tmp_path: Path) -> None:
    missing = run("extract", str(tmp_path / "nope.md"), "-o", str(tmp_path / "x.pot"))
    assert missing.exit_code == 1
    assert _error_line(missing) == f"translator: error: {tmp_path / 'nope.md'}: no such file"
    assert not (tmp_path / "x.pot").exists()

    latin1 = tmp_path / "latin1.md"
    latin1.write_bytes("# titre\n\nCaf\u00e9 cr\u00e8me.\n".encode("latin-1"))
    bad = run("extract", str(latin1), "-o", str(tmp_path / "y.pot"))
    assert bad.exit_code == 1
    assert _error_line(bad).startswith(f"translator: error: {latin1}:3: not valid UTF-8")

    po = tmp_path / "broken.po"
    po.write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    broken = run("status", str(po))
    assert broken.exit_code == 1
    assert _error_line(broken).startswith(f"translator: error: {po}:2: malformed PO file")

    pot = tmp_path / "t.pot"
    run("extract", str(FIXTURES / "code.md"), "-o", str(pot))
    unknown = run("update", str(tmp_path / "x.po"), "--template", str(pot), "--locale", "xx_QQ")
    assert unknown.exit_code == 1
    assert "unknown locale 'xx_QQ'" in _error_line(unknown)
    assert not (tmp_path / "x.po").exists()


def test_unknown_config_key_names_file_and_line(project: Path) -> None:
    config = project / "translator.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "render_treshold: 50\n", encoding="utf-8"
    )
    result = run("status", cwd=project)
    assert result.exit_code == 1
    line = _error_line(result)
    count = config.read_text(encoding="utf-8").count("\n")
    assert line.startswith(
        f"translator: error: {config.name}:{count}: unknown setting 'render_treshold'"
    ) or (f"translator.yaml:{count}: unknown setting 'render_treshold'" in line)


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("extract", str(FIXTURES / "code.md")).exit_code == 2  # no -o
    assert run("render", "--threshold", "150").exit_code == 2
    assert run("no-such-command").exit_code == 2


def test_no_project_file_is_explained(tmp_path: Path) -> None:
    result = run("status", cwd=tmp_path)
    assert result.exit_code == 1
    assert "no translator.yaml" in _error_line(result)


def test_installed_command_runs_as_a_subprocess(tmp_path: Path) -> None:
    exe = shutil.which("translator", path=str(Path(sys.executable).parent))
    assert exe is not None, "the console script is not installed"
    pot = tmp_path / "s.pot"
    done = subprocess.run(
        [exe, "extract", str(SAMPLE), "-o", str(pot)], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "20 entries" in done.stdout
    module = subprocess.run(
        [sys.executable, "-m", "translator", "status", str(pot)], capture_output=True, text=True
    )
    assert module.returncode == 0 and "20" in module.stdout
    failing = subprocess.run(
        [exe, "status", str(tmp_path / "missing.po")], capture_output=True, text=True
    )
    assert failing.returncode == 1
    assert failing.stderr.strip() == f"translator: error: {tmp_path / 'missing.po'}: no such file"


@pytest.mark.parametrize("command", ["extract", "update", "render", "status", "pseudo"])
def test_help_explains_both_modes(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Without arguments" in result.output and "translator.yaml" in result.output


def test_pseudo_leaves_a_pseudo_render_a_person_edited_and_says_so(project: Path) -> None:
    assert run("extract", cwd=project).exit_code == 0
    assert run("pseudo", cwd=project).exit_code == 0
    rendered = project / "build" / "pseudo" / "qwen3-release.md"
    rendered.write_text(rendered.read_text(encoding="utf-8") + "\nA note.\n", encoding="utf-8")
    edited = rendered.read_bytes()
    result = run("pseudo", cwd=project)
    assert result.exit_code == 1
    assert "qwen3-release.md: edited since it was rendered; left as it is" in result.output
    assert rendered.read_bytes() == edited
