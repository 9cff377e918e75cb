"""One delivery attempt: claim, sign, POST, log, and decide what comes next (issue 4).

The attempt never runs inside a database transaction while it waits for the receiver: the
claim is one UPDATE, the HTTP call happens outside any transaction, and the result is
written in a short one. A claim moves ``next_attempt_at`` forward by the time limit plus a
margin (a lease), so a second task for the same delivery — after a sweep, say — finds
nothing to do, and a worker that died mid-call leaves a delivery the sweep picks up again.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from klantbeeld.core import clock
from klantbeeld.events import payloads, transport
from klantbeeld.events.constants import DeliveryStatus, PayloadFormat
from klantbeeld.events.models import Delivery, DeliveryAttempt
from klantbeeld.events.resources import api_root, resource_url

logger = logging.getLogger(__name__)

OPEN_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.FAILED)
LEASE_MARGIN = timedelta(seconds=60)
USER_AGENT = "Klantbeeld-Notificaties/1"
_jitter = random.SystemRandom()

RetryScheduler = Callable[[int, datetime], None]


def delivery_attempt(*, delivery_id: int, schedule_retry: RetryScheduler) -> str | None:
    """Make one attempt if the delivery is due; return its new status, or None if not due.

    ``schedule_retry(delivery_id, at)`` is called inside the transaction that records a
    failed attempt, so the retry is queued exactly when the failure is recorded.
    """
    delivery = _claim(delivery_id)
    if delivery is None:
        return None
    if not delivery.subscription.is_active:
        return _close(delivery, DeliveryStatus.DEAD, "Abonnement is niet actief.")
    body, content_type = delivery_body(delivery)
    started_at = clock.now()
    response = transport.post(
        delivery.subscription.callback_url,
        body=body,
        headers=delivery_headers(delivery, body=body, content_type=content_type),
        timeout=settings.KLANTBEELD_EVENTS_TIMEOUT_SECONDS,
    )
    return _record(delivery, response, started_at=started_at, schedule_retry=schedule_retry)


def delivery_body(delivery: Delivery) -> tuple[bytes, str]:
    """The exact bytes and their content type, the same on every attempt."""
    notification = delivery.notification
    event = payloads.Event(
        id=notification.uuid,
        kanaal=notification.kanaal,
        resource=notification.resource,
        resource_url=resource_url(notification.resource, notification.resource_uuid),
        main_url=resource_url(notification.main_resource, notification.main_uuid),
        action=notification.action,
        created_at=notification.created_at,
        kenmerken=notification.kenmerken,
    )
    if delivery.subscription.payload_format == PayloadFormat.CLOUDEVENTS:
        body = payloads.encode(payloads.cloudevent(event, source=api_root()))
        return body, payloads.CLOUDEVENTS_CONTENT_TYPE
    return payloads.encode(payloads.notificaties_body(event)), payloads.JSON_CONTENT_TYPE


def delivery_headers(delivery: Delivery, *, body: bytes, content_type: str) -> dict[str, str]:
    return {
        "Content-Type": content_type,
        "User-Agent": USER_AGENT,
        payloads.IDEMPOTENCY_HEADER: str(delivery.uuid),
        payloads.SIGNATURE_HEADER: payloads.signature(body, delivery.subscription.secret),
    }


def _claim(delivery_id: int) -> Delivery | None:
    now = clock.now()
    lease = timedelta(seconds=settings.KLANTBEELD_EVENTS_TIMEOUT_SECONDS) + LEASE_MARGIN
    claimed = Delivery.objects.filter(
        pk=delivery_id, status__in=OPEN_STATUSES, next_attempt_at__lte=now
    ).update(next_attempt_at=now + lease)
    if not claimed:
        return None
    return Delivery.objects.select_related("notification", "subscription").get(pk=delivery_id)


@transaction.atomic
def _record(
    delivery: Delivery,
    response: transport.Response,
    *,
    started_at: datetime,
    schedule_retry: RetryScheduler,
) -> str:
    delivery.attempts += 1
    DeliveryAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        attempted_at=started_at,
        status_code=response.status_code,
        duration_ms=response.duration_ms,
        error=response.error,
    )
    delivery.last_status_code = response.status_code
    delivery.last_error = response.error
    logger.info(
        "event delivery attempt delivery=%s attempt=%d status_code=%s duration_ms=%d",
        delivery.uuid,
        delivery.attempts,
        response.status_code,
        response.duration_ms,
    )
    if response.is_success:
        delivery.delivered_at = clock.now()
        return _close(delivery, DeliveryStatus.DELIVERED, "")
    if delivery.attempts >= settings.KLANTBEELD_EVENTS_MAX_ATTEMPTS:
        return _close(delivery, DeliveryStatus.DEAD, response.error)
    delivery.status = DeliveryStatus.FAILED
    delivery.next_attempt_at = clock.now() + payloads.retry_delay(
        delivery.attempts,
        base_seconds=settings.KLANTBEELD_EVENTS_RETRY_BASE_SECONDS,
        cap_seconds=settings.KLANTBEELD_EVENTS_RETRY_CAP_SECONDS,
        jitter=_jitter.uniform(0.8, 1.2),
    )
    delivery.save()
    schedule_retry(delivery.pk, delivery.next_attempt_at)
    return delivery.status


def _close(delivery: Delivery, status: DeliveryStatus, error: str) -> str:
    delivery.status = status
    delivery.next_attempt_at = None
    delivery.last_error = error
    delivery.save()
    if status == DeliveryStatus.DEAD:
        logger.warning("event delivery given up delivery=%s", delivery.uuid)
    return status
