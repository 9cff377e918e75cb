"""Delivery to a real HTTP endpoint by the real task worker: signed, retried, logged (issue 4)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from klantbeeld.core import clock
from klantbeeld.events.constants import DeliveryStatus, PayloadFormat
from klantbeeld.events.models import Delivery, DeliveryAttempt
from klantbeeld.events.tasks import deliver
from klantbeeld.events.tests.conftest import fast_forward, run_worker
from klantbeeld.events.tests.receiver import Receiver, closed_port_url
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(provider, django_capture_on_commit_callbacks):
    """Create a party and commit, so its deliveries are queued."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return PartyFactory(provider=provider)

    return run


def test_a_notification_arrives_signed_with_its_idempotency_key(
    provider, subscribe, receiver, publish, settings
):
    # given
    settings.KLANTBEELD_PUBLIC_URL = "https://klantbeeld.dommelstad.nl/"
    subscription = subscribe(provider, receiver.url)
    party = publish()

    # when
    run_worker()

    # then
    [received] = receiver.received
    url = f"https://klantbeeld.dommelstad.nl/klantinteracties/api/v1/partijen/{party.uuid}"
    body = json.loads(received.body)
    assert body == {
        "kanaal": "partijen",
        "hoofdObject": url,
        "resource": "partij",
        "resourceUrl": url,
        "actie": "create",
        "aanmaakdatum": body["aanmaakdatum"],
        "kenmerken": {"soortPartij": "persoon"},
    }
    assert body["aanmaakdatum"].endswith("Z")
    assert received.headers["Content-Type"] == "application/json"
    expected = hmac.new(subscription.secret.encode(), received.body, hashlib.sha256).hexdigest()
    assert received.headers["X-Klantbeeld-Signature"] == f"sha256={expected}"
    delivery = Delivery.objects.get()
    assert received.headers["Idempotency-Key"] == str(delivery.uuid)
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.delivered_at is not None
    assert list(delivery.attempts_log.values_list("number", "status_code")) == [(1, 200)]


def test_a_failed_attempt_is_retried_after_a_back_off_with_the_same_bytes(
    provider, subscribe, publish
):
    # given: the receiver fails once, then accepts
    with Receiver([500, 200]) as receiver:
        subscribe(provider, receiver.url)
        publish()

        # when: the first attempt
        run_worker()

        # then: it failed, and a retry waits about 30 seconds (±20 %)
        delivery = Delivery.objects.get()
        assert delivery.status == DeliveryStatus.FAILED
        assert delivery.last_status_code == 500
        assert delivery.next_attempt_at is not None
        wait = delivery.next_attempt_at - clock.now()
        assert timedelta(seconds=20) < wait <= timedelta(seconds=36)
        waiting = DBTaskResult.objects.ready().count()
        assert waiting == 0  # not before its time

        # when: the back-off has passed
        fast_forward()
        run_worker()

    # then
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    first, second = receiver.received
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"]
    assert first.body == second.body
    assert first.headers["X-Klantbeeld-Signature"] == second.headers["X-Klantbeeld-Signature"]
    assert list(delivery.attempts_log.values_list("number", "status_code")) == [
        (1, 500),
        (2, 200),
    ]


def test_a_delivery_is_given_up_after_the_last_attempt(provider, subscribe, publish, settings):
    # given
    settings.KLANTBEELD_EVENTS_MAX_ATTEMPTS = 3
    with Receiver([503]) as receiver:
        subscribe(provider, receiver.url)
        publish()

        # when
        for _ in range(5):
            run_worker()
            fast_forward()

    # then
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.DEAD
    assert delivery.attempts == 3
    assert delivery.next_attempt_at is None
    assert len(receiver.received) == 3
    assert not DBTaskResult.objects.ready().exists()


def test_cloudevents_subscribers_get_a_structured_cloudevent(
    provider, subscribe, receiver, publish, settings
):
    # given
    settings.KLANTBEELD_PUBLIC_URL = "https://klantbeeld.dommelstad.nl"
    subscribe(provider, receiver.url, payload_format=PayloadFormat.CLOUDEVENTS)
    party = publish()

    # when
    run_worker()

    # then
    [received] = receiver.received
    event = json.loads(received.body)
    assert received.headers["Content-Type"] == "application/cloudevents+json"
    assert event["specversion"] == "1.0"
    assert event["type"] == "nl.klantbeeld.partijen.create"
    assert event["source"] == "https://klantbeeld.dommelstad.nl/klantinteracties/api/v1"
    assert event["subject"] == str(party.uuid)
    assert event["id"] == str(Delivery.objects.get().notification.uuid)
    assert event["data"]["resourceUrl"].endswith(f"/partijen/{party.uuid}")


def test_each_organisation_receives_only_its_own_events(provider, other_provider, subscribe):
    # given
    with Receiver() as gemeente, Receiver() as waterbedrijf:
        subscribe(provider, gemeente.url)
        subscribe(other_provider, waterbedrijf.url)

        # when
        ours = PartyFactory(provider=provider)
        theirs = PartyFactory(provider=other_provider)
        for delivery in Delivery.objects.all():
            deliver.enqueue(delivery_id=delivery.pk)
        run_worker()

    # then
    assert [json.loads(r.body)["resourceUrl"].rsplit("/", 1)[1] for r in gemeente.received] == [
        str(ours.uuid)
    ]
    assert [json.loads(r.body)["resourceUrl"].rsplit("/", 1)[1] for r in waterbedrijf.received] == [
        str(theirs.uuid)
    ]


def test_a_refused_connection_is_logged_and_retried(provider, subscribe, publish):
    # given
    subscribe(provider, closed_port_url())
    publish()

    # when
    run_worker()

    # then
    delivery = Delivery.objects.get()
    attempt = DeliveryAttempt.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert attempt.status_code is None
    assert "refused" in attempt.error.lower()
    assert delivery.next_attempt_at is not None
    assert delivery.next_attempt_at > clock.now()


def test_a_redirect_is_not_followed(provider, subscribe, publish):
    # given
    with Receiver([302]) as receiver:
        subscribe(provider, receiver.url)
        publish()

        # when
        run_worker()

    # then
    assert len(receiver.received) == 1
    assert Delivery.objects.get().last_status_code == 302
    assert Delivery.objects.get().status == DeliveryStatus.FAILED


@pytest.mark.slow
def test_a_slow_receiver_is_cut_off_at_the_time_limit(provider, subscribe, publish, settings):
    # given
    settings.KLANTBEELD_EVENTS_TIMEOUT_SECONDS = 1
    with Receiver([200], delay=3) as receiver:
        subscribe(provider, receiver.url)
        publish()

        # when
        started = time.monotonic()
        run_worker()
        elapsed = time.monotonic() - started

    # then
    attempt = DeliveryAttempt.objects.get()
    assert elapsed < 2.5
    assert attempt.status_code is None
    assert "timeout" in attempt.error.lower() or "timed out" in attempt.error.lower()
    assert Delivery.objects.get().status == DeliveryStatus.FAILED


def test_saving_returns_at_once_when_the_receiver_hangs(provider, subscribe, publish):
    # given: a receiver that would keep a caller waiting five seconds
    with Receiver([200], delay=5) as receiver:
        subscribe(provider, receiver.url)

        # when
        started = time.monotonic()
        publish()
        elapsed = time.monotonic() - started

        # then: the save and commit did no HTTP; the delivery waits for the worker
        assert elapsed < 1
        assert receiver.received == []
    assert Delivery.objects.get().status == DeliveryStatus.PENDING


def test_a_task_for_a_delivery_that_is_not_due_sends_nothing(provider, subscribe, receiver):
    # given: a retry waits for its back-off (a duplicate task, after a sweep, say)
    subscribe(provider, receiver.url)
    PartyFactory(provider=provider)
    delivery = Delivery.objects.get()
    delivery.status = DeliveryStatus.FAILED
    delivery.next_attempt_at = clock.now() + timedelta(minutes=5)
    delivery.save()

    # when
    deliver.enqueue(delivery_id=delivery.pk)
    run_worker()

    # then
    assert receiver.received == []
    assert DBTaskResult.objects.get().return_value == "not due"


def test_a_subscription_switched_off_before_delivery_gets_nothing(
    provider, subscribe, receiver, publish
):
    # given
    subscription = subscribe(provider, receiver.url)
    publish()
    subscription.is_active = False
    subscription.save()

    # when
    run_worker()

    # then
    assert receiver.received == []
    assert Delivery.objects.get().status == DeliveryStatus.DEAD
