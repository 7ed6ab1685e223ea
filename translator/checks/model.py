"""What a check sees (a source/target pair) and what it reports (problems, findings)."""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from translator.glossary.matcher import Hit, Matcher
from translator.glossary.model import Glossary, Term
from translator.glossary.text import Normalized, is_han, is_kana, lazy, normalize
from translator.locales import language_of

_CJK_LANGUAGES = frozenset({"ja", "zh", "yue", "ko"})
_KANA = re.compile("[\u3041-\u30ff\uff66-\uff9d々〆ヶ]")
_KANA_HAN = re.compile("[\u3041-\u30ff\uff66-\uff9d々〆ヶ\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
T = TypeVar("T")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Problem:
    """What one check function found in one pair (severity and location come later)."""

    check: str
    message: str
    term: str | None = None  # term id, for the term checks
    source_level: bool = False  # about the source text itself (source_forbidden)


@dataclass(frozen=True)
class Finding:
    """One reported problem: check id, severity, where, and a message."""

    check: str
    severity: Severity
    locale: str | None
    file: str
    line: int | None
    msgid: str
    message: str
    msgctxt: str | None = None
    term: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "check": self.check,
            "severity": self.severity.value,
            "locale": self.locale,
            "file": self.file,
            "line": self.line,
            "msgid": self.msgid,
            "message": self.message,
        }


def _is_name(term: Term) -> bool:
    return term.do_not_translate


@dataclass(frozen=True)
class TargetIndex:
    """Per pattern of a target matcher: the ids of its terms, whether one is a name, and
    each term's (form, case-sensitive) entries, in the matcher's order; and, filled in as
    terms come up, what each term asks of the matcher's locale (see ``terms.terms_quiet``)."""

    term_ids: list[frozenset[str]]
    names: list[bool]
    forms: list[dict[str, tuple[tuple[str, bool], ...]]]
    by_term: dict[Term, Any] = field(default_factory=dict)


# Built once per target matcher (weak: dropped with the glossary's matchers).
_TARGET_INDEXES: WeakKeyDictionary[Matcher[Term], TargetIndex] = WeakKeyDictionary()


def _forms_by_term(
    candidates: tuple[tuple[str, Term, bool], ...],
) -> dict[str, tuple[tuple[str, bool], ...]]:
    out: dict[str, list[tuple[str, bool]]] = {}
    for form, term, case_sensitive in candidates:
        out.setdefault(term.id, []).append((form, case_sensitive))
    return {term_id: tuple(forms) for term_id, forms in out.items()}


def target_index(matcher: Matcher[Term]) -> TargetIndex:
    index = _TARGET_INDEXES.get(matcher)
    if index is None:
        patterns = [matcher.candidates(i) for i in range(len(matcher))]
        index = _TARGET_INDEXES[matcher] = TargetIndex(
            [frozenset(term.id for _form, term, _cs in c) for c in patterns],
            [any(term.do_not_translate for _form, term, _cs in c) for c in patterns],
            [_forms_by_term(c) for c in patterns],
        )
    return index


def name_spans(
    matcher: Matcher[Term],
    text: str,
    spans: list[tuple[int, int, int]],
    index: TargetIndex | None = None,
) -> list[tuple[int, int]]:
    """(start, end) of the occurrences of do-not-translate terms (names) among ``spans``
    (``Matcher.spans`` of ``text``), once per hit, as ``Pair.target_name_hits`` has them.
    ``index``: ``target_index(matcher)``, if the caller has it."""
    names = (index or target_index(matcher)).names
    out: list[tuple[int, int]] = []
    for start, end, pattern in spans:
        if names[pattern]:
            for form, term, case_sensitive in matcher.candidates(pattern):
                if term.do_not_translate and (not case_sensitive or text[start:end] == form):
                    out.append((start, end))
    return out


def latin_language(language: str) -> bool:
    """Written in a Latin (or other alphabetic, spaced) script: not CJK."""
    return language not in _CJK_LANGUAGES


def foreign_pattern(language: str) -> re.Pattern[str] | None:
    """A pattern that finds a character ``foreign_char`` flags in ``language``, if any
    (None: none is foreign, as in Japanese)."""
    if language == "ja":
        return None
    return _KANA if language in ("zh", "yue", "ko") else _KANA_HAN


def foreign_char(language: str, char: str) -> bool:
    """A character that should not survive translation into ``language`` (kana, kanji)."""
    if language == "ja":
        return False
    if language in ("zh", "yue"):
        return is_kana(char) or char in "々〆ヶ"
    if language == "ko":
        return is_kana(char)
    return is_kana(char) or is_han(char)


class SourceFacts:
    """What the checks work out from a source text alone, shared by all its translations.

    A catalog run keeps one per msgid (``check_catalogs``), so the source side of an entry
    (normalising, glossary matching, numbers, citations, markup) is analysed once however
    many locales translate it.
    """

    def __init__(self, source: str, glossary: Glossary | None = None) -> None:
        self.source = source
        self.glossary = glossary
        self._cache: dict[str, Any] = {}

    def cached(self, key: str, compute: Callable[[], T]) -> T:
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]  # type: ignore[no-any-return]

    @lazy
    def norm(self) -> Normalized:
        return normalize(self.source)

    @lazy
    def spans(self) -> list[tuple[int, int, int]]:
        """The glossary's occurrences in the source as ``Matcher.chosen_spans``: those of
        ``hits``, without building them (most checks need only the terms)."""
        if self.glossary is None or not self.glossary.terms:
            return []
        matcher = self.glossary.source_matcher
        return matcher.chosen_spans(self.norm.text, matcher.spans(self.norm))

    @lazy
    def hits(self) -> list[Hit[Term]]:
        if not self.spans:
            return []
        assert self.glossary is not None
        return self.glossary.source_matcher.find_in_spans(self.norm, self.spans)

    @lazy
    def terms(self) -> list[Term]:
        """The terms of ``hits``, in order, each once."""
        if not self.spans:
            return []
        assert self.glossary is not None
        payloads_at = self.glossary.source_matcher.payloads_at
        text = self.norm.text
        seen: dict[str, Term] = {}
        for span in self.spans:
            for term in payloads_at(text, span):
                seen.setdefault(term.id, term)
        return list(seen.values())

    def name_spans(self) -> list[tuple[int, int]]:
        """(start, end) of each of ``hits`` whose term is a name (do not translate)."""
        if not self.spans:
            return []
        assert self.glossary is not None
        payloads_at = self.glossary.source_matcher.payloads_at
        text = self.norm.text
        return [
            (span[0], span[1])
            for span in self.spans
            for term in payloads_at(text, span)
            if term.do_not_translate
        ]


class Pair:
    """A source text, its translation and the target locale, with shared lazy analysis.

    ``facts``: the source's analysis, when the caller shares it between pairs (it must be
    for the same source text and glossary).
    """

    def __init__(
        self,
        source: str,
        target: str,
        locale: str,
        glossary: Glossary | None = None,
        *,
        facts: SourceFacts | None = None,
    ) -> None:
        self.source = source
        self.target = target
        self.locale = locale
        self.glossary = glossary
        self.facts = facts if facts is not None else SourceFacts(source, glossary)
        self._cache: dict[str, Any] = {}

    @lazy
    def language(self) -> str:
        return language_of(self.locale)

    @lazy
    def latin_target(self) -> bool:
        """True for targets written in a Latin (or other alphabetic, spaced) script."""
        return latin_language(self.language)

    @lazy
    def has_foreign(self) -> bool:
        """Whether the target holds any character ``foreign_char`` would flag (fast path)."""
        pattern = foreign_pattern(self.language)
        return pattern is not None and pattern.search(self.target) is not None

    def cached(self, key: str, compute: Callable[[], T]) -> T:
        """Share one computation between checks of this pair."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]  # type: ignore[no-any-return]

    def source_cached(self, key: str, compute: Callable[[], T]) -> T:
        """Share one computation on the source text alone between all pairs of that source."""
        return self.facts.cached(key, compute)

    def foreign_char(self, char: str) -> bool:
        """A character that should not survive translation into this locale (kana, kanji)."""
        return foreign_char(self.language, char)

    @property
    def src(self) -> Normalized:
        return self.facts.norm

    @lazy
    def tgt(self) -> Normalized:
        return normalize(self.target)

    @property
    def source_hits(self) -> list[Hit[Term]]:
        return self.facts.hits

    @lazy
    def target_spans(self) -> list[tuple[int, int, int]]:
        """``Matcher.spans`` of the target: occurrences of allowed/forbidden forms, by pattern."""
        if self.glossary is None or not self.glossary.terms:
            return []
        return self.glossary.target_matcher(self.locale).spans(self.tgt)

    @lazy
    def target_hits(self) -> list[Hit[Term]]:
        """Every occurrence (overlapping) of any allowed or forbidden form for this locale."""
        if not self.target_spans:
            return []
        assert self.glossary is not None
        matcher = self.glossary.target_matcher(self.locale)
        hits: list[Hit[Term]] = []
        for span in self.target_spans:
            hits.extend(matcher.hits_at(self.tgt, span))
        return hits

    def target_hits_of(self, ids: AbstractSet[str]) -> list[Hit[Term]]:
        """``target_hits`` of the terms ``ids``, in the same order, building no others (a
        common target form can belong to dozens of terms, and a pair needs its source's)."""

        def pattern_ok(index: TargetIndex, i: int) -> bool:
            return not index.term_ids[i].isdisjoint(ids)

        return self._target_hits_where(pattern_ok, lambda term: term.id in ids)

    def target_name_spans(self) -> list[tuple[int, int]]:
        """(start, end) of each of ``target_name_hits``, without building the hits."""
        spans = self.target_spans
        if not spans:
            return []
        assert self.glossary is not None
        return name_spans(self.glossary.target_matcher(self.locale), self.tgt.text, spans)

    def target_name_hits(self) -> list[Hit[Term]]:
        """``target_hits`` of do-not-translate terms (names), in the same order."""
        return self._target_hits_where(lambda index, i: index.names[i], _is_name)

    def _target_hits_where(
        self, pattern_ok: Callable[[TargetIndex, int], bool], want: Callable[[Term], bool]
    ) -> list[Hit[Term]]:
        if not self.target_spans:
            return []
        if "target_hits" in self.__dict__:
            return [h for h in self.target_hits if want(h.payload)]
        assert self.glossary is not None
        matcher = self.glossary.target_matcher(self.locale)
        index = target_index(matcher)
        hits: list[Hit[Term]] = []
        for span in self.target_spans:
            if pattern_ok(index, span[2]):
                hits.extend(matcher.hits_at(self.tgt, span, want))
        return hits

    @property
    def terms_found(self) -> list[Term]:
        """Glossary terms in the source, in order, each once."""
        return self.facts.terms


CheckFunction = Callable[[Pair], list[Problem]]
