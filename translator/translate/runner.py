"""``translator translate``: fill untranslated entries with fuzzy drafts from the TM or MT.

For each target locale, the untranslated entries of every catalog (with ``refresh_fuzzy``
the fuzzy ones too) are gathered by msgid, so a sentence shared by several documents is
translated once. Then:

1. the translation memory (filled first from every catalog's approved translations):
   exact and placeable matches for every engine, fuzzy matches >= threshold for ``tm``;
2. with an HTTP engine, the rest is put in document order, masked, looked up in the
   response cache and sent in batches, several requests at a time, each text with its
   document context (see ``context``: the title, its paragraph and neighbours, their
   approved translations); each reply is unmasked, verified and checked. In paragraph
   mode a text is the run of sentences of one paragraph that need drafts, and its reply
   is split back into them (see ``split``).

Every draft is written **fuzzy** with a translator comment naming the engine, the model
and the match score (and any check findings), so ``render`` skips it until a person
approves it. Catalogs are saved atomically while batches complete (at most every
``save_interval`` seconds) and always before returning, whatever happened — an
interrupted or stopped run keeps all finished work and a re-run sends only the rest.
A catalog a person saves during the run keeps their work: see ``drafts``.
"""

from __future__ import annotations

import asyncio
import os
import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TextIO

import httpx

from translator._io import user_cache_dir
from translator.catalog.pofile import read_catalog
from translator.config import ProjectConfig
from translator.errors import TranslatorError
from translator.locales import known_locale, locale_info
from translator.locking import ProjectLock
from translator.pipeline import SourceOptions, load_document
from translator.project import documents, source_options, target_locales, write_lock
from translator.tm import Match, TranslationMemory
from translator.translate.cache import ResponseCache, cache_key
from translator.translate.context import (
    Documents,
    Place,
    Placer,
    Source,
    approved_translations,
    reference_bases,
    referenced_documents,
    window,
)
from translator.translate.drafts import (
    DRAFT_PREFIX,
    Base,
    Draft,
    DraftCatalog,
    DraftCatalogs,
    Key,
    comment_lines,
    entry_base,
)
from translator.translate.engines import ENGINE_CLASSES, DeepLEngine, Engine, Segment
from translator.translate.masking import Masked, MaskError, join_masked, mask
from translator.translate.progress import Progress
from translator.translate.retry import (
    BatchFailed,
    Counters,
    RetryPolicy,
    StopRun,
    redact,
)
from translator.translate.settings import KEY_VARIABLES, MTSettings, parse_settings
from translator.translate.split import Piece, prepare_split, split_translation
from translator.translate.terms import TermSupport

Report = Callable[[str], None]


@dataclass(frozen=True)
class TranslateOptions:
    locales: Sequence[str] = ()
    engine: str | None = None  # None: the project's machine_translation.engine (else tm)
    dry_run: bool = False
    refresh_fuzzy: bool = False
    url: str | None = None
    model: str | None = None
    threshold: float | None = None  # TM fuzzy threshold; None: the project's (else 75)
    unit: str | None = None  # sentence | paragraph; None: the engine's setting (else sentence)


@dataclass
class LocaleSummary:
    locale: str
    segments: int = 0  # unique msgids needing a draft
    from_tm: int = 0
    from_mt: int = 0
    failed: int = 0
    no_match: int = 0  # tm engine: nothing close enough in the memory
    cache_hits: int = 0
    chars_sent: int = 0
    context_chars: int = 0  # document context sent along
    requests: int = 0
    retries: int = 0
    unsure: int = 0  # paragraph mode: drafts whose sentence could not be placed with confidence
    without_context: int = 0  # sentences in no source document found
    would_send: int = 0  # dry run
    would_texts: int = 0
    would_chars: int = 0
    would_context: int = 0
    would_requests: int = 0
    preview: str | None = None  # dry run: what the first request would carry
    failures: list[str] = field(default_factory=list)

    @property
    def translated(self) -> int:
        return self.from_tm + self.from_mt


@dataclass
class Summary:
    engine: str
    model: str
    dry_run: bool
    locales: list[LocaleSummary] = field(default_factory=list)
    stopped: str | None = None

    def total(self, name: str) -> int:
        return sum(int(getattr(loc, name)) for loc in self.locales)


class RunStopped(TranslatorError):
    """The engine refused to go on; the summary says what was done before."""

    def __init__(self, message: str, summary: Summary) -> None:
        super().__init__(message)
        self.summary = summary


@dataclass
class _Item:
    """One msgid of one locale and every catalog entry that carries it."""

    msgid: str
    entries: list[tuple[DraftCatalog, Key, Base]]


@dataclass(frozen=True)
class CatalogRef:
    """A catalog a run reads (to fill the TM) and, if its locale is wanted, fills."""

    path: Path
    locale: str
    name: str  # as shown in messages


@dataclass
class Workspace:
    """What one run works with: where its files are and what it may use.

    A project gives all of it (translator.yaml); explicit catalogs take what a project
    found above them gives, and options or defaults for the rest.
    """

    source_locale: str
    locales: list[str]  # the locales to draft
    catalogs: list[CatalogRef]
    settings: MTSettings
    support: TermSupport
    tm_path: Path | str  # ":memory:": a memory of this run's catalogs only
    cache_path: Path
    lock: ProjectLock | None  # None: the per-file check alone (no project)
    source_options: SourceOptions  # how the source documents are parsed (for context)
    project: str = "translator"  # names the run's DeepL glossaries
    where: str | None = None  # the project file, for errors about its settings
    missing: list[str] = field(default_factory=list)  # wanted catalogs not there yet
    command: str = "translator translate"  # what re-runs it, for the hint after a stop
    # Source documents, for context: catalog -> (document, name in references); None:
    # found through each catalog's #: references (explicit catalogs).
    sources: Mapping[Path, Sequence[tuple[Path, str]]] | None = None
    root: Path | None = None  # the project root, where references are relative to


def translate_project(
    config: ProjectConfig,
    options: TranslateOptions,
    *,
    report: Report,
    progress_stream: TextIO | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    environ: Mapping[str, str] | None = None,
    glossary: Sequence[Path] = (),
    tm_path: Path | None = None,
) -> Summary:
    """Write fuzzy drafts into the project's catalogs; return what was done.

    ``glossary`` replaces the project's glossary, ``tm_path`` its translation memory.
    Raises RunStopped (a TranslatorError carrying the summary) when an engine refuses to
    go on (bad key, quota, 400/413, retries exhausted); everything finished is saved.
    """
    settings = parse_settings(config.machine_translation, str(config.path))
    locales = target_locales(config, options.locales)
    catalogs: list[CatalogRef] = []
    missing: list[str] = []
    sources: dict[Path, list[tuple[Path, str]]] = {}
    for doc in documents(config):
        for locale in config.target_locales:
            path = doc.catalog(config, locale)
            if path.exists():
                catalogs.append(CatalogRef(path, locale, config.relative(path)))
                sources.setdefault(path, []).append((doc.path, doc.display(config)))
            elif locale in locales:
                missing.append(config.relative(path))
    workspace = Workspace(
        source_locale=config.source_locale,
        locales=locales,
        catalogs=catalogs,
        settings=settings,
        support=(
            TermSupport.for_files(glossary, config.checks, where=str(config.path))
            if glossary
            else TermSupport.for_project(config)
        ),
        tm_path=tm_path or config.root / config.translation_memory,
        cache_path=config.root / settings.cache,
        lock=write_lock(config, report),
        project=config.project,
        where=str(config.path),
        missing=missing,
        sources=sources,
        source_options=source_options(config),
        root=config.root,
    )
    return translate(
        workspace,
        options,
        report=report,
        progress_stream=progress_stream,
        transport=transport,
        environ=environ,
    )


def translate_files(
    paths: Sequence[Path],
    options: TranslateOptions,
    *,
    config: ProjectConfig | None,
    report: Report,
    source_locale: str | None = None,
    glossary: Sequence[Path] = (),
    tm_path: Path | None = None,
    progress_stream: TextIO | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    environ: Mapping[str, str] | None = None,
) -> Summary:
    """Write fuzzy drafts into the catalogs ``paths``, each in its Language header's locale.

    With a project (``config``: the translator.yaml found above), its source locale, MT
    settings, glossary, checks and translation memory serve, and its write lock is held
    while catalogs inside it are saved. Without one, ``source_locale`` is needed; the
    memory is ``tm_path`` if given, else one filled from these catalogs alone; replies
    are cached in the user's cache folder (``environ``'s XDG_CACHE_HOME first).
    ``glossary`` replaces the project's. ``environ``, when given, is where API keys are
    read instead of the process environment.
    """
    from translator.catalog.pofile import read_catalog as read
    from translator.locales import catalog_locale

    source = source_locale or (config.source_locale if config is not None else "")
    if not source:
        raise TranslatorError(
            "no translator.yaml here or above: give the documents' language with --source-locale"
        )
    wanted = {known_locale(loc) for loc in options.locales}
    catalogs: list[CatalogRef] = []
    for path in dict.fromkeys(paths):
        language = read(path).metadata.get("Language", "")
        if not language:
            raise TranslatorError(
                "no Language header: cannot tell its locale (run 'translator update' on it "
                "with --locale)",
                str(path),
            )
        try:
            locale = catalog_locale(language).code
        except TranslatorError as exc:
            raise TranslatorError(f"Language header: {exc.message}", str(path)) from None
        catalogs.append(CatalogRef(path, locale, str(path)))
    locales = [
        loc for loc in dict.fromkeys(c.locale for c in catalogs) if not wanted or loc in wanted
    ]
    settings = parse_settings(
        config.machine_translation if config else None, str(config.path) if config else None
    )
    support = (
        TermSupport.for_files(
            glossary,
            config.checks if config is not None else None,
            where=str(config.path) if config is not None else None,
        )
        if glossary or config is None
        else TermSupport.for_project(config)
    )
    inside = config is not None and all(_inside(c.path, config.root) for c in catalogs)
    if tm_path is not None:
        memory: Path | str = tm_path
    elif config is not None:
        memory = config.root / config.translation_memory
    else:
        memory = ":memory:"
    workspace = Workspace(
        source_locale=known_locale(source),
        locales=locales,
        catalogs=catalogs,
        settings=settings,
        support=support,
        tm_path=memory,
        cache_path=(
            config.root / settings.cache if config is not None else user_cache_path(environ)
        ),
        lock=write_lock(config, report) if config is not None and inside else None,
        project=config.project if config is not None else "translator",
        where=str(config.path) if config is not None else None,
        command="translator translate " + " ".join(shlex.quote(c.name) for c in catalogs),
        source_options=(
            source_options(config)
            if config is not None
            else SourceOptions(locale=known_locale(source))
        ),
        root=config.root if config is not None else None,
    )
    return translate(
        workspace,
        options,
        report=report,
        progress_stream=progress_stream,
        transport=transport,
        environ=environ,
    )


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def user_cache_path(environ: Mapping[str, str] | None = None) -> Path:
    """The MT response cache of runs outside any project: the user's cache folder."""
    return user_cache_dir(environ) / "mt-cache.sqlite"


def translate(
    workspace: Workspace,
    options: TranslateOptions,
    *,
    report: Report,
    progress_stream: TextIO | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    environ: Mapping[str, str] | None = None,
) -> Summary:
    """The run itself, over a project's catalogs or explicit ones (see :class:`Workspace`)."""
    settings = workspace.settings.with_overrides(
        engine=options.engine, url=options.url, model=options.model, unit=options.unit
    )
    if options.unit and settings.engine == "tm":
        raise TranslatorError(
            "--unit is for the HTTP engines (openai, deepl, libretranslate): the translation "
            "memory drafts sentence by sentence"
        )
    env = os.environ if environ is None else environ
    threshold = settings.tm_threshold if options.threshold is None else options.threshold
    locales = workspace.locales
    support = workspace.support
    source_locale = workspace.source_locale
    counters = Counters()
    engine = (
        None
        if settings.engine == "tm"
        else make_engine(settings, workspace, counters, env, support, dry_run=options.dry_run)
    )
    summary = Summary(
        settings.engine, engine.model if engine else "translation-memory", options.dry_run
    )
    catalogs = DraftCatalogs(settings.save_interval, workspace.lock, report)
    tm = TranslationMemory(workspace.tm_path)
    cache: ResponseCache | None = None
    try:
        items_by_locale = _gather(workspace, options.refresh_fuzzy, catalogs, tm, report)
        placer = None
        if engine is not None and (engine.context_chars or engine.settings.unit == "paragraph"):
            placer = _placer(workspace, catalogs, report)
        if engine is not None and engine.settings.unit == "paragraph" and not options.dry_run:
            for locale in locales:  # a lexicon that cannot be read stops the run here
                prepare_split(locale)
        if engine is not None:
            cache = ResponseCache(workspace.cache_path)
            if isinstance(engine, DeepLEngine):
                engine.state = cache
        for locale in locales:
            items = items_by_locale.get(locale, [])
            result = LocaleSummary(locale, segments=len(items))
            summary.locales.append(result)
            left = _from_tm(
                items, tm, source_locale, locale, threshold, engine, options, support, result
            )
            if engine is None:
                result.no_match = len(left)
            elif left:
                assert cache is not None
                before = (
                    counters.requests,
                    counters.retries,
                    counters.chars_sent,
                    counters.context_chars,
                )
                try:
                    _from_mt(
                        left,
                        engine,
                        cache,
                        source_locale,
                        locale,
                        settings,
                        options,
                        support,
                        catalogs,
                        result,
                        transport,
                        progress_stream,
                        placer,
                        report,
                    )
                finally:
                    result.requests = counters.requests - before[0]
                    result.retries = counters.retries - before[1]
                    result.chars_sent = counters.chars_sent - before[2]
                    result.context_chars = counters.context_chars - before[3]
            if not options.dry_run:
                catalogs.flush(force=True)
    except StopRun as exc:
        message = redact(exc.message, engine.secrets if engine else [])
        done = summary.locales[-1] if summary.locales else None
        locale = done.locale if done else "?"
        finished = done.translated if done else 0
        total = done.segments if done else 0
        hint = {
            456: " once the quota allows",
            401: f" after setting {_key_var(summary)}",
            403: f" after checking {_key_var(summary)} and the URL",
        }.get(exc.status or 0, "")
        summary.stopped = (
            f"{message}. Stopped at locale {locale}: {finished} of {total} segments have "
            f"drafts (saved); re-run '{workspace.command} --engine {summary.engine} "
            f"--locale {locale}'{hint} to continue: only what is left is sent"
        )
        raise RunStopped(summary.stopped, summary) from None
    finally:
        if not options.dry_run:
            catalogs.flush(force=True)
            for name, count in catalogs.superseded():
                report(
                    f"{name}: {count} draft{'s' if count != 1 else ''} not written: the "
                    "entries were translated or changed on disk meanwhile (a person's edit wins)"
                )
        tm.close()
        if cache is not None:
            cache.close()
    return summary


def _key_var(summary: Summary) -> str:
    return KEY_VARIABLES.get(summary.engine, "the API key")


def make_engine(
    settings: MTSettings,
    workspace: Workspace,
    counters: Counters,
    env: Mapping[str, str],
    support: TermSupport,
    *,
    dry_run: bool = False,
) -> Engine:
    name = settings.engine
    engine_settings = settings.engine_settings(name)
    key = env.get(KEY_VARIABLES[name]) or None
    if name == "deepl" and not key and not dry_run:
        raise TranslatorError(
            "the deepl engine needs an API key in the environment variable DEEPL_AUTH_KEY"
        )
    if name == "openai" and not engine_settings.model:
        raise TranslatorError(
            "machine_translation.openai.model is not set: name the model the server serves "
            "(e.g. Qwen/Qwen3-8B), in translator.yaml or with --model",
            workspace.where,
        )
    policy = RetryPolicy(
        settings.retries, settings.retry_delay, settings.max_retry_delay, settings.max_retry_after
    )
    engine = ENGINE_CLASSES[name](
        engine_settings,
        source_locale=workspace.source_locale,
        api_key=key,
        policy=policy,
        counters=counters,
    )
    if isinstance(engine, DeepLEngine):
        engine.glossary_source = support.deepl_entries
        engine.project = workspace.project
    return engine


def _gather(
    workspace: Workspace,
    refresh_fuzzy: bool,
    catalogs: DraftCatalogs,
    tm: TranslationMemory,
    report: Report,
) -> dict[str, list[_Item]]:
    """Fill the TM from every catalog; collect the entries needing drafts, by msgid."""
    wanted = set(workspace.locales)
    found: dict[str, dict[str, _Item]] = {loc: {} for loc in workspace.locales}
    for ref in workspace.catalogs:
        po = read_catalog(ref.path)
        tm.add_catalog(po, workspace.source_locale, ref.locale, ref.name)
        if ref.locale not in wanted:
            continue
        catalog = catalogs.add(ref.path, po, ref.name)
        for entry in po:
            if entry.obsolete or not entry.msgid or entry.msgid_plural:
                continue
            fuzzy = "fuzzy" in entry.flags
            if entry.msgstr and not (fuzzy and refresh_fuzzy):
                continue
            item = found[ref.locale].setdefault(entry.msgid, _Item(entry.msgid, []))
            item.entries.append((catalog, (entry.msgctxt, entry.msgid), entry_base(entry)))
    for name in workspace.missing:
        report(f"warning: no catalog {name} (skipped): run 'translator update' first")
    return {loc: list(items.values()) for loc, items in found.items()}


def _placer(workspace: Workspace, catalogs: DraftCatalogs, report: Report) -> Placer:
    """Each catalog's source documents, parsed, with the catalog's approved translations:
    where every sentence stands, for context and paragraph mode."""
    options = workspace.source_options
    docs = Documents(
        lambda path, name: load_document(path, options, name),
        locale_info(workspace.source_locale).sentence_joiner,
    )
    placer = Placer()
    for ref in workspace.catalogs:
        catalog = catalogs.open.get(ref.path)
        if catalog is None:
            continue
        missing: list[str] = []
        if workspace.sources is not None:
            found = list(workspace.sources.get(ref.path, ()))
        else:
            found, missing = referenced_documents(
                catalog.po, reference_bases(ref.path, workspace.root)
            )
        if missing:
            report(
                f"note: {ref.name}: source document {', '.join(missing)} not found (only "
                "Markdown files below the project, the current folder or the catalog's "
                "folders are read): its sentences go without document context"
            )
        approved = approved_translations(catalog.po)
        joiner = locale_info(ref.locale).sentence_joiner
        for path, name in found:
            view = docs.view(path, name)
            if isinstance(view, TranslatorError):
                report(f"note: {ref.name}: {view}; its sentences go without document context")
                continue
            placer.add(ref.path, Source(view, approved, joiner))
    return placer


def _write(item: _Item, text: str, comment: tuple[str, ...]) -> None:
    """Record a draft for every entry of ``item``; the next save writes it."""
    for catalog, key, base in item.entries:
        catalog.add(key, Draft(text, comment, base))


def _from_tm(
    items: Sequence[_Item],
    tm: TranslationMemory,
    source_locale: str,
    locale: str,
    threshold: float,
    engine: Engine | None,
    options: TranslateOptions,
    support: TermSupport,
    result: LocaleSummary,
) -> list[_Item]:
    """Write TM drafts (fuzzy matches only for the tm engine); return the items left."""
    left: list[_Item] = []
    fuzzy = threshold if engine is None else None
    for item in items:
        match = tm.lookup(item.msgid, source_locale, locale, fuzzy)
        if match is None:
            left.append(item)
            continue
        result.from_tm += 1
        if not options.dry_run:
            findings = support.check(item.msgid, match.target, locale)
            _write(item, match.target, comment_lines(tm_description(match), findings))
    return left


def tm_description(match: Match) -> str:
    origin = f", from {match.origin}" if match.origin else ""
    return (
        f"engine=tm model=translation-memory score={match.score:.0f} ({match.describe()}{origin})"
    )


@dataclass
class _Unit:
    """What is sent as one text: a sentence, or in paragraph mode the consecutive sentences
    of one paragraph that need drafts."""

    items: list[_Item]
    place: Place | None  # where its first sentence stands; None: in no document found
    indices: tuple[int, ...] = ()  # its sentences in the document


@dataclass
class _Job:
    unit: _Unit
    masked: Masked
    owners: list[int]  # which sentence of the unit each masked span belongs to
    segment: Segment
    key: str
    joiner: str  # between two sentences of the source language


def _units(items: Sequence[_Item], placer: Placer | None, paragraphs: bool) -> list[_Unit]:
    """The items in document order (those in no document last, as they came), as units."""
    placed: list[tuple[tuple[int, int, int], _Item, Place | None]] = []
    for order, item in enumerate(items):
        place = None
        if placer is not None:
            place = placer.place(dict.fromkeys(c.path for c, _, _ in item.entries), item.msgid)
        rank = (0, place.rank, place.index) if place is not None else (1, order, 0)
        placed.append((rank, item, place))
    placed.sort(key=lambda p: p[0])
    units: list[_Unit] = []
    for _rank, item, place in placed:
        last = units[-1] if units else None
        if (
            paragraphs
            and place is not None
            and last is not None
            and last.place is not None
            and last.place.source is place.source
            and last.indices[-1] + 1 == place.index
            and _block(last.place, last.indices[-1]) == _block(place, place.index)
        ):
            last.items.append(item)
            last.indices += (place.index,)
        else:
            units.append(_Unit([item], place, (place.index,) if place is not None else ()))
    return units


def _block(place: Place, index: int) -> int:
    return place.source.doc.sentences[index].block


def _from_mt(
    items: Sequence[_Item],
    engine: Engine,
    cache: ResponseCache,
    source_locale: str,
    locale: str,
    settings: MTSettings,
    options: TranslateOptions,
    support: TermSupport,
    catalogs: DraftCatalogs,
    result: LocaleSummary,
    transport: httpx.AsyncBaseTransport | None,
    progress_stream: TextIO | None,
    placer: Placer | None = None,
    report: Report | None = None,
) -> None:
    glossary = support.digest(locale)
    if isinstance(engine, DeepLEngine):
        glossary = engine.glossary_hash(locale) or glossary
    paragraphs = engine.settings.unit == "paragraph"
    joiner = locale_info(source_locale).sentence_joiner
    units = _units(items, placer, paragraphs)
    if placer is not None:
        # Sentences whose catalog has a document that no longer holds them (a catalog
        # whose document was not found at all has been named already).
        result.without_context = sum(
            len(u.items)
            for u in units
            if u.place is None
            and any(placer.sources(c.path) for c, _, _ in u.items[0].entries)
        )
        if result.without_context and report is not None:
            report(
                f"note: [{locale}] {result.without_context} of {len(items)} sentences are not "
                "in their source documents as found (changed since the last sync?): sent "
                "without document context"
            )
    jobs: list[_Job] = []
    for unit in units:
        parts = [mask(i.msgid, support.keep_spans(i.msgid)) for i in unit.items]
        masked, owners = join_masked(parts, joiner)
        text = masked.text(engine.style)
        where = None
        group = None
        if unit.place is not None and engine.context_chars:
            where = window(unit.place.source, unit.indices, partial(engine.window_fits, text=text))
            group = (unit.place.source.doc.name, _block(unit.place, unit.indices[0]))
        key = cache_key(
            engine.name,
            engine.model,
            source_locale,
            locale,
            glossary,
            text,
            where.fingerprint() if where is not None else "",
        )
        hints = support.hints(masked.source, locale)
        segment = Segment("", masked, text, hints, where, group, len(unit.items))
        jobs.append(_Job(unit, masked, owners, segment, key, joiner))
    cached = cache.get_many([j.key for j in jobs])
    to_send: list[_Job] = []
    for job in jobs:
        reply = cached.get(job.key)
        if reply is None:
            to_send.append(job)
            continue
        result.cache_hits += len(job.unit.items)
        if not options.dry_run:
            _accept(job, reply, engine, locale, support, result)
    if not to_send:
        return
    by_segment = {id(j.segment): j for j in to_send}
    batches = engine.batches([j.segment for j in to_send])
    if options.dry_run:
        result.would_send = sum(len(j.unit.items) for j in to_send)
        result.would_texts = len(to_send)
        result.would_chars = sum(len(j.segment.text) for j in to_send)
        result.would_context = sum(len(engine.context_text(engine.context_of(b))) for b in batches)
        result.would_requests = len(batches)
        result.preview = engine.describe(batches[0], locale)
        return
    total = sum(len(j.unit.items) for j in to_send)
    progress = Progress(f"[{locale}] {engine.name}", total, progress_stream)
    try:
        asyncio.run(
            _send_all(
                batches,
                by_segment,
                engine,
                cache,
                locale,
                settings,
                support,
                catalogs,
                result,
                transport,
                progress,
            )
        )
    finally:
        progress.close()


def _accept(
    job: _Job,
    reply: str,
    engine: Engine,
    locale: str,
    support: TermSupport,
    result: LocaleSummary,
) -> bool:
    """Unmask, verify and write one reply; False (and a failure noted) if it is unusable.

    A paragraph's reply is verified whole (every masked span back exactly once), then
    split into its sentences; a sentence the split cannot place with confidence gets the
    translation of the sentences around it that it may be part of, and a note saying so.
    """
    items = job.unit.items
    try:
        text, located = job.masked.restore_located(reply, engine.style)
    except MaskError as exc:
        result.failed += len(items)
        result.failures.append(f"{engine.name} [{locale}]: {_what(job)}: {exc}")
        return False
    if not text.strip():
        result.failed += len(items)
        result.failures.append(f"{engine.name} [{locale}]: {_what(job)}: empty")
        return False
    head = f"engine={engine.name} model={engine.model} (machine translation, not reviewed)"
    if len(items) == 1:
        findings = support.check(items[0].msgid, text.strip(), locale)
        _write(items[0], text.strip(), comment_lines(head, findings))
        result.from_mt += 1
        return True
    sources = [i.msgid for i in items]
    anchors = [(start, end, job.owners[n]) for start, end, n in located]
    pieces = split_translation(sources, text, target_locale=locale, anchors=anchors)
    for number, (item, piece) in enumerate(zip(items, pieces, strict=True)):
        if not piece.text:
            result.failed += 1
            result.failures.append(
                f"{engine.name} [{locale}]: {_short(item.msgid)}: nothing of the paragraph's "
                "translation could be placed here"
            )
            continue
        if piece.confident:
            findings = support.check(item.msgid, piece.text, locale)
            lines = comment_lines(head + ", translated with its paragraph", findings)
        else:
            region = job.joiner.join(sources[piece.first : piece.last + 1])
            findings = support.check(region, piece.text, locale)
            lines = comment_lines(head, findings)
            lines = (lines[0], DRAFT_PREFIX + _unsure_note(job, number, piece), *lines[1:])
            result.unsure += 1
        _write(item, piece.text, lines)
        result.from_mt += 1
    return True


def _unsure_note(job: _Job, number: int, piece: Piece) -> str:
    first, last = piece.first, piece.last
    count = len(job.unit.items)
    where = ""
    if job.unit.place is not None:
        doc = job.unit.place.source.doc
        sentence = doc.sentences[job.unit.indices[0]]
        where = f" of the {sentence.kind} at {doc.name}:{sentence.line}"
    if first == last:
        return (
            f"paragraph mode could not place this sentence's translation with confidence: "
            f"this is what the split gave to sentence {number + 1} of the {count} sent "
            f"together{where}; it may hold more or less than this sentence's translation"
        )
    return (
        f"paragraph mode could not place this sentence's translation with confidence: this "
        f"is the translation of sentences {first + 1}-{last + 1} of the {count} sent together"
        f"{where} (this is sentence {number + 1}); keep only what translates this sentence"
    )


def _what(job: _Job) -> str:
    items = job.unit.items
    if len(items) == 1:
        return _short(items[0].msgid)
    return f"paragraph of {len(items)} sentences from {_short(items[0].msgid)}"


def _short(text: str, width: int = 40) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")


async def _send_all(
    batches: Sequence[Sequence[Segment]],
    by_segment: Mapping[int, _Job],
    engine: Engine,
    cache: ResponseCache,
    locale: str,
    settings: MTSettings,
    support: TermSupport,
    catalogs: DraftCatalogs,
    result: LocaleSummary,
    transport: httpx.AsyncBaseTransport | None,
    progress: Progress,
) -> None:
    gate = asyncio.Semaphore(settings.parallel)
    ready = asyncio.Lock()
    prepared: list[bool] = []
    stop: list[StopRun] = []
    timeout = httpx.Timeout(settings.timeout)
    limits = httpx.Limits(max_connections=settings.parallel + 1)

    async def one(client: httpx.AsyncClient, batch: Sequence[Segment]) -> None:
        async with gate:
            if stop:
                return
            sentences = sum(s.sentences for s in batch)
            try:
                async with ready:
                    if not prepared:
                        await engine.prepare(client, locale)
                        prepared.append(True)
                replies = await engine.translate(client, batch, locale)
            except StopRun as exc:
                stop.append(exc)
                return
            except BatchFailed as exc:
                message = redact(str(exc), engine.secrets)
                result.failed += sentences
                result.failures.append(f"{message} ({sentences} segments not written)")
                progress.update(sentences)
                return
            good: list[tuple[str, str]] = []
            for segment in batch:
                job = by_segment[id(segment)]
                reply = replies[segment.id]
                if _accept(job, reply, engine, locale, support, result):
                    good.append((job.key, reply))
            cache.put_many(engine.name, good)
            progress.update(sentences)
            catalogs.flush()

    async with httpx.AsyncClient(transport=transport, timeout=timeout, limits=limits) as client:
        await asyncio.gather(*(one(client, batch) for batch in batches))
    if stop:
        raise stop[0]
