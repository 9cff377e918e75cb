"""One HTTP POST to a subscriber, with a time limit, never following redirects (issue 4).

The standard library's ``urllib`` is enough for a POST and adds no dependency. Redirects are
refused: a receiver that moved must be reconfigured, not followed blindly with a signed body.
The time limit applies to connecting and to each read (urllib's socket timeout).
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException
from typing import Any

ERROR_MAX_LENGTH = 500


@dataclass(frozen=True)
class Response:
    status_code: int | None
    duration_ms: int
    error: str

    @property
    def is_success(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib then raises HTTPError with the 3xx status


_opener = urllib.request.build_opener(_RefuseRedirects)


def post(url: str, *, body: bytes, headers: dict[str, str], timeout: float) -> Response:
    if not url.startswith(("http://", "https://")):
        return Response(None, 0, "Alleen http- en https-adressen worden aangeroepen.")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310  (scheme checked above)
    started = time.monotonic()
    status_code: int | None
    try:
        with _opener.open(request, timeout=timeout) as response:
            status_code, error = response.status, ""
    except urllib.error.HTTPError as exc:
        status_code, error = exc.code, f"HTTP {exc.code}"
        exc.close()
    except (urllib.error.URLError, HTTPException, OSError) as exc:
        status_code, error = None, _describe(exc)
    duration_ms = int((time.monotonic() - started) * 1000)
    return Response(status_code, duration_ms, error[:ERROR_MAX_LENGTH])


def _describe(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or exc
    return f"{type(reason).__name__}: {reason}"
