"""Whole-project sync and the fuzzy matcher behind update."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_cli import run
from translator import pipeline
from translator import project as project_steps
from translator.catalog.fuzzy import match_pairs
from translator.catalog.pofile import read_catalog
from translator.cli._project import CatalogStatus
from translator.config import load_config


def test_sync_extracts_and_updates_every_catalog(project: Path) -> None:
    (project / "locales/ja/second.md").write_text(
        "# 二つ目\n\n新しい記事の文です。\n", encoding="utf-8"
    )
    result = run("sync", cwd=project)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "locales/second.pot: 2 entries (written)" in lines
    assert "locales/de/second.po: 2 entries, 2 new, 0 fuzzy, 0 obsolete, 0% translated" in lines
    assert (
        "locales/en/qwen3-release.po: 20 entries, 0 new, 0 fuzzy, 0 obsolete, 100% translated"
        in lines
    )
    assert lines[-1] == "9 catalogs, 141 entries, 20% translated"
    assert read_catalog(project / "locales/zh_Hans/second.po").metadata["Language"] == "zh_Hans"


def test_parallel_updates_match_sequential(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run("extract", cwd=project)
    template = project / "locales/qwen3-release.pot"
    tasks = [
        pipeline.UpdateTask(project / f"out/{loc}.po", template, loc) for loc in ("en", "fr", "ko")
    ]
    sequential = {t.locale: s for t, s in pipeline.run_updates(tasks, jobs=1)}
    texts = {t.locale: t.catalog.read_bytes() for t in tasks}
    for t in tasks:
        t.catalog.unlink()
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_ENTRIES", 0)
    parallel = {t.locale: s for t, s in pipeline.run_updates(tasks, jobs=2)}
    assert parallel == sequential
    assert {t.locale: t.catalog.read_bytes() for t in tasks} == texts


def test_errors_in_worker_processes_keep_file_and_line(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("extract", cwd=project)
    broken = project / "locales/de/qwen3-release.po"
    broken.write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_ENTRIES", 0)
    result = run("update", "--locale", "de", "--locale", "en", cwd=project)
    assert result.exit_code == 1
    assert "locales/de/qwen3-release.po:2: malformed PO file" in result.output


def test_explicit_catalogs_merge_in_parallel_once_each(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("extract", cwd=project)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_ENTRIES", 0)
    calls: list[tuple[int, int | None]] = []  # (tasks, jobs) that reach the worker pool
    real_run_updates = pipeline.run_updates

    def spy(
        tasks: list[pipeline.UpdateTask], jobs: int | None = None
    ) -> Iterator[tuple[pipeline.UpdateTask, pipeline.UpdateOutcome]]:
        calls.append((len(tasks), jobs))
        return real_run_updates(tasks, jobs)

    monkeypatch.setattr(pipeline, "run_updates", spy)
    template = "locales/qwen3-release.pot"
    # Named twice: merged once (two workers on one file would race).
    args = ("out/de.po", "out/fr/doc.po", "out/de.po", "-t", template, "-j", "2")
    result = run("update", *args, cwd=project)
    assert result.exit_code == 0, result.output
    assert sorted(result.output.splitlines()) == [
        "out/de.po: 20 entries, 20 new, 0 fuzzy, 0 obsolete, 0% translated",
        "out/fr/doc.po: 20 entries, 20 new, 0 fuzzy, 0 obsolete, 0% translated",
    ]
    assert calls == [(2, 2)]  # -j reaches the pool; the catalog named twice is one task
    # New catalogs are named after their locale, in the workers too.
    assert read_catalog(project / "out/de.po").metadata["Language"] == "de"
    assert read_catalog(project / "out/fr/doc.po").metadata["Language"] == "fr"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _screen(written: str) -> str:
    """What a terminal shows of ``written`` on its current line (``\r`` returns the cursor)."""
    line = ""
    for part in written.split("\r"):
        line = part + line[len(part) :]
    return line.rstrip()


def test_a_terminal_sees_how_many_catalogs_are_done(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("extract", cwd=project)
    config = load_config(project / "translator.yaml")
    terminal = _Terminal()
    with CatalogStatus("updating", terminal) as status:
        project_steps.update_all(config, status.report, progress=status.progress)
    shown = terminal.getvalue()
    assert shown.startswith("updating 0/6 catalogs…")  # 2 documents x 3 locales
    assert _screen(shown) == ""  # cleared when done: only the report lines remain
    assert len(capsys.readouterr().out.splitlines()) == 6
    # Off a terminal, nothing but the report lines.
    piped = io.StringIO()
    with CatalogStatus("updating", piped) as status:
        project_steps.update_all(config, status.report, progress=status.progress)
    assert piped.getvalue() == ""


_WORDS = [
    "model",
    "training",
    "data",
    "release",
    "market",
    "cost",
    "device",
    "parameter",
    "expert",
    "network",
    "competition",
    "investment",
    "company",
    "report",
    "technology",
    "language",
    "mobile",
]


def test_one_word_edits_find_their_own_old_sentence() -> None:
    rng = random.Random(7)
    old = [
        " ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 16))) + f" #{i}."
        for i in range(600)
    ]
    edited_ids = rng.sample(range(len(old)), 60)
    new = []
    for i in edited_ids:
        words = old[i].split()
        k = rng.randrange(len(words) - 1)
        words[k] = rng.choice([w for w in _WORDS if w != words[k]])
        new.append(" ".join(words))
    pairs = match_pairs(new, old, 60)
    found = {qi: ci for qi, ci, _ in pairs}
    right = sum(1 for qi, i in enumerate(edited_ids) if found.get(qi) == i)
    assert right >= 58


def test_japanese_edits_match_on_characters() -> None:
    old = [
        "アリババは新しいモデルを四月末に発表する予定です。",
        "このモデルはモバイルデバイス上で動作します。",
        "競争はさらに激しくなると予想されています。",
    ]
    new = [
        "このモデルはスマートフォン上で動作します。",
        "アリババは新しいモデルを五月末に発表する予定です。",
        "まったく関係のない新しい文章がここにあります。",
    ]
    assert sorted((q, c) for q, c, _ in match_pairs(new, old, 60)) == [(0, 1), (1, 0)]


def test_glossary_terms_become_comments_per_locale(project: Path) -> None:
    assert run("sync", cwd=project).exit_code == 0
    pot = read_catalog(project / "locales/qwen3-release.pot")
    heading = pot.find("アリババが最新AIモデル「Qwen 3」を4月末にリリースへ")
    assert heading is not None
    assert heading.comment.split("\n") == ["heading 1", "glossary: アリババ; AIモデル; Qwen 3"]
    for locale, alibaba in (("en", "Alibaba"), ("zh_Hans", "阿里巴巴")):
        po = read_catalog(project / f"locales/{locale}/qwen3-release.po")
        entry = po.find(heading.msgid)
        assert entry is not None
        assert f"glossary: アリババ → {alibaba};" in entry.comment
    moe = pot.find(
        "特に、**Mixture-of-Experts (MoM)アーキテクチャ**を採用しており、コスト効率の良いトレーニングが可能です[5]。"
    )
    assert moe is not None and "Mixture-of-Experts" in moe.comment
