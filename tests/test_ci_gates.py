"""CI gates through the real command: ``sync --check`` and ``status --fail-under``."""

from __future__ import annotations

import re
from pathlib import Path

from tests.cli_run import run_cli, snapshot
from translator.catalog.pofile import read_catalog

SOURCE = "locales/ja/qwen3-release.md"
CONCLUSION = (
    "Qwen 3のリリースは、AI技術の競争がさらに激化する中で重要な一歩となります。"
    "アリババは、Qwen 3を通じてAI市場での地位を強化し、将来的なAI技術の発展に貢献することが"
    "期待されています。\n"
)


def _edit_source(project: Path) -> None:
    """A sentence edited, one removed, one added: what a writer does between two syncs."""
    path = project / SOURCE
    text = path.read_text(encoding="utf-8")
    assert "アリババは、最新の" in text and CONCLUSION in text
    text = text.replace("アリババは、最新の", "アリババ社は、最新の", 1)
    text = text.replace(CONCLUSION, "この記事は新しい段落で終わります。\n")
    path.write_text(text, encoding="utf-8")


def _pending(stdout: str) -> dict[str, str]:
    found = dict(re.findall(r"^would change (\S+): (.+)$", stdout, re.MULTILINE))
    return found


def _sync_counts(stdout: str) -> dict[str, tuple[int, int, int]]:
    """The new/fuzzy/obsolete counts 'translator sync' printed for each catalog it changed."""
    rows = re.findall(
        r"^(\S+\.po): \d+ entries, (\d+) new, (\d+) fuzzy, (\d+) obsolete", stdout, re.MULTILINE
    )
    return {path: (int(n), int(f), int(o)) for path, n, f, o in rows}


def test_sync_check_passes_on_a_synced_project_and_writes_nothing(project: Path) -> None:
    before = snapshot(project)
    done = run_cli("sync", "--check", cwd=project)
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"\d+ templates and catalogs up to date\n", done.stdout)
    assert snapshot(project) == before  # not even the project lock's folder
    assert not (project / ".translator").exists()


def test_sync_check_fails_after_a_source_edit_and_passes_after_sync(project: Path) -> None:
    _edit_source(project)
    before = snapshot(project)
    check = run_cli("sync", "--check", cwd=project)
    assert check.returncode == 1, check.stdout + check.stderr
    assert snapshot(project) == before
    pending = _pending(check.stdout)
    # The template and each locale's catalog of the edited document; the other document
    # is untouched.
    assert set(pending) == {
        "locales/qwen3-release.pot",
        "locales/en/qwen3-release.po",
        "locales/zh_Hans/qwen3-release.po",
        "locales/de/qwen3-release.po",
    }
    assert pending["locales/qwen3-release.pot"] == "2 new, 3 removed entries"
    assert "4 files out of date: run 'translator sync'" in check.stderr

    sync = run_cli("sync", cwd=project)
    assert sync.returncode == 0, sync.stderr
    # The counts --check announced are the ones sync then reports.
    announced = {
        path: tuple(int(n) for n in re.findall(r"(\d+) (?:new|fuzzy|obsolete)", detail))
        for path, detail in pending.items()
        if path.endswith(".po")
    }
    reported = _sync_counts(sync.stdout)  # sync reports every catalog
    assert announced == {p: c for p, c in reported.items() if p in announced}
    assert all(c == (0, 0, 0) for p, c in reported.items() if p not in announced)
    en = announced["locales/en/qwen3-release.po"]
    assert en[1] >= 1 and en[2] >= 1  # the edited sentence fuzzy, the removed ones obsolete

    again = run_cli("sync", "--check", cwd=project)
    assert again.returncode == 0, again.stdout + again.stderr


def test_sync_check_names_a_catalog_sync_would_create(project: Path) -> None:
    config = project / "translator.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "target_locales: [en, zh_Hans, de]", "target_locales: [en, zh_Hans, de, fr]"
        ),
        encoding="utf-8",
    )
    check = run_cli("sync", "--check", cwd=project)
    assert check.returncode == 1
    pending = _pending(check.stdout)
    assert set(pending) == {"locales/fr/qwen3-followup.po", "locales/fr/qwen3-release.po"}
    assert pending["locales/fr/qwen3-release.po"] == "new catalog, 20 new, 0 fuzzy, 0 obsolete"
    assert not (project / "locales/fr").exists()


def test_sync_check_sees_a_change_only_the_catalogs_lack(project: Path) -> None:
    """A catalog edited out of step with its template (an entry deleted by hand)."""
    path = project / "locales/de/qwen3-release.po"
    po = read_catalog(path)
    victim = next(e for e in po if e.msgid)
    po.remove(victim)
    po.save(str(path))
    check = run_cli("sync", "--check", "--locale", "de", cwd=project)
    assert check.returncode == 1
    assert list(_pending(check.stdout)) == ["locales/de/qwen3-release.po"]
    assert _pending(check.stdout)["locales/de/qwen3-release.po"].startswith("1 new,")


def test_status_fail_under(project: Path) -> None:
    # qwen3-release: en 100 %, zh_Hans 40 %, de 0 %; qwen3-followup: 0 % everywhere.
    ok = run_cli("status", "--fail-under", "0", cwd=project)
    assert ok.returncode == 0, ok.stderr

    failing = run_cli("status", "--fail-under", "90", cwd=project)
    assert failing.returncode == 1
    below = failing.stderr.strip().splitlines()
    assert "below 90%: qwen3-release [zh_Hans] is 40.0% translated" in below
    assert "below 90%: qwen3-release [de] is 0.0% translated" in below
    assert not any("qwen3-release [en]" in line for line in below)
    assert len(below) == 5  # the three follow-up catalogs too

    # One locale: the release article passes in English, the follow-up does not.
    en = run_cli("status", "--fail-under", "90", "--locale", "en", cwd=project)
    assert en.returncode == 1
    assert en.stderr.strip() == "below 90%: qwen3-followup [en] is 0.0% translated"
    assert [line.split()[:2] for line in en.stdout.splitlines()[1:]] == [
        ["qwen3-followup", "en"],
        ["qwen3-release", "en"],
    ]

    (project / "locales/ja/qwen3-followup.md").unlink()
    assert run_cli("status", "--fail-under", "100", "-l", "en", cwd=project).returncode == 0
    assert run_cli("status", "--fail-under", "40", "-l", "zh_Hans", cwd=project).returncode == 0
    assert run_cli("status", "--fail-under", "40.1", "-l", "zh_Hans", cwd=project).returncode == 1


def test_status_fail_under_counts_a_missing_catalog_as_zero(project: Path) -> None:
    (project / "locales/en/qwen3-release.po").unlink()
    done = run_cli("status", "--fail-under", "1", "-l", "en", "--format", "json", cwd=project)
    assert done.returncode == 1
    assert "qwen3-release [en] is 0.0% translated" in done.stderr


def test_status_fail_under_on_explicit_catalogs(project: Path) -> None:
    en = project / "locales/en/qwen3-release.po"
    de = project / "locales/de/qwen3-release.po"
    assert run_cli("status", str(en), "--fail-under", "100", cwd=project).returncode == 0
    both = run_cli("status", str(en), str(de), "--fail-under", "100", cwd=project)
    assert both.returncode == 1
    assert both.stderr.strip() == f"below 100%: {de} [de] is 0.0% translated"
    only_en = run_cli("status", str(en), str(de), "-l", "en", "--fail-under", "100", cwd=project)
    assert only_en.returncode == 0


def test_gate_usage_errors_exit_2(project: Path) -> None:
    done = run_cli("status", "--fail-under", "120", cwd=project)
    assert done.returncode == 2
    assert "120" in done.stderr
