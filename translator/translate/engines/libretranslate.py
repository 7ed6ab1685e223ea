"""LibreTranslate: ``POST /translate`` with an array ``q``, ``format=text``, key in the body.

Its API has no field for document context: each text is translated alone (paragraph mode
sends whole paragraphs, which gives it their sentences' context).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import httpx

from translator.locales import locale_info
from translator.translate.engines.base import Engine, Segment
from translator.translate.masking import BRACKET_TOKENS
from translator.translate.retry import BatchFailed, json_body

_SPECIAL = {"zh_Hans": "zh", "zh_Hant": "zt", "pt_BR": "pt-BR"}


class LibreTranslateEngine(Engine):
    name = "libretranslate"
    style = BRACKET_TOKENS

    def language(self, locale: str) -> str:
        mapping = self.settings.options.get("languages", {})
        if locale in mapping:
            return str(mapping[locale])
        info = locale_info(locale)
        return _SPECIAL.get(info.code, info.language)

    def request_body(self, batch: Sequence[Segment], target_locale: str) -> dict[str, Any]:
        return {
            "q": [s.text for s in batch],
            "source": self.language(self.source_locale),
            "target": self.language(target_locale),
            "format": "text",
        }

    def describe(self, batch: Sequence[Segment], target_locale: str) -> str:
        body = self.request_body(batch, target_locale)
        if self.api_key:
            body["api_key"] = "(from LIBRETRANSLATE_API_KEY, not shown)"
        return f"POST {self.base_url}/translate (no context: the API has no field for it)\n" + (
            json.dumps(body, ensure_ascii=False, indent=2)
        )

    async def translate(
        self, client: httpx.AsyncClient, batch: Sequence[Segment], target_locale: str
    ) -> dict[str, str]:
        body = self.request_body(batch, target_locale)
        if self.api_key:
            body["api_key"] = self.api_key
        response = await self.post(
            client, f"{self.base_url}/translate", chars=sum(len(s.text) for s in batch), json=body
        )
        data = json_body(response, self.name)
        texts = data.get("translatedText") if isinstance(data, dict) else None
        if isinstance(texts, str) and len(batch) == 1:
            texts = [texts]
        if not isinstance(texts, list) or len(texts) != len(batch):
            raise BatchFailed(f"{self.name}: expected {len(batch)} translations in translatedText")
        if not all(isinstance(t, str) for t in texts):
            raise BatchFailed(f"{self.name}: translatedText holds values that are not strings")
        return {s.id: str(t) for s, t in zip(batch, texts, strict=True)}
