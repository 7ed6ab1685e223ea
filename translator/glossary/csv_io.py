"""CSV glossaries in the shapes Weblate and Crowdin use, and our own round-trip export.

Accepted columns (header row required, names case-insensitive, surrounding spaces ignored):

* source: ``source``, ``term``, ``source term``, ``Term [ja]`` (Crowdin), or the source
  locale code (``ja``);
* target, long format (one row per target form): ``target`` / ``translation`` /
  ``target term``, plus ``locale`` / ``language`` / ``target_locale`` (else ``--locale``);
* target, wide format: one column per locale, named ``en``, ``zh_Hans``, ``Term [de]``;
* ``id`` (optional; rows with the same id or, without ids, the same source form are one term);
* notes: ``description``, ``notes``, ``explanation``, ``comment``, ``definition``;
* flags: ``flags`` (Weblate style, comma or space separated: ``forbidden``, ``read-only``,
  ``case-sensitive``), or boolean columns ``forbidden``, ``read_only`` /
  ``do_not_translate``, ``translatable`` (``no`` = do not translate), ``case_sensitive``;
* ``status``: ``preferred`` / ``admitted`` / ``forbidden`` (TBX spellings accepted);
* ``source_variants``, ``source_forbidden``: several forms separated by ``|``.

A row marked forbidden makes its target a forbidden rendering; the first allowed row of a
term and locale gives the preferred form, later rows admitted forms.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from translator._io import read_text, write_text_atomic
from translator.errors import TranslatorError
from translator.glossary.model import Glossary, LocaleTargets, Term

_SOURCE = {"source", "term", "source term", "source_term", "source text"}
_TARGET = {"target", "translation", "target term", "target_term"}
_LOCALE = {"locale", "language", "target_locale", "target language", "lang"}
_NOTES = {"description", "notes", "note", "explanation", "comment", "comments", "definition"}
_TRUE = {"1", "true", "yes", "y", "x", "on"}
_FALSE = {"0", "false", "no", "n", "off", ""}
_BRACKET = re.compile(r"^(?:term|translation)\s*\[([A-Za-z_-]+)\]$", re.IGNORECASE)
_FORBIDDEN_STATUS = {
    "forbidden",
    "deprecated",
    "superseded",
    "obsolete",
    "notrecommended",
    "deprecatedterm-admn-sts",
    "supersededterm-admn-sts",
}


@dataclass
class _Draft:
    id: str
    source: str
    line: int
    variants: list[str] = field(default_factory=list)
    source_forbidden: list[str] = field(default_factory=list)
    dnt: bool = False
    case: bool = False
    notes: list[str] = field(default_factory=list)
    allowed: dict[str, list[str]] = field(default_factory=dict)
    forbidden: dict[str, list[str]] = field(default_factory=dict)
    preferred: dict[str, str] = field(default_factory=dict)


def _norm_locale(code: str) -> str:
    parts = code.strip().replace("-", "_").split("_")
    out = [parts[0].lower()] + [p.title() if len(p) == 4 else p.upper() for p in parts[1:] if p]
    return "_".join(out)


def read_csv(path: Path, *, locale: str | None = None, source_locale: str = "ja") -> Glossary:
    """Read a CSV (or tab-separated ``.tsv``) glossary; ``locale`` names a lone target column."""
    text = read_text(path).lstrip("\ufeff")
    return parse_csv(
        text, str(path), locale=locale, source_locale=source_locale, tab=path.suffix == ".tsv"
    )


def parse_csv(
    text: str,
    where: str = "<csv>",
    *,
    locale: str | None = None,
    source_locale: str = "ja",
    tab: bool = False,
) -> Glossary:
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel_tab if tab else csv.excel
    if not tab:
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        return Glossary([], source_locale)
    header = [h.strip() for h in rows[0]]
    lower = [h.lower() for h in header]

    def col(names: set[str]) -> int | None:
        return next((i for i, h in enumerate(lower) if h in names), None)

    src = col(_SOURCE | {source_locale.lower()})
    if src is None:
        for i, h in enumerate(header):
            m = _BRACKET.match(h)
            if m and _norm_locale(m.group(1)).split("_")[0] == source_locale.split("_")[0]:
                src = i
    if src is None:
        raise TranslatorError(
            f"no source column (expected one of: source, term, {source_locale}, "
            f"Term [{source_locale}])",
            where,
            1,
        )
    tgt, loc_col = col(_TARGET), col(_LOCALE)
    wide: dict[int, str] = {}
    if tgt is None:
        known = _SOURCE | _TARGET | _LOCALE | _NOTES | {
            "id", "flags", "status", "forbidden", "read_only", "read-only", "do_not_translate",
            "translatable", "case_sensitive", "case-sensitive", "source_variants",
            "source_forbidden", "part of speech", "context",
        }  # fmt: skip
        for i, h in enumerate(header):
            if i == src or h.lower() in known:
                continue
            m = _BRACKET.match(h)
            code = m.group(1) if m else h
            if re.fullmatch(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*", code):
                wide[i] = _norm_locale(code)
        if not wide:
            raise TranslatorError("no target column (target, translation or a locale code)", where)
    elif loc_col is None and locale is None:
        raise TranslatorError(
            "a 'target' column needs a 'locale' column or an explicit --locale", where, 1
        )
    cid, notes_col = col({"id"}), col(_NOTES)
    flags_col, status_col = col({"flags"}), col({"status"})
    bool_cols = {
        name: col(aliases)
        for name, aliases in (
            ("forbidden", {"forbidden"}),
            ("dnt", {"read_only", "read-only", "do_not_translate", "untranslatable"}),
            ("translatable", {"translatable"}),
            ("case", {"case_sensitive", "case-sensitive"}),
        )
    }
    var_col, sforb_col = col({"source_variants"}), col({"source_forbidden"})
    drafts: dict[str, _Draft] = {}
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(i: int | None, row: list[str] = row) -> str:
            return row[i].strip() if i is not None and i < len(row) else ""

        def truth(name: str, number: int = number, cell: object = cell) -> bool:
            value = cell(bool_cols[name]).lower()  # type: ignore[operator]
            if value in _TRUE:
                return True
            if value in _FALSE:
                return False
            raise TranslatorError(f"column {name!r}: expected yes/no, got {value!r}", where, number)

        source = cell(src)
        if not source:
            raise TranslatorError("empty source term", where, number)
        key = cell(cid) or source
        draft = drafts.get(key)
        if draft is None:
            draft = drafts[key] = _Draft(id=cell(cid) or _slug(source, len(drafts) + 1),
                                         source=source, line=number)
        elif source != draft.source and source not in draft.variants:
            draft.variants.append(source)
        flags = {f.strip().lower() for f in re.split(r"[,\s]+", cell(flags_col)) if f.strip()}
        forbidden = "forbidden" in flags or truth("forbidden")
        forbidden = forbidden or cell(status_col).lower().replace(" ", "") in _FORBIDDEN_STATUS
        if "read-only" in flags or truth("dnt") or (
            bool_cols["translatable"] is not None and not truth("translatable")
        ):
            draft.dnt = True
        if "case-sensitive" in flags or truth("case"):
            draft.case = True
        note = cell(notes_col)
        if note and note not in draft.notes:
            draft.notes.append(note)
        draft.variants += [v for v in _split(cell(var_col)) if v not in draft.variants]
        draft.source_forbidden += [
            v for v in _split(cell(sforb_col)) if v not in draft.source_forbidden
        ]
        targets: list[tuple[str, str]] = []
        if wide:
            targets = [(code, cell(i)) for i, code in wide.items() if cell(i)]
        elif cell(tgt):
            targets = [(_norm_locale(cell(loc_col) or locale or ""), cell(tgt))]
        preferred = cell(status_col).lower().startswith("preferred")
        for code, value in targets:
            bucket = draft.forbidden if forbidden else draft.allowed
            forms = bucket.setdefault(code, [])
            if value not in forms:
                forms.append(value)
            if preferred and not forbidden:
                draft.preferred.setdefault(code, value)
    terms = []
    for draft in drafts.values():
        targets_map: dict[str, LocaleTargets] = {}
        for code in dict.fromkeys([*draft.allowed, *draft.forbidden]):
            ok = draft.allowed.get(code, [])
            if code in draft.preferred:
                ok = [draft.preferred[code], *(v for v in ok if v != draft.preferred[code])]
            if draft.dnt and ok == [draft.source]:
                ok = []
            targets_map[code] = LocaleTargets(
                ok[0] if ok else None, tuple(ok[1:]), tuple(draft.forbidden.get(code, []))
            )
        if not draft.dnt and not any(t.allowed or t.forbidden for t in targets_map.values()):
            raise TranslatorError(f"term {draft.source!r} has no target", where, draft.line)
        terms.append(
            Term(
                id=draft.id,
                source=draft.source,
                source_variants=tuple(v for v in draft.variants if v != draft.source),
                source_forbidden=tuple(draft.source_forbidden),
                case_sensitive=draft.case,
                do_not_translate=draft.dnt,
                targets=targets_map,
                notes="\n".join(draft.notes),
                path=where,
                line=draft.line,
            )
        )
    return Glossary(terms, source_locale)


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _slug(source: str, number: int) -> str:
    ascii_part = re.sub(r"[^a-z0-9]+", "-", source.lower()).strip("-")
    return ascii_part or f"term-{number}"


_COLUMNS = ["id", "source", "source_variants", "source_forbidden", "locale", "target", "status",
            "flags", "notes"]  # fmt: skip


def csv_text(glossary: Glossary) -> str:
    """Long-format CSV: one row per target form (``status`` preferred/admitted/forbidden)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_COLUMNS)
    for term in glossary.terms:
        flags = ",".join(
            f for f, on in (("read-only", term.do_not_translate), ("case-sensitive",
                            term.case_sensitive)) if on
        )  # fmt: skip
        base = [term.id, term.source, "|".join(term.source_variants),
                "|".join(term.source_forbidden)]  # fmt: skip
        rows: list[tuple[str, str, str]] = []
        for locale in glossary.locales:
            spec = term.targets.get(locale)
            if spec is not None and spec.preferred:
                rows.append((locale, spec.preferred, "preferred"))
            if spec is not None:
                rows += [(locale, v, "admitted") for v in spec.admitted]
            rows += [(locale, v, "forbidden") for v in term.forbidden_for(locale)]
        if not rows:
            rows.append(("", "", ""))
        for number, (locale, value, status) in enumerate(rows):
            note = term.notes if number == 0 else ""
            writer.writerow([*base, locale, value, status, flags, note])
    return out.getvalue()


def write_csv(glossary: Glossary, path: Path) -> None:
    write_text_atomic(path, csv_text(glossary))
