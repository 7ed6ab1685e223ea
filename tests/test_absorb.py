"""translator absorb: a reviewer's edits of a rendered article back into its catalog.

Real files: a source, its catalog made by extract + update and translated, a render with
its record, the rendered file edited as a reviewer edits it, then absorb and the catalog
read back. Each edit asserts the exact entries that change and that every other entry is
byte for byte what it was; render then gives the edited file back.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_cli import run as run_in
from translator.absorb import absorb_edits, find_changes, record_path
from translator.catalog.groups import JOINED, OMITTED
from translator.catalog.pofile import read_catalog, save_catalog
from translator.catalog.stats import translations
from translator.cli import main
from translator.document.markdown import parse_document
from translator.locales import locale_info
from translator.render import RenderedSpan, render_document

SOURCE = """\
---
title: 新しいモデルの紹介
---

# Qwen3の公開

Qwen3は4月29日に公開された。ラインナップは密なモデル6種類とMoEモデル2種類からなる。最大のものを含め、すべてのモデルはApache 2.0で提供される。

## 導入

- `pip install qwen` でインストールできる。
- Python 3.11以降が必要だ。古いバージョン3.8では動作しない。

```python
import qwen
```

詳しくは[ガイド](https://example.com/guide)を参照。質問はフォーラムで受け付ける。
"""

EN = {
    "新しいモデルの紹介": "Introducing the new models",
    "Qwen3の公開": "Qwen3 released",
    "Qwen3は4月29日に公開された。": "Qwen3 was released on April 29.",
    "ラインナップは密なモデル6種類とMoEモデル2種類からなる。": "The lineup consists of six dense models and two MoE models.",
    "最大のものを含め、すべてのモデルはApache 2.0で提供される。": "All models, including the largest one, are available under Apache 2.0.",
    "導入": "Getting started",
    "`pip install qwen` でインストールできる。": "Install it with `pip install qwen`.",
    "Python 3.11以降が必要だ。": "Python 3.11 or later is required.",
    "古いバージョン3.8では動作しない。": "It does not run on the older version 3.8.",
    "詳しくは[ガイド](https://example.com/guide)を参照。": "See the [guide](https://example.com/guide) for details.",
    "質問はフォーラムで受け付ける。": "Questions are welcome in the forum.",
}

RENDERED = """\
---
title: Introducing the new models
---

# Qwen3 released

Qwen3 was released on April 29. The lineup consists of six dense models and two MoE models. All models, including the largest one, are available under Apache 2.0.

## Getting started

- Install it with `pip install qwen`.
- Python 3.11 or later is required. It does not run on the older version 3.8.

```python
import qwen
```

See the [guide](https://example.com/guide) for details. Questions are welcome in the forum.
"""


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def article(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(source, catalog, rendered file): the catalog made by extract + update and
    translated, the file rendered from it (with its record)."""
    source = tmp_path / "article.md"
    source.write_text(SOURCE, encoding="utf-8")
    pot = tmp_path / "article.pot"
    catalog = tmp_path / "en.po"
    assert invoke("extract", str(source), "-o", str(pot)).exit_code == 0
    assert invoke("update", str(catalog), "--template", str(pot), "--locale", "en").exit_code == 0
    po = read_catalog(catalog)
    for entry in po:
        entry.msgstr = EN[entry.msgid]
    save_catalog(po, catalog)
    output = tmp_path / "build" / "en" / "article.md"
    result = invoke("render", str(source), "--catalog", str(catalog), "--locale", "en", "-o", str(output))
    assert result.exit_code == 0, result.output
    assert output.read_text(encoding="utf-8") == RENDERED
    return source, catalog, output


def edit(path: Path, *replacements: tuple[str, str]) -> str:
    """Edit a file as a reviewer does: each old text occurs once and is replaced."""
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def absorb(source: Path, catalog: Path, output: Path, *more: str) -> Result:
    return invoke(
        "absorb", str(output), "--source", str(source), "--catalog", str(catalog), "--locale", "en", *more
    )


def chunks(catalog: Path) -> dict[str, str]:
    """Each entry's lines in the catalog file, by msgid."""
    blocks = catalog.read_text(encoding="utf-8").split("\n\n")
    return {e.msgid: block for e, block in zip(read_catalog(catalog), blocks[1:], strict=True)}


def entries(catalog: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in read_catalog(catalog)}


def render(source: Path, catalog: Path, *more: str) -> str:
    result = invoke("render", str(source), "--catalog", str(catalog), "--locale", "en", *more)
    assert result.exit_code == 0, result.output
    return result.output


def assert_only_changed(before: dict[str, str], catalog: Path, changed: set[str]) -> None:
    after = chunks(catalog)
    assert after.keys() == before.keys()
    assert {m for m in before if before[m] != after[m]} == changed


# --- each kind of edit


def test_three_reworded_sentences_take_the_new_text_and_keep_the_old_one_in_a_comment(
    article: tuple[Path, Path, Path],
) -> None:
    source, catalog, output = article
    before = chunks(catalog)
    edited = edit(
        output,
        ("title: Introducing the new models", "title: Introducing the Qwen3 models"),
        ("Qwen3 was released on April 29.", "Qwen3 came out on April 29."),
        ("Install it with `pip install qwen`.", "Install it by running `pip install qwen`."),
    )
    result = absorb(source, catalog, output)
    assert result.exit_code == 0, result.output
    assert "3 entries from 3 edits: 3 edited (written)" in result.output
    assert_only_changed(
        before, catalog, {"新しいモデルの紹介", "Qwen3は4月29日に公開された。", "`pip install qwen` でインストールできる。"}
    )
    found = entries(catalog)
    title = found["新しいモデルの紹介"]
    assert (title.msgstr, title.flags, title.tcomment) == (
        "Introducing the Qwen3 models", [], "absorbed: before: Introducing the new models"
    )
    first = found["Qwen3は4月29日に公開された。"]
    assert (first.msgstr, first.flags, first.tcomment) == (
        "Qwen3 came out on April 29.", [], "absorbed: before: Qwen3 was released on April 29."
    )
    install = found["`pip install qwen` でインストールできる。"]
    assert install.msgstr == "Install it by running `pip install qwen`."
    assert install.tcomment == "absorbed: before: Install it with `pip install qwen`."
    assert "#. " in chunks(catalog)["Qwen3は4月29日に公開された。"]  # extracted comments stay
    assert render(source, catalog) == edited


def test_two_sentences_merged_become_a_group(article: tuple[Path, Path, Path]) -> None:
    source, catalog, output = article
    before = chunks(catalog)
    edited = edit(
        output,
        (
            "Python 3.11 or later is required. It does not run on the older version 3.8.",
            "Python 3.11 or later is required; the older version 3.8 is not supported.",
        ),
    )
    result = absorb(source, catalog, output)
    assert result.exit_code == 0, result.output
    assert "2 entries from 1 edit: 1 merged" in result.output
    assert_only_changed(before, catalog, {"Python 3.11以降が必要だ。", "古いバージョン3.8では動作しない。"})
    found = entries(catalog)
    head, member = found["Python 3.11以降が必要だ。"], found["古いバージョン3.8では動作しない。"]
    assert head.msgstr == "Python 3.11 or later is required; the older version 3.8 is not supported."
    assert head.tcomment == "absorbed: before: Python 3.11 or later is required."
    assert member.msgstr == JOINED
    assert member.tcomment == "absorbed: before: It does not run on the older version 3.8."
    assert head.flags == member.flags == []
    assert render(source, catalog) == edited


def test_an_added_sentence_goes_with_the_sentence_before_it(article: tuple[Path, Path, Path]) -> None:
    source, catalog, output = article
    before = chunks(catalog)
    edited = edit(
        output,
        (
            "for details. Questions are",
            "for details. It has many examples. Questions are",
        ),
    )
    result = absorb(source, catalog, output)
    assert result.exit_code == 0, result.output
    assert_only_changed(before, catalog, {"詳しくは[ガイド](https://example.com/guide)を参照。"})
    entry = entries(catalog)["詳しくは[ガイド](https://example.com/guide)を参照。"]
    assert entry.msgstr == "See the [guide](https://example.com/guide) for details. It has many examples."
    assert entry.tcomment == "absorbed: before: See the [guide](https://example.com/guide) for details."
    assert entries(catalog)["質問はフォーラムで受け付ける。"].msgstr == "Questions are welcome in the forum."
    assert render(source, catalog) == edited


def test_a_deleted_clause(article: tuple[Path, Path, Path]) -> None:
    source, catalog, output = article
    before = chunks(catalog)
    edited = edit(output, (", including the largest one,", ""))
    result = absorb(source, catalog, output)
    assert result.exit_code == 0, result.output
    msgid = "最大のものを含め、すべてのモデルはApache 2.0で提供される。"
    assert_only_changed(before, catalog, {msgid})
    assert entries(catalog)[msgid].msgstr == "All models are available under Apache 2.0."
    assert render(source, catalog) == edited


def test_a_deleted_sentence_is_omitted(article: tuple[Path, Path, Path]) -> None:
    source, catalog, output = article
    before = chunks(catalog)
    edited = edit(output, (" The lineup consists of six dense models and two MoE models.", ""))
    result = absorb(source, catalog, output)
    assert result.exit_code == 0, result.output
    msgid = "ラインナップは密なモデル6種類とMoEモデル2種類からなる。"
    assert_only_changed(before, catalog, {msgid})
    assert entries(catalog)[msgid].msgstr == OMITTED
    assert render(source, catalog) == edited


def test_every_kind_of_edit_at_once_then_render_gives_the_edited_file_back(
    article: tuple[Path, Path, Path],
) -> None:
    source, catalog, output = article
    before = chunks(catalog)
    edited = edit(
        output,
        ("# Qwen3 released", "# Qwen3 is out"),
        ("Qwen3 was released on April 29.", "Qwen3 came out on April 29."),
        ("## Getting started", "## Installation"),
        (
            "Python 3.11 or later is required. It does not run on the older version 3.8.",
            "Python 3.11 or later is required; 3.8 is too old.",
        ),
        ("for details. Questions", "for details. It has many examples. Questions"),
        (", including the largest one,", ""),
    )
    result = absorb(source, catalog, output)
    assert result.exit_code == 0, result.output
    assert_only_changed(
        before,
        catalog,
        {
            "Qwen3の公開", "Qwen3は4月29日に公開された。", "導入", "Python 3.11以降が必要だ。",
            "古いバージョン3.8では動作しない。", "詳しくは[ガイド](https://example.com/guide)を参照。",
            "最大のものを含め、すべてのモデルはApache 2.0で提供される。",
        },
    )  # fmt: skip
    assert render(source, catalog) == edited
    assert output.read_text(encoding="utf-8") == edited  # the reviewer's file as they left it
    # Taken in: the file counts as rendered from the catalog now.
    again = absorb(source, catalog, output)
    assert again.exit_code == 0 and "not edited since it was rendered" in again.output
    result = invoke("render", str(source), "--catalog", str(catalog), "--locale", "en", "-o", str(output))
    assert result.exit_code == 0, result.output
    assert output.read_text(encoding="utf-8") == edited


def test_fuzzy_leaves_the_new_text_for_a_translator_to_approve(
    article: tuple[Path, Path, Path],
) -> None:
    source, catalog, output = article
    edited = edit(output, ("Qwen3 was released on April 29.", "Qwen3 came out on April 29."))
    result = absorb(source, catalog, output, "--fuzzy")
    assert result.exit_code == 0, result.output
    entry = entries(catalog)["Qwen3は4月29日に公開された。"]
    assert entry.msgstr == "Qwen3 came out on April 29." and entry.flags == ["fuzzy"]
    assert "Qwen3は4月29日に公開された。" in render(source, catalog, "--threshold", "0")
    assert render(source, catalog, "--include-fuzzy") == edited
    # The edits are held in the catalog, so rendering over the file loses nothing.
    assert absorb(source, catalog, output).output.endswith("not edited since it was rendered\n")


def test_dry_run_json_shows_before_and_after_and_writes_nothing(
    article: tuple[Path, Path, Path],
) -> None:
    source, catalog, output = article
    bytes_before = catalog.read_bytes()
    record_before = record_path(output).read_bytes()
    edit(
        output,
        (
            "Python 3.11 or later is required. It does not run on the older version 3.8.",
            "Python 3.11 or later is required; 3.8 is too old.",
        ),
    )
    result = absorb(source, catalog, output, "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["state"] == "absorbed" and data["written"] is False
    assert data["not_taken_back"] == []
    assert data["changes"] == [
        {
            "line": 12,
            "how": "merged",
            "source": ["Python 3.11以降が必要だ。", "古いバージョン3.8では動作しない。"],
            "before": ["Python 3.11 or later is required.", "It does not run on the older version 3.8."],
            "after": ["Python 3.11 or later is required; 3.8 is too old.", JOINED],
            "fuzzy": False,
            "written": True,
        }
    ]
    assert catalog.read_bytes() == bytes_before
    assert record_path(output).read_bytes() == record_before


def test_two_sentences_swapped_become_a_group(article: tuple[Path, Path, Path]) -> None:
    source, catalog, output = article
    before = chunks(catalog)
    edited = edit(
        output,
        (
            "See the [guide](https://example.com/guide) for details. Questions are welcome in the forum.",
            "Questions are welcome in the forum. See the [guide](https://example.com/guide) for details.",
        ),
    )
    assert absorb(source, catalog, output).exit_code == 0
    head, member = "詳しくは[ガイド](https://example.com/guide)を参照。", "質問はフォーラムで受け付ける。"
    assert_only_changed(before, catalog, {head, member})
    assert entries(catalog)[head].msgstr == (
        "Questions are welcome in the forum. See the [guide](https://example.com/guide) for details."
    )
    assert entries(catalog)[member].msgstr == JOINED
    assert render(source, catalog) == edited


def _small(tmp_path: Path, source_text: str, table: dict[str, str], *render_args: str) -> tuple[Path, Path, Path]:
    source = tmp_path / "small.md"
    source.write_text(source_text, encoding="utf-8")
    catalog = tmp_path / "en.po"
    po = polib.POFile()
    po.metadata = {"Language": "en", "Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr in table.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    save_catalog(po, catalog)
    output = tmp_path / "out.md"
    result = invoke("render", str(source), "--catalog", str(catalog), "-o", str(output), *render_args)
    assert result.exit_code == 0, result.output
    return source, catalog, output


def test_a_sentence_added_at_the_end_of_a_line_stays_on_that_line(tmp_path: Path) -> None:
    # One sentence per line, in a block quote: the added sentence belongs to the first.
    source, catalog, output = _small(
        tmp_path,
        "> 一行目の文です。\n> 二行目の文です。\n",
        {"一行目の文です。": "The first line.", "二行目の文です。": "The second line."},
    )
    assert output.read_text(encoding="utf-8") == "> The first line.\n> The second line.\n"
    edited = edit(
        output,
        ("> The first line.\n> The second line.", "> The first line. Added here.\n> Line two, reworded."),
    )
    result = absorb(source, catalog, output)
    assert result.exit_code == 0, result.output
    found = entries(catalog)
    assert found["一行目の文です。"].msgstr == "The first line. Added here."
    assert found["二行目の文です。"].msgstr == "Line two, reworded."
    assert render(source, catalog) == edited


def test_a_sentence_still_in_japanese_translated_in_place(tmp_path: Path) -> None:
    source, catalog, output = _small(
        tmp_path,
        "# 見出し\n\n最初の文。まだ訳されていない文。最後の文。\n",
        {"見出し": "Heading", "最初の文。": "The first sentence.", "まだ訳されていない文。": "",
         "最後の文。": "The last sentence."},
        "--threshold", "0",
    )  # fmt: skip
    assert "The first sentence. まだ訳されていない文。 The last sentence." in output.read_text(
        encoding="utf-8"
    )
    edit(output, ("まだ訳されていない文。", "A sentence not translated yet."))
    result = absorb(source, catalog, output)
    assert result.exit_code == 0, result.output
    entry = entries(catalog)["まだ訳されていない文。"]
    assert entry.msgstr == "A sentence not translated yet."
    assert entry.tcomment == "absorbed: before: (untranslated)"
    # A reviewer who leaves out the space between two sentences gets render's spacing.
    (tmp_path / "b").mkdir()
    source2, catalog2, output2 = _small(
        tmp_path / "b", "最初の文。二番目の文。\n", {"最初の文。": "", "二番目の文。": ""}, "--threshold", "0"
    )
    assert output2.read_text(encoding="utf-8") == "最初の文。二番目の文。\n"
    edit(output2, ("最初の文。", "The first sentence."))
    result = absorb(source2, catalog2, output2)
    assert result.exit_code == 0, result.output
    assert "1 place differs only in the spacing between sentences" in result.output
    assert entries(catalog2)["最初の文。"].msgstr == "The first sentence."
    assert render(source2, catalog2, "--threshold", "0") == "The first sentence. 二番目の文。\n"


def test_a_fuzzy_translation_rendered_with_include_fuzzy_is_approved_when_edited(
    tmp_path: Path,
) -> None:
    source, catalog, output = _small(
        tmp_path,
        "# 見出し\n\n最初の文。最後の文。\n",
        {"見出し": "Heading", "最初の文。": "The first sentence.", "最後の文。": "The last sentence."},
    )
    po = read_catalog(catalog)
    po[2].flags = ["fuzzy"]
    po[2].previous_msgid = "最後の文だ。"
    save_catalog(po, catalog)
    record_path(output).unlink()
    output.unlink()
    args = ("render", str(source), "--catalog", str(catalog), "-o", str(output), "--include-fuzzy")
    assert invoke(*args).exit_code == 0
    before = chunks(catalog)
    edited = edit(output, ("The last sentence.", "The final sentence."))
    result = absorb(source, catalog, output)  # the record says: rendered with fuzzy ones
    assert result.exit_code == 0, result.output
    assert_only_changed(before, catalog, {"最後の文。"})
    entry = entries(catalog)["最後の文。"]
    assert (entry.msgstr, entry.flags, entry.previous_msgid) == ("The final sentence.", [], None)
    assert render(source, catalog) == edited


def test_sentences_that_read_as_one_stay_apart_where_the_edit_left_them_alone(
    tmp_path: Path,
) -> None:
    # The first translation is no sentence of its own: the two read as one English
    # sentence, yet they are two entries, and an edit elsewhere must not join them.
    source, catalog, output = _small(
        tmp_path,
        "条件は二つある。一つ目は速度だ。最後に価格を見る。\n",
        {"条件は二つある。": "There are two conditions,", "一つ目は速度だ。": "the first being speed.",
         "最後に価格を見る。": "Finally, we look at the price."},
    )  # fmt: skip
    before = chunks(catalog)
    edited = edit(output, ("Finally, we look at the price.", "Price comes last."))
    assert absorb(source, catalog, output).exit_code == 0
    assert_only_changed(before, catalog, {"最後に価格を見る。"})
    assert render(source, catalog) == edited


# --- refusals


def test_a_file_rendered_from_an_older_source_is_refused(article: tuple[Path, Path, Path]) -> None:
    source, catalog, output = article
    edit(output, ("Qwen3 was released on April 29.", "Qwen3 came out on April 29."))
    source.write_text(SOURCE.replace("質問はフォーラムで", "質問はメールで"), encoding="utf-8")
    bytes_before = catalog.read_bytes()
    result = absorb(source, catalog, output)
    assert result.exit_code == 1
    assert f"the source {source} changed since this file was rendered" in result.output
    assert catalog.read_bytes() == bytes_before


def test_a_file_rendered_from_an_older_catalog_is_refused(article: tuple[Path, Path, Path]) -> None:
    source, catalog, output = article
    edit(output, ("Qwen3 was released on April 29.", "Qwen3 came out on April 29."))
    po = read_catalog(catalog)
    for entry in po:
        if entry.msgid == "導入":
            entry.msgstr = "Installation"  # a translator's edit since the render
    save_catalog(po, catalog)
    bytes_before = catalog.read_bytes()
    result = absorb(source, catalog, output)
    assert result.exit_code == 1
    assert f"translations in {catalog} changed since this file was rendered" in result.output
    assert catalog.read_bytes() == bytes_before
    # --force measures the edits against the current render: the translator's new
    # heading reads as the reviewer's undoing, so the old heading comes back.
    forced = absorb(source, catalog, output, "--force")
    assert forced.exit_code == 0, forced.output
    assert entries(catalog)["Qwen3は4月29日に公開された。"].msgstr == "Qwen3 came out on April 29."
    assert entries(catalog)["導入"].msgstr == "Getting started"


def test_a_catalog_change_that_does_not_touch_the_render_is_no_reason_to_refuse(
    article: tuple[Path, Path, Path],
) -> None:
    source, catalog, output = article
    edit(output, ("Qwen3 was released on April 29.", "Qwen3 came out on April 29."))
    po = read_catalog(catalog)
    po[3].tcomment = "a translator's note"
    save_catalog(po, catalog)
    result = absorb(source, catalog, output)
    assert result.exit_code == 0, result.output
    assert entries(catalog)["Qwen3は4月29日に公開された。"].msgstr == "Qwen3 came out on April 29."


def test_a_file_with_no_render_record_is_refused_unless_forced(
    article: tuple[Path, Path, Path],
) -> None:
    source, catalog, output = article
    record_path(output).unlink()
    edit(output, ("Qwen3 was released on April 29.", "Qwen3 came out on April 29."))
    result = absorb(source, catalog, output)
    assert result.exit_code == 1
    assert "no render record (.article.md.render)" in result.output
    assert absorb(source, catalog, output, "--force").exit_code == 0
    assert entries(catalog)["Qwen3は4月29日に公開された。"].msgstr == "Qwen3 came out on April 29."
    assert record_path(output).exists()


def test_an_html_page_cannot_be_taken_back(article: tuple[Path, Path, Path]) -> None:
    source, catalog, output = article
    page = output.with_suffix(".html")
    result = invoke("render", str(source), "--catalog", str(catalog), "--locale", "en", "-o", str(page))
    assert result.exit_code == 0, result.output
    assert not record_path(page).exists()
    result = absorb(source, catalog, page)
    assert result.exit_code == 1
    assert "an HTML page cannot be taken back" in result.output


def test_render_leaves_an_edited_file_alone_until_its_edits_are_taken_back(
    article: tuple[Path, Path, Path],
) -> None:
    source, catalog, output = article
    edited = edit(output, ("Qwen3 was released on April 29.", "Qwen3 came out on April 29."))
    args = ("render", str(source), "--catalog", str(catalog), "--locale", "en", "-o", str(output))
    result = invoke(*args)
    assert result.exit_code == 1
    assert "edited since it was rendered; left as it is" in result.output
    assert output.read_text(encoding="utf-8") == edited
    assert absorb(source, catalog, output).exit_code == 0
    assert invoke(*args).exit_code == 0
    assert output.read_text(encoding="utf-8") == edited


# --- what a catalog cannot hold


def test_changed_structure_goes_to_the_aligner_and_what_it_cannot_place_is_listed(
    article: tuple[Path, Path, Path],
) -> None:
    source, catalog, output = article
    before = chunks(catalog)
    # The paragraph split in two, one of its sentences reworded; a list item added.
    edited = edit(
        output,
        (
            "Qwen3 was released on April 29. The lineup",
            "Qwen3 came out on April 29.\n\nThe lineup",
        ),
        (
            "- Python 3.11 or later",
            "- It runs on Linux and macOS.\n- Python 3.11 or later",
        ),
    )
    result = absorb(source, catalog, output)
    assert result.exit_code == 1, result.output
    assert_only_changed(before, catalog, {"Qwen3は4月29日に公開された。"})
    assert entries(catalog)["Qwen3は4月29日に公開された。"].msgstr == "Qwen3 came out on April 29."
    assert f"{output}:7: aligned: Qwen3 came out on April 29." in result.output
    assert "not taken back" in result.output
    assert f"{output}:8: (deleted)" not in result.output
    assert f"{output}:14: - It runs on Linux and macOS." in result.output
    assert f"{output}:7-9: Qwen3 came out on April 29. The lineup" in result.output
    rendered = render(source, catalog)
    assert rendered != edited
    # Render keeps the file: the edits it cannot give back are still only there.
    args = ("render", str(source), "--catalog", str(catalog), "--locale", "en", "-o", str(output))
    assert invoke(*args).exit_code == 1
    assert output.read_text(encoding="utf-8") == edited


def test_a_sentence_occurring_twice_edited_once_is_left_as_it_is(tmp_path: Path) -> None:
    source = tmp_path / "twice.md"
    source.write_text("# 注意\n\n本文。\n\n## 注意\n\n終わり。\n", encoding="utf-8")
    catalog = tmp_path / "en.po"
    po = polib.POFile()
    po.metadata = {"Language": "en", "Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr in (("注意", "Note"), ("本文。", "Body."), ("終わり。", "The end.")):
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    save_catalog(po, catalog)
    output = tmp_path / "out.md"
    assert invoke("render", str(source), "--catalog", str(catalog), "-o", str(output)).exit_code == 0
    before = catalog.read_bytes()
    edit(output, ("## Note", "## Caution"))
    result = absorb(source, catalog, output)
    assert result.exit_code == 1
    assert "'注意' occurs 2 times in the document" in result.output
    assert catalog.read_bytes() == before


# --- a project


def test_project_mode_takes_back_every_rendered_document(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "article.md").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "docs" / "other.md").write_text("# 別の記事\n\n短い本文。\n", encoding="utf-8")
    (tmp_path / "translator.yaml").write_text(
        "source_locale: ja\ntarget_locales: [en, de]\ndocuments: ['docs/*.md']\n"
        "render_threshold: 0\n",
        encoding="utf-8",
    )

    def run(*args: str) -> Result:
        return run_in(*args, cwd=tmp_path)

    assert run("sync").exit_code == 0
    catalog = tmp_path / "locales" / "en" / "article.po"
    po = read_catalog(catalog)
    for entry in po:
        entry.msgstr = EN[entry.msgid]
    save_catalog(po, catalog)
    assert run("render").exit_code == 0
    output = tmp_path / "build" / "en" / "article.md"
    assert output.read_text(encoding="utf-8") == RENDERED
    assert record_path(output).is_file()
    before = chunks(catalog)
    edited = edit(output, ("Qwen3 was released on April 29.", "Qwen3 came out on April 29."))
    result = run("absorb", "--dry-run")
    assert result.exit_code == 0, result.output
    assert chunks(catalog) == before
    result = run("absorb")
    assert result.exit_code == 0, result.output
    assert "build/en/article.md -> locales/en/article.po: 1 entry from 1 edit" in result.output
    assert "3 rendered files not edited since translator wrote them" in result.output
    assert_only_changed(before, catalog, {"Qwen3は4月29日に公開された。"})
    assert run("render").exit_code == 0
    assert output.read_text(encoding="utf-8") == edited
    # A stale file is refused, the others go on; JSON says which.
    edit(output, ("Questions are welcome", "Questions are very welcome"))
    (tmp_path / "docs" / "article.md").write_text(SOURCE.replace("導入", "インストール"), encoding="utf-8")
    other = tmp_path / "build" / "en" / "other.md"
    edit(other, ("短い本文。", "A short body."))
    result = run("absorb", "--locale", "en", "--format", "json")
    assert result.exit_code == 1
    rows = {(r["document"], r["locale"]): r for r in json.loads(result.output)}
    assert set(rows) == {("article", "en"), ("other", "en")}
    assert rows[("article", "en")]["state"] == "refused"
    assert "docs/article.md changed since" in rows[("article", "en")]["error"]
    assert rows[("other", "en")]["state"] == "absorbed"
    assert entries(tmp_path / "locales" / "en" / "other.po")["短い本文。"].msgstr == "A short body."


def test_a_person_saving_the_catalog_meanwhile_wins(
    article: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from translator.absorb import takeback

    source, catalog, output = article
    edit(output, ("Qwen3 was released on April 29.", "Qwen3 came out on April 29."))
    real = takeback.absorb_edits
    calls: list[int] = []

    def person_saves_first(*args: object, **kwargs: object) -> object:
        if not calls:  # while absorb works, a translator adds a note in Poedit
            po = polib.pofile(str(catalog), wrapwidth=79)
            po[0].tcomment = "checked by Ana"
            po.save(str(catalog) + ".tmp")
            shutil.move(str(catalog) + ".tmp", catalog)
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(takeback, "absorb_edits", person_saves_first)
    result = absorb(source, catalog, output)
    assert result.exit_code == 0, result.output
    assert len(calls) == 2  # placed again against the person's version
    found = read_catalog(catalog)
    assert found[0].tcomment == "checked by Ana"
    assert {e.msgid: e.msgstr for e in found}["Qwen3は4月29日に公開された。"] == "Qwen3 came out on April 29."


def test_a_person_editing_the_rendered_file_while_render_writes_it_wins(
    article: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import translator.absorb

    source, catalog, output = article
    po = read_catalog(catalog)
    for entry in po:
        if entry.msgid == "質問はフォーラムで受け付ける。":
            entry.msgstr = "Questions are answered in the forum."
    save_catalog(po, catalog)
    real = translator.absorb.edited_since
    saved: list[str] = []

    def person_saves_meanwhile(*args: object) -> bool:
        # render found the file as it wrote it; then a reviewer saves an edit of it
        saved.append(edit(output, ("Qwen3 was released on April 29.", "Qwen3 came out on April 29.")))
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(translator.absorb, "edited_since", person_saves_meanwhile)
    result = invoke("render", str(source), "--catalog", str(catalog), "--locale", "en", "-o", str(output))
    assert saved, "render did not look at the file before writing it"
    assert result.exit_code != 0
    assert "changed on disk since it was read; left as it is" in result.output
    assert output.read_text(encoding="utf-8") == saved[0]


# --- properties

_PAIRS = [
    ("モデルは{n}種類ある。", "There are {n} models."),
    ("価格は{n}ドルだ。", "The price is {n} dollars."),
    ("会議は{n}時に始まる。", "The meeting starts at {n} o'clock."),
    ("参加者は約{n}人だった。", "About {n} people took part."),
    ("`run{n}` を実行する。", "Run `run{n}`."),
    ("詳しくは[第{n}章](https://example.com/{n})を参照してほしい。",
     "See [chapter {n}](https://example.com/{n}) for details."),
]  # fmt: skip
_NEW = [
    "Nobody expected this {n}.",
    "A much longer sentence replaces it here, number {n}, with a clause.",
    "Short {n}.",
    "Read [the notes](https://example.com/notes/{n}) first.",
]


@st.composite
def _edited_documents(draw: st.DrawFn) -> tuple[str, dict[str, str], dict[int, str]]:
    """A source, its complete catalog, and for some sentences (by index among the
    document's segments) what the reviewer makes of them: "reword", "delete"; "merge",
    "swap" or "two as one" with the next sentence of the paragraph."""
    sizes = draw(st.lists(st.integers(1, 4), min_size=1, max_size=6))
    kinds = draw(st.lists(st.sampled_from(["p", "h", "li"]), min_size=len(sizes), max_size=len(sizes)))
    numbers = iter(draw(st.permutations(range(10, 200)))[: sum(sizes)])
    table: dict[str, str] = {}
    parts: list[str] = []
    plan: dict[int, str] = {}
    index = 0
    for size, kind in zip(sizes, kinds, strict=True):
        count = size if kind == "p" else 1
        sentences = []
        for k in range(count):
            ja, en = draw(st.sampled_from(_PAIRS))
            n = next(numbers)
            sentences.append(ja.format(n=n))
            table[ja.format(n=n)] = en.format(n=n)
            options = ["keep", "reword"]
            if count > 1:
                options.append("delete")
            if k + 1 < count:
                options += ["merge", "swap", "two as one"]
            what = draw(st.sampled_from(options))
            if what != "keep" and (index - 1) not in plan:
                plan[index] = what
            index += 1
        text = "".join(sentences)
        parts.append({"p": text, "h": "## " + text, "li": "- " + text}[kind])
    return "\n\n".join(parts) + "\n", table, plan


def _apply_plan(rendered: str, spans: list[RenderedSpan], plan: dict[int, str]) -> str:
    out = rendered
    for index in sorted(plan, reverse=True):
        span, what = spans[index], plan[index]
        text = rendered[span.start : span.end]
        if what == "reword":
            new = _NEW[index % len(_NEW)].format(n=index)
            out = out[: span.start] + new + out[span.end :]
        elif what == "delete":
            last = index + 1 == len(spans) or spans[index + 1].segment.block != span.segment.block
            start, end = (span.start - 1, span.end) if last else (span.start, span.end + 1)
            out = out[:start] + out[end:]
        else:
            after = spans[index + 1]
            second = rendered[after.start : after.end]
            if what == "merge":
                new = text.rstrip(".") + ", and " + second[0].lower() + second[1:]
            elif what == "swap":
                new = second + rendered[span.end : after.start] + text
            else:
                new = f"Both said in one, number {index}."
            out = out[: span.start] + new + out[after.end :]
    return out


_PAIRED = ("merge", "swap", "two as one")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_edited_documents())
def test_absorbing_edits_renders_them_back_and_leaves_every_other_entry_alone(
    case: tuple[str, dict[str, str], dict[int, str]],
) -> None:
    text, table, plan = case
    locale = locale_info("en")
    doc = parse_document(text, lang="ja")
    spans: list[RenderedSpan] = []
    rendered = render_document(doc, table, locale, spans=spans)
    # Unedited, there is nothing to take back.
    unedited = parse_document(rendered, lang="en")
    assert find_changes(doc, table, rendered, spans, unedited, "en") == []
    edited = _apply_plan(rendered, spans, plan)
    po = polib.POFile()
    for msgid, msgstr in table.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    report = absorb_edits(doc, po, table, rendered, spans, parse_document(edited, lang="en"), locale)
    assert report.leftovers == []
    assert render_document(doc, translations(po), locale) == edited
    touched = {s.msgid for a in report.written for s in a.change.segments}
    planned = {spans[i].segment.msgid for i in plan} | {
        spans[i + 1].segment.msgid for i, what in plan.items() if what in _PAIRED
    }
    assert touched == planned
    for entry in po:
        if entry.msgid not in touched:
            assert (entry.msgstr, entry.tcomment, entry.flags) == (table[entry.msgid], "", [])
