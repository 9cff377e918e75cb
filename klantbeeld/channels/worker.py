"""The channels worker: processes stored inbound messages and delivers queued replies
(issue 5, item 1). ``klantbeeld channels work`` runs :func:`work_loop`.

The inbound table is its own queue (a transactional inbox): a message is ``ontvangen`` until
the transaction that processed it commits. Several workers may run against PostgreSQL (rows
are claimed with SKIP LOCKED); on SQLite, run one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.db import close_old_connections, transaction
from django.db.models import Q

from klantbeeld.channels.constants import InboundStatus, OutboundStatus
from klantbeeld.channels.models import InboundMessage, OutboundMessage
from klantbeeld.channels.outbound import outbound_deliver_once
from klantbeeld.channels.pipeline import inbound_process
from klantbeeld.core import clock
from klantbeeld.core.memo import memo_scope

logger = logging.getLogger(__name__)

BATCH = 200
# Messages per transaction: one commit for this many, and what a crash would redo.
TRANSACTION_SIZE = 50


def inbound_pending(limit: int = BATCH) -> list[int]:
    return list(
        InboundMessage.objects.filter(status=InboundStatus.RECEIVED)
        .order_by("received_at", "id")
        .values_list("pk", flat=True)[:limit]
    )


def outbound_due(limit: int = BATCH) -> list[int]:
    return list(
        OutboundMessage.objects.filter(status=OutboundStatus.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=clock.now()))
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:limit]
    )


def work_once(limit: int = BATCH) -> tuple[int, int]:
    """One pass: process up to ``limit`` inbound messages and deliver due replies."""
    processed = 0
    waiting = inbound_pending(limit)
    for start in range(0, len(waiting), TRANSACTION_SIZE):
        processed += _process_batch(waiting[start : start + TRANSACTION_SIZE])
    delivered = 0
    for outbound_id in outbound_due(limit):
        if outbound_deliver_once(outbound_id) == OutboundStatus.SENT:
            delivered += 1
    return processed, delivered


def _process_batch(message_ids: list[int]) -> int:
    """Process messages in one transaction, each in a savepoint of its own: one commit for
    the batch, lookups shared (``core.memo``), and a crash anywhere rolls the whole batch
    back to ``ontvangen`` — still exactly once (ADR 0007)."""
    processed = 0
    with transaction.atomic(), memo_scope():
        for message_id in message_ids:
            if inbound_process(message_id) == InboundStatus.PROCESSED:
                processed += 1
    return processed


def drain(limit: int = BATCH) -> int:
    """Work until nothing is waiting; returns the number of inbound messages processed."""
    total = 0
    while True:
        waiting = inbound_pending(1)
        if not waiting:
            return total
        processed, _ = work_once(limit)
        total += processed
        if processed == 0 and inbound_pending(1) == waiting:
            # What is left is locked by another worker or keeps failing on the database.
            return total


def work_loop(*, idle_seconds: float = 0.5, stop: Callable[[], bool] = lambda: False) -> None:
    while not stop():
        close_old_connections()
        try:
            processed, delivered = work_once()
        except Exception:
            logger.exception("channels worker pass failed; trying again")
            processed = delivered = 0
            time.sleep(idle_seconds)
        if processed == 0 and delivered == 0:
            time.sleep(idle_seconds)
