"""TMX 1.4b: read translation units from a file, write a memory out as one."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from translator import __version__
from translator._io import read_text, write_text_atomic
from translator.errors import TranslatorError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 cannot carry at all.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def read_tmx(path: Path) -> tuple[str | None, Iterator[tuple[str, dict[str, str]]]]:
    """The header's srclang and the units: (source text or "", {lang: text}) per <tu>.

    The source of a unit is the <tuv> in the header's srclang (the unit's own srclang
    attribute wins); with ``*all*`` the caller decides.
    """
    text = read_text(path)
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise TranslatorError(f"not a valid TMX file: {exc}", str(path), line) from None
    if _local(root.tag) != "tmx":
        raise TranslatorError(f"not a TMX file (root element <{_local(root.tag)}>)", str(path))
    header = next((c for c in root if _local(c.tag) == "header"), None)
    srclang = header.get("srclang") if header is not None else None
    body = next((c for c in root if _local(c.tag) == "body"), None)
    if body is None:
        raise TranslatorError("TMX file without <body>", str(path))

    def units() -> Iterator[tuple[str, dict[str, str]]]:
        for tu in body:
            if _local(tu.tag) != "tu":
                continue
            variants: dict[str, str] = {}
            for tuv in tu:
                if _local(tuv.tag) != "tuv":
                    continue
                lang = tuv.get(XML_LANG) or tuv.get("lang")
                seg = next((c for c in tuv if _local(c.tag) == "seg"), None)
                if lang and seg is not None:
                    variants.setdefault(lang, "".join(seg.itertext()))
            yield tu.get("srclang") or srclang or "", variants

    return srclang, units()


def tmx_text(
    units: Iterable[tuple[str, str, str, str]],
    source_locale: str,
    *,
    created: datetime | None = None,
) -> tuple[str, int]:
    """A TMX 1.4b document of (source locale, target locale, source, target) units."""
    moment = (created or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "translator",
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": "translator-sqlite",
            "adminlang": "en",
            "srclang": tmx_lang(source_locale),
            "datatype": "plaintext",
            "creationdate": moment,
        },
    )
    body = ET.SubElement(root, "body")
    count = 0
    for src_locale, tgt_locale, source, target in units:
        tu = ET.SubElement(body, "tu", srclang=tmx_lang(src_locale))
        for lang, text in ((src_locale, source), (tgt_locale, target)):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: tmx_lang(lang)})
            ET.SubElement(tuv, "seg").text = _INVALID_XML.sub("", text)
        count += 1
    ET.indent(root, space="  ")
    xml = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml + "\n", count


def write_tmx(path: Path, text: str) -> None:
    write_text_atomic(path, text)


def tmx_lang(locale: str) -> str:
    """BCP 47 spelling for TMX: ``zh_Hans`` → ``zh-Hans``."""
    return locale.replace("_", "-")


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]
