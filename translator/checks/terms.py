"""Terminology checks: term_missing, term_forbidden, term_case, source_forbidden.

For each glossary term found in the source (leftmost-longest, so "Qwen 2.5-Max" and not
"Qwen"), at most one of term_forbidden > term_case > term_missing is reported. A forbidden
form inside a longer allowed form ("MoE" inside an allowed "Mixture-of-Experts (MoE)" is not
at issue; a forbidden "language model" inside "large language model") does not count.
A term whose source form was left untranslated in the target is reported by
``untranslated`` only.
"""

from __future__ import annotations

from functools import cached_property, lru_cache

from translator.checks.model import Pair, Problem
from translator.glossary.matcher import Hit
from translator.glossary.model import Term
from translator.glossary.text import _fold, normalize


@lru_cache(maxsize=65536)
def _keys(forms: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_fold(normalize(f).text) for f in forms)


def _quote(forms: tuple[str, ...] | list[str]) -> str:
    return " or ".join(f"'{f}'" for f in forms)


class _TermAnalysis:
    def __init__(self, pair: Pair) -> None:
        self.pair = pair

    @cached_property
    def problems(self) -> list[Problem]:
        pair = self.pair
        out: list[Problem] = []
        if not pair.source_hits:
            return out
        by_term: dict[str, list[Hit[Term]]] = {}
        for hit in pair.target_hits:
            by_term.setdefault(hit.payload.id, []).append(hit)
        seen: set[str] = set()
        for hit in pair.source_hits:
            term = hit.payload
            if term.id in seen:
                continue
            seen.add(term.id)
            problem = self._one(term, by_term.get(term.id, []))
            if problem is not None:
                out.append(problem)
        return out

    @cached_property
    def source_problems(self) -> list[Problem]:
        out: list[Problem] = []
        seen: set[tuple[str, str]] = set()
        for hit in self.pair.source_hits:
            term = hit.payload
            forbidden = {_fold(normalize(f).text) for f in term.source_forbidden}
            if _fold(hit.form) in forbidden and (term.id, hit.form) not in seen:
                seen.add((term.id, hit.form))
                out.append(source_forbidden_problem(term, hit.found))
        return out

    @cached_property
    def allowed_spans(self) -> list[tuple[int, int]]:
        locale = self.pair.locale
        return [
            (h.start, h.end)
            for h in self.pair.target_hits
            if _fold(h.form) in _keys(h.payload.allowed_targets(locale))
        ]

    def _one(self, term: Term, hits: list[Hit[Term]]) -> Problem | None:
        pair = self.pair
        locale = pair.locale
        allowed = term.allowed_targets(locale)
        forbidden = term.forbidden_for(locale)
        if not allowed and not forbidden:
            return None  # the glossary says nothing for this locale
        allowed_keys = _keys(allowed)
        forbidden_keys = _keys(forbidden)
        allowed_spans = self.allowed_spans
        bad: list[Hit[Term]] = []
        exact = case_only = False
        for h in hits:
            key = _fold(h.form)
            if key in forbidden_keys:
                if term.case_sensitive and not h.exact_case:
                    continue
                covered = any(
                    s <= h.start and h.end <= e and (e - s) > (h.end - h.start)
                    for s, e in allowed_spans
                )
                if not covered:
                    bad.append(h)
            elif key in allowed_keys:
                if h.exact_case or not term.case_sensitive:
                    exact = True
                else:
                    case_only = True
        expected = term.expected(locale)
        want = f"'{expected}'" if expected else _quote(list(allowed))
        if bad:
            found = ", ".join(f"'{h.found}'" for h in bad)
            return Problem(
                "term_forbidden",
                f"{term.source}: found forbidden {found}; use {want}",
                term=term.id,
            )
        if exact or not allowed:
            return None
        if case_only:
            found = next(h.found for h in hits if _fold(h.form) in allowed_keys)
            return Problem(
                "term_case",
                f"{term.source}: found '{found}' with different letter case; expected "
                f"{_quote(list(allowed))}",
                term=term.id,
            )
        if self._left_untranslated(term):
            return None
        return Problem(
            "term_missing",
            f"{term.source}: expected {_quote(list(allowed))} in the translation, found none",
            term=term.id,
        )

    def _left_untranslated(self, term: Term) -> bool:
        """The source form itself sits in the target and ``untranslated`` will say so."""
        pair = self.pair
        if term.do_not_translate:
            return False
        folded = pair.tgt.folded
        for form in term.source_forms:
            nform = normalize(form).text
            if any(pair.foreign_char(c) for c in nform) and _fold(nform) in folded:
                return True
        return False


def source_forbidden_problem(term: Term, found: str) -> Problem:
    return Problem(
        "source_forbidden",
        f"source uses the forbidden spelling '{found}'; write "
        + " or ".join(f"'{f}'" for f in (term.source, *term.source_variants)),
        term=term.id,
        source_level=True,
    )


def _analysis(pair: Pair) -> _TermAnalysis:
    cached = pair.__dict__.get("_term_analysis")
    if cached is None:
        cached = pair.__dict__["_term_analysis"] = _TermAnalysis(pair)
    assert isinstance(cached, _TermAnalysis)
    return cached


def check_term_missing(pair: Pair) -> list[Problem]:
    """A term of the source has none of its preferred/admitted forms in the target."""
    return [p for p in _analysis(pair).problems if p.check == "term_missing"]


def check_term_forbidden(pair: Pair) -> list[Problem]:
    """A forbidden rendering of a source term occurs in the target."""
    return [p for p in _analysis(pair).problems if p.check == "term_forbidden"]


def check_term_case(pair: Pair) -> list[Problem]:
    """Only a case variant of an allowed form occurs, and the term is case-sensitive."""
    return [p for p in _analysis(pair).problems if p.check == "term_case"]


def check_source_forbidden(pair: Pair) -> list[Problem]:
    """The source itself uses a spelling the glossary forbids (MoM for MoE)."""
    return _analysis(pair).source_problems
