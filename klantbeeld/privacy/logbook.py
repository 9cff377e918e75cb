"""Sealing, verifying and pruning the processing log's hash chain (PRIV-05; ADR 0002).

Records are inserted unsealed inside the caller's transaction (no lock on the read path).
Right after that transaction commits, :func:`processing_log_seal` takes the organisation's
chain head, gives every unsealed record the next position and its digest, and moves the head.
Sealing order, not id order, defines the chain, so records that commit out of id order are
never skipped. :func:`processing_log_verify` recomputes the chain from its anchor.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction

from klantbeeld.privacy.chain import GENESIS, ChainedFields, digest
from klantbeeld.privacy.models import ProcessingLog, ProcessingLogChain

logger = logging.getLogger(__name__)
SEAL_BATCH = 5_000


def _fields(record: ProcessingLog) -> ChainedFields:
    return ChainedFields(
        record_id=record.pk,
        provider_id=record.provider_id,
        activity_id=record.activity_id,
        occurred_at=record.occurred_at,
        trace_id=record.trace_id,
        data_subject=record.data_subject,
        actor_kind=record.actor_kind,
        actor_id=record.actor_id,
        operation=record.operation,
    )


def _chain_for_update(provider_id: int) -> ProcessingLogChain:
    chain = ProcessingLogChain.objects.select_for_update().filter(provider_id=provider_id).first()
    if chain is not None:
        return chain
    ProcessingLogChain.objects.get_or_create(
        provider_id=provider_id, defaults={"last_hash": GENESIS, "anchor_hash": GENESIS}
    )
    return ProcessingLogChain.objects.select_for_update().get(provider_id=provider_id)


def processing_log_seal(*, provider_id: int) -> int:
    """Seal every unsealed record of one organisation; returns how many were sealed."""
    sealed = 0
    while True:
        with transaction.atomic():
            chain = _chain_for_update(provider_id)
            records = list(
                ProcessingLog.objects.filter(provider_id=provider_id, record_hash="").order_by(
                    "id"
                )[:SEAL_BATCH]
            )
            if not records:
                return sealed
            for record in records:
                chain.last_position += 1
                record.chain_position = chain.last_position
                record.previous_hash = chain.last_hash
                record.record_hash = digest(chain.last_hash, _fields(record))
                chain.last_hash = record.record_hash
            _chain_fields_write(records)
            chain.save(update_fields=["last_position", "last_hash"])
            sealed += len(records)
        if len(records) < SEAL_BATCH:
            return sealed  # the last batch was not full: nothing was left unsealed


def _chain_fields_write(records: list[ProcessingLog]) -> None:
    """One parameterised UPDATE per record by primary key: far cheaper than bulk_update's
    CASE expression on large batches (SQLite and PostgreSQL alike)."""
    table = connection.ops.quote_name(ProcessingLog._meta.db_table)
    sql = (
        f"UPDATE {table} SET chain_position = %s, previous_hash = %s, record_hash = %s"  # noqa: S608
        " WHERE id = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [(r.chain_position, r.previous_hash, r.record_hash, r.pk) for r in records],
        )


# When this process last queued a seal, per organisation (time.monotonic()).
_last_sealed: dict[int, float] = {}


def seal_after_commit(provider_id: int) -> None:
    """Queue sealing for when the current transaction commits, once per transaction and
    organisation, and at most once per ``KLANTBEELD_LOG_SEAL_INTERVAL_SECONDS`` per process:
    under load one seal takes the records of many requests, instead of every request taking the
    chain's lock (ADR 0002). ``klantbeeld privacy seal`` from cron seals what a quiet spell
    leaves. A failure is logged and left for the next seal, never turned into an error for the
    person who was being served."""
    interval = settings.KLANTBEELD_LOG_SEAL_INTERVAL_SECONDS
    now = time.monotonic()
    if interval > 0 and now - _last_sealed.get(provider_id, -interval) < interval:
        return
    connection = transaction.get_connection()
    pending = (getattr(func, "seals_provider", None) for _, func, _ in connection.run_on_commit)
    if connection.in_atomic_block and provider_id in pending:
        return  # a savepoint rollback removes the queued seal too, so this stays correct

    def seal() -> None:
        processing_log_seal(provider_id=provider_id)

    seal.seals_provider = provider_id  # type: ignore[attr-defined]
    _last_sealed[provider_id] = now
    transaction.on_commit(seal, robust=True)


@dataclass(frozen=True)
class Verification:
    provider_id: int
    checked: int
    unsealed: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def is_intact(self) -> bool:
        return self.broken_at is None and not self.reason


def processing_log_verify(*, provider_id: int) -> Verification:
    """Recompute the chain; the first position where it breaks, and why."""
    chain = ProcessingLogChain.objects.filter(provider_id=provider_id).first()
    unsealed = ProcessingLog.objects.filter(provider_id=provider_id, record_hash="").count()
    if chain is None:
        return Verification(provider_id, 0, unsealed)
    previous, position, checked = chain.anchor_hash, chain.first_position, 0
    records = ProcessingLog.objects.filter(provider_id=provider_id).exclude(record_hash="")
    for record in records.order_by("chain_position").iterator(chunk_size=SEAL_BATCH):
        problem = _link_problem(record, position, previous)
        if problem:
            return Verification(provider_id, checked, unsealed, record.chain_position, problem)
        previous, position, checked = record.record_hash, position + 1, checked + 1
    if position - 1 != chain.last_position or previous != chain.last_hash:
        return Verification(
            provider_id, checked, unsealed, position, "records at the end of the chain are missing"
        )
    return Verification(provider_id, checked, unsealed)


def _link_problem(record: ProcessingLog, position: int, previous: str) -> str:
    if record.chain_position != position:
        return f"position {position} is missing (a record was removed)"
    if record.previous_hash != previous:
        return "the link to the previous record was changed"
    if digest(previous, _fields(record)) != record.record_hash:
        return "the record's content was changed"
    return ""


def processing_log_prune(*, provider_id: int, before: datetime) -> int:
    """Remove sealed records older than ``before`` (the log's own retention); the first
    remaining record's link becomes the chain's new anchor, so verification still works."""
    with transaction.atomic():
        chain = _chain_for_update(provider_id)
        old = ProcessingLog.objects.filter(
            provider_id=provider_id, occurred_at__lt=before, chain_position__isnull=False
        )
        last_old = old.order_by("-chain_position").values_list("chain_position", flat=True).first()
        if last_old is None:
            return 0
        doomed = ProcessingLog.objects.filter(provider_id=provider_id, chain_position__lte=last_old)
        survivor = (
            ProcessingLog.objects.filter(provider_id=provider_id, chain_position__gt=last_old)
            .order_by("chain_position")
            .first()
        )
        chain.first_position = last_old + 1
        chain.anchor_hash = survivor.previous_hash if survivor else chain.last_hash
        deleted, _ = doomed.delete()
        chain.save(update_fields=["first_position", "anchor_hash"])
    logger.info("processing log pruned provider=%s records=%s", provider_id, deleted)
    return deleted
