"""The glossary model: terms with source forms and per-locale target forms."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from translator.glossary.matcher import Matcher


@dataclass(frozen=True)
class LocaleTargets:
    """How one term is rendered in one locale."""

    preferred: str | None = None
    admitted: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()

    @property
    def allowed(self) -> tuple[str, ...]:
        return ((self.preferred,) if self.preferred else ()) + self.admitted


@dataclass(frozen=True, eq=False)
class Term:
    """One concept of the glossary."""

    id: str
    source: str
    source_variants: tuple[str, ...] = ()
    source_forbidden: tuple[str, ...] = ()
    case_sensitive: bool = False
    do_not_translate: bool = False
    forbidden_targets: tuple[str, ...] = ()
    targets: Mapping[str, LocaleTargets] = field(default_factory=dict)
    notes: str = ""
    path: str | None = None
    line: int | None = None

    @property
    def source_forms(self) -> tuple[str, ...]:
        """Every spelling that counts as an occurrence in the source, forbidden ones included."""
        return (self.source, *self.source_variants, *self.source_forbidden)

    def locale_targets(self, locale: str) -> LocaleTargets | None:
        key = resolve_locale(self.targets, locale)
        return self.targets[key] if key is not None else None

    def allowed_targets(self, locale: str) -> tuple[str, ...]:
        """Forms that satisfy the term in ``locale`` (empty: the glossary does not say)."""
        return _allowed(self, locale)

    def _allowed_targets(self, locale: str) -> tuple[str, ...]:
        entry = self.locale_targets(locale)
        forms = entry.allowed if entry is not None else ()
        if self.do_not_translate:
            forms = (self.source, *self.source_variants, *forms)
        return tuple(dict.fromkeys(forms))

    def forbidden_for(self, locale: str) -> tuple[str, ...]:
        entry = self.locale_targets(locale)
        forms = self.forbidden_targets + (entry.forbidden if entry is not None else ())
        return tuple(dict.fromkeys(forms))

    def expected(self, locale: str) -> str | None:
        """The form a translator should write in ``locale``."""
        entry = self.locale_targets(locale)
        if entry is not None and entry.preferred:
            return entry.preferred
        return self.source if self.do_not_translate else None

    def describe(self, locale: str | None = None) -> str:
        """``アリババ → Alibaba`` for one locale; the target-independent ``アリババ`` for None."""
        if self.do_not_translate:
            return self.source
        if locale is None:
            return self.source
        expected = self.expected(locale)
        return (
            f"{self.source} → {expected}" if expected and expected != self.source else self.source
        )


@lru_cache(maxsize=262144)
def _allowed(term: Term, locale: str) -> tuple[str, ...]:
    return term._allowed_targets(locale)


def resolve_locale(targets: Mapping[str, object], locale: str) -> str | None:
    """The key of ``targets`` serving ``locale`` (``zh-Hans`` → ``zh_Hans``, ``de_AT`` → ``de``)."""
    if locale in targets:
        return locale
    want = locale.replace("-", "_").lower()
    for key in targets:
        if key.replace("-", "_").lower() == want:
            return key
    language = want.split("_")[0]
    candidates = [k for k in targets if k.replace("-", "_").lower().split("_")[0] == language]
    if len(candidates) == 1:
        return candidates[0]
    for key in candidates:
        if "_" not in key.replace("-", "_"):
            return key
    return None


@dataclass
class Glossary:
    """All terms of a project, with lazily built matchers."""

    terms: list[Term] = field(default_factory=list)
    source_locale: str = "ja"

    def __post_init__(self) -> None:
        self._target_matchers: dict[str, Matcher[Term]] = {}

    @cached_property
    def by_id(self) -> dict[str, Term]:
        return {t.id: t for t in self.terms}

    @cached_property
    def source_matcher(self) -> Matcher[Term]:
        from translator._gc import gc_paused
        from translator.glossary.matcher import Matcher

        entries: list[tuple[str, Term, bool]] = []
        for term in self.terms:
            for form in term.source_forms:
                entries.append((form, term, term.case_sensitive))
        with gc_paused():
            return Matcher(entries)

    def target_matcher(self, locale: str) -> Matcher[Term]:
        """All allowed and forbidden target forms of every term for ``locale``."""
        found = self._target_matchers.get(locale)
        if found is None:
            from translator._gc import gc_paused
            from translator.glossary.matcher import Matcher

            entries: list[tuple[str, Term, bool]] = []
            with gc_paused():
                for term in self.terms:
                    for form in (*term.allowed_targets(locale), *term.forbidden_for(locale)):
                        entries.append((form, term, False))
                found = self._target_matchers[locale] = Matcher(entries)
        return found

    @property
    def locales(self) -> list[str]:
        seen: dict[str, None] = {}
        for term in self.terms:
            for key in term.targets:
                seen.setdefault(key, None)
        return list(seen)

    def extend(self, terms: Iterable[Term]) -> None:
        self.terms.extend(terms)
        self.__dict__.pop("by_id", None)
        self.__dict__.pop("source_matcher", None)
        self._target_matchers.clear()


def glossary_comment(terms: Iterable[Term], locale: str | None = "en") -> str:
    """The ``#.`` extracted comment naming the terms of one segment.

    ``glossary: アリババ → Alibaba; MoE``: each term as ``source → preferred form in locale``
    (do-not-translate terms as their source only). ``locale=None`` gives the target-independent
    form (sources only). An empty string when no term occurs.
    """
    parts = list(dict.fromkeys(t.describe(locale) for t in terms))
    return "glossary: " + "; ".join(parts) if parts else ""
