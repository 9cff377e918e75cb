"""A claimed batch of inbound messages, processed set-based (issue 5, item 1; ADR 0008).

The per-message path (``pipeline.inbound_process``) stays the reference; this module does
exactly what it does for the common case — a text message by WhatsApp or a parsed e-mail —
but for many messages at once: what the messages need is read with one query per kind (the
senders' addresses and parties, the outbound messages they answer, the customers' open
conversations and the open work items), every message is planned in memory in the order it
came (so a second message of the same customer continues what the first opened), and the
rows are written with a few multi-row statements, contact numbers as one block.

Anything else takes the per-message path in the same transaction, in its place in the order:
a status report, an event, a letter, a message with files, a session, a logged-in sender, a
restricted customer, or a message the plan refuses (its checks run before anything of it is
kept in memory). That path also puts a broken message in quarantine without losing the rest.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from django.db import DatabaseError, transaction
from django.db.models.signals import post_save

from klantbeeld.channels.adapters import adapter_for
from klantbeeld.channels.constants import IdentityStatus, InboundKind, InboundStatus
from klantbeeld.channels.identity import (
    AddressHolder,
    MessageIdentity,
    address_holders,
    intake_accessor,
    intake_actor,
    message_sender_resolve,
    sender_lookup,
    verified_holder,
)
from klantbeeld.channels.models import InboundFile, InboundMessage, OutboundMessage
from klantbeeld.channels.pipeline import _occurred_at, contact_input, inbound_process
from klantbeeld.channels.responder import responder_after_commit
from klantbeeld.contacts.models import ContactMoment, Conversation
from klantbeeld.contacts.services.inbound import ChannelMessageBatch
from klantbeeld.core import clock
from klantbeeld.core.bulk import rows_update
from klantbeeld.core.constants import Channel
from klantbeeld.events.constants import Kanaal
from klantbeeld.events.selectors import subscriptions_following
from klantbeeld.parties.models import Party
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.services import processing_log_write, restricted_subjects
from klantbeeld.routing.intake import RoutingBatch
from klantbeeld.routing.services import queue_for
from klantbeeld.routing.triage import Triage, triage_run

logger = logging.getLogger(__name__)

# The channels whose plain messages the batch takes; the rest go one by one.
BATCH_CHANNELS = frozenset({Channel.WHATSAPP, Channel.EMAIL})
_MEDIA_TYPES = frozenset({"image", "document"})
_WRITTEN_FIELDS = (
    "body",
    "attempts",
    "party",
    "identity",
    "candidates",
    "contact_moment",
    "conversation",
    "status",
    "processed_at",
    "updated_at",
)


class _Refused(Exception):
    """The batch does not take this message: the per-message path does."""


@dataclass
class _Context:
    """What one run of messages shares: read once, before any message is planned."""

    contacts: ChannelMessageBatch
    routing: RoutingBatch
    holders: dict[str, list[AddressHolder]]
    parties: dict[int, Party]
    restricted: set[UUID]
    replied: dict[str, tuple[datetime, Conversation]]
    # Per message id: the address kinds that name its sender and its normalised address.
    lookups: dict[int, tuple[tuple[str, ...], str]]
    searched: list[UUID] = field(default_factory=list)


def inbound_batch_process(messages: Sequence[InboundMessage]) -> int:
    """Process claimed messages (locked, ``ontvangen``) in their order; returns how many
    ended ``verwerkt``. Runs inside the caller's transaction: all or nothing (ADR 0007)."""
    with_files = set(
        InboundFile.objects.filter(message_id__in=[m.pk for m in messages]).values_list(
            "message_id", flat=True
        )
    )
    pending = deque(messages)
    processed = 0
    while pending:
        run: list[InboundMessage] = []
        while pending and _takes(pending[0], with_files, run):
            run.append(pending.popleft())
        if run:
            planned = _run_process(run)
            processed += planned
            if planned == len(run):
                continue
            pending.extendleft(reversed(run[planned:]))
        # The first of what is left goes one by one (refused by the batch, or never fit).
        message = pending.popleft()
        processed += inbound_process(message.pk) == InboundStatus.PROCESSED
    return processed


def _takes(message: InboundMessage, with_files: set[int], run: list[InboundMessage]) -> bool:
    """Whether the batch takes this message (a plain text in a channel it knows)."""
    if run and message.provider_id != run[0].provider_id:
        return False
    if (
        message.status != InboundStatus.RECEIVED
        or message.kind != InboundKind.MESSAGE
        or message.channel not in BATCH_CHANNELS
        or message.pk in with_files
        or message.session_key
        or message.authenticated_party_id is not None
    ):
        return False
    payload = message.payload if isinstance(message.payload, dict) else {}
    if message.channel == Channel.WHATSAPP:
        wire_message = payload.get("message")
        return not isinstance(wire_message, dict) or wire_message.get("type") not in _MEDIA_TYPES
    details = payload.get("email")
    return (
        isinstance(details, dict) and bool(details.get("parsed")) and not details.get("truncated")
    )


class _PlanBroken(Exception):
    """Planning failed after a message's checks had passed: the run's plan is not whole."""


def _run_process(run: list[InboundMessage]) -> int:
    """Plan the run's messages in order until one is refused; write what was planned.
    Returns how many were processed (the refused one is next in line). A failure past a
    message's checks (a defect, not the message) drops the run's plan and its writes (one
    savepoint per run): then the first message goes one by one and the batch resumes."""
    # Read (and made: the intake actor, a first queue) before the savepoint, so that what the
    # batch memoizes never points at a row the savepoint rolls back.
    context = _context(run)
    try:
        with transaction.atomic():
            return _run_planned(context, run)
    except _PlanBroken:
        logger.exception("planning a batch failed; one by one", extra={"count": len(run)})
        for message in run:
            message.refresh_from_db()  # what planning changed in memory goes with the plan
        return 0


def _run_planned(context: _Context, run: list[InboundMessage]) -> int:
    done: list[InboundMessage] = []
    for message in run:
        try:
            _plan(context, message)
        except (DatabaseError, _PlanBroken):
            raise
        except Exception:  # the per-message path gives the message its verdict
            break
        done.append(message)
    if done:
        _write(context, done)
    return len(done)


def _context(run: list[InboundMessage]) -> _Context:
    provider = run[0].provider
    accessor = intake_accessor(provider)
    lookups = {m.pk: sender_lookup(m, adapter_for(m.channel).address_kinds) for m in run}
    holders = address_holders(provider.pk, {address for _, address in lookups.values() if address})
    replied = _conversations_replied(provider.pk, run)
    verified = {
        party_id
        for message in run
        for kinds, address in [lookups[message.pk]]
        if address
        for party_id in [verified_holder(holders.get(address, []), kinds)]
        if party_id is not None
    }
    parties = Party.objects.in_bulk(verified)
    for _, conversation in replied.values():
        if conversation.party is not None:
            parties.setdefault(conversation.party.pk, conversation.party)
    restricted = restricted_subjects(provider.pk, [party.uuid for party in parties.values()])
    contacts = ChannelMessageBatch(
        accessor=accessor,
        actor=intake_actor(provider),
        since=min(_occurred_at(message) for message in run),
    )
    contacts.conversations_load(party_ids=parties, named=[c for _, c in replied.values()])
    routing = RoutingBatch(provider_id=provider.pk, conversation_ids=contacts.conversation_ids())
    queue_for(provider.pk, run[0].channel, None)  # an organisation's first queue, made here
    return _Context(contacts, routing, holders, parties, restricted, replied, lookups)


def _conversations_replied(
    provider_id: int, run: list[InboundMessage]
) -> dict[str, tuple[datetime, Conversation]]:
    """Per message id of ours that a message of the run answers: when we sent it (created)
    and its conversation."""
    references = {ref for message in run for ref in (message.references or [])}
    if not references:
        return {}
    found = (
        OutboundMessage.objects.filter(
            provider_id=provider_id, external_id__in=references, conversation__isnull=False
        )
        .select_related("conversation__party")
        .order_by("created_at")
    )
    replied: dict[str, tuple[datetime, Conversation]] = {}
    for outbound in found:
        assert outbound.conversation is not None  # noqa: S101 (filtered above)
        replied[outbound.external_id] = (outbound.created_at, outbound.conversation)
    return replied


def _plan(context: _Context, message: InboundMessage) -> None:
    """One message: every check first, then its rows in memory."""
    adapter = adapter_for(message.channel)
    if adapter.prepare is not None:
        adapter.prepare(message)  # no database work for the messages the batch takes
    triage = triage_run(message)
    conversation = _conversation_named(context, message)
    identity = _identity(context, message, adapter.address_kinds, conversation)
    party = identity.party
    if party is not None and party.uuid in context.restricted:
        raise _Refused("restricted")  # the per-message path refuses it with the reason
    new_contact = contact_input(message, triage)
    context.contacts.checked(party=party, message=new_contact)
    identity = _resolved(context, message, adapter.address_kinds, conversation, identity)
    try:
        contact = context.contacts.add(
            party=identity.party, message=new_contact, conversation=conversation
        )
        message.attempts += 1
        message.party = identity.party
        message.identity = identity.status
        message.candidates = [candidate.as_json() for candidate in identity.candidates]
        message.contact_moment = contact
        message.conversation = contact.conversation
        _route(context, message, contact, triage)
    except Exception as exc:
        raise _PlanBroken(str(exc)) from exc


def _route(
    context: _Context, message: InboundMessage, contact: ContactMoment, triage: Triage | None
) -> None:
    context.routing.add(
        contact_moment=contact,
        channel=message.channel,
        triage=triage,
        identity_pending=message.party is None,
        candidates=message.candidates,
    )


def _conversation_named(context: _Context, message: InboundMessage) -> Conversation | None:
    """pipeline._conversation_named from what the batch read: the newest of our messages
    this one answers (sessions never reach the batch)."""
    found = [context.replied[ref] for ref in (message.references or []) if ref in context.replied]
    if not found:
        return None
    # The newest of our messages it answers, as pipeline._conversation_named orders them.
    return context.contacts.conversation(max(found, key=lambda pair: pair[0])[1])


_PENDING = MessageIdentity(None, "")


def _identity(
    context: _Context,
    message: InboundMessage,
    address_kinds: tuple[str, ...],
    conversation: Conversation | None,
) -> MessageIdentity:
    """Who wrote it, when that is certain from what the batch read; else still open."""
    if conversation is not None and conversation.party_id is not None:
        party = conversation.party
        return MessageIdentity(party, IdentityStatus.THREAD)
    kinds, address = context.lookups[message.pk]
    if address:
        party_id = verified_holder(context.holders.get(address, []), kinds)
        if party_id is not None:
            return MessageIdentity(context.parties[party_id], IdentityStatus.VERIFIED_ADDRESS)
    return _PENDING


def _resolved(
    context: _Context,
    message: InboundMessage,
    address_kinds: tuple[str, ...],
    conversation: Conversation | None,
    identity: MessageIdentity,
) -> MessageIdentity:
    """The identity, with the ranked candidates for a sender who is not certain (the last
    step that may fail: it writes its own processing-log records)."""
    if identity is not _PENDING:
        if identity.status == IdentityStatus.VERIFIED_ADDRESS:
            assert identity.party is not None  # noqa: S101 (verified means a party)
            context.searched.append(identity.party.uuid)  # logged as sender_resolve does
        return identity
    return message_sender_resolve(context.contacts.accessor, message, address_kinds, conversation)


def _published(moments: list[ContactMoment]) -> None:
    """Each new contact moment is published as its save would be (events app, issue 4):
    bulk_create sends no signals, so send them, unless nobody follows contact moments (then
    the receiver would do nothing but open a savepoint per moment)."""
    if not moments or not subscriptions_following(
        provider_id=moments[0].provider_id, kanaal=Kanaal.KLANTCONTACTEN
    ):
        return
    for contact in moments:
        post_save.send(sender=ContactMoment, instance=contact, created=True, raw=False)


def _write(context: _Context, done: list[InboundMessage]) -> None:
    if context.searched:
        processing_log_write(
            accessor=context.contacts.accessor,
            activity=Activity.CUSTOMER_SEARCH,
            operation=Operation.READ,
            subjects=context.searched,
        )
    moments = context.contacts.write()
    _published(moments)
    context.routing.write()
    now = clock.now()
    for message in done:
        message.status = InboundStatus.PROCESSED
        message.processed_at = now
        message.updated_at = now
    rows_update(InboundMessage, _WRITTEN_FIELDS, done)
    responder_after_commit([message.pk for message in done])
