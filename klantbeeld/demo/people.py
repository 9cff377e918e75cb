"""Synthetic Dutch customers: generated as pure specs first, then written through the services.

Generation is deterministic for a seed (``random.Random`` and ``Faker("nl_NL")`` seeded per
organisation), so the same seed gives the same names, BSNs and addresses whatever else runs.
Every value is valid where the domain checks it (DEPENDENCIES.md): BSNs pass the 11-test,
phone numbers are valid Dutch numbers in E.164 (Faker's are filtered through
``phonenumbers``), postcodes avoid the SA/SD/SS letter pairs. Preferences vary the way the
research describes (CV-10, TONE-01, TONE-03, INC-01): older customers are addressed with "u"
and more often prefer a letter or the phone; some need help with digital matters (SC-28).
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import TYPE_CHECKING

import phonenumbers
from faker import Faker
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

from klantbeeld.core.constants import Channel
from klantbeeld.demo.organisations import OrganisationSpec
from klantbeeld.parties.constants import (
    AnswerStyle,
    DigitalAddressKind,
    FormOfAddress,
    IdentifierKind,
    PostalAddressKind,
)
from klantbeeld.parties.services import (
    AddressInput,
    PersonInput,
    PreferenceInput,
    digital_address_add,
    identifier_add,
    person_create,
    postal_address_set,
    preference_set,
)
from klantbeeld.privacy.constants import Activity

if TYPE_CHECKING:
    from klantbeeld.demo.context import DemoContext
    from klantbeeld.parties.models import Party

_SURNAME_PREFIXES = ("van der", "van den", "van de", "van 't", "in 't", "van", "de", "den", "ter")
_FIXED_LINE = phonenumbers.PhoneNumberType.FIXED_LINE
_EMAIL_DOMAINS = ("example.com", "example.net", "example.org")
_AGE_BANDS = ((18, 30, 18), (31, 45, 25), (46, 66, 32), (67, 80, 18), (81, 95, 7))
_ACCESSIBILITY = (
    "Grote letters",
    "Slechthorend: liever schriftelijk",
    "Tolk Turks",
    "Tolk Arabisch",
)


@dataclass(frozen=True)
class DigitalAddressSpec:
    kind: DigitalAddressKind
    value: str
    verified_days_ago: int | None = None
    is_default: bool = False
    description: str = ""


@dataclass(frozen=True)
class AddressSpec:
    street: str
    house_number: int
    postcode: str
    city: str
    suffix: str = ""


@dataclass(frozen=True)
class PersonSpec:
    """Everything the demo writes about one person, before anything is written."""

    given_names: str
    surname: str
    date_of_birth: date
    address: AddressSpec
    preference: PreferenceInput
    surname_prefix: str = ""
    bsn: str = ""
    customer_number: str = ""
    digital_addresses: tuple[DigitalAddressSpec, ...] = field(default_factory=tuple)

    @property
    def display_name(self) -> str:
        return " ".join(
            part for part in (self.given_names, self.surname_prefix, self.surname) if part
        )

    @property
    def initials(self) -> str:
        return "".join(f"{name[0]}." for name in self.given_names.split())


def split_surname(full: str) -> tuple[str, str]:
    """``'van den Heuvel'`` → ``('van den', 'Heuvel')``, as the BRP stores a name."""
    for prefix in _SURNAME_PREFIXES:
        if full.startswith(prefix + " "):
            return prefix, full[len(prefix) + 1 :]
    return "", full


def ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(character for character in folded.lower() if character.isalnum())


def phone_e164(value: str) -> str | None:
    """E.164 form of a valid Dutch number, or None (Faker's numbers are only half valid)."""
    try:
        parsed = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def mobile_number(rng: random.Random) -> str:
    while True:
        number = phone_e164(f"06{rng.randint(1, 5)}{rng.randint(0, 9_999_999):07d}")
        if number:
            return number


def landline_number(fake: Faker) -> str:
    """A fixed-line number from Faker (not a pager or VoIP number), in E.164."""
    while True:
        number = phone_e164(fake.phone_number())
        if number and phonenumbers.number_type(phonenumbers.parse(number)) == _FIXED_LINE:
            return number


def valid_postcode(rng: random.Random, fake: Faker, prefixes: tuple[int, ...]) -> str:
    while True:
        if prefixes:
            letters = "".join(rng.choice("ABCEGHJKLMNPRTVWXZ") for _ in range(2))
            candidate = f"{rng.choice(prefixes)} {letters}"
        else:
            raw = fake.postcode().replace(" ", "")
            candidate = f"{raw[:4]} {raw[4:].upper()}"
        if stdnum_postcode.is_valid(candidate):
            return candidate


def people_generate(
    *,
    organisation: OrganisationSpec,
    seed: int,
    count: int,
    today: date,
    reserved_bsns: Collection[str] = (),
) -> list[PersonSpec]:
    """``count`` background customers of ``organisation``; the same seed gives the same people."""
    rng = random.Random(f"{seed}:{organisation.code}:people")
    fake = Faker("nl_NL")
    fake.seed_instance(f"{seed}:{organisation.code}")
    used_bsns = set(reserved_bsns)
    people = []
    for index in range(count):
        bsn = _unique_bsn(fake, used_bsns) if organisation.uses_bsn else ""
        people.append(_person(rng, fake, organisation, today, bsn=bsn, index=index))
    return people


def _unique_bsn(fake: Faker, used: set[str]) -> str:
    while True:
        value = str(fake.ssn())
        if value not in used and stdnum_bsn.is_valid(value):
            used.add(value)
            return value


def _person(
    rng: random.Random,
    fake: Faker,
    organisation: OrganisationSpec,
    today: date,
    *,
    bsn: str,
    index: int,
) -> PersonSpec:
    given = fake.first_name_female() if rng.random() < 0.52 else fake.first_name_male()
    prefix, surname = split_surname(fake.last_name())
    age = _age(rng)
    birth = today - timedelta(days=age * 365 + rng.randint(0, 364))
    house_number = int(fake.building_number().lstrip("0") or "1")
    address = AddressSpec(
        street=fake.street_name(),
        house_number=house_number,
        suffix=rng.choice(("", "", "", "", "", "A", "B", "-2")),
        postcode=valid_postcode(rng, fake, organisation.postcode_prefixes),
        city=organisation.city or fake.city(),
    )
    preference = _preference(rng, organisation, age)
    return PersonSpec(
        given_names=given,
        surname_prefix=prefix,
        surname=surname,
        date_of_birth=birth,
        address=address,
        preference=preference,
        bsn=bsn,
        customer_number=_customer_number(organisation, index),
        digital_addresses=_digital_addresses(rng, fake, (given, prefix, surname), age, preference),
    )


def _age(rng: random.Random) -> int:
    low, high, _ = rng.choices(_AGE_BANDS, weights=[band[2] for band in _AGE_BANDS])[0]
    return rng.randint(low, high)


def _customer_number(organisation: OrganisationSpec, index: int) -> str:
    """Numbers of the organisation's own customer system, spread out as real ones are."""
    if not organisation.customer_register:
        return ""
    return f"{4_100_000 + index * 7:08d}"


@dataclass(frozen=True)
class _Habits:
    """How an age group tends to want to be served (research: TONE-01, TONE-03, INC-01)."""

    channels: tuple[tuple[Channel, int], ...]
    informal: float
    styles: tuple[AnswerStyle, ...]


_OLDER = _Habits(
    ((Channel.PHONE, 40), (Channel.LETTER, 30), (Channel.EMAIL, 20), (Channel.COUNTER, 10)),
    0.05,
    (AnswerStyle.EXTENSIVE, AnswerStyle.REASSURING, AnswerStyle.SHORT),
)
_YOUNGER = _Habits(
    (
        (Channel.WHATSAPP, 30),
        (Channel.PORTAL, 25),
        (Channel.EMAIL, 20),
        (Channel.WEB_CHAT, 15),
        (Channel.PHONE, 10),
    ),
    0.6,
    (AnswerStyle.SHORT, AnswerStyle.SHORT, AnswerStyle.EXTENSIVE),
)
_MIDDLE = _Habits(
    (
        (Channel.EMAIL, 30),
        (Channel.PHONE, 30),
        (Channel.PORTAL, 20),
        (Channel.WHATSAPP, 15),
        (Channel.LETTER, 5),
    ),
    0.25,
    (AnswerStyle.SHORT, AnswerStyle.EXTENSIVE, AnswerStyle.REASSURING),
)


def _preference(rng: random.Random, organisation: OrganisationSpec, age: int) -> PreferenceInput:
    """Older customers: "u", letter or phone, more explanation; younger: digital, short, often
    "je". Only channels the organisation offers can be preferred."""
    habits = _OLDER if age >= 67 else _YOUNGER if age <= 35 else _MIDDLE
    offered = [(c, w) for c, w in habits.channels if c in organisation.channels]
    channel = rng.choices([c for c, _ in offered], weights=[w for _, w in offered])[0]
    quiet = rng.random() < 0.2
    return PreferenceInput(
        preferred_channel=channel.value,
        answer_style=rng.choice(habits.styles).value,
        form_of_address=(
            FormOfAddress.INFORMAL if rng.random() < habits.informal else FormOfAddress.FORMAL
        ),
        needs_digital_help=age >= 75 and rng.random() < 0.45,
        accessibility_needs=rng.choice(_ACCESSIBILITY) if rng.random() < 0.04 else "",
        quiet_hours_start=time(21, 0) if quiet else None,
        quiet_hours_end=time(8, 0) if quiet else None,
    )


def _digital_addresses(
    rng: random.Random,
    fake: Faker,
    name: tuple[str, str, str],
    age: int,
    preference: PreferenceInput,
) -> tuple[DigitalAddressSpec, ...]:
    addresses: list[DigitalAddressSpec] = []
    elderly = age >= 67
    if rng.random() < (0.6 if elderly else 0.95):
        addresses.append(
            DigitalAddressSpec(DigitalAddressKind.EMAIL, _email(rng, name), None, True)
        )
    if rng.random() < (0.65 if elderly else 0.97):
        mobile = mobile_number(rng)
        verified = rng.randint(5, 700) if rng.random() < 0.7 else None
        addresses.append(
            DigitalAddressSpec(DigitalAddressKind.PHONE, mobile, verified, True, "mobiel")
        )
        if preference.preferred_channel == Channel.WHATSAPP or rng.random() < 0.3:
            addresses.append(
                DigitalAddressSpec(DigitalAddressKind.WHATSAPP, mobile, verified, True)
            )
    if elderly or rng.random() < 0.15:
        is_default = not any(a.kind == DigitalAddressKind.PHONE for a in addresses)
        verified = rng.randint(5, 900) if rng.random() < 0.5 else None
        addresses.append(
            DigitalAddressSpec(
                DigitalAddressKind.PHONE, landline_number(fake), verified, is_default, "vast"
            )
        )
    return tuple(addresses)


def _email(rng: random.Random, name: tuple[str, str, str]) -> str:
    given, prefix, surname = (ascii_word(part) for part in name)
    local = rng.choice(
        (
            f"{given}.{prefix}{surname}",
            f"{given[0]}.{prefix}{surname}",
            f"{given}{rng.randint(1, 99)}",
        )
    )
    return f"{local}@{rng.choice(_EMAIL_DOMAINS)}"


def person_write(ctx: DemoContext, spec: PersonSpec) -> Party:
    """Write one person through the parties services; each call logs its processing (PRIV-05)."""
    activity = Activity.DATA_IMPORT
    ctx.written["parties"] += 1
    party = person_create(
        accessor=ctx.accessor,
        provider=ctx.provider,
        person=PersonInput(
            given_names=spec.given_names,
            surname_prefix=spec.surname_prefix,
            surname=spec.surname,
            initials=spec.initials,
            date_of_birth=spec.date_of_birth,
        ),
        activity=activity,
    )
    _contact_details_write(ctx, party, spec)
    return party


def _contact_details_write(ctx: DemoContext, party: Party, spec: PersonSpec) -> None:
    accessor, activity = ctx.accessor, Activity.DATA_IMPORT
    if spec.bsn:
        identifier_add(
            accessor=accessor,
            party=party,
            kind=IdentifierKind.BSN,
            value=spec.bsn,
            activity=activity,
        )
    if spec.customer_number:
        identifier_add(
            accessor=accessor,
            party=party,
            kind=IdentifierKind.CUSTOMER_NUMBER,
            value=spec.customer_number,
            register=ctx.organisation.customer_register,
            activity=activity,
        )
    for address in spec.digital_addresses:
        digital_address_add(
            accessor=accessor,
            party=party,
            kind=address.kind,
            value=address.value,
            is_default=address.is_default,
            description=address.description,
            verified_at=ctx.days_ago(address.verified_days_ago),
            activity=activity,
        )
    postal_address_set(
        accessor=accessor,
        party=party,
        kind=PostalAddressKind.VISIT,
        address=_address_input(spec.address),
        activity=activity,
    )
    preference_set(accessor=accessor, party=party, preference=spec.preference, activity=activity)


def _address_input(address: AddressSpec) -> AddressInput:
    return AddressInput(
        street=address.street,
        house_number=address.house_number,
        house_number_suffix=address.suffix,
        postcode=address.postcode,
        city=address.city,
    )
