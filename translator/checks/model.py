"""What a check sees (a source/target pair) and what it reports (problems, findings)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any, TypeVar

from translator.glossary.matcher import Hit
from translator.glossary.model import Glossary, Term
from translator.glossary.text import Normalized, is_han, is_kana, normalize

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


class Pair:
    """A source text, its translation and the target locale, with shared lazy analysis."""

    def __init__(
        self, source: str, target: str, locale: str, glossary: Glossary | None = None
    ) -> None:
        self.source = source
        self.target = target
        self.locale = locale
        self.glossary = glossary
        self._cache: dict[str, Any] = {}

    @cached_property
    def language(self) -> str:
        return self.locale.replace("-", "_").split("_")[0].lower()

    @cached_property
    def latin_target(self) -> bool:
        """True for targets written in a Latin (or other alphabetic, spaced) script."""
        return self.language not in _CJK_LANGUAGES

    @cached_property
    def has_foreign(self) -> bool:
        """Whether the target holds any character ``foreign_char`` would flag (fast path)."""
        if self.language == "ja":
            return False
        pattern = _KANA if self.language in ("zh", "yue", "ko") else _KANA_HAN
        return pattern.search(self.target) is not None

    def cached(self, key: str, compute: Callable[[], T]) -> T:
        """Share one computation between checks of this pair."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]  # type: ignore[no-any-return]

    def foreign_char(self, char: str) -> bool:
        """A character that should not survive translation into this locale (kana, kanji)."""
        if self.language == "ja":
            return False
        if self.language in ("zh", "yue"):
            return is_kana(char) or char in "々〆ヶ"
        if self.language == "ko":
            return is_kana(char)
        return is_kana(char) or is_han(char)

    @cached_property
    def src(self) -> Normalized:
        return normalize(self.source)

    @cached_property
    def tgt(self) -> Normalized:
        return normalize(self.target)

    @cached_property
    def source_hits(self) -> list[Hit[Term]]:
        if self.glossary is None or not self.glossary.terms:
            return []
        return self.glossary.source_matcher.find(self.src)

    @cached_property
    def target_hits(self) -> list[Hit[Term]]:
        """Every occurrence (overlapping) of any allowed or forbidden form for this locale."""
        if self.glossary is None or not self.glossary.terms:
            return []
        return self.glossary.target_matcher(self.locale).find_all(self.tgt)

    @cached_property
    def terms_found(self) -> list[Term]:
        """Glossary terms in the source, in order, each once."""
        seen: dict[str, Term] = {}
        for hit in self.source_hits:
            seen.setdefault(hit.payload.id, hit.payload)
        return list(seen.values())


CheckFunction = Callable[[Pair], list[Problem]]
