"""Background delivery of outbound events (issue 4), run by django-tasks' database worker.

``klantbeeld db_worker`` runs them; a failed attempt queues the next one with ``run_after``,
which the database backend supports, so a waiting retry costs no worker time.
"""

from __future__ import annotations

from datetime import datetime

from django_tasks import task

from klantbeeld.events.delivery import delivery_attempt


@task()
def deliver(delivery_id: int) -> str:
    """POST one delivery once; a failure schedules its own retry."""
    status = delivery_attempt(delivery_id=delivery_id, schedule_retry=delivery_schedule)
    return status or "not due"


def delivery_schedule(delivery_id: int, at: datetime | None = None) -> None:
    """Queue an attempt now or at ``at``. Called inside the caller's transaction: with the
    database backend the queued task commits (or rolls back) together with it."""
    if at is None:
        deliver.enqueue(delivery_id=delivery_id)
    else:
        deliver.using(run_after=at).enqueue(delivery_id=delivery_id)
