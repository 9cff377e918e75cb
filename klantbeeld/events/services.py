"""Writes of outbound events: record a change, redeliver, sweep, prune (issue 4; CV-14).

:func:`notification_record` runs inside the transaction of the change (see ``receivers``) and
only writes rows: the outbox notification and one delivery per following subscription. The
delivery tasks are queued with ``transaction.on_commit``, so a rolled-back change sends
nothing, and no HTTP call ever happens on the request path: a dead receiver cannot slow or
fail the request that caused the event.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import Exists, Model, OuterRef, QuerySet

from klantbeeld.core import clock
from klantbeeld.events.constants import Action, DeliveryStatus
from klantbeeld.events.delivery import OPEN_STATUSES
from klantbeeld.events.models import Delivery, Notification
from klantbeeld.events.resources import resource_for
from klantbeeld.events.selectors import subscriptions_following
from klantbeeld.events.tasks import delivery_schedule

logger = logging.getLogger(__name__)


@transaction.atomic
def notification_record(*, instance: Model, action: Action) -> Notification | None:
    """Record that ``instance`` was created, updated or destroyed, for whoever follows it.

    Costs one indexed query when nobody follows the kanaal, and writes nothing then.
    """
    resource = resource_for(instance)
    provider_id: int = instance.provider_id  # type: ignore[attr-defined]
    subscriptions = subscriptions_following(provider_id=provider_id, kanaal=resource.kanaal)
    if not subscriptions:
        return None
    notification = Notification.objects.create(
        provider_id=provider_id,
        kanaal=resource.kanaal,
        resource=resource.name,
        resource_uuid=instance.uuid,  # type: ignore[attr-defined]
        # Each published resource is its own main object (hoofdObject), as in Open Klant.
        main_resource=resource.name,
        main_uuid=instance.uuid,  # type: ignore[attr-defined]
        action=action,
        kenmerken=resource.kenmerken(instance),
    )
    for subscription in subscriptions:
        delivery = Delivery.objects.create(
            notification=notification,
            subscription=subscription,
            next_attempt_at=notification.created_at,
        )
        transaction.on_commit(partial(delivery_schedule, delivery.pk))
    logger.info(
        "event recorded notification=%s kanaal=%s actie=%s deliveries=%d",
        notification.uuid,
        notification.kanaal,
        action,
        len(subscriptions),
    )
    return notification


@transaction.atomic
def deliveries_redeliver(*, deliveries: QuerySet[Delivery]) -> int:
    """Start given-up (or failing) deliveries afresh now: a new round of attempts with the
    same idempotency key, so a receiver that did get an earlier try can recognise it."""
    ids = list(
        deliveries.filter(status__in=(DeliveryStatus.DEAD, DeliveryStatus.FAILED)).values_list(
            "pk", flat=True
        )
    )
    Delivery.objects.filter(pk__in=ids).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=clock.now(), last_error=""
    )
    for delivery_id in ids:
        transaction.on_commit(partial(delivery_schedule, delivery_id))
    logger.info("event deliveries redelivered count=%d", len(ids))
    return len(ids)


def deliveries_sweep(*, overdue: timedelta = timedelta(minutes=10)) -> int:
    """Queue again the open deliveries whose attempt is long overdue.

    Only needed after a crash between a commit and its queued task (or of a worker during a
    call); the claim in ``delivery`` makes a surplus task harmless. Safe to run from cron.
    """
    due_before = clock.now() - overdue
    ids = list(
        Delivery.objects.filter(
            status__in=OPEN_STATUSES, next_attempt_at__lte=due_before
        ).values_list("pk", flat=True)
    )
    for delivery_id in ids:
        delivery_schedule(delivery_id)
    return len(ids)


def notifications_prune(*, before: datetime) -> int:
    """Remove notifications (and their delivery log) older than ``before`` that nothing waits
    for any more: data minimisation of the outbox (PRIV-14)."""
    still_open = Delivery.objects.filter(notification=OuterRef("pk"), status__in=OPEN_STATUSES)
    old = Notification.objects.filter(created_at__lt=before).exclude(Exists(still_open))
    count = old.count()
    old.delete()
    return count
