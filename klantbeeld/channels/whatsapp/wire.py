"""The Cloud API webhook on the wire: signature, JSON shape, messages and statuses (WA-01, WA-02).

Pure functions over bytes and dicts, no database. One webhook may carry several entries, each
with several changes; a change for our number (``value.metadata.phone_number_id``) holds
``messages`` from customers and ``statuses`` of messages we sent. Each becomes its own
:class:`~klantbeeld.channels.intake.Incoming`, with the channel's own id as ``external_id``
(the ``wamid``; a status adds ``:<status>``, because "sent", "delivered" and "read" of one
message are three separate reports).

Rules owned here:

- the signature is HMAC-SHA256 of the raw body with the app secret, in
  ``X-Hub-Signature-256: sha256=<hex>``, compared in constant time;
- ``from`` (a ``wa_id`` such as ``31612345678``) becomes E.164 (``+31612345678``) so that it
  matches a party's stored phone or WhatsApp number;
- which message types become text (:data:`SUPPORTED_TYPES`); any other type is stored as it
  came and put in quarantine by the adapter, so a later version can re-process it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from klantbeeld.channels.constants import InboundKind
from klantbeeld.channels.intake import Incoming
from klantbeeld.core.constants import Channel

OBJECT = "whatsapp_business_account"
SIGNATURE_HEADER = "X-Hub-Signature-256"
SIGNATURE_PREFIX = "sha256="
MEDIA_TYPES = ("image", "document")
# Audio, video and stickers are not among the attachment types the timeline keeps (PDF, JPG,
# PNG, text); they go to quarantine with the reason instead of being half-stored.
SUPPORTED_TYPES = ("text", "location", *MEDIA_TYPES)
STATUSES = ("sent", "delivered", "read", "failed")

_PHONE_NUMBER_ID = re.compile(rb'"phone_number_id"\s*:\s*"(\d{1,40})"')


class WireError(Exception):
    """The body is not a Cloud API webhook (not JSON, or not the shape Meta sends)."""


@dataclass(frozen=True)
class Change:
    """One ``entry[].changes[]`` item: what happened at one of our WhatsApp numbers."""

    phone_number_id: str
    subscribed_field: str  # Meta's ``field``: "messages" for messages and statuses
    value: dict[str, Any]
    incoming: list[Incoming] = field(default_factory=list)


def signature_valid(raw: bytes, header: str | None, app_secret: str) -> bool:
    """Whether Meta signed exactly these bytes with this app's secret."""
    if not header or not app_secret or not header.startswith(SIGNATURE_PREFIX):
        return False
    expected = hmac.new(app_secret.encode(), raw, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len(SIGNATURE_PREFIX) :].strip().lower())


def signature_of(raw: bytes, app_secret: str) -> str:
    """The header value Meta would send for ``raw`` (for the fake Graph API and the tests)."""
    return SIGNATURE_PREFIX + hmac.new(app_secret.encode(), raw, hashlib.sha256).hexdigest()


def phone_number_id_sniff(raw: bytes) -> str:
    """The first business number id in a body we cannot parse (too large, broken JSON)."""
    found = _PHONE_NUMBER_ID.search(raw[:1_000_000])
    return found.group(1).decode() if found else ""


def e164(wa_id: object) -> str:
    """``31612345678`` → ``+31612345678``; WhatsApp ids are the number without the plus."""
    digits = re.sub(r"\D", "", str(wa_id or ""))
    return f"+{digits}" if digits else ""


def payload_parse(raw: bytes) -> dict[str, Any]:
    """The webhook as a dict, or :class:`WireError` saying what is wrong with it."""
    try:
        payload = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WireError(f"Geen geldige JSON: {exc}") from exc
    if not isinstance(payload, dict):
        raise WireError("De inhoud is geen JSON-object.")
    if payload.get("object") != OBJECT:
        raise WireError(f"Onbekend object {str(payload.get('object'))[:60]!r}.")
    if not isinstance(payload.get("entry"), list):
        raise WireError("Het veld 'entry' ontbreekt of is geen lijst.")
    return payload


def changes_read(payload: dict[str, Any]) -> list[Change]:
    """Every change in the webhook, with its messages and statuses read into ``Incoming``."""
    changes: list[Change] = []
    for entry in payload["entry"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("changes", []), list):
            raise WireError("Een 'entry' heeft niet de vorm van de Cloud API.")
        for change in entry.get("changes", []):
            value = change.get("value") if isinstance(change, dict) else None
            if not isinstance(value, dict):
                raise WireError("Een 'change' zonder 'value'.")
            metadata = value.get("metadata") or {}
            number_id = (
                str(metadata.get("phone_number_id", "")) if isinstance(metadata, dict) else ""
            )
            kind = str(change.get("field", "messages"))
            incoming = _value_read(number_id, value) if kind == "messages" else []
            changes.append(Change(number_id, kind, value, incoming))
    return changes


def _value_read(number_id: str, value: dict[str, Any]) -> list[Incoming]:
    messages = _list_of_dicts(value, "messages")
    statuses = _list_of_dicts(value, "statuses")
    names = {
        str(contact.get("wa_id", "")): str((contact.get("profile") or {}).get("name", ""))
        for contact in _list_of_dicts(value, "contacts")
    }
    read = [_message_read(number_id, message, names) for message in messages]
    return read + [_status_read(number_id, status) for status in statuses]


def _list_of_dicts(value: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = value.get(key, [])
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise WireError(f"Het veld '{key}' is geen lijst van objecten.")
    return items


def _message_read(number_id: str, message: dict[str, Any], names: dict[str, str]) -> Incoming:
    wamid = message.get("id")
    if not isinstance(wamid, str) or not wamid:
        raise WireError("Een bericht zonder 'id'.")
    sender = str(message.get("from", ""))
    context = message.get("context") if isinstance(message.get("context"), dict) else {}
    replied_to = str(context.get("id", "")) if context else ""
    return Incoming(
        channel=Channel.WHATSAPP,
        external_id=wamid,
        kind=InboundKind.MESSAGE,
        sender_address=e164(sender),
        sender_name=names.get(sender) or next(iter(names.values()), ""),
        body=message_text(message) or "",
        sent_at=timestamp(message.get("timestamp")),
        references=[replied_to] if replied_to else [],
        payload={"phone_number_id": number_id, "message": message},
    )


def _status_read(number_id: str, status: dict[str, Any]) -> Incoming:
    wamid, state = status.get("id"), status.get("status")
    if not isinstance(wamid, str) or not wamid or not isinstance(state, str) or not state:
        raise WireError("Een statusmelding zonder 'id' of 'status'.")
    return Incoming(
        channel=Channel.WHATSAPP,
        external_id=f"{wamid}:{state}",
        kind=InboundKind.STATUS,
        sender_address=e164(status.get("recipient_id")),
        sent_at=timestamp(status.get("timestamp")),
        payload={"phone_number_id": number_id, "status": status},
    )


def message_text(message: dict[str, Any]) -> str | None:
    """The text a person reads for this message; None for a type we do not handle."""
    kind = message.get("type")
    part = message.get(kind) if isinstance(kind, str) else None
    if not isinstance(part, dict):
        return None
    if kind == "text":
        return str(part.get("body", ""))
    if kind == "image":
        return str(part.get("caption") or "Foto")
    if kind == "document":
        name = str(part.get("filename") or "document")
        caption = str(part.get("caption") or "")
        return f"{caption}\n\nDocument: {name}" if caption else f"Document: {name}"
    if kind == "location":
        return location_text(part)
    return None


def location_text(location: dict[str, Any]) -> str:
    """``Locatie: Stationsplein 1, Dommelstad (52.0907, 5.1214)`` — what was shared, readable."""
    place = ", ".join(str(location[key]) for key in ("name", "address") if location.get(key))
    point = f"({location.get('latitude')}, {location.get('longitude')})"
    return f"Locatie: {place} {point}" if place else f"Locatie: {point}"


def timestamp(value: object) -> datetime | None:
    """A Cloud API timestamp (seconds since the epoch, as a string) as an aware datetime."""
    try:
        return datetime.fromtimestamp(int(str(value)), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None
