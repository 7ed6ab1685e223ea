"""Machine translation that sees the document: what each request carries, and paragraph mode.

Every test runs the real translate step against the loopback servers of tests/mt_servers.py
and reads what arrived there and what was written back into the catalogs.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import polib
import pytest

from tests.cli_run import run_cli
from tests.mt_servers import FakeMT, Seen, sentence_by_sentence
from tests.test_translate import configure, drafts, entries, fast, run_translate
from translator import project as project_steps
from translator.catalog.pofile import read_catalog
from translator.config import load_config
from translator.document.markdown import parse_document
from translator.errors import TranslatorError
from translator.translate.context import (
    DocView,
    Source,
    Window,
    approved_translations,
    batch_context,
    window,
)
from translator.translate.engines import DeepLEngine, Segment
from translator.translate.masking import XML_TOKENS, mask
from translator.translate.runner import TranslateOptions, translate_files
from translator.translate.settings import EngineSettings

KEY = "s3cr3t-key-0123456789:fx"
DE = Path("locales/de/qwen3-release.po")  # 20 entries, none translated
ZH = Path("locales/zh_Hans/qwen3-release.po")  # 8 of 20 approved
TITLE = "アリババが最新AIモデル「Qwen 3」を4月末にリリースへ"
DRAFT = "草稿：不要用"  # a fuzzy draft: never a reference
_TOKEN = r"⟦\d+⟧|<x id=\"\d+\"/>"


@pytest.fixture
def project(project: Path) -> Path:
    """The sample project with the release article only; in Chinese one approved heading
    made a fuzzy draft."""
    for path in (project / "locales/ja").glob("*.md"):
        if path.name != "qwen3-release.md":
            path.unlink()
    po = read_catalog(project / ZH)
    heading = po.find("Qwen 3の技術的特徴")
    heading.msgstr = DRAFT
    heading.flags.append("fuzzy")
    po.save(str(project / ZH))
    return project


@pytest.fixture
def server() -> Iterator[FakeMT]:
    with FakeMT() as fake:
        yield fake


def _order(path: Path) -> list[str]:
    """The catalog's msgids in document order (a template lists them so)."""
    return [e.msgid for e in read_catalog(path) if e.msgid and not e.obsolete]


def _msgid_of(text: str, msgids: list[str]) -> str:
    """The msgid a masked text was made of."""
    parts = re.split(f"({_TOKEN})", text)
    pattern = "".join(".+?" if re.fullmatch(_TOKEN, p) else re.escape(p) for p in parts)
    (found,) = [m for m in msgids if re.fullmatch(pattern, m)]
    return found


def _values(request: Seen) -> dict[str, str]:
    values: dict[str, str] = json.loads(request.body["messages"][-1]["content"])
    return values


def _context(request: Seen) -> str:
    system: str = request.body["messages"][0]["content"]
    _head, found, rest = system.partition("Context, for understanding only")
    return found + rest


def _approved(path: Path, msgid: str) -> bool:
    entry = read_catalog(path).find(msgid)
    return bool(entry.msgstr) and "fuzzy" not in entry.flags


def _line_of(path: Path) -> dict[str, str]:
    return {e.msgid: e.occurrences[0][1] for e in read_catalog(path) if e.msgid}


# -- context in every request -------------------------------------------------------------


def test_openai_requests_carry_title_paragraphs_and_approved_neighbours_in_order(
    project: Path, server: FakeMT
) -> None:
    configure(
        project,
        **fast(parallel=1, openai={"url": server.url + "/v1", "model": "m", "batch_size": 4}),
    )
    summary = run_translate(project, engine="openai", locales=("zh_Hans",))
    assert (summary.locales[0].from_mt, summary.locales[0].failed) == (12, 0)
    order = _order(project / ZH)
    approved = {
        e.msgid: e.msgstr
        for e in read_catalog(project / ZH)
        if e.msgstr and "fuzzy" not in e.flags and e.msgid
    }
    sent: list[str] = []
    batch_of: dict[str, int] = {}
    for number, request in enumerate(server.translation_requests()):
        context = _context(request)
        values = _values(request)
        assert context, "every request carries context"
        assert f"Document title: {TITLE}" in context
        assert f"approved translation: {approved[TITLE]}" in context
        assert len(context) <= 2000  # context_chars, openai's default
        # Each value stands in the context once, in the order of the JSON object, which is
        # the document's order.
        assert re.findall(r"\[key (\d+)\]", context) == list(values)
        # References: approved translations only, marked as approved; never the draft.
        shown = re.findall(r"approved translation: (.*)", context)
        assert shown and set(shown) <= set(approved.values())
        assert DRAFT not in json.dumps(request.body, ensure_ascii=False)
        for value in values.values():
            msgid = _msgid_of(value, order)
            sent.append(msgid)
            batch_of[msgid] = number
    untranslated = [m for m in order if m not in approved and m != "Qwen 3の技術的特徴"]
    assert sent == untranslated  # document order
    # The fuzzy heading stands in the context as source text only.
    assert any("  Qwen 3の技術的特徴\n" in _context(r) for r in server.translation_requests())
    # Neighbours travel together: no paragraph's sentences are split across requests
    # (with 4 texts a batch, this document's untranslated paragraphs all fit in one).
    lines = _line_of(project / ZH)
    for line in set(lines.values()):
        batches = {batch_of[m] for m in sent if lines[m] == line}
        assert len(batches) <= 1, f"paragraph at line {line} split across requests"


def test_deepl_context_is_bounded_plain_text_in_document_order(
    project: Path, server: FakeMT
) -> None:
    configure(
        project,
        **fast(parallel=1, deepl={"url": server.url, "context_chars": 400}),
    )
    summary = run_translate(
        project, engine="deepl", locales=("zh_Hans",), env={"DEEPL_AUTH_KEY": KEY}
    )
    assert summary.locales[0].from_mt == 12
    order = _order(project / ZH)
    sent: list[str] = []
    requests = server.translation_requests()
    assert len(requests) > 2
    for request in requests:
        body = request.body
        context = body["context"]
        assert 0 < len(context) <= 400
        assert DRAFT not in context
        # Source sentences in the context follow the document.
        positions = [context.find(m) for m in order if m in context]
        assert positions == sorted(positions) and len(positions) >= len(body["text"])
        sent.extend(_msgid_of(t, order) for t in body["text"])
    assert sent == [
        m for m in order if not _approved(project / ZH, m) and m != "Qwen 3の技術的特徴"
    ]
    # An approved neighbour of the sentences sent goes into the context as reference.
    contexts = "\n".join(r.body["context"] for r in requests)
    assert "Qwen 3的发布背景" in contexts and "结论" in contexts
    assert summary.locales[0].context_chars == sum(len(r.body["context"]) for r in requests)


def test_context_counts_against_max_chars(project: Path, server: FakeMT) -> None:
    configure(
        project,
        **fast(parallel=1, openai={"url": server.url + "/v1", "model": "m", "max_chars": 500}),
    )
    summary = run_translate(project, engine="openai", locales=("zh_Hans",))
    assert summary.locales[0].from_mt == 12
    requests = server.translation_requests()
    for request in requests:
        size = sum(len(v) for v in _values(request).values()) + len(_context(request))
        assert size <= 500 or len(_values(request)) == 1
    assert len(requests) > 2 and any(_context(r) for r in requests)
    assert summary.locales[0].context_chars == sum(len(_context(r)) for r in requests)


def test_deepl_requests_stay_within_128_kib_with_context() -> None:
    """Long paragraphs and long approved translations: every body, context included, fits."""
    sentence = "アリババは、AI技術の競争が激化する中で、新しいモデルを発表しました" * 24
    paragraph = "".join(f"{sentence}{k}。" for k in range(20))
    text = "\n\n".join(f"## 見出し{n}\n\n{paragraph}" for n in range(8))
    doc = parse_document(text, "big.md", lang="ja")
    view = DocView.of(doc, "big.md", "")
    approved = {s.msgid: "An approved translation. " * 60 for s in view.sentences[::2]}
    source = Source(view, approved, " ")
    settings = EngineSettings(batch_size=50, max_chars=10**7, context_chars=100_000)
    engine = DeepLEngine(settings, source_locale="ja")
    segments = []
    for index, item in enumerate(view.sentences):
        masked = mask(item.msgid)
        text = masked.text(XML_TOKENS)
        where = window(source, (index,), partial(engine.window_fits, text=text))
        segments.append(Segment("", masked, text, (), where, ("big.md", item.block)))
    batches = engine.batches(segments)
    assert sum(len(b) for b in batches) == len(segments) and len(batches) > 1
    for batch in batches:
        body = engine.request_body(batch, "de")
        assert body["context"]
        assert len(json.dumps(body, ensure_ascii=False).encode("utf-8")) <= 128 * 1024


ARTICLE = """---
title: 新製品の発表
---

# 見出しの記事

## 概要

第一文です。第二文です。第三文です。

- 項目一です。
- 項目二です。
- 項目三です。

## 次の節

長い段落の一文目です。二文目です。三文目です。四文目です。五文目です。
"""


def test_windows_take_the_block_the_section_heading_and_neighbours_of_short_blocks() -> None:
    document = parse_document(ARTICLE, "a.md", lang="ja", front_matter_keys=("title",))
    view = DocView.of(document, "a.md", "")
    text = [s.msgid for s in view.sentences]
    assert view.title_text() == "新製品の発表"  # the front-matter title wins over the h1
    source = Source(view, {"項目一です。": "Item one."}, " ")

    def shown(msgid: str, budget: int = 10_000) -> list[str]:
        def fits(w: Window) -> bool:
            return sum(len(text[i]) for i in w.indices) <= budget

        return [text[i] for i in window(source, (text.index(msgid),), fits).indices]

    # A paragraph: itself and its section's heading.
    assert shown("第二文です。") == ["概要", "第一文です。", "第二文です。", "第三文です。"]
    # A one-sentence list item: the sentence before and after it too.
    assert shown("項目二です。") == ["概要", "項目一です。", "項目二です。", "項目三です。"]
    # A heading: the heading above it, what precedes and follows it.
    assert shown("次の節") == ["見出しの記事", "項目三です。", "次の節", "長い段落の一文目です。"]
    # Too long: the farthest go first, what follows before what precedes, the heading last.
    assert shown("二文目です。", budget=30) == [
        "次の節",
        "長い段落の一文目です。",
        "二文目です。",
        "三文目です。",
    ]
    assert shown("二文目です。", budget=6) == ["二文目です。"]
    # Approved translations of the neighbours shown, never of the text itself.
    (context,) = batch_context(
        [(window(source, (text.index("項目二です。"),), lambda w: True), "1")]
    )
    lines = [(line.source, line.key, line.approved) for b in context.blocks for line in b.lines]
    assert lines == [
        ("概要", None, None),
        ("項目一です。", None, "Item one."),
        ("項目二です。", "1", None),
        ("項目三です。", None, None),
    ]
    assert context.title == "新製品の発表"


def test_the_cache_key_includes_the_context(project: Path, server: FakeMT) -> None:
    """A reply is reused only for the same text in the same context: approving a
    neighbour, or editing one, asks again for the sentences around it, and only them."""
    configure(project, **fast(openai={"url": server.url + "/v1", "model": "m"}))
    run_translate(project, engine="openai", locales=("de",))
    assert len(drafts(project / DE)) == 20
    first = len(server.translation_requests())
    order = _order(project / DE)
    # Nothing changed: everything from the cache.
    again = run_translate(project, engine="openai", locales=("de",), refresh_fuzzy=True)
    assert (again.locales[0].cache_hits, again.locales[0].requests) == (20, 0)
    # A person approves the second sentence of the first paragraph.
    intro = [m for m in order if _line_of(project / DE)[m] == "5"]
    po = read_catalog(project / DE)
    middle = po.find(intro[1])
    middle.msgstr = "Das Modell folgt auf Qwen 2.5-Max."
    middle.flags.remove("fuzzy")
    po.save(str(project / DE))
    approved = run_translate(project, engine="openai", locales=("de",), refresh_fuzzy=True)
    resent = server.translation_requests()[first:]
    sent = [_msgid_of(v, order) for r in resent for v in _values(r).values()]
    assert sorted(sent) == sorted([intro[0], intro[2]])  # its neighbours, nothing else
    assert "approved translation: Das Modell folgt auf Qwen 2.5-Max." in _context(resent[0])
    assert approved.locales[0].cache_hits == 17
    # An author edits a sentence of the paragraph at line 17; after a sync, the sentences
    # whose context holds it are asked again, the rest of the document is not.
    source = project / "locales/ja/qwen3-release.md"
    old = "AI技術の競争は、企業間での技術的優位性を争うだけでなく"
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            old, "AI技術の競争は、企業間の優位性を争うだけでなく"
        ),
        encoding="utf-8",
    )
    config = load_config(project / "translator.yaml")
    project_steps.extract_all(config, lambda _: None)
    project_steps.update_all(config, lambda _: None)
    order = _order(project / DE)
    before = len(server.translation_requests())
    run_translate(project, engine="openai", locales=("de",), refresh_fuzzy=True)
    sent = [
        _msgid_of(v, order)
        for r in server.translation_requests()[before:]
        for v in _values(r).values()
    ]
    lines = _line_of(project / DE)
    assert {m for m in order if lines[m] == "17"} <= set(sent)  # the edited and its neighbour
    assert not {m for m in sent if lines[m] in ("1", "3", "5", "9", "13", "21", "31")}


# -- paragraph mode ---------------------------------------------------------------------------


def _paragraph(project: Path, server: FakeMT, engine: str, **extra: Any) -> None:
    url = server.url + "/v1" if engine == "openai" else server.url
    settings: dict[str, Any] = {"url": url, "unit": "paragraph", **extra}
    if engine == "openai":
        settings["model"] = "m"
    configure(project, **fast(parallel=1, **{engine: settings}))


def test_paragraph_mode_sends_paragraphs_and_splits_the_replies_back(
    project: Path, server: FakeMT
) -> None:
    server.translate = sentence_by_sentence
    _paragraph(project, server, "openai")
    summary = run_translate(project, engine="openai", locales=("de",))
    de = summary.locales[0]
    assert (de.from_mt, de.failed, de.unsure) == (20, 0, 0)
    values = [v for r in server.translation_requests() for v in _values(r).values()]
    assert len(values) == 13  # 20 sentences in 13 paragraphs, headings and items
    lines = _line_of(project / DE)
    intro = [m for m in _order(project / DE) if lines[m] == "5"]
    assert sum(1 for v in values if v.count("。") == 3) == 2  # the two paragraphs of three
    assert "sentence by sentence" in server.translation_requests()[0].body["messages"][0]["content"]
    for msgid, entry in drafts(project / DE).items():
        assert entry.msgstr == "DE: " + msgid, msgid
        if msgid in intro:
            assert "translated with its paragraph" in entry.tcomment
            assert "could not place" not in entry.tcomment
    cited = [m for m in drafts(project / DE) if m.endswith("[5]。")]
    assert len(cited) == 3 and all(drafts(project / DE)[m].msgstr.count("[5]") == 1 for m in cited)


def _merge_first_two(text: str, target: str) -> str:
    """A translation that joins the first two sentences of a text into one."""
    return sentence_by_sentence(text, target).replace(f"。 {target.upper()}: ", "、", 1)


def test_paragraph_mode_reply_with_fewer_sentences_leaves_unsure_drafts_and_drops_nothing(
    project: Path, server: FakeMT
) -> None:
    server.translate = _merge_first_two
    _paragraph(project, server, "deepl")
    summary = run_translate(project, engine="deepl", locales=("de",), env={"DEEPL_AUTH_KEY": KEY})
    de = summary.locales[0]
    (body,) = [r.body for r in server.translation_requests()]
    assert body["split_sentences"] == "nonewlines"
    lines = _line_of(project / DE)
    found = drafts(project / DE)
    assert len(found) == 20 and de.failed == 0
    for line in ("5", "9", "13", "17", "21"):
        sentences = [m for m in _order(project / DE) if lines[m] == line]
        first, second = found[sentences[0]], found[sentences[1]]
        merged = "DE: " + sentences[0][:-1] + "、" + sentences[1]
        assert first.msgstr == second.msgstr == merged
        for number, entry in enumerate((first, second), start=1):
            assert "fuzzy" in entry.flags
            note = "draft: paragraph mode could not place this sentence's translation"
            assert note in entry.tcomment
            assert f"sentences 1-2 of the {len(sentences)} sent together" in entry.tcomment
            assert f"(this is sentence {number})" in entry.tcomment
        # Nothing of the reply is dropped: the paragraph's drafts hold all of it.
        reply = " ".join(dict.fromkeys(found[m].msgstr for m in sentences))
        assert reply == _merge_first_two("".join(sentences), "de")
        if len(sentences) == 3:
            third = found[sentences[2]]
            assert third.msgstr == "DE: " + sentences[2]
            assert "could not place" not in third.tcomment
    assert de.unsure == 10


ADDED = "Mehr dazu im nächsten Abschnitt."


def _add_a_sentence(text: str, target: str) -> str:
    """A translation that adds a sentence of its own after a text of several sentences."""
    reply = sentence_by_sentence(text, target)
    return f"{reply} {ADDED}" if reply.count(f"{target.upper()}: ") > 1 else reply


def test_paragraph_mode_reply_with_an_added_sentence_leaves_its_neighbour_unsure(
    project: Path, server: FakeMT
) -> None:
    """The added sentence goes with the last sentence, which is then a draft of its own that
    says it may hold more than its translation; the sentences before it are placed."""
    server.translate = _add_a_sentence
    _paragraph(project, server, "openai")
    summary = run_translate(project, engine="openai", locales=("de",))
    de = summary.locales[0]
    found = drafts(project / DE)
    lines = _line_of(project / DE)
    assert len(found) == 20 and de.failed == 0
    paragraphs = 0
    for line in sorted(set(lines.values()), key=int):
        sentences = [m for m in _order(project / DE) if lines[m] == line]
        if len(sentences) < 2:
            continue
        paragraphs += 1
        *placed, last = sentences
        for msgid in placed:
            assert found[msgid].msgstr == "DE: " + msgid
            assert "could not place" not in found[msgid].tcomment
        assert found[last].msgstr == f"DE: {last} {ADDED}"
        assert "fuzzy" in found[last].flags
        note = " ".join(found[last].tcomment.split())
        assert "draft: paragraph mode could not place this sentence's translation" in note
        count = len(sentences)
        assert f"what the split gave to sentence {count} of the {count} sent together" in note
        assert "more or less than this sentence's translation" in note
    assert paragraphs == 5 and de.unsure == 5


def test_paragraph_mode_verifies_masked_spans_per_paragraph(project: Path, server: FakeMT) -> None:
    """A reply that loses a citation marker fails its whole paragraph: nothing of it is
    written or cached, and a re-run sends that paragraph again."""
    po = read_catalog(project / DE)
    for msgid in (TITLE, "緒言"):  # so the first text of the request is a paragraph
        po.find(msgid).msgstr = "Übersetzt"
    po.save(str(project / DE))
    server.script.append("drop_token")
    _paragraph(project, server, "openai")
    summary = run_translate(project, engine="openai", locales=("de",))
    de = summary.locales[0]
    lines = _line_of(project / DE)
    intro = [m for m in _order(project / DE) if lines[m] == "5"]
    assert (de.failed, de.from_mt) == (3, 15)
    assert any("paragraph of 3 sentences" in f and "missing" in f for f in de.failures)
    assert not set(intro) & set(drafts(project / DE))
    again = run_translate(project, engine="openai", locales=("de",))
    assert (again.locales[0].segments, again.locales[0].from_mt) == (3, 3)
    assert _values(server.translation_requests()[-1]) == {
        "1": _values(server.translation_requests()[0])["1"]
    }


def test_libretranslate_has_no_context_but_takes_paragraphs(project: Path, server: FakeMT) -> None:
    server.translate = sentence_by_sentence
    _paragraph(project, server, "libretranslate")
    summary = run_translate(project, engine="libretranslate", locales=("de",))
    assert summary.locales[0].from_mt == 20 and summary.locales[0].context_chars == 0
    for request in server.translation_requests():
        assert set(request.body) == {"q", "source", "target", "format"}
    assert len([t for r in server.translation_requests() for t in r.body["q"]]) == 13
    configure(project, libretranslate={"context_chars": 100})
    with pytest.raises(TranslatorError, match="libretranslate has no context field"):
        run_translate(project, engine="libretranslate")


# -- dry run, explicit catalogs, settings ---------------------------------------------------------


@pytest.mark.parametrize("engine", ["openai", "deepl", "libretranslate"])
def test_dry_run_shows_one_request_with_context_references_and_hints_never_the_key(
    project: Path, server: FakeMT, engine: str
) -> None:
    configure(project, **fast())
    variable = {"openai": "OPENAI_API_KEY", "deepl": "DEEPL_AUTH_KEY"}.get(
        engine, "LIBRETRANSLATE_API_KEY"
    )
    url = server.url + "/v1" if engine == "openai" else server.url
    args = ["translate", "--engine", engine, "--url", url, "--dry-run", "-l", "zh_Hans"]
    if engine == "openai":
        args += ["--model", "m"]
    done = run_cli(*args, cwd=project, env={variable: KEY})
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert KEY not in out + done.stderr
    assert server.requests == []
    assert "the first of 1 requests would carry (the key is never shown)" in out
    assert "would send 12 segments" in out
    if engine == "openai":
        assert f"Document title: {TITLE}" in out and "[key 1]" in out
        assert "approved translation: Qwen 3的发布背景" in out
        assert "- アリババ → 阿里巴巴" in out  # glossary hints of the batch
        assert "of context)" in out
    elif engine == "deepl":
        assert '"context": "アリババが最新AIモデル' in out and "Qwen 3的发布背景" in out
        assert "the project glossary, uploaded before the first request" in out
    else:
        assert "no context" in out and "(from LIBRETRANSLATE_API_KEY, not shown)" in out


def test_explicit_catalogs_find_their_document_through_references(
    tmp_path_factory: pytest.TempPathFactory,
    server: FakeMT,
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tmp_path = tmp_path_factory.mktemp("elsewhere")  # not below the project
    monkeypatch.chdir(tmp_path)  # references are also looked up from the current folder
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    loose = tmp_path / "loose"
    loose.mkdir()
    shutil.copy(project / DE, loose / "de.po")
    lines: list[str] = []

    def run(catalog: str = "de.po") -> None:
        translate_files(
            [loose / catalog],
            TranslateOptions(engine="deepl", url=server.url),
            config=None,
            report=lines.append,
            source_locale="ja",
            environ={"DEEPL_AUTH_KEY": KEY},
        )

    run()
    assert any(
        "de.po: source document locales/ja/qwen3-release.md not found" in line for line in lines
    )
    assert all("context" not in r.body for r in server.translation_requests())
    assert len(drafts(loose / "de.po")) == 20  # drafts all the same
    # With the document where the reference says, relative to the catalog's folder.
    (loose / "locales/ja").mkdir(parents=True)
    shutil.copy(project / "locales/ja/qwen3-release.md", loose / "locales/ja")
    shutil.copy(project / DE, loose / "de.po")
    po = read_catalog(loose / "de.po")
    po.append(polib.POEntry(msgid="文書にない文です。", msgstr=""))
    po.save(str(loose / "de.po"))
    lines.clear()
    before = len(server.translation_requests())
    run()
    sent = server.translation_requests()[before:]
    assert sent and all(TITLE in r.body["context"] for r in sent)
    assert any("1 of 21 sentences are not in their source documents" in line for line in lines)
    assert len(drafts(loose / "de.po")) == 21
    # A reference outside the folders, or to a file that is no Markdown, is never read
    # (its lines would go to the server as context).
    (tmp_path / "secret.md").write_text("鍵の行です。\n\nSECRET-LINE\n", encoding="utf-8")
    (loose / "notes.txt").write_text("鍵の行です。SECRET-LINE\n", encoding="utf-8")
    po = polib.POFile()
    po.metadata = {"Language": "de", "Content-Type": "text/plain; charset=UTF-8"}
    entry = polib.POEntry(msgid="鍵の行です。", msgstr="")
    entry.occurrences = [
        ("../secret.md", "1"),
        ("notes.txt", "1"),
        (str(tmp_path / "secret.md"), "1"),
    ]
    po.append(entry)
    po.save(str(loose / "other.po"))
    lines.clear()
    before = len(server.translation_requests())
    run("other.po")
    (request,) = server.translation_requests()[before:]
    assert "context" not in request.body and "SECRET" not in json.dumps(request.body)
    assert any("../secret.md, notes.txt" in line for line in lines)


def test_unit_settings_and_option_errors(project: Path) -> None:
    configure(project, openai={"unit": "chapter"})
    with pytest.raises(TranslatorError, match=r"machine_translation\.openai\.unit"):
        run_translate(project)
    configure(project)
    with pytest.raises(TranslatorError, match="--unit is for the HTTP engines"):
        run_translate(project, unit="paragraph")
    done = run_cli("translate", "--unit", "paragraph", cwd=project)
    assert done.returncode == 1 and "--unit is for the HTTP engines" in done.stderr
    assert "Traceback" not in done.stderr
    assert entries(project / DE)  # nothing touched


def test_approved_translations_are_whole_groups_and_never_markers() -> None:
    """An engine is shown a group's translation under its first sentence, never the
    markers, and nothing of a group one of whose sentences is fuzzy."""
    po = polib.POFile()
    for msgid, msgstr, flags in (
        ("一文目。", "First and second.", []),
        ("二文目。", "<with previous>", []),
        ("消した文。", "<omitted>", []),
        ("三文目。", "Third, under review.", []),
        ("四文目。", "<with previous>", ["fuzzy"]),
        ("五文目。", "Fifth.", []),
        ("六文目。", "Sixth?", ["fuzzy"]),
    ):
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=flags))
    assert approved_translations(po) == {"一文目。": "First and second.", "五文目。": "Fifth."}
