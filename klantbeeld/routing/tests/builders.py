"""Test builders for the inbox: queues, agents and messages that arrive the real way
(``contacts.services.channel_message_register`` then ``routing.services.inbound_route``)."""

from __future__ import annotations

from datetime import datetime

from klantbeeld.contacts.models import Actor, Conversation
from klantbeeld.contacts.services import (
    ChannelMessageInput,
    automated_actor_get,
    channel_message_register,
)
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.core.models import Provider
from klantbeeld.parties.models import Party
from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.selectors import system_accessor
from klantbeeld.routing.models import Agent, Queue, WorkItem
from klantbeeld.routing.services import inbound_route
from klantbeeld.routing.triage import Triage


def queue_for_test(provider: Provider, name: str, **fields: object) -> Queue:
    topics = fields.pop("topics", ())
    queue = Queue.objects.create(provider=provider, name=name, **fields)
    queue.topics.set(topics)
    return queue


def agent_for(actor: Actor, *queues: Queue, **fields: object) -> Agent:
    agent, _ = Agent.objects.get_or_create(actor=actor, defaults=fields)
    agent.queues.add(*queues)
    return agent


def message_arrives(
    provider: Provider,
    *,
    text: str = "Mijn container is niet geleegd",
    channel: str = Channel.WHATSAPP,
    party: Party | None = None,
    sender_name: str = "Anna Jansen",
    conversation: Conversation | None = None,
    triage: Triage | None = None,
    candidates: list[dict[str, object]] | None = None,
    at: datetime | None = None,
) -> WorkItem:
    accessor = system_accessor(
        provider=provider, task="test-intake", activities=(Activity.CONTACT_REGISTER,)
    )
    contact = channel_message_register(
        accessor=accessor,
        party=party,
        message=ChannelMessageInput(
            channel=channel,
            direction=Direction.INBOUND,
            subject="",
            content=text,
            occurred_at=at or clock.now(),
            sender_name=sender_name,
            topic=triage.topic if triage else None,
        ),
        actor=automated_actor_get(provider=provider, name="Intake", identifier="test-intake"),
        conversation=conversation,
    )
    return inbound_route(
        contact_moment=contact,
        channel=channel,
        triage=triage,
        identity_pending=party is None and conversation is None,
        candidates=candidates or [],
    )
