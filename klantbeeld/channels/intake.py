"""Durable first: store every inbound message before the channel is acknowledged (issue 5,
items 1 and 2; CH-01, AR-01).

An adapter turns the channel's wire format into an :class:`Incoming` and calls
:func:`inbound_receive`. The row is unique on (organisation, channel, the channel's message
id), so a redelivered webhook or a re-polled mail returns the stored message and creates
nothing. What an adapter cannot read goes to :func:`inbound_quarantine` with the reason: kept,
visible and re-processable in admin, never dropped. Processing (``pipeline.py``) starts after
the commit: inline in the receiving process, or in ``klantbeeld channels work``.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.text import get_valid_filename

from klantbeeld.channels.constants import InboundKind, InboundStatus
from klantbeeld.channels.models import ChannelAccount, InboundFile, InboundMessage
from klantbeeld.core import clock
from klantbeeld.core.models import Provider
from klantbeeld.parties.models import Party

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IncomingFile:
    name: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class Incoming:
    """One message as an adapter read it from the wire."""

    channel: str
    external_id: str
    kind: str = InboundKind.MESSAGE
    sender_address: str = ""
    sender_name: str = ""
    subject: str = ""
    body: str = ""
    sent_at: datetime | None = None
    references: Sequence[str] = ()
    payload: dict[str, object] = field(default_factory=dict)
    raw: bytes | None = None
    files: Sequence[IncomingFile] = ()
    authenticated_party: Party | None = None
    session_key: str = ""
    account: ChannelAccount | None = None


@dataclass(frozen=True)
class Receipt:
    message: InboundMessage
    created: bool


def content_id(content: bytes) -> str:
    """An id for a message whose channel gave none (a scan, broken MIME): its content hash."""
    return "sha256:" + hashlib.sha256(content).hexdigest()


def inbound_receive(*, provider: Provider, incoming: Incoming) -> Receipt:
    """Store the message with its files, once. Safe to call again with the same message id."""
    if not incoming.external_id:
        raise ValueError("An inbound message needs the channel's message id or a content id.")
    # Insert first, look only when the unique key refuses: a redelivery is rare, and the
    # look-up before every insert cost a quarter of an acknowledgement (docs/benchmarks.md).
    try:
        with transaction.atomic():
            message = InboundMessage.objects.create(
                provider=provider,
                account=incoming.account,
                channel=incoming.channel,
                kind=incoming.kind,
                external_id=incoming.external_id[:255],
                received_at=clock.now(),
                sent_at=incoming.sent_at,
                sender_address=incoming.sender_address[:254],
                sender_name=incoming.sender_name[:200],
                subject=incoming.subject[:200],
                body=incoming.body,
                references=[ref[:255] for ref in incoming.references],
                payload=incoming.payload,
                raw=incoming.raw,
                authenticated_party=incoming.authenticated_party,
                session_key=incoming.session_key[:100],
            )
            for upload in incoming.files:
                inbound_file_store(message, upload)
            transaction.on_commit(lambda: processing_start(message.pk))
    except IntegrityError:
        # Stored before (a redelivered webhook, a re-polled mail) or by a request just now.
        existing = _existing(provider, incoming.channel, incoming.external_id)
        if existing is None:
            raise
        return Receipt(existing, created=False)
    return Receipt(message, created=True)


def _existing(provider: Provider, channel: str, external_id: str) -> InboundMessage | None:
    return InboundMessage.objects.filter(
        provider=provider, channel=channel, external_id=external_id[:255]
    ).first()


def inbound_file_store(message: InboundMessage, upload: IncomingFile) -> InboundFile:
    """Store one file of a message under a safe name (also when an adapter re-parses one)."""
    name = get_valid_filename(upload.name.replace("\\", "/").rsplit("/", 1)[-1]) or "bijlage"
    stored = InboundFile(
        message=message,
        name=name[:255],
        content_type=upload.content_type[:100],
        size_bytes=len(upload.content),
    )
    stored.file.save(name[:100], ContentFile(upload.content), save=False)
    stored.save()
    return stored


def inbound_quarantine(
    *,
    provider: Provider,
    channel: str,
    reason: str,
    detail: str,
    raw: bytes | None = None,
    payload: dict[str, object] | None = None,
    external_id: str = "",
    sender_address: str = "",
    account: ChannelAccount | None = None,
) -> InboundMessage:
    """Keep what could not be read, with the reason, for a person to look at (never drop)."""
    body = raw if raw is not None else json.dumps(payload or {}, sort_keys=True).encode()
    external_id = external_id or content_id(body)
    message, _ = InboundMessage.objects.get_or_create(
        provider=provider,
        channel=channel,
        external_id=external_id[:255],
        defaults={
            "account": account,
            "received_at": clock.now(),
            "status": InboundStatus.QUARANTINED,
            "quarantine_reason": reason,
            "quarantine_detail": detail[:2000],
            "raw": raw,
            "payload": payload or {},
            "sender_address": sender_address[:254],
        },
    )
    logger.warning(
        "inbound message quarantined",
        extra={"channel": channel, "reason": reason, "message_id": message.pk},
    )
    return message


def inbound_reprocess(message: InboundMessage) -> InboundMessage:
    """Put a quarantined message back on the path (admin action, after a fix or a new adapter).

    A message that could never be parsed stays quarantined: the pipeline puts it back with
    the same reason."""
    InboundMessage.objects.filter(pk=message.pk, status=InboundStatus.QUARANTINED).update(
        status=InboundStatus.RECEIVED, quarantine_reason="", quarantine_detail="", attempts=0
    )
    transaction.on_commit(lambda: processing_start(message.pk))
    message.refresh_from_db()
    return message


def processing_start(message_id: int) -> None:
    """Process right away when this installation processes inline; workers pick it up else.

    A failure here is not the sender's problem: the message is stored and the worker's sweep
    finds it."""
    if not settings.KLANTBEELD_CHANNELS_INLINE:
        return
    from klantbeeld.channels.pipeline import inbound_process

    try:
        inbound_process(message_id)
    except Exception:
        logger.exception("inline processing failed; the message waits for a worker")
