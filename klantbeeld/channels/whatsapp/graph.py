"""A small client for Meta's Graph API: send a message, fetch a media file (WA-01, WA-02).

The base URL, API version and access token come from the WhatsApp
:class:`~klantbeeld.channels.models.ChannelAccount`'s ``settings``, so a test (or an on-premise
relay) points an account at another host without a settings change. Every call has a timeout.
Failures become :class:`~klantbeeld.channels.adapters.SendFailed`: a 4xx answer is permanent
(the same request will be refused again), except 408 and 429, which are worth retrying like a
5xx answer or a network failure.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from klantbeeld.channels.adapters import SendFailed
from klantbeeld.channels.models import ChannelAccount

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://graph.facebook.com"
DEFAULT_VERSION = "v21.0"
DEFAULT_TIMEOUT_SECONDS = 10.0
_RETRYABLE = (408, 429)


class TooLarge(SendFailed):
    """The answer (a media file) is larger than the caller accepts."""


@dataclass(frozen=True)
class Graph:
    base_url: str
    version: str
    access_token: str
    timeout: float = DEFAULT_TIMEOUT_SECONDS

    @classmethod
    def for_account(cls, account: ChannelAccount) -> Graph:
        settings = account.settings or {}
        token = str(settings.get("access_token", ""))
        if not token:
            raise SendFailed(
                f"Voor WhatsApp-account {account.pk} is geen access_token ingesteld.",
                permanent=True,
            )
        base_url = str(settings.get("graph_base_url") or DEFAULT_BASE_URL).rstrip("/")
        if not base_url.startswith(("https://", "http://")):
            raise SendFailed(
                f"graph_base_url van account {account.pk} is geen http(s)-URL.", permanent=True
            )
        return cls(
            base_url=base_url,
            version=str(settings.get("graph_version") or DEFAULT_VERSION).strip("/"),
            access_token=token,
            timeout=float(settings.get("timeout_seconds") or DEFAULT_TIMEOUT_SECONDS),
        )

    def url(self, *parts: str) -> str:
        return "/".join([self.base_url, self.version, *(quote(part, safe="") for part in parts)])

    def message_send(self, phone_number_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /{version}/{phone_number_id}/messages``; Meta answers ``{messages: [{id}]}``."""
        return self._json("POST", self.url(phone_number_id, "messages"), body)

    def media_get(self, media_id: str, *, max_bytes: int) -> tuple[dict[str, Any], bytes]:
        """The media's description (url, mime_type, sha256, file_size) and its bytes.

        The download URL Meta returns is short-lived and needs the same bearer token."""
        info = self._json("GET", self.url(media_id), None)
        url = info.get("url")
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise SendFailed(
                f"De Graph API gaf geen download-URL voor media {media_id}.", permanent=True
            )
        # The scheme is checked above and in for_account: never file: or a custom scheme.
        request = urllib.request.Request(url, headers=self._headers(), method="GET")  # noqa: S310
        return info, self._read(request, max_bytes=max_bytes)

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}", "Accept": "application/json"}

    def _json(self, method: str, url: str, body: dict[str, Any] | None) -> dict[str, Any]:
        headers = self._headers()
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310
        content = self._read(request, max_bytes=1_000_000)
        try:
            answer = json.loads(content)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SendFailed(f"De Graph API gaf geen JSON terug ({exc}).") from exc
        if not isinstance(answer, dict):
            raise SendFailed("De Graph API gaf geen JSON-object terug.")
        return answer

    def _read(self, request: urllib.request.Request, *, max_bytes: int) -> bytes:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                content: bytes = response.read(max_bytes + 1)
        except urllib.error.HTTPError as exc:
            raise _refused(exc) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SendFailed(f"De Graph API is niet bereikbaar: {exc}") from exc
        if len(content) > max_bytes:
            raise TooLarge(f"Het antwoord is groter dan {max_bytes} bytes.", permanent=True)
        return content


def _refused(error: urllib.error.HTTPError) -> SendFailed:
    """Meta's error body ``{"error": {"message", "code", "error_data": {"details"}}}`` as text."""
    try:
        detail = json.loads(error.read(64_000) or b"{}").get("error") or {}
    except (ValueError, AttributeError, OSError):
        detail = {}
    if not isinstance(detail, dict):
        detail = {}
    parts = [f"HTTP {error.code}"]
    if detail.get("code"):
        parts.append(f"code {detail['code']}")
    message = detail.get("message") or error.reason
    details = (
        (detail.get("error_data") or {}).get("details")
        if isinstance(detail.get("error_data"), dict)
        else ""
    )
    text = ", ".join(parts) + f": {message}" + (f" ({details})" if details else "")
    permanent = 400 <= error.code < 500 and error.code not in _RETRYABLE
    logger.warning("graph api refused", extra={"status": error.code, "code": detail.get("code")})
    return SendFailed(f"De Graph API weigerde: {text}", permanent=permanent)
