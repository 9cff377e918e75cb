"""Operating the queue: redeliver, sweep, prune, status; and the admin's subscription form."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from klantbeeld.core import clock
from klantbeeld.events.constants import DeliveryStatus, Kanaal
from klantbeeld.events.models import Delivery, Notification, Subscription
from klantbeeld.events.tests.conftest import run_worker
from tests.factories import PartyFactory, UserFactory

pytestmark = pytest.mark.django_db


def _dead_delivery(provider, subscribe, url) -> Delivery:
    subscribe(provider, url)
    PartyFactory(provider=provider)
    delivery = Delivery.objects.get()
    delivery.status = DeliveryStatus.DEAD
    delivery.attempts = 10
    delivery.next_attempt_at = None
    delivery.save()
    return delivery


def test_redeliver_sends_a_dead_delivery_again_with_the_same_key(
    provider, subscribe, receiver, django_capture_on_commit_callbacks
):
    # given
    delivery = _dead_delivery(provider, subscribe, receiver.url)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        call_command("events", "redeliver", "--organisation", provider.code, stdout=StringIO())
    run_worker()

    # then
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 1
    [received] = receiver.received
    assert received.headers["Idempotency-Key"] == str(delivery.uuid)


def test_redeliver_leaves_other_organisations_alone(
    provider, other_provider, subscribe, django_capture_on_commit_callbacks
):
    # given
    delivery = _dead_delivery(provider, subscribe, "https://a.example.nl")

    # when
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "events", "redeliver", "--organisation", other_provider.code, stdout=StringIO()
        )

    # then
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DEAD
    assert not DBTaskResult.objects.exists()


def test_redeliver_names_an_unknown_organisation():
    with pytest.raises(CommandError, match="Onbekende organisatie"):
        call_command("events", "redeliver", "--organisation", "bestaat-niet")


def test_sweep_queues_a_delivery_whose_task_was_lost(provider, subscribe, receiver):
    # given: committed, but the process died before its task was queued
    subscribe(provider, receiver.url)
    PartyFactory(provider=provider)
    Delivery.objects.update(next_attempt_at=clock.now() - timedelta(minutes=30))
    assert not DBTaskResult.objects.exists()

    # when
    call_command("events", "sweep", stdout=StringIO())
    run_worker()

    # then
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED
    assert len(receiver.received) == 1


def test_sweep_leaves_deliveries_that_are_merely_waiting(provider, subscribe):
    # given
    subscribe(provider, "https://a.example.nl")
    PartyFactory(provider=provider)

    # when
    call_command("events", "sweep", stdout=StringIO())

    # then
    assert not DBTaskResult.objects.exists()


def test_prune_removes_old_finished_notifications_and_keeps_open_ones(provider, subscribe):
    # given
    subscribe(provider, "https://a.example.nl")
    PartyFactory(provider=provider)
    PartyFactory(provider=provider)
    finished, waiting = Delivery.objects.order_by("pk")
    finished.status = DeliveryStatus.DELIVERED
    finished.save()
    Notification.objects.update(created_at=clock.now() - timedelta(days=31))

    # when
    call_command("events", "prune", stdout=StringIO())

    # then
    assert list(Notification.objects.all()) == [waiting.notification]
    assert list(Delivery.objects.all()) == [waiting]


def test_status_counts_deliveries_per_status(provider, subscribe):
    # given
    subscribe(provider, "https://a.example.nl")
    PartyFactory(provider=provider)
    output = StringIO()

    # when
    call_command("events", "status", stdout=output)

    # then
    assert output.getvalue().strip() == "pending: 1"


def test_admin_shows_a_new_secret_once_and_masked_afterwards(client, provider):
    # given
    admin = UserFactory(is_staff=True, is_superuser=True, provider=None)
    client.force_login(admin)

    # when
    response = client.post(
        reverse("admin:events_subscription_add"),
        {
            "provider": provider.pk,
            "name": "Zaaksysteem",
            "callback_url": "https://zaken.dommelstad.nl/notificaties",
            "kanalen": [Kanaal.PARTIJEN, Kanaal.INTERNETAKEN],
            "payload_format": "notificaties",
            "is_active": "on",
        },
        follow=True,
    )

    # then
    subscription = Subscription.objects.get()
    assert subscription.kanalen == [Kanaal.PARTIJEN, Kanaal.INTERNETAKEN]
    assert subscription.secret in response.content.decode()
    change_page = client.get(reverse("admin:events_subscription_change", args=[subscription.pk]))
    assert subscription.secret not in change_page.content.decode()
    assert f"{subscription.secret[:4]}••••" in change_page.content.decode()


def test_admin_of_one_organisation_sees_only_its_own_deliveries(
    client, provider, other_provider, subscribe
):
    # given
    subscribe(provider, "https://a.example.nl")
    subscribe(other_provider, "https://b.example.nl")
    PartyFactory(provider=provider)
    PartyFactory(provider=other_provider)
    employee = UserFactory(is_staff=True, is_superuser=True, provider=provider)
    client.force_login(employee)

    # when
    response = client.get(reverse("admin:events_delivery_changelist"))

    # then
    ours = Delivery.objects.get(subscription__provider=provider)
    theirs = Delivery.objects.get(subscription__provider=other_provider)
    page = response.content.decode()
    assert reverse("admin:events_delivery_change", args=[ours.pk]) in page
    assert reverse("admin:events_delivery_change", args=[theirs.pk]) not in page
