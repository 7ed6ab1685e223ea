"""Every spec example, every fixture and the sample article survive translation.

The CommonMark and GFM examples come from registry sdists (tests/conformance.py); if
they cannot be downloaded the tests fail with the command that fetches them.
"""

from __future__ import annotations

import os
from pathlib import Path

import polib
import pytest

from tests import conformance
from tests.conformance import (
    COMMONMARK,
    ENABLED_EXTENSIONS,
    GFM,
    Example,
    SpecSource,
    SpecUnavailable,
    Transform,
    examples,
    first_difference,
    reworded,
    run_example,
    structure,
)
from tests.conftest import ALL_SOURCES, ROOT, SAMPLE, read
from translator.catalog.stats import translations
from translator.document.markdown import parse_document
from translator.locales import locale_info
from translator.pseudo import pseudo_translate
from translator.render import render_document

TRANSFORMS: dict[str, Transform] = {"pseudo": pseudo_translate, "reworded": reworded}
SPECS = {"commonmark": (COMMONMARK, frozenset()), "gfm": (GFM, ENABLED_EXTENSIONS)}


def _examples(source: SpecSource) -> tuple[Example, ...]:
    try:
        return examples(source)
    except SpecUnavailable as e:
        problem = str(e)
    pytest.fail(problem, pytrace=False)  # outside the except: one message, no chained traceback


@pytest.mark.parametrize("spec", SPECS)
def test_empty_catalog_renders_every_spec_example_byte_for_byte(spec: str) -> None:
    source, extensions = SPECS[spec]
    found = _examples(source)
    failures = [
        o.example.name
        for o in (run_example(e, pseudo_translate, extensions) for e in found)
        if not o.identity
    ]
    assert not failures, f"{len(failures)} of {len(found)} not identical: " + "; ".join(failures)


@pytest.mark.parametrize("transform", TRANSFORMS)
@pytest.mark.parametrize("spec", SPECS)
def test_every_spec_example_keeps_its_structure_when_translated(spec: str, transform: str) -> None:
    source, extensions = SPECS[spec]
    found = _examples(source)
    assert len(found) == (649 if spec == "commonmark" else 10)
    outcomes = [run_example(e, TRANSFORMS[transform], extensions) for e in found]
    failures = [f"{o.example.name}: {o.detail}" for o in outcomes if not o.kept]
    assert not failures, f"{len(failures)} of {len(found)} changed:\n" + "\n".join(failures)
    # Translated, not passed through: an example whose sentences the transform changed
    # renders differently.
    same = [
        o.example.name
        for o in outcomes
        if o.rendered == o.example.markdown
        and any(
            TRANSFORMS[transform](m) != m
            for m in parse_document(o.example.markdown, lang="en").msgids()
        )
    ]
    assert not same
    assert sum(o.sentences > 0 for o in outcomes) > len(found) * 0.7


def test_a_spec_that_cannot_be_downloaded_fails_with_the_command_that_fetches_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(conformance, "CACHE", tmp_path / "specs")
    # No index and no configured find-links: pip has nowhere to download from.
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    with pytest.raises(SpecUnavailable) as failure:
        conformance.fetch(COMMONMARK)
    message = str(failure.value)
    assert "pip download --no-binary :all: --no-deps commonmark==0.9.1 -d" in message
    assert str(tmp_path / "specs") in message
    assert not list((tmp_path / "specs").iterdir())  # nothing half-downloaded left behind


# The project's own documents: Japanese fixtures and the sample article.
_FRONT_MATTER_KEYS = ("title", "description", "tags")


def _render(path: Path, table: dict[str, str]) -> tuple[str, str]:
    text = read(path)
    doc = parse_document(text, str(path), front_matter_keys=_FRONT_MATTER_KEYS)
    return text, render_document(doc, table, locale_info("en"))


@pytest.mark.parametrize("transform", TRANSFORMS)
@pytest.mark.parametrize("path", ALL_SOURCES, ids=lambda p: p.name)
def test_fixtures_keep_their_structure_when_translated(path: Path, transform: str) -> None:
    doc = parse_document(read(path), str(path), front_matter_keys=_FRONT_MATTER_KEYS)
    table = {m: TRANSFORMS[transform](m) for m in doc.msgids()}
    text, out = _render(path, table)
    assert out != text
    before, after = structure(text, ENABLED_EXTENSIONS), structure(out, ENABLED_EXTENSIONS)
    assert before == after, first_difference(before, after)


def test_sample_article_in_english_keeps_every_link() -> None:
    po = polib.pofile(str(ROOT / "locales" / "en" / "qwen3-release.po"))
    table = translations(po, include_fuzzy=False)
    doc = parse_document(read(SAMPLE), str(SAMPLE), front_matter_keys=_FRONT_MATTER_KEYS)
    assert set(doc.msgids()) <= set(table)  # the catalog translates every sentence
    text, out = _render(SAMPLE, table)
    before, after = structure(text, ENABLED_EXTENSIONS), structure(out, ENABLED_EXTENSIONS)
    assert before == after, first_difference(before, after)
    links = [s for s in before if s[0] in ("link_open", "image")]
    assert len(links) == 6  # five references and the original article, link for link
