"""The ``machine_translation:`` mapping of translator.yaml, validated.

    machine_translation:
      engine: tm              # tm | openai | deepl | libretranslate (default: tm, offline)
      parallel: 4             # requests in flight at once
      timeout: 30             # seconds per request
      retries: 5              # further attempts after a 429 / 5xx / timeout
      retry_delay: 1.0        # first back-off in seconds (doubles each time, with jitter)
      max_retry_delay: 60     # back-off ceiling
      max_retry_after: 300    # a longer Retry-After stops the run instead of sleeping
      save_interval: 1.0      # seconds between catalog writes while batches complete (0: each)
      tm_threshold: 75        # fuzzy TM matches need this similarity (0-100)
      cache: .translator/mt-cache.sqlite
      openai: {url: http://127.0.0.1:8000/v1, model: Qwen/Qwen3-8B, batch_size: 20,
               max_chars: 6000, context_chars: 2000, unit: sentence, temperature: 0,
               response_format: json_schema, extra_body: {}}
      deepl: {url: https://api.deepl.com, batch_size: 50, context_chars: 1000,
              unit: sentence, formality: default, glossary: true}
      libretranslate: {url: http://127.0.0.1:5000, batch_size: 20, max_chars: 5000,
                       unit: sentence, languages: {zh_Hans: zh}}

``unit``: what one text sent is: a ``sentence`` (default), or a whole ``paragraph`` (or list
item) whose reply is split back into its sentences. ``context_chars``: the most characters
of document context (title, neighbouring sentences, their approved translations) one
request carries, counted within ``max_chars`` too; 0 sends none. LibreTranslate has no
context field, so it has no ``context_chars``.

Every error names the key, as ``machine_translation.openai.batch_size``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from translator.errors import TranslatorError

ENGINES = ("tm", "openai", "deepl", "libretranslate")
HTTP_ENGINES = ENGINES[1:]
DEFAULT_URLS = {
    "openai": "http://127.0.0.1:8000/v1",
    "deepl": None,  # chosen from the key: api-free.deepl.com for keys ending ":fx"
    "libretranslate": "http://127.0.0.1:5000",
}
KEY_VARIABLES = {
    "openai": "OPENAI_API_KEY",
    "deepl": "DEEPL_AUTH_KEY",
    "libretranslate": "LIBRETRANSLATE_API_KEY",
}
_BATCH_DEFAULTS = {"openai": 20, "deepl": 50, "libretranslate": 20}
_CHAR_DEFAULTS = {"openai": 6000, "deepl": 100_000, "libretranslate": 5000}
# A paragraph or two: what a sentence needs around it, without drowning it (DeepL's
# context applies to every text of a request, so its requests stay closer to one paragraph).
_CONTEXT_DEFAULTS = {"openai": 2000, "deepl": 1000, "libretranslate": 0}
UNITS = ("sentence", "paragraph")
_ENGINE_KEYS = {
    "openai": {"temperature", "response_format", "extra_body", "context_chars"},
    "deepl": {"formality", "glossary", "model_type", "context_chars"},
    "libretranslate": {"languages"},
}
_COMMON_ENGINE_KEYS = {"url", "model", "batch_size", "max_chars", "unit"}
_NUMBERS = {
    "parallel": (1, 64, True),
    "timeout": (0.001, 3600, False),
    "retries": (0, 20, True),
    "retry_delay": (0, 600, False),
    "max_retry_delay": (0, 3600, False),
    "max_retry_after": (0, 86400, False),
    "save_interval": (0, 3600, False),
    "tm_threshold": (0, 100, False),
}


@dataclass(frozen=True)
class EngineSettings:
    url: str | None = None
    model: str | None = None
    batch_size: int = 20
    max_chars: int = 6000
    options: Mapping[str, Any] = field(default_factory=dict)
    unit: str = "sentence"  # or "paragraph"
    context_chars: int = 0  # 0: no document context


@dataclass(frozen=True)
class MTSettings:
    engine: str = "tm"
    parallel: int = 4
    timeout: float = 30.0
    retries: int = 5
    retry_delay: float = 1.0
    max_retry_delay: float = 60.0
    max_retry_after: float = 300.0
    save_interval: float = 1.0
    tm_threshold: float = 75.0
    cache: str = ".translator/mt-cache.sqlite"
    engines: Mapping[str, EngineSettings] = field(default_factory=dict)

    def engine_settings(self, name: str) -> EngineSettings:
        found = self.engines.get(name)
        if found is not None:
            return found
        return EngineSettings(
            url=DEFAULT_URLS.get(name),
            batch_size=_BATCH_DEFAULTS.get(name, 20),
            max_chars=_CHAR_DEFAULTS.get(name, 6000),
            context_chars=_CONTEXT_DEFAULTS.get(name, 0),
        )

    def with_overrides(
        self,
        *,
        engine: str | None = None,
        url: str | None = None,
        model: str | None = None,
        unit: str | None = None,
    ) -> MTSettings:
        settings = replace(self, engine=engine) if engine else self
        if url is None and model is None and unit is None:
            return settings
        current = settings.engine_settings(settings.engine)
        if url is not None:
            current = replace(current, url=_url(url, "--url"))
        if model is not None:
            current = replace(current, model=model)
        if unit is not None:
            current = replace(current, unit=unit)
        return replace(settings, engines={**settings.engines, settings.engine: current})


def parse_settings(raw: Mapping[str, Any] | None, where: str | None = None) -> MTSettings:
    """Validate the raw mapping; unknown keys and wrong types raise TranslatorError."""
    raw = raw or {}
    values: dict[str, Any] = {}
    engines: dict[str, EngineSettings] = {}
    for key, value in raw.items():
        name = f"machine_translation.{key}"
        if key == "engine":
            if value not in ENGINES:
                raise TranslatorError(f"{name} must be one of {', '.join(ENGINES)}", where)
            values["engine"] = value
        elif key == "cache":
            if not isinstance(value, str) or not value:
                raise TranslatorError(f"{name} must be a path", where)
            values["cache"] = value
        elif key in _NUMBERS:
            values[key] = _number(value, name, *_NUMBERS[key], where)
        elif key in HTTP_ENGINES:
            engines[key] = _engine(key, value, name, where)
        else:
            known = ", ".join(["engine", "cache", *_NUMBERS, *HTTP_ENGINES])
            raise TranslatorError(f"unknown setting {name!r} (known: {known})", where)
    settings = MTSettings(**values)
    for engine in HTTP_ENGINES:
        engines.setdefault(engine, settings.engine_settings(engine))
    return replace(settings, engines=engines)


def _engine(engine: str, value: Any, name: str, where: str | None) -> EngineSettings:
    if value is None:
        value = {}
    if not isinstance(value, Mapping):
        raise TranslatorError(f"{name} must be a mapping", where)
    known = _COMMON_ENGINE_KEYS | _ENGINE_KEYS[engine]
    url: str | None = DEFAULT_URLS.get(engine)
    model: str | None = None
    batch = _BATCH_DEFAULTS[engine]
    chars = _CHAR_DEFAULTS[engine]
    unit = "sentence"
    context = _CONTEXT_DEFAULTS[engine]
    options: dict[str, Any] = {}
    for key, item in value.items():
        sub = f"{name}.{key}"
        if key == "context_chars" and key not in known:
            raise TranslatorError(
                f"{sub}: {engine} has no context field; its texts go without context "
                "(unit: paragraph sends whole paragraphs instead)",
                where,
            )
        if key not in known:
            raise TranslatorError(
                f"unknown setting {sub!r} (known: {', '.join(sorted(known))})", where
            )
        if key == "url":
            url = _url(item, sub, where)
        elif key == "model":
            if not isinstance(item, str) or not item.strip():
                raise TranslatorError(f"{sub} must be a model name", where)
            model = item.strip()
        elif key == "batch_size":
            batch = int(_number(item, sub, 1, 50 if engine == "deepl" else 1000, True, where))
        elif key == "max_chars":
            chars = int(_number(item, sub, 1, 10_000_000, True, where))
        elif key == "context_chars":
            context = int(_number(item, sub, 0, 100_000, True, where))
        elif key == "unit":
            if item not in UNITS:
                raise TranslatorError(f"{sub} must be sentence or paragraph", where)
            unit = item
        elif key == "temperature":
            options[key] = _number(item, sub, 0, 2, False, where)
        elif key == "response_format":
            if item not in ("json_schema", "json_object", "none"):
                raise TranslatorError(f"{sub} must be json_schema, json_object or none", where)
            options[key] = item
        elif key in ("extra_body", "languages"):
            if not isinstance(item, Mapping) or (
                key == "languages" and not all(isinstance(v, str) and v for v in item.values())
            ):
                raise TranslatorError(f"{sub} must be a mapping", where)
            options[key] = dict(item)
        elif key == "formality":
            formalities = ("default", "more", "less", "prefer_more", "prefer_less")
            if item not in formalities:
                raise TranslatorError(f"{sub} must be one of {', '.join(formalities)}", where)
            options[key] = item
        elif key == "model_type":
            allowed = ("latency_optimized", "quality_optimized", "prefer_quality_optimized")
            if item not in allowed:
                raise TranslatorError(f"{sub} must be one of {', '.join(allowed)}", where)
            options[key] = item
        elif key == "glossary":
            if not isinstance(item, bool):
                raise TranslatorError(f"{sub} must be true or false", where)
            options[key] = item
    return EngineSettings(url, model, batch, chars, options, unit, context)


def _url(value: Any, name: str, where: str | None = None) -> str:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise TranslatorError(f"{name} must be an http:// or https:// URL", where)
    return value.rstrip("/")


def _number(
    value: Any, name: str, low: float, high: float, whole: bool, where: str | None = None
) -> float:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if ok and whole and float(value) != int(value):
        ok = False
    if not ok or not low <= value <= high:
        kind = "a whole number" if whole else "a number"
        raise TranslatorError(f"{name} must be {kind} from {low:g} to {high:g}", where)
    return int(value) if whole else float(value)
