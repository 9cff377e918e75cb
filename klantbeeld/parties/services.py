"""Writes of the parties domain: create a customer, add identifiers, addresses, preferences.

Every write is purpose-bound and logged for the data subject (PRIV-05); every write validates
with ``full_clean()`` inside one transaction, so bad input leaves nothing half-saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction

from klantbeeld.core import clock
from klantbeeld.core.errors import NotAccessible
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
    DigitalAddress,
    Party,
    PartyIdentifier,
    PostalAddress,
    Preference,
)
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.services import purpose_bound, purpose_check


@dataclass(frozen=True)
class PersonInput:
    surname: str
    given_names: str = ""
    surname_prefix: str = ""
    initials: str = ""
    date_of_birth: date | None = None


@dataclass(frozen=True)
class AddressInput:
    street: str
    house_number: int
    postcode: str
    city: str
    house_number_suffix: str = ""
    bag_id: str = ""


@dataclass(frozen=True)
class PreferenceInput:
    preferred_channel: str = ""
    answer_style: str = "kort"
    form_of_address: str = "u"
    needs_digital_help: bool = False
    accessibility_needs: str = ""
    quiet_hours_start: time | None = None
    quiet_hours_end: time | None = None


def _same_provider(accessor: Accessor, party: Party) -> None:
    if party.provider_id != accessor.provider_id:
        raise NotAccessible("Deze klant is niet gevonden.")


def _birth_date_checked(value: date | None) -> date | None:
    if value and value > clock.today():
        raise ValidationError(
            {"date_of_birth": "Een geboortedatum kan niet in de toekomst liggen."}
        )
    return value


@transaction.atomic
def person_create(
    *, accessor: Accessor, provider: Provider, person: PersonInput, activity: Activity
) -> Party:
    purpose_check(accessor=accessor, activity=activity)
    if provider.pk != accessor.provider_id:
        raise NotAccessible("Deze organisatie is niet gevonden.")
    party = Party(
        provider=provider,
        number=number_next(provider, "party"),
        kind=PartyKind.PERSON,
        given_names=person.given_names.strip(),
        initials=person.initials.strip(),
        surname_prefix=person.surname_prefix.strip(),
        surname=person.surname.strip(),
        date_of_birth=_birth_date_checked(person.date_of_birth),
    )
    _party_keys_set(party)
    party.full_clean()
    party.save()
    purpose_bound(
        accessor=accessor, activity=activity, operation=Operation.CREATE, subjects=[party.uuid]
    )
    return party


@transaction.atomic
def organisation_create(
    *, accessor: Accessor, provider: Provider, name: str, activity: Activity
) -> Party:
    purpose_check(accessor=accessor, activity=activity)
    if provider.pk != accessor.provider_id:
        raise NotAccessible("Deze organisatie is niet gevonden.")
    party = Party(
        provider=provider,
        number=number_next(provider, "party"),
        kind=PartyKind.ORGANISATION,
        organisation_name=name.strip(),
    )
    _party_keys_set(party)
    party.full_clean()
    party.save()
    purpose_bound(
        accessor=accessor, activity=activity, operation=Operation.CREATE, subjects=[party.uuid]
    )
    return party


@transaction.atomic
def contact_person_create(
    *, accessor: Accessor, organisation: Party, person: PersonInput, activity: Activity
) -> Party:
    """A person who acts for an organisation customer (VNG contactpersoon), e.g. the
    bookkeeper who calls about the company's VAT."""
    purpose_check(accessor=accessor, activity=activity)
    _same_provider(accessor, organisation)
    if organisation.kind != PartyKind.ORGANISATION:
        raise ValidationError({"works_for": "Een contactpersoon werkt voor een organisatie."})
    party = Party(
        provider_id=organisation.provider_id,
        number=number_next(organisation.provider, "party"),
        kind=PartyKind.CONTACT_PERSON,
        given_names=person.given_names.strip(),
        initials=person.initials.strip(),
        surname_prefix=person.surname_prefix.strip(),
        surname=person.surname.strip(),
        works_for=organisation,
    )
    _party_keys_set(party)
    party.full_clean()
    party.save()
    purpose_bound(
        accessor=accessor,
        activity=activity,
        operation=Operation.CREATE,
        subjects=[party.uuid, organisation.uuid],
    )
    return party


def party_keys_refresh(party: Party) -> None:
    """Recompute the search keys after a name change; every writer of names calls this."""
    _party_keys_set(party)


def _party_keys_set(party: Party) -> None:
    if party.kind == PartyKind.ORGANISATION:
        party.surname_key = validation.name_key(party.organisation_name)
        party.name_key = party.surname_key
        return
    party.surname_key = validation.surname_key(party.surname)
    party.name_key = validation.name_key(
        party.surname, party.given_names, party.initials, party.surname_prefix
    )


IDENTIFIER_RULES = {
    IdentifierKind.BSN: (validation.normalize_bsn, ObjectType.NATURAL_PERSON, "brp"),
    IdentifierKind.KVK: (validation.normalize_kvk, ObjectType.NON_NATURAL_PERSON, "hr"),
    IdentifierKind.BRANCH: (validation.normalize_branch_number, ObjectType.BRANCH, "hr"),
    IdentifierKind.RSIN: (validation.normalize_bsn, ObjectType.NON_NATURAL_PERSON, "hr"),
}


@transaction.atomic
def identifier_add(
    *,
    accessor: Accessor,
    party: Party,
    kind: IdentifierKind,
    value: str,
    register: str = "",
    activity: Activity,
) -> PartyIdentifier:
    """BSN/RSIN pass the 11-test; a customer number needs the source system as its register."""
    _same_provider(accessor, party)
    if kind in IDENTIFIER_RULES:
        normalize, object_type, default_register = IDENTIFIER_RULES[kind]
        value, register = normalize(value), register or default_register
    else:
        object_type = (
            ObjectType.NATURAL_PERSON
            if party.kind != PartyKind.ORGANISATION
            else ObjectType.NON_NATURAL_PERSON
        )
        value = value.strip()
        if not register:
            raise ValidationError(
                {"register": "Geef aan uit welk bronsysteem dit klantnummer komt."}
            )
    identifier = PartyIdentifier(
        provider_id=party.provider_id,
        party=party,
        kind=kind,
        object_type=object_type,
        register=register,
        value=value,
    )
    identifier.full_clean()
    identifier.save()
    purpose_bound(
        accessor=accessor, activity=activity, operation=Operation.CREATE, subjects=[party.uuid]
    )
    return identifier


def normalize_digital_address(kind: str, value: str) -> str:
    if kind == DigitalAddressKind.EMAIL:
        return validation.normalize_email(value)
    if kind in (DigitalAddressKind.PHONE, DigitalAddressKind.WHATSAPP):
        return validation.normalize_phone(value)
    return value.strip()


@transaction.atomic
def digital_address_add(
    *,
    accessor: Accessor,
    party: Party,
    kind: DigitalAddressKind,
    value: str,
    verified_at: datetime | None = None,
    is_default: bool = False,
    description: str = "",
    activity: Activity,
) -> DigitalAddress:
    _same_provider(accessor, party)
    address = DigitalAddress(
        provider_id=party.provider_id,
        party=party,
        kind=kind,
        value=normalize_digital_address(kind, value),
        is_default=is_default,
        description=description,
        verified_at=verified_at,
    )
    address.full_clean()
    if is_default:
        party.digital_addresses.filter(kind=kind, is_default=True).update(is_default=False)
    address.save()
    purpose_bound(
        accessor=accessor, activity=activity, operation=Operation.CREATE, subjects=[party.uuid]
    )
    return address


@transaction.atomic
def postal_address_set(
    *,
    accessor: Accessor,
    party: Party,
    kind: PostalAddressKind,
    address: AddressInput,
    activity: Activity,
) -> PostalAddress:
    _same_provider(accessor, party)
    existing = party.postal_addresses.filter(kind=kind).first()
    postal = existing or PostalAddress(party=party, kind=kind)
    postal.street = address.street.strip()
    postal.house_number = address.house_number
    postal.house_number_suffix = address.house_number_suffix.strip()
    postal.postcode = validation.normalize_postcode(address.postcode)
    postal.city = address.city.strip()
    postal.bag_id = address.bag_id
    postal.full_clean()
    postal.save()
    operation = Operation.UPDATE if existing else Operation.CREATE
    purpose_bound(accessor=accessor, activity=activity, operation=operation, subjects=[party.uuid])
    return postal


@transaction.atomic
def preference_set(
    *, accessor: Accessor, party: Party, preference: PreferenceInput, activity: Activity
) -> Preference:
    """Record how the customer wants to be served (CV-10); the customer's own choice wins."""
    _same_provider(accessor, party)
    record, created = Preference.objects.get_or_create(party=party)
    for field, value in preference.__dict__.items():
        setattr(record, field, value)
    record.full_clean()
    record.save()
    operation = Operation.CREATE if created else Operation.UPDATE
    purpose_bound(accessor=accessor, activity=activity, operation=operation, subjects=[party.uuid])
    return record
