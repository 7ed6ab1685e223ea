"""Render records: what a rendered Markdown file was made from, in a file beside it.

``translator render -o build/en/article.md`` also writes ``build/en/.article.md.render``,
a small JSON file: the locale, whether fuzzy translations were rendered, a SHA-256 of the
source text, of the translations the render used (this document's sentences only, so an
edit to a comment or to another document's entry does not count) and of the text
rendered, and of the file as translator last wrote it or took it in. It is a file of its
own because the Markdown must stay byte for byte what render makes (with an empty
catalog, the source itself), and beside the output, not under ``.translator/``, because it
has to travel with the file: a reviewer's edit may come back through version control
from another checkout. Its name starts with a dot, so documentation generators (MkDocs,
Hugo) and ``*.md`` patterns pass it by.

``translator absorb`` reads it to know that the file was rendered from the source and
catalog as they are now (else the edits cannot be placed and it refuses), and ``render``
to know that a person edited the file since (it then leaves the file alone).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from translator._io import read_bytes, write_if_changed
from translator.document.model import Document
from translator.errors import TranslatorError

FORMAT = 1


def record_path(output: Path) -> Path:
    """Where the record of the rendered file ``output`` is kept."""
    return output.with_name(f".{output.name}.render")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def translations_digest(doc: Document, translations: Mapping[str, str]) -> str:
    """A digest of the translations a render of ``doc`` uses: its own sentences only."""
    used = [(m, translations[m]) for m in doc.msgids() if m in translations]
    return digest(json.dumps(used, ensure_ascii=False))


@dataclass(frozen=True)
class RenderRecord:
    """What a rendered file was made from (digests are SHA-256, hexadecimal)."""

    locale: str
    include_fuzzy: bool
    source: str  # the source as named in messages
    source_sha256: str
    catalog: str  # the catalog as named in messages ("" when rendered from none)
    translations_sha256: str
    render_sha256: str  # the text the source and translations render to
    file_sha256: str  # the file as translator last wrote it or took its edits in

    @classmethod
    def of(
        cls,
        doc: Document,
        translations: Mapping[str, str],
        locale: str,
        include_fuzzy: bool,
        catalog: str,
        rendered: str,
        file_text: str | None = None,
    ) -> RenderRecord:
        return cls(
            locale=locale,
            include_fuzzy=include_fuzzy,
            source=doc.path,
            source_sha256=digest(doc.text),
            catalog=catalog,
            translations_sha256=translations_digest(doc, translations),
            render_sha256=digest(rendered),
            file_sha256=digest(rendered if file_text is None else file_text),
        )

    def text(self) -> str:
        return json.dumps({"format": FORMAT, **asdict(self)}, indent=2) + "\n"


def read_record(output: Path) -> RenderRecord | None:
    """The record of ``output``; None when there is none. A record that cannot be read
    is an error naming it."""
    path = record_path(output)
    if not path.exists():
        return None
    try:
        data = json.loads(read_bytes(path))
        if data.get("format") != FORMAT:
            raise TranslatorError(
                f"render record of format {data.get('format')!r}, this translator reads "
                f"format {FORMAT}: render the file again",
                str(path),
            )
        fields = {k: data[k] for k in RenderRecord.__dataclass_fields__}
        record = RenderRecord(**fields)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise TranslatorError(
            "not a render record (translator writes it beside each rendered file): "
            "delete it and render the file again",
            str(path),
        ) from None
    return record


def write_record(output: Path, record: RenderRecord) -> None:
    write_if_changed(record_path(output), record.text())


def edited_since(record: RenderRecord | None, text: str) -> bool:
    """Whether a rendered file that now holds ``text`` is not what translator last wrote
    or took in (``record``): a person edited it since (False with no record to tell)."""
    return record is not None and digest(text) != record.file_sha256
