"""translator translate: TM drafts, HTTP engines against loopback servers, failures, resume."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import polib
import pytest
import yaml
from click.testing import CliRunner, Result

from tests.mt_servers import FakeMT
from translator import project as project_steps
from translator.catalog.pofile import read_catalog
from translator.cli import main
from translator.config import load_config
from translator.errors import TranslatorError
from translator.translate.runner import RunStopped, Summary, TranslateOptions, translate_project

KEY = "s3cr3t-key-0123456789:fx"
FOLLOWUP = """# Qwen 3の続報

## 概要

アリババは、最新のAI技術を活用した大規模言語モデル「Qwen 3」を4月末にリリースする予定です。
Qwen 3は、前身のQwen 2.5-Maxに基づいてさらに進化したモデルです。
また、一部のQwen 3モデルは800百万パラメータで構成されており、モバイルデバイス上で動作可能です[3]。
アリババは、AI技術の競争が激化する中で、Qwen 3をリリースすることで、AI市場での地位を強化しようとしています。
この記事はまったく新しい話題について、天気と料理の話をします。
"""


def configure(root: Path, **settings: Any) -> None:
    path = root / "translator.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["machine_translation"] = settings
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def fast(**engines: Any) -> dict[str, Any]:
    return {"retry_delay": 0.001, "max_retry_delay": 0.01, "save_interval": 0, **engines}


def run_translate(root: Path, env: dict[str, str] | None = None, **options: Any) -> Summary:
    lines: list[str] = []
    return translate_project(
        load_config(root / "translator.yaml"),
        TranslateOptions(**options),
        report=lines.append,
        environ=env or {},
    )


def entries(path: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in read_catalog(path) if e.msgid and not e.obsolete}


def drafts(path: Path) -> dict[str, polib.POEntry]:
    return {k: e for k, e in entries(path).items() if "fuzzy" in e.flags and e.msgstr}


@pytest.fixture
def project(project: Path) -> Path:
    """The sample project with the release article only (counts below depend on it)."""
    for path in (project / "locales/ja").glob("*.md"):
        if path.name != "qwen3-release.md":
            path.unlink()
    return project


@pytest.fixture
def server() -> Iterator[FakeMT]:
    with FakeMT() as fake:
        yield fake


DE = Path("locales/de/qwen3-release.po")
ZH = Path("locales/zh_Hans/qwen3-release.po")


# -- the tm engine ---------------------------------------------------------------------------


def test_tm_engine_drafts_exact_placeable_and_fuzzy_matches(project: Path) -> None:
    (project / "locales/ja/followup.md").write_text(FOLLOWUP, encoding="utf-8")
    config = load_config(project / "translator.yaml")
    project_steps.extract_all(config, lambda _: None)
    project_steps.update_all(config, lambda _: None)
    summary = run_translate(project, locales=("en",))
    found = drafts(project / "locales/en/followup.po")
    exact = found[
        "アリババは、最新のAI技術を活用した大規模言語モデル「Qwen 3」を4月末にリリースする予定です。"
    ]
    assert exact.msgstr.startswith("Alibaba plans to release Qwen 3")
    assert "draft: engine=tm model=translation-memory score=100 (exact match" in exact.tcomment
    placeable = found[
        "また、一部のQwen 3モデルは800百万パラメータで構成されており、モバイルデバイス上で動作可能です[3]。"
    ]
    assert "800" in placeable.msgstr and "[3]" in placeable.msgstr and "[5]" not in placeable.msgstr
    assert "numbers/markers replaced" in placeable.tcomment
    assert "この記事はまったく新しい話題について、天気と料理の話をします。" not in found
    en = summary.locales[0]
    assert en.from_tm == len(found) and en.no_match >= 1 and en.from_mt == 0
    # Drafts are fuzzy: render leaves them out, the release article is untouched.
    assert not drafts(project / "locales/en/qwen3-release.po")


def test_tm_engine_puts_check_findings_in_the_comment(project: Path) -> None:
    # The approved German translation states the wrong number; the TM spreads it, the
    # number check says so.
    po = read_catalog(project / DE)
    source = "アリババは、AI技術を通じて商業活動や伝統産業の革新を目指しており、次の3年間でAIインフラへの投資を大幅に増やす予定です[5]。"
    po.find(source).msgstr = "Alibaba will in den nächsten 4 Jahren mehr investieren[5]."
    po.save(str(project / DE))
    (project / "locales/ja/followup.md").write_text(source + "\n", encoding="utf-8")
    config = load_config(project / "translator.yaml")
    project_steps.extract_all(config, lambda _: None)
    project_steps.update_all(config, lambda _: None)
    run_translate(project, locales=("de",))
    draft = drafts(project / "locales/de/followup.po")[source]
    assert "draft check: number_mismatch" in draft.tcomment, draft.tcomment


def test_dry_run_writes_and_sends_nothing(project: Path, server: FakeMT) -> None:
    configure(project, **fast(libretranslate={"url": server.url, "batch_size": 4}))
    before = (project / DE).read_bytes()
    summary = run_translate(project, engine="libretranslate", dry_run=True, locales=("de",))
    assert (project / DE).read_bytes() == before
    assert server.requests == []
    de = summary.locales[0]
    assert (de.would_send, de.would_requests) == (20, 5)
    assert de.would_chars > 500


# -- HTTP engines ------------------------------------------------------------------------------


def test_openai_engine_batches_masks_and_honours_the_glossary(
    project: Path, server: FakeMT
) -> None:
    configure(
        project,
        **fast(openai={"url": server.url + "/v1", "model": "Qwen/Qwen3-8B", "batch_size": 6}),
    )
    summary = run_translate(project, engine="openai", locales=("de",), env={"OPENAI_API_KEY": KEY})
    de = summary.locales[0]
    assert (de.from_mt, de.failed, de.requests) == (20, 0, 4)
    sent = server.translation_requests()
    # Batches go out concurrently: any of them may arrive first.
    sizes = []
    for request in sent:
        body = request.body
        assert request.headers["Authorization"] == f"Bearer {KEY}"
        assert body["model"] == "Qwen/Qwen3-8B"
        assert body["response_format"]["type"] == "json_schema"
        required = body["response_format"]["json_schema"]["schema"]["required"]
        assert required == [str(i) for i in range(1, len(required) + 1)]
        sizes.append(len(required))
    assert sorted(sizes) == [2, 6, 6, 6]  # 20 segments, 6 a batch
    user = "".join(r.body["messages"][1]["content"] for r in sent)
    system = "".join(r.body["messages"][0]["content"] for r in sent)
    assert "[5]" not in user and "https://" not in user and "⟦" in user  # markers masked
    assert "アリババ → Alibaba" in system  # glossary terms of the batch
    found = drafts(project / DE)
    assert len(found) == 20
    entry = found["Qwen 3は、前身のQwen 2.5-Maxに基づいてさらに進化したモデルです。"]
    assert "draft: engine=openai model=Qwen/Qwen3-8B" in entry.tcomment
    cited = next(e for k, e in found.items() if k.endswith("[5]。") and "600百万" in k)
    assert cited.msgstr.endswith("可能です[5]。") and cited.msgstr.count("[5]") == 1
    # A second run has nothing left; with --refresh-fuzzy, everything comes from the cache.
    assert run_translate(project, engine="openai", locales=("de",), env={}).locales[0].segments == 0
    again = run_translate(
        project, engine="openai", locales=("de",), refresh_fuzzy=True, env={"OPENAI_API_KEY": KEY}
    )
    assert (again.locales[0].cache_hits, again.locales[0].requests) == (20, 0)
    assert len(server.translation_requests()) == 4
    # The key is nowhere on disk.
    for path in project.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path


def test_deepl_engine_glossary_uploaded_once_and_xml_tags(project: Path, server: FakeMT) -> None:
    server.api_key = KEY
    configure(project, **fast(deepl={"url": server.url}))
    env = {"DEEPL_AUTH_KEY": KEY}
    summary = run_translate(project, engine="deepl", locales=("de",), env=env)
    assert summary.locales[0].from_mt == 20
    sent = server.translation_requests()
    # Context keeps each request near a paragraph or two (context_chars 1000 by default).
    assert len(sent) == 2
    assert sum(len(r.body["text"]) for r in sent) == 20
    for request in sent:
        assert request.headers["Authorization"] == f"DeepL-Auth-Key {KEY}"
        body = request.body
        assert body["tag_handling"] == "xml" and body["ignore_tags"] == ["x"]
        assert body["source_lang"] == "JA" and body["target_lang"] == "DE"
        assert body["glossary_id"] == "g1" and body["split_sentences"] == "0"
    assert any('<x id="1"/>' in t for r in sent for t in r.body["text"])
    (glossary,) = server.glossaries.values()
    assert "アリババ\tAlibaba" in glossary["entries"] and glossary["target_lang"] == "de"
    # zh_Hans reuses nothing (another pair) but the same locale again needs no new glossary.
    run_translate(project, engine="deepl", locales=("de",), refresh_fuzzy=True, env=env)
    server.script.append("ok")
    run_translate(project, engine="deepl", locales=("zh_Hans",), env=env)
    posts = [r for r in server.requests if r.path == "/v2/glossaries" and r.method == "POST"]
    assert len(posts) == 2  # de once, zh once
    zh = server.translation_requests()[-1].body
    assert zh["target_lang"] == "ZH-HANS" and zh["glossary_id"] == "g2"


def test_libretranslate_engine_key_in_body(project: Path, server: FakeMT) -> None:
    server.api_key = KEY
    configure(project, **fast(libretranslate={"url": server.url, "batch_size": 10}))
    summary = run_translate(
        project, engine="libretranslate", locales=("zh_Hans",), env={"LIBRETRANSLATE_API_KEY": KEY}
    )
    assert summary.locales[0].from_mt == 12
    body = server.translation_requests()[0].body
    assert body["api_key"] == KEY and body["format"] == "text"
    assert body["source"] == "ja" and body["target"] == "zh" and isinstance(body["q"], list)
    assert "Authorization" not in server.translation_requests()[0].headers


# -- failures ---------------------------------------------------------------------------------


def test_429_with_retry_after_and_500_bursts_are_retried(project: Path, server: FakeMT) -> None:
    configure(project, **fast(parallel=1, libretranslate={"url": server.url, "batch_size": 10}))
    server.script.extend(
        [
            ("status", 429, {"Retry-After": "0.3"}, {"error": "Slowdown: 1 per 1 second"}),
            ("status", 500, {}, {"error": "boom"}),
            ("status", 503, {}, {"error": {"code": 503, "message": "Loading model"}}),
            ("status", 529, {}, None),
        ]
    )
    started = time.monotonic()
    summary = run_translate(project, engine="libretranslate", locales=("de",))
    assert time.monotonic() - started >= 0.3  # Retry-After honoured
    de = summary.locales[0]
    assert (de.from_mt, de.retries, de.requests) == (20, 4, 6)
    assert len(drafts(project / DE)) == 20


def test_timeouts_are_retried(project: Path, server: FakeMT) -> None:
    configure(
        project,
        **fast(timeout=0.2, libretranslate={"url": server.url, "batch_size": 20}),
    )
    server.script.append(("slow", 0.6))
    summary = run_translate(project, engine="libretranslate", locales=("de",))
    assert (summary.locales[0].from_mt, summary.locales[0].retries) == (20, 1)


def test_quota_456_stops_keeps_finished_batches_and_a_rerun_sends_the_rest(
    project: Path, server: FakeMT
) -> None:
    configure(project, **fast(parallel=1, deepl={"url": server.url, "batch_size": 5}))
    env = {"DEEPL_AUTH_KEY": KEY}
    server.script.extend(["ok", "ok", ("status", 456, {}, {"message": "Quota exceeded " + KEY})])
    with pytest.raises(RunStopped) as stopped:
        run_translate(project, engine="deepl", locales=("de",), env=env)
    message = str(stopped.value)
    sent = server.translation_requests()
    assert len(sent) == 3  # 456 is not retried
    done = sum(len(r.body["text"]) for r in sent[:2])
    assert "deepl" in message and "456" in message and "locale de" in message
    assert f"{done} of 20 segments" in message and "--engine deepl --locale de" in message
    assert KEY not in message
    assert len(drafts(project / DE)) == done
    summary = run_translate(project, engine="deepl", locales=("de",), env=env)
    left = 20 - done
    assert (summary.locales[0].segments, summary.locales[0].from_mt) == (left, left)
    assert len(drafts(project / DE)) == 20
    resent = server.translation_requests()[3:]
    assert sum(len(r.body["text"]) for r in resent) == left


@pytest.mark.parametrize("status", [400, 401, 403, 413])
def test_client_errors_are_not_retried(project: Path, server: FakeMT, status: int) -> None:
    configure(project, **fast(openai={"url": server.url + "/v1", "model": "m"}))
    server.script.append(("status", status, {}, {"error": {"message": "no"}}))
    with pytest.raises(RunStopped, match=f"HTTP {status}"):
        run_translate(project, engine="openai", locales=("de",))
    assert len(server.translation_requests()) == 1


def test_bad_replies_fail_their_segments_only(project: Path, server: FakeMT) -> None:
    configure(
        project,
        **fast(parallel=1, openai={"url": server.url + "/v1", "model": "m", "batch_size": 5}),
    )
    server.script.extend(["malformed", "wrong_keys", "drop_token", "ok"])
    summary = run_translate(project, engine="openai", locales=("de",))
    de = summary.locales[0]
    sizes = [len(json.loads(r.body["messages"][-1]["content"])) for r in server.requests]
    failed = sizes[0] + sizes[1] + 1  # two whole batches, one segment of the third
    assert (de.from_mt, de.failed) == (20 - failed, failed)
    assert any("not reply with JSON" in f for f in de.failures)
    assert any("keys differ" in f for f in de.failures)
    assert any("missing" in f for f in de.failures)
    assert len(drafts(project / DE)) == 20 - failed
    # Nothing bad was cached: the re-run sends exactly the failed segments.
    again = run_translate(project, engine="openai", locales=("de",))
    assert (again.locales[0].segments, again.locales[0].from_mt) == (failed, failed)


def test_retries_exhausted_stop_the_run(project: Path, server: FakeMT) -> None:
    configure(project, **fast(retries=2, libretranslate={"url": server.url}))
    server.script.extend([("status", 502, {}, None)] * 3)
    with pytest.raises(RunStopped, match="gave up after 2 retries"):
        run_translate(project, engine="libretranslate", locales=("de",))
    assert len(server.translation_requests()) == 3


class _Interrupting(httpx.AsyncBaseTransport):
    """A transport during whose third request the user presses Ctrl-C (a real SIGINT, as the
    terminal sends it: asyncio cancels the run and re-raises KeyboardInterrupt)."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.calls = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if self.calls == 3:
            signal.raise_signal(signal.SIGINT)
            await asyncio.sleep(5)  # cancelled by the SIGINT handler long before this ends
        return await self.inner.handle_async_request(request)


def test_ctrl_c_keeps_finished_batches(project: Path, server: FakeMT) -> None:
    configure(project, **fast(parallel=1, libretranslate={"url": server.url, "batch_size": 5}))
    with pytest.raises(KeyboardInterrupt):
        translate_project(
            load_config(project / "translator.yaml"),
            TranslateOptions(engine="libretranslate", locales=("de",)),
            report=lambda _: None,
            transport=_Interrupting(),
            environ={},
        )
    assert len(drafts(project / DE)) == 10
    summary = run_translate(project, engine="libretranslate", locales=("de",))
    assert summary.locales[0].segments == 10 and summary.locales[0].from_mt == 10


# -- settings and the command -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"engine": "google"}, "machine_translation.engine"),
        ({"parallel": 0}, "machine_translation.parallel"),
        ({"openai": {"batch_size": "x"}}, "machine_translation.openai.batch_size"),
        ({"deepl": {"batch_size": 51}}, "machine_translation.deepl.batch_size"),
        ({"deepl": {"url": "ftp://x"}}, "machine_translation.deepl.url"),
        ({"libretranslate": {"colour": 1}}, "machine_translation.libretranslate.colour"),
        ({"speed": 1}, "machine_translation.speed"),
    ],
)
def test_settings_errors_name_the_key(
    project: Path, settings: dict[str, Any], message: str
) -> None:
    configure(project, **settings)
    with pytest.raises(TranslatorError, match=message.replace(".", r"\.")):
        run_translate(project)


def test_a_document_without_catalogs_is_skipped_with_a_warning(project: Path) -> None:
    (project / "locales/ja/new.md").write_text("新しい文です。\n", encoding="utf-8")
    lines: list[str] = []
    translate_project(
        load_config(project / "translator.yaml"), TranslateOptions(), report=lines.append
    )
    assert any("no catalog locales/de/new.po" in line for line in lines)


def test_missing_key_and_model_are_explained(project: Path) -> None:
    with pytest.raises(TranslatorError, match="DEEPL_AUTH_KEY"):
        run_translate(project, engine="deepl")
    with pytest.raises(TranslatorError, match=r"openai\.model"):
        run_translate(project, engine="openai")


def _cli(project: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    old = Path.cwd()
    os.chdir(project)
    try:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def test_command_summary_url_option_and_redacted_errors(
    project: Path, server: FakeMT, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(project, **fast())
    monkeypatch.setenv("LIBRETRANSLATE_API_KEY", KEY)
    result = _cli(
        project,
        monkeypatch,
        "translate",
        "--engine",
        "libretranslate",
        "--dry-run",
        "--url",
        server.url,
    )
    assert result.exit_code == 0, result.output
    assert "would send 20 segments" in result.output and server.requests == []
    result = _cli(
        project,
        monkeypatch,
        "translate",
        "--engine",
        "libretranslate",
        "--url",
        server.url,
        "-l",
        "de",
    )
    assert result.exit_code == 0, result.output
    assert "[de] 20/20 drafted (0 from TM, 20 from MT), 0 failed" in result.output
    assert "translated 20: 0 from TM, 20 from MT" in result.output
    server.script.append(("status", 403, {}, {"error": f"Invalid API key {KEY}"}))
    result = _cli(
        project,
        monkeypatch,
        "translate",
        "--engine",
        "libretranslate",
        "--url",
        server.url,
        "-l",
        "zh_Hans",
    )
    assert result.exit_code == 1
    assert "HTTP 403" in result.output and KEY not in result.output
    assert "LIBRETRANSLATE_API_KEY" in result.output


# -- engine details --------------------------------------------------------------------------


def test_deepl_free_keys_use_the_free_host_and_batches_respect_the_body_limit() -> None:
    from translator.translate.engines import DeepLEngine, Segment
    from translator.translate.masking import mask
    from translator.translate.settings import EngineSettings

    settings = EngineSettings(batch_size=50, max_chars=10**9)
    assert DeepLEngine(settings, source_locale="ja", api_key="k:fx").base_url == (
        "https://api-free.deepl.com"
    )
    assert DeepLEngine(settings, source_locale="ja", api_key="k").base_url == (
        "https://api.deepl.com"
    )
    engine = DeepLEngine(settings, source_locale="ja", api_key="k")
    big = "あ" * 10_000  # 30 KB of UTF-8
    segments = [Segment("", mask(big), big) for _ in range(10)]
    batches = engine.batches(segments)
    assert [len(b) for b in batches] == [4, 4, 2]
    small = [Segment("", mask("文。"), "文。") for _ in range(120)]
    assert [len(b) for b in engine.batches(small)] == [50, 50, 20]


def test_model_replies_with_reasoning_or_fences_are_accepted() -> None:
    from translator.translate.engines.openai import parse_reply
    from translator.translate.retry import BatchFailed

    assert parse_reply('<think>hmm</think>\n```json\n{"1": "A", "2": "B"}\n```', ["1", "2"]) == {
        "1": "A",
        "2": "B",
    }
    with pytest.raises(BatchFailed, match="keys differ"):
        parse_reply('{"1": "A"}', ["1", "2"])
    with pytest.raises(BatchFailed, match="not strings"):
        parse_reply('{"1": 1}', ["1"])


def test_retry_after_as_http_date_and_backoff_bounds() -> None:
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    from translator.translate.retry import RetryPolicy, retry_after

    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    wait = retry_after(httpx.Response(429, headers={"Retry-After": when}))
    assert wait is not None and 25 <= wait <= 31
    assert retry_after(httpx.Response(429, headers={"Retry-After": "2"})) == 2.0
    assert retry_after(httpx.Response(429)) is None
    policy = RetryPolicy(retries=5, delay=1.0, max_delay=4.0, jitter=0.25)
    assert 0.75 <= policy.backoff(1) <= 1.25 and 3.0 <= policy.backoff(5) <= 5.0


def test_masking_round_trip_and_verification() -> None:
    from translator.translate.masking import (
        BRACKET_TOKENS,
        LLM_TOKENS,
        XML_TOKENS,
        MaskError,
        mask,
    )

    source = (
        "Qwen 3は`pip install x`で<b>使え</b>ます[1][2]。詳細は[記事](https://example.com/a)へ。"
    )
    masked = mask(source, [(0, 6, "term")])
    assert masked.spans == (
        "Qwen 3",
        "`pip install x`",
        "<b>",
        "</b>",
        "[1]",
        "[2]",
        "https://example.com/a",
    )
    for style in (LLM_TOKENS, XML_TOKENS, BRACKET_TOKENS):
        assert masked.restore(masked.text(style), style) == source
    reply = "⟦1⟧ runs with ⟦2⟧ ⟦3⟧easily⟦4⟧ ⟦5⟧ ⟦6⟧. See the [article](⟦7⟧)."
    assert masked.restore(reply, LLM_TOKENS) == (
        "Qwen 3 runs with `pip install x` <b>easily</b>[1][2]. "
        "See the [article](https://example.com/a)."
    )
    with pytest.raises(MaskError, match="missing"):
        masked.restore(reply.replace("⟦5⟧", ""), LLM_TOKENS)
    with pytest.raises(MaskError, match="unknown token"):
        masked.restore(reply + "⟦9⟧", LLM_TOKENS)
    xml = mask("a < b [1]")
    assert xml.text(XML_TOKENS) == 'a &lt; b <x id="1"/>'
    assert xml.restore('A &lt; B <x id="1"/>', XML_TOKENS) == "A < B [1]"


def test_deepl_glossary_deleted_on_the_server_is_uploaded_again(
    project: Path, server: FakeMT
) -> None:
    configure(project, **fast(deepl={"url": server.url}))
    env = {"DEEPL_AUTH_KEY": KEY}
    run_translate(project, engine="deepl", locales=("de",), env=env)
    server.glossaries.clear()
    po = read_catalog(project / DE)
    po.append(polib.POEntry(msgid="アリババの新しい文です。", msgstr=""))
    po.save(str(project / DE))
    server.script.append(("status", 404, {}, {"message": "Glossary not found"}))
    with pytest.raises(RunStopped, match="glossary g1 is gone"):
        run_translate(project, engine="deepl", locales=("de",), refresh_fuzzy=True, env=env)
    run_translate(project, engine="deepl", locales=("de",), refresh_fuzzy=True, env=env)
    posts = [r for r in server.requests if r.path == "/v2/glossaries" and r.method == "POST"]
    assert len(posts) == 2
