"""The path every stored inbound message takes: prepare → resolve → thread → route (issue 5).

One message is processed in one transaction: its contact moment, its work item and its
status change commit together or not at all. A worker killed halfway leaves the message
``ontvangen`` and a later run does it once; a message already ``verwerkt`` is skipped. That is
the whole of "0 lost, 0 duplicated" (tested by killing a worker with SIGKILL).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from klantbeeld.channels.adapters import Quarantine, adapter_for
from klantbeeld.channels.constants import (
    InboundKind,
    InboundStatus,
    QuarantineReason,
)
from klantbeeld.channels.identity import intake_accessor, intake_actor, message_sender_resolve
from klantbeeld.channels.models import InboundMessage, OutboundMessage
from klantbeeld.channels.responder import responder_after_commit
from klantbeeld.contacts.models import Conversation
from klantbeeld.contacts.services import (
    ChannelMessageInput,
    attachment_add,
    channel_message_register,
)
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.routing.services import inbound_route
from klantbeeld.routing.triage import Triage, triage_run

logger = logging.getLogger(__name__)

# Channels in which the subject is the customer's own words; elsewhere the adapter made it up.
CUSTOMER_SUBJECT_CHANNELS = (Channel.EMAIL, Channel.LETTER)
PLAUSIBLE_DELAY = timedelta(days=7)
CLOCK_SKEW = timedelta(minutes=5)


def inbound_process(message_id: int) -> str:
    """Process one stored message once; returns its status afterwards ("" when not found).

    A database error (a lock, a lost connection) leaves the message waiting for the next
    run; anything the message itself causes puts it in quarantine with the reason."""
    try:
        with transaction.atomic():
            message = _claimed(message_id)
            if message is None:
                return ""
            if message.status != InboundStatus.RECEIVED:
                return message.status
            _process(message)
            if message.kind != InboundKind.STATUS:
                responder_after_commit([message.pk])
            return message.status
    except DatabaseError:
        raise
    except Quarantine as verdict:
        return _quarantined(message_id, verdict.reason, verdict.detail)
    except ValidationError as exc:
        return _quarantined(message_id, QuarantineReason.MALFORMED, "; ".join(exc.messages))
    except Exception as exc:
        logger.exception("processing an inbound message failed", extra={"message_id": message_id})
        return _quarantined(
            message_id, QuarantineReason.PROCESSING_FAILED, f"{type(exc).__name__}: {exc}"
        )


def _claimed(message_id: int) -> InboundMessage | None:
    query = InboundMessage.objects.select_related("provider", "authenticated_party")
    if connection.features.has_select_for_update_skip_locked:
        # Another worker busy with it: skip; it will be 'verwerkt' when we look again.
        # of=self: PostgreSQL cannot lock the nullable side of the joined party.
        query = query.select_for_update(skip_locked=True, of=("self",))
    return query.filter(pk=message_id).first()


def _quarantined(message_id: int, reason: str, detail: str) -> str:
    InboundMessage.objects.filter(pk=message_id, status=InboundStatus.RECEIVED).update(
        status=InboundStatus.QUARANTINED,
        quarantine_reason=reason,
        quarantine_detail=detail[:2000],
        processed_at=clock.now(),
    )
    logger.warning(
        "inbound message quarantined", extra={"message_id": message_id, "reason": reason}
    )
    return InboundStatus.QUARANTINED


def _process(message: InboundMessage) -> None:
    adapter = adapter_for(message.channel)
    message.attempts += 1
    if message.kind == InboundKind.STATUS:
        if adapter.apply_status is None:
            raise Quarantine(
                QuarantineReason.UNKNOWN_MEDIA, "Dit kanaal kent geen statusmeldingen."
            )
        adapter.apply_status(message)
        _done(message)
        return
    if message.kind == InboundKind.EVENT:
        if adapter.apply_event is None:
            raise Quarantine(QuarantineReason.UNKNOWN_MEDIA, "Dit kanaal kent geen gebeurtenissen.")
        if not adapter.apply_event(message):
            _done(message)
            return
    if adapter.prepare is not None:
        adapter.prepare(message)
    accessor = intake_accessor(message.provider)
    conversation = _conversation_named(message)
    resolution = message_sender_resolve(accessor, message, adapter.address_kinds, conversation)
    party = resolution.party
    triage = triage_run(message)
    contact = channel_message_register(
        accessor=accessor,
        party=party,
        message=contact_input(message, triage),
        actor=intake_actor(message.provider),
        conversation=conversation,
    )
    for stored in message.files.all():
        with stored.file.open("rb") as handle:
            content = handle.read()
        try:
            attachment_add(
                accessor=accessor, contact_moment=contact, name=stored.name, content=content
            )
        except ValidationError as exc:
            raise Quarantine(
                QuarantineReason.UNKNOWN_MEDIA, f"{stored.name}: {exc.messages[0]}"
            ) from exc
    message.party = party
    message.identity = resolution.status
    message.candidates = [candidate.as_json() for candidate in resolution.candidates]
    message.contact_moment = contact
    message.conversation = contact.conversation
    inbound_route(
        contact_moment=contact,
        channel=message.channel,
        triage=triage,
        identity_pending=party is None,
        candidates=message.candidates,
    )
    _done(message)


def contact_input(message: InboundMessage, triage: Triage | None) -> ChannelMessageInput:
    """The contact moment an inbound message becomes (both paths, per message and batch)."""
    return ChannelMessageInput(
        channel=message.channel,
        direction=Direction.INBOUND,
        subject=message.subject,
        subject_is_customers=message.channel in CUSTOMER_SUBJECT_CHANNELS,
        content=message.body,
        occurred_at=_occurred_at(message),
        sender_name=message.sender_name,
        topic=triage.topic if triage else None,
        metadata={"inbound_message": str(message.uuid)},
    )


def _occurred_at(message: InboundMessage) -> datetime:
    """When the customer sent it, as the channel says, unless that is implausible (a mail
    program's clock, a message held for weeks): then when we received it."""
    sent = message.sent_at
    if sent is None or not (
        message.received_at - PLAUSIBLE_DELAY <= sent <= message.received_at + CLOCK_SKEW
    ):
        return message.received_at
    return sent


def _conversation_named(message: InboundMessage) -> Conversation | None:
    """The conversation the channel itself points at: a reply to one of our messages, or the
    same session (web chat, a call back)."""
    if message.references:
        replied = (
            OutboundMessage.objects.filter(
                provider_id=message.provider_id,
                external_id__in=message.references,
                conversation__isnull=False,
            )
            .select_related("conversation")
            .order_by("-created_at")
            .first()
        )
        if replied is not None:
            return replied.conversation
    if message.session_key:
        earlier = (
            InboundMessage.objects.filter(
                provider_id=message.provider_id,
                channel=message.channel,
                session_key=message.session_key,
                conversation__isnull=False,
            )
            .exclude(pk=message.pk)
            .select_related("conversation")
            .order_by("-received_at")
            .first()
        )
        if earlier is not None:
            return earlier.conversation
    return None


def _done(message: InboundMessage) -> None:
    message.status = InboundStatus.PROCESSED
    message.processed_at = clock.now()
    message.save()
