"""A small OpenAI-compatible server on 127.0.0.1, for tests and the drafting benchmark (standard library only).

It answers ``POST /v1/chat/completions`` with ``stream`` true (server-sent events) or false (one JSON body)
from a script, records every request (path, headers, JSON body) and notices when a client closes a stream
before it ended. A script is a function from the request to a :class:`Reply`; :func:`by_part` builds one that
answers each narrative part from its own list of replies (one per attempt, the last one repeated).

    with OpenAIServer(by_part({"on_request": [Reply("……")]})) as server:
        settings = Settings(model="openai:test", base_url=server.base_url, …)
"""

from __future__ import annotations

import json
import select
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

PROMPTS = Path(__file__).resolve().parent.parent / "prompts"


@dataclass(frozen=True)
class Reply:
    """What the server sends for one request."""

    text: str = ""
    status: int = 200
    delay: float = 0.0  # seconds before the response starts (latency of the model)
    chunk_delay: float = 0.0  # seconds between streamed chunks
    chunk_size: int = 1  # characters per streamed chunk: 1 streams Chinese character by character
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]  # names lower-cased
    body: dict[str, Any]
    received: float

    @property
    def prompt(self) -> str:
        return "\n".join(str(m.get("content", "")) for m in self.body.get("messages", []))

    @property
    def part(self) -> str | None:
        return part_of(self.prompt)


Script = Callable[[RecordedRequest], Reply]


def _first_lines() -> dict[str, str]:
    return {
        path.stem: path.read_text(encoding="utf-8").splitlines()[0]
        for path in PROMPTS.glob("*.md")
        if not path.stem.startswith("_") and path.stem != "README"
    }


def part_of(prompt: str) -> str | None:
    """The narrative part a prompt asks for (its prompt file's first line is in it)."""
    return next((part for part, line in _first_lines().items() if line in prompt), None)


def by_part(replies: dict[str, list[Reply]], default: Reply | None = None) -> Script:
    """A script answering each part from its own list, one reply per attempt, the last one repeated."""
    lock = threading.Lock()
    served: dict[str | None, int] = {}

    def script(request: RecordedRequest) -> Reply:
        part = request.part
        with lock:
            index = served.get(part, 0)
            served[part] = index + 1
        answers = replies.get(part or "")
        if not answers:
            return default or Reply("", status=404)
        return answers[min(index, len(answers) - 1)]

    return script


class _Handler(BaseHTTPRequestHandler):
    server: OpenAIServer  # type: ignore[assignment]
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return None

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw.decode("utf-8")) if raw else {}
        except ValueError:
            body = {}
        request = RecordedRequest(self.path, {k.lower(): v for k, v in self.headers.items()}, body, time.monotonic())
        self.server.record(request)
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
            return
        reply = self.server.script(request)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.status != 200:
            self._json(reply.status, {"error": {"message": "scripted error", "type": "server_error"}}, reply.headers)
            return
        model = str(body.get("model", "test-model"))
        if body.get("stream"):
            self._stream(reply, model)
        else:
            message = {"role": "assistant", "content": reply.text}
            self._json(
                200,
                {
                    "id": "chatcmpl-test",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": model,
                    "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                },
            )

    def _json(self, status: int, data: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("content-type", "application/json; charset=utf-8")
        self.send_header("content-length", str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def _client_gone(self) -> bool:
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def _stream(self, reply: Reply, model: str) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/event-stream; charset=utf-8")
        self.send_header("cache-control", "no-cache")
        self.send_header("connection", "close")
        self.end_headers()
        self.close_connection = True

        def event(delta: dict[str, Any], finish: str | None = None) -> bytes:
            chunk = {
                "id": "chatcmpl-test",
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }
            return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode()

        pieces = [reply.text[i : i + reply.chunk_size] for i in range(0, len(reply.text), reply.chunk_size)]
        events: Iterable[bytes] = (
            event({"role": "assistant", "content": ""}),
            *(event({"content": piece}) for piece in pieces),
            event({}, "stop"),
            b"data: [DONE]\n\n",
        )
        try:
            for data in events:
                if self._client_gone():
                    raise ConnectionResetError
                self.wfile.write(data)
                self.wfile.flush()
                if reply.chunk_delay:
                    time.sleep(reply.chunk_delay)
        except (BrokenPipeError, ConnectionResetError):
            self.server.note_disconnect()
            return
        self.server.completed_streams += 1


class OpenAIServer(ThreadingHTTPServer):
    """``with OpenAIServer(script) as server:`` serves on 127.0.0.1 (a free port) until the block ends."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # the default 5 makes the 6th simultaneous client wait for a SYN retry (1 s)

    def __init__(self, script: Script | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script: Script = script or (lambda request: Reply("好的"))
        self.requests: list[RecordedRequest] = []
        self.disconnects = 0
        self.disconnected = threading.Event()
        self.completed_streams = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/v1"

    def record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def note_disconnect(self) -> None:
        with self._lock:
            self.disconnects += 1
        self.disconnected.set()

    def __enter__(self) -> OpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)
