"""Messages in any channel as contact moments in one thread per question (issue 5; CH-05,
CH-09, AR-02).

The channels app calls these for every message that comes in or goes out. A message whose
sender is not yet certain is registered without a party: its conversation waits for an
employee to confirm who wrote it (:func:`conversation_party_set`), and only then joins the
customer's picture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from klantbeeld.contacts.constants import ConversationStatus, ParticipantRole
from klantbeeld.contacts.models import (
    Actor,
    ActorContactMoment,
    ContactMoment,
    Conversation,
    Participant,
)
from klantbeeld.contacts.services.guards import _ensure_own, _ensure_party, _not_in_future
from klantbeeld.contacts.services.moments import _participant_add
from klantbeeld.contacts.threading import conversation_for_message
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.core.errors import NotAccessible
from klantbeeld.core.memo import memoized
from klantbeeld.core.models import Provider, Topic
from klantbeeld.core.numbering import number_next
from klantbeeld.parties.models import Party
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.services import purpose_bound, purpose_check

_REPLY_PREFIX = re.compile(r"^\s*((re|aw|antw|fw|fwd|doorst|wg)\s*(\[\d+\])?\s*:\s*)+", re.I)


def subject_plain(subject: str) -> str:
    """The subject without reply and forward prefixes: 'RE: Antw: Aanslag' → 'Aanslag'."""
    return _REPLY_PREFIX.sub("", subject).strip()


@dataclass(frozen=True)
class ChannelMessageInput:
    channel: str
    direction: str
    subject: str
    content: str
    occurred_at: datetime
    sender_name: str = ""  # as the channel gave it, for a sender not yet known
    # False when the channel made the subject up (a call's "Gesprek afgebroken"): then the
    # message continues the latest open conversation like any message without a subject.
    subject_is_customers: bool = True
    topic: Topic | None = None
    summary: str = ""
    metadata: dict[str, object] = field(default_factory=dict)


@transaction.atomic
def channel_message_register(
    *,
    accessor: Accessor,
    party: Party | None,
    message: ChannelMessageInput,
    actor: Actor,
    conversation: Conversation | None = None,
) -> ContactMoment:
    """Register one message as a contact moment, threaded into the conversation it continues.

    ``conversation`` is given when the channel itself says which one (an e-mail reply, a chat
    session); otherwise the customer's open conversation on the subject is continued, or a new
    one begins. Without a party the message opens (or continues) a conversation of its own."""
    purpose_check(accessor=accessor, activity=Activity.CONTACT_REGISTER)
    if party is not None:
        _ensure_party(accessor, party)
    _ensure_own(accessor.provider_id, topic=message.topic, actor=actor, conversation=conversation)
    own_subject = subject_plain(message.subject)[:200] if message.subject_is_customers else ""
    subject = subject_plain(message.subject)[:200] or _subject_from(message.content)
    if conversation is None and party is not None:
        conversation = conversation_for_message(
            party=party,
            topic=message.topic,
            subject=subject,
            at=message.occurred_at,
            has_own_subject=bool(own_subject),
        )
    if conversation is None:
        conversation = Conversation.objects.create(
            provider_id=accessor.provider_id,
            party=party,
            topic=message.topic,
            subject=subject,
            opened_at=message.occurred_at,
            last_activity_at=message.occurred_at,
        )
    else:
        _conversation_touch(conversation, message.occurred_at, party)
    contact = ContactMoment(
        provider_id=accessor.provider_id,
        number=number_next(_provider(accessor.provider_id), "contact"),
        channel=message.channel,
        direction=message.direction,
        topic=message.topic or conversation.topic,
        subject=subject,
        summary=message.summary[:1000],
        content=message.content,
        occurred_at=message.occurred_at,
        conversation=conversation,
        metadata=message.metadata,
        is_successful=True,
    )
    _fields_checked(message)
    contact.save()
    ActorContactMoment.objects.create(actor=actor, contact_moment=contact)
    is_initiator = message.direction == Direction.INBOUND
    if party is not None:
        _participant_add(contact, party, is_initiator=is_initiator)
    else:
        given, _, surname = message.sender_name.strip().partition(" ")
        Participant.objects.create(
            contact_moment=contact,
            role=ParticipantRole.CUSTOMER,
            is_initiator=is_initiator,
            given_name=given[:200],
            surname=surname[:200],
        )
    if party is not None:
        purpose_bound(
            accessor=accessor,
            activity=Activity.CONTACT_REGISTER,
            operation=Operation.CREATE,
            subjects=[party.uuid],
        )
    return contact


def _provider(provider_id: int) -> Provider:
    return memoized(("core.provider", provider_id), lambda: Provider.objects.get(pk=provider_id))


def _fields_checked(message: ChannelMessageInput) -> None:
    """The checks a full_clean would do that can fail here, without its queries (this runs
    for every message of every channel)."""
    if message.channel not in Channel.values:
        raise ValidationError({"channel": f"Onbekend kanaal: {message.channel}."})
    if message.direction not in Direction.values:
        raise ValidationError({"direction": f"Onbekende richting: {message.direction}."})
    _not_in_future("occurred_at", message.occurred_at)


def _subject_from(content: str) -> str:
    """A subject for a message that has none (WhatsApp, chat): its first words."""
    words = " ".join(content.split())
    if len(words) <= 60:
        return words or "Bericht zonder tekst"
    return words[:57].rsplit(" ", 1)[0] + "…"


def _conversation_touch(conversation: Conversation, at: datetime, party: Party | None) -> None:
    changed = []
    if at > conversation.last_activity_at:
        conversation.last_activity_at = at
        changed.append("last_activity_at")
    if conversation.status != ConversationStatus.OPEN:
        # The customer writes again about the same question: it is open again (CH-05).
        conversation.status = ConversationStatus.OPEN
        conversation.closed_at = None
        changed += ["status", "closed_at"]
    if party is not None and conversation.party_id is None:
        conversation.party = party
        changed.append("party")
    if changed:
        conversation.save(update_fields=[*changed, "updated_at"])


@transaction.atomic
def conversation_party_set(
    *, accessor: Accessor, conversation: Conversation, party: Party
) -> Conversation:
    """An employee confirmed who wrote: the conversation and its contacts join this party."""
    purpose_check(accessor=accessor, activity=Activity.CONTACT_REGISTER)
    _ensure_party(accessor, party)
    if conversation.provider_id != accessor.provider_id:
        raise NotAccessible("Dit gesprek is niet gevonden.")
    conversation.party = party
    conversation.save(update_fields=["party", "updated_at"])
    participants = Participant.objects.filter(
        contact_moment__conversation=conversation, party__isnull=True
    )
    participants.update(
        party=party,
        initials=party.initials,
        given_name=party.given_names,
        surname_prefix=party.surname_prefix,
        surname=party.surname,
        organisation_name=party.organisation_name,
    )
    purpose_bound(
        accessor=accessor,
        activity=Activity.CONTACT_REGISTER,
        operation=Operation.UPDATE,
        subjects=[party.uuid],
    )
    return conversation
