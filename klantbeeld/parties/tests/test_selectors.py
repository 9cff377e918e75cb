"""Search and screen-pop: every kind of query, scoped to one organisation, logged per result."""

import pytest
from django.core.exceptions import ValidationError

from klantbeeld.core.errors import NotAccessible, PermissionMissing
from klantbeeld.parties import selectors
from klantbeeld.parties.models import DigitalAddress
from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.models import ProcessingLog
from klantbeeld.privacy.selectors import accessor_for_user
from tests.factories import PartyFactory, address_for, bsn_for, phone_for

LIMIT = 25


@pytest.fixture
def fatima(party):
    bsn_for(party, "111222333")
    phone_for(party, "+31612345678")
    address_for(party, "3511 AB", 12)
    DigitalAddress.objects.create(
        provider=party.provider, party=party, kind="email", value="fatima@voorbeeld.nl"
    )
    return party


@pytest.mark.parametrize(
    ("query", "searched_as"),
    [
        ("el amrani", "naam"),
        ("Fatima Amrani", "naam"),
        ("amr", "naam"),
        ("111222333", "BSN"),
        ("fatima@VOORBEELD.nl", "e-mailadres"),
        ("06-12345678", "telefoonnummer"),
        ("3511ab 12", "postcode en huisnummer"),
        ("0000001", "klantnummer"),
    ],
)
def test_search_finds_the_customer_by_every_kind_of_query(accessor, fatima, query, searched_as):
    # given
    fatima.number = "0000001"
    fatima.save()
    PartyFactory(provider=fatima.provider, given_names="Jan", surname="Jansen")

    # when
    outcome = selectors.party_search(accessor=accessor, query=query, limit=LIMIT)

    # then
    assert outcome.searched_as == searched_as
    assert outcome.parties == [fatima]


def test_search_logs_one_record_per_party_shown(accessor, provider):
    # given
    shown = [PartyFactory(provider=provider, surname="Bakker") for _ in range(3)]

    # when
    selectors.party_search(accessor=accessor, query="bakker", limit=LIMIT)

    # then
    logged = set(
        ProcessingLog.objects.filter(activity__code=Activity.CUSTOMER_SEARCH).values_list(
            "data_subject", flat=True
        )
    )
    assert logged == {party.uuid for party in shown}


def test_search_never_shows_another_organisations_customers(accessor, other_provider):
    # given
    stranger = PartyFactory(provider=other_provider, surname="Bakker")
    bsn_for(stranger, "111222333")

    # when
    by_name = selectors.party_search(accessor=accessor, query="bakker", limit=LIMIT)
    by_bsn = selectors.party_search(accessor=accessor, query="111222333", limit=LIMIT)

    # then
    assert by_name.parties == []
    assert by_bsn.parties == []
    assert ProcessingLog.objects.count() == 0


def test_a_one_character_query_asks_for_more(accessor, party):
    outcome = selectors.party_search(accessor=accessor, query="a", limit=LIMIT)
    assert outcome.parties == []
    assert "twee tekens" in outcome.message


def test_search_without_the_permission_is_refused(privacy_officer, party):
    with pytest.raises(PermissionMissing):
        selectors.party_search(
            accessor=accessor_for_user(privacy_officer), query="amrani", limit=LIMIT
        )


def test_access_party_gives_the_same_error_for_missing_and_other_organisation(
    accessor, other_provider
):
    # given
    stranger = PartyFactory(provider=other_provider)

    # when / then
    with pytest.raises(NotAccessible) as foreign:
        selectors.access_party(
            accessor=accessor, party_uuid=stranger.uuid, activity=Activity.CUSTOMER_VIEW
        )
    with pytest.raises(NotAccessible) as missing:
        selectors.access_party(
            accessor=accessor,
            party_uuid="00000000-0000-0000-0000-000000000000",
            activity=Activity.CUSTOMER_VIEW,
        )
    with pytest.raises(NotAccessible):
        selectors.access_party(
            accessor=accessor, party_uuid="geen-uuid", activity=Activity.CUSTOMER_VIEW
        )
    assert foreign.value.message == missing.value.message
    assert ProcessingLog.objects.count() == 0


def test_screen_pop_opens_the_one_party_with_the_verified_number(accessor, fatima):
    # when
    pop = selectors.party_screen_pop(accessor=accessor, phone="06 12345678")

    # then
    assert pop.party == fatima
    assert ProcessingLog.objects.get().activity.code == Activity.SCREEN_POP


def test_screen_pop_lists_a_household_sharing_one_number(accessor, fatima):
    # given: a partner shares the landline, also verified
    partner = PartyFactory(provider=fatima.provider, given_names="Youssef", surname="el Amrani")
    phone_for(partner, "+31612345678")

    # when
    pop = selectors.party_screen_pop(accessor=accessor, phone="+31612345678")

    # then
    assert pop.party is None
    assert set(pop.candidates) == {fatima, partner}


def test_screen_pop_does_not_trust_an_unverified_number_alone(accessor, party):
    # given
    phone_for(party, "+31201234567", verified=False)

    # when
    pop = selectors.party_screen_pop(accessor=accessor, phone="020 1234567")

    # then
    assert pop.party is None
    assert pop.candidates == [party]


def test_screen_pop_refuses_an_invalid_number(accessor):
    with pytest.raises(ValidationError):
        selectors.party_screen_pop(accessor=accessor, phone="12")
