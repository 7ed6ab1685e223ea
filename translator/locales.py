"""Locale facts the pipeline needs, taken from Babel's CLDR data.

One place decides what a locale code means: its canonical gettext spelling, its plural forms,
and how its sentences are joined in running text.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from translator.errors import TranslatorError

# Languages written without spaces between sentences (and usually between words).
_UNSPACED_LANGUAGES = frozenset({"ja", "zh", "yue", "th", "lo", "km", "my", "bo"})
# Languages whose text is mostly Han/kana: a soft line break between two such characters is
# not a space.
_CJK_LANGUAGES = frozenset({"ja", "zh", "yue"})
# A locale code as Babel spells it: language, optional script, territory and modifier.
_CANONICAL = re.compile(r"[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|[0-9]{3}))?(?:@[a-z]+)?")


@dataclass(frozen=True)
class LocaleInfo:
    """What the pipeline needs to know about one locale.

    ``code`` and ``language`` are known up front; the name and plural rule come from
    Babel's CLDR data, loaded on first use (a merge into a catalog whose header already
    has ``Plural-Forms`` never needs them).
    """

    code: str  # gettext spelling, e.g. "zh_Hans", "pt_BR"
    language: str  # "zh"

    @property
    def english_name(self) -> str:  # "Chinese (Simplified)"
        return _cldr(self.code)[0]

    @property
    def num_plurals(self) -> int:
        return _cldr(self.code)[1]

    @property
    def plural_expr(self) -> str:
        return _cldr(self.code)[2]

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

    @property
    def bcp47(self) -> str:
        """The BCP 47 tag of HTML's ``lang`` and ``hreflang``: ``zh-Hans``, ``pt-BR``."""
        return self.code.split("@")[0].replace("_", "-")

    @property
    def native_name(self) -> str:
        """The locale's name in its own language (``日本語``, ``Deutsch``), from CLDR."""
        return _native_name(self.code)

    @property
    def direction(self) -> str:
        """``rtl`` or ``ltr``, the way the locale's script runs (CLDR, through Babel)."""
        return _direction(self.code)


def known_locale(code: str) -> str:
    """``code`` in gettext spelling if Babel has data for it; raises otherwise.

    Cheaper than :func:`locale_info` (no CLDR parsing), for commands that only need to
    reject a typo such as ``jp``.
    """
    cleaned = code.strip().replace("-", "_")
    if _CANONICAL.fullmatch(cleaned) and _has_locale_data(cleaned):
        return cleaned
    return locale_info(code).code  # raises the usual error, or canonicalises ("EN_us")


@lru_cache(maxsize=256)
def locale_info(code: str) -> LocaleInfo:
    """Parse a locale code (``zh_Hans``, ``zh-Hans``, ``pt_BR``, ``de``); unknown codes raise."""
    # Babel is imported on first use: extraction never needs it. Parsing the code reads
    # no CLDR data; that waits until a name or plural rule is asked for.
    from babel import Locale, UnknownLocaleError

    cleaned = code.strip()
    if not cleaned:
        raise TranslatorError("empty locale code")
    try:
        loc = Locale.parse(cleaned.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise TranslatorError(
            f"unknown locale {code!r} (use a code Babel knows, such as en, de, zh_Hans, pt_BR)"
        ) from None
    return LocaleInfo(code=str(loc), language=loc.language)


def catalog_locale(code: str) -> LocaleInfo:
    """The locale a catalog's ``Language`` header names, without loading Babel when the
    code is spelled as Babel spells it and Babel has data for it.

    For merging into an existing catalog that already says which locale it is: only its
    spelling is needed, and the plural rule comes from its own ``Plural-Forms``.
    """
    if _CANONICAL.fullmatch(code) is None or not _has_locale_data(code):
        return locale_info(code)  # another spelling, or a typo: let Babel judge it
    return LocaleInfo(code=code, language=code.split("_")[0].split("@")[0])


@lru_cache(maxsize=64)
def _has_locale_data(code: str) -> bool:
    """Whether Babel ships CLDR data for exactly ``code``, looked up without importing
    Babel (its ``locale-data/<code>.dat`` file, which is what ``babel.localedata.exists``
    checks first)."""
    from importlib.util import find_spec

    spec = find_spec("babel")
    folders = spec.submodule_search_locations if spec is not None else None
    if not folders:
        return False
    return any(
        os.path.isfile(os.path.join(folder, "locale-data", f"{code}.dat")) for folder in folders
    )


@lru_cache(maxsize=256)
def _native_name(code: str) -> str:
    from babel import Locale

    return Locale.parse(code).display_name or code


@lru_cache(maxsize=256)
def _direction(code: str) -> str:
    from babel import Locale

    return "rtl" if Locale.parse(code).text_direction == "rtl" else "ltr"


@lru_cache(maxsize=256)
def _cldr(code: str) -> tuple[str, int, str]:
    """English name, number of plural forms and plural expression of a canonical code."""
    from babel import Locale
    from babel.messages.plurals import get_plural

    loc = Locale.parse(code)
    plural = get_plural(code)
    return loc.english_name or code, plural.num_plurals, plural.plural_expr
