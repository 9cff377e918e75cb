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

from klantbeeld.api.resources.common import ADDRESS_COLUMNS
from klantbeeld.contacts.models import Participant
from klantbeeld.parties.constants import IdentifierKind
from klantbeeld.parties.models import (
    BankAccount,
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
    """``rows`` with ``api_bundle`` set; the order of every list is the order of creation."""
    bundles: dict[int, PartyBundle] = defaultdict(PartyBundle)
    ids = [row.pk for row in rows]
    for party_id, uuid in _pairs(Participant, "party_id", ids):
        bundles[party_id].participations.append(uuid)
    for party_id, uuid in _pairs(DigitalAddress, "party_id", ids):
        bundles[party_id].digital_addresses.append(uuid)
    for party_id, uuid in _pairs(BankAccount, "party_id", ids):
        bundles[party_id].bank_accounts.append(uuid)
    for party_id, uuid in (
        Representation.objects.filter(representative_id__in=ids)
        .order_by("pk")
        .values_list("representative_id", "represented__uuid")
    ):
        bundles[party_id].represented.append(uuid)
    for party_id, *values in (
        CategoryRelation.objects.filter(party_id__in=ids)
        .order_by("pk")
        .values_list("party_id", "uuid", "category__name", "start_date", "end_date")
    ):
        bundles[party_id].category_relations.append(CategoryRelationValues(*values))  # type: ignore[arg-type]
    # Customer numbers of source systems are not a kind the standard knows: left out
    # (docs/api/deviations.md).
    for party_id, *values in (
        PartyIdentifier.objects.filter(party_id__in=ids)
        .exclude(kind=IdentifierKind.CUSTOMER_NUMBER)
        .order_by("pk")
        .values_list(
            "party_id",
            "uuid",
            "kind",
            "object_type",
            "value",
            "register",
            "other_identifier",
            "parent__uuid",
        )
    ):
        bundles[party_id].identifiers.append(IdentifierValues(*values))  # type: ignore[arg-type]
    columns = list(ADDRESS_COLUMNS.values())
    for address in PostalAddress.objects.filter(party_id__in=ids).values(
        "party_id", "kind", *columns
    ):
        bundles[address["party_id"]].postal_addresses[address["kind"]] = SimpleNamespace(
            **{column: address[column] for column in columns}
        )
    for row in rows:
        row.api_bundle = bundles[row.pk]  # type: ignore[attr-defined]
    return list(rows)


def _pairs(model: Any, column: str, ids: list[int]) -> Any:
    return model.objects.filter(**{f"{column}__in": ids}).order_by("pk").values_list(column, "uuid")
