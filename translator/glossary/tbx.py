"""TBX import (v3 TBX-Basic ``<tbx>``, v2 ``<martif>``, TBX-Min) and TBX-Basic v3 export.

Status mapping (``termNote type="administrativeStatus"``, TBX-Min ``termStatus``):

* ``preferredTerm-admn-sts`` / ``preferred`` → preferred (the first one; later ones admitted)
* ``admittedTerm-admn-sts`` / ``admitted`` / no status → admitted
* ``deprecatedTerm-admn-sts``, ``supersededTerm-admn-sts``, ``deprecated``, ``superseded``,
  ``forbidden``, ``notRecommended``, ``obsolete`` → forbidden

On the source-language side the first preferred (else first) term is the term's source,
other allowed ones are source variants and forbidden ones source-forbidden spellings.
Flags with no TBX equivalent travel in a ``<note>`` as ``flags: do-not-translate,
case-sensitive``; Weblate's ``<descrip type="Translation needed">No</descrip>`` also marks a
do-not-translate term.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from translator._io import write_text_atomic
from translator.errors import TranslatorError
from translator.glossary.model import Glossary, LocaleTargets, Term

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TBX_NS = "urn:iso:std:iso:30042:ed-2"
_PREFERRED = {"preferredterm-admn-sts", "preferred", "preferredterm"}
_FORBIDDEN = {
    "deprecatedterm-admn-sts",
    "supersededterm-admn-sts",
    "deprecated",
    "superseded",
    "forbidden",
    "notrecommended",
    "obsolete",
    "deprecatedterm",
    "supersededterm",
}
_FLAGS_PREFIX = "flags:"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(elem: ET.Element, *names: str) -> list[ET.Element]:
    return [c for c in elem if _local(c.tag) in names]


def _descendants(elem: ET.Element, *names: str) -> list[ET.Element]:
    return [c for c in elem.iter() if _local(c.tag) in names]


def _text(elem: ET.Element) -> str:
    return "".join(elem.itertext()).strip()


def read_tbx(path: Path) -> Glossary:
    """Read a TBX file of any common dialect into a glossary (one term per concept)."""
    try:
        root = SafeET.parse(str(path)).getroot()
        if root is None:
            raise ET.ParseError("empty document")
    except (ET.ParseError, DefusedXmlException) as exc:
        line = getattr(exc, "position", (None,))[0]
        raise TranslatorError(f"not a readable TBX file: {exc}", str(path), line) from None
    except OSError as exc:
        raise TranslatorError(f"cannot read: {exc.strerror}", str(path)) from None
    kind = _local(root.tag)
    if kind not in ("tbx", "martif", "TBX"):
        raise TranslatorError(f"not a TBX file (root element <{kind}>)", str(path))
    source_locale = _source_locale(root)
    concepts = _descendants(root, "conceptEntry", "termEntry")
    terms: list[Term] = []
    for number, concept in enumerate(concepts, 1):
        term = _concept(concept, source_locale, number, str(path))
        if term is not None:
            terms.append(term)
    return Glossary(terms, source_locale)


def _source_locale(root: ET.Element) -> str:
    for languages in _descendants(root, "languages"):  # TBX-Min header
        if languages.get("source"):
            return _locale(languages.get("source", "ja"))
    lang = root.get(_XML_LANG)
    return _locale(lang) if lang else "ja"


def _locale(code: str) -> str:
    parts = code.replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part)
    return "_".join(out)


def _concept(concept: ET.Element, source_locale: str, number: int, path: str) -> Term | None:
    term_id = concept.get("id") or f"c{number}"
    flags: set[str] = set()
    notes: list[str] = []
    for note in _descendants(concept, "note", "descrip"):
        text = _text(note)
        kind = (note.get("type") or "").lower()
        if text.lower().startswith(_FLAGS_PREFIX):
            flags |= {f.strip().lower() for f in text[len(_FLAGS_PREFIX) :].split(",")}
        elif kind == "translation needed" and text.lower() == "no":
            flags.add("do-not-translate")
        elif text and (kind == "definition" or _local(note.tag) == "note"):
            notes.append(text)
    per_locale: dict[str, list[tuple[str, str]]] = {}
    for lang_sec in _descendants(concept, "langSec", "langSet", "langGroup"):
        lang = lang_sec.get(_XML_LANG) or lang_sec.get("lang") or ""
        if not lang:
            continue
        locale = _locale(lang)
        for group in _descendants(lang_sec, "termSec", "tig", "ntig", "termGroup"):
            term_elems = _descendants(group, "term")
            if not term_elems:
                continue
            status = ""
            for note in _descendants(group, "termNote"):
                if (note.get("type") or "") == "administrativeStatus":
                    status = _text(note)
            for note in _descendants(group, "termStatus"):
                status = _text(note)
            value = _text(term_elems[0])
            if value:
                per_locale.setdefault(locale, []).append((value, _status(status)))
    source_key = next(
        (k for k in per_locale if k.split("_")[0] == source_locale.split("_")[0]), None
    )
    if source_key is None:
        return None
    sources = per_locale.pop(source_key)
    allowed = [v for v, s in sources if s != "forbidden"]
    preferred = [v for v, s in sources if s == "preferred"]
    if not allowed:
        return None
    source = preferred[0] if preferred else allowed[0]
    dnt = "do-not-translate" in flags or "read-only" in flags
    targets: dict[str, LocaleTargets] = {}
    for locale, forms in per_locale.items():
        ok = [v for v, s in forms if s == "preferred"] + [v for v, s in forms if s == "admitted"]
        bad = tuple(dict.fromkeys(v for v, s in forms if s == "forbidden"))
        ok = list(dict.fromkeys(ok))
        if dnt and ok == [source]:
            ok = []
        if ok or bad:
            targets[locale] = LocaleTargets(ok[0] if ok else None, tuple(ok[1:]), bad)
    if not targets and not dnt:
        raise TranslatorError(f"concept {term_id!r} ({source!r}) has no target term", path)
    return Term(
        id=term_id,
        source=source,
        source_variants=tuple(v for v in dict.fromkeys(allowed) if v != source),
        source_forbidden=tuple(dict.fromkeys(v for v, s in sources if s == "forbidden")),
        case_sensitive="case-sensitive" in flags,
        do_not_translate=dnt,
        targets=targets,
        notes="\n".join(notes),
        path=path,
    )


def _status(value: str) -> str:
    key = value.strip().lower()
    if key in _PREFERRED:
        return "preferred"
    if key in _FORBIDDEN:
        return "forbidden"
    return "admitted"


def tbx_text(glossary: Glossary) -> str:
    """TBX-Basic v3 (DCA style) for ``glossary``."""
    ET.register_namespace("", _TBX_NS)
    ns = f"{{{_TBX_NS}}}"
    root = ET.Element(
        f"{ns}tbx", {"type": "TBX-Basic", "style": "dca", _XML_LANG: glossary.source_locale}
    )
    header = ET.SubElement(root, f"{ns}tbxHeader")
    file_desc = ET.SubElement(header, f"{ns}fileDesc")
    source_desc = ET.SubElement(file_desc, f"{ns}sourceDesc")
    ET.SubElement(source_desc, f"{ns}p").text = "Exported by translator glossary export"
    body = ET.SubElement(ET.SubElement(root, f"{ns}text"), f"{ns}body")
    locales = glossary.locales
    for term in glossary.terms:
        concept = ET.SubElement(body, f"{ns}conceptEntry", {"id": term.id})
        flags = [
            name
            for name, on in (
                ("do-not-translate", term.do_not_translate),
                ("case-sensitive", term.case_sensitive),
            )
            if on
        ]
        if flags:
            ET.SubElement(concept, f"{ns}note").text = _FLAGS_PREFIX + " " + ", ".join(flags)
        if term.notes:
            ET.SubElement(concept, f"{ns}note").text = term.notes
        source_forms = [(term.source, "preferredTerm-admn-sts")]
        source_forms += [(v, "admittedTerm-admn-sts") for v in term.source_variants]
        source_forms += [(v, "deprecatedTerm-admn-sts") for v in term.source_forbidden]
        _lang_sec(concept, ns, glossary.source_locale, source_forms)
        for locale in locales:
            forms: list[tuple[str, str]] = []
            spec = term.targets.get(locale)
            if spec is not None and spec.preferred:
                forms.append((spec.preferred, "preferredTerm-admn-sts"))
            elif term.do_not_translate:
                forms.append((term.source, "preferredTerm-admn-sts"))
            if spec is not None:
                forms += [(v, "admittedTerm-admn-sts") for v in spec.admitted]
            forms += [(v, "deprecatedTerm-admn-sts") for v in term.forbidden_for(locale)]
            if forms:
                _lang_sec(concept, ns, locale, forms)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _lang_sec(parent: ET.Element, ns: str, locale: str, forms: list[tuple[str, str]]) -> None:
    lang_sec = ET.SubElement(parent, f"{ns}langSec", {_XML_LANG: locale.replace("_", "-")})
    for value, status in forms:
        term_sec = ET.SubElement(lang_sec, f"{ns}termSec")
        ET.SubElement(term_sec, f"{ns}term").text = value
        ET.SubElement(term_sec, f"{ns}termNote", {"type": "administrativeStatus"}).text = status


def write_tbx(glossary: Glossary, path: Path) -> None:
    write_text_atomic(path, tbx_text(glossary))
