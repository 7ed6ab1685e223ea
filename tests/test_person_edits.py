"""A person's edit always wins: writes check that a file is still the one that was read.

In-process and deterministic: the person's save happens at a known point (during a merge,
during an MT request). ``test_concurrency.py`` does the same with real processes.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import polib
import pytest

from tests.mt_servers import FakeMT
from tests.test_cli import run
from tests.test_translate import DE, configure, entries, fast
from translator import pipeline
from translator._io import ABSENT, FileChanged, write_bytes_atomic
from translator.catalog.pofile import disk_stamp, read_catalog, save_catalog
from translator.config import load_config
from translator.translate.runner import TranslateOptions, translate_project


def person_saves(path: Path, edits: dict[str, str]) -> None:
    """Translate entries as an editor would: its own PO library, its own formatting, the
    whole file written to a temporary and renamed over the catalog (as Poedit saves)."""
    po = polib.pofile(str(path), wrapwidth=79)
    for msgid, text in edits.items():
        entry = po.find(msgid)
        assert entry is not None, msgid
        entry.msgstr = text
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.tcomment = ""
    po.save(str(path) + ".poedit")
    os.replace(str(path) + ".poedit", path)


@pytest.fixture
def release(project: Path) -> Path:
    """The sample project with the release article only: 20 German entries to translate."""
    (project / "locales/ja/qwen3-followup.md").unlink()
    return project


def untranslated(path: Path) -> list[str]:
    return [k for k, e in entries(path).items() if not e.msgstr]


# -- the guarded write ---------------------------------------------------------------------------


def test_a_write_never_replaces_a_file_changed_after_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_text('msgid "a"\nmsgstr ""\n', encoding="utf-8")
    po = read_catalog(path)
    po[0].msgstr = "draft"
    person = 'msgid "a"\nmsgstr "a person\'s"\n'
    path.write_text(person, encoding="utf-8")
    with pytest.raises(FileChanged, match="changed on disk"):
        save_catalog(po, path, expect=disk_stamp(po, path))
    assert path.read_text(encoding="utf-8") == person
    assert [p.name for p in tmp_path.iterdir()] == ["a.po"]  # no temporary left
    # A touch is no change: the content decides.
    os.utime(path, ns=(1, 1))
    again = read_catalog(path)
    os.utime(path, ns=(2, 2))
    again[0].msgstr = "changed"
    assert save_catalog(again, path, expect=disk_stamp(again, path))


def test_a_file_created_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "new.md"
    path.write_text("someone else's\n", encoding="utf-8")
    with pytest.raises(FileChanged):
        write_bytes_atomic(path, b"ours\n", expect=ABSENT)
    assert path.read_text(encoding="utf-8") == "someone else's\n"


def test_temporaries_of_killed_processes_are_removed_by_the_next_write(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    orphan = tmp_path / f".a.po.{dead.stdout.strip()}.x1y2.tmp"
    orphan.write_bytes(b"half a catal")
    mine = tmp_path / f".a.po.{os.getpid()}.z9.tmp"  # a write of this process, under way
    mine.write_bytes(b"")
    other = tmp_path / f".b.po.{dead.stdout.strip()}.x1y2.tmp"  # another file's: not ours
    other.write_bytes(b"")
    write_bytes_atomic(tmp_path / "a.po", b'msgid ""\nmsgstr ""\n')
    assert not orphan.exists() and mine.exists() and other.exists()


# -- update: a person's save during the merge ------------------------------------------------


def _edited_template(project: Path) -> tuple[Path, str]:
    """The release article's template with one sentence edited (the merge has work to
    do): its path and the edited msgid."""
    run("extract", cwd=project)
    template = project / "locales/qwen3-release.pot"
    pot = read_catalog(template)
    entry = next(e for e in pot if e.msgid.endswith("。"))
    entry.msgid = entry.msgid[:-1] + "！"
    pot.save(str(template))
    return template, entry.msgid


def test_update_starts_again_from_a_catalog_saved_during_the_merge(project: Path) -> None:
    template, edited = _edited_template(project)
    catalog = project / DE
    human = {untranslated(catalog)[-1]: "Von Hand übersetzt."}
    calls: list[int] = []

    def person_saves_once(merged: polib.POFile, locale: str) -> None:
        calls.append(1)
        if len(calls) == 1:
            person_saves(catalog, human)

    stats, written = pipeline.update(catalog, template, annotate=person_saves_once)
    assert written and len(calls) == 2
    after = entries(catalog)
    ((msgid, text),) = human.items()
    assert after[msgid].msgstr == text and "fuzzy" not in after[msgid].flags
    assert edited in after  # and the update is done
    assert stats.total == len(after)


def test_update_leaves_a_catalog_that_keeps_changing_and_says_so(project: Path) -> None:
    template, edited = _edited_template(project)
    catalog = project / DE
    todo = untranslated(catalog)

    def person_keeps_saving(merged: polib.POFile, locale: str) -> None:
        person_saves(catalog, {todo.pop(): "Noch eine Übersetzung."})

    with pytest.raises(FileChanged, match="left as it is, nothing lost"):
        pipeline.update(catalog, template, annotate=person_keeps_saving)
    # The person's last save, as they saved it: all three translations, no merge.
    after = entries(catalog)
    assert sum(1 for e in after.values() if e.msgstr == "Noch eine Übersetzung.") == 3
    assert edited not in after


def test_project_update_goes_on_with_the_other_catalogs_and_exits_1(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("extract", cwd=project)
    (project / "locales/ja/qwen3-release.md").write_text(
        (project / "locales/ja/qwen3-release.md").read_text(encoding="utf-8")
        + "\n追加の文です。\n",
        encoding="utf-8",
    )
    run("extract", cwd=project)
    real_update = pipeline.update

    def zh_changes_every_time(catalog: Path, *args: object, **kwargs: object) -> object:
        if str(catalog).endswith("zh_Hans/qwen3-release.po"):
            raise FileChanged(
                "changed on disk 3 times while being updated; left as it is, "
                "nothing lost: run the update again",
                str(catalog),
            )
        return real_update(catalog, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "update", zh_changes_every_time)
    zh_before = (project / "locales/zh_Hans/qwen3-release.po").read_bytes()
    result = run("update", cwd=project)
    assert result.exit_code == 1
    assert "locales/zh_Hans/qwen3-release.po: changed on disk" in result.output
    assert "1 catalog was saved by someone else while being updated" in result.output
    assert "追加の文です。" in (project / "locales/en/qwen3-release.po").read_text(encoding="utf-8")
    assert (project / "locales/zh_Hans/qwen3-release.po").read_bytes() == zh_before


# -- translate: a person's save while requests are under way --------------------------------


class _PersonSavesDuringRequest(httpx.AsyncBaseTransport):
    """Real HTTP to the loopback server; during the given request a person translates
    entries of the catalog and saves it."""

    def __init__(self, when: int, catalog: Path, count: int) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.when = when
        self.catalog = catalog
        self.count = count
        self.calls = 0
        self.saved: dict[str, str] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v2/translate":
            self.calls += 1
            if self.calls == self.when:
                todo = untranslated(self.catalog)[-self.count :]
                self.saved = {m: f"Von Hand {i}." for i, m in enumerate(todo)}
                person_saves(self.catalog, self.saved)
        return await self.inner.handle_async_request(request)


@pytest.mark.parametrize("save_interval", [0, 3600])
def test_translate_keeps_what_a_person_saved_during_the_run(
    release: Path, save_interval: float
) -> None:
    project = release
    # save_interval 0: drafts were already saved before the person's save; 3600: none was
    # saved before the end of the run. Either way the person's three translations stay,
    # and every other entry gets its draft.
    with FakeMT() as server:
        configure(
            project,
            **fast(
                parallel=1, save_interval=save_interval, deepl={"url": server.url, "batch_size": 4}
            ),
        )
        lines: list[str] = []
        transport = _PersonSavesDuringRequest(3, project / DE, 3)
        summary = translate_project(
            load_config(project / "translator.yaml"),
            TranslateOptions(engine="deepl", locales=("de",)),
            report=lines.append,
            transport=transport,
            environ={"DEEPL_AUTH_KEY": "k:fx"},
        )
    after = entries(project / DE)
    assert len(transport.saved) == 3
    for msgid, text in transport.saved.items():
        assert after[msgid].msgstr == text and "fuzzy" not in after[msgid].flags
        assert "draft:" not in after[msgid].tcomment
    others = [e for m, e in after.items() if m not in transport.saved]
    assert len(others) == 17
    assert all(e.msgstr.startswith("DE: ") and "fuzzy" in e.flags for e in others)
    assert summary.locales[0].from_mt == 20
    assert f"{DE.as_posix()}: 3 drafts not written: the entries were translated" in "\n".join(lines)


def test_a_draft_a_person_approved_is_left_as_approved(release: Path) -> None:
    project = release

    # The run saved a draft, the person approved it (removed "fuzzy") and saved; the run's
    # next save, re-applying its drafts to the person's file, must not flag it again.
    class _ApproveFirstDraft(httpx.AsyncBaseTransport):
        def __init__(self) -> None:
            self.inner = httpx.AsyncHTTPTransport()
            self.calls = 0
            self.approved = ""

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path == "/v2/translate":
                self.calls += 1
                if self.calls == 3:
                    drafted = [m for m, e in entries(project / DE).items() if "fuzzy" in e.flags]
                    self.approved = drafted[0]
                    person_saves(
                        project / DE, {drafted[0]: entries(project / DE)[drafted[0]].msgstr}
                    )
            return await self.inner.handle_async_request(request)

    with FakeMT() as server:
        configure(project, **fast(parallel=1, deepl={"url": server.url, "batch_size": 4}))
        transport = _ApproveFirstDraft()
        translate_project(
            load_config(project / "translator.yaml"),
            TranslateOptions(engine="deepl", locales=("de",)),
            report=lambda _: None,
            transport=transport,
            environ={"DEEPL_AUTH_KEY": "k:fx"},
        )
    approved = entries(project / DE)[transport.approved]
    assert approved.msgstr.startswith("DE: ") and "fuzzy" not in approved.flags


# -- SQLite -----------------------------------------------------------------------------------


def test_translation_memory_and_cache_use_wal_and_wait_for_each_other(tmp_path: Path) -> None:
    from translator.tm import TranslationMemory
    from translator.translate.cache import ResponseCache

    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        assert tm._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert tm._db.execute("PRAGMA busy_timeout").fetchone()[0] >= 10_000
    cache = ResponseCache(tmp_path / "cache.sqlite")
    assert cache._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    cache.close()
    db = sqlite3.connect(tmp_path / "tm.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
