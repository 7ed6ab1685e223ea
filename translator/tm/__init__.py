"""The translation memory: approved translations in SQLite, exact and fuzzy lookup, TMX."""

from translator.tm.store import (
    DEFAULT_THRESHOLD,
    Match,
    TranslationMemory,
    Unit,
    canonical_locale,
)

__all__ = ["DEFAULT_THRESHOLD", "Match", "TranslationMemory", "Unit", "canonical_locale"]
