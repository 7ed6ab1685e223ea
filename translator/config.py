"""The project file ``translator.yaml``: what to translate, into what, and where files live.

Paths in it are relative to the file's folder. Unknown keys are errors (with their line),
so a typo never silently falls back to a default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translator._io import read_text
from translator.errors import TranslatorError
from translator.locales import known_locale

CONFIG_NAME = "translator.yaml"


# Percent of a document's entries translated for render to write it in a locale
# (below it, the document is left out of that locale).
DEFAULT_RENDER_THRESHOLD = 80.0


@dataclass(frozen=True)
class ProjectConfig:
    """A loaded, validated ``translator.yaml``."""

    root: Path  # the folder holding translator.yaml; every path below is relative to it
    path: Path
    project: str = "translator project"
    source_locale: str = "ja"
    target_locales: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()  # glob patterns of source documents
    # {name}: the document's file name without suffix; {path}: its path below the fixed
    # folder of the documents pattern that found it, without suffix (docs/**/*.md finds
    # docs/guide/setup.md as guide/setup), for layouts that mirror a tree of documents;
    # {locale}: a target locale as written in target_locales (zh_Hans), {locale_tag}: the
    # same as a BCP 47 tag (zh-Hans), as Docusaurus names its locale folders.
    templates: str = "locales/{name}.pot"
    catalogs: str = "locales/{locale}/{name}.po"
    output: str = "build/{locale}/{name}.md"  # ending in .html: HTML articles
    article_css: str | None = None  # style sheet of HTML articles (None: the default one)
    render_threshold: float = DEFAULT_RENDER_THRESHOLD
    fuzzy_threshold: float = 60.0
    front_matter_keys: tuple[str, ...] = ("title",)
    glossary: tuple[str, ...] = ("glossary/*.yaml",)
    segmentation: Mapping[str, Any] = field(default_factory=dict)
    checks: Mapping[str, Any] = field(default_factory=dict)
    translation_memory: str = ".translator/tm.sqlite"  # SQLite file of approved translations
    machine_translation: Mapping[str, Any] = field(default_factory=dict)  # engine settings

    def template_path(self, name: str, path: str | None = None) -> Path:
        return self._fill(self.templates, name, path)

    def catalog_path(self, name: str, locale: str, path: str | None = None) -> Path:
        return self._fill(self.catalogs, name, path, locale)

    def output_path(self, name: str, locale: str, path: str | None = None) -> Path:
        return self._fill(self.output, name, path, locale)

    def _fill(self, pattern: str, name: str, path: str | None, locale: str = "") -> Path:
        return self.root / pattern.format(
            name=name,
            path=name if path is None else path,
            locale=locale,
            locale_tag=locale_tag(locale),
        )

    def relative(self, path: Path) -> str:
        """``path`` as written in catalogs and messages: relative to the project root."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


_STRING_KEYS = (
    "project",
    "source_locale",
    "templates",
    "catalogs",
    "output",
    "translation_memory",
    "article_css",
)
_LIST_KEYS = ("target_locales", "documents", "front_matter_keys", "glossary")
_NUMBER_KEYS = ("render_threshold", "fuzzy_threshold")
_MAPPING_KEYS = ("segmentation", "checks", "machine_translation")
KNOWN_KEYS = frozenset(_STRING_KEYS + _LIST_KEYS + _NUMBER_KEYS + _MAPPING_KEYS)


def find_config(start: Path | None = None) -> Path | None:
    """The nearest translator.yaml in ``start`` or one of its parents."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path) -> ProjectConfig:
    return parse_config(read_text(path), path)


def parse_config(text: str, path: Path) -> ProjectConfig:
    """The project file ``path`` holding ``text`` (``init`` checks what it writes with it)."""
    import yaml  # only here: commands given explicit paths never read translator.yaml

    from translator._yaml import SAFE_LOADER

    where = str(path)
    # One parse: the node tree gives the line of each key, the same tree builds the values.
    loader = SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise TranslatorError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}",
            where,
            mark.line + 1 if mark is not None else None,
        ) from None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict) or not isinstance(node, (yaml.MappingNode, type(None))):
        raise TranslatorError("expected a mapping of settings at the top level", where, 1)
    lines = {k.value: k.start_mark.line + 1 for k, _ in (node.value if node else [])}
    values: dict[str, Any] = {}
    for key, value in data.items():
        line = lines.get(str(key))
        if key not in KNOWN_KEYS:
            known = ", ".join(sorted(KNOWN_KEYS))
            raise TranslatorError(f"unknown setting {key!r} (known: {known})", where, line)
        values[key] = _validate(key, value, where, line)
    for locale in (values.get("source_locale", "ja"), *values.get("target_locales", ())):
        try:
            known_locale(locale)
        except TranslatorError as exc:
            key = "source_locale" if locale == values.get("source_locale") else "target_locales"
            raise TranslatorError(exc.message, where, lines.get(key)) from None
    if "target_locales" in values:
        values["target_locales"] = tuple(known_locale(c) for c in values["target_locales"])
    for key in ("templates", "catalogs", "output"):
        if key in values:
            _check_pattern(key, values[key], where, lines.get(key))
    return ProjectConfig(root=path.parent.resolve(), path=path, **values)


def _validate(key: str, value: Any, where: str, line: int | None) -> Any:
    if key in _STRING_KEYS:
        if not isinstance(value, str) or not value:
            raise TranslatorError(f"{key!r} must be a non-empty string", where, line)
        return value
    if key in _LIST_KEYS:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise TranslatorError(f"{key!r} must be a list of strings", where, line)
        return tuple(value)
    if key in _NUMBER_KEYS:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
            raise TranslatorError(f"{key!r} must be a number from 0 to 100", where, line)
        return float(value)
    if not isinstance(value, dict):
        raise TranslatorError(f"{key!r} must be a mapping", where, line)
    return value


def _check_pattern(key: str, pattern: str, where: str, line: int | None) -> None:
    try:
        pattern.format(name="x", path="x", locale="y", locale_tag="y")
    except (KeyError, IndexError, ValueError):
        raise TranslatorError(
            f"{key!r} may only use the placeholders {{name}}, {{path}}, {{locale}} and "
            "{locale_tag}",
            where,
            line,
        ) from None
    if key != "templates" and "{locale}" not in pattern and "{locale_tag}" not in pattern:
        raise TranslatorError(f"{key!r} must contain {{locale}} (or {{locale_tag}})", where, line)


def locale_tag(locale: str) -> str:
    """``locale`` as a BCP 47 tag, as web tools spell it: zh_Hans -> zh-Hans, pt_BR -> pt-BR."""
    return locale.replace("_", "-")
