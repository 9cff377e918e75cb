"""The bytes on the wire: Notificaties API bodies, CloudEvents, signatures, back-off (issue 4).

Pure functions over values, tested without the database. A body is rendered from the stored
notification the same way on every attempt, so a retry carries the same bytes and the same
signature as the first try.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

SIGNATURE_HEADER = "X-Klantbeeld-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
CLOUDEVENTS_CONTENT_TYPE = "application/cloudevents+json"
JSON_CONTENT_TYPE = "application/json"
CLOUDEVENTS_TYPE_PREFIX = "nl.klantbeeld"


@dataclass(frozen=True)
class Event:
    """What happened, with absolute URLs already resolved."""

    id: UUID
    kanaal: str
    resource: str
    resource_url: str
    main_url: str
    action: str
    created_at: datetime
    kenmerken: dict[str, str]


def timestamp(moment: datetime) -> str:
    """RFC 3339 in UTC with a ``Z``, as both the Notificaties API and CloudEvents expect."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def notificaties_body(event: Event) -> dict[str, Any]:
    """The Notificaties API ``Notificatie`` (kanaal, hoofdObject, resource, resourceUrl, …)."""
    return {
        "kanaal": event.kanaal,
        "hoofdObject": event.main_url,
        "resource": event.resource,
        "resourceUrl": event.resource_url,
        "actie": event.action,
        "aanmaakdatum": timestamp(event.created_at),
        "kenmerken": event.kenmerken,
    }


def cloudevent(event: Event, *, source: str) -> dict[str, Any]:
    """A CloudEvents 1.0 structured-mode event, NL GOV profile: reverse-DNS ``type``, the
    resource uuid as ``subject`` (no personal data), the Notificaties body as ``data``."""
    return {
        "specversion": "1.0",
        "type": f"{CLOUDEVENTS_TYPE_PREFIX}.{event.kanaal}.{event.action}",
        "source": source,
        "id": str(event.id),
        "time": timestamp(event.created_at),
        "subject": event.resource_url.rstrip("/").rsplit("/", 1)[-1],
        "datacontenttype": JSON_CONTENT_TYPE,
        "data": notificaties_body(event),
    }


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def signature(body: bytes, secret: str) -> str:
    """``sha256=<hex>``: HMAC-SHA256 of the exact body bytes, keyed with the subscription's
    secret. A receiver recomputes it over the raw body and compares in constant time."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def retry_delay(attempts: int, *, base_seconds: int, cap_seconds: int, jitter: float) -> timedelta:
    """Exponential back-off after ``attempts`` failed tries: base × 2^(attempts − 1), capped,
    then spread by ``jitter`` (a factor around 1, e.g. 0.8–1.2) so that receivers coming back
    from an outage are not hit by every retry at the same second."""
    exponent = max(attempts - 1, 0)
    seconds = min(base_seconds * 2**exponent, cap_seconds)
    return timedelta(seconds=seconds * jitter)
