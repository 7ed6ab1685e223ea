"""Real processes at once: a person saving while translate runs, two runs of one command,
the project lock, kill -9 at random points, two writers of one SQLite file.

After each: every human edit present, every completed draft present, no half-written
file, and a re-run that finishes the job.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import polib
import pytest
import yaml

from tests.mt_servers import FakeMT
from tests.test_person_edits import person_saves, untranslated
from tests.test_translate import DE, entries
from translator.catalog.pofile import read_catalog

KEY = "k3y-for-tests:fx"


def translator(project: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    environment = {**os.environ, "DEEPL_AUTH_KEY": KEY, **env}
    return subprocess.Popen(
        [sys.executable, "-m", "translator", *args],
        cwd=project,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str], timeout: float = 60) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def wait_until(condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def drafted(path: Path) -> dict[str, str]:
    return {m: e.msgstr for m, e in entries(path).items() if "fuzzy" in e.flags and e.msgstr}


def configure_deepl(project: Path, server: FakeMT, **settings: object) -> None:
    path = project / "translator.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["machine_translation"] = {
        "engine": "deepl",
        "parallel": 1,
        "save_interval": 0,
        "retry_delay": 0.001,
        "deepl": {"url": server.url, "batch_size": 2},
        **settings,
    }
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def release(project: Path) -> Path:
    """The sample project with the release article only: 20 German entries to translate."""
    (project / "locales/ja/qwen3-followup.md").unlink()
    return project


@pytest.fixture
def slow_server() -> Iterator[FakeMT]:
    with FakeMT(latency=0.12) as fake:
        yield fake


def test_a_person_translates_while_translate_runs_against_a_slow_server(
    release: Path, slow_server: FakeMT
) -> None:
    configure_deepl(release, slow_server)
    run = translator(release, "translate", "--engine", "deepl", "--locale", "de")
    # Once the run has saved its first drafts, a person translates three entries that are
    # still untranslated and saves, as Poedit does; the run goes on for several requests.
    wait_until(lambda: len(drafted(release / DE)) >= 2)
    human = {m: f"Von Hand übersetzt {i}." for i, m in enumerate(untranslated(release / DE)[-3:])}
    person_saves(release / DE, human)
    code, out, err = finish(run)
    assert code == 0, err
    after = entries(release / DE)
    for msgid, text in human.items():
        assert after[msgid].msgstr == text and "fuzzy" not in after[msgid].flags
    drafts = drafted(release / DE)
    assert len(drafts) == 17 and set(drafts).isdisjoint(human)
    assert all(text.startswith("DE: ") for text in drafts.values())
    assert "3 drafts not written" in out
    # A re-run has nothing left to do.
    code, out, err = finish(translator(release, "translate", "--engine", "deepl", "--locale", "de"))
    assert code == 0 and entries(release / DE) == after


def test_two_translate_runs_at_once(release: Path, slow_server: FakeMT) -> None:
    configure_deepl(release, slow_server)
    human = {untranslated(release / DE)[0]: "Schon übersetzt."}
    person_saves(release / DE, human)
    first = translator(release, "translate", "--engine", "deepl", "--locale", "de")
    second = translator(release, "translate", "--engine", "deepl", "--locale", "de")
    for run in (first, second):
        code, _out, err = finish(run)
        assert code == 0, err
    after = entries(release / DE)
    assert after[next(iter(human))].msgstr == "Schon übersetzt."
    drafts = drafted(release / DE)
    assert len(drafts) == 19 and all(t.startswith("DE: ") for t in drafts.values())
    assert all(e.tcomment.count("draft: ") <= 1 for e in after.values())


def _edit_source(project: Path) -> None:
    source = project / "locales/ja/qwen3-release.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("。", "！", 3) + "\n新しく加えた文です。\n", encoding="utf-8")


def test_two_sync_runs_at_once_give_what_one_gives(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    _edit_source(project)
    alone = tmp_path_factory.mktemp("alone")
    subprocess.run(["cp", "-R", f"{project}/.", str(alone)], check=True)
    code, _out, err = finish(translator(alone, "sync"))
    assert code == 0, err
    runs = [translator(project, "sync") for _ in range(2)]
    for run in runs:
        code, _out, err = finish(run)
        assert code == 0, err
    for path in sorted((alone / "locales").rglob("*.po*")):
        mine = project / path.relative_to(alone)
        assert _undated(read_catalog(mine)) == _undated(read_catalog(path)), mine
        assert _without_dates(mine.read_bytes()) == _without_dates(path.read_bytes()), mine


# The header dates are stamped to the minute: the run alone and the two at once may fall
# on either side of one.
def _without_dates(data: bytes) -> bytes:
    return b"\n".join(line for line in data.split(b"\n") if b"-Date: " not in line)


def _undated(catalog: polib.POFile) -> tuple[dict[str, str], list[str]]:
    header = {k: v for k, v in catalog.metadata.items() if not k.endswith("-Date")}
    return header, [str(entry) for entry in catalog]


# -- the project lock ----------------------------------------------------------------------------

HOLD = """
import sys, time
from pathlib import Path
from translator.locking import ProjectLock
lock = ProjectLock(Path(sys.argv[1]))
lock.acquire()
print("held", flush=True)
time.sleep(float(sys.argv[2]))
lock.release()
"""


def _holder(project: Path, seconds: float) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(project), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "held\n"
    return process


def test_a_second_writer_waits_for_the_lock_and_says_who_holds_it(project: Path) -> None:
    _edit_source(project)
    holder = _holder(project, 1.0)
    code, _out, err = finish(translator(project, "sync", TRANSLATOR_LOCK_TIMEOUT="30"))
    assert code == 0, err
    assert f"waiting for pid {holder.pid}" in err
    assert "新しく加えた文です。" in (project / DE).read_text(encoding="utf-8")
    holder.wait()


def test_a_second_writer_gives_up_after_the_timeout_and_writes_nothing(project: Path) -> None:
    _edit_source(project)
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")}
    holder = _holder(project, 30)
    try:
        code, _out, err = finish(translator(project, "sync", TRANSLATOR_LOCK_TIMEOUT="0.3"))
    finally:
        holder.kill()
        holder.wait()
    assert code == 1
    assert f"pid {holder.pid}" in err and "wrote nothing" in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")} == before


def test_a_lock_left_by_a_killed_process_is_taken_over(project: Path) -> None:
    _edit_source(project)
    holder = _holder(project, 60)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert f"pid {holder.pid}" in (project / ".translator/lock").read_text()
    code, _out, err = finish(translator(project, "sync", TRANSLATOR_LOCK_TIMEOUT="5"))
    assert code == 0, err
    assert f"took over the project lock left by pid {holder.pid}" in err
    assert (project / ".translator/lock").read_text() == ""  # released, nobody named


# -- kill -9 ----------------------------------------------------------------------------------


def _no_temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*.tmp")]


def test_kill_9_during_translate_loses_nothing_and_a_rerun_finishes(
    release: Path, slow_server: FakeMT
) -> None:
    configure_deepl(release, slow_server)
    human = {untranslated(release / DE)[3]: "Von Hand."}
    person_saves(release / DE, human)
    rng = random.Random(12)
    seen: list[int] = []
    for _ in range(3):
        run = translator(release, "translate", "--engine", "deepl", "--locale", "de")
        time.sleep(rng.uniform(0.3, 1.2))
        run.send_signal(signal.SIGKILL)
        run.wait()
        after = entries(release / DE)  # parses: no half-written file
        assert after[next(iter(human))].msgstr == "Von Hand."
        drafts = drafted(release / DE)
        assert len(drafts) >= (seen[-1] if seen else 0)  # what was saved stays saved
        seen.append(len(drafts))
    code, _out, err = finish(
        translator(release, "translate", "--engine", "deepl", "--locale", "de")
    )
    assert code == 0, err
    assert len(drafted(release / DE)) == 19
    assert entries(release / DE)[next(iter(human))].msgstr == "Von Hand."
    assert not _no_temporaries(release / "locales")  # the last writes cleared what kills left
    db = sqlite3.connect(release / ".translator/mt-cache.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _big_catalog(folder: Path, size: int) -> tuple[Path, Path]:
    """A catalog of ``size`` translated entries and a template with 10 % of them edited."""
    rng = random.Random(5)
    words = ["モデル", "性能", "パラメータ", "推論", "学習", "評価", "公開", "計算", "言語"]
    po = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Language: en\\n"',
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
        "",
    ]
    pot = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for i in range(size):
        text = "".join(rng.choice(words) for _ in range(6)) + f"の{i}番目の文です。"
        po += [f"#: doc.md:{i + 1}", f'msgid "{text}"', f'msgstr "Sentence {i}."', ""]
        if rng.random() < 0.1:
            text = text.replace("の", "と", 1)
        pot += [f"#: doc.md:{i + 1}", f'msgid "{text}"', 'msgstr ""', ""]
    catalog, template = folder / "big.po", folder / "big.pot"
    catalog.write_text("\n".join(po), encoding="utf-8")
    template.write_text("\n".join(pot), encoding="utf-8")
    return catalog, template


def test_kill_9_during_update_leaves_the_old_or_the_new_catalog(tmp_path: Path) -> None:
    catalog, template = _big_catalog(tmp_path, 6000)
    old = catalog.read_bytes()
    expected = tmp_path / "expected.po"
    expected.write_bytes(old)
    command = ["update", str(catalog), "--template", str(template)]
    started = time.monotonic()
    code, _out, err = finish(
        translator(tmp_path, "update", str(expected), "--template", str(template))
    )
    took = time.monotonic() - started
    assert code == 0, err
    new = expected.read_bytes()
    assert new != old
    rng = random.Random(3)
    for _ in range(4):
        catalog.write_bytes(old)
        run = translator(tmp_path, *command)
        time.sleep(rng.uniform(0.05, took))
        run.send_signal(signal.SIGKILL)
        run.wait()
        assert catalog.read_bytes() in (old, new)
    code, _out, err = finish(translator(tmp_path, *command))
    assert code == 0, err
    assert catalog.read_bytes() == new
    assert not _no_temporaries(tmp_path)


# -- SQLite -------------------------------------------------------------------------------------

FILL = """
import sys
from translator.tm import TranslationMemory, Unit
from translator.translate.cache import ResponseCache
tag, path, cache = sys.argv[1], sys.argv[2], sys.argv[3]
with TranslationMemory(path) as tm:
    for start in range(0, 3000, 100):
        tm.add(Unit("ja", "en", f"{tag} 文 {i}", f"{tag} sentence {i}") for i in range(start, start + 100))
replies = ResponseCache(cache)
for start in range(0, 3000, 100):
    replies.put_many("deepl", ((f"{tag}-{i}", f"reply {i}") for i in range(start, start + 100)))
replies.close()
"""


def test_two_processes_filling_the_memory_and_the_cache_lose_no_row(tmp_path: Path) -> None:
    tm, cache = tmp_path / ".translator/tm.sqlite", tmp_path / ".translator/cache.sqlite"
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", FILL, tag, str(tm), str(cache)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("a", "b")
    ]
    for run in runs:
        _out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    db = sqlite3.connect(tm)
    assert db.execute("SELECT COUNT(*) FROM units").fetchone()[0] == 6000
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db = sqlite3.connect(cache)
    assert db.execute("SELECT COUNT(*) FROM replies").fetchone()[0] == 6000


OPEN = """
import sys
from translator.tm import TranslationMemory
TranslationMemory(sys.argv[1]).close()
"""


def test_processes_creating_the_memory_at_the_same_moment_all_open_it(tmp_path: Path) -> None:
    # Switching a new file to WAL fails at once ("database is locked") when another
    # process opens it at that moment: that must wait, as any other write does.
    for attempt in range(8):
        path = tmp_path / f"tm-{attempt}.sqlite"
        runs = [
            subprocess.Popen(
                [sys.executable, "-c", OPEN, str(path)], stderr=subprocess.PIPE, text=True
            )
            for _ in range(2)
        ]
        for run in runs:
            _out, err = run.communicate(timeout=60)
            assert run.returncode == 0, err
