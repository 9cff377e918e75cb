"""The set-based batch (``channels/batch.py``) does what the per-message path does (ADR 0008).

Two organisations get the same customers, queues, conversations and messages; one has its
messages processed one by one (``pipeline.inbound_process``, the reference), the other as one
claimed batch. The rows they end with must be the same: parties linked, identity and
candidates, conversations, contact moments and their numbers, participants, work items with
queue, status, SLA and assignee, their events, and the processing-log records.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from klantbeeld.channels.batch import inbound_batch_process
from klantbeeld.channels.constants import InboundKind, InboundStatus
from klantbeeld.channels.intake import Incoming, IncomingFile, inbound_receive
from klantbeeld.channels.models import InboundMessage, OutboundMessage
from klantbeeld.channels.pipeline import inbound_process
from klantbeeld.channels.worker import inbound_claim
from klantbeeld.contacts.constants import ConversationStatus
from klantbeeld.contacts.models import ActorContactMoment, ContactMoment, Conversation, Participant
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel
from klantbeeld.core.memo import memo_scope
from klantbeeld.parties.constants import DigitalAddressKind
from klantbeeld.parties.models import DigitalAddress, Party
from klantbeeld.privacy.models import ProcessingLog, ProcessingRestriction
from klantbeeld.routing.constants import WorkItemStatus
from klantbeeld.routing.intake import RoutingBatch
from klantbeeld.routing.models import Agent, Queue, SlaPolicy, WorkItem, WorkItemEvent
from tests.factories import ActorFactory, PartyFactory, ProviderFactory

pytestmark = pytest.mark.django_db

NAMES = {
    "0000001": ("Anna", "Jansen"),
    "0000002": ("Bram", "de Vries"),
    "0000003": ("Cor", "Bakker"),
    "0000004": ("Dirk", "Visser"),
    "0000005": ("Eva", "Smit"),
    "0000006": ("Fenna", "Mulder"),
    "0000007": ("Gijs", "Mulder"),
}


def _world(code: str, base: datetime):
    """One organisation with customers, queues, an agent, an earlier conversation with our
    e-mail in it, and a conversation whose item waits for the customer."""
    provider = ProviderFactory(code=code)
    now = clock.now()
    parties = {
        number: PartyFactory(provider=provider, number=number, given_names=given, surname=surname)
        for number, (given, surname) in NAMES.items()
    }

    def address(number: str, kind: str, value: str) -> None:
        DigitalAddress.objects.create(
            provider=provider, party=parties[number], kind=kind, value=value, verified_at=now
        )

    address("0000001", DigitalAddressKind.WHATSAPP, "+31611111111")
    address("0000002", DigitalAddressKind.EMAIL, "bram@example.nl")
    address("0000003", DigitalAddressKind.EMAIL, "cor@example.nl")
    address("0000004", DigitalAddressKind.WHATSAPP, "+31644444444")
    address("0000005", DigitalAddressKind.WHATSAPP, "+31655555555")
    # A household shares one number: certain of neither.
    address("0000006", DigitalAddressKind.WHATSAPP, "+31666666666")
    address("0000007", DigitalAddressKind.WHATSAPP, "+31666666666")
    ProcessingRestriction.objects.create(
        provider=provider,
        data_subject=parties["0000004"].uuid,
        reason="Bezwaar",
        since=now - timedelta(days=1),
        recorded_by="test",
    )
    chat = Queue.objects.create(
        provider=provider, name="Chat", channels=[Channel.WHATSAPP], auto_assign=True
    )
    Queue.objects.create(provider=provider, name="Algemeen", is_default=True)
    agent = Agent.objects.create(actor=ActorFactory(provider=provider, name="Mila Mens"))
    agent.queues.add(chat)
    SlaPolicy.objects.create(
        provider=provider,
        channel=Channel.WHATSAPP,
        first_response_minutes=60,
        resolution_minutes=480,
    )
    earlier = base - timedelta(days=3)
    closed = Conversation.objects.create(
        provider=provider,
        party=parties["0000003"],
        subject="Parkeervergunning",
        status=ConversationStatus.CLOSED,
        opened_at=earlier,
        last_activity_at=earlier,
        closed_at=earlier,
    )
    OutboundMessage.objects.create(
        provider=provider,
        channel=Channel.EMAIL,
        conversation=closed,
        to_address="cor@example.nl",
        body="Uw vergunning is verleend.",
        external_id=f"<antwoord-{code}@gemeente.nl>",
    )
    waiting = Conversation.objects.create(
        provider=provider,
        party=parties["0000005"],
        subject="Paspoort",
        opened_at=earlier,
        last_activity_at=earlier,
    )
    WorkItem.objects.create(
        provider=provider,
        conversation=waiting,
        queue=chat,
        channel=Channel.WHATSAPP,
        status=WorkItemStatus.WAITING,
        assigned_to=agent.actor,
        received_at=earlier,
        last_inbound_at=earlier,
    )
    return provider


def _messages(provider, code: str, base: datetime) -> None:
    """The mixed set, in the order it arrives."""

    def whatsapp(index: int, number: str, text: str, kind: str = "text", name: str = "Klant"):
        wire = {"type": kind, kind: {"body": text} if kind == "text" else {"id": "x"}}
        return Incoming(
            channel=Channel.WHATSAPP,
            external_id=f"wamid.{code}.{index}",
            sender_address=number,
            sender_name=name,
            body=text,
            sent_at=base + timedelta(minutes=index),
            payload={"message": wire},
        )

    def email(index: int, sender: str, subject: str, references=(), files=()):
        return Incoming(
            channel=Channel.EMAIL,
            external_id=f"<{index}.{code}@example.nl>",
            sender_address=sender,
            sender_name="Klant Mail",
            subject=subject,
            body="Beste gemeente, een vraag.",
            sent_at=base + timedelta(minutes=index),
            references=list(references),
            payload={"email": {"parsed": True}},
            files=files,
        )

    status = Incoming(
        channel=Channel.WHATSAPP,
        external_id=f"wamid.{code}.status:read",
        kind=InboundKind.STATUS,
        payload={"status": {"id": "wamid.onbekend", "status": "read"}},
    )
    pdf = IncomingFile("brief.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n")
    plan = [
        whatsapp(1, "+31611111111", "Mijn container is niet geleegd"),
        whatsapp(2, "+31611111111", "Nog een vraag hierover"),
        whatsapp(3, "+31699999999", "Wie ben ik?", name="Anna Jansen"),
        email(4, "bram@example.nl", "Aanslag afvalstoffenheffing"),
        email(5, "bram@example.nl", "Re: Aanslag afvalstoffenheffing"),
        email(6, "cor@example.nl", "Re: Parkeervergunning", [f"<antwoord-{code}@gemeente.nl>"]),
        status,
        whatsapp(8, "+31611111111", "Een sticker", kind="sticker"),
        whatsapp(9, "+31644444444", "Ik wil niets meer"),
        whatsapp(10, "+31655555555", "Hier is het nummer"),
        email(11, "bram@example.nl", "Bijlage bij mijn vraag", files=[pdf]),
        whatsapp(12, "+31666666666", "Van ons huis", name="Fenna Mulder"),
        whatsapp(13, "+31611111111", "En nog iets"),
        email(14, "nieuw@example.nl", "Nieuwe vraag"),
        whatsapp(15, "+31677777777", "Onbekend nummer"),
    ]
    for incoming in plan:
        inbound_receive(provider=provider, incoming=incoming)


def _one_by_one(provider) -> None:
    ids = InboundMessage.objects.filter(provider=provider).order_by("received_at", "id")
    with transaction.atomic(), memo_scope():
        for message_id in ids.values_list("pk", flat=True):
            inbound_process(message_id)


def _as_batch(provider) -> int:
    with transaction.atomic(), memo_scope():
        claimed = [m for m in inbound_claim(100) if m.provider_id == provider.pk]
        return inbound_batch_process(claimed)


def _picture(provider) -> dict[str, object]:
    """Everything the path wrote, with ids replaced by what they stand for."""
    parties = dict(Party.objects.filter(provider=provider).values_list("pk", "number"))
    conversations = {
        c.pk: (c.subject, parties.get(c.party_id), c.status, c.opened_at, c.last_activity_at)
        for c in Conversation.objects.filter(provider=provider)
    }
    moments = {
        m.pk: (m.number, m.channel, m.subject, m.content, m.occurred_at, m.topic_id)
        for m in ContactMoment.objects.filter(provider=provider)
    }

    def candidates(rows):
        return [(parties[c["party_id"]], c["score"], tuple(c["reasons"])) for c in rows]

    messages = [
        (
            m.external_id.replace(".een", "").replace(".twee", ""),
            m.status,
            m.quarantine_reason,
            m.identity,
            parties.get(m.party_id),
            candidates(m.candidates),
            moments.get(m.contact_moment_id),
            conversations.get(m.conversation_id),
            m.attempts,
        )
        for m in InboundMessage.objects.filter(provider=provider).order_by("received_at", "id")
    ]
    items = sorted(
        (
            conversations[i.conversation_id],
            i.queue.name,
            i.status,
            i.channel,
            moments.get(i.last_inbound_id),
            i.identity_pending,
            candidates(i.candidates),
            i.priority,
            i.received_at,
            i.last_inbound_at,
            i.first_response_due,
            i.resolution_due,
            i.assigned_to.name if i.assigned_to else None,
        )
        for i in WorkItem.objects.filter(provider=provider).select_related("queue", "assigned_to")
    )
    events = Counter(
        (
            conversations[e.item.conversation_id],
            e.kind,
            e.to_queue_id is not None,
            e.to_actor_id is not None,
        )
        for e in WorkItemEvent.objects.filter(item__provider=provider).select_related("item")
    )
    participants = Counter(
        (
            moments[p.contact_moment_id],
            parties.get(p.party_id),
            p.given_name,
            p.surname,
            p.is_initiator,
        )
        for p in Participant.objects.filter(contact_moment__provider=provider)
    )
    uuids = dict(Party.objects.filter(provider=provider).values_list("uuid", "number"))
    log = Counter(
        (row.activity.code, row.operation, row.actor_id, uuids.get(row.data_subject))
        for row in ProcessingLog.objects.filter(provider=provider).select_related("activity")
    )
    links = ActorContactMoment.objects.filter(contact_moment__provider=provider).count()
    return {
        "messages": messages,
        "conversations": sorted(conversations.values(), key=repr),
        "items": items,
        "events": events,
        "participants": participants,
        "log": log,
        "actor links": links,
    }


def test_the_batch_writes_what_the_per_message_path_writes(settings, tmp_path):
    # given two organisations with the same customers, history and messages
    settings.MEDIA_ROOT = tmp_path
    settings.KLANTBEELD_TRIAGE_HOOK = ""
    base = clock.now().replace(microsecond=0) - timedelta(minutes=30)
    reference, batched = _world("een", base), _world("twee", base)
    _messages(reference, "een", base)
    _messages(batched, "twee", base)

    # when one is processed message by message and the other as one batch
    _one_by_one(reference)
    processed = _as_batch(batched)

    # then both wrote the same rows
    expected, found = _picture(reference), _picture(batched)
    for key in expected:
        assert found[key] == expected[key], key
    statuses = Counter(m[1] for m in found["messages"])
    assert processed == statuses[InboundStatus.PROCESSED] == 12
    assert statuses[InboundStatus.QUARANTINED] == 3  # status for nothing, sticker, restricted


def test_a_batch_of_plain_messages_costs_a_few_statements_not_a_few_per_message(settings):
    # given 60 WhatsApp messages from 20 known customers
    settings.KLANTBEELD_TRIAGE_HOOK = ""
    provider = _world("drie", clock.now())
    Queue.objects.filter(provider=provider).update(auto_assign=False)
    parties = PartyFactory.create_batch(20, provider=provider)
    for index, party in enumerate(parties):
        DigitalAddress.objects.create(
            provider=provider,
            party=party,
            kind=DigitalAddressKind.WHATSAPP,
            value=f"+316200000{index:02d}",
            verified_at=party.created_at,
        )
    for index in range(60):
        inbound_receive(
            provider=provider,
            incoming=Incoming(
                channel=Channel.WHATSAPP,
                external_id=f"wamid.q.{index}",
                sender_address=f"+316200000{index % 20:02d}",
                body=f"Bericht {index}",
            ),
        )

    # when they are processed as one batch
    with CaptureQueriesContext(connection) as queries:
        processed = _as_batch(provider)

    # then all are processed with a number of statements that does not grow per message
    assert processed == 60
    assert len(queries) <= 40, "\n".join(q["sql"][:100] for q in queries)


def test_a_defect_halfway_through_planning_loses_nothing_and_duplicates_nothing(
    settings, monkeypatch
):
    # given a batch whose routing breaks on its third message (a defect, not the message)
    settings.KLANTBEELD_TRIAGE_HOOK = ""
    provider = _world("vier", clock.now())
    for index in range(5):
        inbound_receive(
            provider=provider,
            incoming=Incoming(
                channel=Channel.WHATSAPP,
                external_id=f"wamid.defect.{index}",
                sender_address="+31611111111",
                body=f"Bericht {index}",
            ),
        )
    original = RoutingBatch.add
    calls = {"n": 0}

    def breaking(self, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("defect")
        return original(self, **kwargs)

    monkeypatch.setattr(RoutingBatch, "add", breaking)

    # when the batch is processed
    processed = _as_batch(provider)

    # then every message is processed once, with one contact moment each, attempts 1
    messages = InboundMessage.objects.filter(provider=provider)
    assert processed == 5
    assert {m.status for m in messages} == {InboundStatus.PROCESSED}
    assert {m.attempts for m in messages} == {1}
    assert ContactMoment.objects.filter(provider=provider).count() == 5
    assert len({m.contact_moment_id for m in messages}) == 5
    conversations = {m.conversation_id for m in messages}
    assert len(conversations) == 1
    assert WorkItem.objects.filter(conversation_id__in=conversations).count() == 1
