"""translator init through the real command: each layout, then sync, render and status."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from tests.cli_run import run_cli, snapshot, translator_exe
from tests.conftest import ROOT
from translator.catalog.pofile import read_catalog, save_catalog

RELEASE = ROOT / "locales/ja/qwen3-release.md"
FOLLOWUP = ROOT / "locales/ja/qwen3-followup.md"
FIRST_SENTENCE = "アリババは、最新のAI技術を活用した大規模言語モデル「Qwen 3」を4月末にリリースする予定です。"


def _site(root: Path, layout: str) -> None:
    """A small site of ``layout`` as its tool lays it out: two documents, one nested."""
    if layout == "mkdocs":
        (root / "mkdocs.yml").write_text("site_name: demo\nplugins:\n  - i18n\n")
        docs = root / "docs"
    elif layout == "docusaurus":
        (root / "docusaurus.config.js").write_text("export default {i18n: {defaultLocale: 'ja'}};\n")
        docs = root / "docs"
    elif layout == "hugo":
        (root / "hugo.toml").write_text("defaultContentLanguage = 'ja'\n")
        docs = root / "content/ja"
    else:
        docs = root / "articles"
    (docs / "news").mkdir(parents=True)
    shutil.copy(RELEASE, docs / "release.md")
    shutil.copy(FOLLOWUP, docs / "news/followup.md")
    (root / "README.md").write_text("# A repository read-me, not a document\n")


# layout -> (template, English catalog, English rendering) of docs/release.md's document
WHERE = {
    "simple": (
        "locales/release.pot",
        "locales/en/release.po",
        "build/en/release.md",
    ),
    "gettext": (
        "locales/release.pot",
        "locales/en/LC_MESSAGES/release.po",
        "build/en/release.md",
    ),
    "mkdocs": ("locales/release.pot", "locales/en/release.po", "docs/release.en.md"),
    "docusaurus": (
        "locales/release.pot",
        "locales/en/release.po",
        "i18n/en/docusaurus-plugin-content-docs/current/release.md",
    ),
    "hugo": ("locales/release.pot", "locales/en/release.po", "content/en/release.md"),
}
NESTED = {
    "simple": "build/zh_Hans/followup.md",
    "gettext": "build/zh_Hans/followup.md",
    "mkdocs": "docs/news/followup.zh_Hans.md",
    "docusaurus": "i18n/zh-Hans/docusaurus-plugin-content-docs/current/news/followup.md",
    "hugo": "content/zh_Hans/news/followup.md",
}


@pytest.mark.parametrize("layout", list(WHERE))
def test_init_each_layout_then_sync_render_status(tmp_path: Path, layout: str) -> None:
    _site(tmp_path, layout)
    args = ["init", "--target", "en", "--target", "zh_Hans"]
    if layout in ("simple", "gettext"):
        args += ["--layout", layout]  # the site tools are found; these two are chosen
    init = run_cli(*args, cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    assert f"(layout {layout})" in init.stdout
    config = yaml.safe_load((tmp_path / "translator.yaml").read_text(encoding="utf-8"))
    assert config["source_locale"] == "ja"  # guessed from the kana
    assert config["target_locales"] == ["en", "zh_Hans"]

    sync = run_cli("sync", cwd=tmp_path)
    assert sync.returncode == 0, sync.stderr
    template, catalog, output = WHERE[layout]
    assert (tmp_path / template).is_file()
    assert "README" not in (tmp_path / template).read_text(encoding="utf-8")
    po = read_catalog(tmp_path / catalog)
    assert po.metadata["Language"] == "en"
    entry = po.find(FIRST_SENTENCE)
    assert entry is not None
    entry.msgstr = "Alibaba plans to release Qwen 3 at the end of April."
    save_catalog(po, tmp_path / catalog)

    render = run_cli("render", "--threshold", "0", cwd=tmp_path)
    assert render.returncode == 0, render.stderr
    rendered = (tmp_path / output).read_text(encoding="utf-8")
    assert "Alibaba plans to release Qwen 3 at the end of April." in rendered
    assert FIRST_SENTENCE not in rendered
    assert (tmp_path / NESTED[layout]).is_file()

    status = run_cli("status", "--format", "json", cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    rows = {(r["document"], r["locale"]): r for r in yaml.safe_load(status.stdout)}
    nested = "news/followup"  # the document as found below its folder
    assert set(rows) == {(d, loc) for d in ("release", nested) for loc in ("en", "zh_Hans")}
    assert rows[("release", "en")]["translated"] == 1

    # The rendered files are not sources: a second sync changes nothing.
    before = snapshot(tmp_path)
    check = run_cli("sync", "--check", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert snapshot(tmp_path) == before


def test_init_guesses_from_what_it_finds(tmp_path: Path) -> None:
    _site(tmp_path, "docusaurus")
    (tmp_path / "i18n/fr/docusaurus-plugin-content-docs/current").mkdir(parents=True)
    (tmp_path / "i18n/pt-BR").mkdir(parents=True)
    (tmp_path / "terminology").mkdir()
    (tmp_path / "terminology/team.tbx").write_text("<tbx/>\n")
    done = run_cli("init", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    config = yaml.safe_load((tmp_path / "translator.yaml").read_text(encoding="utf-8"))
    assert config["target_locales"] == ["fr", "pt_BR"]
    assert config["documents"] == ["docs/**/*.md"]
    # Docusaurus names locale folders by BCP 47 tag (i18n/pt-BR), translator.yaml by code.
    assert config["output"] == "i18n/{locale_tag}/docusaurus-plugin-content-docs/current/{path}.md"
    assert config["glossary"] == ["terminology/*.tbx"]
    assert "layout: from docusaurus.config.js" in done.stdout


def test_init_finds_existing_catalogs_in_po(tmp_path: Path) -> None:
    shutil.copy(RELEASE, tmp_path / "release.md")
    (tmp_path / "po/de").mkdir(parents=True)
    (tmp_path / "po/de/release.po").write_text('msgid ""\nmsgstr ""\n')
    done = run_cli("init", "--sync", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    config = yaml.safe_load((tmp_path / "translator.yaml").read_text(encoding="utf-8"))
    assert config["target_locales"] == ["de"]
    assert config["documents"] == ["*.md"]
    assert config["catalogs"] == "po/{locale}/{name}.po"
    assert (tmp_path / "po/release.pot").is_file()


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    shutil.copy(RELEASE, tmp_path / "release.md")
    mine = "# mine\nsource_locale: ja\ntarget_locales: [de]\ndocuments: ['*.md']\n"
    (tmp_path / "translator.yaml").write_text(mine)
    done = run_cli("init", "--target", "en", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"translator: error: {tmp_path / 'translator.yaml'}: exists; nothing written "
        "(--force replaces it)"
    )
    assert (tmp_path / "translator.yaml").read_text() == mine
    forced = run_cli("init", "--target", "en", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert "target_locales: [en]" in (tmp_path / "translator.yaml").read_text()


def test_init_usage_errors_exit_2(tmp_path: Path) -> None:
    shutil.copy(RELEASE, tmp_path / "release.md")
    no_target = run_cli("init", cwd=tmp_path)
    assert no_target.returncode == 2
    assert "--target" in no_target.stderr
    bad = run_cli("init", "--target", "xx_YY", cwd=tmp_path)
    assert bad.returncode == 2
    assert "xx_YY" in bad.stderr and "Traceback" not in bad.stderr
    same = run_cli("init", "--source", "ja", "--target", "ja", cwd=tmp_path)
    assert same.returncode == 1 and "source locale" in same.stderr
    assert not (tmp_path / "translator.yaml").exists()


def test_init_asks_on_a_terminal(tmp_path: Path) -> None:
    """On a terminal, each setting is asked with the guess offered (Enter takes it)."""
    _site(tmp_path, "hugo")
    answers = ["", "", "en de", ""]  # layout hugo, source ja, targets typed, documents
    output = _run_on_terminal(["init"], tmp_path, answers)
    assert "Layout [hugo]" in output
    assert "Language of the documents [ja]" in output
    assert "Documents (glob pattern) [content/ja/**/*.md]" in output
    config = yaml.safe_load((tmp_path / "translator.yaml").read_text(encoding="utf-8"))
    assert config["target_locales"] == ["en", "de"]
    assert config["output"] == "content/{locale}/{path}.md"
    assert config["documents"] == ["content/ja/**/*.md"]


def _run_on_terminal(args: list[str], cwd: Path, answers: list[str]) -> str:
    """Run the command with a pseudo-terminal as its stdin/stdout, typing each answer
    once the prompt it answers has appeared."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [translator_exe(), *args], cwd=cwd, stdin=terminal, stdout=terminal, stderr=terminal
    )
    os.close(terminal)
    seen = b""
    deadline = time.monotonic() + 60
    pending = list(answers)
    prompts = 0
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(controller, 4096)
                except OSError:  # the command ended and closed the terminal
                    break
                if not chunk:
                    break
                seen += chunk
            if pending and seen.count(b": ") > prompts and seen.rstrip().endswith(b":"):
                prompts = seen.count(b": ")
                os.write(controller, pending.pop(0).encode() + b"\r")
            if process.poll() is not None and not ready:
                break
        process.wait(timeout=10)
    finally:
        os.close(controller)
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, seen.decode(errors="replace")
    return seen.decode(errors="replace")


def test_documents_that_would_share_a_template_are_named(tmp_path: Path) -> None:
    for folder in ("docs/a", "docs/b"):
        (tmp_path / folder).mkdir(parents=True)
        shutil.copy(RELEASE, tmp_path / folder / "index.md")
    init = run_cli("init", "--layout", "simple", "--target", "en", cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    config = tmp_path / "translator.yaml"
    text = config.read_text(encoding="utf-8")
    # init saw the two index.md and kept them apart by path ...
    assert "templates: locales/{path}.pot" in text and "{name}" not in text.split("project:")[1]
    # ... which a project file by name alone cannot.
    config.write_text(text.replace("{path}.", "{name}."))
    done = run_cli("sync", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"translator: error: {tmp_path / 'translator.yaml'}: two documents share the template "
        "locales/index.pot: docs/a/index.md and docs/b/index.md (use {path} instead of {name} "
        "in templates, catalogs and output)"
    )
    assert not (tmp_path / "locales").exists()
    config.write_text(text)
    done = run_cli("sync", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "locales/a/index.pot").is_file()
    assert (tmp_path / "locales/en/b/index.po").is_file()


def test_init_in_a_folder_without_documents(tmp_path: Path) -> None:
    refused = run_cli("init", "--source", "ja", "--target", "en", "--sync", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"translator: error: {tmp_path / 'translator.yaml'}: documents pattern "
        "'docs/**/*.md' matches no file; nothing written"
    )
    assert list(tmp_path.iterdir()) == []
    written = run_cli("init", "--source", "ja", "--target", "en", cwd=tmp_path)
    assert written.returncode == 0
    assert "warning: documents pattern 'docs/**/*.md' matches no file" in written.stderr
    assert (tmp_path / "translator.yaml").is_file()
