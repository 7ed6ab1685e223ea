"""The check registry (check id → function), default severities, and ``check_pair``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from translator.checks.markup import (
    check_citation_extra,
    check_citation_missing,
    check_link_mismatch,
    check_markup_mismatch,
)
from translator.checks.model import CheckFunction, Pair, Problem, Severity
from translator.checks.numbers import check_number_mismatch
from translator.checks.prose import check_double_space, check_punctuation, check_untranslated
from translator.checks.terms import (
    check_source_forbidden,
    check_term_case,
    check_term_forbidden,
    check_term_missing,
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
