"""translate, tm import and glossary on explicit files, with and without a project."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli_run import run_cli
from tests.conftest import ROOT
from tests.mt_servers import FakeMT
from tests.test_person_edits import _PersonSavesDuringRequest
from tests.test_translate import configure, drafts, entries, fast
from translator.catalog.pofile import read_catalog
from translator.config import load_config
from translator.translate.runner import TranslateOptions, translate_files

RELEASE_DE = ROOT / "locales/de/qwen3-release.po"  # 20 entries, none translated
RELEASE_ZH = ROOT / "locales/zh_Hans/qwen3-release.po"  # 8 of 20 translated
RELEASE_EN = ROOT / "locales/en/qwen3-release.po"  # all 20 translated


@pytest.fixture
def server() -> Iterator[FakeMT]:
    with FakeMT() as fake:
        yield fake


@pytest.fixture
def loose(tmp_path: Path) -> Path:
    """Catalogs in a folder with no translator.yaml anywhere above it."""
    folder = tmp_path / "loose"
    folder.mkdir()
    shutil.copy(RELEASE_DE, folder / "de.po")
    shutil.copy(RELEASE_ZH, folder / "zh.po")
    return folder


def _env(tmp_path: Path) -> dict[str, str]:
    return {"XDG_CACHE_HOME": str(tmp_path / "cache"), "TRANSLATOR_LOCK_TIMEOUT": "5"}


def test_translate_explicit_catalogs_without_a_project(
    loose: Path, tmp_path: Path, server: FakeMT
) -> None:
    args = ["translate", "de.po", "zh.po", "--engine", "libretranslate", "--url", server.url]
    done = run_cli(*args, "--source-locale", "ja", cwd=loose, env=_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "[de] 20/20 drafted (0 from TM, 20 from MT)" in done.stdout
    assert "[zh_Hans] 12/12 drafted" in done.stdout
    de = drafts(loose / "de.po")
    assert len(de) == 20
    assert all(e.msgstr.startswith("DE: ") for e in de.values())
    assert all("draft: engine=libretranslate" in e.tcomment for e in de.values())
    # The approved Chinese translations are left as they were.
    before = entries(RELEASE_ZH)
    after = entries(loose / "zh.po")
    for msgid, entry in before.items():
        if entry.msgstr and "fuzzy" not in entry.flags:
            assert after[msgid].msgstr == entry.msgstr and "fuzzy" not in after[msgid].flags
    sources = {r.body["source"] for r in server.translation_requests()}
    assert sources == {"ja"}
    # No project: nothing is left in the folder but the catalogs; replies are cached in
    # the user's cache folder, so a second run over fresh copies sends nothing.
    assert sorted(p.name for p in loose.iterdir()) == ["de.po", "zh.po"]
    assert (tmp_path / "cache/translator/mt-cache.sqlite").is_file()
    sent = len(server.translation_requests())
    shutil.copy(RELEASE_DE, loose / "de.po")
    again = run_cli(*args[:2], *args[3:], "--source-locale", "ja", cwd=loose, env=_env(tmp_path))
    assert again.returncode == 0, again.stderr
    assert len(server.translation_requests()) == sent
    assert "20 cache hits" in again.stdout and len(drafts(loose / "de.po")) == 20


def test_translate_explicit_catalogs_needs_a_source_locale_without_a_project(
    loose: Path, tmp_path: Path
) -> None:
    done = run_cli("translate", "de.po", cwd=loose, env=_env(tmp_path))
    assert done.returncode == 2
    assert "--source-locale" in done.stderr and "Traceback" not in done.stderr
    assert read_catalog(loose / "de.po").metadata == read_catalog(RELEASE_DE).metadata


def test_translate_explicit_catalog_without_language_header(loose: Path, tmp_path: Path) -> None:
    text = (loose / "de.po").read_text(encoding="utf-8").replace('"Language: de\\n"\n', "")
    (loose / "de.po").write_text(text, encoding="utf-8")
    done = run_cli("translate", "de.po", "--source-locale", "ja", cwd=loose, env=_env(tmp_path))
    assert done.returncode == 1
    assert done.stderr.strip().startswith("translator: error: de.po: no Language header")


def test_translate_explicit_catalogs_with_the_tm_of_the_given_files(
    loose: Path, tmp_path: Path
) -> None:
    """Without a project the memory holds the given catalogs: the English one's approved
    translations draft nothing for German (another pair), but a --tm file keeps them."""
    shutil.copy(RELEASE_EN, loose / "en.po")
    tm = tmp_path / "team.sqlite"
    imported = run_cli(
        "tm", "import", "en.po", "--tm", str(tm), "--source-locale", "ja", cwd=loose
    )
    assert imported.returncode == 0, imported.stderr
    assert "en: 20" in imported.stdout
    # An English catalog emptied again drafts from the memory file.
    po = read_catalog(loose / "en.po")
    for entry in po:
        entry.msgstr = ""
    po.save(str(loose / "en.po"))
    args = ["translate", "en.po", "--source-locale", "ja"]
    without = run_cli(*args, cwd=loose, env=_env(tmp_path))
    assert without.returncode == 0, without.stderr
    assert "[en] 0/20 drafted" in without.stdout
    with_tm = run_cli(*args, "--tm", str(tm), cwd=loose, env=_env(tmp_path))
    assert with_tm.returncode == 0, with_tm.stderr
    assert "[en] 20/20 drafted (20 from TM" in with_tm.stdout
    english = entries(RELEASE_EN)
    for msgid, entry in drafts(loose / "en.po").items():
        assert entry.msgstr == english[msgid].msgstr
        assert "draft: engine=tm" in entry.tcomment


def test_translate_explicit_catalog_in_a_project_uses_its_settings(
    project: Path, tmp_path: Path, server: FakeMT
) -> None:
    """Inside a project: its source locale, its glossary (uploaded to DeepL), its lock."""
    configure(project, **fast(deepl={"url": server.url}))
    server.api_key = "k:fx"
    catalog = "locales/de/qwen3-release.po"
    env = {**_env(tmp_path), "DEEPL_AUTH_KEY": "k:fx"}
    done = run_cli("translate", catalog, "--engine", "deepl", cwd=project, env=env)
    assert done.returncode == 0, done.stderr
    assert len(drafts(project / catalog)) == 20
    # Only the catalog named: the other German catalog is left untranslated.
    assert not drafts(project / "locales/de/qwen3-followup.po")
    bodies = [r.body for r in server.translation_requests()]
    assert bodies and all(b["source_lang"] == "JA" and b["glossary_id"] == "g1" for b in bodies)
    # The catalog's document is found through its references: every request has context.
    assert all("アリババが最新AIモデル" in b["context"] for b in bodies)
    (glossary,) = server.glossaries.values()
    assert "アリババ\tAlibaba" in glossary["entries"]
    assert (project / ".translator/lock").exists()  # the project's write lock was taken


def test_translate_explicit_catalogs_with_a_glossary_file(
    loose: Path, tmp_path: Path, server: FakeMT
) -> None:
    server.api_key = "k:fx"
    glossary = tmp_path / "terms.yaml"
    shutil.copy(ROOT / "glossary/ai-news.yaml", glossary)
    env = {**_env(tmp_path), "DEEPL_AUTH_KEY": "k:fx"}
    args = ["translate", "de.po", "--engine", "deepl", "--url", server.url, "--source-locale", "ja"]
    done = run_cli(*args, "--glossary", str(glossary), cwd=loose, env=env)
    assert done.returncode == 0, done.stderr
    (uploaded,) = server.glossaries.values()
    assert "アリババ\tAlibaba" in uploaded["entries"]
    assert all("draft: engine=deepl" in e.tcomment for e in drafts(loose / "de.po").values())


def test_explicit_translate_keeps_what_a_person_saved_during_the_run(
    loose: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guarantee of project runs holds for explicit catalogs (no lock: the per-file
    check alone): the person's translations stay, every other entry gets its draft."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    catalog = loose / "de.po"
    lines: list[str] = []
    with FakeMT() as server:
        transport = _PersonSavesDuringRequest(1, catalog, 3)  # one batch: during it
        summary = translate_files(
            [catalog],
            TranslateOptions(engine="deepl", url=server.url),
            config=None,
            report=lines.append,
            source_locale="ja",
            transport=transport,
            environ={"DEEPL_AUTH_KEY": "k:fx"},
        )
    after = entries(catalog)
    assert len(transport.saved) == 3
    for msgid, text in transport.saved.items():
        assert after[msgid].msgstr == text and "fuzzy" not in after[msgid].flags
    others = [e for m, e in after.items() if m not in transport.saved]
    assert len(others) == 17 and all(e.msgstr.startswith("DE: ") for e in others)
    assert summary.locales[0].from_mt == 20
    assert f"{catalog}: 3 drafts not written" in "\n".join(lines)


def test_explicit_translate_in_a_project_without_the_lock_outside_it(project: Path) -> None:
    """Catalogs outside the project found above the working folder are not its own:
    no project lock is taken for them (another project's run would not wait)."""
    outside = project.parent / "elsewhere.po"
    shutil.copy(RELEASE_DE, outside)
    summary = translate_files(
        [outside],
        TranslateOptions(),
        config=load_config(project / "translator.yaml"),
        report=lambda _line: None,
    )
    assert summary.locales[0].locale == "de"
    assert not (project / ".translator/lock").exists()


def test_tm_commands_without_a_project(loose: Path, tmp_path: Path) -> None:
    tm = str(tmp_path / "team.sqlite")
    no_tm = run_cli("tm", "stats", cwd=loose)
    assert no_tm.returncode == 1 and "no translator.yaml" in no_tm.stderr
    no_source = run_cli("tm", "import", "zh.po", "--tm", tm, cwd=loose)
    assert no_source.returncode == 2 and "--source-locale" in no_source.stderr
    done = run_cli("tm", "import", "zh.po", "--tm", tm, "--source-locale", "ja", cwd=loose)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "zh.po: units new or changed: zh_Hans: 8"
    stats = run_cli("tm", "stats", "--tm", tm, cwd=loose)
    assert stats.stdout.strip() == "ja -> zh_Hans: 8 units"
    out = tmp_path / "team.tmx"
    exported = run_cli(
        "tm", "export", "-o", str(out), "--tm", tm, "--source-locale", "ja", cwd=loose
    )
    assert exported.returncode == 0, exported.stderr
    assert out.read_text(encoding="utf-8").count("<tu>") + out.read_text(
        encoding="utf-8"
    ).count("<tu ") == 8


def test_glossary_lists_occurrences_in_given_documents_without_a_project(tmp_path: Path) -> None:
    shutil.copy(ROOT / "locales/ja/qwen3-release.md", tmp_path / "article.md")
    glossary = str(ROOT / "glossary/ai-news.yaml")
    done = run_cli("glossary", "--glossary", glossary, "--document", "article.md", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    alibaba = lines.index(next(line for line in lines if line.startswith("alibaba:")))
    assert lines[alibaba + 1] == "    article.md: 1, 5, 9, 17, 21, 31"  # 31: "Alibaba" in a link
    assert done.stdout.rstrip().endswith("found in 1 document(s)")


def test_explicit_translate_keeps_its_response_cache_where_environ_says(
    loose: Path, tmp_path: Path, server: FakeMT, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``environ`` is the environment of the whole run: the key and the user cache folder
    both come from it, not from the process's environment."""
    given = tmp_path / "given-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "process-cache"))
    summary = translate_files(
        [loose / "de.po"],
        TranslateOptions(engine="deepl", url=server.url),
        config=None,
        report=lambda _line: None,
        source_locale="ja",
        environ={"DEEPL_AUTH_KEY": "k:fx", "XDG_CACHE_HOME": str(given)},
    )
    assert summary.locales[0].from_mt == 20
    assert (given / "translator" / "mt-cache.sqlite").is_file()
    assert not (tmp_path / "process-cache").exists()
