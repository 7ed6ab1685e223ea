"""``translator init``: a commented ``translator.yaml``, with defaults guessed from the folder.

What is guessed, from what is there (nothing is read beyond a few files' first lines):

* the layout: ``mkdocs.yml`` means MkDocs, ``docusaurus.config.*`` Docusaurus, a Hugo
  configuration with a ``content/`` folder Hugo, ``locales/*/LC_MESSAGES`` plain gettext;
* the documents: the Markdown files found (outside build output, dependencies and hidden
  folders), as one glob pattern;
* the source locale: the script the documents are written in (kana: ja; Han: zh);
* the target locales: existing catalogs (``locales/<locale>/``, ``po/<locale>.po``) and
  the translated files of the layout (``i18n/<locale>/``, ``content/<locale>/``,
  ``*.<locale>.md``);
* the catalog folder: an existing ``po/`` rather than ``locales/``;
* the glossary: YAML, TBX or CSV files in ``glossary/`` (or ``glossaries/``,
  ``terminology/``).

Each layout is what its own documentation describes (sources in README.md, "Layouts").
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from translator.config import CONFIG_NAME, DEFAULT_RENDER_THRESHOLD, ProjectConfig, parse_config
from translator.errors import TranslatorError
from translator.locales import known_locale


@dataclass(frozen=True)
class Layout:
    """Where one kind of site keeps its sources and wants its translations."""

    name: str
    summary: str  # one line for --help and the file's comment
    documents: str | None  # None: whatever Markdown is found
    templates: str
    catalogs: str
    output: str
    front_matter_keys: tuple[str, ...] = ("title",)


LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout(
            "simple",
            "templates and catalogs in locales/, rendered documents in build/<locale>/",
            None,
            "locales/{name}.pot",
            "locales/{locale}/{name}.po",
            "build/{locale}/{name}.md",
        ),
        Layout(
            "gettext",
            "GNU gettext's tree: locales/<locale>/LC_MESSAGES/<domain>.po",
            None,
            "locales/{name}.pot",
            "locales/{locale}/LC_MESSAGES/{name}.po",
            "build/{locale}/{name}.md",
        ),
        Layout(
            "mkdocs",
            "mkdocs-static-i18n, suffix structure: docs/page.md -> docs/page.<locale>.md",
            "{docs}/**/*.md",
            "locales/{path}.pot",
            "locales/{locale}/{path}.po",
            "{docs}/{path}.{locale}.md",
            ("title", "description"),
        ),
        Layout(
            "docusaurus",
            "Docusaurus i18n: docs/x.md -> i18n/<locale>/docusaurus-plugin-content-docs/"
            "current/x.md",
            "docs/**/*.md",
            "locales/{path}.pot",
            "locales/{locale}/{path}.po",
            "i18n/{locale_tag}/docusaurus-plugin-content-docs/current/{path}.md",
            ("title", "description", "sidebar_label"),
        ),
        Layout(
            "hugo",
            "Hugo, translation by content directory: content/<source>/x.md -> "
            "content/<locale>/x.md",
            "content/{source}/**/*.md",
            "locales/{path}.pot",
            "locales/{locale}/{path}.po",
            "content/{locale}/{path}.md",
            ("title", "description", "linkTitle"),
        ),
    )
}

# Folders never searched for documents: output, dependencies, environments.
_SKIPPED_FOLDERS = frozenset(
    {"node_modules", "build", "site", "public", "dist", "venv", "env", "__pycache__", "i18n"}
)
# Repository boilerplate at the top level, not documents to translate (when others exist).
_BOILERPLATE = re.compile(
    r"(README|CHANGELOG|CHANGES|LICENSE|CONTRIBUTING|CODE_OF_CONDUCT|SECURITY|AUTHORS)\b.*",
    re.IGNORECASE,
)
_GLOSSARY_FOLDERS = ("glossary", "glossaries", "terminology")
_GLOSSARY_SUFFIXES = (".yaml", ".yml", ".tbx", ".csv")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_MAX_FILES = 2000  # Markdown files looked at when guessing; enough to see a site's shape


@dataclass(frozen=True)
class Answers:
    """What the project file will say; every field may be guessed or given."""

    layout: str = "simple"
    source_locale: str = "en"
    target_locales: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    catalog_folder: str = "locales"
    glossary: tuple[str, ...] = ()
    render_threshold: float = DEFAULT_RENDER_THRESHOLD
    project: str = "translator project"
    # Documents in different folders share a file name: paths use {path}, not {name}.
    by_path: bool = False
    # What was guessed and from what, for the report: (setting, reason).
    reasons: tuple[tuple[str, str], ...] = field(default=(), compare=False)


def guess(root: Path, layout: str | None = None, source_locale: str | None = None) -> Answers:
    """The defaults for a project file in ``root``, from what is there."""
    reasons: list[tuple[str, str]] = []
    markdown = _markdown_files(root)
    chosen = layout or _guess_layout(root, reasons)
    source = source_locale or _guess_source(root, chosen, markdown, reasons)
    folder = "po" if (root / "po").is_dir() and not (root / "locales").is_dir() else "locales"
    if folder == "po":
        reasons.append(("catalogs", "an existing po/ folder"))
    documents = _guess_documents(root, chosen, source, markdown)
    targets = _guess_targets(root, chosen, source, folder, reasons)
    glossary = _guess_glossary(root, reasons)
    return Answers(
        layout=chosen,
        source_locale=source,
        target_locales=targets,
        documents=documents,
        catalog_folder=folder,
        glossary=glossary,
        project=root.resolve().name or "translator project",
        by_path=names_collide(root, documents),
        reasons=tuple(reasons),
    )


def names_collide(root: Path, documents: Sequence[str]) -> bool:
    """Whether two files the documents patterns find have the same name (a/index.md and
    b/index.md): then only {path} keeps their templates apart."""
    import glob

    seen: set[str] = set()
    for pattern in documents:
        for match in glob.glob(str(root / pattern), recursive=True):
            stem = Path(match).stem
            if stem in seen:
                return True
            seen.add(stem)
    return False


def documents_for(root: Path, layout: str, source_locale: str) -> tuple[str, ...]:
    """The documents pattern of ``layout`` (after the source locale is known)."""
    return _guess_documents(root, layout, source_locale, _markdown_files(root))


def _markdown_files(root: Path) -> list[Path]:
    found: list[Path] = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(
            d for d in subfolders if not d.startswith(".") and d not in _SKIPPED_FOLDERS
        )
        for name in sorted(files):
            if name.endswith(".md"):
                found.append(Path(folder, name).relative_to(root))
                if len(found) >= _MAX_FILES:
                    return found
    return found


def _guess_layout(root: Path, reasons: list[tuple[str, str]]) -> str:
    if (root / "mkdocs.yml").is_file() or (root / "mkdocs.yaml").is_file():
        reasons.append(("layout", "mkdocs.yml"))
        return "mkdocs"
    for name in ("docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs"):
        if (root / name).is_file():
            reasons.append(("layout", name))
            return "docusaurus"
    hugo_files = ("hugo.toml", "hugo.yaml", "hugo.json", "config.toml")
    hugo = next((n for n in hugo_files if (root / n).is_file()), None)
    if hugo and (root / "content").is_dir():
        reasons.append(("layout", f"{hugo} and content/"))
        return "hugo"
    for folder in ("locales", "po", "locale"):
        if any((root / folder).glob("*/LC_MESSAGES")):
            reasons.append(("layout", f"{folder}/<locale>/LC_MESSAGES"))
            return "gettext"
    return "simple"


def _guess_source(
    root: Path, layout: str, markdown: Sequence[Path], reasons: list[tuple[str, str]]
) -> str:
    if layout == "hugo":
        # content/<language>/ folders: the one holding the most documents is the source.
        counts: dict[str, int] = {}
        for path in markdown:
            parts = path.parts
            if len(parts) > 2 and parts[0] == "content" and _is_locale(parts[1]):
                counts[parts[1]] = counts.get(parts[1], 0) + 1
        if counts:
            best = max(sorted(counts), key=lambda k: counts[k])
            reasons.append(("source_locale", f"content/{best}/ holds the most documents"))
            return known_locale(best)
    kana = han = latin = 0
    for path in markdown[:50]:
        try:
            with open(root / path, encoding="utf-8", errors="replace") as handle:
                text = handle.read(20_000)
        except OSError:
            continue
        kana += len(_KANA.findall(text))
        han += len(_HAN.findall(text))
        latin += len(_LATIN.findall(text))
    if kana + han == 0:
        return "en"
    language = "ja" if kana >= max(1, han // 20) else "zh"
    reasons.append(("source_locale", f"the script of the documents, {_SCRIPT[language]}"))
    return language


_SCRIPT = {"ja": "Japanese (kana)", "zh": "Chinese (Han without kana)"}


def _guess_documents(
    root: Path, layout: str, source: str, markdown: Sequence[Path]
) -> tuple[str, ...]:
    pattern = LAYOUTS[layout].documents
    if pattern is not None:
        return (pattern.format(docs=_mkdocs_docs_dir(root), source=source),)
    rendered = _rendered_shape(LAYOUTS[layout].output)
    sources = [p for p in markdown if not rendered.fullmatch(p.as_posix())]
    if len(sources) > 1:
        kept = [p for p in sources if len(p.parts) > 1 or not _BOILERPLATE.fullmatch(p.name)]
        sources = kept or sources
    if not sources:
        return ("docs/**/*.md",)
    folders = {p.parent.as_posix() for p in sources}
    common = os.path.commonpath([p.parent.as_posix() or "." for p in sources])
    common = "" if common in (".", "") else PurePosixPath(common).as_posix()
    prefix = f"{common}/" if common else ""
    if len(folders) == 1:
        return (f"{prefix}*.md",)
    return (f"{prefix}**/*.md",)


def _rendered_shape(output: str) -> re.Pattern[str]:
    parts = re.split(r"\{(name|path|locale|locale_tag)\}", output)
    code = "[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]+)*"
    fields = {"name": "[^/]+", "path": ".+", "locale": code, "locale_tag": code}
    return re.compile("".join(fields[p] if i % 2 else re.escape(p) for i, p in enumerate(parts)))


def _mkdocs_docs_dir(root: Path) -> str:
    """``docs_dir`` of mkdocs.yml (MkDocs' default: docs). Read as text: mkdocs.yml may use
    tags (!!python/name) that a safe YAML loader refuses."""
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        path = root / name
        if path.is_file():
            match = re.search(
                r"^docs_dir:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$",
                path.read_text(encoding="utf-8", errors="replace"),
                re.MULTILINE,
            )
            if match:
                return match.group(1).strip().rstrip("/")
    return "docs"


def _guess_targets(
    root: Path, layout: str, source: str, folder: str, reasons: list[tuple[str, str]]
) -> tuple[str, ...]:
    found: dict[str, str] = {}

    def note(candidates: Iterable[str], why: str) -> None:
        for candidate in candidates:
            if _is_locale(candidate):
                code = known_locale(candidate)
                if code != known_locale(source):
                    found.setdefault(code, why)

    catalogs = root / folder
    if catalogs.is_dir():
        note(
            (d.name for d in sorted(catalogs.iterdir()) if d.is_dir() and any(d.rglob("*.po"))),
            f"catalogs in {folder}/<locale>/",
        )
        note((p.stem for p in sorted(catalogs.glob("*.po"))), f"{folder}/<locale>.po")
    if layout == "docusaurus" and (root / "i18n").is_dir():
        note((d.name for d in sorted((root / "i18n").iterdir()) if d.is_dir()), "i18n/<locale>/")
    if layout == "hugo" and (root / "content").is_dir():
        note(
            (d.name for d in sorted((root / "content").iterdir()) if d.is_dir()),
            "content/<locale>/",
        )
    if layout == "mkdocs":
        docs = root / _mkdocs_docs_dir(root)
        suffixes = (p.suffixes[-2][1:] for p in sorted(docs.rglob("*.*.md")))
        note(suffixes, "translated pages <page>.<locale>.md")
    for code, why in found.items():
        reasons.append(("target_locales", f"{code}: {why}"))
    return tuple(found)


def _is_locale(text: str) -> bool:
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*", text):
        return False
    try:
        known_locale(text)
    except TranslatorError:
        return False
    return True


def _guess_glossary(root: Path, reasons: list[tuple[str, str]]) -> tuple[str, ...]:
    for folder in _GLOSSARY_FOLDERS:
        if not (root / folder).is_dir():
            continue
        suffixes = sorted(
            {p.suffix.lower() for p in (root / folder).iterdir() if p.is_file()}
            & set(_GLOSSARY_SUFFIXES)
        )
        if suffixes:
            reasons.append(("glossary", f"files in {folder}/"))
            return tuple(f"{folder}/*{suffix}" for suffix in suffixes)
    return ()


def render_config(answers: Answers) -> str:
    """The commented text of translator.yaml for ``answers``."""
    layout = LAYOUTS[answers.layout]
    folder = answers.catalog_folder

    def in_folder(pattern: str) -> str:
        if answers.by_path:
            pattern = pattern.replace("{name}", "{path}")
        if pattern.startswith("locales/"):
            return folder + pattern.removeprefix("locales")
        return pattern

    glossary = answers.glossary or ("glossary/*.yaml",)
    lines = [
        f"# translator project file, written by 'translator init' (layout: {layout.name}:",
        f"# {layout.summary}).",
        "# Paths are relative to this folder. Placeholders in the path patterns:",
        "#   {name}    a document's file name without its suffix (guide/setup.md: setup)",
        "#   {path}    its path below the fixed folder of the documents pattern, without",
        "#             suffix (docs/**/*.md finds docs/guide/setup.md as guide/setup)",
        "#   {locale}  a target locale, as spelled in target_locales (zh_Hans)",
        "#   {locale_tag}  the same as a BCP 47 tag, as web tools spell it (zh-Hans)",
        f"project: {_yaml(answers.project)}",
        "",
        "# The language the documents are written in.",
        f"source_locale: {_yaml(answers.source_locale)}",
        "# The languages to translate into: codes Babel knows (en, de, fr, zh_Hans, pt_BR...).",
        f"target_locales: {_yaml(list(answers.target_locales))}",
        "",
        "# The source documents: glob patterns, ** spans folders. Files shaped like the",
        "# rendered output below are never taken as sources.",
        "documents:",
        *(f"  - {_yaml(pattern)}" for pattern in answers.documents),
        "# One template (POT) per document: the sentences to translate.",
        f"templates: {_yaml(in_folder(layout.templates))}",
        "# One catalog (PO) per document and target locale: what translators edit.",
        f"catalogs: {_yaml(in_folder(layout.catalogs))}",
        "# Where 'translator render' writes each translated document.",
        f"output: {_yaml(in_folder(layout.output.replace('{docs}', _docs_folder(answers))))}",
        "# Percent of a document's sentences translated (fuzzy ones do not count) before",
        "# 'translator render' writes it.",
        f"render_threshold: {answers.render_threshold:g}",
        "# Front-matter keys whose values are translated.",
        f"front_matter_keys: {_yaml(list(layout.front_matter_keys))}",
        "",
        "# Terminology (YAML, TBX or CSV files): 'translator check' holds translations to it,",
        "# 'translator translate' gives it to the engine. A pattern may match nothing yet.",
        f"glossary: {_yaml(list(glossary))}",
        "",
        "# Pre-translation: 'translator translate' drafts from this translation memory",
        "# (engine tm, offline) or an MT server; see 'translator translate --help'.",
        "# machine_translation:",
        "#   engine: tm           # tm | openai | deepl | libretranslate",
        "",
    ]
    return "\n".join(lines)


def _docs_folder(answers: Answers) -> str:
    """The MkDocs docs folder, as the documents pattern names it."""
    first = answers.documents[0] if answers.documents else "docs/**/*.md"
    from translator.project import pattern_base

    return pattern_base(first) or "docs"


def _yaml(value: object) -> str:
    import yaml

    text: str = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def checked(answers: Answers, path: Path) -> tuple[str, ProjectConfig]:
    """The file text and the project it describes; bad answers raise TranslatorError."""
    if not answers.target_locales:
        raise TranslatorError("no target locale: give at least one with --target")
    answers = replace(
        answers,
        source_locale=known_locale(answers.source_locale),
        target_locales=tuple(dict.fromkeys(known_locale(t) for t in answers.target_locales)),
    )
    if answers.source_locale in answers.target_locales:
        raise TranslatorError(
            f"{answers.source_locale} is the source locale; it cannot be a target too"
        )
    text = render_config(answers)
    return text, parse_config(text, path)


def default_path(given: str | None) -> Path:
    return Path(given) if given else Path.cwd() / CONFIG_NAME
