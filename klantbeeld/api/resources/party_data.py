"""digitaleadressen, rekeningnummers, vertegenwoordigingen, categorieen and categorie-relaties:
what source systems register about a partij besides its identity.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import EmailValidator, RegexValidator
from django.db.models import QuerySet
from django_filters import rest_framework as filters
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from klantbeeld.api import represent
from klantbeeld.api.base import (
    BooleanFilter,
    FilterSet,
    PartyDataViewSet,
    Reference,
    ResourceSerializer,
    UrlFilter,
    assign,
    party_uuids,
)
from klantbeeld.api.resources.common import (
    PHONE,
    text,
)
from klantbeeld.api.resources.identificatoren import party_identifier_filters
from klantbeeld.api.resources.querysets import (
    bank_accounts_of,
    categories_of,
    digital_address_rows,
    participants_of,
    parties_of,
)
from klantbeeld.core import clock
from klantbeeld.parties import validation
from klantbeeld.parties.constants import (
    DigitalAddressKind,
    PartyKind,
)
from klantbeeld.parties.models import (
    BankAccount,
    Category,
    CategoryRelation,
    DigitalAddress,
    Representation,
)


def digital_address_write(
    provider_id: int, row: DigitalAddress | None, data: dict[str, Any]
) -> DigitalAddress:
    from klantbeeld.contacts.models import ParticipantDigitalAddress

    if row is None:
        row = DigitalAddress(provider_id=provider_id)
    columns = {
        "verstrektDoorPartij": "party",
        "adres": "value",
        "soortDigitaalAdres": "kind",
        "isStandaardAdres": "is_default",
        "omschrijving": "description",
        "referentie": "reference",
    }
    assign(row, data, columns)
    if "verificatieDatum" in data:
        day = data["verificatieDatum"]
        row.verified_at = clock.start_of_day(day) if day is not None else None
    row.value = stored_address(row.kind, row.value)
    row.save()
    if row.is_default and row.party_id is not None:
        DigitalAddress.objects.filter(party_id=row.party_id, kind=row.kind).exclude(
            pk=row.pk
        ).update(is_default=False)
    if "verstrektDoorBetrokkene" in data:
        ParticipantDigitalAddress.objects.filter(digital_address=row).delete()
        if data["verstrektDoorBetrokkene"] is not None:
            ParticipantDigitalAddress.objects.create(
                participant=data["verstrektDoorBetrokkene"], digital_address=row
            )
    return row


def stored_address(kind: str, value: str) -> str:
    """E-mail domains lower-cased and valid phone numbers in E.164, so that a caller is
    recognised (TEL-01) whatever way the number was written; anything else as given."""
    try:
        if kind == DigitalAddressKind.EMAIL:
            return validation.normalize_email(value)
        if kind == DigitalAddressKind.PHONE:
            return validation.normalize_phone(value)
    except DjangoValidationError:
        return value
    return value


class DigitaalAdresSerializer(ResourceSerializer):
    shape = staticmethod(represent.digital_address)

    uuid = serializers.UUIDField(read_only=True)
    url = serializers.URLField(read_only=True)
    verstrektDoorBetrokkene = Reference(
        "betrokkenen", participants_of, required=False, allow_null=True
    )
    verstrektDoorPartij = Reference("partijen", parties_of, required=False, allow_null=True)
    adres = serializers.CharField(max_length=80)
    soortDigitaalAdres = serializers.ChoiceField(
        choices=[DigitalAddressKind.EMAIL, DigitalAddressKind.PHONE, DigitalAddressKind.OTHER]
    )
    isStandaardAdres = serializers.BooleanField(required=False)
    omschrijving = text(40)
    referentie = text(50, validators=[RegexValidator(r"^[-a-zA-Z0-9_]+$")])
    verificatieDatum = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        kind = attrs.get("soortDigitaalAdres", getattr(self.instance, "kind", None))
        value = attrs.get("adres", getattr(self.instance, "value", ""))
        if "adres" in attrs or "soortDigitaalAdres" in attrs:
            try:
                if kind == DigitalAddressKind.EMAIL:
                    EmailValidator("Dit is geen geldig e-mailadres.")(value)
                elif kind == DigitalAddressKind.PHONE:
                    PHONE(value)
            except DjangoValidationError as exc:
                raise ValidationError({"adres": exc.messages}) from exc
        return attrs


class RekeningnummerSerializer(ResourceSerializer):
    shape = staticmethod(represent.bank_account)

    uuid = serializers.UUIDField(read_only=True)
    url = serializers.URLField(read_only=True)
    partij = Reference("partijen", parties_of, required=False, allow_null=True)
    iban = serializers.CharField(
        max_length=34, validators=[RegexValidator(r"^[A-Za-z]{2}[0-9]{2}[A-Za-z0-9]{1,30}$")]
    )
    bic = serializers.CharField(
        min_length=8, max_length=11, required=False, validators=[RegexValidator(r"^[\S]+$")]
    )


class VertegenwoordigdenSerializer(ResourceSerializer):
    shape = staticmethod(represent.representation)

    uuid = serializers.UUIDField(read_only=True)
    url = serializers.URLField(read_only=True)
    vertegenwoordigendePartij = Reference("partijen", parties_of)
    vertegenwoordigdePartij = Reference("partijen", parties_of)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        representative = attrs.get(
            "vertegenwoordigendePartij", getattr(self.instance, "representative", None)
        )
        represented = attrs.get(
            "vertegenwoordigdePartij", getattr(self.instance, "represented", None)
        )
        if representative is not None and representative == represented:
            raise ValidationError(
                {"vertegenwoordigdePartij": "Een partij kan niet zichzelf vertegenwoordigen."}
            )
        duplicate = Representation.objects.filter(
            representative=representative, represented=represented
        )
        if self.instance is not None:
            duplicate = duplicate.exclude(pk=self.instance.pk)
        if duplicate.exists():
            raise ValidationError(
                {"vertegenwoordigdePartij": "Deze vertegenwoordiging bestaat al."}
            )
        return attrs


class CategorieSerializer(ResourceSerializer):
    shape = staticmethod(represent.category)

    uuid = serializers.UUIDField(read_only=True)
    url = serializers.URLField(read_only=True)
    naam = text(80)


class CategorieRelatieSerializer(ResourceSerializer):
    shape = staticmethod(represent.category_relation)

    uuid = serializers.UUIDField(read_only=True)
    url = serializers.URLField(read_only=True)
    partij = Reference("partijen", parties_of, required=False, allow_null=True)
    categorie = Reference(
        "categorieen",
        categories_of,
        required=False,
        allow_null=True,
        also=lambda category: {"naam": category.name},
    )
    beginDatum = serializers.DateField(required=False, allow_null=True)
    eindDatum = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("beginDatum", getattr(self.instance, "start_date", None))
        end = attrs.get("eindDatum", getattr(self.instance, "end_date", None))
        if start and end and end < start:
            raise ValidationError({"eindDatum": "De einddatum ligt voor de begindatum."})
        return attrs


class DigitaalAdresFilter(FilterSet):
    adres = filters.CharFilter(method="address")
    adres__icontains = filters.CharFilter(field_name="value", lookup_expr="icontains")
    isGeverifieerd = BooleanFilter(field_name="verified_at", lookup_expr="isnull", exclude=True)
    isStandaardAdres = BooleanFilter(field_name="is_default")
    omschrijving = filters.CharFilter(field_name="description", lookup_expr="icontains")
    referentie = filters.CharFilter(field_name="reference")
    soortDigitaalAdres = filters.ChoiceFilter(
        method="kind",
        choices=[(kind, kind) for kind in ("email", "overig", "telefoonnummer")],
    )
    verificatieDatum = filters.DateFilter(field_name="verified_at", lookup_expr="date")
    verificatieDatum__gt = filters.DateFilter(field_name="verified_at", lookup_expr="date__gt")
    verificatieDatum__gte = filters.DateFilter(field_name="verified_at", lookup_expr="date__gte")
    verificatieDatum__lt = filters.DateFilter(field_name="verified_at", lookup_expr="date__lt")
    verificatieDatum__lte = filters.DateFilter(field_name="verified_at", lookup_expr="date__lte")
    verstrektDoorBetrokkene__rol = filters.ChoiceFilter(
        field_name="participant_link__participant__role",
        choices=[("klant", "klant"), ("vertegenwoordiger", "vertegenwoordiger")],
    )
    verstrektDoorBetrokkene__uuid = filters.UUIDFilter(
        field_name="participant_link__participant__uuid"
    )
    verstrektDoorBetrokkene__url = UrlFilter(field_name="participant_link__participant__uuid")
    verstrektDoorPartij__soortPartij = filters.ChoiceFilter(
        field_name="party__kind", choices=PartyKind.choices
    )
    verstrektDoorPartij__uuid = filters.UUIDFilter(field_name="party__uuid")
    verstrektDoorPartij__url = UrlFilter(field_name="party__uuid")
    locals().update(party_identifier_filters("verstrektDoorPartij__", "party"))

    def address(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        candidates = {value, stored_address(DigitalAddressKind.EMAIL, value)}
        candidates.add(stored_address(DigitalAddressKind.PHONE, value))
        return queryset.filter(value__in=candidates)

    def kind(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == DigitalAddressKind.OTHER:
            return queryset.filter(kind__in=[DigitalAddressKind.OTHER, DigitalAddressKind.WHATSAPP])
        return queryset.filter(kind=value)


class RekeningnummerFilter(FilterSet):
    uuid = filters.UUIDFilter(field_name="uuid")
    iban = filters.CharFilter(field_name="iban")
    bic = filters.CharFilter(field_name="bic")


class VertegenwoordigdenFilter(FilterSet):
    vertegenwoordigdePartij__uuid = filters.UUIDFilter(field_name="represented__uuid")
    vertegenwoordigdePartij__url = UrlFilter(field_name="represented__uuid")
    vertegenwoordigendePartij__uuid = filters.UUIDFilter(field_name="representative__uuid")
    vertegenwoordigendePartij__url = UrlFilter(field_name="representative__uuid")


class CategorieRelatieFilter(FilterSet):
    beginDatum = filters.DateFilter(field_name="start_date")
    eindDatum = filters.DateFilter(field_name="end_date")
    categorie__naam = filters.CharFilter(field_name="category__name")
    categorie__uuid = filters.UUIDFilter(field_name="category__uuid")
    categorie__url = UrlFilter(field_name="category__uuid")
    partij__nummer = filters.CharFilter(field_name="party__number")
    partij__uuid = filters.UUIDFilter(field_name="party__uuid")
    partij__url = UrlFilter(field_name="party__uuid")


class DigitaalAdresViewSet(PartyDataViewSet):
    resource = "digitaleadressen"
    queryset = DigitalAddress.objects.none()
    serializer_class = DigitaalAdresSerializer
    filterset_class = DigitaalAdresFilter
    expand_options = (
        "verstrektDoorBetrokkene",
        "verstrektDoorBetrokkene.hadKlantcontact",
        "verstrektDoorBetrokkene.hadKlantcontact.leiddeTotInterneTaken",
    )

    def base_queryset(self) -> QuerySet[DigitalAddress]:
        return digital_address_rows().filter(provider_id=self.accessor.provider_id).order_by("-pk")

    def subjects(self, rows: Sequence[DigitalAddress]) -> list[UUID | None]:
        return party_uuids(*(row.party for row in rows))

    def write(
        self, instance: DigitalAddress | None, data: dict[str, Any], *, partial: bool
    ) -> DigitalAddress:
        return digital_address_write(self.accessor.provider_id, instance, data)


class RekeningnummerViewSet(PartyDataViewSet):
    resource = "rekeningnummers"
    queryset = BankAccount.objects.none()
    serializer_class = RekeningnummerSerializer
    filterset_class = RekeningnummerFilter

    def base_queryset(self) -> QuerySet[BankAccount]:
        return bank_accounts_of(self.accessor.provider_id).select_related("party").order_by("-pk")

    def subjects(self, rows: Sequence[BankAccount]) -> list[UUID | None]:
        return party_uuids(*(row.party for row in rows))

    def write(
        self, instance: BankAccount | None, data: dict[str, Any], *, partial: bool
    ) -> BankAccount:
        row = instance or BankAccount(provider_id=self.accessor.provider_id)
        assign(row, data, {"partij": "party", "iban": "iban", "bic": "bic"})
        row.save()
        return row


class VertegenwoordigdenViewSet(PartyDataViewSet):
    resource = "vertegenwoordigingen"
    queryset = Representation.objects.none()
    serializer_class = VertegenwoordigdenSerializer
    filterset_class = VertegenwoordigdenFilter

    def base_queryset(self) -> QuerySet[Representation]:
        return (
            Representation.objects.filter(provider_id=self.accessor.provider_id)
            .select_related("representative", "represented")
            .order_by("-pk")
        )

    def subjects(self, rows: Sequence[Representation]) -> list[UUID | None]:
        return [uuid for row in rows for uuid in party_uuids(row.representative, row.represented)]

    def write(
        self, instance: Representation | None, data: dict[str, Any], *, partial: bool
    ) -> Representation:
        row = instance or Representation(provider_id=self.accessor.provider_id)
        assign(
            row,
            data,
            {
                "vertegenwoordigendePartij": "representative",
                "vertegenwoordigdePartij": "represented",
            },
        )
        row.save()
        return row


class CategorieViewSet(PartyDataViewSet):
    resource = "categorieen"
    queryset = Category.objects.none()
    serializer_class = CategorieSerializer

    def base_queryset(self) -> QuerySet[Category]:
        return categories_of(self.accessor.provider_id).order_by("-pk")

    def write(self, instance: Category | None, data: dict[str, Any], *, partial: bool) -> Category:
        row = instance or Category(provider_id=self.accessor.provider_id)
        if "naam" in data:
            row.name = data["naam"]
        row.save()
        return row


class CategorieRelatieViewSet(PartyDataViewSet):
    resource = "categorie-relaties"
    queryset = CategoryRelation.objects.none()
    serializer_class = CategorieRelatieSerializer
    filterset_class = CategorieRelatieFilter

    def base_queryset(self) -> QuerySet[CategoryRelation]:
        return (
            CategoryRelation.objects.filter(provider_id=self.accessor.provider_id)
            .select_related("party", "category")
            .order_by("-pk")
        )

    def subjects(self, rows: Sequence[CategoryRelation]) -> list[UUID | None]:
        return party_uuids(*(row.party for row in rows))

    def write(
        self, instance: CategoryRelation | None, data: dict[str, Any], *, partial: bool
    ) -> CategoryRelation:
        row = instance or CategoryRelation(provider_id=self.accessor.provider_id)
        columns = (
            ("partij", "party"),
            ("categorie", "category"),
            ("beginDatum", "start_date"),
            ("eindDatum", "end_date"),
        )
        assign(row, data, dict(columns))
        if instance is None and row.start_date is None:
            row.start_date = clock.today()
        row.save()
        return row
