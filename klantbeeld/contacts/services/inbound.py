"""Messages in any channel as contact moments in one thread per question (issue 5; CH-05,
CH-09, AR-02).

The channels app calls these for every message that comes in or goes out. A message whose
sender is not yet certain is registered without a party: its conversation waits for an
employee to confirm who wrote it (:func:`conversation_party_set`), and only then joins the
customer's picture.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

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
from klantbeeld.contacts.services.moments import customer_participant
from klantbeeld.contacts.threading import (
    THREAD_IDLE_LIMIT,
    conversation_choose,
    conversation_for_message,
)
from klantbeeld.core import clock
from klantbeeld.core.bulk import rows_insert, rows_update
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.core.errors import NotAccessible
from klantbeeld.core.memo import memoized
from klantbeeld.core.models import Provider, Topic
from klantbeeld.core.numbering import number_next, numbers_reserve
from klantbeeld.parties.models import Party
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.services import processing_log_write, purpose_bound, purpose_check

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
    contact = _moment(accessor.provider_id, message, conversation, subject)
    contact.number = number_next(_provider(accessor.provider_id), "contact")
    _fields_checked(message)
    contact.save()
    ActorContactMoment.objects.create(actor=actor, contact_moment=contact)
    _participant(contact, party, message).save()
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


_CHANNELS = frozenset(Channel.values)
_DIRECTIONS = frozenset(Direction.values)


def _fields_checked(message: ChannelMessageInput) -> None:
    """The checks a full_clean would do that can fail here, without its queries (this runs
    for every message of every channel)."""
    if message.channel not in _CHANNELS:
        raise ValidationError({"channel": f"Onbekend kanaal: {message.channel}."})
    if message.direction not in _DIRECTIONS:
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


class ChannelMessageBatch:
    """:func:`channel_message_register` for a batch of messages, set-based (ADR 0008).

    The channels worker plans every message of a claimed batch in memory — its conversation
    chosen by the same rules (:func:`conversation_choose`) over the customers' conversations
    read once, including what earlier messages of the batch opened or moved — and then writes
    the conversations, contact moments (numbered as one block), actor links, participants and
    processing-log records with a few multi-row statements. The caller checks what can fail
    first (:meth:`checked`), so :meth:`add` never fails halfway through a message; it calls
    :meth:`write` once, inside its transaction."""

    def __init__(self, *, accessor: Accessor, actor: Actor, since: datetime) -> None:
        purpose_check(accessor=accessor, activity=Activity.CONTACT_REGISTER)
        self.accessor = accessor
        self.actor = actor
        self._since = since
        self._conversations: dict[int, Conversation] = {}
        self._by_party: dict[int, list[Conversation]] = {}
        self._loaded_parties: set[int] = set()
        self._new: list[Conversation] = []
        self._changed: dict[int, tuple[Conversation, set[str]]] = {}
        self._moments: list[ContactMoment] = []
        self._participants: list[Participant] = []
        self._subjects: list[UUID] = []

    def conversations_load(
        self, *, party_ids: Iterable[int], named: Iterable[Conversation] = ()
    ) -> None:
        """Read the conversations the batch may continue: those the channel named, and the
        open ones of these customers active since the batch's earliest message's window."""
        for conversation in named:
            self._register(conversation)
        wanted = set(party_ids) - self._loaded_parties
        if not wanted:
            return
        self._loaded_parties |= wanted
        for conversation in Conversation.objects.filter(
            provider_id=self.accessor.provider_id,
            party_id__in=wanted,
            status=ConversationStatus.OPEN,
            last_activity_at__gte=self._since - THREAD_IDLE_LIMIT,
        ):
            self._register(conversation)

    def conversation_ids(self) -> list[int]:
        return list(self._conversations)

    def conversation(self, conversation: Conversation) -> Conversation:
        """The batch's own copy of a conversation (one instance per row, kept current)."""
        return self._register(conversation)

    def _register(self, conversation: Conversation) -> Conversation:
        known = self._conversations.get(conversation.pk)
        if known is not None:
            return known
        self._conversations[conversation.pk] = conversation
        if conversation.party_id is not None:
            self._by_party.setdefault(conversation.party_id, []).append(conversation)
        return conversation

    def checked(self, *, party: Party | None, message: ChannelMessageInput) -> None:
        """What :func:`channel_message_register` would refuse, without changing anything."""
        if party is not None:
            _ensure_party(self.accessor, party)
        _ensure_own(self.accessor.provider_id, topic=message.topic, actor=self.actor)
        _fields_checked(message)

    def add(
        self,
        *,
        party: Party | None,
        message: ChannelMessageInput,
        conversation: Conversation | None = None,
    ) -> ContactMoment:
        own_subject = subject_plain(message.subject)[:200] if message.subject_is_customers else ""
        subject = subject_plain(message.subject)[:200] or _subject_from(message.content)
        if party is not None and party.pk not in self._loaded_parties:
            self.conversations_load(party_ids=[party.pk])
        if conversation is None and party is not None:
            conversation = conversation_choose(
                self._by_party.get(party.pk, []),
                topic_id=message.topic.pk if message.topic else None,
                subject=subject,
                at=message.occurred_at,
                has_own_subject=bool(own_subject),
            )
        if conversation is None:
            conversation = Conversation(
                provider_id=self.accessor.provider_id,
                party=party,
                topic=message.topic,
                subject=subject,
                opened_at=message.occurred_at,
                last_activity_at=message.occurred_at,
            )
            self._new.append(conversation)
            if party is not None:
                self._by_party.setdefault(party.pk, []).append(conversation)
        else:
            self._touch(conversation, message.occurred_at, party)
        contact = _moment(self.accessor.provider_id, message, conversation, subject)
        self._moments.append(contact)
        self._participants.append(_participant(contact, party, message))
        if party is not None:
            self._subjects.append(party.uuid)
        return contact

    def _touch(self, conversation: Conversation, at: datetime, party: Party | None) -> None:
        """:func:`_conversation_touch` in memory; the changed fields are written later."""
        changed = set()
        if at > conversation.last_activity_at:
            conversation.last_activity_at = at
            changed.add("last_activity_at")
        if conversation.status != ConversationStatus.OPEN:
            conversation.status = ConversationStatus.OPEN
            conversation.closed_at = None
            changed |= {"status", "closed_at"}
        if party is not None and conversation.party_id is None:
            conversation.party = party
            changed.add("party")
            self._by_party.setdefault(party.pk, []).append(conversation)
        if changed and conversation.pk is not None:
            _, before = self._changed.get(conversation.pk, (conversation, set()))
            self._changed[conversation.pk] = (conversation, before | changed)

    def write(self) -> list[ContactMoment]:
        """Insert and update what :meth:`add` planned; returns the saved contact moments."""
        if not self._moments:
            return []
        now = clock.now()
        Conversation.objects.bulk_create(self._new)
        # Rows that changed the same fields are written together, and only those fields: an
        # employee closing another conversation meanwhile is not overwritten.
        groups: dict[tuple[str, ...], list[Conversation]] = {}
        for conversation, changed in self._changed.values():
            conversation.updated_at = now
            groups.setdefault(tuple(sorted(changed)), []).append(conversation)
        for names, conversations in groups.items():
            rows_update(Conversation, [*names, "updated_at"], conversations)
        # The numbers last: the sequence row stays locked only for the rest of the batch.
        numbers = numbers_reserve(
            _provider(self.accessor.provider_id), "contact", count=len(self._moments)
        )
        for contact, number in zip(self._moments, numbers, strict=True):
            contact.number = number
            # bulk_create does not set what the model's foreign key caches point at.
            contact.conversation_id = contact.conversation.pk  # type: ignore[union-attr]
        ContactMoment.objects.bulk_create(self._moments)
        # Rows nobody needs the ids of: plain multi-row inserts (COPY on PostgreSQL).
        rows_insert(
            ActorContactMoment,
            [{"actor_id": self.actor.pk, "contact_moment_id": c.pk} for c in self._moments],
        )
        rows_insert(Participant, [_participant_row(p) for p in self._participants])
        if self._subjects:
            processing_log_write(
                accessor=self.accessor,
                activity=Activity.CONTACT_REGISTER,
                operation=Operation.CREATE,
                subjects=self._subjects,
            )
        return self._moments


_PARTICIPANT_FIELDS = (
    "party_id",
    "role",
    "is_initiator",
    "initials",
    "given_name",
    "surname_prefix",
    "surname",
    "organisation_name",
)


def _participant_row(participant: Participant) -> dict[str, object]:
    row: dict[str, object] = {name: getattr(participant, name) for name in _PARTICIPANT_FIELDS}
    row["contact_moment_id"] = participant.contact_moment.pk
    return row


def _moment(
    provider_id: int, message: ChannelMessageInput, conversation: Conversation, subject: str
) -> ContactMoment:
    """The contact moment of a channel message, unsaved and without its number (both paths)."""
    return ContactMoment(
        provider_id=provider_id,
        channel=message.channel,
        direction=message.direction,
        topic_id=message.topic.pk if message.topic else conversation.topic_id,
        subject=subject,
        summary=message.summary[:1000],
        content=message.content,
        occurred_at=message.occurred_at,
        conversation=conversation,
        metadata=message.metadata,
        is_successful=True,
    )


def _participant(
    contact: ContactMoment, party: Party | None, message: ChannelMessageInput
) -> Participant:
    """The customer in a channel message, unsaved: the party, or the name the sender gave."""
    is_initiator = message.direction == Direction.INBOUND
    if party is not None:
        return customer_participant(contact, party, is_initiator=is_initiator)
    given, _, surname = message.sender_name.strip().partition(" ")
    return Participant(
        contact_moment=contact,
        role=ParticipantRole.CUSTOMER,
        is_initiator=is_initiator,
        given_name=given[:200],
        surname=surname[:200],
    )
