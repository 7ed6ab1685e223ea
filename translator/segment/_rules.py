"""Segmentation rules: data loaded from ``rules/<lang>.yaml``, plus the project's overrides.

Rules are plain data (characters, word lists, a few switches). The engine compiles what it
needs from them once per rules object (see :func:`translator.segment._engine.compiled`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from translator._yaml import safe_load
from translator.errors import TranslatorError

RULES_DIR = Path(__file__).with_name("rules")
LANGUAGES = ("ja", "en", "zh")

# YAML keys that hold a list of strings (overrides extend them) and switches (overrides replace).
_LIST_KEYS = (
    "brackets",
    "quotatives",
    "particles",
    "particle_exceptions",
    "abbreviations",
    "final_abbreviations",
    "sentence_starters",
    "no_break_patterns",
)
_BOOL_KEYS = ("split_after_closing_quote", "split_inside_quotes", "soft_wrap_is_boundary")
_STRING_KEYS = ("terminators",)
OVERRIDE_KEYS = frozenset(_LIST_KEYS + _BOOL_KEYS + _STRING_KEYS)


@dataclass(frozen=True)
class SegmentRules:
    """Everything the segmenter knows about one language. Hashable; build with load_rules()."""

    lang: str = "ja"
    terminators: str = "。．｡！？!?‼⁉⁇⁈"
    brackets: tuple[str, ...] = ("「」", "『』", "（）", "()", "【】", "“”", "[]")
    quotatives: tuple[str, ...] = ()
    particles: tuple[str, ...] = ()
    particle_exceptions: tuple[str, ...] = ()
    abbreviations: frozenset[str] = frozenset()
    final_abbreviations: frozenset[str] = frozenset()
    sentence_starters: frozenset[str] = frozenset()
    no_break_patterns: tuple[str, ...] = ()
    split_after_closing_quote: bool = True
    split_inside_quotes: bool = False  # novel-style proofreading: "。" inside 「」 also ends
    soft_wrap_is_boundary: bool = False  # every newline ends a sentence


def language_of(lang: str) -> str:
    """The rule set for a language code: "ja_JP" -> ja, "zh-Hans" -> zh, unknown -> en."""
    base = re.split(r"[_\-@.]", lang.strip(), maxsplit=1)[0].lower()
    return base if base in LANGUAGES else "en"


def _string_list(key: str, value: object, where: str) -> list[str]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise TranslatorError(f"{where}: segmentation key '{key}' must be a list of strings")
    out: list[str] = []
    for item in value:
        if not isinstance(item, (str, int, float)) or isinstance(item, bool):
            raise TranslatorError(f"{where}: segmentation key '{key}' must be a list of strings")
        out.append(str(item))
    return out


def _apply(base: dict[str, Any], data: Mapping[str, object], where: str, extend: bool) -> None:
    for key, value in data.items():
        if key not in OVERRIDE_KEYS:
            known = ", ".join(sorted(OVERRIDE_KEYS))
            raise TranslatorError(f"{where}: unknown segmentation key '{key}' (known: {known})")
        if key in _BOOL_KEYS:
            if not isinstance(value, bool):
                raise TranslatorError(f"{where}: segmentation key '{key}' must be true or false")
            base[key] = value
        elif key in _STRING_KEYS:
            if not isinstance(value, str):
                raise TranslatorError(f"{where}: segmentation key '{key}' must be a string")
            base[key] = (base.get(key, "") + value) if extend else value
        else:
            items = _string_list(key, value, where)
            if key in ("abbreviations", "final_abbreviations"):
                items = [w.strip().rstrip(".") for w in items if w.strip().rstrip(".")]
            if key == "brackets":
                for pair in items:
                    if len(pair) != 2:
                        raise TranslatorError(
                            f"{where}: bracket '{pair}' must be two characters: opener, closer"
                        )
            if key in ("no_break_patterns", "particle_exceptions"):
                for pattern in items:
                    try:
                        re.compile(pattern)
                    except re.error as exc:
                        raise TranslatorError(
                            f"{where}: {key}: invalid regular expression {pattern!r}: {exc}"
                        ) from None
            base[key] = [*base.get(key, []), *items] if extend else items


def _freeze(lang: str, data: Mapping[str, Any]) -> SegmentRules:
    return SegmentRules(
        lang=lang,
        terminators="".join(dict.fromkeys(str(data.get("terminators", "")))),
        brackets=tuple(dict.fromkeys(data.get("brackets", []))),
        quotatives=tuple(dict.fromkeys(data.get("quotatives", []))),
        particles=tuple(dict.fromkeys(data.get("particles", []))),
        particle_exceptions=tuple(dict.fromkeys(data.get("particle_exceptions", []))),
        abbreviations=frozenset(data.get("abbreviations", [])),
        final_abbreviations=frozenset(data.get("final_abbreviations", [])),
        sentence_starters=frozenset(data.get("sentence_starters", [])),
        no_break_patterns=tuple(dict.fromkeys(data.get("no_break_patterns", []))),
        split_after_closing_quote=bool(data.get("split_after_closing_quote", True)),
        split_inside_quotes=bool(data.get("split_inside_quotes", False)),
        soft_wrap_is_boundary=bool(data.get("soft_wrap_is_boundary", False)),
    )


@cache
def _base_data(lang: str) -> dict[str, Any]:
    path = RULES_DIR / f"{lang}.yaml"
    raw = safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise TranslatorError(f"{path}: segmentation rules must be a mapping")
    raw.pop("language", None)
    data: dict[str, Any] = {}
    _apply(data, raw, str(path), extend=False)
    return data


@lru_cache(maxsize=64)
def _base_rules(lang: str) -> SegmentRules:
    return _freeze(lang, _base_data(lang))


def load_rules(lang: str, overrides: Mapping[str, object] | None = None) -> SegmentRules:
    """The rules for ``lang`` (ja/en/zh; other codes fall back to English), extended by
    ``overrides`` (the ``segmentation:`` mapping of translator.yaml).

    Lists in overrides extend the shipped lists, switches replace them; an unknown key raises
    TranslatorError naming it.
    """
    language = language_of(lang)
    if not overrides:
        return _base_rules(language)
    data = {k: (list(v) if isinstance(v, list) else v) for k, v in _base_data(language).items()}
    _apply(data, overrides, "translator.yaml", extend=True)
    return _freeze(language, data)
