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

from django.db import close_old_connections, connection, transaction
from django.db.models import Q

from klantbeeld.channels.batch import inbound_batch_process
from klantbeeld.channels.constants import InboundStatus, OutboundStatus
from klantbeeld.channels.models import InboundMessage, OutboundMessage
from klantbeeld.channels.outbound import outbound_deliver_once
from klantbeeld.core import clock
from klantbeeld.core.memo import memo_scope

logger = logging.getLogger(__name__)

BATCH = 200
# Messages per transaction: one claim, one set-based pass and one commit for this many, and
# what a crash would redo. SQLite has one writer: a shorter transaction lets the webhooks in.
TRANSACTION_SIZE = 200
SQLITE_TRANSACTION_SIZE = 100


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
    processed = taken = 0
    size = SQLITE_TRANSACTION_SIZE if connection.vendor == "sqlite" else TRANSACTION_SIZE
    while taken < limit:
        claimed, done = _process_batch(min(size, limit - taken))
        taken, processed = taken + claimed, processed + done
        if claimed < min(size, limit - taken + claimed):
            break
    delivered = 0
    for outbound_id in outbound_due(limit):
        if outbound_deliver_once(outbound_id) == OutboundStatus.SENT:
            delivered += 1
    return processed, delivered


def inbound_claim(limit: int) -> list[InboundMessage]:
    """The oldest waiting messages, claimed with one query: on PostgreSQL locked until the
    transaction ends, skipping what another worker holds (``of=self``: the joined
    organisation is not locked)."""
    query = (
        InboundMessage.objects.filter(status=InboundStatus.RECEIVED)
        .select_related("provider")
        .defer("raw")
        .order_by("received_at", "id")
    )
    if connection.features.has_select_for_update_skip_locked:
        query = query.select_for_update(skip_locked=True, of=("self",))
    return list(query[:limit])


def _process_batch(limit: int) -> tuple[int, int]:
    """Claim up to ``limit`` messages and process them in one transaction, set-based
    (``batch.py``), lookups shared (``core.memo``); a crash anywhere rolls the whole batch
    back to ``ontvangen`` — still exactly once (ADR 0007, 0008). (claimed, processed)."""
    with transaction.atomic(), memo_scope():
        messages = inbound_claim(limit)
        return len(messages), inbound_batch_process(messages) if messages else 0


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
