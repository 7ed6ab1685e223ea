"""Check many entries at once: what ``check_catalogs`` runs over a chunk of a catalog.

The findings are those of ``run_checks`` on each entry's pairs, in the same order; only the
work is arranged differently:

* the source side of each distinct msgid is analysed once for the chunk (all its locales);
* the glossary automata run once over all the sources and once over all the targets of a
  locale (``Matcher.spans_many``) instead of once per text;
* each check is first asked, from facts of the two texts, whether it can report anything
  at all (``_Quiet``): most pairs of a reviewed catalog have nothing to report, and for
  them no ``Pair`` is built and no check function runs. The tests are exact or err on the
  side of running the check (tests/test_check_batch.py holds the whole to ``check_pair``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from translator.checks.markup import citation_marks, citations, plain
from translator.checks.model import (
    Finding,
    Pair,
    Problem,
    Severity,
    SourceFacts,
    foreign_pattern,
    latin_language,
    name_spans,
    target_index,
)
from translator.checks.numbers import _has_digit, number_mismatch, source_has_digit
from translator.checks.prose import has_japanese_punct, may_double_space
from translator.checks.registry import CHECKS, SOURCE_MAY_REPORT
from translator.checks.terms import terms_quiet
from translator.glossary.matcher import Matcher
from translator.glossary.model import Glossary, Term
from translator.glossary.text import Normalized, normalize
from translator.locales import language_of


class Item(NamedTuple):
    """One catalog entry to check, as read (see ``runner.catalog_items``)."""

    file: str  # as shown in findings
    line: int | None  # the entry's first line
    msgctxt: str | None
    msgid: str
    locale: str
    pairs: tuple[tuple[str, str], ...]  # (source, translation) of each translated form
    ignored: frozenset[str]  # checks silenced on this entry
    source_first: bool  # the first entry of its msgid: source checks run here


def check_items(
    items: Sequence[Item],
    glossary: Glossary | None,
    target_checks: Sequence[str],
    source_checks: Sequence[str],
    severity: Mapping[str, Severity],
    *,
    source_marks: list[tuple[int, int, int]] | None = None,
) -> list[Finding]:
    """The findings of ``items``: per entry, its source checks' then each pair's.

    ``source_marks`` gets, for each item whose source checks found something, (its
    number in ``items``, the number of its first such finding, of its last + 1).
    """
    findings: list[Finding] = []
    plan = _Plan(glossary, target_checks, source_checks, severity)
    marks: list[tuple[int, int, int]] = [] if source_marks is None else source_marks
    for start in range(0, len(items), _WINDOW):
        _check_window(items[start : start + _WINDOW], plan, findings, start, marks)
    return findings


# Items analysed together: enough for the automata's batch passes to pay, few enough that
# their texts' analyses (``protected`` spans, memoised for 4096 texts) are still cached
# when the checks ask for them again, and that their objects die young.
_WINDOW = 512

_TERM_CHECKS = frozenset({"term_missing", "term_forbidden", "term_case"})
_CITATION_CHECKS = frozenset({"citation_missing", "citation_extra"})


class _Plan:
    """What a run checks, worked out once: which checks are on, and per locale what the
    checks' rules depend on."""

    def __init__(
        self,
        glossary: Glossary | None,
        target_checks: Sequence[str],
        source_checks: Sequence[str],
        severity: Mapping[str, Severity],
    ) -> None:
        self.glossary = glossary
        self.target_checks = list(target_checks)
        self.source_functions = [(CHECKS[c], SOURCE_MAY_REPORT[c]) for c in source_checks]
        self.severity = severity
        self.has_terms = glossary is not None and bool(glossary.terms)
        on = set(target_checks)
        self.terms = self.has_terms and bool(on & _TERM_CHECKS)
        self.numbers = "number_mismatch" in on
        self.citations = bool(on & _CITATION_CHECKS)
        self.markup = "markup_mismatch" in on
        self.links = "link_mismatch" in on
        self.untranslated = "untranslated" in on
        self.punctuation = "punctuation" in on
        self.double_space = "double_space" in on
        self._locales: dict[str, _Locale] = {}

    def locale(self, locale: str) -> _Locale:
        found = self._locales.get(locale)
        if found is None:
            found = self._locales[locale] = _Locale(locale, self)
        return found


class _Locale:
    """Per target locale of a run: its target matcher and the rules of the prose checks."""

    def __init__(self, locale: str, plan: _Plan) -> None:
        language = language_of(locale)
        self.name = locale
        self.matcher: Matcher[Term] | None = (
            plan.glossary.target_matcher(locale)
            if plan.has_terms and plan.glossary is not None
            else None
        )
        # (what ``target_index`` would look up for each pair)
        self.index = target_index(self.matcher) if self.matcher is not None else None
        self.foreign = foreign_pattern(language) if plan.untranslated else None
        self.punctuation = plan.punctuation and latin_language(language)


def _check_window(
    items: Sequence[Item],
    plan: _Plan,
    findings: list[Finding],
    offset: int,
    marks: list[tuple[int, int, int]],
) -> None:
    """Add the findings of ``items`` (from number ``offset`` on) to ``findings``."""
    glossary = plan.glossary
    facts: dict[str, SourceFacts] = {}

    def source_facts(source: str) -> SourceFacts:
        found = facts.get(source)
        if found is None:
            found = facts[source] = SourceFacts(source, glossary)
        return found

    # Every pair of the window: (its facts, its target, the target normalised).
    item_pairs: list[list[tuple[SourceFacts, str, Normalized]]] = [
        [(source_facts(s), t, normalize(t)) for s, t in item.pairs] for item in items
    ]
    spans_of: list[list[list[tuple[int, int, int]]]] | None = None
    if plan.has_terms:
        assert glossary is not None
        spans_of = _find_terms(glossary, list(facts.values()), items, item_pairs)

    target_checks = plan.target_checks
    source_functions = plan.source_functions
    severity = plan.severity
    append = findings.append
    for number, item in enumerate(items):
        ignored = item.ignored
        pairs = item_pairs[number]
        if source_functions and item.source_first:
            facts_of_item = pairs[0][0] if pairs else source_facts(item.msgid)
            first: Pair | None = None  # built for the first source check that may report
            before = len(findings)
            for function, may_report in source_functions:
                if not may_report(facts_of_item):
                    continue
                if first is None:
                    first = (
                        _pair(item, pairs[0], glossary, spans_of[number][0] if spans_of else None)
                        if pairs
                        else Pair(item.msgid, "", item.locale, glossary, facts=facts_of_item)
                    )
                for problem in function(first):
                    if problem.check not in ignored:
                        append(_finding(item, problem, None, severity))
            if len(findings) > before:
                marks.append((offset + number, before, len(findings)))
        if not pairs:
            continue
        locale = plan.locale(item.locale)
        for index, entry in enumerate(pairs):
            spans = spans_of[number][index] if spans_of is not None else None
            quiet = _Quiet(plan, locale, entry, spans)
            if quiet.all:
                continue
            pair: Pair | None = None
            for check in target_checks:
                problems: Iterable[Problem]
                if check == "number_mismatch":
                    problems = quiet.number_problems
                elif check in quiet.run:
                    if pair is None:
                        pair = _pair(item, entry, glossary, spans)
                        if quiet.citation_counts is not None:
                            pair._cache["citations"] = quiet.citation_counts
                    problems = CHECKS[check](pair)
                else:
                    continue
                for problem in problems:
                    if problem.check not in ignored:
                        append(_finding(item, problem, item.locale, severity))


class _Quiet:
    """Which checks may report on one pair (``run``; number_mismatch is run outright, as
    its test would be the check itself), decided from cheap facts of the two texts."""

    __slots__ = ("all", "citation_counts", "number_problems", "run")

    def __init__(
        self,
        plan: _Plan,
        locale: _Locale,
        entry: tuple[SourceFacts, str, Normalized],
        spans: list[tuple[int, int, int]] | None,
    ) -> None:
        facts, target, norm = entry
        source = facts.source
        run: set[str] = set()
        self.citation_counts: tuple[object, object] | None = None
        self.number_problems: list[Problem] = []
        if plan.terms and facts.terms:
            assert locale.matcher is not None and spans is not None
            if not terms_quiet(
                facts.terms, locale.name, locale.matcher, norm.text, spans, locale.index
            ):
                run |= _TERM_CHECKS
        if plan.numbers and (source_has_digit(facts) or _has_digit(target)):
            names = (
                name_spans(locale.matcher, norm.text, spans, locale.index)
                if spans and locale.matcher is not None
                else []
            )
            self.number_problems = number_mismatch(facts, norm, locale.name, names)
        if plan.citations and (
            "[" in source or "\uff3b" in source or "[" in target or "\uff3b" in target
        ):
            marks = facts._cache.get("citation_marks")
            if marks is None:
                marks = facts._cache["citation_marks"] = citation_marks(source)
            if marks != citation_marks(target):  # (the same marks: the same citations)
                cited = facts.cached("citations", lambda: citations(source))
                counts = citations(target)
                if cited != counts:
                    run |= _CITATION_CHECKS
                    self.citation_counts = (cited, counts)
        if plan.markup or plan.links:
            source_plain = facts._cache.get("plain")
            if source_plain is None:
                source_plain = facts._cache["plain"] = plain(source)
            if not (source_plain and plain(target)):
                run.add("markup_mismatch")
                run.add("link_mismatch")
            elif plan.links and ("][" in source or "][" in target):
                run.add("link_mismatch")
        if locale.foreign is not None and locale.foreign.search(target) is not None:
            run.add("untranslated")
        if locale.punctuation and has_japanese_punct(target):
            run.add("punctuation")
        if plan.double_space and may_double_space(target):
            run.add("double_space")
        self.run = run
        self.all = not run and not self.number_problems


def _pair(
    item: Item,
    entry: tuple[SourceFacts, str, Normalized],
    glossary: Glossary | None,
    spans: list[tuple[int, int, int]] | None,
) -> Pair:
    """The ``Pair`` of one of ``item``'s pairs, with what the window already knows of it."""
    facts, target, norm = entry
    pair = Pair(facts.source, target, item.locale, glossary, facts=facts)
    pair.__dict__["tgt"] = norm
    if spans is not None:
        pair.__dict__["target_spans"] = spans
    return pair


def prepare(glossary: Glossary | None, locales: Iterable[str]) -> None:
    """Build the glossary's automata and indexes for ``locales`` now: forked workers then
    share them instead of each building its own."""
    if glossary is not None and glossary.terms:
        glossary.source_matcher  # noqa: B018 - a cached property: building it is the point
        for locale in set(locales):
            target_index(glossary.target_matcher(locale))


def _finding(
    item: Item, problem: Problem, locale: str | None, severity: Mapping[str, Severity]
) -> Finding:
    return Finding(
        check=problem.check,
        severity=severity.get(problem.check, Severity.ERROR),
        locale=locale,
        file=item.file,
        line=item.line,
        msgid=item.msgid,
        message=problem.message,
        msgctxt=item.msgctxt,
        term=problem.term,
    )


def _find_terms(
    glossary: Glossary,
    facts: Sequence[SourceFacts],
    items: Sequence[Item],
    item_pairs: Sequence[Sequence[tuple[SourceFacts, str, Normalized]]],
) -> list[list[list[tuple[int, int, int]]]]:
    """Glossary occurrences in every source (``SourceFacts.spans``) and every target (the
    spans of each pair, returned by item), one automaton pass each."""
    matcher = glossary.source_matcher
    norms = [f.norm for f in facts]
    for fact, norm, spans in zip(facts, norms, matcher.spans_many(norms), strict=True):
        fact.spans = matcher.chosen_spans(norm.text, spans)
    by_locale: dict[str, list[tuple[int, int]]] = {}
    for number, item in enumerate(items):
        places = by_locale.setdefault(item.locale, [])
        places.extend((number, index) for index in range(len(item_pairs[number])))
    out: list[list[list[tuple[int, int, int]]]] = [
        [[] for _ in pairs] for pairs in item_pairs
    ]
    for locale, places in by_locale.items():
        target = glossary.target_matcher(locale)
        texts = [item_pairs[number][index][2] for number, index in places]
        for (number, index), spans in zip(places, target.spans_many(texts), strict=True):
            out[number][index] = spans
    return out
