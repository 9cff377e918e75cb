"""An API write reaches the organisation's webhook, and a dead webhook never blocks the API
(issue 4, item 5)."""

from __future__ import annotations

import json
import time

from klantbeeld.api.tests.conftest import BASE
from klantbeeld.events.constants import DeliveryStatus
from klantbeeld.events.models import Delivery
from klantbeeld.events.tests.conftest import run_worker
from klantbeeld.events.tests.receiver import Receiver, closed_port_url


def test_a_partij_made_changed_and_removed_through_the_api_is_announced_three_times(
    api, provider, subscribe, django_capture_on_commit_callbacks, settings
):
    settings.KLANTBEELD_PUBLIC_URL = "http://testserver"
    with Receiver() as receiver:
        subscribe(provider, receiver.url, kanalen=["partijen"])
        with django_capture_on_commit_callbacks(execute=True):
            created = api.post(
                f"{BASE}/partijen",
                {"soortPartij": "organisatie", "indicatieActief": True},
                format="json",
            ).json()
        with django_capture_on_commit_callbacks(execute=True):
            api.patch(created["url"], {"interneNotitie": "Nieuwe eigenaar"}, format="json")
        with django_capture_on_commit_callbacks(execute=True):
            api.delete(created["url"])

        run_worker()

        bodies = [json.loads(item.body) for item in receiver.received]
    assert [(body["actie"], body["resourceUrl"]) for body in bodies] == [
        ("create", created["url"]),
        ("update", created["url"]),
        ("destroy", created["url"]),
    ]
    assert all(body["kenmerken"] == {"soortPartij": "organisatie"} for body in bodies)


def test_a_dead_webhook_does_not_slow_or_fail_the_api_call(
    api, provider, subscribe, django_capture_on_commit_callbacks
):
    subscribe(provider, closed_port_url(), kanalen=["klantcontacten"])
    body = {"kanaal": "telefoon", "onderwerp": "Vraag", "taal": "nld", "vertrouwelijk": False}

    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"{BASE}/klantcontacten", body, format="json")
    elapsed = time.perf_counter() - started

    assert response.status_code == 201
    assert elapsed < 1.0
    assert Delivery.objects.get().status == DeliveryStatus.PENDING
