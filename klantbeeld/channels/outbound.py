"""Replies from one composer, in the customer's channel or another (issue 5; CH-09, AR-18).

:func:`reply_send` writes the reply as an outbound contact moment in the conversation and an
:class:`OutboundMessage`, in one transaction; delivery through the channel's adapter happens
after the commit (inline in simple installations, else by ``klantbeeld channels work``). A channel
that is down makes the delivery wait and retry; it never loses the reply or blocks the
employee.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Value, When

from klantbeeld.channels.adapters import SendFailed, adapter_for
from klantbeeld.channels.constants import InboundKind, OutboundStatus
from klantbeeld.channels.models import ChannelAccount, InboundMessage, OutboundMessage
from klantbeeld.contacts.models import Actor, ContactMoment, Conversation
from klantbeeld.contacts.services import ChannelMessageInput, channel_message_register
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.parties.constants import DigitalAddressKind
from klantbeeld.parties.models import DigitalAddress
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.routing.models import WorkItem
from klantbeeld.routing.services import (
    Worker,
    item_open_check,
    may_work_on,
    work_item_replied,
)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
REPLY_CHANNELS = (Channel.EMAIL, Channel.WHATSAPP, Channel.WEB_CHAT, Channel.LETTER)
_ADDRESS_KINDS: dict[str, tuple[str, ...]] = {
    Channel.EMAIL: (DigitalAddressKind.EMAIL,),
    Channel.WHATSAPP: (DigitalAddressKind.WHATSAPP, DigitalAddressKind.PHONE),
}


@dataclass(frozen=True)
class Reply:
    channel: str
    body: str
    subject: str = ""
    to_address: str = ""  # empty: the customer's address in that channel
    waiting_for_customer: bool = True
    details: dict[str, object] = field(default_factory=dict)


def reply_address(conversation: Conversation, channel: str) -> str:
    """Where a reply in ``channel`` goes: the address the customer last wrote from in that
    channel in this conversation, else the customer's own (verified first) address."""
    last = _last_inbound(conversation, channel)
    if last is not None:
        return last.session_key if channel == Channel.WEB_CHAT else last.sender_address
    if conversation.party_id is None or channel not in _ADDRESS_KINDS:
        return ""
    addresses = DigitalAddress.objects.filter(
        party_id=conversation.party_id, kind__in=_ADDRESS_KINDS[channel]
    ).order_by("-is_default", "-created_at")
    address = addresses.exclude(verified_at=None).first() or addresses.first()
    return address.value if address else ""


def _last_inbound(conversation: Conversation, channel: str) -> InboundMessage | None:
    return (
        InboundMessage.objects.filter(
            conversation=conversation, channel=channel, kind=InboundKind.MESSAGE
        )
        .order_by("-received_at")
        .first()
    )


@transaction.atomic
def reply_send(*, worker: Worker, item: WorkItem, reply: Reply) -> OutboundMessage:
    """Answer the conversation of ``item`` in ``reply.channel``; returns the queued message."""
    may_work_on(worker, item)
    item_open_check(item)
    outbound = _reply_queue(
        accessor=worker.accessor,
        actor=worker.actor,
        conversation=item.conversation,
        channel_of_item=item.channel,
        reply=reply,
    )
    contact = outbound.contact_moment
    work_item_replied(
        worker=worker,
        item=item,
        at=contact.occurred_at if contact is not None else clock.now(),
        waiting=reply.waiting_for_customer,
    )
    return outbound


def automated_reply_send(
    *, accessor: Accessor, actor: Actor, item: WorkItem, reply: Reply
) -> OutboundMessage:
    """A reply written by an automated actor (the digital assistant) in the item's
    conversation: the same checks, contact moment and delivery as an employee's reply, but the
    work item stays as it is (the assistant does not take the item; issue 6)."""
    item_open_check(item)
    return _reply_queue(
        accessor=accessor,
        actor=actor,
        conversation=item.conversation,
        channel_of_item=item.channel,
        reply=reply,
    )


def _reply_queue(
    *,
    accessor: Accessor,
    actor: Actor,
    conversation: Conversation,
    channel_of_item: str,
    reply: Reply,
) -> OutboundMessage:
    if reply.channel not in REPLY_CHANNELS:
        raise ValidationError({"channel": "In dit kanaal kunt u niet schriftelijk antwoorden."})
    body = reply.body.strip()
    if not body:
        raise ValidationError({"body": "Schrijf eerst uw antwoord."})
    if conversation.party_id is None and reply.channel != channel_of_item:
        raise ValidationError(
            {"channel": "Bevestig eerst wie de klant is; tot dan antwoordt u in hetzelfde kanaal."}
        )
    to_address = reply.to_address.strip() or reply_address(conversation, reply.channel)
    if not to_address and reply.channel != Channel.LETTER:
        raise ValidationError(
            {"channel": "Van deze klant is in dit kanaal geen adres bekend. Kies een ander kanaal."}
        )
    account = ChannelAccount.objects.filter(
        provider_id=conversation.provider_id, channel=reply.channel, is_active=True
    ).first()
    if account is None and reply.channel != Channel.LETTER:
        raise ValidationError({"channel": "Dit kanaal is voor uw organisatie niet ingericht."})
    subject = reply.subject.strip() or _reply_subject(conversation)
    contact = channel_message_register(
        accessor=accessor,
        party=conversation.party,
        message=ChannelMessageInput(
            channel=reply.channel,
            direction=Direction.OUTBOUND,
            subject=subject,
            content=body,
            occurred_at=clock.now(),
        ),
        actor=actor,
        conversation=conversation,
    )
    outbound = OutboundMessage.objects.create(
        provider_id=conversation.provider_id,
        account=account,
        channel=reply.channel,
        party=conversation.party,
        conversation=conversation,
        contact_moment=contact,
        to_address=to_address,
        subject=subject,
        body=body,
        references=_references(conversation, reply.channel),
        details=dict(reply.details),
    )
    transaction.on_commit(lambda: delivery_start(outbound.pk))
    return outbound


def _reply_subject(conversation: Conversation) -> str:
    return f"Re: {conversation.subject}"[:200]


def _references(conversation: Conversation, channel: str) -> list[str]:
    """The ids the reply answers, so the customer's mail program threads it (RFC 5322)."""
    last = _last_inbound(conversation, channel)
    if last is None or channel != Channel.EMAIL:
        return []
    return [*[ref for ref in last.references if ref != last.external_id], last.external_id][-20:]


def delivery_start(outbound_id: int) -> None:
    """Deliver now in simple installations; else ``klantbeeld channels work`` picks it up."""
    if settings.KLANTBEELD_CHANNELS_INLINE:
        try:
            outbound_deliver_once(outbound_id)
        except Exception:
            logger.exception("inline delivery failed; the message waits for a worker")


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1, 2, 4 … minutes after the failed attempt."""
    return timedelta(seconds=30 * 2 ** max(attempts - 1, 0))


def outbound_deliver_once(outbound_id: int) -> str:
    """One delivery attempt, outside any transaction while the channel is called."""
    outbound = (
        OutboundMessage.objects.select_related("account", "provider", "conversation")
        .filter(pk=outbound_id, status=OutboundStatus.QUEUED)
        .first()
    )
    if outbound is None:
        return "not queued"
    adapter = adapter_for(outbound.channel)
    attempts = outbound.attempts + 1
    if adapter.send is None:
        _failed(outbound, attempts, "Dit kanaal kan niet verzenden.")
        return OutboundStatus.FAILED
    try:
        result = adapter.send(outbound)
    except SendFailed as exc:
        if exc.permanent or attempts >= MAX_ATTEMPTS:
            _failed(outbound, attempts, exc.detail)
            return OutboundStatus.FAILED
        OutboundMessage.objects.filter(pk=outbound.pk).update(
            attempts=attempts,
            error=exc.detail[:2000],
            next_attempt_at=clock.now() + retry_delay(attempts),
        )
        return OutboundStatus.QUEUED
    # A channel may report delivery (web chat) before this update runs: keep what it said.
    OutboundMessage.objects.filter(pk=outbound.pk, status=OutboundStatus.QUEUED).update(
        status=Case(
            When(read_at__isnull=False, then=Value(OutboundStatus.READ)),
            When(delivered_at__isnull=False, then=Value(OutboundStatus.DELIVERED)),
            default=Value(OutboundStatus.SENT),
        ),
        external_id=result.external_id[:255],
        details={**outbound.details, **result.details},
        attempts=attempts,
        error="",
        sent_at=clock.now(),
    )
    return OutboundStatus.SENT


def _failed(outbound: OutboundMessage, attempts: int, detail: str) -> None:
    logger.warning("outbound message failed", extra={"outbound_id": outbound.pk})
    OutboundMessage.objects.filter(pk=outbound.pk).update(
        status=OutboundStatus.FAILED, attempts=attempts, error=detail[:2000]
    )


def outbound_of_contact(contact: ContactMoment) -> OutboundMessage | None:
    return OutboundMessage.objects.filter(contact_moment=contact).first()
