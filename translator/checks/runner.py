"""Run the checks over PO catalogs (and source documents), with silencing and severities.

Silencing one entry: a translator comment ``# qa-ignore: number_mismatch, term_missing``
(``# qa-ignore: all`` for every check) or flags ``#, qa-ignore:number_mismatch`` (one check
per flag; a bare ``#, qa-ignore`` silences all). Silencing a check everywhere, or changing
its severity: the project file's ``checks:`` mapping,
``checks: {disable: [double_space], severity: {punctuation: error}}``.
"""

from __future__ import annotations

import codecs
import gc
import itertools
import multiprocessing
import os
import re
import threading
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib

from translator._gc import gc_paused
from translator.catalog._po_lexer import HEADER_ATTR, Fields, cut_points, read_fields
from translator.catalog.groups import catalog_groups, marker
from translator.catalog.pofile import codec_of, declared_charset, parse_catalog, read_catalog
from translator.checks.batch import Item, check_items, prepare
from translator.checks.model import Finding, Severity
from translator.checks.registry import CHECKS, DEFAULT_SEVERITY, SOURCE_CHECKS
from translator.checks.terms import source_forbidden_problem
from translator.errors import TranslatorError
from translator.glossary.model import Glossary, Term
from translator.glossary.text import normalize

_IGNORE_COMMENT = re.compile(r"qa-ignore\s*:\s*([A-Za-z_,\s-]+)", re.IGNORECASE)
_CONFIG_KEYS = frozenset({"disable", "severity"})
# Source analyses kept by one check_catalogs run (a few KB each): enough for every msgid
# of a large document, whose catalogs for all locales usually come one after the other.
_MAX_SOURCES = 100_000


@dataclass(frozen=True)
class CheckOptions:
    """Which checks run and how severe their findings are."""

    disabled: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=lambda: dict(DEFAULT_SEVERITY))
    include_fuzzy: bool = False

    @property
    def enabled(self) -> list[str]:
        return [c for c in CHECKS if c not in self.disabled]


def options_from_config(
    checks: Mapping[str, Any] | None, *, include_fuzzy: bool = False, where: str | None = None
) -> CheckOptions:
    """Read the project's raw ``checks:`` mapping; unknown keys and check ids are errors."""
    checks = checks or {}
    if not isinstance(checks, Mapping):
        raise TranslatorError("'checks' must be a mapping (disable: [...], severity: {...})", where)
    unknown = set(checks) - _CONFIG_KEYS
    if unknown:
        raise TranslatorError(
            f"checks: unknown key {sorted(map(str, unknown))[0]!r} (known: disable, severity)",
            where,
        )
    disable = checks.get("disable") or []
    if isinstance(disable, str):
        disable = [disable]
    if not isinstance(disable, list) or not all(isinstance(d, str) for d in disable):
        raise TranslatorError("checks.disable must be a list of check ids", where)
    for check_id in disable:
        _known(check_id, "checks.disable", where)
    severity = dict(DEFAULT_SEVERITY)
    overrides = checks.get("severity") or {}
    if not isinstance(overrides, Mapping):
        raise TranslatorError("checks.severity must map check ids to error/warning/info", where)
    for check_id, level in overrides.items():
        _known(str(check_id), "checks.severity", where)
        try:
            severity[str(check_id)] = Severity(str(level).lower())
        except ValueError:
            raise TranslatorError(
                f"checks.severity.{check_id}: {level!r} is not error, warning or info", where
            ) from None
    return CheckOptions(frozenset(disable), severity, include_fuzzy)


def _known(check_id: str, key: str, where: str | None) -> None:
    if check_id not in CHECKS:
        raise TranslatorError(
            f"{key}: unknown check {check_id!r} (known: {', '.join(CHECKS)})", where
        )


def ignored_checks(entry: polib.POEntry | Fields) -> set[str]:
    """Checks silenced on one entry by flags or translator comments ({"all"} for every one)."""
    out: set[str] = set()
    flags = entry.flags
    for index, flag in enumerate(flags):
        flag = flag.strip()
        lower = flag.lower()
        if lower == "qa-ignore":
            out.add("all")
        elif lower == "qa-ignore:" and index + 1 < len(flags):
            # "#, qa-ignore: number_mismatch": the reader splits flags at spaces too
            out.add(flags[index + 1].strip())
        elif lower.startswith("qa-ignore:"):
            out.add(flag.split(":", 1)[1].strip())
    for m in _IGNORE_COMMENT.finditer(entry.tcomment or ""):
        out.update(p.strip() for p in re.split(r"[,\s]+", m.group(1)) if p.strip())
    return out


def po_locale(po: polib.POFile, path: Path) -> str:
    """The catalog's locale: its ``Language`` header, else the name of its folder."""
    language = (po.metadata.get("Language") or "").strip()
    if language:
        return language
    if path.parent.name and re.fullmatch(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]+)*", path.parent.name):
        return path.parent.name
    raise TranslatorError("no 'Language' header: cannot tell the catalog's locale", str(path))


def display_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _pairs(entry: polib.POEntry | Fields) -> Iterator[tuple[str, str]]:
    if entry.msgid_plural:
        forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
        for index, target in enumerate(forms):
            yield (entry.msgid if index == 0 else entry.msgid_plural), target
    else:
        yield entry.msgid, entry.msgstr


def unit_sources(po: polib.POFile) -> dict[int, str | None]:
    """What each entry's translation is checked against, where not its own msgid: the
    joined sentences of a group for its first entry, nothing (None) for the sentences
    joined to it and for omitted ones (see ``catalog.groups``)."""
    out: dict[int, str | None] = {}
    if not any(marker(e.msgstr) for e in po if not e.obsolete):
        return out  # no groups (the usual catalog): every entry stands for itself
    for group in catalog_groups(po):
        if marker(group.head.msgstr) is not None:
            out[id(group.head)] = None
        elif group.members:
            out[id(group.head)] = group.source()
        for member in group.members:
            out[id(member)] = None
    return out


def _is_translated(entry: polib.POEntry | Fields, include_fuzzy: bool) -> bool:
    if entry.msgid_plural:
        if not any(v for v in entry.msgstr_plural.values()):
            return False
    elif not entry.msgstr:
        return False
    return include_fuzzy or "fuzzy" not in entry.flags


def catalog_items(
    paths: Sequence[Path], options: CheckOptions, *, source_checks: bool = True
) -> list[Item]:
    """The entries of the PO files ``paths`` that the checks look at, in file order.

    Read with ``read_catalog``, as every other command reads catalogs (a file msgfmt would
    reject is an error naming its line). Each item names the entry's first line, where an
    editor should go. ``source_first`` marks the first entry of each msgid over all the
    files, where the source checks report.
    """
    with gc_paused():
        return _catalog_items(paths, options, source_checks)


def _catalog_items(paths: Sequence[Path], options: CheckOptions, source_checks: bool) -> list[Item]:
    items: list[Item] = []
    seen_sources: set[tuple[str | None, str]] | None = set() if source_checks else None
    for path in paths:
        po = read_catalog(path)
        _entry_items(po, po_locale(po, path), display_path(path), unit_sources(po), options,
                     seen_sources, items)  # fmt: skip
    return items


def _entry_items(
    entries: Iterable[Any],
    locale: str,
    shown: str,
    units: dict[int, str | None],
    options: CheckOptions,
    seen_sources: set[tuple[str | None, str]] | None,
    into: list[Item],
) -> None:
    """The items of ``entries`` (polib entries, or ``Fields``), added to ``into``.

    ``units``: see ``unit_sources``. ``seen_sources``: the (msgctxt, msgid) of the entries
    before these, over all the files (their first gets ``source_first``); None marks
    every item ``source_first`` (parts of a catalog read apart: the caller keeps the
    source checks' findings of the first one, see ``check_items``' ``source_marks``).
    """
    include_fuzzy = options.include_fuzzy
    append = into.append
    for entry in entries:
        if entry.obsolete or not entry.msgid:
            continue
        flags = entry.flags
        if flags or entry.tcomment:
            ignored = frozenset(ignored_checks(entry))
            if "all" in ignored:
                continue
        else:
            ignored = _NOTHING
        if not _is_translated(entry, include_fuzzy):
            pairs: tuple[tuple[str, str], ...] = ()
        elif units and id(entry) in units:  # in a group of sentences translated together
            unit = units[id(entry)]
            pairs = tuple(
                (unit if s == entry.msgid else s, t)
                for s, t in _pairs(entry)
                if t and unit is not None
            )
        else:
            pairs = tuple((s, t) for s, t in _pairs(entry) if t)
        first = True
        if seen_sources is not None:
            key = (entry.msgctxt, entry.msgid)
            if key in seen_sources:
                first = False
            else:
                seen_sources.add(key)
        append(Item(shown, entry.linenum, entry.msgctxt, entry.msgid, locale, pairs, ignored,
                    first))  # fmt: skip


_NOTHING: frozenset[str] = frozenset()
# Below this many translations a second process costs more than it saves (starting it
# takes tens of milliseconds; checking a pair, tens of microseconds).
_PAIRS_PER_JOB = 4000
_BYTES_PER_PAIR = 160  # of a catalog of documentation sentences, for the same estimate
_CHUNKS_PER_JOB = 4  # smaller chunks even out the jobs' loads
# What the forked workers check: set just before the pool starts, inherited, never pickled.
_SHARED: tuple[Any, ...] | None = None


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_jobs(pairs: int) -> int:
    """Processes worth starting for ``pairs`` translations on this machine."""
    return max(1, min(available_cores(), pairs // _PAIRS_PER_JOB))


def _can_fork() -> bool:
    """Whether worker processes can be forked here (fork exists, and no other thread runs
    whose locks a child would inherit held)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def run_items(
    items: Sequence[Item],
    glossary: Glossary | None,
    target_checks: Sequence[str],
    source_checks: Sequence[str],
    severity: Mapping[str, Severity],
    *,
    jobs: int | None = None,
) -> list[Finding]:
    """``check_items`` over ``items``, in ``jobs`` processes (None: ``default_jobs``).

    Workers are forked, so they share the glossary and its automata, built once, and the
    items; each sends back the findings of its chunks, joined here in order. Where fork is
    missing or unsafe (threads are running), everything runs in this process.
    """
    if jobs is None:
        jobs = default_jobs(sum(len(item.pairs) for item in items))
    if jobs > 1 and not _can_fork():
        jobs = 1
    with _checking():
        if jobs <= 1 or len(items) < 2:
            return check_items(items, glossary, target_checks, source_checks, severity)
        prepare(glossary, {item.locale for item in items})
        count = min(len(items), jobs * _CHUNKS_PER_JOB)
        bounds = [len(items) * i // count for i in range(count + 1)]
        shared = (items, glossary, target_checks, source_checks, severity)
        parts = _in_workers(_check_chunk, shared, list(itertools.pairwise(bounds)), jobs)
        return [finding for part in parts for finding in part]


@contextmanager
def _checking() -> Iterator[None]:
    # The checks make many small objects and no reference cycles: the cyclic collector
    # would only scan the catalogs, the glossary and the findings again and again (a
    # quarter of the time). Frozen objects are also left alone by the forked workers'
    # collectors, which would otherwise copy their pages.
    with gc_paused():
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()


def _in_workers(function: Any, shared: tuple[Any, ...], tasks: list[Any], jobs: int) -> list[Any]:
    """``[function(task) for task in tasks]``, in ``jobs`` forked processes that see
    ``shared`` as ``_SHARED``."""
    global _SHARED
    _SHARED = shared
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(tasks))) as pool:
            return list(pool.imap(function, tasks))
    finally:
        _SHARED = None


def _check_chunk(bounds: tuple[int, int]) -> list[Finding]:
    """In a worker: the findings of ``items[start:end]``."""
    assert _SHARED is not None
    items, glossary, target_checks, source_checks, severity = _SHARED
    start, end = bounds
    return check_items(items[start:end], glossary, target_checks, source_checks, severity)


def check_catalogs(
    paths: Sequence[Path],
    glossary: Glossary | None,
    options: CheckOptions | None = None,
    *,
    source_checks: bool = True,
    jobs: int | None = None,
) -> list[Finding]:
    """Check every translated entry of the PO files ``paths`` (locale from each header).

    ``source_checks``: also report problems of the source text (source_forbidden) against the
    first PO entry holding that msgid; the project mode reports them on the documents instead.
    ``jobs``: processes to check in (default: one per available core, when there is enough
    work to share; 1 checks in this process).

    With more than one process, each reads its own parts of the catalogs (``_Catalog``),
    so that reading is shared too; a catalog that cannot be cut so (not UTF-8, with groups
    of sentences, a header not first, or an error) is read here, whole, as before.
    """
    options = options or CheckOptions()
    enabled = options.enabled
    target_checks = [c for c in enabled if c not in SOURCE_CHECKS]
    src_checks = [c for c in enabled if c in SOURCE_CHECKS] if source_checks else []
    if jobs is None:
        jobs = _jobs_for_files(paths)
    if jobs > 1 and _can_fork():
        found = _check_in_parts(paths, glossary, options, target_checks, src_checks, jobs)
        if found is not None:
            return found
    items = catalog_items(paths, options, source_checks=bool(src_checks))
    return run_items(items, glossary, target_checks, src_checks, options.severity, jobs=jobs)


def _jobs_for_files(paths: Sequence[Path]) -> int:
    """``default_jobs`` for the catalogs ``paths``, from their size."""
    size = 0
    for path in paths:
        try:
            size += path.stat().st_size
        except OSError:
            return 1  # reading will say what is wrong with it
    return default_jobs(size // _BYTES_PER_PAIR)


@dataclass(frozen=True)
class _Catalog:
    """A catalog read as bytes, cut into parts that workers read and check on their own.

    ``cuts``: where its parts begin (the first just after the header), then its end;
    ``lines``: the lines before each part.
    """

    data: bytes
    path: str
    shown: str
    locale: str
    cuts: list[int]
    lines: list[int]


# A group marker (``catalog.groups.marker``) may be in the file: read it whole.
_GROUP_MARKER = re.compile(rb"<(?i:with|omitted)")


def _catalogs_in_parts(paths: Sequence[Path], parts: int) -> list[_Catalog] | None:
    """The catalogs ``paths`` cut into about ``parts`` parts in all (in proportion to
    their sizes), or None when one of them must be read whole."""
    read: list[tuple[Path, bytes]] = []
    for path in paths:
        try:
            with open(path, "rb") as handle:
                read.append((path, handle.read().removeprefix(codecs.BOM_UTF8)))
        except OSError:
            return None
    total = sum(len(data) for _path, data in read) or 1
    out: list[_Catalog] = []
    for path, data in read:
        if codec_of(declared_charset(data)) != "utf-8" or _GROUP_MARKER.search(data):
            return None
        first = cut_points(data, [0])
        if not first:
            return None
        try:
            head = parse_catalog(data[: first[0]].decode("utf-8"), str(path))
            locale = po_locale(head, path)
        except (UnicodeDecodeError, TranslatorError):
            return None
        if getattr(head, HEADER_ATTR, None) is None or len(head):
            return None  # the header is not the first entry, or not alone before the cut
        count = max(1, round(parts * len(data) / total))
        start = first[0]
        wanted = [start + (len(data) - start) * i // count for i in range(1, count)]
        cuts = [start, *(c for c in cut_points(data, wanted) if c > start), len(data)]
        lines = [data.count(b"\n", 0, start)]
        for before, after in itertools.pairwise(cuts[:-1]):
            lines.append(lines[-1] + data.count(b"\n", before, after))
        out.append(_Catalog(data, str(path), display_path(path), locale, cuts, lines))
    return out


# What a worker sends back for one part of a catalog: its findings; where the source
# checks' findings of each item that had some are among them (item number in the part,
# first and last finding + 1); the (msgctxt, msgid) of its items when the run needs them
# to tell the first of each msgid over several catalogs; the hashes of every entry's
# (msgctxt, msgid, obsolete), to find duplicates across parts. None: the part could not
# be read (the catalog is read whole then, which reports the error).
_PartResult = tuple[
    list[Finding],
    list[tuple[int, int, int]],
    list[tuple[str | None, str]] | None,
    "array[int]",
]


def _check_in_parts(
    paths: Sequence[Path],
    glossary: Glossary | None,
    options: CheckOptions,
    target_checks: Sequence[str],
    src_checks: Sequence[str],
    jobs: int,
) -> list[Finding] | None:
    """``check_catalogs`` with the catalogs read in parts by the workers (None: a catalog
    must be read whole)."""
    with gc_paused():
        catalogs = _catalogs_in_parts(paths, jobs * _CHUNKS_PER_JOB)
    if catalogs is None:
        return None
    tasks = [(number, part) for number, c in enumerate(catalogs) for part in range(len(c.cuts) - 1)]
    keys_needed = bool(src_checks) and len(catalogs) > 1
    shared = (catalogs, glossary, options, target_checks, src_checks, keys_needed)
    with _checking():
        prepare(glossary, {c.locale for c in catalogs})
        results: list[_PartResult | None] = _in_workers(_check_part, shared, tasks, jobs)
    if any(result is None for result in results):
        return None
    done: list[_PartResult] = [r for r in results if r is not None]
    by_catalog: dict[int, list[int]] = {}
    for (number, _part), (_f, _m, _k, part_hashes) in zip(tasks, done, strict=True):
        by_catalog.setdefault(number, []).extend(part_hashes)
    for hashes in by_catalog.values():
        if len(set(hashes)) != len(hashes):
            return None  # a duplicate entry (or two keys of one hash): read it whole
    findings: list[Finding] = []
    seen: set[tuple[str | None, str]] = set()
    for part_findings, marks, keys, _hashes in done:
        if not marks and keys is None:
            findings += part_findings
            continue
        dropped: set[int] = set()
        if keys is not None:
            first = []
            for key in keys:
                first.append(key not in seen)
                seen.add(key)
            for item, start, end in marks:
                if not first[item]:
                    dropped.update(range(start, end))
        findings += (f for i, f in enumerate(part_findings) if i not in dropped)
    return findings


def _check_part(task: tuple[int, int]) -> _PartResult | None:
    """In a worker: read and check part ``part`` of catalog ``number``."""
    assert _SHARED is not None
    catalogs, glossary, options, target_checks, src_checks, keys_needed = _SHARED
    number, part = task
    catalog: _Catalog = catalogs[number]
    start, end = catalog.cuts[part], catalog.cuts[part + 1]
    with gc_paused():
        try:
            text = catalog.data[start:end].decode("utf-8")
            entries = read_fields(text, catalog.path, catalog.lines[part])
        except (UnicodeDecodeError, TranslatorError):
            return None
        hashes = array("q", [hash((e.msgctxt, e.msgid, e.obsolete)) for e in entries])
        items: list[Item] = []
        # Every item is the first of its msgid here: within one catalog it is (a msgid
        # is there once), and over several, the parent keeps the first one's findings.
        _entry_items(entries, catalog.locale, catalog.shown, {}, options, None, items)
        del entries
        marks: list[tuple[int, int, int]] = []
        findings = check_items(
            items, glossary, target_checks, src_checks, options.severity, source_marks=marks
        )
        keys = [(item.msgctxt, item.msgid) for item in items] if keys_needed else None
    return findings, marks, keys, hashes


_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def term_occurrences(
    glossary: Glossary, documents: Sequence[Path]
) -> dict[str, list[tuple[str, int, str]]]:
    """For each term id: (document, line, text as written) of every occurrence in the sources.

    Fenced code blocks are skipped, as are code spans, URLs and link destinations.
    """
    out: dict[str, list[tuple[str, int, str]]] = {}
    if not glossary.terms:
        return out
    matcher = glossary.source_matcher
    for path in documents:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise TranslatorError(f"cannot read: {exc.strerror}", str(path)) from None
        shown = display_path(path)
        fenced = False
        for number, line in enumerate(text.splitlines(), 1):
            if _FENCE.match(line):
                fenced = not fenced
                continue
            if fenced or not line.strip():
                continue
            for hit in matcher.find(normalize(line)):
                out.setdefault(hit.payload.id, []).append((shown, number, hit.found))
    return out


def check_documents(
    documents: Sequence[Path], glossary: Glossary, options: CheckOptions | None = None
) -> list[Finding]:
    """source_forbidden on the source documents themselves, with their lines."""
    options = options or CheckOptions()
    if "source_forbidden" in options.disabled:
        return []
    findings: list[Finding] = []
    by_id: dict[str, Term] = glossary.by_id
    occurrences = term_occurrences(glossary, documents)
    for term_id, places in occurrences.items():
        term = by_id[term_id]
        forbidden = {normalize(f).text.lower() for f in term.source_forbidden}
        for shown, line, found in places:
            if normalize(found).text.lower() in forbidden:
                problem = source_forbidden_problem(term, found)
                findings.append(
                    Finding(
                        check=problem.check,
                        severity=options.severity.get(problem.check, Severity.ERROR),
                        locale=None,
                        file=shown,
                        line=line,
                        msgid="",
                        message=problem.message,
                        term=term.id,
                    )
                )
    return findings


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.file, f.line or 0, f.locale or "", f.check))


def exit_status(findings: Iterable[Finding], fail_on: Severity = Severity.ERROR) -> int:
    """1 when a finding is at least as severe as ``fail_on``, else 0."""
    rank = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}
    return 1 if any(rank[f.severity] >= rank[fail_on] for f in findings) else 0


def project_files(config: Any) -> tuple[list[Path], list[Path]]:
    """(source documents, existing catalogs) of a ``translator.config.ProjectConfig``."""
    from translator.project import documents

    found = documents(config)
    catalogs = []
    for document in found:
        for locale in config.target_locales:
            path = document.catalog(config, locale)
            if path.is_file():
                catalogs.append(path)
    return [d.path for d in found], catalogs


def default_glossary(config: Any | None) -> Glossary:
    """The glossary ``translator check`` uses: the project's, else glossary/*.yaml here."""
    from translator.glossary.load import expand_glossary_paths, load_glossary

    if config is None:
        return load_glossary(expand_glossary_paths([]))
    return load_glossary(expand_glossary_paths(config.glossary, Path(config.root)))


def run_check(
    config: Any | None,
    catalogs: Sequence[Path] = (),
    *,
    glossary: Glossary | None = None,
    include_fuzzy: bool = False,
    jobs: int | None = None,
) -> list[Finding]:
    """What ``translator check`` reports: a project (or some of its catalogs) with its
    settings, or explicit catalogs with the default settings; sorted. ``jobs``: as for
    ``check_catalogs``."""
    if config is not None:
        return check_project(
            config,
            glossary=glossary,
            include_fuzzy=include_fuzzy,
            catalogs=list(catalogs) if catalogs else None,
            jobs=jobs,
        )
    options = options_from_config(None, include_fuzzy=include_fuzzy)
    glossary = glossary if glossary is not None else default_glossary(None)
    return sort_findings(check_catalogs(list(catalogs), glossary, options, jobs=jobs))


def check_project(
    config: Any,
    *,
    glossary: Glossary | None = None,
    include_fuzzy: bool = False,
    catalogs: Sequence[Path] | None = None,
    jobs: int | None = None,
) -> list[Finding]:
    """Check a project: every catalog (or ``catalogs``), plus the source documents."""
    options = options_from_config(
        getattr(config, "checks", None), include_fuzzy=include_fuzzy, where=str(config.path)
    )
    if glossary is None:
        glossary = default_glossary(config)
    documents, found_catalogs = project_files(config)
    if catalogs is not None:
        return sort_findings(check_catalogs(catalogs, glossary, options, jobs=jobs))
    findings = check_documents(documents, glossary, options)
    findings += check_catalogs(found_catalogs, glossary, options, source_checks=False, jobs=jobs)
    return sort_findings(findings)
