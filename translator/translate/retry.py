"""HTTP with retries: what to retry, how long to wait, and errors that never show a key.

Retried: 408, 429, 5xx (llama.cpp's 503 "Loading model" included), 529, timeouts and
connection failures — with exponential back-off and jitter, never shorter than the
server's ``Retry-After``. Never retried: 400, 401, 403, 404, 413, DeepL's 456 (quota) and
every other 4xx; they stop the run (``StopRun``).
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

_RETRY_STATUS = frozenset({408, 429, 529})
_HINTS = {
    400: "the server rejected the request",
    401: "the API key is missing or wrong",
    403: "the API key is not accepted (wrong key, host or plan)",
    404: "wrong URL or model name",
    413: "the request is too large (lower batch_size or max_chars)",
    456: "quota exceeded: the character limit has been reached",
}


class EngineError(Exception):
    """Something went wrong with one engine request."""


class StopRun(EngineError):
    """An error that retrying cannot fix: the run stops (work done so far is kept)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class BatchFailed(EngineError):
    """One batch's reply is unusable (malformed JSON, wrong keys): its segments fail."""


@dataclass
class Counters:
    requests: int = 0
    retries: int = 0
    chars_sent: int = 0
    context_chars: int = 0  # document context sent along (not counted in chars_sent)
    retried_status: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RetryPolicy:
    retries: int = 5
    delay: float = 1.0
    max_delay: float = 60.0
    max_retry_after: float = 300.0
    jitter: float = 0.25

    def backoff(self, attempt: int) -> float:
        """Exponential back-off for retry ``attempt`` (1-based), with ± jitter."""
        base = min(self.max_delay, self.delay * 2.0 ** (attempt - 1))
        return max(0.0, float(base * (1 + random.uniform(-self.jitter, self.jitter))))


def redact(text: str, secrets: Sequence[str]) -> str:
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return text


def retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asks us to wait (``Retry-After`` as seconds or an HTTP date)."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def error_text(response: httpx.Response) -> str:
    """The server's own words: DeepL ``message``, LibreTranslate ``error``, OpenAI
    ``error.message``; else the start of the body."""
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        return response.text.strip()[:200]
    if isinstance(data, dict):
        error = data.get("error")
        if isinstance(error, dict):
            return str(error.get("message") or error)[:200]
        for key in ("message", "detail"):
            if data.get(key):
                return str(data[key])[:200]
        if error:
            return str(error)[:200]
    return response.text.strip()[:200]


def retryable(status: int) -> bool:
    return status in _RETRY_STATUS or 500 <= status <= 599


async def send(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    engine: str,
    policy: RetryPolicy,
    counters: Counters,
    secrets: Sequence[str] = (),
    chars: int = 0,
    context_chars: int = 0,
    **kwargs: Any,
) -> httpx.Response:
    """Send one request, retrying what may pass later; return the 2xx response.

    Raises StopRun for errors a retry cannot fix, and when retries run out.
    """
    attempt = 0
    while True:
        counters.requests += 1
        counters.chars_sent += chars
        counters.context_chars += context_chars
        wait: float | None = None
        try:
            response = await client.request(method, url, **kwargs)
        except httpx.TimeoutException:
            problem = "timed out"
        except httpx.TransportError as exc:
            problem = f"connection failed ({type(exc).__name__}: {exc})"
        else:
            if response.is_success:
                return response
            status = response.status_code
            detail = redact(error_text(response), secrets)
            problem = f"HTTP {status}: {detail}" if detail else f"HTTP {status}"
            if not retryable(status):
                hint = _HINTS.get(status) or "the server refused the request"
                raise StopRun(f"{engine}: {problem} ({hint})", status)
            wait = retry_after(response)
            if wait is not None and wait > policy.max_retry_after:
                raise StopRun(
                    f"{engine}: {problem}; the server asks to wait {wait:.0f} s "
                    f"(more than max_retry_after)",
                    status,
                )
        attempt += 1
        if attempt > policy.retries:
            raise StopRun(
                f"{engine}: {redact(problem, secrets)}; gave up after {policy.retries} retries"
            )
        counters.retries += 1
        counters.retried_status.append(problem.split(":")[0])
        delay = policy.backoff(attempt)
        if wait is not None:
            delay = max(delay, wait)
        await asyncio.sleep(delay)


def json_body(response: httpx.Response, engine: str) -> Any:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        raise BatchFailed(f"{engine}: the reply is not JSON: {response.text[:80]!r}") from None
