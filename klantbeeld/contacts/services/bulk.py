"""Bulk import of contact history from other source systems (issue 5; CV-01, CV-14).

When an organisation starts with Klantbeeld, years of contacts sit in the old CRM, the phone
platform and the mail archive. They are imported in batches of set-based inserts rather than
through the per-message path: the history is already handled, so it needs no identity
resolution or routing, only its place in the customer's timeline. Each record is keyed on
(source system, its id there), so running an import again adds only what is new.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.db import transaction

from klantbeeld.contacts.constants import ConversationStatus, ParticipantRole
from klantbeeld.contacts.models import (
    Actor,
    ActorContactMoment,
    ContactMoment,
    Conversation,
    ImportKey,
    Participant,
)
from klantbeeld.core.bulk import ids_by_uuid, rows_insert
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.parties.models import Party
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.services import purpose_bound, purpose_check

BATCH_SIZE = 2000


@dataclass(frozen=True)
class ImportedContact:
    source_id: str
    party_number: str
    channel: str
    direction: str
    occurred_at: datetime
    subject: str
    content: str = ""


@dataclass(frozen=True)
class ImportResult:
    created: int
    skipped: int
    unknown_parties: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.created / self.seconds if self.seconds else 0.0


def contact_moments_import(
    *,
    accessor: Accessor,
    source: str,
    rows: Iterable[ImportedContact],
    actor: Actor,
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """Import ``rows`` in batches; each batch commits on its own, so a failure halfway keeps
    what was done and a rerun continues (the keys skip what is there)."""
    purpose_check(accessor=accessor, activity=Activity.DATA_IMPORT)
    if not source.strip():
        raise ValidationError({"source": "Geef de naam van het bronsysteem op."})
    if actor.provider_id != accessor.provider_id:
        raise ValidationError({"actor": "Deze actor hoort niet bij uw organisatie."})
    started = time.perf_counter()
    created = skipped = unknown = 0
    for batch in _batches(rows, batch_size):
        made, already, missing = _import_batch(accessor, source.strip(), batch, actor)
        created, skipped, unknown = created + made, skipped + already, unknown + missing
    return ImportResult(created, skipped, unknown, time.perf_counter() - started)


def _batches(rows: Iterable[ImportedContact], size: int) -> Iterator[list[ImportedContact]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


_CHANNELS = frozenset(Channel.values)
_DIRECTIONS = frozenset(Direction.values)


def _validated(row: ImportedContact) -> None:
    if row.channel not in _CHANNELS:
        raise ValidationError(f"{row.source_id}: onbekend kanaal '{row.channel}'.")
    if row.direction not in _DIRECTIONS:
        raise ValidationError(f"{row.source_id}: onbekende richting '{row.direction}'.")
    if not row.subject.strip():
        raise ValidationError(f"{row.source_id}: het onderwerp ontbreekt.")


@transaction.atomic
def _import_batch(
    accessor: Accessor, source: str, batch: list[ImportedContact], actor: Actor
) -> tuple[int, int, int]:
    for row in batch:
        _validated(row)
    provider_id = accessor.provider_id
    known = set(
        ImportKey.objects.filter(
            provider_id=provider_id, source=source, source_id__in=[row.source_id for row in batch]
        ).values_list("source_id", flat=True)
    )
    parties = {
        party.number: party
        for party in Party.objects.filter(
            provider_id=provider_id, number__in={row.party_number for row in batch}
        ).only("pk", "uuid", "number", "initials", "given_names", "surname_prefix", "surname")
    }
    new, seen = [], set()
    for row in batch:
        if row.source_id in known or row.source_id in seen or row.party_number not in parties:
            continue
        seen.add(row.source_id)
        new.append(row)
    unknown = sum(1 for row in batch if row.party_number not in parties)
    conversation_uuids = [uuid4() for _ in new]
    rows_insert(
        Conversation,
        [
            {
                "uuid": key,
                "provider_id": provider_id,
                "party_id": parties[row.party_number].pk,
                "subject": row.subject[:200],
                "status": ConversationStatus.CLOSED.value,
                "opened_at": row.occurred_at,
                "last_activity_at": row.occurred_at,
                "closed_at": row.occurred_at,
            }
            for row, key in zip(new, conversation_uuids, strict=True)
        ],
    )
    conversation_ids = ids_by_uuid(Conversation, conversation_uuids)
    moment_uuids = [uuid4() for _ in new]
    rows_insert(
        ContactMoment,
        [
            {
                "uuid": key,
                "provider_id": provider_id,
                "channel": str(row.channel),
                "direction": str(row.direction),
                "subject": row.subject[:200],
                "content": row.content,
                "occurred_at": row.occurred_at,
                "conversation_id": conversation_ids[conversation_key],
                "is_successful": True,
                "metadata": {"bron": source},
            }
            for row, key, conversation_key in zip(
                new, moment_uuids, conversation_uuids, strict=True
            )
        ],
    )
    moment_ids = ids_by_uuid(ContactMoment, moment_uuids)
    rows_insert(
        Participant,
        [
            {
                "contact_moment_id": moment_ids[key],
                "party_id": party.pk,
                "role": ParticipantRole.CUSTOMER.value,
                "is_initiator": row.direction == Direction.INBOUND,
                "initials": party.initials,
                "given_name": party.given_names,
                "surname_prefix": party.surname_prefix,
                "surname": party.surname,
            }
            for row, key in zip(new, moment_uuids, strict=True)
            for party in [parties[row.party_number]]
        ],
    )
    rows_insert(
        ActorContactMoment,
        [{"actor_id": actor.pk, "contact_moment_id": moment_ids[key]} for key in moment_uuids],
    )
    rows_insert(
        ImportKey,
        [
            {
                "provider_id": provider_id,
                "source": source,
                "source_id": row.source_id,
                "contact_moment_id": moment_ids[key],
            }
            for row, key in zip(new, moment_uuids, strict=True)
        ],
    )
    subjects = list({parties[row.party_number].uuid for row in new})
    if subjects:
        purpose_bound(
            accessor=accessor,
            activity=Activity.DATA_IMPORT,
            operation=Operation.CREATE,
            subjects=subjects,
        )
    return len(new), len(batch) - len(new) - unknown, unknown
