"""Creating customers: valid identifiers only, nothing half-saved, every write logged."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from klantbeeld.core import clock
from klantbeeld.core.errors import NotAccessible
from klantbeeld.parties import services
from klantbeeld.parties.constants import DigitalAddressKind, IdentifierKind, PostalAddressKind
from klantbeeld.parties.models import Party, PartyIdentifier
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.models import ProcessingLog
from tests.factories import PartyFactory

IMPORT = Activity.DATA_IMPORT


def test_person_create_numbers_the_party_keys_the_name_and_logs_the_write(system, provider):
    # given
    person = services.PersonInput(
        surname="de Vries", given_names="Ánne", date_of_birth=date(1950, 3, 1)
    )

    # when
    party = services.person_create(
        accessor=system, provider=provider, person=person, activity=IMPORT
    )

    # then
    assert party.number == "0000001"
    assert party.display_name == "Ánne de Vries"
    assert party.name_key == "de vries anne"
    log = ProcessingLog.objects.get()
    assert (log.data_subject, log.operation) == (party.uuid, Operation.CREATE)


def test_a_birth_date_in_the_future_is_refused_and_nothing_is_saved(system, provider):
    # given
    person = services.PersonInput(surname="Jansen", date_of_birth=clock.today() + timedelta(days=1))

    # when / then
    with pytest.raises(ValidationError) as error:
        services.person_create(accessor=system, provider=provider, person=person, activity=IMPORT)
    assert "toekomst" in str(error.value)
    assert Party.objects.count() == 0
    assert ProcessingLog.objects.count() == 0


def test_an_invalid_bsn_is_refused_and_nothing_is_saved(system, party):
    # when / then
    with pytest.raises(ValidationError):
        services.identifier_add(
            accessor=system,
            party=party,
            kind=IdentifierKind.BSN,
            value="123456789",
            activity=IMPORT,
        )
    assert PartyIdentifier.objects.count() == 0
    assert ProcessingLog.objects.count() == 0


def test_a_bsn_is_unique_within_an_organisation(system, provider, party):
    # given
    services.identifier_add(
        accessor=system, party=party, kind=IdentifierKind.BSN, value="111222333", activity=IMPORT
    )
    other = PartyFactory(provider=provider)

    # when / then
    with pytest.raises((ValidationError, IntegrityError)):
        services.identifier_add(
            accessor=system,
            party=other,
            kind=IdentifierKind.BSN,
            value="111222333",
            activity=IMPORT,
        )


def test_a_customer_number_needs_its_source_system(system, party):
    with pytest.raises(ValidationError) as error:
        services.identifier_add(
            accessor=system,
            party=party,
            kind=IdentifierKind.CUSTOMER_NUMBER,
            value="A-1",
            activity=IMPORT,
        )
    assert "bronsysteem" in str(error.value)


def test_digital_addresses_are_normalised_and_one_default_per_kind(system, party):
    # given
    services.digital_address_add(
        accessor=system,
        party=party,
        kind=DigitalAddressKind.EMAIL,
        value="F@Voorbeeld.NL",
        is_default=True,
        activity=IMPORT,
    )

    # when
    second = services.digital_address_add(
        accessor=system,
        party=party,
        kind=DigitalAddressKind.EMAIL,
        value="fatima@voorbeeld.nl",
        is_default=True,
        activity=IMPORT,
    )
    phone = services.digital_address_add(
        accessor=system,
        party=party,
        kind=DigitalAddressKind.WHATSAPP,
        value="06 12345678",
        activity=IMPORT,
    )

    # then
    defaults = list(party.digital_addresses.filter(is_default=True).values_list("value", flat=True))
    assert defaults == [second.value]
    assert phone.value == "+31612345678"
    assert party.digital_addresses.filter(value="F@voorbeeld.nl").exists()


def test_an_invalid_email_is_refused_in_dutch(system, party):
    with pytest.raises(ValidationError) as error:
        services.digital_address_add(
            accessor=system,
            party=party,
            kind=DigitalAddressKind.EMAIL,
            value="fatima@",
            activity=IMPORT,
        )
    assert "geen geldig e-mailadres" in str(error.value)


def test_postal_address_is_replaced_per_kind(system, party):
    # given
    address = services.AddressInput(
        street="Dorpsstraat", house_number=1, postcode="3511ab", city="Dommelstad"
    )
    services.postal_address_set(
        accessor=system, party=party, kind=PostalAddressKind.VISIT, address=address, activity=IMPORT
    )

    # when
    moved = services.AddressInput(
        street="Kerkplein", house_number=9, postcode="3512 CD", city="Dommelstad"
    )
    services.postal_address_set(
        accessor=system, party=party, kind=PostalAddressKind.VISIT, address=moved, activity=IMPORT
    )

    # then
    assert [str(a) for a in party.postal_addresses.all()] == ["Kerkplein 9, 3512 CD Dommelstad"]
    assert list(ProcessingLog.objects.values_list("operation", flat=True).order_by("id")) == [
        "create",
        "update",
    ]


def test_preferences_record_the_customers_choice(system, party):
    # when
    services.preference_set(
        accessor=system,
        party=party,
        preference=services.PreferenceInput(
            preferred_channel="brief", answer_style="geruststellend", needs_digital_help=True
        ),
        activity=IMPORT,
    )

    # then
    party.refresh_from_db()
    assert party.preference.get_preferred_channel_display() == "Brief"
    assert party.preference.needs_digital_help


def test_an_unknown_answer_style_is_refused(system, party):
    with pytest.raises(ValidationError):
        services.preference_set(
            accessor=system,
            party=party,
            preference=services.PreferenceInput(answer_style="grappig"),
            activity=IMPORT,
        )


def test_writes_to_another_organisations_party_are_not_accessible(system, other_provider):
    # given
    stranger = PartyFactory(provider=other_provider)

    # when / then
    with pytest.raises(NotAccessible):
        services.identifier_add(
            accessor=system,
            party=stranger,
            kind=IdentifierKind.BSN,
            value="111222333",
            activity=IMPORT,
        )
    with pytest.raises(NotAccessible):
        services.person_create(
            accessor=system,
            provider=other_provider,
            person=services.PersonInput(surname="X"),
            activity=IMPORT,
        )


def test_a_contact_person_works_for_an_organisation(system, provider, party):
    # given
    company = services.organisation_create(
        accessor=system, provider=provider, name="Bakkerij De Korenaar", activity=IMPORT
    )

    # when
    bookkeeper = services.contact_person_create(
        accessor=system,
        organisation=company,
        person=services.PersonInput(surname="Demir", given_names="Ayşe"),
        activity=IMPORT,
    )

    # then
    assert bookkeeper.works_for == company
    assert bookkeeper.kind == "contactpersoon"
    with pytest.raises(ValidationError):
        services.contact_person_create(
            accessor=system,
            organisation=party,
            person=services.PersonInput(surname="X"),
            activity=IMPORT,
        )
