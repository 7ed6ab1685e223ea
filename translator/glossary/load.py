"""Load and validate ``glossary/*.yaml``; write a glossary back as YAML.

A file is a mapping with a ``terms:`` list (``version``, ``source_locale``,
``target_locales`` are optional metadata). Every error names the file, the line, the term
and the key. Forms must be strings: a YAML flow list such as ``[0,6 Milliarden Parameter]``
silently becomes the integer ``0`` plus a string, and is rejected here.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from translator._gc import gc_paused
from translator._io import read_text
from translator._yaml import SAFE_LOADER
from translator.errors import TranslatorError
from translator.glossary.model import Glossary, LocaleTargets, Term
from translator.glossary.text import _fold, normalize

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_FILE_KEYS = frozenset({"terms", "version", "source_locale", "target_locales"})
_TERM_KEYS = frozenset(
    {
        "id",
        "source",
        "source_variants",
        "source_forbidden",
        "case_sensitive",
        "do_not_translate",
        "forbidden_targets",
        "targets",
        "notes",
    }
)
_TARGET_KEYS = frozenset({"preferred", "admitted", "forbidden"})
_KIND = {
    "tag:yaml.org,2002:int": "an integer",
    "tag:yaml.org,2002:float": "a number",
    _BOOL: "a boolean",
    "tag:yaml.org,2002:null": "empty (null)",
    "tag:yaml.org,2002:timestamp": "a date",
}


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return _KIND.get(node.tag, f"a {node.tag.rsplit(':', 1)[-1]}")


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, message: str, node: yaml.Node) -> TranslatorError:
        return TranslatorError(message, self.path, _line(node))

    def string(self, node: yaml.Node, what: str, *, empty_ok: bool = False) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag != _STR:
            shown = f" {node.value!r}" if isinstance(node, yaml.ScalarNode) and node.value else ""
            hint = (
                " (quote it; in a flow list [a, b] a comma splits the item)"
                if isinstance(node, yaml.ScalarNode)
                else ""
            )
            raise self.fail(f"{what} must be a string, got {_kind(node)}{shown}{hint}", node)
        value = str(node.value)
        if not value.strip() and not empty_ok:
            raise self.fail(f"{what} must not be empty", node)
        if value != value.strip() and not empty_ok:
            raise self.fail(f"{what} has leading or trailing spaces: {value!r}", node)
        return value

    def strings(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode) and node.tag == _STR:
            return (self.string(node, what),)
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(f"{what} must be a list of strings, got {_kind(node)}", node)
        def label(i: int) -> str:
            return f"{what[:-1]}[{i}]'" if what.endswith("'") else f"{what}[{i}]"

        return tuple(self.string(item, label(i)) for i, item in enumerate(node.value))

    def boolean(self, node: yaml.Node, what: str) -> bool:
        if not isinstance(node, yaml.ScalarNode) or node.tag != _BOOL:
            raise self.fail(f"{what} must be true or false, got {_kind(node)}", node)
        return str(node.value).lower() in ("true", "yes", "on", "y")

    def mapping(self, node: yaml.Node, what: str, known: frozenset[str]) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(f"{what} must be a mapping, got {_kind(node)}", node)
        out: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if known and key not in known:
                raise self.fail(
                    f"{what}: unknown key {key!r} (known: {', '.join(sorted(known))})", key_node
                )
            if key in out:
                raise self.fail(f"{what}: key {key!r} given twice", key_node)
            out[key] = value_node
        return out


def parse_glossary_text(text: str, path: str = "<glossary>") -> tuple[list[Term], dict[str, Any]]:
    """Terms and metadata of one glossary file's text (validated, with line numbers)."""
    try:
        # The safe loader's composer (libyaml when present): nodes keep their lines, and
        # every value is read from a node whose resolved tag we check ourselves.
        root = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise TranslatorError(
            f"not valid YAML: {problem}", path, mark.line + 1 if mark is not None else None
        ) from None
    reader = _Reader(path)
    if root is None:
        return [], {}
    top = reader.mapping(root, "glossary file", _FILE_KEYS)
    meta: dict[str, Any] = {}
    if "version" in top:
        node = top["version"]
        if not isinstance(node, yaml.ScalarNode):
            raise reader.fail("'version' must be a number or a string", node)
        meta["version"] = node.value
    if "source_locale" in top:
        meta["source_locale"] = reader.string(top["source_locale"], "'source_locale'")
    if "target_locales" in top:
        meta["target_locales"] = reader.strings(top["target_locales"], "'target_locales'")
    if "terms" not in top:
        raise reader.fail("a glossary file needs a 'terms:' list", root)
    terms_node = top["terms"]
    if isinstance(terms_node, yaml.ScalarNode) and terms_node.tag == "tag:yaml.org,2002:null":
        return [], meta
    if not isinstance(terms_node, yaml.SequenceNode):
        raise reader.fail(f"'terms' must be a list of terms, got {_kind(terms_node)}", terms_node)
    terms = [_term(reader, node, i) for i, node in enumerate(terms_node.value)]
    return terms, meta


def _term(reader: _Reader, node: yaml.Node, index: int) -> Term:
    label = f"term #{index + 1}"
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == "id" and isinstance(value_node, yaml.ScalarNode):
                label = f"term {value_node.value!r}"
            elif key_node.value == "source" and label.startswith("term #"):
                label = f"term #{index + 1} ({value_node.value!r})"
    fields = reader.mapping(node, label, _TERM_KEYS)
    if "source" not in fields:
        raise reader.fail(f"{label}: key 'source' is required", node)
    if "id" not in fields:
        raise reader.fail(f"{label}: key 'id' is required (a stable identifier)", node)
    term_id = reader.string(fields["id"], f"{label}: key 'id'")
    source = reader.string(fields["source"], f"{label}: key 'source'")

    def strings(key: str) -> tuple[str, ...]:
        return reader.strings(fields[key], f"{label}: key '{key}'") if key in fields else ()

    def flag(key: str) -> bool:
        return reader.boolean(fields[key], f"{label}: key '{key}'") if key in fields else False

    targets: dict[str, LocaleTargets] = {}
    if "targets" in fields:
        for loc_node, spec_node in _pairs(reader, fields["targets"], f"{label}: key 'targets'"):
            locale = reader.string(loc_node, f"{label}: a locale under 'targets'")
            where = f"{label}: key 'targets.{locale}"
            if isinstance(spec_node, yaml.ScalarNode) and spec_node.tag == _STR:
                targets[locale] = LocaleTargets(preferred=reader.string(spec_node, where + "'"))
                continue
            spec = reader.mapping(spec_node, where + "'", _TARGET_KEYS)
            preferred = (
                reader.string(spec["preferred"], where + ".preferred'")
                if "preferred" in spec
                else None
            )
            admitted = (
                reader.strings(spec["admitted"], where + ".admitted'") if "admitted" in spec else ()
            )
            forbidden = (
                reader.strings(spec["forbidden"], where + ".forbidden'")
                if "forbidden" in spec
                else ()
            )
            if preferred is None and admitted:
                preferred, admitted = admitted[0], admitted[1:]
            clash = set(map(_fold, (preferred or "", *admitted))) & set(map(_fold, forbidden))
            if clash and (preferred or admitted):
                raise reader.fail(
                    f"{where}': {sorted(clash)[0]!r} is both allowed and forbidden", spec_node
                )
            targets[locale] = LocaleTargets(preferred, admitted, forbidden)
    notes_node = fields.get("notes")
    notes = reader.string(notes_node, f"{label}: key 'notes'", empty_ok=True) if notes_node else ""
    dnt = flag("do_not_translate")
    if not dnt and not targets:
        raise reader.fail(
            f"{label}: needs 'targets' (or 'do_not_translate: true' for a name kept as is)", node
        )
    return Term(
        id=term_id,
        source=source,
        source_variants=strings("source_variants"),
        source_forbidden=strings("source_forbidden"),
        case_sensitive=flag("case_sensitive"),
        do_not_translate=dnt,
        forbidden_targets=strings("forbidden_targets"),
        targets=targets,
        notes=notes,
        path=reader.path,
        line=_line(node),
    )


def _pairs(reader: _Reader, node: yaml.Node, what: str) -> list[tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        raise reader.fail(f"{what} must be a mapping of locale to forms, got {_kind(node)}", node)
    return list(node.value)


def validate_terms(terms: Sequence[Term]) -> None:
    """Cross-term rules: unique ids, no source form claimed by two terms."""
    ids: dict[str, Term] = {}
    forms: dict[str, Term] = {}
    for term in terms:
        other = ids.get(term.id)
        if other is not None:
            raise TranslatorError(
                f"term {term.id!r}: id already used at {other.path}:{other.line}",
                term.path,
                term.line,
            )
        ids[term.id] = term
        for form in dict.fromkeys(term.source_forms):
            key = _fold(normalize(form).text)
            owner = forms.get(key)
            if owner is not None and owner is not term:
                raise TranslatorError(
                    f"term {term.id!r}: source form {form!r} is already a source form of term "
                    f"{owner.id!r} ({owner.path}:{owner.line})",
                    term.path,
                    term.line,
                )
            forms[key] = term


def expand_glossary_paths(patterns: Iterable[str | Path], root: Path | None = None) -> list[Path]:
    """Files matching glob ``patterns`` (relative to ``root``), sorted, without duplicates."""
    found: dict[Path, None] = {}
    for pattern in patterns:
        text = str(pattern)
        full = text if root is None or Path(text).is_absolute() else str(root / text)
        if glob.has_magic(full):
            for match in sorted(glob.glob(full, recursive=True)):
                found.setdefault(Path(match), None)
        elif Path(full).exists():
            found.setdefault(Path(full), None)
        else:
            raise TranslatorError("glossary file not found", full)
    return list(found)


def load_glossary(paths: Iterable[str | Path]) -> Glossary:
    """Load and validate YAML glossary files (or TBX/CSV ones, by suffix) into one glossary."""
    with gc_paused():
        return _load_glossary(paths)


def _load_glossary(paths: Iterable[str | Path]) -> Glossary:
    terms: list[Term] = []
    source_locale: str | None = None
    for path in paths:
        p = Path(path)
        suffix = p.suffix.lower()
        if suffix in (".tbx", ".xml"):
            from translator.glossary.tbx import read_tbx

            part = read_tbx(p)
        elif suffix in (".csv", ".tsv"):
            from translator.glossary.csv_io import read_csv

            part = read_csv(p)
        else:
            file_terms, meta = parse_glossary_text(read_text(p), str(p))
            part = Glossary(file_terms, str(meta.get("source_locale", "ja")))
        terms.extend(part.terms)
        source_locale = source_locale or part.source_locale
    validate_terms(terms)
    return Glossary(terms, source_locale or "ja")


def dump_glossary(glossary: Glossary) -> str:
    """The YAML text of ``glossary`` in the format ``load_glossary`` reads."""
    out: list[dict[str, Any]] = []
    for term in glossary.terms:
        item: dict[str, Any] = {"id": term.id, "source": term.source}
        if term.source_variants:
            item["source_variants"] = list(term.source_variants)
        if term.source_forbidden:
            item["source_forbidden"] = list(term.source_forbidden)
        if term.case_sensitive:
            item["case_sensitive"] = True
        if term.do_not_translate:
            item["do_not_translate"] = True
        if term.forbidden_targets:
            item["forbidden_targets"] = list(term.forbidden_targets)
        if term.targets:
            targets: dict[str, Any] = {}
            for locale, spec in term.targets.items():
                entry: dict[str, Any] = {}
                if spec.preferred:
                    entry["preferred"] = spec.preferred
                if spec.admitted:
                    entry["admitted"] = list(spec.admitted)
                if spec.forbidden:
                    entry["forbidden"] = list(spec.forbidden)
                targets[locale] = entry
            item["targets"] = targets
        if term.notes:
            item["notes"] = term.notes
        out.append(item)
    header: dict[str, Any] = {"version": 1, "source_locale": glossary.source_locale}
    locales = glossary.locales
    if locales:
        header["target_locales"] = locales
    body = yaml.safe_dump(
        {**header, "terms": out}, allow_unicode=True, sort_keys=False, width=100
    )
    return str(body)
