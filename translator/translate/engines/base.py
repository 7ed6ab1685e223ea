"""What every HTTP engine has in common: batching, settings, keys and the retry policy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import httpx

from translator.translate.masking import Masked, TokenStyle
from translator.translate.retry import Counters, RetryPolicy, send
from translator.translate.settings import EngineSettings


@dataclass(frozen=True)
class TermHint:
    """A glossary term found in a segment, as an engine should honour it."""

    source: str  # the form found in the source
    preferred: str | None  # the form to use in the target (None: the glossary does not say)
    forbidden: tuple[str, ...] = ()
    keep: bool = False  # do not translate


@dataclass
class Segment:
    """One sentence to translate: its id within a batch, masked form and terms."""

    id: str
    masked: Masked
    text: str  # the masked text in the engine's token style
    hints: Sequence[TermHint] = field(default_factory=tuple)


class Engine:
    """An MT engine over HTTP. Subclasses set ``name`` and ``style`` and implement
    ``translate``; ``prepare`` runs once per target locale before the first request."""

    name = "engine"
    style: TokenStyle
    max_body_bytes: int | None = None

    def __init__(
        self,
        settings: EngineSettings,
        *,
        source_locale: str,
        api_key: str | None = None,
        policy: RetryPolicy | None = None,
        counters: Counters | None = None,
    ) -> None:
        self.settings = settings
        self.source_locale = source_locale
        self.api_key = api_key
        self.policy = policy or RetryPolicy()
        self.counters = counters or Counters()

    @property
    def model(self) -> str:
        """What the translator comment and the cache key call the model."""
        return self.settings.model or "default"

    @property
    def base_url(self) -> str:
        assert self.settings.url is not None
        return self.settings.url

    @property
    def secrets(self) -> list[str]:
        return [self.api_key] if self.api_key else []

    def batches(self, segments: Sequence[Segment]) -> list[list[Segment]]:
        """Consecutive groups within batch_size segments and max_chars characters (and the
        engine's body limit in UTF-8 bytes); a longer segment travels alone."""
        limit = self.settings.batch_size
        chars = self.settings.max_chars
        body = self.max_body_bytes
        out: list[list[Segment]] = []
        current: list[Segment] = []
        size = weight = 0
        for segment in segments:
            length = len(segment.text)
            nbytes = len(segment.text.encode("utf-8")) + 16
            full = len(current) >= limit or (current and size + length > chars)
            if body is not None and current and weight + nbytes > body:
                full = True
            if full:
                out.append(current)
                current, size, weight = [], 0, 0
            current.append(segment)
            size += length
            weight += nbytes
        if current:
            out.append(current)
        return out

    async def prepare(self, client: httpx.AsyncClient, target_locale: str) -> None:
        """Set-up before the first request for ``target_locale`` (DeepL: its glossary)."""

    async def translate(
        self, client: httpx.AsyncClient, batch: Sequence[Segment], target_locale: str
    ) -> dict[str, str]:
        """The engine's reply for each segment id (still masked)."""
        raise NotImplementedError

    async def post(
        self, client: httpx.AsyncClient, url: str, *, chars: int, **kwargs: object
    ) -> httpx.Response:
        return await send(
            client,
            "POST",
            url,
            engine=self.name,
            policy=self.policy,
            counters=self.counters,
            secrets=self.secrets,
            chars=chars,
            **kwargs,
        )
