"""Update: which old translation an edited msgid inherits, on real PO files on disk.

The three passes of ``catalog.fuzzy.match_all``: one-to-one on characters, then word-level
mutual best pairs among the leftovers, then sharing an old entry that another msgid took;
and the place an edited msgid sits in (between unchanged neighbours) as evidence.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from rapidfuzz import fuzz

from translator import pipeline
from translator.catalog.fuzzy import match_all, rescue_pairs
from translator.catalog.pofile import read_catalog
from translator.errors import TranslatorError

ROOT = Path(__file__).resolve().parent.parent


def write_po(path: Path, pairs: list[tuple[str, str]], language: str | None) -> Path:
    """A catalog (``language`` set) or a template (None) holding ``pairs``."""
    po = polib.POFile(wrapwidth=79)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    if language is not None:
        po.metadata["Language"] = language
        po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    for number, (msgid, msgstr) in enumerate(pairs, 1):
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, occurrences=[("ui.py", str(number))]))
    po.save(str(path))
    return path


def merge(tmp_path: Path, old: list[tuple[str, str]], new: list[str]) -> polib.POFile:
    po = write_po(tmp_path / "en.po", old, "en")
    pot = write_po(tmp_path / "ui.pot", [(m, "") for m in new], None)
    pipeline.update(po, pot)
    return read_catalog(po)


# Short Japanese UI strings, one term replaced: under the 60 % character cut-off, most of
# the words kept.
JA_EDITS = [
    ("支払手数料の課税設定", "返品理由の課税設定", "Tax settings of payment fees"),
    ("ユーザーを削除", "グループを削除", "Delete user"),
    ("カレンダーを表示", "請求書を表示", "Show calendar"),
    ("新しいパスワード", "新しいメールアドレス", "New password"),
]
# Old entries that stay, so that the edited ones have company (and competition).
JA_KEPT = [
    ("イベントを作成", "Create event"),
    ("設定を保存しました。", "Settings saved."),
    ("この操作は元に戻せません。", "This cannot be undone."),
    ("ログインしたままにする", "Keep me logged in"),
]


def test_edited_short_japanese_strings_inherit_their_translation(tmp_path: Path) -> None:
    for before, after, _ in JA_EDITS:
        assert fuzz.ratio(before, after) < 60  # out of reach of the character pass
    old = [(before, english) for before, _, english in JA_EDITS] + JA_KEPT
    new = [after for _, after, _ in JA_EDITS] + [m for m, _ in JA_KEPT]
    po = merge(tmp_path, old, new)
    for before, after, english in JA_EDITS:
        entry = po.find(after)
        assert entry is not None
        assert (entry.msgstr, entry.flags, entry.previous_msgid) == (english, ["fuzzy"], before)
    for msgid, english in JA_KEPT:
        kept = po.find(msgid)
        assert kept is not None and kept.msgstr == english and not kept.flags
    assert not [e for e in po if e.obsolete]


def test_edited_french_and_english_strings_inherit_their_translation(tmp_path: Path) -> None:
    old = [
        ("Nom du fichier", "File name"),
        ("Afficher le calendrier", "Show the calendar"),
        ("Save draft", "Entwurf speichern"),
        ("Show month", "Monat anzeigen"),
    ]
    new = ["Nom du dossier", "Afficher le planning", "Save the draft now", "Show weeks"]
    po = merge(tmp_path, old, new)
    got = {e.msgid: (e.msgstr, e.previous_msgid) for e in po if not e.obsolete}
    assert got["Nom du dossier"] == ("File name", "Nom du fichier")
    assert got["Afficher le planning"] == ("Show the calendar", "Afficher le calendrier")
    assert got["Save the draft now"] == ("Entwurf speichern", "Save draft")
    # One word of two in common is not enough when the characters differ this much.
    assert got["Show weeks"] == ("", None)


def test_unrelated_strings_get_no_translation(tmp_path: Path) -> None:
    old = [
        ("Password:", "Passwort:"),
        ("Cancel", "Abbrechen"),
        ("Show month", "Monat anzeigen"),
        ("Your order has been canceled.", "Ihre Bestellung wurde storniert."),
        ("Enregistrer le fichier", "Save the file"),
        ("ファイルを開く", "Open file"),
        ("競争はさらに激しくなると予想されています。", "Competition is expected to intensify."),
        ("アカウントを削除しました", "Account deleted"),
    ]
    new = [
        "Connections:",
        "Continue",
        "Show videoconferences",
        "The shop is now live.",
        "Supprimer le compte utilisateur",
        "ユーザー登録",
        "まったく関係のない新しい文章がここにあります。",
        "検索結果",
    ]
    po = merge(tmp_path, old, new)
    active = [e for e in po if not e.obsolete]
    assert [(e.msgid, e.msgstr, e.flags) for e in active] == [(m, "", []) for m in new]
    assert sorted(e.msgid for e in po if e.obsolete) == sorted(m for m, _ in old)


def test_two_edits_of_one_sentence_both_inherit_it(tmp_path: Path) -> None:
    old = [("Gift card modified", "Geschenkgutschein geändert"), ("Order paid", "Bezahlt")]
    new = ["Gift card modified twice", "Gift card removed", "Order paid"]
    po = merge(tmp_path, old, new)
    for msgid in ("Gift card modified twice", "Gift card removed"):
        entry = po.find(msgid)
        assert entry is not None and entry.msgstr == "Geschenkgutschein geändert"
        assert entry.flags == ["fuzzy"] and entry.previous_msgid == "Gift card modified"
    # Lent twice, so not obsolete; nothing else lost either.
    assert not [e for e in po if e.obsolete]


def test_second_pass_needs_a_clear_mutual_best() -> None:
    old = ["カレンダーを表示", "請求書を作成"]
    # Both new strings are as close to the first old one: no clear winner, no guess.
    new = ["注文を表示", "在庫を表示"]
    assert rescue_pairs(new, old) == []
    ((query, candidate, score),) = rescue_pairs(["請求書を表示"], ["カレンダーを表示"])
    assert (query, candidate) == (0, 0) and score == pytest.approx(200 / 3)  # 2 words of 3
    matches = match_all(["請求書を表示", "アカウント設定"], ["カレンダーを表示", "ヘルプ"], 60)
    assert [(m.query, m.candidate, m.how) for m in matches] == [(0, 0, "words")]


def _update_in_subprocess(folder: Path, seed: str) -> bytes:
    po = folder / f"out-{seed}.po"
    po.write_bytes((folder / "en.po").read_bytes())
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
    code = (
        "import sys; from pathlib import Path; from translator import pipeline; "
        "pipeline.update(Path(sys.argv[1]), Path(sys.argv[2])); "
        "print('babel' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(po), str(folder / "ui.pot")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"  # the header has Plural-Forms: no CLDR needed
    return po.read_bytes()


def test_update_is_deterministic_and_needs_no_babel(tmp_path: Path) -> None:
    words = ["order", "event", "ticket", "user", "group", "invoice", "payment", "report"]
    verbs = ["Create", "Delete", "Show", "Edit", "Export", "Import", "Cancel", "Send"]
    old = [(f"{v} {w} {n}", f"{v}-{w}-{n}") for v in verbs for w in words for n in range(6)]
    # Edit every fourth msgid by one word, so that many near-ties compete.
    edited = (m if i % 4 else m.replace(m.split()[0], "Archive") for i, (m, _) in enumerate(old))
    new = list(dict.fromkeys(edited))
    write_po(tmp_path / "en.po", old, "en")
    write_po(tmp_path / "ui.pot", [(m, "") for m in new], None)
    first = _update_in_subprocess(tmp_path, "1")
    assert first == _update_in_subprocess(tmp_path, "2")
    assert first == _update_in_subprocess(tmp_path, "3")


def test_suggestions_from_strings_in_use_do_not_depend_on_the_hash_seed(
    tmp_path: Path,
) -> None:
    # New strings made of words that are all equally common among strings still in use:
    # which of a query's words the search starts from must not follow set order.
    rng = random.Random(7)
    vocabulary = [f"word{i:02d}" for i in range(40)]
    old: list[tuple[str, str]] = []
    for _block in range(60):  # every word in exactly 60 strings, all of one length
        rng.shuffle(vocabulary)
        old += [(" ".join(vocabulary[i : i + 8]), f"T{len(old) + i}") for i in range(0, 40, 8)]
    added = [" ".join(rng.sample(vocabulary, 8)) for _ in range(60)]
    write_po(tmp_path / "en.po", old, "en")
    write_po(tmp_path / "ui.pot", [(m, "") for m, _ in old] + [(m, "") for m in added], None)
    first = _update_in_subprocess(tmp_path, "1")
    assert b"#, fuzzy" in first
    for seed in ("2", "3", "4"):
        assert first == _update_in_subprocess(tmp_path, seed)


def test_a_locale_typo_given_for_a_new_catalog_is_reported(tmp_path: Path) -> None:
    # (A catalog's own "Language: jp" is merged as msgmerge merges it: test_update_noop.)
    pot = write_po(tmp_path / "ui.pot", [("Save", "")], None)
    with pytest.raises(TranslatorError, match="unknown locale 'jp'"):  # Babel has no "jp"
        pipeline.update(tmp_path / "x.po", pot, "jp")
    assert not (tmp_path / "x.po").exists()


# Unchanged company around the edited strings: the anchors that say where each one sits.
PLACE_KEPT = [
    ("Create event", "Veranstaltung erstellen"),
    ("Settings saved.", "Einstellungen gespeichert."),
    ("This cannot be undone.", "Das kann nicht rückgängig gemacht werden."),
    ("Keep me logged in", "Angemeldet bleiben"),
]


def test_an_edit_in_place_wins_over_a_closer_string_elsewhere(tmp_path: Path) -> None:
    was, edited, newcomer = (
        "中古輸送手段の域内取得",
        "中古輸送手段の現ディレクトリ直下",
        "中古品の域内取得",
    )
    # On characters alone the brand-new string is the closer one (74 vs 52).
    assert fuzz.ratio(newcomer, was) > 60 > fuzz.ratio(edited, was)
    a, b, c, d = PLACE_KEPT
    old = [a, b, (was, "Intra-Community acquisition of used means of transport"), c, d]
    new = [a[0], newcomer, b[0], edited, c[0], d[0]]
    po = merge(tmp_path, old, new)
    entry = po.find(edited)
    assert entry is not None and entry.flags == ["fuzzy"] and entry.previous_msgid == was
    assert entry.msgstr == "Intra-Community acquisition of used means of transport"
    # The newcomer still shares it, as msgmerge would give it: for review, nothing lost.
    added = po.find(newcomer)
    assert added is not None and added.flags == ["fuzzy"] and added.previous_msgid == was
    matches = match_all([newcomer, edited], [was], 60, places=[range(0), range(1)])
    assert [(m.query, m.candidate, m.how) for m in matches] == [(0, 0, "shared"), (1, 0, "place")]
    # Without the places the newcomer takes it, and the edit (52 %) is left with nothing.
    matches = match_all([newcomer, edited], [was], 60)
    assert [(m.query, m.how) for m in matches] == [(0, "chars")]


def test_an_edited_sentence_takes_its_own_old_one_not_a_closer_neighbour(
    tmp_path: Path,
) -> None:
    own, other = "インポートするファイルを選択してください。", "ファイルを選択してください"
    edited = "列レベルするファイルを選択してください。"
    assert fuzz.ratio(edited, other) > fuzz.ratio(edited, own) > 60
    a, b, c, d = PLACE_KEPT
    old = [a, (other, "Please select a file"), b, c, (own, "Select the file to import."), d]
    new = [a[0], b[0], c[0], edited, d[0]]
    po = merge(tmp_path, old, new)
    entry = po.find(edited)
    assert entry is not None and entry.previous_msgid == own
    assert entry.msgstr == "Select the file to import."
    gone = [e.msgid for e in po if e.obsolete]
    assert gone == [other]


def test_position_counts_only_while_the_neighbours_keep_their_order(tmp_path: Path) -> None:
    # 50 %: under the character cut-off, one word of two kept (no word-level pair either).
    assert fuzz.ratio("Show weeks", "Show month") == 50
    a, b, c, d = PLACE_KEPT
    old = [a, b, ("Show month", "Monat anzeigen"), c, d]
    po = merge(tmp_path, old, [a[0], b[0], "Show weeks", c[0], d[0]])
    entry = po.find("Show weeks")
    assert entry is not None and entry.msgstr == "Monat anzeigen"
    assert entry.previous_msgid == "Show month"
    # The neighbours swapped: the edited string has no place, so no guess.
    swapped = tmp_path / "swapped"
    swapped.mkdir()
    po = merge(swapped, old, [a[0], c[0], "Show weeks", b[0], d[0]])
    entry = po.find("Show weeks")
    assert entry is not None and entry.msgstr == "" and not entry.flags


def test_an_unrelated_replacement_in_place_gets_nothing(tmp_path: Path) -> None:
    assert fuzz.ratio("Password:", "Continue") < 30
    a, b, c, d = PLACE_KEPT
    old = [a, b, ("Password:", "Passwort:"), c, d]
    po = merge(tmp_path, old, [a[0], b[0], "Continue", c[0], d[0]])
    entry = po.find("Continue")
    assert entry is not None and entry.msgstr == "" and not entry.flags
    assert [e.msgid for e in po if e.obsolete] == ["Password:"]


def test_the_place_cut_off_follows_the_fuzzy_threshold() -> None:
    old, new = (
        "ユーザー一覧を表示",
        "ログを表示",
    )  # 43 %, the kept "を表示" is over half of "ログを表示"
    assert 40 < fuzz.ratio(old, new) < 45
    in_place = [range(1)]
    assert [m.how for m in match_all([new], [old], 60, places=in_place)] == ["place"]
    assert [m.how for m in match_all([new], [old], 80, places=in_place)] == ["place"]
    assert match_all([new], [old], 90, places=in_place) == []  # a strict threshold stays strict


def test_in_place_a_replaced_compound_counts_in_words() -> None:
    old, new = "ページレイアウトの変更", "グローバル消去コードポリシーの変更"
    assert fuzz.ratio(old, new) < 30  # on characters, most of it changed
    # Words: ページレイアウト|の|変更 -> グローバル|消去|コードポリシー|の|変更, two kept.
    assert [m.how for m in match_all([new], [old], 60, places=[range(1)])] == ["place"]
    assert match_all([new], [old], 60) == []  # without the place: too little in common
    # Sentences that only end alike share too few words to count as an edit.
    assert (
        match_all(["新しく加わった文です。"], ["消える段落の文です。"], 60, places=[range(1)]) == []
    )


def test_a_new_string_like_one_still_in_use_gets_its_translation(tmp_path: Path) -> None:
    # As msgmerge does: "Voucher deleted" is new, "Voucher redeemed" stays; its translation
    # is the closest there is (84 %), offered for review, and the old entry keeps it.
    old = [
        ("Voucher redeemed", "Gutschein eingelöst"),
        ("Order deleted", "Bestellung gelöscht"),
        ("Attendee name", "Name des Teilnehmers"),
    ]
    new = ["Voucher redeemed", "Attendee name", "Voucher deleted", "Attendee names"]
    po = merge(tmp_path, old, new)
    added = po.find("Voucher deleted")
    assert added is not None and added.flags == ["fuzzy"]
    assert (added.previous_msgid, added.msgstr) == ("Voucher redeemed", "Gutschein eingelöst")
    kept = po.find("Voucher redeemed")
    assert kept is not None and kept.flags == [] and kept.msgstr == "Gutschein eingelöst"
    plural = po.find("Attendee names")
    assert plural is not None and plural.previous_msgid == "Attendee name"
    # Nothing took "Order deleted": it stays, obsolete, with its translation.
    assert [(e.msgid, e.msgstr) for e in po if e.obsolete] == [
        ("Order deleted", "Bestellung gelöscht")
    ]


def test_strings_in_use_serve_any_number_of_new_ones() -> None:
    queries = ["Start date and time", "Start time from now", "New start date"]
    matches = match_all(queries, [], 60, shared=["Start date", "Start time from"])
    assert [(m.query, m.candidate) for m in matches] == [(0, 0), (1, 1), (2, 0)]
    # A string whose msgid vanished is taken once: the closer query gets it (75 vs 69),
    # the other shares it only in the last pass.
    matches = match_all(queries, ["Start date"], 60, share=False)
    assert [(m.query, m.candidate) for m in matches] == [(2, 0)]
    # Next to a string in use, the vanished one is a candidate like any other.
    matches = match_all(queries, ["Start dates"], 60, shared=["Start date"])
    assert [(m.query, m.candidate) for m in matches] == [(0, 1), (2, 1)]


def test_an_edit_that_loses_its_place_still_finds_strings_in_use() -> None:
    # Both edits sit where "…invoices now" was; the closer one takes it. The other needed
    # no search at first (its place held a string above the cut-off), so the index of
    # strings in use was built without its words: it searches now, and must find the
    # string in use as close to it as the taken one (94), not just share the taken one.
    was, in_use = "Delete the selected invoices now", "Delete the selected invoice rows"
    closer, other = "Delete the selected invoices now!", "Delete the selected invoice rows now"
    assert fuzz.ratio(closer, was) > fuzz.ratio(other, was) == fuzz.ratio(other, in_use) > 90
    here = [range(1), range(1)]
    matches = match_all([closer, other], [was], 60, places=here, shared=[in_use])
    assert [(m.query, m.candidate, m.how) for m in matches] == [(0, 0, "chars"), (1, 1, "chars")]


def test_the_same_text_under_another_context_lends_its_translation(tmp_path: Path) -> None:
    po = write_po(tmp_path / "de.po", [("Privacy", "Datenschutz")], "de")
    pot = polib.POFile(wrapwidth=79)
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    pot.append(polib.POEntry(msgid="Privacy", msgstr=""))
    pot.append(polib.POEntry(msgid="Privacy", msgctxt="footer link", msgstr=""))
    pot.save(str(tmp_path / "ui.pot"))
    pipeline.update(po, tmp_path / "ui.pot")
    entry = read_catalog(po).find("Privacy", msgctxt="footer link")
    assert entry is not None and entry.msgstr == "Datenschutz" and entry.flags == ["fuzzy"]
    assert entry.previous_msgid == "Privacy" and entry.previous_msgctxt is None


def test_the_same_text_in_use_outranks_an_edit_in_place(tmp_path: Path) -> None:
    # "Privacy" (footer link) sits where "Privacy notice" was, which it resembles enough to
    # count as an edit in place (67 %); the very same text, still in use elsewhere, has the
    # better translation to offer.
    assert fuzz.ratio("Privacy", "Privacy notice") > 60
    po = write_po(
        tmp_path / "de.po",
        [
            ("Imprint", "Impressum"),
            ("Privacy notice", "Datenschutzhinweis"),
            ("Contact", "Kontakt"),
            ("Privacy", "Datenschutz"),
        ],
        "de",
    )
    pot = polib.POFile(wrapwidth=79)
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid, context in [("Imprint", None), ("Privacy", "footer link"), ("Contact", None)]:
        pot.append(polib.POEntry(msgid=msgid, msgctxt=context, msgstr=""))
    pot.append(polib.POEntry(msgid="Privacy", msgstr=""))
    pot.save(str(tmp_path / "ui.pot"))
    pipeline.update(po, tmp_path / "ui.pot")
    entry = read_catalog(po).find("Privacy", msgctxt="footer link")
    assert entry is not None and entry.msgstr == "Datenschutz"
    assert entry.previous_msgid == "Privacy" and entry.previous_msgctxt is None


def test_a_changed_link_destination_weighs_as_one_character() -> None:
    from translator.catalog.fuzzy import comparable

    old = (
        "詳細は [esbuild のドキュメント](https://esbuild.github.io/api/"
        "#define-and-inject-global-constants)を参照してください。"
    )
    new = (
        "詳細は [Oxc のドキュメント](https://oxc.rs/docs/guide/usage/transformer/"
        "global-variable-replacement.html)を参照してください。"
    )
    other = "詳細は [設定](/config/) を参照してください。"
    assert fuzz.ratio(new, old) < 60  # the addresses outweigh the prose
    matches = match_all([new], [other, old], 60.0)
    assert [(m.query, m.candidate) for m in matches] == [(0, 1)]
    # Addresses still count, as one character each: the same prose linking elsewhere is
    # not the same text; an unchanged address is common ground.
    assert comparable(old) != comparable(old.replace("esbuild.github.io", "example.org"))
    assert comparable("See https://a.example/x for more.") == comparable(
        "See https://a.example/x for more."
    )
    assert comparable("![図](./images/a.png) と <https://b.example>") == (
        comparable("![図](./images/a.png) と <https://b.example>")
    )
