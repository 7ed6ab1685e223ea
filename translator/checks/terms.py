"""Terminology checks: term_missing, term_forbidden, term_case, source_forbidden.

For each glossary term found in the source (leftmost-longest, so "Qwen 2.5-Max" and not
"Qwen"), at most one of term_forbidden > term_case > term_missing is reported. A forbidden
form inside a longer allowed form ("MoE" inside an allowed "Mixture-of-Experts (MoE)" is not
at issue; a forbidden "language model" inside "large language model") does not count.
A term whose source form was left untranslated in the target is reported by
``untranslated`` only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from translator.checks.model import (
    Pair,
    Problem,
    SourceFacts,
    TargetIndex,
    foreign_char,
    target_index,
)
from translator.glossary.matcher import Matcher
from translator.glossary.model import Term
from translator.glossary.text import _fold, normalize


@lru_cache(maxsize=65536)
def _keys(forms: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_fold(normalize(f).text) for f in forms)


def _quote(forms: tuple[str, ...] | list[str]) -> str:
    return " or ".join(f"'{f}'" for f in forms)


# One occurrence in the target of a form of a term: (start, end) in the normalised text, the
# matcher's key of the form (folded), and whether the letter case is the form's.
_Occurrence = tuple[int, int, str, bool]
_NONE: list[_Occurrence] = []


@dataclass(frozen=True)
class _Rules:
    """What one term asks of one locale, worked out once (not once per entry)."""

    allowed: tuple[str, ...]
    forbidden: tuple[str, ...]
    allowed_keys: frozenset[str]
    forbidden_keys: frozenset[str]
    expected: str | None


@lru_cache(maxsize=262144)
def _rules(term: Term, locale: str) -> _Rules:
    allowed = term.allowed_targets(locale)
    forbidden = term.forbidden_for(locale)
    return _Rules(allowed, forbidden, _keys(allowed), _keys(forbidden), term.expected(locale))


@lru_cache(maxsize=262144)
def _foreign_source_keys(term: Term, language: str) -> tuple[str, ...]:
    """Folded source forms of ``term`` holding a character foreign to ``language``."""
    out = []
    for form in term.source_forms:
        nform = normalize(form).text
        if any(foreign_char(language, c) for c in nform):
            out.append(_fold(nform))
    return tuple(out)


class _TermAnalysis:
    """One pair's term findings. Short-lived: the pair keeps only the results (no cycle
    between the two, so the garbage collector has nothing to chase)."""

    def __init__(self, pair: Pair) -> None:
        self.pair = pair
        self._allowed_spans: list[tuple[int, int]] | None = None

    def problems(self) -> list[Problem]:
        pair = self.pair
        out: list[Problem] = []
        terms = pair.terms_found
        if not terms:
            return out
        # Only the target's occurrences of the source's terms can raise a term finding here.
        # They are read from the matcher's spans, form by form, in the order ``target_hits``
        # lists them, without building a Hit for each.
        spans = pair.target_spans
        occurrences: dict[str, list[_Occurrence]] = {}
        if spans:
            assert pair.glossary is not None
            matcher = pair.glossary.target_matcher(pair.locale)
            forms_of = target_index(matcher).forms
            text = pair.tgt.text
            for start, end, pattern in spans:
                by_term = forms_of[pattern]
                for term in terms:
                    forms = by_term.get(term.id)
                    if forms is not None:
                        piece = text[start:end]
                        key = matcher.key(pattern)
                        found = occurrences.setdefault(term.id, [])
                        for form, case_sensitive in forms:
                            exact = piece == form
                            if exact or not case_sensitive:
                                found.append((start, end, key, exact))
        for term in terms:
            problem = self._one(term, occurrences.get(term.id, _NONE))
            if problem is not None:
                out.append(problem)
        return out

    def source_problems(self) -> list[Problem]:
        out: list[Problem] = []
        seen: set[tuple[str, str]] = set()
        for hit in self.pair.source_hits:
            term = hit.payload
            if not term.source_forbidden:
                continue
            if _fold(hit.form) in _keys(term.source_forbidden) and (term.id, hit.form) not in seen:
                seen.add((term.id, hit.form))
                out.append(source_forbidden_problem(term, hit.found))
        return out

    @property
    def allowed_spans(self) -> list[tuple[int, int]]:
        """Spans of allowed forms of any term (only needed once a forbidden form turns up)."""
        if self._allowed_spans is None:
            locale = self.pair.locale
            self._allowed_spans = [
                (h.start, h.end)
                for h in self.pair.target_hits
                if _fold(h.form) in _rules(h.payload, locale).allowed_keys
            ]
        return self._allowed_spans

    def _one(self, term: Term, occurrences: list[_Occurrence]) -> Problem | None:
        pair = self.pair
        locale = pair.locale
        rules = _rules(term, locale)
        allowed = rules.allowed
        if not allowed and not rules.forbidden:
            return None  # the glossary says nothing for this locale
        allowed_keys = rules.allowed_keys
        forbidden_keys = rules.forbidden_keys
        bad: list[tuple[int, int]] = []
        exact = case_only = False
        for start, end, key, exact_case in occurrences:
            if key in forbidden_keys:
                if term.case_sensitive and not exact_case:
                    continue
                covered = any(
                    s <= start and end <= e and (e - s) > (end - start)
                    for s, e in self.allowed_spans
                )
                if not covered:
                    bad.append((start, end))
            elif key in allowed_keys:
                if exact_case or not term.case_sensitive:
                    exact = True
                else:
                    case_only = True
        if bad:
            expected = rules.expected
            want = f"'{expected}'" if expected else _quote(list(allowed))
            found = ", ".join(f"'{pair.tgt.original_text(s, e)}'" for s, e in bad)
            return Problem(
                "term_forbidden",
                f"{term.source}: found forbidden {found}; use {want}",
                term=term.id,
            )
        if exact or not allowed:
            return None
        if case_only:
            first = next(o for o in occurrences if o[2] in allowed_keys)
            found = pair.tgt.original_text(first[0], first[1])
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
        if term.do_not_translate:
            return False
        folded = self.pair.tgt.folded
        return any(key in folded for key in _foreign_source_keys(term, self.pair.language))


def source_forbidden_problem(term: Term, found: str) -> Problem:
    return Problem(
        "source_forbidden",
        f"source uses the forbidden spelling '{found}'; write "
        + " or ".join(f"'{f}'" for f in (term.source, *term.source_variants)),
        term=term.id,
        source_level=True,
    )


def terms_quiet(
    terms: Iterable[Term],
    locale: str,
    matcher: Matcher[Term],
    text: str,
    spans: list[tuple[int, int, int]],
    index: TargetIndex | None = None,
) -> bool:
    """True only when the term checks have nothing to report on a pair whose source has
    ``terms`` and whose target (normalised ``text``) has ``spans`` (``matcher.spans``;
    ``matcher`` is the glossary's for ``locale``): each term has an allowed form in the
    target, in its letter case where that matters, and no forbidden one (or the glossary
    says nothing of it for the locale). What ``_TermAnalysis.problems`` would find empty,
    decided from the spans' patterns without gathering the occurrences. ``index``:
    ``target_index(matcher)``, if the caller has it."""
    index = index or target_index(matcher)
    by_term = index.by_term
    for term in terms:
        patterns = by_term.get(term)
        if patterns is None:
            patterns = by_term[term] = _term_patterns(term, locale, matcher)
        if patterns is _SILENT:
            continue
        allowed, forbidden, satisfied = patterns
        for start, end, pattern in spans:
            if pattern in forbidden:
                return False  # (whether it counts, the full analysis decides)
            if not satisfied and pattern in allowed:
                if not term.case_sensitive:
                    satisfied = True
                else:
                    piece = text[start:end]
                    satisfied = any(form == piece for form, _cs in index.forms[pattern][term.id])
        if not satisfied:
            return False
    return True


_SILENT = (frozenset[int](), frozenset[int](), True)


def _term_patterns(
    term: Term, locale: str, matcher: Matcher[Term]
) -> tuple[frozenset[int], frozenset[int], bool]:
    """(patterns of the allowed forms, of the forbidden forms, whether the term is already
    satisfied: it has no allowed form) of ``term`` in the target matcher of ``locale``.
    A form whose key is both allowed and forbidden counts as forbidden, as in ``_one``."""
    rules = _rules(term, locale)
    if not rules.allowed and not rules.forbidden:
        return _SILENT
    allowed = {matcher.index_of(k) for k in rules.allowed_keys - rules.forbidden_keys}
    forbidden = {matcher.index_of(k) for k in rules.forbidden_keys}
    allowed.discard(None)
    forbidden.discard(None)
    return (
        frozenset(p for p in allowed if p is not None),
        frozenset(p for p in forbidden if p is not None),
        not rules.allowed,
    )


def _problems(pair: Pair) -> list[Problem]:
    return pair.cached("term_problems", lambda: _TermAnalysis(pair).problems())


def has_terms(pair: Pair) -> bool:
    """False only when the term checks have nothing to say: no term in the source."""
    return bool(pair.terms_found)


def has_forbidden_source_form(pair: Pair) -> bool:
    """False only when ``check_source_forbidden`` has nothing to say."""
    return source_may_be_forbidden(pair.facts)


def source_may_be_forbidden(facts: SourceFacts) -> bool:
    """``has_forbidden_source_form`` of every pair of the source ``facts``."""
    return any(term.source_forbidden for term in facts.terms)


def check_term_missing(pair: Pair) -> list[Problem]:
    """A term of the source has none of its preferred/admitted forms in the target."""
    return [p for p in _problems(pair) if p.check == "term_missing"]


def check_term_forbidden(pair: Pair) -> list[Problem]:
    """A forbidden rendering of a source term occurs in the target."""
    return [p for p in _problems(pair) if p.check == "term_forbidden"]


def check_term_case(pair: Pair) -> list[Problem]:
    """Only a case variant of an allowed form occurs, and the term is case-sensitive."""
    return [p for p in _problems(pair) if p.check == "term_case"]


def check_source_forbidden(pair: Pair) -> list[Problem]:
    """The source itself uses a spelling the glossary forbids (MoM for MoE)."""
    return pair.source_cached("source_forbidden", lambda: _TermAnalysis(pair).source_problems())
