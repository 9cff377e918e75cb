# ruff: noqa: S608 — only table names from the models and %s placeholders are interpolated;
# every value is a query parameter.
"""What a page of partijen needs besides its own columns, in a few value queries.

Django's ``prefetch_related`` builds a model instance and a queryset per related row; for a
page of 100 partijen with their betrokkenen, identifiers and addresses that was most of the
time of a request (docs/benchmarks.md). These loaders read plain values instead, seven
queries per page whatever its size, and attach a :class:`PartyBundle` to each row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any
from uuid import UUID

from django.db import connection

from klantbeeld.api.resources.common import ADDRESS_COLUMNS
from klantbeeld.contacts.models import Participant
from klantbeeld.parties.constants import IdentifierKind
from klantbeeld.parties.models import (
    BankAccount,
    Category,
    CategoryRelation,
    DigitalAddress,
    Party,
    PartyIdentifier,
    PostalAddress,
    Representation,
)


@dataclass(frozen=True)
class IdentifierValues:
    uuid: UUID
    kind: str
    object_type: str
    value: str
    register: str
    other_identifier: str
    parent_uuid: UUID | None


@dataclass(frozen=True)
class CategoryRelationValues:
    uuid: UUID
    category_name: str | None
    start_date: date | None
    end_date: date | None


@dataclass
class PartyBundle:
    participations: list[UUID] = field(default_factory=list)
    category_relations: list[CategoryRelationValues] = field(default_factory=list)
    digital_addresses: list[UUID] = field(default_factory=list)
    represented: list[UUID] = field(default_factory=list)
    bank_accounts: list[UUID] = field(default_factory=list)
    identifiers: list[IdentifierValues] = field(default_factory=list)
    postal_addresses: dict[str, Any] = field(default_factory=dict)


def parties_bundled(rows: Sequence[Party]) -> list[Party]:
    """``rows`` with ``api_bundle`` set; the order of every list is the order of creation.

    Hand-written SQL over the models' own table and column names: compiling seven ORM
    querysets cost more than running them (a third of a single-partij request)."""
    bundles: dict[int, PartyBundle] = defaultdict(PartyBundle)
    ids = [row.pk for row in rows]
    if ids:
        _load(bundles, ids)
    for row in rows:
        row.api_bundle = bundles[row.pk]  # type: ignore[attr-defined]
    return list(rows)


def _load(bundles: dict[int, PartyBundle], ids: list[int]) -> None:
    marks = ", ".join(["%s"] * len(ids))
    participant, address, account = (
        _table(Participant),
        _table(DigitalAddress),
        _table(BankAccount),
    )
    for party_id, uuid in _select(
        f"SELECT party_id, uuid FROM {participant} WHERE party_id IN ({marks}) ORDER BY id", ids
    ):
        bundles[party_id].participations.append(_uuid(uuid))
    for party_id, uuid in _select(
        f"SELECT party_id, uuid FROM {address} WHERE party_id IN ({marks}) ORDER BY id", ids
    ):
        bundles[party_id].digital_addresses.append(_uuid(uuid))
    for party_id, uuid in _select(
        f"SELECT party_id, uuid FROM {account} WHERE party_id IN ({marks}) ORDER BY id", ids
    ):
        bundles[party_id].bank_accounts.append(_uuid(uuid))
    party, representation = _table(Party), _table(Representation)
    for party_id, uuid in _select(
        f"SELECT r.representative_id, p.uuid FROM {representation} r"
        f" JOIN {party} p ON p.id = r.represented_id"
        f" WHERE r.representative_id IN ({marks}) ORDER BY r.id",
        ids,
    ):
        bundles[party_id].represented.append(_uuid(uuid))
    relation, category = _table(CategoryRelation), _table(Category)
    for party_id, uuid, name, start, end in _select(
        f"SELECT r.party_id, r.uuid, c.name, r.start_date, r.end_date FROM {relation} r"
        f" LEFT JOIN {category} c ON c.id = r.category_id"
        f" WHERE r.party_id IN ({marks}) ORDER BY r.id",
        ids,
    ):
        bundles[party_id].category_relations.append(
            CategoryRelationValues(_uuid(uuid), name, _date(start), _date(end))
        )
    # Customer numbers of source systems are not a kind the standard knows: left out
    # (docs/api/deviations.md).
    identifier = _table(PartyIdentifier)
    for party_id, uuid, kind, object_type, value, register, other, parent in _select(
        f"SELECT i.party_id, i.uuid, i.kind, i.object_type, i.value, i.register,"
        f" i.other_identifier, parent.uuid FROM {identifier} i"
        f" LEFT JOIN {identifier} parent ON parent.id = i.parent_id"
        f" WHERE i.party_id IN ({marks}) AND i.kind <> %s ORDER BY i.id",
        [*ids, IdentifierKind.CUSTOMER_NUMBER.value],
    ):
        bundles[party_id].identifiers.append(
            IdentifierValues(
                _uuid(uuid), kind, object_type, value, register, other, _uuid_or_none(parent)
            )
        )
    columns = list(ADDRESS_COLUMNS.values())
    for party_id, kind, *values in _select(
        f"SELECT party_id, kind, {', '.join(columns)} FROM {_table(PostalAddress)}"
        f" WHERE party_id IN ({marks})",
        ids,
    ):
        bundles[party_id].postal_addresses[kind] = SimpleNamespace(
            **dict(zip(columns, values, strict=True))
        )


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _select(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _uuid(value: Any) -> UUID:
    """SQLite holds a uuid as 32 hex characters, PostgreSQL as a uuid."""
    return value if isinstance(value, UUID) else UUID(value)


def _uuid_or_none(value: Any) -> UUID | None:
    return None if value is None else _uuid(value)


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value
