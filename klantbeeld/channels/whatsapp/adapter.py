"""WhatsApp on the shared inbound and outbound path (issue 5, "WhatsApp"; WA-01..WA-03, CH-09).

- ``prepare``: renders the text of a stored message again from its wire data and downloads a
  photo or document through the Graph API into an :class:`InboundFile` (inside processing, so
  the webhook stays fast). A type we do not handle, or a download that fails, raises
  :class:`Quarantine`: the message is kept with the reason and can be re-processed from admin
  (Meta keeps a media id for 30 days).
- ``apply_status``: a status report moves our :class:`OutboundMessage` forward, never back: a
  "delivered" that arrives after "read" fills in ``delivered_at`` and leaves it read.
- ``send``: free text inside the 24-hour service window, else the account's approved template
  with the text as its parameter; what was chosen goes into ``SendResult.details``.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.text import get_valid_filename

from klantbeeld.channels.adapters import (
    Adapter,
    Quarantine,
    SendFailed,
    SendResult,
    adapter_register,
)
from klantbeeld.channels.constants import OutboundStatus, QuarantineReason
from klantbeeld.channels.models import ChannelAccount, InboundFile, InboundMessage, OutboundMessage
from klantbeeld.channels.whatsapp import wire
from klantbeeld.channels.whatsapp.accounts import account_for_number, account_for_provider
from klantbeeld.channels.whatsapp.graph import Graph, TooLarge
from klantbeeld.channels.whatsapp.window import last_customer_message_at, window_open
from klantbeeld.core.constants import Channel
from klantbeeld.parties.constants import DigitalAddressKind

TEXT_MAX_CHARS = 4096  # Cloud API limit of a text message body
TEMPLATE_PARAMETER_MAX_CHARS = 1024
_ORDER: dict[str, int] = {
    OutboundStatus.QUEUED: 0,
    OutboundStatus.SENT: 1,
    OutboundStatus.DELIVERED: 2,
    OutboundStatus.READ: 3,
}


def message_prepare(message: InboundMessage) -> None:
    """Text and files of a customer's message, from the wire data stored with it."""
    wire_message = (message.payload or {}).get("message")
    if not isinstance(wire_message, dict):
        return  # stored by another path (demo, import) with its text already: nothing to do
    kind = str(wire_message.get("type", ""))
    text = wire.message_text(wire_message) if kind in wire.SUPPORTED_TYPES else None
    if text is None:
        raise Quarantine(QuarantineReason.UNKNOWN_MEDIA, _unsupported_detail(kind, wire_message))
    message.body = text
    if kind in wire.MEDIA_TYPES and not message.files.exists():
        _media_store(message, kind, wire_message[kind])


def _unsupported_detail(kind: str, wire_message: dict[str, Any]) -> str:
    errors = wire_message.get("errors")
    reason = ""
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        reason = f" ({errors[0].get('code', '')} {errors[0].get('title', '')})".rstrip()
    return f"WhatsApp-berichtsoort '{kind[:40]}' wordt niet verwerkt{reason}."


def _media_store(message: InboundMessage, kind: str, media: dict[str, Any]) -> InboundFile:
    media_id = str(media.get("id", ""))
    account = message.account or account_for_number(str(message.payload.get("phone_number_id", "")))
    if not media_id or account is None:
        raise Quarantine(
            QuarantineReason.MALFORMED, "Media zonder id of zonder bekend WhatsApp-account."
        )
    limit = settings.KLANTBEELD_INBOUND_MAX_BYTES
    try:
        info, content = Graph.for_account(account).media_get(media_id, max_bytes=limit)
    except TooLarge as exc:
        raise Quarantine(QuarantineReason.OVERSIZED, f"Media {media_id}: {exc.detail}") from exc
    except SendFailed as exc:
        raise Quarantine(
            QuarantineReason.PROCESSING_FAILED, f"Media {media_id} niet opgehaald: {exc.detail}"
        ) from exc
    expected = str(info.get("sha256", "")).lower()
    if re.fullmatch(r"[0-9a-f]{64}", expected) and hashlib.sha256(content).hexdigest() != expected:
        raise Quarantine(
            QuarantineReason.PROCESSING_FAILED, f"Media {media_id}: controlegetal klopt niet."
        )
    content_type = str(
        info.get("mime_type") or media.get("mime_type") or "application/octet-stream"
    )
    stored = InboundFile(
        message=message,
        name=_file_name(kind, media, media_id, content_type),
        content_type=content_type.split(";")[0][:100],
        size_bytes=len(content),
    )
    stored.file.save(stored.name[:100], ContentFile(content), save=False)
    stored.save()
    return stored


def _file_name(kind: str, media: dict[str, Any], media_id: str, content_type: str) -> str:
    given = str(media.get("filename") or "").replace("\\", "/").rsplit("/", 1)[-1]
    if kind == "document" and given:
        return get_valid_filename(given)[:255] or f"whatsapp-{media_id}"
    extension = mimetypes.guess_extension(content_type.split(";")[0].strip()) or ""
    return get_valid_filename(f"whatsapp-{kind}-{media_id}{extension}")[:255]


def status_apply(message: InboundMessage) -> None:
    """Move the outbound message this report is about forward (sent → delivered → read)."""
    report = (message.payload or {}).get("status")
    if not isinstance(report, dict):
        raise Quarantine(
            QuarantineReason.MALFORMED, "De statusmelding bevat geen WhatsApp-gegevens."
        )
    wamid, state = str(report.get("id", "")), str(report.get("status", ""))
    if state not in wire.STATUSES:
        raise Quarantine(
            QuarantineReason.UNKNOWN_MEDIA, f"Onbekende WhatsApp-status '{state[:40]}'."
        )
    outbound = (
        OutboundMessage.objects.select_for_update()
        .filter(provider_id=message.provider_id, channel=Channel.WHATSAPP, external_id=wamid)
        .first()
    )
    if outbound is None:
        raise Quarantine(
            QuarantineReason.PROCESSING_FAILED,
            f"Geen uitgaand WhatsApp-bericht met id {wamid[:120]}.",
        )
    outbound_progress(outbound, state, message.sent_at or message.received_at, report.get("errors"))
    outbound.save(
        update_fields=["status", "sent_at", "delivered_at", "read_at", "error", "updated_at"]
    )


def outbound_progress(
    outbound: OutboundMessage, state: str, at: datetime, errors: object = None
) -> None:
    """Apply one reported state to ``outbound`` in memory; never backwards.

    Reports come out of order. Each fills in its own timestamp once; the status only moves up
    (a late "delivered" leaves "read"). "failed" wins over "sent" but not over "delivered" or
    "read" (another device of the customer did get it); a later "delivered" or "read" wins
    over "failed" for the same reason."""
    if state in ("sent", "delivered", "read"):
        outbound.sent_at = outbound.sent_at or at
    if state in ("delivered", "read"):
        outbound.delivered_at = outbound.delivered_at or at
    if state == "read":
        outbound.read_at = outbound.read_at or at
    if state == "failed":
        outbound.error = _error_text(errors)
        if outbound.status not in (OutboundStatus.DELIVERED, OutboundStatus.READ):
            outbound.status = OutboundStatus.FAILED
        return
    target = {"sent": OutboundStatus.SENT, "delivered": OutboundStatus.DELIVERED}.get(
        state, OutboundStatus.READ
    )
    if outbound.status == OutboundStatus.FAILED:
        if target != OutboundStatus.SENT:
            outbound.status = target
    elif _ORDER[target] > _ORDER.get(outbound.status, 0):
        outbound.status = target


def _error_text(errors: object) -> str:
    if not isinstance(errors, list) or not errors or not isinstance(errors[0], dict):
        return "WhatsApp meldt dat het bericht niet is afgeleverd."
    error = errors[0]
    details = (
        (error.get("error_data") or {}).get("details", "")
        if isinstance(error.get("error_data"), dict)
        else ""
    )
    text = f"{error.get('code', '')} {error.get('title') or error.get('message') or ''}".strip()
    return f"{text} ({details})" if details else text


def message_send(outbound: OutboundMessage) -> SendResult:
    """Send one reply; free text within the service window, the template outside it."""
    account = outbound.account or account_for_provider(outbound.provider_id)
    if account is None:
        raise SendFailed("Deze organisatie heeft geen actief WhatsApp-nummer.", permanent=True)
    address = wire.e164(outbound.to_address)
    if not address:
        raise SendFailed(
            "Geen telefoonnummer om het WhatsApp-bericht aan te sturen.", permanent=True
        )
    last = last_customer_message_at(account, address)
    if window_open(last):
        body, details = _text_body(outbound, address)
    else:
        body, details = _template_body(account, outbound, address)
    details["last_customer_message_at"] = last.isoformat() if last else None
    answer = Graph.for_account(account).message_send(account.address, body)
    sent = answer.get("messages")
    wamid = (
        sent[0].get("id") if isinstance(sent, list) and sent and isinstance(sent[0], dict) else None
    )
    if not isinstance(wamid, str) or not wamid:
        # Meta may have sent it: do not retry into a duplicate; a person checks.
        raise SendFailed("De Graph API gaf geen bericht-id terug.", permanent=True)
    return SendResult(external_id=wamid, details=details)


def _text_body(outbound: OutboundMessage, address: str) -> tuple[dict[str, Any], dict[str, object]]:
    if len(outbound.body) > TEXT_MAX_CHARS:
        raise SendFailed(
            f"Een WhatsApp-bericht mag hoogstens {TEXT_MAX_CHARS} tekens hebben.", permanent=True
        )
    body: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": address.lstrip("+"),
        "type": "text",
        "text": {"preview_url": False, "body": outbound.body},
    }
    replied = [ref for ref in outbound.references or [] if str(ref).startswith("wamid.")]
    if replied:
        body["context"] = {"message_id": replied[-1]}
    return body, {"mode": "text", "window_open": True}


def _template_body(
    account: ChannelAccount, outbound: OutboundMessage, address: str
) -> tuple[dict[str, Any], dict[str, object]]:
    name = str((account.settings or {}).get("template_name", ""))
    if not name:
        raise SendFailed(
            "Buiten het 24-uursvenster van WhatsApp mag alleen een goedgekeurde template; "
            "voor dit nummer is geen template_name ingesteld.",
            permanent=True,
        )
    language = str((account.settings or {}).get("template_language") or "nl")
    # Meta refuses template parameters with new lines, tabs or runs of spaces.
    parameter = " ".join(outbound.body.split())
    truncated = len(parameter) > TEMPLATE_PARAMETER_MAX_CHARS
    if truncated:
        parameter = parameter[: TEMPLATE_PARAMETER_MAX_CHARS - 1] + "…"
    body = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": address.lstrip("+"),
        "type": "template",
        "template": {
            "name": name,
            "language": {"code": language},
            "components": [{"type": "body", "parameters": [{"type": "text", "text": parameter}]}],
        },
    }
    details: dict[str, object] = {
        "mode": "template",
        "window_open": False,
        "template": name,
        "language": language,
        "truncated": truncated,
    }
    return body, details


adapter_register(
    Adapter(
        channel=Channel.WHATSAPP,
        address_kinds=(DigitalAddressKind.WHATSAPP, DigitalAddressKind.PHONE),
        prepare=message_prepare,
        apply_status=status_apply,
        send=message_send,
    )
)
