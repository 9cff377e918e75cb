"""partijen: persons, organisations and contact persons, with their identifiers, addresses and
links in one resource (docs/api/mapping.md section 1.1).

Validation follows the official spec; the rows are Klantbeeld's own tables, with no second
copy (DESIGN.md). Writes run in one transaction per call, and every call passes the purpose
gate of :class:`~klantbeeld.api.base.ResourceViewSet`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.db.models import Exists, OuterRef, QuerySet
from django_filters import rest_framework as filters
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from klantbeeld.api import represent
from klantbeeld.api.base import (
    BooleanFilter,
    FilterSet,
    PartyDataViewSet,
    Reference,
    ResourceSerializer,
    StrictSerializer,
    UrlFilter,
    accessor_of,
    assign,
    party_uuids,
)
from klantbeeld.api.errors import Conflict
from klantbeeld.api.loaders import parties_bundled
from klantbeeld.api.resources.common import (
    NAME_BLANK,
    AddressSerializer,
    ContactNameSerializer,
    address_columns,
    text,
)
from klantbeeld.api.resources.identificatoren import (
    PartijIdentificatorSerializer,
    identifier_remove,
    identifier_write,
    party_identifier_filters,
)
from klantbeeld.api.resources.querysets import (
    bank_accounts_of,
    digital_address_rows,
    digital_addresses_of,
    identifiers_of,
    parties_of,
    party_rows,
)
from klantbeeld.core.models import Provider
from klantbeeld.core.numbering import number_next
from klantbeeld.parties.constants import (
    PartyKind,
    PostalAddressKind,
)
from klantbeeld.parties.models import (
    BankAccount,
    CategoryRelation,
    DigitalAddress,
    Party,
    PostalAddress,
)
from klantbeeld.parties.services import party_keys_refresh
from klantbeeld.privacy.subject_requests import active_holds


class PersoonSerializer(StrictSerializer):
    contactnaam = ContactNameSerializer(required=False, allow_null=True)
    volledigeNaam = serializers.CharField(read_only=True)


class OrganisatieSerializer(StrictSerializer):
    naam = text(200)


class ContactpersoonSerializer(StrictSerializer):
    uuid = serializers.UUIDField(required=False)  # the party's own; ignored on input
    werkteVoorPartij = Reference("partijen", parties_of, required=False, allow_null=True)
    contactnaam = ContactNameSerializer(required=False, allow_null=True)
    volledigeNaam = serializers.CharField(read_only=True)


IDENTIFICATION = {
    PartyKind.PERSON: PersoonSerializer,
    PartyKind.ORGANISATION: OrganisatieSerializer,
    PartyKind.CONTACT_PERSON: ContactpersoonSerializer,
}


def _participants_expanded(request: Request | None, row: Any, tree: dict[str, Any]) -> list[Any]:
    from klantbeeld.api.resources.querysets import contact_rows, participant_rows

    participants = list(participant_rows().filter(party=row))
    contacts = {}
    if "hadKlantcontact" in tree:
        wanted = {item.contact_moment_id for item in participants}
        contacts = {item.pk: item for item in contact_rows().filter(pk__in=wanted)}
    out = []
    for item in participants:
        data = represent.participant(request, item)
        if "hadKlantcontact" in tree:
            data["_expand"] = {
                "hadKlantcontact": represent.contact(request, contacts[item.contact_moment_id])
            }
        out.append(data)
    return out


class PartijSerializer(ResourceSerializer):
    shape = staticmethod(represent.party)
    expanders = {
        "digitaleAdressen": lambda request, row, tree: [
            represent.digital_address(request, item)
            for item in digital_address_rows().filter(party=row).order_by("pk")
        ],
        "categorieRelaties": lambda request, row, tree: [
            represent.category_relation(request, item)
            for item in CategoryRelation.objects.filter(party=row)
            .select_related("party", "category")
            .order_by("pk")
        ],
        "betrokkenen": _participants_expanded,
    }

    uuid = serializers.UUIDField(read_only=True)
    url = serializers.URLField(read_only=True)
    nummer = serializers.CharField(max_length=10, required=False, allow_null=True, allow_blank=True)
    interneNotitie = text(1000)
    betrokkenen = serializers.ListField(read_only=True)
    categorieRelaties = serializers.ListField(read_only=True)
    digitaleAdressen = serializers.ListField(
        child=Reference("digitaleadressen", digital_addresses_of), required=False, allow_null=True
    )
    voorkeursDigitaalAdres = Reference(
        "digitaleadressen", digital_addresses_of, required=False, allow_null=True
    )
    vertegenwoordigden = serializers.ListField(read_only=True)
    rekeningnummers = serializers.ListField(
        child=Reference("rekeningnummers", bank_accounts_of), required=False, allow_null=True
    )
    voorkeursRekeningnummer = Reference(
        "rekeningnummers", bank_accounts_of, required=False, allow_null=True
    )
    partijIdentificatoren = serializers.ListField(
        child=PartijIdentificatorSerializer(), required=False, allow_null=True
    )
    soortPartij = serializers.ChoiceField(choices=PartyKind.choices)
    indicatieGeheimhouding = serializers.BooleanField(required=False, allow_null=True)
    voorkeurstaal = text(3)
    indicatieActief = serializers.BooleanField()
    bezoekadres = AddressSerializer(required=False, allow_null=True)
    correspondentieadres = AddressSerializer(required=False, allow_null=True)
    partijIdentificatie = serializers.JSONField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        kind = str(attrs.get("soortPartij") or getattr(self.instance, "kind", PartyKind.PERSON))
        if "partijIdentificatie" in attrs and attrs["partijIdentificatie"] is not None:
            nested = IDENTIFICATION[PartyKind(kind)](
                data=attrs["partijIdentificatie"], context=self.context
            )
            if not nested.is_valid():
                raise ValidationError({"partijIdentificatie": nested.errors})
            attrs["partijIdentificatie"] = dict(nested.validated_data)
        number = attrs.get("nummer")
        if number:
            taken = parties_of(accessor_of(self.context["request"]).provider_id).filter(
                number=number
            )
            if self.instance is not None:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                raise ValidationError({"nummer": "Dit nummer heeft al een andere partij."})
        kinds = [
            item["partijIdentificator"]["codeSoortObjectId"]
            for item in attrs.get("partijIdentificatoren") or []
        ]
        if len(kinds) != len(set(kinds)):
            raise ValidationError(
                {"partijIdentificatoren": "Een partij heeft per soort één identificator."}
            )
        return attrs


def party_write(
    provider_id: int, party: Party | None, data: dict[str, Any], *, partial: bool
) -> Party:
    creating = party is None
    if party is None:
        party = Party(provider_id=provider_id)
    old_kind = party.kind
    columns = {
        "soortPartij": "kind",
        "interneNotitie": "internal_note",
        "indicatieGeheimhouding": "is_secret",
        "voorkeurstaal": "preferred_language",
        "indicatieActief": "is_active",
    }
    assign(party, data, columns)
    if creating and not data.get("voorkeurstaal"):
        party.preferred_language = "nld"
    if data.get("nummer"):
        party.number = data["nummer"]
    elif creating or not party.number:
        party.number = free_number(provider_id, "party", parties_of(provider_id))
    if old_kind and old_kind != party.kind:
        _name_clear(party)
    if "partijIdentificatie" in data:
        _identification_set(party, data["partijIdentificatie"])
    party_keys_refresh(party)
    party.full_clean(
        exclude=["preferred_digital_address", "preferred_bank_account", "works_for", "number"]
    )
    party.save()
    for kind in (PostalAddressKind.VISIT, PostalAddressKind.CORRESPONDENCE):
        if kind in data:
            _postal_address_set(party, kind, address_columns(data[kind]))
    if data.get("partijIdentificatoren") is not None:
        _identifiers_replace(provider_id, party, data["partijIdentificatoren"])
    if data.get("digitaleAdressen") is not None:
        _relink(party, DigitalAddress.objects, data["digitaleAdressen"])
    if data.get("rekeningnummers") is not None:
        _relink(party, BankAccount.objects, data["rekeningnummers"])
    _preferred_set(party, data, "voorkeursDigitaalAdres", "preferred_digital_address")
    _preferred_set(party, data, "voorkeursRekeningnummer", "preferred_bank_account")
    return party


def free_number(provider_id: int, sequence: str, taken: QuerySet[Any]) -> str:
    """The next number of the sequence that no row holds yet: rows imported with their own
    numbers may already hold some."""
    provider = Provider.objects.get(pk=provider_id)
    for _ in range(1000):
        number = number_next(provider, sequence)
        if not taken.filter(number=number).exists():
            return number
    raise Conflict("Er is geen vrij nummer gevonden; geef zelf een nummer mee.")


def _name_clear(party: Party) -> None:
    for column, blank in NAME_BLANK.items():
        setattr(party, column, blank)
    party.organisation_name = ""
    party.works_for = None


def _identification_set(party: Party, group: dict[str, Any] | None) -> None:
    if party.kind == PartyKind.ORGANISATION:
        party.organisation_name = (group or {}).get("naam", "")
        return
    group = group or {}
    if "contactnaam" in group or not group:
        names = NAME_BLANK | dict(group.get("contactnaam") or {})
        for column, value in names.items():
            setattr(party, column, value)
    if party.kind == PartyKind.CONTACT_PERSON and "werkteVoorPartij" in group:
        employer = group["werkteVoorPartij"]
        if employer is not None and employer.kind != PartyKind.ORGANISATION:
            raise ValidationError(
                {"partijIdentificatie.werkteVoorPartij": "Kies een partij van soort organisatie."}
            )
        if employer is not None and employer.pk == party.pk:
            raise ValidationError(
                {"partijIdentificatie.werkteVoorPartij": "Een partij werkt niet voor zichzelf."}
            )
        party.works_for = employer


def _postal_address_set(party: Party, kind: str, columns: dict[str, Any] | None) -> None:
    if columns is None:
        PostalAddress.objects.filter(party=party, kind=kind).delete()
        return
    PostalAddress.objects.update_or_create(party=party, kind=kind, defaults=columns)


def _relink(party: Party, manager: Any, wanted: Sequence[Any]) -> None:
    """The listed rows now belong to this party; its other rows lose their party (Open Klant)."""
    keep = [row.pk for row in wanted]
    manager.filter(party=party).exclude(pk__in=keep).update(party=None)
    manager.filter(pk__in=keep).update(party=party)


def _preferred_set(party: Party, data: dict[str, Any], name: str, column: str) -> None:
    if name not in data:
        return
    chosen = data[name]
    if chosen is not None and chosen.party_id != party.pk:
        raise ValidationError({name: "Kies een adres of rekening van deze partij zelf."})
    setattr(party, column, chosen)
    party.save(update_fields=[column, "updated_at"])


def _identifiers_replace(provider_id: int, party: Party, items: Sequence[dict[str, Any]]) -> None:
    existing = {row.uuid: row for row in identifiers_of(provider_id).filter(party=party)}
    kept: set[UUID] = set()
    for index, item in enumerate(items):
        key = item.get("uuid")
        row = existing.get(key) if key is not None else None
        try:
            row = identifier_write(provider_id, row, {**item, "identificeerdePartij": party})
        except ValidationError as exc:
            raise ValidationError({"partijIdentificatoren": {index: exc.detail}}) from exc
        kept.add(row.uuid)
    for key, row in existing.items():
        if key not in kept:
            identifier_remove(row)


def _address_filter(kind: str, column: str) -> filters.CharFilter:
    def method(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(
            Exists(PostalAddress.objects.filter(party=OuterRef("pk"), kind=kind, **{column: value}))
        )

    return filters.CharFilter(method=method)


class PartijFilter(FilterSet):
    nummer = filters.CharFilter(field_name="number")
    indicatieActief = BooleanFilter(field_name="is_active")
    indicatieGeheimhouding = BooleanFilter(method="secret")
    soortPartij = filters.ChoiceFilter(field_name="kind", choices=PartyKind.choices)
    vertegenwoordigdePartij__uuid = filters.UUIDFilter(
        field_name="representations_received__representative__uuid", distinct=True
    )
    vertegenwoordigdePartij__url = UrlFilter(
        field_name="representations_received__representative__uuid"
    )
    categorierelatie__categorie__naam = filters.CharFilter(method="category_names")
    locals().update(party_identifier_filters("", ""))
    for _prefix, _kind in (
        ("bezoekadres", PostalAddressKind.VISIT),
        ("correspondentieadres", PostalAddressKind.CORRESPONDENCE),
    ):
        for _suffix, _column in (
            ("Adresregel1", "address_line_1"),
            ("Adresregel2", "address_line_2"),
            ("Adresregel3", "address_line_3"),
            ("Land", "country_code"),
            ("NummeraanduidingId", "bag_id"),
        ):
            locals()[f"{_prefix}{_suffix}"] = _address_filter(_kind, _column)
    for _name, _column in (
        ("codeObjecttype", "object_type"),
        ("codeRegister", "register"),
        ("codeSoortObjectId", "kind"),
        ("objectId", "value"),
    ):
        locals()[f"subIdentificatorVan__{_name}"] = filters.CharFilter(
            field_name=f"identifiers__parent__{_column}", distinct=True
        )

    def secret(self, queryset: QuerySet[Party], name: str, value: bool | None) -> QuerySet[Party]:
        if value is None:
            return queryset
        return queryset.filter(is_secret=True) if value else queryset.exclude(is_secret=True)

    def category_names(self, queryset: QuerySet[Party], name: str, value: str) -> QuerySet[Party]:
        names = [part.strip() for part in value.split(",") if part.strip()]
        return queryset.filter(
            Exists(CategoryRelation.objects.filter(party=OuterRef("pk"), category__name__in=names))
        )


class PartijViewSet(PartyDataViewSet):
    resource = "partijen"
    queryset = Party.objects.none()
    serializer_class = PartijSerializer
    filterset_class = PartijFilter
    expand_options = (
        "betrokkenen",
        "betrokkenen.hadKlantcontact",
        "categorieRelaties",
        "digitaleAdressen",
    )

    def base_queryset(self) -> QuerySet[Party]:
        rows = party_rows().filter(provider_id=self.accessor.provider_id).order_by("-pk")
        if self.action == "list":
            # A duplicate merged into another party is no partij of its own any more; by its
            # uuid it stays readable for systems that still hold it (ADR 0006).
            rows = rows.filter(merged_into__isnull=True)
        return rows

    def subjects(self, rows: Sequence[Party]) -> list[UUID | None]:
        return party_uuids(*rows)

    def prepare(self, rows: list[Party]) -> list[Party]:
        return parties_bundled(rows)

    def write(self, instance: Party | None, data: dict[str, Any], *, partial: bool) -> Party:
        return party_write(self.accessor.provider_id, instance, data, partial=partial)

    def remove(self, instance: Party) -> None:
        """Removing a party removes its history too; a legal hold stops that (AVG 17.3)."""
        holds = active_holds(instance.provider_id, instance.uuid)
        if holds:
            raise Conflict(
                "Deze partij mag nog niet worden verwijderd: er geldt een wettelijke "
                f"bewaarplicht ({holds[0].reason}, tot en met {holds[0].until:%d-%m-%Y})."
            )
        instance.delete()
