"""Locale facts the pipeline needs, taken from Babel's CLDR data.

One place decides what a locale code means: its canonical gettext spelling, its plural forms,
and how its sentences are joined in running text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from translator.errors import TranslatorError

# Languages written without spaces between sentences (and usually between words).
_UNSPACED_LANGUAGES = frozenset({"ja", "zh", "yue", "th", "lo", "km", "my", "bo"})
# Languages whose text is mostly Han/kana: a soft line break between two such characters is
# not a space.
_CJK_LANGUAGES = frozenset({"ja", "zh", "yue"})


@dataclass(frozen=True)
class LocaleInfo:
    """What the pipeline needs to know about one locale."""

    code: str  # gettext spelling, e.g. "zh_Hans", "pt_BR"
    language: str  # "zh"
    english_name: str  # "Chinese (Simplified)"
    num_plurals: int
    plural_expr: str

    @property
    def plural_forms(self) -> str:
        return f"nplurals={self.num_plurals}; plural={self.plural_expr};"

    @property
    def sentence_joiner(self) -> str:
        """The text between two sentences of one paragraph: none for ja/zh, a space otherwise."""
        return "" if self.language in _UNSPACED_LANGUAGES else " "

    @property
    def is_cjk(self) -> bool:
        return self.language in _CJK_LANGUAGES


def known_locale(code: str) -> str:
    """``code`` in gettext spelling if Babel has data for it; raises otherwise.

    Cheaper than :func:`locale_info` (no CLDR parsing), for commands that only need to
    reject a typo such as ``jp``.
    """
    from babel.localedata import exists

    cleaned = code.strip().replace("-", "_")
    if cleaned and exists(cleaned):
        return cleaned
    return locale_info(code).code  # raises the usual error, or canonicalises ("EN_us")


@lru_cache(maxsize=256)
def locale_info(code: str) -> LocaleInfo:
    """Parse a locale code (``zh_Hans``, ``zh-Hans``, ``pt_BR``, ``de``); unknown codes raise."""
    # Babel's locale data is imported on first use: extraction never needs it.
    from babel import Locale, UnknownLocaleError
    from babel.messages.plurals import get_plural

    cleaned = code.strip()
    if not cleaned:
        raise TranslatorError("empty locale code")
    try:
        loc = Locale.parse(cleaned.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise TranslatorError(
            f"unknown locale {code!r} (use a code Babel knows, such as en, de, zh_Hans, pt_BR)"
        ) from None
    canonical = str(loc)
    plural = get_plural(canonical)
    return LocaleInfo(
        code=canonical,
        language=loc.language,
        english_name=loc.english_name or canonical,
        num_plurals=plural.num_plurals,
        plural_expr=plural.plural_expr,
    )
