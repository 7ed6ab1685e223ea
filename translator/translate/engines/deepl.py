"""DeepL API v2: ``/v2/translate`` with XML tag handling, and its glossary API.

Up to 50 texts and 128 KiB per request; ``Authorization: DeepL-Auth-Key``; Free keys (ending
``:fx``) use api-free.deepl.com. Masked spans travel as ``<x id="n"/>`` with
``tag_handling=xml`` and ``ignore_tags=x``. The project glossary's entries for a locale pair
are uploaded once as a glossary named after their content hash, and that glossary is reused
until the entries change (its id is remembered in the response cache's state table).

Document context goes in ``context`` (not translated, not billed; one for all the texts of
a request): the title, then block by block the source sentences around and of the texts
(DeepL translates each text alone), each block followed by the approved translations of
its sentences that have one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any

import httpx

from translator.locales import locale_info
from translator.translate.cache import ResponseCache
from translator.translate.context import BatchContext
from translator.translate.engines.base import Engine, Segment
from translator.translate.masking import XML_TOKENS
from translator.translate.retry import BatchFailed, StopRun, json_body, send

FREE_URL = "https://api-free.deepl.com"
PRO_URL = "https://api.deepl.com"
_TARGETS = {"en": "EN-US", "pt": "PT-PT", "zh": "ZH-HANS"}
_REGIONAL = {"en_GB": "EN-GB", "en_US": "EN-US", "pt_BR": "PT-BR", "pt_PT": "PT-PT"}
_SCRIPTS = {"zh_Hans": "ZH-HANS", "zh_Hant": "ZH-HANT"}

GlossarySource = Callable[[str], list[tuple[str, str]]]


def target_code(locale: str) -> str:
    info = locale_info(locale)
    for table in (_REGIONAL, _SCRIPTS):
        if info.code in table:
            return table[info.code]
    if info.code.startswith("zh_Hant"):
        return "ZH-HANT"
    return _TARGETS.get(info.language, info.language.upper())


def glossary_tsv(entries: Sequence[tuple[str, str]]) -> str:
    """DeepL's TSV entries: unique sources, no tabs/newlines, no edge whitespace."""
    seen: set[str] = set()
    lines = []
    for source, target in entries:
        source, target = source.strip(), target.strip()
        bad = any(c in source + target for c in "\t\r\n")
        if not source or not target or bad or source in seen:
            continue
        seen.add(source)
        lines.append(f"{source}\t{target}")
    return "\n".join(lines)


def plain_context(contexts: Sequence[BatchContext], *, texts: bool = True) -> str:
    """The context as plain text: the title, then each block's source sentences, and on
    the next line the approved translations among them. ``texts=False`` leaves out the
    sentences that are texts of the request."""
    parts: list[str] = []
    for context in contexts:
        if context.title:
            title = context.title
            if context.approved_title:
                title += "\n" + context.approved_title
            parts.append(title)
        for block in context.blocks:
            lines = [line for line in block.lines if texts or line.key is None]
            if not lines:
                continue
            source = context.source_joiner.join(line.source for line in lines)
            approved = context.target_joiner.join(line.approved for line in lines if line.approved)
            parts.append(source + ("\n" + approved if approved else ""))
    return "\n\n".join(parts)


class DeepLEngine(Engine):
    name = "deepl"
    style = XML_TOKENS
    max_body_bytes = 120 * 1024  # DeepL allows 128 KiB; keep room for the JSON around texts
    has_context = True

    glossary_source: GlossarySource | None = None
    state: ResponseCache | None = None
    project: str = "translator"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._glossaries: dict[str, str | None] = {}
        self._state_keys: dict[str, str] = {}

    @property
    def base_url(self) -> str:
        if self.settings.url:
            return self.settings.url
        return FREE_URL if (self.api_key or "").endswith(":fx") else PRO_URL

    def glossary_hash(self, target_locale: str) -> str:
        tsv = self._tsv(target_locale)
        return hashlib.sha256(tsv.encode("utf-8")).hexdigest()[:16] if tsv else ""

    def _tsv(self, target_locale: str) -> str:
        if self.glossary_source is None or not self.settings.options.get("glossary", True):
            return ""
        return glossary_tsv(self.glossary_source(target_locale))

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"DeepL-Auth-Key {self.api_key}"} if self.api_key else {}

    async def prepare(self, client: httpx.AsyncClient, target_locale: str) -> None:
        if target_locale in self._glossaries:
            return
        tsv = self._tsv(target_locale)
        if not tsv:
            self._glossaries[target_locale] = None
            return
        source = locale_info(self.source_locale).language
        target = locale_info(target_locale).language
        digest = hashlib.sha256(tsv.encode("utf-8")).hexdigest()[:16]
        name = f"{self.project} {source}-{target} {digest}"
        state_key = f"deepl-glossary {self.base_url} {name}"
        self._state_keys[target_locale] = state_key
        known = self.state.get_state(state_key) if self.state is not None else None
        if known is None:
            known = await self._find_or_create(client, name, source, target, tsv)
            if self.state is not None:
                self.state.set_state(state_key, known)
        self._glossaries[target_locale] = known

    async def _find_or_create(
        self, client: httpx.AsyncClient, name: str, source: str, target: str, tsv: str
    ) -> str:
        common: dict[str, Any] = {
            "engine": self.name,
            "policy": self.policy,
            "counters": self.counters,
            "secrets": self.secrets,
            "headers": self._headers(),
        }
        listing = await send(client, "GET", f"{self.base_url}/v2/glossaries", **common)
        data = json_body(listing, self.name)
        for item in data.get("glossaries", []) if isinstance(data, dict) else []:
            if (
                isinstance(item, dict)
                and item.get("name") == name
                and item.get("ready", True)
                and item.get("glossary_id")
            ):
                return str(item["glossary_id"])
        created = await send(
            client,
            "POST",
            f"{self.base_url}/v2/glossaries",
            json={
                "name": name,
                "source_lang": source,
                "target_lang": target,
                "entries": tsv,
                "entries_format": "tsv",
            },
            **common,
        )
        body = json_body(created, self.name)
        if not isinstance(body, dict) or not body.get("glossary_id"):
            raise StopRun(f"{self.name}: creating the glossary returned no glossary_id")
        return str(body["glossary_id"])

    def context_text(self, contexts: Sequence[BatchContext]) -> str:
        # Each text of a request is translated alone: in sentence mode the context gives
        # each sentence the rest of its paragraph; a paragraph-mode text is its paragraph.
        return plain_context(contexts, texts=self.settings.unit != "paragraph")

    def request_body(self, batch: Sequence[Segment], target_locale: str) -> dict[str, Any]:
        body: dict[str, Any] = {
            "text": [s.text for s in batch],
            "source_lang": locale_info(self.source_locale).language.upper(),
            "target_lang": target_code(target_locale),
            "tag_handling": "xml",
            "ignore_tags": ["x"],
            # A sentence is sent as one; a paragraph is split at punctuation, as written.
            "split_sentences": "nonewlines" if self.settings.unit == "paragraph" else "0",
        }
        context = self.context_text(self.context_of(batch))
        if context:
            body["context"] = context
        glossary = self._glossaries.get(target_locale)
        if glossary:
            body["glossary_id"] = glossary
        for option in ("formality", "model_type"):
            if option in self.settings.options:
                body[option] = self.settings.options[option]
        return body

    def describe(self, batch: Sequence[Segment], target_locale: str) -> str:
        body = self.request_body(batch, target_locale)
        if self._tsv(target_locale) and "glossary_id" not in body:
            body["glossary_id"] = "(the project glossary, uploaded before the first request)"
        return f"POST {self.base_url}/v2/translate\n" + json.dumps(
            body, ensure_ascii=False, indent=2
        )

    async def translate(
        self, client: httpx.AsyncClient, batch: Sequence[Segment], target_locale: str
    ) -> dict[str, str]:
        body = self.request_body(batch, target_locale)
        glossary = body.get("glossary_id")
        try:
            response = await self.post(
                client,
                f"{self.base_url}/v2/translate",
                chars=sum(len(s.text) for s in batch),
                context_chars=len(body.get("context", "")),
                json=body,
                headers=self._headers(),
            )
        except StopRun as exc:
            if glossary and exc.status == 404 and self.state is not None:
                # The remembered glossary was deleted on the server: forget it, so the
                # next run uploads it again.
                self.state.delete_state(self._state_keys.get(target_locale, ""))
                raise StopRun(
                    f"{exc.message}; the glossary {glossary} is gone: re-run to upload it again",
                    exc.status,
                ) from None
            raise
        data = json_body(response, self.name)
        items = data.get("translations") if isinstance(data, dict) else None
        if not isinstance(items, list) or len(items) != len(batch):
            raise BatchFailed(f"{self.name}: expected {len(batch)} translations")
        texts = [i.get("text") if isinstance(i, dict) else None for i in items]
        if not all(isinstance(t, str) for t in texts):
            raise BatchFailed(f"{self.name}: a translation without text")
        return {s.id: str(t) for s, t in zip(batch, texts, strict=True)}
