"""Any OpenAI-compatible chat-completions server: vLLM, llama.cpp server, Ollama, hosted.

Several segments travel in one request as a JSON object keyed by id; the reply must be a
JSON object with exactly the same keys (a JSON schema constrains it when the server
supports ``response_format: json_schema``). Glossary terms found in the batch go into the
system prompt with their preferred and forbidden forms.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import httpx

from translator.locales import locale_info
from translator.translate.engines.base import Engine, Segment, TermHint
from translator.translate.masking import LLM_TOKENS
from translator.translate.retry import BatchFailed, json_body

_THINK = re.compile(r"<think>.*?</think>", re.DOTALL)
_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL)


def _language(code: str) -> str:
    info = locale_info(code)
    return f"{info.english_name} ({info.code})"


def glossary_lines(hints: Sequence[TermHint]) -> list[str]:
    lines: list[str] = []
    seen: set[str] = set()
    for hint in hints:
        if hint.source in seen:
            continue
        seen.add(hint.source)
        if hint.keep:
            lines.append(f"- {hint.source} → {hint.source} (do not translate)")
        elif hint.preferred:
            never = f" (never: {', '.join(hint.forbidden)})" if hint.forbidden else ""
            lines.append(f"- {hint.source} → {hint.preferred}{never}")
        elif hint.forbidden:
            lines.append(f"- {hint.source}: never translate as {', '.join(hint.forbidden)}")
    return lines


def system_prompt(source: str, target: str, hints: Sequence[TermHint]) -> str:
    parts = [
        f"You are a professional translator. Translate each value of the JSON object the "
        f"user sends from {_language(source)} into {_language(target)}.",
        "Reply with a single JSON object that has exactly the same keys, each mapped to its "
        "translation, and nothing else: no explanations, no code fences.",
        "Each value is one sentence or heading of the same news article; translate it "
        "completely and keep it one sentence.",
        "Keep Markdown markup (**bold**, *italic*, [link text](...)) around the corresponding "
        "words. Tokens such as ⟦1⟧ stand for citations, code, links or names: copy every "
        "token exactly once and unchanged to the matching place in the translation.",
    ]
    lines = glossary_lines(hints)
    if lines:
        parts.append("Glossary (use exactly these target forms):\n" + "\n".join(lines))
    return "\n".join(parts)


class OpenAIEngine(Engine):
    name = "openai"
    style = LLM_TOKENS

    def request_body(self, batch: Sequence[Segment], target_locale: str) -> dict[str, Any]:
        hints = [h for segment in batch for h in segment.hints]
        ids = [s.id for s in batch]
        body: dict[str, Any] = {
            "model": self.settings.model,
            "messages": [
                {
                    "role": "system",
                    "content": system_prompt(self.source_locale, target_locale, hints),
                },
                {
                    "role": "user",
                    "content": json.dumps({s.id: s.text for s in batch}, ensure_ascii=False),
                },
            ],
            "temperature": self.settings.options.get("temperature", 0.0),
        }
        kind = self.settings.options.get("response_format", "json_schema")
        if kind == "json_schema":
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {
                    "name": "translations",
                    "strict": True,
                    "schema": {
                        "type": "object",
                        "properties": {i: {"type": "string"} for i in ids},
                        "required": ids,
                        "additionalProperties": False,
                    },
                },
            }
        elif kind == "json_object":
            body["response_format"] = {"type": "json_object"}
        body.update(self.settings.options.get("extra_body", {}))
        return body

    async def translate(
        self, client: httpx.AsyncClient, batch: Sequence[Segment], target_locale: str
    ) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        response = await self.post(
            client,
            f"{self.base_url}/chat/completions",
            chars=sum(len(s.text) for s in batch),
            json=self.request_body(batch, target_locale),
            headers=headers,
        )
        data = json_body(response, self.name)
        try:
            content = data["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise BatchFailed(f"{self.name}: the reply has no choices[0].message.content") from None
        return parse_reply(str(content or ""), [s.id for s in batch], self.name)


def parse_reply(content: str, ids: Sequence[str], engine: str = "openai") -> dict[str, str]:
    """The translations in a model's reply; BatchFailed unless it is a JSON object with
    exactly the ids as keys and strings as values."""
    text = _THINK.sub("", content).strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1)
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise BatchFailed(f"{engine}: the model did not reply with JSON: {text[:60]!r}") from None
    if not isinstance(data, dict):
        raise BatchFailed(f"{engine}: the model replied with JSON that is not an object")
    if set(data) != set(ids):
        missing = sorted(set(ids) - set(data))
        extra = sorted(set(data) - set(ids))
        raise BatchFailed(
            f"{engine}: the reply's keys differ from the request's "
            f"(missing {missing}, unexpected {extra})"
        )
    if not all(isinstance(v, str) for v in data.values()):
        raise BatchFailed(f"{engine}: the reply has values that are not strings")
    return {str(k): str(v) for k, v in data.items()}
