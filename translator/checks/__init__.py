"""Translation checks: terminology, numbers, citations, Markdown, leftover source text.

Library entry points: ``check_pair`` (one source/target pair), ``check_catalogs`` (PO files),
``check_project`` (a translator.yaml project), and the report formatters.
"""

from translator.checks.model import Finding, Pair, Problem, Severity
from translator.checks.registry import CHECKS, DEFAULT_SEVERITY, check_pair
from translator.checks.runner import (
    CheckOptions,
    check_catalogs,
    check_documents,
    check_project,
    exit_status,
    options_from_config,
)

__all__ = [
    "CHECKS",
    "DEFAULT_SEVERITY",
    "CheckOptions",
    "Finding",
    "Pair",
    "Problem",
    "Severity",
    "check_catalogs",
    "check_documents",
    "check_pair",
    "check_project",
    "exit_status",
    "options_from_config",
]
