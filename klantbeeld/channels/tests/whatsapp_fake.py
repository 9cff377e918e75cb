"""A fake of Meta's Graph API for the WhatsApp tests: a real HTTP server on 127.0.0.1.

It speaks the Cloud API's JSON: ``POST /{version}/{phone_number_id}/messages`` answers
``{messaging_product, contacts: [{input, wa_id}], messages: [{id}]}``; ``GET /{version}/{media_id}``
answers ``{messaging_product, url, mime_type, sha256, file_size, id}``; the download URL needs
the same bearer token; errors come as ``{"error": {message, type, code, error_data, fbtrace_id}}``.
Every request is recorded so a test can assert what was sent.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class FakeGraph:
    token: str = "test-toegangstoken"
    version: str = "v21.0"
    requests: list[Recorded] = field(default_factory=list)
    media: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    # Answers to give instead of the normal one, first in first out: (HTTP status, JSON body).
    refusals: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def base_url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeGraph:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake._handle(self, "GET")

            def do_POST(self) -> None:
                fake._handle(self, "POST")

            def log_message(self, format: str, *args: object) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def media_add(self, media_id: str, content: bytes, mime_type: str) -> None:
        self.media[media_id] = (content, mime_type)

    def sent(self) -> list[dict[str, Any]]:
        """The message bodies posted to ``/messages``, in order."""
        return [
            r.json() for r in self.requests if r.method == "POST" and r.path.endswith("/messages")
        ]

    def refuse(self, status: int, code: int, message: str, details: str = "") -> None:
        self.refusals.append((status, _error(code, message, details)))

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        self.requests.append(Recorded(method, handler.path, dict(handler.headers.items()), body))
        if handler.headers.get("Authorization") != f"Bearer {self.token}":
            return _reply(handler, 401, _error(190, "Invalid OAuth access token."))
        if self.refusals:
            status, answer = self.refusals.pop(0)
            return _reply(handler, status, answer)
        parts = handler.path.split("?")[0].strip("/").split("/")
        if method == "GET" and parts[:1] == ["download"] and len(parts) == 2:
            return self._download(handler, parts[1])
        if len(parts) < 2 or parts[0] != self.version:
            return _reply(handler, 404, _error(100, "Unknown path."))
        if method == "POST" and len(parts) == 3 and parts[2] == "messages":
            return self._message(handler, body)
        if method == "GET" and len(parts) == 2:
            return self._media_info(handler, parts[1])
        return _reply(handler, 400, _error(100, "Unsupported request."))

    def _message(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        try:
            sent = json.loads(body)
        except json.JSONDecodeError:
            return _reply(handler, 400, _error(100, "Invalid JSON."))
        if sent.get("messaging_product") != "whatsapp" or not sent.get("to"):
            return _reply(handler, 400, _error(100, "Invalid parameter", "messaging_product/to"))
        if sent.get("type") not in ("text", "template"):
            return _reply(handler, 400, _error(131009, "Parameter value is not valid"))
        wamid = f"wamid.NEP{next(self._ids):06d}"
        answer: dict[str, Any] = {"id": wamid}
        if sent["type"] == "template":
            answer["message_status"] = "accepted"
        return _reply(
            handler,
            200,
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": sent["to"], "wa_id": sent["to"]}],
                "messages": [answer],
            },
        )

    def _media_info(self, handler: BaseHTTPRequestHandler, media_id: str) -> None:
        if media_id not in self.media:
            return _reply(handler, 400, _error(100, "Unsupported get request.", "media not found"))
        content, mime_type = self.media[media_id]
        return _reply(
            handler,
            200,
            {
                "messaging_product": "whatsapp",
                "url": f"{self.base_url}/download/{media_id}",
                "mime_type": mime_type,
                "sha256": hashlib.sha256(content).hexdigest(),
                "file_size": str(len(content)),
                "id": media_id,
            },
        )

    def _download(self, handler: BaseHTTPRequestHandler, media_id: str) -> None:
        if media_id not in self.media:
            return _reply(handler, 404, _error(100, "Not found."))
        content, mime_type = self.media[media_id]
        handler.send_response(200)
        handler.send_header("Content-Type", mime_type)
        handler.send_header("Content-Length", str(len(content)))
        handler.end_headers()
        handler.wfile.write(content)


def _error(code: int, message: str, details: str = "") -> dict[str, Any]:
    error: dict[str, Any] = {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": "AbCdEf",
    }
    if details:
        error["error_data"] = {"messaging_product": "whatsapp", "details": details}
    return {"error": error}


def _reply(handler: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
    content = json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(content)))
    handler.end_headers()
    handler.wfile.write(content)
