"""Locale facts the pipeline needs, taken from Babel's CLDR data.

One place decides what a locale code means: its canonical gettext spelling, its plural forms,
and how its sentences are joined in running text.

A code a person gives (``--locale``, the project's locales) must be one Babel knows: a typo
such as ``jp`` is an error. A catalog's own ``Language`` header is taken as it is written,
even where Babel has no data for it (``tlh``, ``mjw``, ``cak``): merging into a catalog
needs its ``Plural-Forms``, not CLDR, and where a plural rule is asked of such a locale it
answers gettext's default (``nplurals=2; plural=(n != 1);``) and says it did not know.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from translator.errors import TranslatorError

if TYPE_CHECKING:
    from babel import Locale

# Languages written without spaces between sentences (and usually between words).
_UNSPACED_LANGUAGES = frozenset({"ja", "zh", "yue", "th", "lo", "km", "my", "bo"})
# Languages whose text is mostly Han/kana: a soft line break between two such characters is
# not a space.
_CJK_LANGUAGES = frozenset({"ja", "zh", "yue"})
# A locale code as Babel spells it: language, optional script, territory and modifier.
_CANONICAL = re.compile(r"[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|[0-9]{3}))?(?:@[a-z]+)?")


# What gettext assumes of a catalog whose header has no Plural-Forms (msgmerge, msgfmt and
# the runtime alike).
DEFAULT_NPLURALS = 2
DEFAULT_PLURAL_EXPR = "(n != 1)"


class LocaleInfo(NamedTuple):  # (not a dataclass: see translator.pipeline)
    """What the pipeline needs to know about one locale.

    ``code`` and ``language`` are known up front; the name and plural rule come from
    Babel's CLDR data, loaded on first use (a merge into a catalog whose header already
    has ``Plural-Forms`` never needs them). A locale Babel has no data for (a catalog's
    ``Language: tlh``) has its code for a name and gettext's default plural rule
    (``plural_rule_known`` is False). :data:`UNDETERMINED` (empty code) stands for a
    catalog that names no locale: it can be merged, but not rendered.
    """

    code: str  # gettext spelling, e.g. "zh_Hans", "pt_BR"; "" when undetermined
    language: str  # "zh"

    @property
    def english_name(self) -> str:  # "Chinese (Simplified)"
        data = _cldr(self.code)
        return data[0] if data is not None else self.code

    @property
    def plural_rule_known(self) -> bool:
        """Whether the plural rule comes from CLDR (not gettext's default, assumed)."""
        return _cldr(self.code) is not None

    @property
    def num_plurals(self) -> int:
        data = _cldr(self.code)
        return data[1] if data is not None else DEFAULT_NPLURALS

    @property
    def plural_expr(self) -> str:
        data = _cldr(self.code)
        return data[2] if data is not None else DEFAULT_PLURAL_EXPR

    @property
    def plural_forms(self) -> str:
        return f"nplurals={self.num_plurals}; plural={self.plural_expr};"

    @property
    def sentence_joiner(self) -> str:
        """The text between two sentences of one paragraph: none for ja/zh, a space otherwise."""
        return "" if self._known_language() in _UNSPACED_LANGUAGES else " "

    @property
    def is_cjk(self) -> bool:
        return self._known_language() in _CJK_LANGUAGES

    @property
    def bcp47(self) -> str:
        """The BCP 47 tag of HTML's ``lang`` and ``hreflang``: ``zh-Hans``, ``pt-BR``."""
        return self.code.split("@")[0].replace("_", "-")

    @property
    def native_name(self) -> str:
        """The locale's name in its own language (``日本語``, ``Deutsch``), from CLDR (its
        code where Babel has no data)."""
        return _native_name(self.code)

    @property
    def direction(self) -> str:
        """``rtl`` or ``ltr``, the way the locale's script runs (CLDR, through Babel;
        ``ltr`` where Babel has no data)."""
        return _direction(self.code)

    def _known_language(self) -> str:
        if not self.language:
            raise TranslatorError(
                "cannot tell the target locale: the catalog has no Language header; pass --locale"
            )
        return self.language


UNDETERMINED = LocaleInfo(code="", language="")


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


def given_locale(code: str) -> LocaleInfo:
    """A locale code a person gave (``--locale``): :func:`locale_info`, without loading
    Babel when the code is spelled as Babel spells it and Babel has data for it. A code
    Babel does not know (a typo such as ``jp``) raises."""
    if _CANONICAL.fullmatch(code) is None or not _has_locale_data(code):
        return locale_info(code)  # another spelling, or a typo: let Babel judge it
    return LocaleInfo(code=code, language=language_of(code))


def catalog_locale(code: str) -> LocaleInfo:
    """The locale a catalog's ``Language`` header names; never refuses one.

    For merging into an existing catalog that already says which locale it is: only its
    spelling is needed, and the plural rule comes from its own ``Plural-Forms``. A code
    spelled as Babel spells it, with data behind it, is taken without loading Babel;
    another spelling is canonicalised (``pt-BR``); a code Babel does not know (``tlh``,
    ``mjw``, or a misspelling such as ``jp``) is kept as written, with no CLDR data
    (see :class:`LocaleInfo`): msgmerge updates such catalogs, and so does ``update``.
    """
    cleaned = code.strip()
    if _CANONICAL.fullmatch(cleaned) is not None and _has_locale_data(cleaned):
        return LocaleInfo(code=cleaned, language=language_of(cleaned))
    if not cleaned:
        return UNDETERMINED
    try:
        return locale_info(cleaned)
    except TranslatorError:
        return LocaleInfo(code=cleaned, language=language_of(cleaned))


@lru_cache(maxsize=256)  # asked per pair by the checks
def language_of(code: str) -> str:
    """The language part of a code: ``zh`` of ``zh_Hans``, ``sr`` of ``sr@latin``."""
    return re.split(r"[-_@.]", code, maxsplit=1)[0].lower()


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
    loc = _babel_locale(code)
    return (loc.display_name if loc is not None else None) or code


@lru_cache(maxsize=256)
def _direction(code: str) -> str:
    loc = _babel_locale(code)
    return "rtl" if loc is not None and loc.text_direction == "rtl" else "ltr"


def _babel_locale(code: str) -> Locale | None:
    from babel import Locale, UnknownLocaleError

    if not code:
        return None
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return None


@lru_cache(maxsize=256)
def _cldr(code: str) -> tuple[str, int, str] | None:
    """English name, number of plural forms and plural expression of a canonical code;
    None when Babel has no data for it."""
    from babel.messages.plurals import get_plural

    loc = _babel_locale(code)
    if loc is None:
        return None
    plural = get_plural(code)
    return loc.english_name or code, plural.num_plurals, plural.plural_expr
