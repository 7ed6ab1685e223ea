"""Check many entries at once: what ``check_catalogs`` runs over a chunk of a catalog.

The findings are those of ``run_checks`` on each entry's pairs, in the same order; only the
work is arranged differently. The source side of each distinct msgid is analysed once for
the chunk (all its locales), and the glossary automata run once over all the sources and
once over all the targets of a locale (``Matcher.spans_many``) instead of once per text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from translator.checks.model import Finding, Pair, Severity, SourceFacts, target_index
from translator.checks.registry import CHECKS, MAY_REPORT
from translator.glossary.model import Glossary


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
) -> list[Finding]:
    """The findings of ``items``: per entry, its source checks' then each pair's."""
    findings: list[Finding] = []
    for start in range(0, len(items), _WINDOW):
        findings += _check_window(
            items[start : start + _WINDOW], glossary, target_checks, source_checks, severity
        )
    return findings


# Items analysed together: enough for the automata's batch passes to pay, few enough that
# their texts' analyses (``protected`` spans, memoised for 4096 texts) are still cached
# when the checks ask for them again, and that their objects die young.
_WINDOW = 512


def _check_window(
    items: Sequence[Item],
    glossary: Glossary | None,
    target_checks: Sequence[str],
    source_checks: Sequence[str],
    severity: Mapping[str, Severity],
) -> list[Finding]:
    facts: dict[str, SourceFacts] = {}

    def source_facts(source: str) -> SourceFacts:
        found = facts.get(source)
        if found is None:
            found = facts[source] = SourceFacts(source, glossary)
        return found

    item_pairs: list[list[Pair]] = []
    for item in items:
        item_pairs.append(
            [Pair(s, t, item.locale, glossary, facts=source_facts(s)) for s, t in item.pairs]
        )
    if glossary is not None and glossary.terms:
        _find_terms(glossary, list(facts.values()), item_pairs)

    target_functions = [(CHECKS[c], MAY_REPORT[c]) for c in target_checks]
    source_functions = [(CHECKS[c], MAY_REPORT[c]) for c in source_checks]
    findings: list[Finding] = []
    append = findings.append
    for item, pairs in zip(items, item_pairs, strict=True):
        ignored = item.ignored
        if source_functions and item.source_first:
            first = pairs[0] if pairs else Pair(item.msgid, "", item.locale, glossary,
                                                facts=source_facts(item.msgid))  # fmt: skip
            for function, may_report in source_functions:
                if may_report(first):
                    for problem in function(first):
                        if problem.check not in ignored:
                            append(_finding(item, problem.check, problem.message,
                                            problem.term, None, severity))  # fmt: skip
        for pair in pairs:
            for function, may_report in target_functions:
                if may_report(pair):
                    for problem in function(pair):
                        if problem.check not in ignored:
                            append(_finding(item, problem.check, problem.message,
                                            problem.term, item.locale, severity))  # fmt: skip
    return findings


def prepare(glossary: Glossary | None, locales: Iterable[str]) -> None:
    """Build the glossary's automata and indexes for ``locales`` now: forked workers then
    share them instead of each building its own."""
    if glossary is not None and glossary.terms:
        glossary.source_matcher  # noqa: B018 - a cached property: building it is the point
        for locale in set(locales):
            target_index(glossary.target_matcher(locale))


def _finding(
    item: Item,
    check: str,
    message: str,
    term: str | None,
    locale: str | None,
    severity: Mapping[str, Severity],
) -> Finding:
    return Finding(
        check=check,
        severity=severity.get(check, Severity.ERROR),
        locale=locale,
        file=item.file,
        line=item.line,
        msgid=item.msgid,
        message=message,
        msgctxt=item.msgctxt,
        term=term,
    )


def _find_terms(
    glossary: Glossary, facts: Sequence[SourceFacts], item_pairs: Sequence[Sequence[Pair]]
) -> None:
    """Glossary occurrences in every source and every target, one automaton pass each."""
    matcher = glossary.source_matcher
    norms = [f.norm for f in facts]
    for fact, norm, spans in zip(facts, norms, matcher.spans_many(norms), strict=True):
        fact.hits = matcher.find_in_spans(norm, spans)
    by_locale: dict[str, list[Pair]] = {}
    for pairs in item_pairs:
        for pair in pairs:
            by_locale.setdefault(pair.locale, []).append(pair)
    for locale, pairs in by_locale.items():
        target = glossary.target_matcher(locale)
        for pair, spans in zip(pairs, target.spans_many([p.tgt for p in pairs]), strict=True):
            pair.target_spans = spans
