"""The adapter to the glossary and the checks: terms for engines, findings for drafts.

It degrades gracefully: without a glossary (no file, or the glossary package missing)
there are simply no terms, and without the checks package no findings. What it uses:

* ``translator.glossary.expand_glossary_paths(patterns, root)`` and
  ``translator.glossary.load_glossary(paths)`` to load the project's glossary;
* ``Glossary.source_matcher.find(text)`` → hits with ``orig_start``, ``orig_end``,
  ``found`` and ``payload`` (a ``Term``);
* ``Term.expected(locale)``, ``Term.forbidden_for(locale)``, ``Term.do_not_translate``,
  ``Term.source``, ``Term.source_variants``, ``Glossary.terms``;
* ``translator.checks.options_from_config(config.checks)`` (``.enabled``) and
  ``translator.checks.check_pair(source, target, locale, glossary, checks=...)`` →
  problems with ``check`` and ``message``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from translator.translate.engines.base import TermHint

if TYPE_CHECKING:
    from translator.config import ProjectConfig

# Checks about the source alone say nothing about a draft.
_SKIPPED_CHECKS = frozenset({"source_forbidden"})


class TermSupport:
    """Glossary terms and draft checks for one project (both optional)."""

    def __init__(self, glossary: Any | None = None, checks: list[str] | None = None) -> None:
        self.glossary = glossary if glossary is not None and glossary.terms else None
        self.checks = checks
        self._hits = lru_cache(maxsize=65536)(self._find)

    @classmethod
    def for_project(cls, config: ProjectConfig) -> TermSupport:
        paths: list[Path] = []
        try:
            from translator.glossary import expand_glossary_paths
        except ImportError:
            pass
        else:
            paths = expand_glossary_paths(config.glossary, config.root)
        return cls.for_files(paths, config.checks, where=str(config.path))

    @classmethod
    def for_files(
        cls,
        glossary_paths: Sequence[Path],
        checks_config: Mapping[str, Any] | None = None,
        *,
        where: str | None = None,
    ) -> TermSupport:
        """The glossary in ``glossary_paths`` (none: no terms) and the checks a project's
        ``checks:`` mapping enables (None: the default checks)."""
        glossary = None
        if glossary_paths:
            try:
                from translator.glossary import load_glossary
            except ImportError:
                pass
            else:
                glossary = load_glossary(glossary_paths)
        checks: list[str] | None = None
        try:
            from translator.checks import options_from_config
        except ImportError:
            pass
        else:
            enabled = options_from_config(checks_config, where=where).enabled
            checks = [c for c in enabled if c not in _SKIPPED_CHECKS]
        return cls(glossary, checks)

    def _find(self, source: str) -> tuple[Any, ...]:
        if self.glossary is None:
            return ()
        return tuple(self.glossary.source_matcher.find(source))

    def keep_spans(self, source: str) -> list[tuple[int, int, str]]:
        """Source spans of do-not-translate terms, to be masked."""
        return [
            (h.orig_start, h.orig_end, "term")
            for h in self._hits(source)
            if h.payload.do_not_translate and h.orig_end > h.orig_start
        ]

    def hints(self, source: str, locale: str) -> list[TermHint]:
        """The terms of ``source`` with the forms ``locale`` wants (for LLM prompts)."""
        out: dict[str, TermHint] = {}
        for hit in self._hits(source):
            term = hit.payload
            if term.id in out:
                continue
            out[term.id] = TermHint(
                source=hit.found,
                preferred=term.expected(locale),
                forbidden=tuple(term.forbidden_for(locale)),
                keep=bool(term.do_not_translate),
            )
        return [h for h in out.values() if h.keep or h.preferred or h.forbidden]

    def deepl_entries(self, locale: str) -> list[tuple[str, str]]:
        """(source form, preferred target) for every term with a target in ``locale``;
        do-not-translate terms are masked instead."""
        if self.glossary is None:
            return []
        entries: list[tuple[str, str]] = []
        for term in self.glossary.terms:
            preferred = term.expected(locale)
            if term.do_not_translate or not preferred:
                continue
            for form in (term.source, *term.source_variants):
                entries.append((form, preferred))
        return entries

    def digest(self, locale: str) -> str:
        """A hash of everything about the glossary that can change a translation into
        ``locale`` (part of the response cache key)."""
        if self.glossary is None:
            return ""
        rows = sorted(
            (
                list(t.source_forms),
                t.expected(locale) or "",
                list(t.forbidden_for(locale)),
                bool(t.do_not_translate),
            )
            for t in self.glossary.terms
        )
        text = json.dumps(rows, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def check(self, source: str, target: str, locale: str) -> list[str]:
        """Findings of the term and number checks on one draft, as ``check: message``."""
        if self.checks is None:
            return []
        try:
            from translator.checks import check_pair

            problems = check_pair(source, target, locale, self.glossary, checks=self.checks)
        except ImportError:
            return []
        except Exception as exc:  # a checker bug must not cost the draft
            return [f"checks could not run ({type(exc).__name__})"]
        return [f"{p.check}: {p.message}" for p in problems]
