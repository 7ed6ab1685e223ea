"""The hooks of .pre-commit-hooks.yaml, run by the real pre-commit tool in a git repository.

pre-commit installs a ``language: python`` hook by cloning its repository and
pip-installing it from the network. Offline, the test runs the same hook definitions
(entry, files, pass_filenames: everything but how they are installed) as ``repo: local``
hooks on the installed ``translator`` command, and checks the manifest itself with
``pre-commit validate-manifest``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli_run import BIN, run_cli
from tests.conftest import ROOT

MANIFEST = ROOT / ".pre-commit-hooks.yaml"
ARTICLE = ROOT / "locales/ja/qwen3-release.md"


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    assert found is not None, f"{name} is not installed"
    return found


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A documentation repository: one Japanese article, its project and catalogs."""
    root = tmp_path / "docs-repo"
    (root / "docs").mkdir(parents=True)
    shutil.copy(ARTICLE, root / "docs/article.md")
    (root / ".gitignore").write_text(".translator/\nbuild/\n")
    done = run_cli("init", "--target", "en", "--target", "de", "--sync", cwd=root)
    assert done.returncode == 0, done.stderr
    git(root, "init", "-q", "-b", "main")
    return root


def _env(root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(root.parent / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_tool("git"), *args], cwd=root, env=_env(root), capture_output=True, text=True, timeout=120
    )


def _use_hooks(root: Path, *ids: str) -> None:
    """.pre-commit-config.yaml running the manifest's hooks ``ids`` as local hooks."""
    manifest: list[dict[str, Any]] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    by_id = {hook["id"]: hook for hook in manifest}
    hooks = [{**by_id[i], "language": "unsupported"} for i in ids]
    config = {"repos": [{"repo": "local", "hooks": hooks}]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    installed = subprocess.run(
        [_tool("pre-commit"), "install"],
        cwd=root,
        env=_env(root),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr


def _edit_article(root: Path) -> None:
    path = root / "docs/article.md"
    text = path.read_text(encoding="utf-8")
    assert "アリババは、最新の" in text
    path.write_text(text.replace("アリババは、最新の", "アリババ社は、最新の", 1), encoding="utf-8")


def test_the_manifest_is_valid_for_pre_commit() -> None:
    done = subprocess.run(
        [_tool("pre-commit"), "validate-manifest", str(MANIFEST)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    ids = [h["id"] for h in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))]
    assert ids == ["translator-sync-check", "translator-check", "translator-sync"]


def test_a_source_edit_without_sync_fails_the_commit(repo: Path) -> None:
    _use_hooks(repo, "translator-sync-check", "translator-check")
    git(repo, "add", "-A")
    first = git(repo, "commit", "-q", "-m", "docs and catalogs")
    assert first.returncode == 0, first.stdout + first.stderr

    _edit_article(repo)
    git(repo, "add", "-A")
    refused = git(repo, "commit", "-m", "edit the article, forget the catalogs")
    assert refused.returncode == 1
    report = refused.stdout + refused.stderr
    assert "translator sync --check" in report and "Failed" in report
    assert "would change locales/en/article.po" in report
    assert "would change locales/article.pot" in report
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"

    synced = run_cli("sync", cwd=repo)
    assert synced.returncode == 0, synced.stderr
    git(repo, "add", "-A")
    accepted = git(repo, "commit", "-m", "edit the article and sync")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "2"
    # A commit that touches no document, catalog or project file does not run them.
    (repo / "notes.txt").write_text("unrelated\n")
    git(repo, "add", "notes.txt")
    other = git(repo, "commit", "-m", "notes")
    assert other.returncode == 0 and "(no files to check)Skipped" in other.stdout + other.stderr


def test_the_sync_hook_updates_the_catalogs_for_the_next_try(repo: Path) -> None:
    _use_hooks(repo, "translator-sync")
    git(repo, "add", "-A")
    assert git(repo, "commit", "-q", "-m", "start").returncode == 0
    _edit_article(repo)
    git(repo, "add", "-A")
    stopped = git(repo, "commit", "-m", "edit")
    assert stopped.returncode == 1
    assert "files were modified by this hook" in stopped.stdout + stopped.stderr
    assert "アリババ社は" in (repo / "locales/article.pot").read_text(encoding="utf-8")
    git(repo, "add", "-A")
    again = git(repo, "commit", "-m", "edit, with the catalogs the hook updated")
    assert again.returncode == 0, again.stdout + again.stderr
    assert run_cli("sync", "--check", cwd=repo).returncode == 0
