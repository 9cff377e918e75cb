"""Routing and the work on an item (issue 5, item 5; CH-05, CH-07).

Messages arrive the real way (a contact moment, then ``inbound_route``); the services are
called as the inbox calls them, with a :class:`Worker`.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from klantbeeld.contacts.constants import ActorKind
from klantbeeld.core.constants import Channel
from klantbeeld.privacy.selectors import accessor_for_user
from klantbeeld.routing.constants import EventKind, WorkItemStatus
from klantbeeld.routing.models import SlaPolicy, WorkItem
from klantbeeld.routing.services import (
    Worker,
    work_item_claim,
    work_item_resolve,
    work_item_transfer,
)
from klantbeeld.routing.tests.builders import agent_for, message_arrives, queue_for_test
from klantbeeld.routing.triage import Triage
from tests.factories import ActorFactory, PartyFactory

pytestmark = pytest.mark.django_db


def _worker(user) -> Worker:
    return Worker(accessor=accessor_for_user(user), actor=user.actor)


# --- which queue -------------------------------------------------------------------------------


def test_a_message_about_a_topic_goes_to_the_queue_of_that_topic(provider, topic):
    # given
    queue_for_test(provider, "Algemeen", is_default=True)
    moving = queue_for_test(provider, "Verhuizen", topics=[topic])
    mail = queue_for_test(provider, "E-mail", channels=[Channel.EMAIL])

    # when
    item = message_arrives(provider, channel=Channel.EMAIL, triage=Triage(topic=topic))

    # then: the topic weighs more than the channel
    assert item.queue == moving != mail
    assert item.events.get().kind == EventKind.ROUTED


def test_without_a_topic_the_channel_decides_and_else_the_default_queue(provider):
    # given
    general = queue_for_test(provider, "Algemeen", is_default=True)
    chat = queue_for_test(provider, "Chat en WhatsApp", channels=[Channel.WHATSAPP])

    # when
    whatsapp = message_arrives(provider, channel=Channel.WHATSAPP)
    mail = message_arrives(provider, channel=Channel.EMAIL, sender_name="Piet Pieters")

    # then
    assert whatsapp.queue == chat
    assert mail.queue == general


def test_the_channel_policy_sets_both_due_times(provider):
    # given
    SlaPolicy.objects.create(
        provider=provider,
        channel=Channel.WHATSAPP,
        first_response_minutes=30,
        resolution_minutes=480,
    )

    # when
    item = message_arrives(provider)

    # then
    assert item.first_response_due is not None
    assert item.resolution_due is not None
    assert (item.first_response_due - item.received_at).total_seconds() == 30 * 60
    assert (item.resolution_due - item.received_at).total_seconds() == 480 * 60


def test_a_customer_writing_again_in_another_channel_lands_on_the_same_item(provider, front_office):
    # given: an item someone picked up and answered
    queue = queue_for_test(provider, "Algemeen", is_default=True)
    agent_for(front_office.actor, queue)
    party = PartyFactory(provider=provider)
    first = message_arrives(provider, party=party)
    work_item_claim(worker=_worker(front_office), item=first)
    WorkItem.objects.filter(pk=first.pk).update(status=WorkItemStatus.WAITING)

    # when: the customer mails about the same conversation
    again = message_arrives(
        provider, party=party, channel=Channel.EMAIL, conversation=first.conversation
    )

    # then: one open item, with its assignee, back in progress, answering by e-mail by default
    assert again.pk == first.pk
    assert WorkItem.objects.filter(conversation=first.conversation).count() == 1
    again.refresh_from_db()
    assert again.assigned_to == front_office.actor
    assert again.status == WorkItemStatus.IN_PROGRESS
    assert again.channel == Channel.EMAIL
    assert again.events.filter(kind=EventKind.CUSTOMER_WROTE).count() == 1


# --- auto-assign by capacity -------------------------------------------------------------------


def _colleague(provider, name, queue, **agent_fields):
    actor = ActorFactory(provider=provider, kind=ActorKind.EMPLOYEE, name=name)
    agent_for(actor, queue, **agent_fields)
    return actor


def test_auto_assign_picks_the_least_loaded_available_colleague(provider):
    # given: Bas is busier than Cor; Ada is full; Dirk is absent
    queue = queue_for_test(provider, "Algemeen", is_default=True, auto_assign=True)
    ada = _colleague(provider, "Ada", queue, capacity=1)
    bas = _colleague(provider, "Bas", queue, capacity=4)
    cor = _colleague(provider, "Cor", queue, capacity=4)
    _colleague(provider, "Dirk", queue, capacity=10, is_available=False)
    for assignee, count in ((ada, 1), (bas, 2), (cor, 1)):
        for index in range(count):
            item = message_arrives(provider, sender_name=f"Klant {assignee.name} {index}")
            WorkItem.objects.filter(pk=item.pk).update(assigned_to=assignee)

    # when
    item = message_arrives(provider, sender_name="Nieuwe Klant")

    # then
    item.refresh_from_db()
    assert item.assigned_to == cor
    assert item.status == WorkItemStatus.IN_PROGRESS
    assert item.events.filter(kind=EventKind.ASSIGNED, to_actor=cor).exists()


def test_auto_assign_leaves_the_item_in_the_queue_when_everyone_is_full_or_away(provider):
    # given
    queue = queue_for_test(provider, "Algemeen", is_default=True, auto_assign=True)
    full = _colleague(provider, "Ada", queue, capacity=1)
    _colleague(provider, "Dirk", queue, is_available=False)
    busy = message_arrives(provider, sender_name="Eerste Klant")
    WorkItem.objects.filter(pk=busy.pk).update(assigned_to=full)

    # when
    item = message_arrives(provider, sender_name="Tweede Klant")

    # then
    item.refresh_from_db()
    assert item.assigned_to is None
    assert item.status == WorkItemStatus.NEW


# --- claim, transfer, resolve --------------------------------------------------------------------


def test_an_employee_cannot_claim_in_a_queue_they_are_not_in(provider, front_office):
    # given
    queue_for_test(provider, "Belastingen", is_default=True)
    item = message_arrives(provider)

    # when / then
    with pytest.raises(PermissionDenied):
        work_item_claim(worker=_worker(front_office), item=item)
    item.refresh_from_db()
    assert item.assigned_to is None


def test_a_transfer_without_a_handover_note_changes_nothing(provider, front_office):
    # given
    queue = queue_for_test(provider, "Algemeen", is_default=True)
    other = queue_for_test(provider, "Belastingen")
    agent_for(front_office.actor, queue)
    item = message_arrives(provider)

    # when
    with pytest.raises(ValidationError) as error:
        work_item_transfer(worker=_worker(front_office), item=item, note="  ", to_queue=other)

    # then
    assert "overdrachtsnotitie" in error.value.message_dict["note"][0]
    item.refresh_from_db()
    assert item.queue == queue
    assert item.conversation.transfer_count == 0


def test_a_warm_transfer_counts_on_the_conversation_and_keeps_the_note(provider, front_office):
    # given
    queue = queue_for_test(provider, "Algemeen", is_default=True)
    other = queue_for_test(provider, "Belastingen")
    agent_for(front_office.actor, queue)
    item = message_arrives(provider)

    # when: transferred twice
    work_item_transfer(
        worker=_worker(front_office), item=item, note="Vraag over de WOZ-waarde", to_queue=other
    )
    item.refresh_from_db()
    WorkItem.objects.filter(pk=item.pk).update(queue=queue)  # it came back
    item.refresh_from_db()
    work_item_transfer(
        worker=_worker(front_office), item=item, note="Toch een vraag over afval", to_queue=other
    )

    # then
    item.refresh_from_db()
    assert item.conversation.transfer_count == 2
    assert item.queue == other
    assert item.status == WorkItemStatus.NEW
    assert list(item.events.filter(kind=EventKind.TRANSFERRED).values_list("note", flat=True)) == [
        "Vraag over de WOZ-waarde",
        "Toch een vraag over afval",
    ]


def test_resolving_is_refused_while_the_customer_is_not_confirmed(provider, front_office):
    # given: a sender nobody has confirmed yet
    queue = queue_for_test(provider, "Algemeen", is_default=True)
    agent_for(front_office.actor, queue)
    item = message_arrives(provider)
    assert item.identity_pending

    # when / then
    with pytest.raises(ValidationError, match="Bevestig eerst"):
        work_item_resolve(worker=_worker(front_office), item=item)
    item.refresh_from_db()
    assert item.status == WorkItemStatus.NEW
