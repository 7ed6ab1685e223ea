"""Loopback machine-translation servers for the tests and the benchmark.

One ``ThreadingHTTPServer`` on 127.0.0.1 (port 0, its own thread) answers in the public
shapes of DeepL API v2 (``/v2/translate``, ``/v2/glossaries``), LibreTranslate
(``/translate``) and OpenAI-compatible chat completions (``/v1/chat/completions``), and
misbehaves on demand: queue actions in ``script`` and each translation request takes the
next one (``"ok"`` once the queue is empty).

Actions: ``"ok"``; ``("status", code, headers, body)``; ``("slow", seconds)``;
``"malformed"`` (200 with a body — or, for chat, message content — that is not JSON);
``"drop_token"`` (the first token of the first text goes missing); ``"wrong_keys"`` (chat:
one key renamed).

The "translation" is ``<LOCALE>: `` plus the text with its kana/kanji untouched, so
tokens and markup survive exactly as a well-behaved engine would keep them; set
``translate`` to answer otherwise (``sentence_by_sentence`` prefixes every sentence).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Action = Any
_TOKEN = re.compile(r'⟦\d+⟧|<x id="\d+"/>|\[X\d+X\]')


def fake_translation(text: str, target: str) -> str:
    return f"{target.upper()}: {text}"


_SENTENCE = re.compile(r"[^。！？]+[。！？]*(?:(?:⟦\d+⟧|<x id=\"\d+\"/>|\[X\d+X\])+[。]?)?")


def sentence_by_sentence(text: str, target: str) -> str:
    """Each sentence (up to 。！？ and the tokens after it) as its own "translation",
    joined by spaces, as a translation into a spaced language reads."""
    parts = [m.group().strip() for m in _SENTENCE.finditer(text) if m.group().strip()]
    return " ".join(f"{target.upper()}: {p}" for p in parts)


@dataclass
class Seen:
    path: str
    method: str
    headers: dict[str, str]
    body: Any


@dataclass
class FakeMT:
    latency: float = 0.0
    api_key: str | None = None  # required when set (each API's own way)
    script: deque[Action] = field(default_factory=deque)
    requests: list[Seen] = field(default_factory=list)
    translate: Callable[[str, str], str] = fake_translation
    glossaries: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"fake": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> FakeMT:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def next_action(self) -> Action:
        with self._lock:
            return self.script.popleft() if self.script else "ok"

    def record(self, seen: Seen) -> None:
        with self._lock:
            self.requests.append(seen)

    def translation_requests(self) -> list[Seen]:
        paths = ("/v2/translate", "/translate", "/v1/chat/completions")
        return [r for r in self.requests if r.path in paths]


class _Handler(BaseHTTPRequestHandler):
    fake: FakeMT
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw) if raw else None
        except json.JSONDecodeError:
            return raw.decode("utf-8", "replace")

    def do_GET(self) -> None:
        self.fake.record(Seen(self.path, "GET", dict(self.headers), None))
        if self.path == "/v2/glossaries":
            if not self._deepl_auth():
                return
            self._send(200, {"glossaries": list(self.fake.glossaries.values())})
            return
        self._send(404, {"message": "not found"})

    def do_POST(self) -> None:
        body = self._body()
        self.fake.record(Seen(self.path, "POST", dict(self.headers), body))
        if self.path == "/v2/glossaries":
            if not self._deepl_auth():
                return
            gid = f"g{len(self.fake.glossaries) + 1}"
            entry = {
                "glossary_id": gid,
                "name": body["name"],
                "ready": True,
                "source_lang": body["source_lang"],
                "target_lang": body["target_lang"],
                "entry_count": len(body["entries"].splitlines()),
                "entries": body["entries"],
            }
            self.fake.glossaries[gid] = entry
            self._send(201, entry)
            return
        if self.path not in ("/v2/translate", "/translate", "/v1/chat/completions"):
            self._send(404, {"error": f"no route {self.path}"})
            return
        if self.fake.latency:
            time.sleep(self.fake.latency)
        action = self.fake.next_action()
        if isinstance(action, tuple) and action[0] == "status":
            _, code, headers, payload = action
            self._send(code, payload if payload is not None else {"message": "error"}, headers)
            return
        if isinstance(action, tuple) and action[0] == "slow":
            time.sleep(action[1])
        if self.path == "/v2/translate":
            self._deepl(body, action)
        elif self.path == "/translate":
            self._libre(body, action)
        else:
            self._chat(body, action)

    def _deepl_auth(self) -> bool:
        expected = f"DeepL-Auth-Key {self.fake.api_key}" if self.fake.api_key else None
        if expected and self.headers.get("Authorization") != expected:
            self._send(403, {"message": "Wrong endpoint or invalid auth key"})
            return False
        return True

    def _deepl(self, body: dict[str, Any], action: Action) -> None:
        if not self._deepl_auth():
            return
        texts = body["text"]
        if len(texts) > 50:
            self._send(413, {"message": "Too many texts"})
            return
        if action == "malformed":
            self._send(200, b'{"translations": [')
            return
        out = [self.fake.translate(t, body["target_lang"]) for t in texts]
        if action == "drop_token":
            out[0] = _TOKEN.sub("", out[0], count=1)
        self._send(
            200, {"translations": [{"detected_source_language": "JA", "text": t} for t in out]}
        )

    def _libre(self, body: dict[str, Any], action: Action) -> None:
        if self.fake.api_key and body.get("api_key") != self.fake.api_key:
            self._send(403, {"error": "Invalid API key"})
            return
        if action == "malformed":
            self._send(200, b"<html>oops</html>")
            return
        q = body["q"]
        texts = q if isinstance(q, list) else [q]
        out = [self.fake.translate(t, body["target"]) for t in texts]
        if action == "drop_token":
            out[0] = _TOKEN.sub("", out[0], count=1)
        self._send(200, {"translatedText": out if isinstance(q, list) else out[0]})

    def _chat(self, body: dict[str, Any], action: Action) -> None:
        if self.fake.api_key and self.headers.get("Authorization") != f"Bearer {self.fake.api_key}":
            self._send(401, {"error": {"message": "Invalid API key", "type": "auth_error"}})
            return
        segments = json.loads(body["messages"][-1]["content"])
        target = "xx"
        match = re.search(r"into [^(]*\(([^)]+)\)", body["messages"][0]["content"])
        if match:
            target = match.group(1)
        reply = {k: self.fake.translate(v, target) for k, v in segments.items()}
        if action == "drop_token":
            first = next(iter(reply))
            reply[first] = _TOKEN.sub("", reply[first], count=1)
        if action == "wrong_keys":
            first = next(iter(reply))
            reply["x" + first] = reply.pop(first)
        content = json.dumps(reply, ensure_ascii=False)
        if action == "malformed":
            content = "Sure! Here are the translations: " + content[:20]
        self._send(
            200,
            {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "model": body.get("model"),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
            },
        )
