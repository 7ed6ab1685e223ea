"""Any OpenAI-compatible chat-completions server: vLLM, llama.cpp server, Ollama, hosted.

Several segments travel in one request as a JSON object keyed by id; the reply must be a
JSON object with exactly the same keys (a JSON schema constrains it when the server
supports ``response_format: json_schema``). Glossary terms found in the batch go into the
system prompt with their preferred and forbidden forms, and so does the document context:
the title and, block by block in document order, where each value stands (by its key, so
a paragraph whose sentences travel together is sent once) among neighbouring sentences
shown with their approved translations, marked as already approved.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import httpx

from translator.locales import locale_info
from translator.translate.context import BatchContext
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


def system_prompt(
    source: str,
    target: str,
    hints: Sequence[TermHint],
    context: str = "",
    *,
    paragraphs: bool = False,
) -> str:
    parts = [
        f"You are a professional translator. Translate each value of the JSON object the "
        f"user sends from {_language(source)} into {_language(target)}.",
        "Reply with a single JSON object that has exactly the same keys, each mapped to its "
        "translation, and nothing else: no explanations, no code fences.",
        (
            "Each value is a heading, a sentence or a whole paragraph of the same document; "
            "translate all of it, sentence by sentence, keeping its sentences in their order "
            "and leaving none out."
            if paragraphs
            else "Each value is one sentence or heading of the same document; translate it "
            "completely and keep it one sentence."
        ),
        "Keep Markdown markup (**bold**, *italic*, [link text](...)) around the corresponding "
        "words. Tokens such as ⟦1⟧ stand for citations, code, links or names: copy every "
        "token exactly once and unchanged to the matching place in the translation.",
    ]
    lines = glossary_lines(hints)
    if lines:
        parts.append("Glossary (use exactly these target forms):\n" + "\n".join(lines))
    if context:
        parts.append(context)
    return "\n".join(parts)


def context_section(contexts: Sequence[BatchContext]) -> str:
    """The document context of a batch as the system prompt shows it."""
    if not any(c.blocks or c.title for c in contexts):
        return ""
    out = [
        "Context, for understanding only: do not translate it and do not put it in the "
        "reply. [key N] marks where value N of the JSON object stands in the document; the "
        "other sentences are its neighbours, each followed by its approved translation when "
        "there is one. Approved translations are already reviewed and approved text: keep "
        "names, terms, subjects, number and tense consistent with them."
    ]
    for context in contexts:
        if context.title:
            title = f"Document title: {context.title}"
            if context.approved_title:
                title += f"\n  approved translation: {context.approved_title}"
            out.append(title)
        for block in context.blocks:
            if block.lines and block.lines[0].after_gap:
                out.append("(…)")
            out.append(f"{block.kind[:1].upper()}{block.kind[1:]} (line {block.line}):")
            previous: str | None = None
            for number, line in enumerate(block.lines):
                if number and line.after_gap:
                    out.append("  (…)")
                if line.key is not None:
                    if line.key != previous:  # a paragraph-mode value holds several
                        out.append(f"  [key {line.key}]")
                    previous = line.key
                    continue
                previous = None
                out.append(f"  {line.source}")
                if line.approved:
                    out.append(f"    approved translation: {line.approved}")
    return "\n".join(out)


class OpenAIEngine(Engine):
    name = "openai"
    style = LLM_TOKENS
    has_context = True

    def context_text(self, contexts: Sequence[BatchContext]) -> str:
        return context_section(contexts)

    def request_body(
        self, batch: Sequence[Segment], target_locale: str, context: str | None = None
    ) -> dict[str, Any]:
        hints = [h for segment in batch for h in segment.hints]
        ids = [s.id for s in batch]
        if context is None:
            context = self.context_text(self.context_of(batch))
        prompt = system_prompt(
            self.source_locale,
            target_locale,
            hints,
            context,
            paragraphs=self.settings.unit == "paragraph",
        )
        body: dict[str, Any] = {
            "model": self.settings.model,
            "messages": [
                {"role": "system", "content": prompt},
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

    def describe(self, batch: Sequence[Segment], target_locale: str) -> str:
        body = self.request_body(batch, target_locale)
        messages = body.pop("messages")
        lines = [f"POST {self.base_url}/chat/completions"]
        for message in messages:
            lines.append(f"--- {message['role']} message:")
            lines.append(message["content"])
        kind = body.pop("response_format", {}).get("type")
        if kind:
            body["response_format"] = f"{kind} (the same keys, string values)"
        lines.append(f"--- other fields: {json.dumps(body, ensure_ascii=False)}")
        return "\n".join(lines)

    async def translate(
        self, client: httpx.AsyncClient, batch: Sequence[Segment], target_locale: str
    ) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        context = self.context_text(self.context_of(batch))
        response = await self.post(
            client,
            f"{self.base_url}/chat/completions",
            chars=sum(len(s.text) for s in batch),
            context_chars=len(context),
            json=self.request_body(batch, target_locale, context),
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
