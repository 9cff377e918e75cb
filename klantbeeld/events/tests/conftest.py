"""Fixtures of the events tests: subscriptions, a running receiver, the real task worker."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from klantbeeld.core import clock
from klantbeeld.events.constants import Kanaal, PayloadFormat
from klantbeeld.events.models import Delivery, Subscription
from klantbeeld.events.tests.receiver import Receiver


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


@pytest.fixture
def subscribe():
    def make(
        provider, url, *, kanalen=tuple(Kanaal.values), payload_format=PayloadFormat.NOTIFICATIES
    ):
        return Subscription.objects.create(
            provider=provider,
            name="Zaaksysteem",
            callback_url=url,
            kanalen=list(kanalen),
            payload_format=payload_format,
        )

    return make


def run_worker() -> None:
    """django-tasks-db's own worker, in-process, until no task is ready.

    The worker closes "old" connections between tasks. Inside a test's transaction Django
    counts the connection as unusable (autocommit differs from the settings) and would close
    it, on PostgreSQL taking the test's transaction with it; the in-memory SQLite connection
    is never closed. So here, and only here, that housekeeping is switched off."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        _worker().run()


def _worker() -> Worker:
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def fast_forward() -> None:
    """Let the waiting retries fall due, as if their back-off had passed."""
    past = clock.now() - timedelta(seconds=1)
    DBTaskResult.objects.filter(run_after__gt=past).update(run_after=past)
    Delivery.objects.filter(next_attempt_at__gt=past).update(next_attempt_at=past)
