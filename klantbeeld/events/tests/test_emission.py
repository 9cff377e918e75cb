"""Saves and deletes become notifications for those who follow them, and only then (issue 4)."""

from __future__ import annotations

import json

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from klantbeeld.contacts.constants import TaskStatus
from klantbeeld.core.constants import Channel
from klantbeeld.events.constants import Action, Kanaal
from klantbeeld.events.models import Delivery, Notification
from klantbeeld.events.tests.conftest import run_worker
from tests.factories import ActorFactory, PartyFactory, contact_moments_for

pytestmark = pytest.mark.django_db


def test_without_a_subscription_a_save_writes_nothing_and_costs_one_query(provider, party):
    # given: nobody follows this organisation
    party.surname = "Jansen"

    # when
    with CaptureQueriesContext(connection) as queries:
        party.save()

    # then
    events_queries = [q["sql"] for q in queries.captured_queries if '"events_' in q["sql"]]
    assert len(events_queries) == 1
    assert events_queries[0].startswith("SELECT")
    assert not Notification.objects.exists()


def test_create_update_destroy_of_a_party_are_recorded_in_that_order(
    provider, subscribe, django_capture_on_commit_callbacks
):
    # given
    subscription = subscribe(provider, "https://ontvanger.example.nl/hook")

    # when
    with django_capture_on_commit_callbacks(execute=True):
        party = PartyFactory(provider=provider)
        party.internal_note = "Belt liever 's middags"
        party.save()
        party_uuid = party.uuid
        party.delete()

    # then
    notifications = Notification.objects.order_by("pk")
    assert [n.action for n in notifications] == [Action.CREATE, Action.UPDATE, Action.DESTROY]
    assert {n.resource_uuid for n in notifications} == {party_uuid}
    assert {(n.kanaal, n.resource, n.main_resource) for n in notifications} == {
        ("partijen", "partij", "partij")
    }
    assert Delivery.objects.filter(subscription=subscription).count() == 3
    assert DBTaskResult.objects.count() == 3


def test_kenmerken_name_the_kind_channel_and_status_and_carry_no_personal_data(provider, subscribe):
    # given
    subscribe(provider, "https://ontvanger.example.nl/hook")
    party = PartyFactory(provider=provider, given_names="Fatima", surname="el Amrani")
    actor = ActorFactory(provider=provider)

    # when
    contact_moments_for(party, 1, actor=actor)

    # then
    by_kanaal = {n.kanaal: n.kenmerken for n in Notification.objects.all()}
    assert by_kanaal == {
        Kanaal.PARTIJEN: {"soortPartij": "persoon"},
        Kanaal.KLANTCONTACTEN: {"kanaal": Channel.COUNTER},
        Kanaal.INTERNETAKEN: {"status": TaskStatus.TO_DO},
    }
    stored = json.dumps(list(Notification.objects.values()), default=str)
    for personal in ("Fatima", "Amrani", "Vraag 1", "Terugbellen", str(party.date_of_birth)):
        assert personal not in stored


def test_a_subscription_gets_only_the_kanalen_it_follows(provider, party, subscribe):
    # given
    contacts_only = subscribe(provider, "https://a.example.nl", kanalen=[Kanaal.KLANTCONTACTEN])
    actor = ActorFactory(provider=provider)

    # when
    party.save()
    contact_moments_for(party, 1, actor=actor)

    # then
    kanalen = set(
        Delivery.objects.filter(subscription=contacts_only).values_list(
            "notification__kanaal", flat=True
        )
    )
    assert kanalen == {Kanaal.KLANTCONTACTEN}


def test_an_inactive_subscription_gets_nothing(provider, party, subscribe):
    # given
    subscription = subscribe(provider, "https://a.example.nl")
    subscription.is_active = False
    subscription.save()

    # when
    party.save()

    # then
    assert not Notification.objects.exists()


def test_another_organisations_changes_never_reach_a_subscription(
    provider, other_provider, subscribe
):
    # given
    subscribe(provider, "https://gemeente.example.nl/hook")

    # when
    PartyFactory(provider=other_provider).save()

    # then
    assert not Notification.objects.exists()
    assert not Delivery.objects.exists()


def test_a_rolled_back_change_records_and_queues_nothing(
    provider, subscribe, receiver, django_capture_on_commit_callbacks
):
    # given
    subscribe(provider, receiver.url)

    # when
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        _create_party_then_fail(provider)
    run_worker()

    # then
    assert callbacks == []
    assert not Notification.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert receiver.received == []


def _create_party_then_fail(provider):
    with transaction.atomic():
        PartyFactory(provider=provider)
        raise RuntimeError("validatie mislukt na het opslaan")


def test_delivery_is_queued_only_when_the_change_commits(
    provider, subscribe, django_capture_on_commit_callbacks
):
    # given
    subscribe(provider, "https://a.example.nl")

    # when: the transaction is still open
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        PartyFactory(provider=provider)
        queued_before_commit = DBTaskResult.objects.count()

    # then
    assert queued_before_commit == 0
    assert len(callbacks) == 1
    assert Notification.objects.count() == 1
