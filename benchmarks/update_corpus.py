"""Robustness: update every real catalog of the PO corpus, and check what comes out.

    .venv/bin/python benchmarks/po_io.py --skip-speed     # fetches the corpus, once
    .venv/bin/python benchmarks/update_corpus.py          # about 6 min for 1,990 files

For each original (not ``-msgcat``) catalog under ``benchmarks/data/po-io/sets/``
(Django, Sphinx, Weblate, GNOME Calculator, GNU packages: every plural rule, contexts,
format flags, obsolete entries, odd headers), a template is derived from its own active
msgids with a fixed seed: 10 % edited by one word, 3 % removed, flags, comments and
references kept. The catalog is updated to that template in-process, as ``translator
update`` does it (``pipeline.update``), and the output is checked:

* the update ran (no exception) on every catalog our reader accepts;
* nothing lost: every translation of the input is somewhere in the output (active,
  fuzzy or ``#~``);
* valid: the output passes ``msgfmt -c`` wherever the input did.

Prints a line per failing catalog and the totals; exits 1 when any check failed.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SETS = ROOT / "benchmarks" / "data" / "po-io" / "sets"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from update_speed import msgfmt_ok  # noqa: E402

from translator import pipeline  # noqa: E402
from translator.catalog.pofile import read_catalog  # noqa: E402
from translator.errors import TranslatorError  # noqa: E402
from translator.locales import locale_info  # noqa: E402


def derived_template(catalog: polib.POFile, rng: random.Random) -> polib.POFile:
    """The catalog's own active msgids, 10 % edited by one word and 3 % removed."""
    pot = polib.POFile(wrapwidth=79)
    pot.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "POT-Creation-Date": "2026-01-01 00:00+0000",
    }
    seen: set[tuple[str | None, str]] = set()
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        draw = rng.random()
        if draw < 0.03:
            continue
        msgid = entry.msgid
        if draw < 0.13:
            words = msgid.split(" ")
            words[rng.randrange(len(words))] = "zorbo"
            msgid = " ".join(words)
        if (entry.msgctxt, msgid) in seen:
            continue
        seen.add((entry.msgctxt, msgid))
        pot.append(
            polib.POEntry(
                msgid=msgid,
                msgctxt=entry.msgctxt,
                msgid_plural=entry.msgid_plural,
                msgstr_plural={0: "", 1: ""} if entry.msgid_plural else {},
                occurrences=entry.occurrences,
                comment=entry.comment,
                flags=[flag for flag in entry.flags if flag != "fuzzy"],
            )
        )
    return pot


def translations(catalog: polib.POFile) -> set[str]:
    return {
        text
        for entry in catalog
        if entry.msgid
        for text in (entry.msgstr, *entry.msgstr_plural.values())
        if text
    }


def locale_of(catalog: polib.POFile, path: Path) -> str:
    """The catalog's locale: its Language header, else its folder or file name."""
    for candidate in (catalog.metadata.get("Language", ""), path.parent.parent.name, path.stem):
        try:
            return locale_info(candidate).code
        except TranslatorError:
            continue
    return "en"  # only asked for when the header has no Plural-Forms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default="", help="comma-separated set names (default: all)")
    args = parser.parse_args()
    if not SETS.is_dir():
        raise SystemExit(f"{SETS}: no corpus; run benchmarks/po_io.py --skip-speed first")
    check_valid = shutil.which("msgfmt") is not None
    wanted = [s for s in args.sets.split(",") if s]
    files = sorted(
        path
        for path in SETS.rglob("*.po")
        if not path.relative_to(SETS).parts[0].endswith("-msgcat")
        and (not wanted or path.relative_to(SETS).parts[0] in wanted)
    )
    rng = random.Random(1)
    counts = dict.fromkeys(("updated", "unreadable", "crashed", "lost", "checked", "invalid"), 0)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        template_path, out = Path(scratch) / "new.pot", Path(scratch) / "out.po"
        for path in files:
            try:
                before = read_catalog(path)
            except (TranslatorError, UnicodeDecodeError):
                counts["unreadable"] += 1  # rejected with file:line
                continue
            derived_template(before, rng).save(str(template_path))
            shutil.copyfile(path, out)
            try:
                pipeline.update(out, template_path, locale_of(before, path))
            except Exception as exc:  # the point of the script: report, go on
                counts["crashed"] += 1
                print(f"crashed: {path}: {type(exc).__name__}: {exc}")
                continue
            counts["updated"] += 1
            missing = translations(before) - translations(read_catalog(out))
            if missing:
                counts["lost"] += 1
                print(f"lost: {path}: {len(missing)} translations, e.g. {sorted(missing)[0]!r}")
            if check_valid and msgfmt_ok(path):
                counts["checked"] += 1
                if not msgfmt_ok(out):
                    counts["invalid"] += 1
                    print(f"invalid: {path}")
    seconds = time.perf_counter() - start
    print(
        f"{len(files)} catalogs: {counts['updated']} updated, {counts['unreadable']} not read "
        f"(rejected), {counts['crashed']} crashed, "
        f"{counts['lost']} lost a translation; "
        f"msgfmt -c: {counts['invalid']} invalid of {counts['checked']} valid inputs"
        f"{'' if check_valid else ' (msgfmt not installed: not checked)'}; {seconds:.0f} s"
    )
    if counts["crashed"] or counts["lost"] or counts["invalid"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
