"""The check registry (check id → function), default severities, and ``check_pair``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from translator.checks.markup import (
    check_citation_extra,
    check_citation_missing,
    check_link_mismatch,
    check_markup_mismatch,
    cites_in_source,
    cites_in_target,
    has_links,
    has_markup,
)
from translator.checks.model import CheckFunction, Pair, Problem, Severity, SourceFacts
from translator.checks.numbers import check_number_mismatch, has_digits
from translator.checks.prose import (
    check_double_space,
    check_punctuation,
    check_untranslated,
    has_double_space,
    has_foreign,
    has_japanese_punctuation,
)
from translator.checks.terms import (
    check_source_forbidden,
    check_term_case,
    check_term_forbidden,
    check_term_missing,
    has_forbidden_source_form,
    has_terms,
    source_may_be_forbidden,
)
from translator.glossary.model import Glossary

CHECKS: dict[str, CheckFunction] = {
    "term_missing": check_term_missing,
    "term_forbidden": check_term_forbidden,
    "term_case": check_term_case,
    "source_forbidden": check_source_forbidden,
    "number_mismatch": check_number_mismatch,
    "citation_missing": check_citation_missing,
    "citation_extra": check_citation_extra,
    "markup_mismatch": check_markup_mismatch,
    "link_mismatch": check_link_mismatch,
    "untranslated": check_untranslated,
    "punctuation": check_punctuation,
    "double_space": check_double_space,
}

# For each check, a test far cheaper than the check that is False only when the check has
# nothing to report on the pair: ``check_catalogs`` runs a check only where its test holds.
# (tests/test_check_batch.py holds every test to that on random pairs.)
MAY_REPORT: dict[str, Callable[[Pair], bool]] = {
    "term_missing": has_terms,
    "term_forbidden": has_terms,
    "term_case": has_terms,
    "source_forbidden": has_forbidden_source_form,
    "number_mismatch": has_digits,
    "citation_missing": cites_in_source,
    "citation_extra": cites_in_target,
    "markup_mismatch": has_markup,
    "link_mismatch": has_links,
    "untranslated": has_foreign,
    "punctuation": has_japanese_punctuation,
    "double_space": has_double_space,
}

DEFAULT_SEVERITY: dict[str, Severity] = {
    "term_missing": Severity.ERROR,
    "term_forbidden": Severity.ERROR,
    "term_case": Severity.WARNING,
    "source_forbidden": Severity.ERROR,
    "number_mismatch": Severity.ERROR,
    "citation_missing": Severity.ERROR,
    "citation_extra": Severity.WARNING,
    "markup_mismatch": Severity.ERROR,
    "link_mismatch": Severity.ERROR,
    "untranslated": Severity.ERROR,
    "punctuation": Severity.WARNING,
    "double_space": Severity.WARNING,
}

# Checks about the source text alone: run once per entry, not once per locale.
SOURCE_CHECKS = frozenset({"source_forbidden"})
# Their ``MAY_REPORT`` tests, from the source's facts alone (no pair to build).
SOURCE_MAY_REPORT: dict[str, Callable[[SourceFacts], bool]] = {
    "source_forbidden": source_may_be_forbidden,
}


def check_pair(
    source: str,
    target: str,
    locale: str,
    glossary: Glossary | None = None,
    *,
    checks: Iterable[str] | None = None,
) -> list[Problem]:
    """Run the checks (default: all) over one source/target pair; problems in check order."""
    pair = Pair(source, target, locale, glossary)
    return run_checks(pair, CHECKS if checks is None else checks)


def run_checks(pair: Pair, checks: Iterable[str]) -> list[Problem]:
    problems: list[Problem] = []
    for check_id in checks:
        problems.extend(CHECKS[check_id](pair))
    return problems


def severities(overrides: Mapping[str, object] | None) -> dict[str, Severity]:
    """Default severities with the project's ``checks.severity`` overrides (already validated)."""
    out = dict(DEFAULT_SEVERITY)
    for key, value in (overrides or {}).items():
        out[key] = Severity(str(value))
    return out
