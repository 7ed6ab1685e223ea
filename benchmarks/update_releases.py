"""Benchmark: real release-to-release updates, ours against ``msgmerge --previous``.

    .venv/bin/python benchmarks/update_releases.py               # every pair, 4 locales each
    .venv/bin/python benchmarks/update_releases.py --pairs sphinx --locales de,ja,fr
    .venv/bin/python benchmarks/update_releases.py --ours-ref 36d4015   # an older commit

The change sets of ``update_speed.py`` are synthetic edits of real catalogs. Here the
change is the real one: a project's translated catalogs from an older release are updated
to the template (POT) of a newer release, as its maintainers did between the two. Wheels
are fetched from PyPI into ``benchmarks/data/wheels/`` (git-ignored); nothing is committed.

For each catalog, both tools run in their own process on the same input:

* ours      ``translator update OUT.po --template NEW.pot`` (OUT.po = copy of the old catalog)
* msgmerge  ``msgmerge --previous -o OUT.po OLD.po NEW.pot`` (GNU gettext)

and the outputs are compared entry by entry (every msgid of the template):

* **exact**: old translations kept for unchanged msgids (both must agree);
* **fuzzy**: msgids given an old translation by fuzzy matching: the same one by both tools,
  a different one, or by one tool only;
* **useful**: ground truth from the newer release's own catalog for the same locale, where a
  translator has since translated the msgid (not fuzzy): a fuzzy suggestion is *kept* when
  that final translation equals it, *close* when it is at least 50 % similar (characters);
* **fields**: for msgids where both tools made the same choice, every field that differs
  (flags, comments, references, previous msgid, plural slots) — where we do not update an
  entry as msgmerge does;
* obsolete entries, header fields that differ, ``msgfmt -c`` on both outputs, wall time.

No ground truth says which fuzzy match is *right*; the newer release's translations say
which one a translator found worth keeping.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polib
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "data" / "update-releases"

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from _po_corpus import fetch_wheels  # noqa: E402
from update_speed import compile_package, msgfmt_ok, ours_source  # noqa: E402

from translator.catalog.pofile import read_catalog  # noqa: E402
from translator.errors import TranslatorError  # noqa: E402


@dataclass(frozen=True)
class Pair:
    package: str
    old: str
    new: str
    # template path in the new wheel -> the catalog's path pattern ({lang} = locale folder)
    templates: tuple[tuple[str, str], ...]


PAIRS = {
    "sphinx": Pair(
        "sphinx", "7.2.6", "9.0.4",
        (("sphinx/locale/sphinx.pot", "sphinx/locale/{lang}/LC_MESSAGES/sphinx.po"),),
    ),
    "django": Pair(  # Django ships no POT: its English catalogs are the templates
        "django", "4.2.30", "5.2.19",
        (
            ("django/conf/locale/en/LC_MESSAGES/django.po",
             "django/conf/locale/{lang}/LC_MESSAGES/django.po"),
            ("django/contrib/admin/locale/en/LC_MESSAGES/django.po",
             "django/contrib/admin/locale/{lang}/LC_MESSAGES/django.po"),
        ),
    ),
    "weblate": Pair(
        "weblate", "5.8.4", "5.14.3",
        (("weblate/locale/django.pot", "weblate/locale/{lang}/LC_MESSAGES/django.po"),),
    ),
    "pretix": Pair(
        "pretix", "2025.1.0", "2026.8.0",
        (("pretix/locale/django.pot", "pretix/locale/{lang}/LC_MESSAGES/django.po"),),
    ),
    "wagtail": Pair(
        "wagtail", "6.3", "8.0.1",
        (("wagtail/admin/locale/en/LC_MESSAGES/django.po",
          "wagtail/admin/locale/{lang}/LC_MESSAGES/django.po"),),
    ),
}  # fmt: skip
# Tried in this order; the first --per-pair of them that both releases have are used.
PREFERRED = ("de", "ja", "fr", "ru", "es", "pl", "zh_Hans", "zh_CN", "it", "pt_BR", "cs", "ko")


@dataclass
class Outcome:
    name: str
    entries: int = 0
    exact: int = 0
    fuzzy_same: int = 0
    fuzzy_other: int = 0  # both fuzzy, from different old entries
    ours_only: int = 0
    msgmerge_only: int = 0
    # fuzzy suggestions the newer release has a final translation for, per tool:
    # how many, how many equal to it, how many at least 50 % similar
    checked: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)
    close: Counter[str] = field(default_factory=Counter)
    field_differences: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    obsolete_ours: int = 0
    obsolete_msgmerge: int = 0
    header_differences: list[str] = field(default_factory=list)
    order_same: bool = True
    valid_ours: bool = True
    valid_msgmerge: bool = True
    seconds_ours: float = 0.0
    seconds_msgmerge: float = 0.0
    failed: str = ""


def fetch(package: str, version: str) -> Path | None:
    try:
        return fetch_wheels([(package, version)])[package]
    except (subprocess.CalledProcessError, RuntimeError):
        print(f"{package} {version}: pip download failed, pair skipped", file=sys.stderr)
        return None


def catalogs(pair: Pair, locales: list[str], per_pair: int) -> list[tuple[str, Path, Path, Path]]:
    """(name, old catalog, new template, new catalog) files extracted under WORK."""
    old_wheel, new_wheel = fetch(pair.package, pair.old), fetch(pair.package, pair.new)
    if old_wheel is None or new_wheel is None:
        return []
    out: list[tuple[str, Path, Path, Path]] = []
    with zipfile.ZipFile(old_wheel) as old_zip, zipfile.ZipFile(new_wheel) as new_zip:
        old_names, new_names = set(old_zip.namelist()), set(new_zip.namelist())
        for index, (template, pattern) in enumerate(pair.templates):
            if template not in new_names:
                continue
            chosen = [
                lang
                for lang in (locales or PREFERRED)
                if pattern.format(lang=lang) in old_names and pattern.format(lang=lang) in new_names
            ][: per_pair if not locales else None]
            for lang in chosen:
                name = f"{pair.package}-{index}-{lang}"
                folder = WORK / name
                folder.mkdir(parents=True, exist_ok=True)
                files = (
                    (old_zip, pattern.format(lang=lang), folder / "old.po"),
                    (new_zip, template, folder / "new.pot"),
                    (new_zip, pattern.format(lang=lang), folder / "truth.po"),
                )
                for archive, member, target in files:
                    if not target.exists():
                        target.write_bytes(archive.read(member))
                out.append((name, folder / "old.po", folder / "new.pot", folder / "truth.po"))
    return out


# Children see no PYTHONDONTWRITEBYTECODE (our package runs compiled, as in update_speed);
# main() points PYTHONPATH at the package of --ours-ref.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=_ENV, cwd=cwd)
    wall = time.perf_counter() - start
    return wall, "" if proc.returncode == 0 else (proc.stderr or proc.stdout).strip()[-300:]


Key = tuple[str | None, str]


def _active(path: Path) -> tuple[dict[Key, polib.POEntry], list[Key], set[Key], dict[str, str]]:
    po = read_catalog(path)
    active: dict[Key, polib.POEntry] = {}
    order: list[Key] = []
    obsolete: set[Key] = set()
    for entry in po:
        key = (entry.msgctxt, entry.msgid)
        if entry.obsolete:
            obsolete.add(key)
        elif entry.msgid:
            active[key] = entry
            order.append(key)
    return active, order, obsolete, dict(po.metadata)


def _translation(entry: polib.POEntry) -> str:
    plural = entry.msgstr_plural
    return "\x00".join(plural[k] for k in sorted(plural)) if plural else entry.msgstr


def _translated(entry: polib.POEntry) -> bool:
    return any(entry.msgstr_plural.values()) if entry.msgstr_plural else bool(entry.msgstr)


FIELDS = (
    "msgstr",
    "msgstr_plural",
    "flags",
    "tcomment",
    "comment",
    "occurrences",
    "previous_msgctxt",
    "previous_msgid",
    "previous_msgid_plural",
    "msgid_plural",
)


def compare(name: str, old: Path, pot: Path, truth: Path, keep: Path) -> Outcome:
    outcome = Outcome(name)
    ours_out, mm_out = keep / "ours.po", keep / "msgmerge.po"
    shutil.copyfile(old, ours_out)
    ours_cmd = [sys.executable, "-m", "translator", "update", str(ours_out), "-t", str(pot)]
    # cwd: the catalog's folder, where no other translator package can shadow ours
    outcome.seconds_ours, error = timed(ours_cmd, keep)
    if error:
        outcome.failed = f"ours: {error}"
        return outcome
    mm_cmd = ["msgmerge", "--previous", "--quiet", "-o", str(mm_out), str(old), str(pot)]
    outcome.seconds_msgmerge, error = timed(mm_cmd, keep)
    if error:
        outcome.failed = f"msgmerge: {error}"
        return outcome
    outcome.valid_ours, outcome.valid_msgmerge = msgfmt_ok(ours_out), msgfmt_ok(mm_out)
    try:
        ours, ours_order, ours_obsolete, ours_header = _active(ours_out)
        mm, mm_order, mm_obsolete, mm_header = _active(mm_out)
        old_active, _, _, _ = _active(old)
        final, _, _, _ = _active(truth)
    except TranslatorError as exc:
        outcome.failed = str(exc)
        return outcome
    outcome.obsolete_ours, outcome.obsolete_msgmerge = len(ours_obsolete), len(mm_obsolete)
    outcome.order_same = ours_order == mm_order
    outcome.header_differences = sorted(
        f"{k}: ours {ours_header.get(k)!r} msgmerge {mm_header.get(k)!r}"
        for k in set(ours_header) | set(mm_header)
        if ours_header.get(k) != mm_header.get(k)
    )
    differences: Counter[str] = Counter()
    for key in mm_order:
        a, b = ours.get(key), mm.get(key)
        if a is None or b is None:
            differences["missing"] += 1
            continue
        outcome.entries += 1
        a_fuzzy = "fuzzy" in a.flags and _translated(a)
        b_fuzzy = "fuzzy" in b.flags and _translated(b)
        was = old_active.get(key)
        if was is not None and _translated(was) and not a_fuzzy and not b_fuzzy:
            outcome.exact += 1
        same = (a.previous_msgid, a.previous_msgctxt) == (b.previous_msgid, b.previous_msgctxt)
        if a_fuzzy and b_fuzzy:
            if same:
                outcome.fuzzy_same += 1
            else:
                outcome.fuzzy_other += 1
                if len(outcome.examples) < 6:
                    outcome.examples.append(
                        f"{key[1][:60]!r}: ours from {(a.previous_msgid or '')[:60]!r}, "
                        f"msgmerge from {(b.previous_msgid or '')[:60]!r}"
                    )
        elif a_fuzzy:
            outcome.ours_only += 1
        elif b_fuzzy:
            outcome.msgmerge_only += 1
        target = final.get(key)
        if target is not None and _translated(target) and "fuzzy" not in target.flags:
            answer = _translation(target)
            for is_fuzzy, entry, tool in ((a_fuzzy, a, "ours"), (b_fuzzy, b, "msgmerge")):
                if not is_fuzzy:
                    continue
                suggestion = _translation(entry)
                outcome.checked[tool] += 1
                outcome.kept[tool] += suggestion == answer
                outcome.close[tool] += fuzz.ratio(suggestion, answer) >= 50
        if a_fuzzy != b_fuzzy or (a_fuzzy and not same):
            continue
        for name_ in FIELDS:
            x, y = getattr(a, name_), getattr(b, name_)
            if name_ == "flags":
                x, y = sorted(x), sorted(y)
            if x != y:
                differences[name_] += 1
                if len(outcome.examples) < 12:
                    example = f"{name_} of {key[1][:50]!r}: ours {x!r} msgmerge {y!r}"
                    outcome.examples.append(example[:300])
    if ours_obsolete != mm_obsolete:
        differences["obsolete set"] += len(ours_obsolete ^ mm_obsolete)
    outcome.field_differences = dict(differences)
    return outcome


def table(outcomes: list[Outcome]) -> str:
    rows = [
        "| catalog | entries | exact | fuzzy same / other | ours only | msgmerge only "
        "| kept: ours / msgmerge | ≥ 50 %: ours / msgmerge | fields differing | obsolete ours / mm "
        "| msgfmt -c | ours s | msgmerge s (÷ ours) |",
        "|---|---:|---:|---|---:|---:|---|---|---|---|---|---:|---:|",
    ]
    for o in outcomes:
        if o.failed:
            rows.append(f"| {o.name} | failed: {o.failed} |")
            continue
        fields = ", ".join(f"{k} {v}" for k, v in sorted(o.field_differences.items())) or "none"
        ratio = o.seconds_msgmerge / o.seconds_ours if o.seconds_ours else 0
        rows.append(
            f"| {o.name} | {o.entries} | {o.exact} | {o.fuzzy_same} / {o.fuzzy_other} "
            f"| {o.ours_only} | {o.msgmerge_only} "
            f"| {o.kept['ours']}/{o.checked['ours']} "
            f"/ {o.kept['msgmerge']}/{o.checked['msgmerge']} "
            f"| {o.close['ours']}/{o.checked['ours']} "
            f"/ {o.close['msgmerge']}/{o.checked['msgmerge']} "
            f"| {fields} | {o.obsolete_ours} / {o.obsolete_msgmerge} "
            f"| {'ok' if o.valid_ours else 'FAIL'} / {'ok' if o.valid_msgmerge else 'FAIL'} "
            f"| {o.seconds_ours:.2f} | {o.seconds_msgmerge:.2f} ({ratio:.1f}) |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", default=",".join(PAIRS), help="of: " + ", ".join(PAIRS))
    parser.add_argument("--locales", default="", help="locale folders (default: preferred ones)")
    parser.add_argument("--per-pair", type=int, default=4, help="locales per template")
    parser.add_argument("--ours-ref", help="run our package as of this commit (git archive)")
    args = parser.parse_args()
    if shutil.which("msgmerge") is None:
        raise SystemExit("msgmerge not found: install GNU gettext")
    source = ours_source(args.ours_ref, None)
    if source is not None:
        _ENV["PYTHONPATH"] = str(source)
    compile_package(source or ROOT)
    locales = [x for x in args.locales.split(",") if x]
    outcomes: list[Outcome] = []
    for pair_name in args.pairs.split(","):
        pair = PAIRS[pair_name]
        for name, old, pot, truth in catalogs(pair, locales, args.per_pair):
            print(f"{name} ...", file=sys.stderr, flush=True)
            outcome = compare(name, old, pot, truth, old.parent)
            outcomes.append(outcome)
            for line in outcome.examples:
                print(f"    {line}", file=sys.stderr)
    print(table(outcomes))
    (WORK / "results.json").write_text(json.dumps([vars(o) for o in outcomes], indent=1))
    total = Counter[str]()
    for o in outcomes:
        total.update(o.field_differences)
    print(f"\nfield differences over all catalogs: {dict(total) or 'none'}")
    for tool in ("ours", "msgmerge"):
        checked = sum(o.checked[tool] for o in outcomes)
        close = sum(o.close[tool] for o in outcomes)
        kept = sum(o.kept[tool] for o in outcomes)
        share = f"{100 * close / checked:.0f} %" if checked else "-"
        print(f"{tool}: {checked} checkable suggestions, {close} close ({share}), {kept} kept")
    both = sum(o.fuzzy_same for o in outcomes), sum(o.fuzzy_other for o in outcomes)
    alone = sum(o.ours_only for o in outcomes), sum(o.msgmerge_only for o in outcomes)
    print(
        f"fuzzy in both: {both[0]} same source, {both[1]} other; alone: ours {alone[0]}, "
        f"msgmerge {alone[1]}"
    )
    times = [
        o.seconds_msgmerge / o.seconds_ours for o in outcomes if o.seconds_ours and not o.failed
    ]
    if times:
        print(f"msgmerge ÷ ours: median {statistics.median(times):.1f}")


if __name__ == "__main__":
    main()
