"""The hash chain that makes the processing log tamper-evident (PRIV-05).

Pure functions: a record's digest covers its own fields and the digest of the record before it
in the same organisation's chain, so changing, inserting or deleting any sealed record breaks
every digest after it. ``klantbeeld privacy verify`` recomputes the chain.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

GENESIS = "0" * 64


@dataclass(frozen=True)
class ChainedFields:
    """Exactly the fields a digest covers, in a fixed order."""

    record_id: int
    provider_id: int
    activity_id: int
    occurred_at: datetime
    trace_id: str
    data_subject: UUID | None
    actor_kind: str
    actor_id: str
    operation: str


def canonical(fields: ChainedFields) -> bytes:
    parts = (
        str(fields.record_id),
        str(fields.provider_id),
        str(fields.activity_id),
        fields.occurred_at.isoformat(timespec="microseconds"),
        fields.trace_id,
        str(fields.data_subject or ""),
        fields.actor_kind,
        fields.actor_id,
        fields.operation,
    )
    return "\x1f".join(parts).encode()


def digest(previous: str, fields: ChainedFields) -> str:
    return hashlib.sha256(previous.encode() + b"\x1e" + canonical(fields)).hexdigest()
