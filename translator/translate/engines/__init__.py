"""The HTTP machine-translation engines."""

from translator.translate.engines.base import Engine, Segment, TermHint
from translator.translate.engines.deepl import DeepLEngine
from translator.translate.engines.libretranslate import LibreTranslateEngine
from translator.translate.engines.openai import OpenAIEngine

ENGINE_CLASSES: dict[str, type[Engine]] = {
    "openai": OpenAIEngine,
    "deepl": DeepLEngine,
    "libretranslate": LibreTranslateEngine,
}

__all__ = [
    "ENGINE_CLASSES",
    "DeepLEngine",
    "Engine",
    "LibreTranslateEngine",
    "OpenAIEngine",
    "Segment",
    "TermHint",
]
