"""What every HTTP engine has in common: batching, settings, keys and the retry policy."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import httpx

from translator.translate.context import BatchContext, Window, batch_context
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
    """One text to translate: its id within a batch, masked form, terms and context.

    A text is one sentence, or in paragraph mode the sentences of one paragraph.
    """

    id: str
    masked: Masked
    text: str  # the masked text in the engine's token style
    hints: Sequence[TermHint] = field(default_factory=tuple)
    window: Window | None = None  # where it stands in its document (None: no context)
    group: Hashable | None = None  # texts of one block: kept in one batch when they fit
    sentences: int = 1  # catalog sentences it holds


class Engine:
    """An MT engine over HTTP. Subclasses set ``name`` and ``style`` and implement
    ``translate``; ``prepare`` runs once per target locale before the first request.
    Engines that can carry document context render it in ``context_text``."""

    name = "engine"
    style: TokenStyle
    max_body_bytes: int | None = None
    has_context = False  # whether the API has somewhere to put document context

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

    @property
    def context_chars(self) -> int:
        """The most characters of document context a request carries (0: none)."""
        return self.settings.context_chars if self.has_context else 0

    def batches(self, segments: Sequence[Segment]) -> list[list[Segment]]:
        """Consecutive groups within batch_size segments and max_chars characters of text
        and context (and the engine's body limit in UTF-8 bytes); a longer segment
        travels alone. With context, a batch holds one document, its context stays within
        context_chars, and the texts of one block go together whenever they fit in one
        batch. Each segment's id is its place in its batch."""
        out: list[list[Segment]] = []
        current: list[Segment] = []
        for group in _groups(segments):
            if self._fits([*current, *group]):
                current.extend(group)
                continue
            if current:
                out.append(current)
                current = []
            if self._fits(group):
                current = list(group)
                continue
            for segment in group:  # a block too large for one batch
                if current and not self._fits([*current, segment]):
                    out.append(current)
                    current = []
                current.append(segment)
        if current:
            out.append(current)
        for batch in out:
            for number, segment in enumerate(batch, start=1):
                segment.id = str(number)
        return out

    def _fits(self, batch: Sequence[Segment]) -> bool:
        if len(batch) <= 1:
            return True
        if len(batch) > self.settings.batch_size:
            return False
        context = ""
        if self.context_chars:
            if len({id(s.window.source) for s in batch if s.window is not None}) > 1:
                return False
            context = self.context_text(batch_context(_windows(batch)))
            if len(context) > self.context_chars:
                return False
        chars = sum(len(s.text) for s in batch) + len(context)
        if chars > self.settings.max_chars:
            return False
        if self.max_body_bytes is not None:
            weight = sum(len(s.text.encode("utf-8")) + 16 for s in batch)
            if weight + len(context.encode("utf-8")) > self.max_body_bytes:
                return False
        return True

    def window_fits(self, window: Window, text: str) -> bool:
        """Whether one text of ``text`` with ``window`` stays within the context budget,
        ``max_chars`` and the body limit (what ``context.window`` trims a window to)."""
        rendered = self.context_text(batch_context([(window, "1")]))
        if len(rendered) > self.context_chars:
            return False
        if len(rendered) + len(text) > self.settings.max_chars:
            return False
        if self.max_body_bytes is not None:
            size = len(rendered.encode("utf-8")) + len(text.encode("utf-8")) + 16
            if size > self.max_body_bytes:
                return False
        return True

    def context_of(self, batch: Sequence[Segment]) -> list[BatchContext]:
        """The document context a batch carries (none without context)."""
        if not self.context_chars:
            return []
        return batch_context(_windows(batch))

    def context_text(self, contexts: Sequence[BatchContext]) -> str:
        """The context as this engine sends it (what counts against the budgets)."""
        return ""

    def describe(self, batch: Sequence[Segment], target_locale: str) -> str:
        """What a request for ``batch`` carries, for ``--dry-run``: never a key."""
        raise NotImplementedError

    async def prepare(self, client: httpx.AsyncClient, target_locale: str) -> None:
        """Set-up before the first request for ``target_locale`` (DeepL: its glossary)."""

    async def translate(
        self, client: httpx.AsyncClient, batch: Sequence[Segment], target_locale: str
    ) -> dict[str, str]:
        """The engine's reply for each segment id (still masked)."""
        raise NotImplementedError

    async def post(
        self,
        client: httpx.AsyncClient,
        url: str,
        *,
        chars: int,
        context_chars: int = 0,
        **kwargs: object,
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
            context_chars=context_chars,
            **kwargs,
        )


def _windows(batch: Sequence[Segment]) -> list[tuple[Window, str]]:
    """Each text's window with the id it has in the batch (its place, counted from 1)."""
    return [(s.window, str(n)) for n, s in enumerate(batch, start=1) if s.window is not None]


def _groups(segments: Sequence[Segment]) -> list[list[Segment]]:
    """Runs of consecutive segments of one block (a segment without a group: alone)."""
    out: list[list[Segment]] = []
    for segment in segments:
        if out and segment.group is not None and out[-1][-1].group == segment.group:
            out[-1].append(segment)
        else:
            out.append([segment])
    return out
