"""partijen, partij-identificatoren, digitaleadressen, rekeningnummers, vertegenwoordigingen,
categorieen and categorie-relaties: the Klantinteracties resources on ``klantbeeld.parties``.

Validation follows the official spec (docs/api/mapping.md, section 1); the rows are
Klantbeeld's own tables, with no second copy (DESIGN.md). Writes run in one transaction per
call, and every call passes the purpose gate of :class:`~klantbeeld.api.base.ResourceViewSet`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import EmailValidator, RegexValidator
from django.db.models import Exists, OuterRef, QuerySet
from django_filters import rest_framework as filters
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from klantbeeld.api import represent
from klantbeeld.api.base import (
    BooleanFilter,
    FilterSet,
    Reference,
    ResourceSerializer,
    ResourceViewSet,
    StrictSerializer,
    UrlFilter,
    accessor_of,
    assign,
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
from klantbeeld.core import clock
from klantbeeld.core.models import Provider
from klantbeeld.core.numbering import number_next
from klantbeeld.parties import validation
from klantbeeld.parties.constants import (
    DigitalAddressKind,
    IdentifierKind,
    ObjectType,
    PartyKind,
    PostalAddressKind,
)
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
from klantbeeld.parties.services import IDENTIFIER_RULES, party_keys_refresh
from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.subject_requests import active_holds

PHONE = RegexValidator(
    r"^(0[1-9][0-9]{8}|\+[0-9]{9,15}|00[0-9]{7,13})$",
    "Geef een telefoonnummer als 0612345678, +31612345678 of 0031612345678.",
)
API_IDENTIFIER_KINDS = [
    IdentifierKind.BSN,
    IdentifierKind.BRANCH,
    IdentifierKind.KVK,
    IdentifierKind.RSIN,
]


# --- querysets (always one organisation) -----------------------------------------------------


def parties_of(provider_id: int) -> QuerySet[Party]:
    return Party.objects.filter(provider_id=provider_id)


def identifiers_of(provider_id: int) -> QuerySet[PartyIdentifier]:
    return PartyIdentifier.objects.filter(provider_id=provider_id).exclude(
        kind=IdentifierKind.CUSTOMER_NUMBER
    )


def digital_addresses_of(provider_id: int) -> QuerySet[DigitalAddress]:
    return DigitalAddress.objects.filter(provider_id=provider_id)


def bank_accounts_of(provider_id: int) -> QuerySet[BankAccount]:
    return BankAccount.objects.filter(provider_id=provider_id)


def categories_of(provider_id: int) -> QuerySet[Category]:
    return Category.objects.filter(provider_id=provider_id)


def digital_address_rows() -> QuerySet[DigitalAddress]:
    return DigitalAddress.objects.select_related("party", "participant_link__participant")


def party_rows() -> QuerySet[Party]:
    """Partijen with their own references; the reverse lists come from
    :func:`klantbeeld.api.loaders.parties_bundled`."""
    return Party.objects.select_related(
        "works_for", "preferred_digital_address", "preferred_bank_account"
    )


def _participations() -> QuerySet[Any]:
    from klantbeeld.contacts.models import Participant

    return Participant.objects.order_by("pk")


# --- field groups ----------------------------------------------------------------------------


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
    from klantbeeld.api.resources.contacts import contact_rows, participant_rows

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


# --- writers ---------------------------------------------------------------------------------


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
        "betrokkenen", lambda pid: _participants_of(pid), required=False, allow_null=True
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


def _participants_of(provider_id: int) -> QuerySet[Any]:
    from klantbeeld.contacts.models import Participant

    return Participant.objects.filter(contact_moment__provider_id=provider_id)


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


# --- filters ---------------------------------------------------------------------------------


def _identifier_filters(prefix: str, path: str) -> dict[str, filters.Filter]:
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
    locals().update(_identifier_filters("", ""))
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
    locals().update(_identifier_filters("verstrektDoorPartij__", "party"))

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


# --- viewsets --------------------------------------------------------------------------------


def _party_uuids(*parties: Party | None) -> list[UUID | None]:
    return [party.uuid for party in parties if party is not None]


class PartyDataViewSet(ResourceViewSet):
    """Party data comes from source systems: registering it is a data import."""

    write_activity = Activity.DATA_IMPORT


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
        return party_rows().filter(provider_id=self.accessor.provider_id).order_by("-pk")

    def subjects(self, rows: Sequence[Party]) -> list[UUID | None]:
        return _party_uuids(*rows)

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
        return _party_uuids(*(row.party for row in rows))

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
        return _party_uuids(*(row.party for row in rows))

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
        return _party_uuids(*(row.party for row in rows))

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
        return [uuid for row in rows for uuid in _party_uuids(row.representative, row.represented)]

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
        return _party_uuids(*(row.party for row in rows))

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
