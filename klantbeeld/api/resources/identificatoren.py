"""partij-identificatoren: BSN, KvK-nummer, vestigingsnummer and RSIN of a partij, with the
standard's rules per kind, and the identifier filters other resources share.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django_filters import rest_framework as filters
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from klantbeeld.api import represent
from klantbeeld.api.base import (
    FilterSet,
    PartyDataViewSet,
    Reference,
    ResourceSerializer,
    StrictSerializer,
    assign,
    party_uuids,
)
from klantbeeld.api.errors import Conflict
from klantbeeld.api.resources.common import (
    text,
)
from klantbeeld.api.resources.querysets import identifiers_of, parties_of
from klantbeeld.parties import validation
from klantbeeld.parties.constants import (
    IdentifierKind,
    ObjectType,
)
from klantbeeld.parties.models import (
    PartyIdentifier,
)
from klantbeeld.parties.services import IDENTIFIER_RULES

API_IDENTIFIER_KINDS = [
    IdentifierKind.BSN,
    IdentifierKind.BRANCH,
    IdentifierKind.KVK,
    IdentifierKind.RSIN,
]


class PartijIdentificatorGroep(StrictSerializer):
    codeObjecttype = serializers.ChoiceField(choices=ObjectType.choices)
    codeSoortObjectId = serializers.ChoiceField(choices=API_IDENTIFIER_KINDS)
    objectId = serializers.CharField(max_length=200)
    codeRegister = serializers.ChoiceField(choices=[("brp", "BRP"), ("hr", "HR")])


class PartijIdentificatorSerializer(ResourceSerializer):
    shape = staticmethod(represent.identifier)

    uuid = serializers.UUIDField(required=False)
    url = serializers.URLField(read_only=True)
    identificeerdePartij = Reference("partijen", parties_of, required=False, allow_null=True)
    anderePartijIdentificator = text(200)
    partijIdentificator = PartijIdentificatorGroep()
    subIdentificatorVan = Reference(
        "partij-identificatoren", identifiers_of, required=False, allow_null=True
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        group = attrs.get("partijIdentificator")
        if group is not None:
            attrs["partijIdentificator"] = identifier_group_checked(group)
        kind = (group or {}).get("codeSoortObjectId")
        if kind == IdentifierKind.BRANCH and "subIdentificatorVan" in attrs:
            parent = attrs["subIdentificatorVan"]
            if parent is None or parent.kind != IdentifierKind.KVK:
                raise ValidationError(
                    {"subIdentificatorVan": "Een vestigingsnummer hoort bij een KvK-nummer."}
                )
        return attrs


def identifier_group_checked(group: dict[str, Any]) -> dict[str, Any]:
    """The number passes its check (11-test, digits) and the type and register fit the kind."""
    kind = group["codeSoortObjectId"]
    normalize, object_type, register = IDENTIFIER_RULES[IdentifierKind(kind)]
    errors: dict[str, str] = {}
    try:
        value = normalize(group["objectId"])
    except DjangoValidationError as exc:
        errors["objectId"] = exc.messages[0]
        value = group["objectId"]
    if group["codeObjecttype"] != object_type:
        errors["codeObjecttype"] = f"Bij {kind} hoort codeObjecttype '{object_type}'."
    if group["codeRegister"] != register:
        errors["codeRegister"] = f"Bij {kind} hoort codeRegister '{register}'."
    if errors:
        raise ValidationError({"partijIdentificator": errors})
    return {**group, "objectId": value}


def identifier_write(
    provider_id: int, row: PartyIdentifier | None, data: dict[str, Any]
) -> PartyIdentifier:
    if row is None:
        row = PartyIdentifier(provider_id=provider_id)
    elif row.sub_identifiers.exists() and "partijIdentificator" in data:
        raise ValidationError(
            {"partijIdentificator": "Deze identificator heeft sub-identificatoren; eerst die."}
        )
    assign(
        row,
        data,
        {
            "identificeerdePartij": "party",
            "anderePartijIdentificator": "other_identifier",
            "subIdentificatorVan": "parent",
        },
    )
    if "partijIdentificator" in data:
        group = data["partijIdentificator"]
        row.kind, row.object_type = group["codeSoortObjectId"], group["codeObjecttype"]
        row.value, row.register = group["objectId"], group["codeRegister"]
    if row.kind == IdentifierKind.BRANCH and row.parent is None:
        raise ValidationError(
            {"subIdentificatorVan": "Een vestigingsnummer hoort bij een KvK-nummer."}
        )
    if row.parent is not None and row.pk is not None and row.parent.pk == row.pk:
        raise ValidationError(
            {"subIdentificatorVan": "Een identificator is niet zijn eigen ouder."}
        )
    others = identifiers_of(provider_id).exclude(pk=row.pk)
    if others.filter(kind=row.kind, register=row.register, value=row.value).exists():
        raise ValidationError(
            {"partijIdentificator": "Deze identificator is al bij een andere partij geregistreerd."}
        )
    if row.party is not None and others.filter(party=row.party, kind=row.kind).exists():
        raise ValidationError(
            {"partijIdentificator": "Deze partij heeft al een identificator van deze soort."}
        )
    row.save()
    return row


def identifier_remove(row: PartyIdentifier) -> None:
    if row.sub_identifiers.exists():
        raise Conflict("Deze identificator heeft sub-identificatoren; verwijder die eerst.")
    row.delete()


def party_identifier_filters(prefix: str, path: str) -> dict[str, filters.Filter]:
    """``{prefix}partijIdentificator__codeObjecttype`` …: each its own EXISTS, as Open Klant."""
    columns = {
        "codeObjecttype": "object_type",
        "codeRegister": "register",
        "codeSoortObjectId": "kind",
        "objectId": "value",
    }
    made: dict[str, filters.Filter] = {}
    for name, column in columns.items():
        made[f"{prefix}partijIdentificator__{name}"] = filters.CharFilter(
            method=_identifier_exists(path, column)
        )
    return made


def _identifier_exists(path: str, column: str) -> Any:
    def method(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if column == "value":
            value = _identifier_value(value)
        matching = PartyIdentifier.objects.filter(
            **{"party": OuterRef(path) if path else OuterRef("pk"), column: value}
        )
        return queryset.filter(Exists(matching))

    return method


def _identifier_value(value: str) -> str:
    try:
        return validation.normalize_bsn(value) if value.strip().isdigit() else value
    except DjangoValidationError:
        return value.strip()


class PartijIdentificatorFilter(FilterSet):
    anderePartijIdentificator = filters.CharFilter(field_name="other_identifier")
    partijIdentificatorCodeObjecttype = filters.ChoiceFilter(
        field_name="object_type", choices=ObjectType.choices
    )
    partijIdentificatorCodeRegister = filters.ChoiceFilter(
        field_name="register", choices=[("brp", "brp"), ("hr", "hr")]
    )
    partijIdentificatorCodeSoortObjectId = filters.ChoiceFilter(
        field_name="kind", choices=[(kind.value, kind.value) for kind in API_IDENTIFIER_KINDS]
    )
    partijIdentificatorObjectId = filters.CharFilter(field_name="value")


class PartijIdentificatorViewSet(PartyDataViewSet):
    resource = "partij-identificatoren"
    queryset = PartyIdentifier.objects.none()
    serializer_class = PartijIdentificatorSerializer
    filterset_class = PartijIdentificatorFilter

    def base_queryset(self) -> QuerySet[PartyIdentifier]:
        return (
            identifiers_of(self.accessor.provider_id)
            .select_related("party", "parent")
            .order_by("-pk")
        )

    def subjects(self, rows: Sequence[PartyIdentifier]) -> list[UUID | None]:
        return party_uuids(*(row.party for row in rows))

    def validated(self, data: Any, *, instance: Any, partial: bool) -> dict[str, Any]:
        values = super().validated(data, instance=instance, partial=partial)
        values.pop("uuid", None)  # the resource's own uuid is not the client's to choose
        return values

    def write(
        self, instance: PartyIdentifier | None, data: dict[str, Any], *, partial: bool
    ) -> PartyIdentifier:
        return identifier_write(self.accessor.provider_id, instance, data)

    def remove(self, instance: PartyIdentifier) -> None:
        identifier_remove(instance)
