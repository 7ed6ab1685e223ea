"""translator align: link types, the catalog it writes, n:m groups through update,
render, status and check, and the round trip source -> render -> align."""

from __future__ import annotations

import json
from pathlib import Path

import polib
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translator.align import align_documents
from translator.catalog.groups import JOINED, OMITTED
from translator.catalog.pofile import read_catalog
from translator.catalog.stats import catalog_stats
from translator.cli import main
from translator.document.markdown import parse_document


def _links(ja: str, en: str) -> list[tuple[int, int]]:
    """(source sentences, target sentences) of each link of a one-paragraph pair."""
    alignment = align_documents(
        parse_document(ja + "\n", lang="ja"), parse_document(en + "\n", lang="en"), "en"
    )
    return [(len(link.source), len(link.target)) for link in alignment.links]


def test_one_to_one() -> None:
    assert _links(
        "Qwen3は4月29日に公開された。モデルは8種類ある。",
        "Qwen3 was released on April 29. There are eight models.",
    ) == [(1, 1), (1, 1)]


def test_two_to_one_merge() -> None:
    assert _links(
        "対応形式はPNGとJPEGである。GIFには対応していない。画像は最大4枚まで添付できる。",
        "Supported formats are PNG and JPEG; GIF is not supported. "
        "You can attach up to four images.",
    ) == [(2, 1), (1, 1)]


def test_one_to_two_split() -> None:
    assert _links(
        "この関数は、ファイルを読み込み、各行の先頭と末尾の空白を取り除き、空行を除いたリストを返す。"
        "例外は出さない。",
        "This function reads a file and strips leading and trailing whitespace from each line. "
        "It returns a list without the empty lines. It never raises.",
    ) == [(1, 2), (1, 1)]


def test_two_to_two_crossing() -> None:
    # The cost, in the second Japanese sentence, moved into the first English one.
    assert _links(
        "新しい駅舎は2027年に完成する。総工費は約90億円で、駅前広場も同時に整備される。"
        "工事中も駅は通常どおり使える。",
        "The new station building will be completed in 2027 at a total cost of about "
        "9 billion yen. The square in front of the station will be redeveloped at the same "
        "time. The station will remain open during construction.",
    ) == [(2, 2), (1, 1)]


def test_three_to_one() -> None:
    assert _links(
        "開発チームは3人だけだ。全員が別々の国に住む。会議は週に1回である。"
        "それでも、ソフトウェアは毎月更新されている。",
        "The development team has only three members, who live in different countries and "
        "meet once a week. Even so, the software is updated every month.",
    ) == [(3, 1), (1, 1)]


def test_source_sentence_left_out() -> None:
    assert _links(
        "新駅は2027年春に開業する。総工費は約480億円だ。1日に約3万人が利用する見込みだ。"
        "周辺では商業施設の建設も始まった。",
        "The new station opens in spring 2027. The total cost is about 48 billion yen. "
        "Construction of shopping facilities has also begun in the area.",
    ) == [(1, 1), (1, 1), (1, 0), (1, 1)]


def test_translation_sentence_added() -> None:
    assert _links(
        "新駅は2027年春に開業する。総工費は約480億円だ。周辺では商業施設の建設も始まった。",
        "The new station opens in spring 2027. The total cost is about 48 billion yen. "
        "It will serve about 30,000 passengers a day. "
        "Construction of shopping facilities has also begun in the area.",
    ) == [(1, 1), (1, 1), (0, 1), (1, 1)]


SOURCE = """\
---
title: テスト記事
---

# Qwen3の公開

Qwen3は4月29日に公開された。ラインナップは密なモデル6種類とMoEモデル2種類からなる。

- `pip install translator` でインストールできる。
- Python 3.11以降が必要だ。古いバージョン3.8では動作しない。

```python
print("hello")
```

詳しくは[ガイド](https://example.com/guide)を参照。
"""

TRANSLATION = """\
---
title: A test article
---

# Qwen3 released

Qwen3 was released on April 29. The lineup consists of six dense models and two MoE models.

- You can install it with `pip install translator`.
- Python 3.11 or later is required; it does not run on version 3.8.

```python
print("hello")
```

See the [guide](https://example.com/guide) for details. It adds 12 more examples.
"""


def _project(tmp_path: Path) -> tuple[Path, Path]:
    source = tmp_path / "ja.md"
    translation = tmp_path / "en.md"
    source.write_text(SOURCE, encoding="utf-8")
    translation.write_text(TRANSLATION, encoding="utf-8")
    return source, translation


def test_align_command_writes_the_catalog_and_render_gives_the_translation_back(
    tmp_path: Path,
) -> None:
    source, translation = _project(tmp_path)
    catalog = tmp_path / "en.po"
    runner = CliRunner()
    result = runner.invoke(
        main, ["align", str(source), str(translation), "--locale", "en", "-o", str(catalog)]
    )
    assert result.exit_code == 0, result.output
    assert "translated" in result.output and "fuzzy" in result.output
    po = read_catalog(catalog)
    entries = {e.msgid: e for e in po}
    title = entries["テスト記事"]
    assert title.msgstr == "A test article" and "fuzzy" not in title.flags
    head = entries["Python 3.11以降が必要だ。"]
    member = entries["古いバージョン3.8では動作しない。"]
    assert head.msgstr == "Python 3.11 or later is required; it does not run on version 3.8."
    assert member.msgstr == JOINED
    assert "fuzzy" in head.flags and "fuzzy" in member.flags
    assert "aligned: score" in head.tcomment
    last = entries["詳しくは[ガイド](https://example.com/guide)を参照。"]
    assert last.msgstr.endswith("It adds 12 more examples.")
    rendered = runner.invoke(
        main,
        ["render", str(source), "--catalog", str(catalog), "--locale", "en",
         "--include-fuzzy", "--threshold", "0"],
    )  # fmt: skip
    assert rendered.exit_code == 0, rendered.output
    assert rendered.output == TRANSLATION


def test_align_json_lists_every_link_in_document_order(tmp_path: Path) -> None:
    source, translation = _project(tmp_path)
    result = CliRunner().invoke(
        main,
        ["align", str(source), str(translation), "--locale", "en", "-o",
         str(tmp_path / "en.po"), "--format", "json", "--dry-run"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    links = json.loads(result.output)
    assert not (tmp_path / "en.po").exists()
    assert {tuple(sorted(link)) for link in links} == {("score", "source", "target", "written")}
    assert links[0] == {
        "source": ["テスト記事"], "target": "A test article", "score": links[0]["score"],
        "written": "translated",
    }  # fmt: skip
    added = [link for link in links if not link["source"]]
    assert [a["target"] for a in added] == ["It adds 12 more examples."]
    assert added[0]["written"] == "fuzzy"  # placed with its neighbour
    merged = [link for link in links if len(link["source"]) == 2]
    assert merged and merged[0]["written"] == "fuzzy"
    assert all(0 <= link["score"] <= 100 for link in links)


def test_existing_translations_are_kept_unless_overwrite(tmp_path: Path) -> None:
    source, translation = _project(tmp_path)
    catalog = tmp_path / "en.po"
    runner = CliRunner()
    args = ["align", str(source), str(translation), "--locale", "en", "-o", str(catalog)]
    assert runner.invoke(main, args).exit_code == 0
    po = read_catalog(catalog)
    for entry in po:
        if entry.msgid == "Qwen3の公開":
            entry.msgstr = "Our own title"
            entry.flags = []
    po.save(str(catalog))
    result = runner.invoke(main, [*args, "--format", "json"])
    assert {"source": ["Qwen3の公開"], "target": "Qwen3 released"}.items() <= next(
        link for link in json.loads(result.output) if link["source"] == ["Qwen3の公開"]
    ).items()
    assert {e.msgid: e.msgstr for e in read_catalog(catalog)}["Qwen3の公開"] == "Our own title"
    runner.invoke(main, [*args, "--overwrite"])
    assert {e.msgid: e.msgstr for e in read_catalog(catalog)}["Qwen3の公開"] == "Qwen3 released"


def test_a_group_survives_update_and_an_edit_makes_it_fuzzy(tmp_path: Path) -> None:
    source, translation = _project(tmp_path)
    catalog = tmp_path / "en.po"
    pot = tmp_path / "ja.pot"
    runner = CliRunner()
    runner.invoke(main, ["align", str(source), str(translation), "--locale", "en", "-o",
                         str(catalog)])  # fmt: skip
    # A reviewer approves the merge in a PO editor: fuzzy goes from both sentences.
    po = read_catalog(catalog)
    for entry in po:
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
    po.save(str(catalog))
    def state() -> list[tuple[str, str, list[str]]]:
        return [(e.msgid, e.msgstr, e.flags) for e in read_catalog(catalog)]

    before = state()
    assert runner.invoke(main, ["extract", str(source), "-o", str(pot)]).exit_code == 0
    assert runner.invoke(main, ["update", str(catalog), "--template", str(pot)]).exit_code == 0
    assert state() == before  # every sentence of the group kept as it was
    stats = catalog_stats(read_catalog(catalog))
    assert stats.translated == stats.total
    rendered = runner.invoke(
        main, ["render", str(source), "--catalog", str(catalog), "--locale", "en"]
    )
    assert rendered.output == TRANSLATION
    # Edit the second sentence of the group: the whole group becomes fuzzy.
    source.write_text(SOURCE.replace("古いバージョン3.8", "古いバージョン3.7"), encoding="utf-8")
    runner.invoke(main, ["extract", str(source), "-o", str(pot)])
    runner.invoke(main, ["update", str(catalog), "--template", str(pot)])
    entries = {e.msgid: e for e in read_catalog(catalog)}
    assert "fuzzy" in entries["Python 3.11以降が必要だ。"].flags
    assert "fuzzy" in entries["古いバージョン3.7では動作しない。"].flags
    stats = catalog_stats(read_catalog(catalog))
    assert stats.fuzzy == 2
    rendered = runner.invoke(
        main, ["render", str(source), "--catalog", str(catalog), "--locale", "en",
               "--threshold", "0"]
    )  # fmt: skip
    assert "- Python 3.11以降が必要だ。古いバージョン3.7では動作しない。\n" in rendered.output


def test_status_and_check_count_a_group_as_its_first_sentence(tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = {"Language": "en", "Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="売上は3億円だった。", msgstr=""))
    po.append(polib.POEntry(msgid="利益は5000万円だった。", msgstr=JOINED))
    po.append(polib.POEntry(msgid="以上。", msgstr=OMITTED))
    stats = catalog_stats(po)
    assert (stats.translated, stats.untranslated) == (1, 2)  # the group is untranslated
    po[0].msgstr = "Sales were 300 million yen and profit 50 million yen."
    assert catalog_stats(po).translated == 3
    path = tmp_path / "en.po"
    po.save(str(path))
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.output)
    assert not [f for f in findings if f["check"] == "number_mismatch"], findings
    po[0].msgstr = "Sales were 300 million yen."
    po.save(str(path))
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    assert any(f["check"] == "number_mismatch" for f in json.loads(result.output))


# --- round trip: source -> render with a complete catalog -> align gives the catalog back

_PAIRS = [
    ("モデルは{n}種類ある。", "There are {n} models."),
    ("価格は{n}ドルだ。", "The price is {n} dollars."),
    ("会議は{n}時に始まる。", "The meeting starts at {n} o'clock."),
    ("参加者は約{n}人だった。", "About {n} people took part."),
    ("`run{n}` を実行する。", "Run `run{n}`."),
    ("詳しくは[第{n}章](https://example.com/{n})を参照してほしい。",
     "See [chapter {n}](https://example.com/{n}) for details."),
    ("サーバーは{n}台ある。", "There are {n} servers."),
]  # fmt: skip


@st.composite
def _documents(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    blocks = draw(st.lists(st.integers(1, 4), min_size=1, max_size=8))
    kinds = draw(st.lists(st.sampled_from(["p", "h", "li"]), min_size=len(blocks),
                          max_size=len(blocks)))  # fmt: skip
    numbers = iter(draw(st.permutations(range(10, 200)))[: sum(blocks)])
    table: dict[str, str] = {}
    parts: list[str] = []
    for size, kind in zip(blocks, kinds, strict=True):
        sentences = []
        for _ in range(size if kind == "p" else 1):
            ja, en = draw(st.sampled_from(_PAIRS))
            n = next(numbers)
            sentences.append(ja.format(n=n))
            table[ja.format(n=n)] = en.format(n=n)
        text = "".join(sentences)
        parts.append({"p": text, "h": "## " + text, "li": "- " + text}[kind])
    return "\n\n".join(parts) + "\n", table


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents())
def test_aligning_the_source_with_its_own_render_gives_the_catalog_back(
    document: tuple[str, dict[str, str]],
) -> None:
    from translator.locales import locale_info
    from translator.render import render_document

    text, table = document
    source = parse_document(text, lang="ja")
    rendered = render_document(source, table, locale_info("en"))
    target = parse_document(rendered, lang="en")
    alignment = align_documents(source, target, "en")
    found = {
        link.source[0].msgid: alignment.target_text(link)
        for link in alignment.links
        if len(link.source) == 1 and len(link.target) == 1
    }
    assert found == table
    assert all(len(link.source) == len(link.target) == 1 for link in alignment.links)


def _align_and_render(tmp_path: Path, ja: str, en: str) -> tuple[str, dict[str, str]]:
    """Align ``en`` with ``ja`` through the CLI, render the catalog back (fuzzy included):
    the rendered text and the catalog's msgstrs."""
    (tmp_path / "ja.md").write_text(ja, encoding="utf-8")
    (tmp_path / "en.md").write_text(en, encoding="utf-8")
    catalog = tmp_path / "en.po"
    runner = CliRunner()
    aligned = runner.invoke(
        main,
        ["align", str(tmp_path / "ja.md"), str(tmp_path / "en.md"), "--locale", "en",
         "-o", str(catalog)],
    )  # fmt: skip
    assert aligned.exit_code == 0, aligned.output
    rendered = runner.invoke(
        main,
        ["render", str(tmp_path / "ja.md"), "--catalog", str(catalog), "--locale", "en",
         "--include-fuzzy", "--threshold", "0"],
    )  # fmt: skip
    assert rendered.exit_code == 0, rendered.output
    return rendered.output, {e.msgid: e.msgstr for e in read_catalog(catalog)}


def test_a_stale_paragraph_of_the_translation_stays_unpaired() -> None:
    ja = (
        "# リリース\n\nバージョン3.2を公開した。\n\n"
        "`build` コマンドが20%速くなった。\n\n"
        "Windowsでは `--watch` が使えない。\n\n"
        "次のリリースは6月の予定だ。\n"
    )
    en = (
        "# Release\n\nVersion 3.2 is out.\n\n"
        "The `build` command is 20% faster.\n\n"
        "The `legacy` option was removed in version 2.0 and is no longer documented.\n\n"
        "On Windows, `--watch` is not available.\n\n"
        "The next release is planned for June.\n"
    )
    alignment = align_documents(
        parse_document(ja, lang="ja"), parse_document(en, lang="en"), "en"
    )
    pairs = [(s, t) for s, t, _ in alignment.block_pairs]
    assert pairs == [(0, 0), (1, 1), (2, 2), (None, 3), (3, 4), (4, 5)]


def test_a_merge_whose_sentence_recurs_the_same_way_renders_back(tmp_path: Path) -> None:
    ja = (
        "この API は `willMount` から `unsafeWillMount` に名前が変更されました。"
        "古い名前は非推奨となりました。\n\n"
        "この API は `willUpdate` から `unsafeWillUpdate` に名前が変更されました。"
        "古い名前は非推奨となりました。\n"
    )
    en = (
        "This API has been renamed from `willMount` to `unsafeWillMount`, and the old name "
        "has been deprecated.\n\n"
        "This API has been renamed from `willUpdate` to `unsafeWillUpdate`, and the old name "
        "has been deprecated.\n"
    )
    rendered, msgstrs = _align_and_render(tmp_path, ja, en)
    assert msgstrs["古い名前は非推奨となりました。"] == JOINED
    assert rendered == en


def test_a_sentence_left_out_once_keeps_its_translation_elsewhere(tmp_path: Path) -> None:
    ja = (
        "設定ファイルを作成する。"
        "詳しくは後述する。\n\n"
        "キャッシュは自動で消える。詳しくは後述する。\n"
    )
    en = (
        "Create a configuration file.\n\n"
        "The cache is cleared automatically. Details follow below.\n"
    )
    rendered, msgstrs = _align_and_render(tmp_path, ja, en)
    assert msgstrs["詳しくは後述する。"] == "Details follow below."  # not <omitted>
    assert "The cache is cleared automatically. Details follow below." in rendered


def test_markup_the_source_keeps_apart_is_not_rendered_twice(tmp_path: Path) -> None:
    # The English ellipsis ends no sentence, so its last sentence takes in ":::".
    ja = "::: tip 注意\nこの機能は実験的です。今後変更されます…。\n:::\n"
    en = "::: tip Note\nThis feature is experimental. It will change...\n:::\n"
    rendered, msgstrs = _align_and_render(tmp_path, ja, en)
    assert msgstrs["今後変更されます…。"] == "It will change..."
    assert rendered.count(":::") == 2


def test_a_sentence_and_a_translation_sentence_alone_in_their_blocks_pair_by_place(
    tmp_path: Path,
) -> None:
    ja = "この関数は値を返す。`foo` は 2019 年に 15 個の変更を加えた。\n"
    en = "This function returns a value. `bar` lists 40 changes since 2021.\n"
    rendered, msgstrs = _align_and_render(tmp_path, ja, en)
    # neither explains the other, but nothing else is there to translate either
    assert msgstrs["`foo` は 2019 年に 15 個の変更を加えた。"] == "`bar` lists 40 changes since 2021."
    assert rendered == en


def test_project_align_writes_the_catalog_that_update_and_render_use(tmp_path: Path) -> None:
    # A layout whose catalogs are named by the document's path ({path}, as the MkDocs,
    # Docusaurus and Hugo layouts of `translator init` write them): align must fill the
    # catalog render reads, not one named after the file's stem.
    from tests.cli_run import run_cli

    (tmp_path / "docs/guide").mkdir(parents=True)
    (tmp_path / "docs/guide/intro.md").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "translations").mkdir()
    (tmp_path / "translations/intro.md").write_text(TRANSLATION, encoding="utf-8")
    (tmp_path / "translator.yaml").write_text(
        "source_locale: ja\ntarget_locales: [en]\ndocuments: ['docs/**/*.md']\n"
        "templates: locales/{path}.pot\ncatalogs: locales/{locale}/{path}.po\n"
        "output: build/{locale}/{path}.md\nglossary: []\n",
        encoding="utf-8",
    )
    for args in (["sync"], ["align", "--locale", "en", "--from", "translations/{name}.md"]):
        done = run_cli(*args, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.po")) == [
        "locales/en/guide/intro.po"
    ]
    title = {e.msgid: e for e in read_catalog(tmp_path / "locales/en/guide/intro.po")}["テスト記事"]
    assert title.msgstr == "A test article"
    done = run_cli("render", "--include-fuzzy", "--threshold", "0", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "build/en/guide/intro.md").read_text(encoding="utf-8") == TRANSLATION
