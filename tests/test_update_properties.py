"""Update invariants over random source revisions, on real PO files written and read back.

Whatever the revision (words edited, sentences removed, added, moved), an update loses
nothing a translator wrote and never invents: every old translation is still in the file
(active, fuzzy or ``#~``), unchanged msgids keep theirs as they were, and a fuzzy
translation always comes from the old entry its ``#| msgid`` names.
"""

from __future__ import annotations

import tempfile
from collections.abc import Set
from pathlib import Path

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from translator import pipeline
from translator.catalog.pofile import read_catalog

WORDS = ["設定", "ユーザー", "を", "の", "削除", "表示", "order", "user", "delete", "show", "new"]

sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)


@st.composite
def revisions(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """An old list of distinct msgids and a revised one (edits, removals, additions, moves)."""
    old = draw(st.lists(sentences, min_size=1, max_size=25, unique=True))
    new: list[str] = []
    for msgid in old:
        action = draw(st.sampled_from(["keep", "keep", "edit", "remove"]))
        if action == "keep":
            new.append(msgid)
        elif action == "edit":
            words = msgid.split(" ")
            words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(WORDS))
            new.append(" ".join(words))
    new += draw(st.lists(sentences, max_size=5))
    move = draw(st.booleans())
    if new and move:  # move one sentence
        new.insert(draw(st.integers(0, len(new) - 1)), new.pop(draw(st.integers(0, len(new) - 1))))
    return old, list(dict.fromkeys(new))


def _write(
    path: Path, pairs: list[tuple[str, str]], language: str | None, plural: Set[str] = frozenset()
) -> Path:
    """A catalog of ``pairs``; the msgids in ``plural`` get a plural and two forms."""
    po = polib.POFile(wrapwidth=79)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    if language:
        po.metadata.update({"Language": language, "Plural-Forms": "nplurals=2; plural=(n != 1);"})
    for msgid, msgstr in pairs:
        if msgid in plural:
            forms = {0: msgstr, 1: f"{msgstr}/n" if msgstr else ""}
            po.append(polib.POEntry(msgid=msgid, msgid_plural=f"{msgid} (n)", msgstr_plural=forms))
        else:
            po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    po.save(str(path))
    return path


def _texts(entry: polib.POEntry) -> list[str]:
    return [t for t in (entry.msgstr, *entry.msgstr_plural.values()) if t]


@settings(max_examples=60, deadline=None)
@given(revisions(), st.sampled_from([30.0, 60.0, 90.0]), st.data())
def test_update_loses_nothing_and_invents_nothing(
    revision: tuple[list[str], list[str]], threshold: float, data: st.DataObject
) -> None:
    old_ids, new_ids = revision
    # Some msgids plural, before or after: a plural translation given to a singular msgid
    # passes on one form only, and the others must not be lost.
    plural_old = {m for m in old_ids if data.draw(st.integers(0, 3)) == 0}
    plural_new = {m for m in new_ids if data.draw(st.integers(0, 3)) == 0}
    translations = {msgid: f"T{i}" for i, msgid in enumerate(old_ids)}
    forms = {
        msgid: [t, f"{t}/n"] if msgid in plural_old else [t] for msgid, t in translations.items()
    }
    with tempfile.TemporaryDirectory() as folder:
        catalog = _write(Path(folder) / "de.po", list(translations.items()), "de", plural_old)
        template = _write(Path(folder) / "doc.pot", [(m, "") for m in new_ids], None, plural_new)
        pipeline.update(catalog, template, fuzzy_threshold=threshold)
        result = read_catalog(catalog)

    active = [e for e in result if not e.obsolete]
    assert [e.msgid for e in active] == new_ids  # the template's order, each once
    found = {text for e in result for text in _texts(e)}
    # Nothing lost; except, as in msgmerge, the other forms of an unchanged msgid whose
    # plural the template dropped (it keeps the first, fuzzy: the old entry cannot stay
    # beside it as #~, msgfmt would reject the duplicate).
    kept = {m: f[:1] if m in new_ids and m not in plural_new else f for m, f in forms.items()}
    assert {t for texts in kept.values() for t in texts} <= found
    for entry in active:
        if entry.msgid in translations:  # unchanged: its own translation
            assert set(_texts(entry)) <= set(forms[entry.msgid])
            # (not fuzzy unless its plural changed)
            assert ("fuzzy" in entry.flags) == ((entry.msgid in plural_old) != bool(entry.msgid_plural))
        elif _texts(entry):  # inherited: fuzzy, from the old entry #| names
            assert "fuzzy" in entry.flags
            assert set(_texts(entry)) <= set(forms[entry.previous_msgid])
        else:
            assert not entry.flags and entry.previous_msgid is None
    for entry in result:
        if entry.obsolete:
            assert _texts(entry) == forms[entry.msgid]
