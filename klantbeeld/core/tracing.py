"""W3C Trace Context: every request carries a trace id into the processing log.

An incoming ``traceparent`` header is honoured (so a chain of systems shares one trace, as the
Logboek Dataverwerkingen standard expects); otherwise a new trace id is made. Background work
opens its own trace with :func:`trace`.
"""

from __future__ import annotations

import contextvars
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.http import HttpRequest, HttpResponse

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("trace_id", default=None)


def new_trace_id() -> str:
    return secrets.token_hex(16)


def current_trace_id() -> str:
    """The trace id of the work in progress; outside any trace a fresh one per call."""
    return _current.get() or new_trace_id()


def trace_id_from_header(value: str | None) -> str | None:
    if not value:
        return None
    match = _TRACEPARENT.match(value.strip().lower())
    if not match or match.group(1) == "0" * 32:
        return None
    return match.group(1)


@contextmanager
def trace(trace_id: str | None = None) -> Iterator[str]:
    token = _current.set(trace_id or new_trace_id())
    try:
        yield _current.get() or ""
    finally:
        _current.reset(token)


class TraceContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        trace_id = trace_id_from_header(request.headers.get("traceparent"))
        with trace(trace_id) as active:
            response = self.get_response(request)
        response["traceparent"] = f"00-{active}-{secrets.token_hex(8)}-01"
        return response
