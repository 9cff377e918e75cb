"""Need to know and break the glass (PRIV-04): the back office sees its team's customers; any
other customer only with an exact number and a reason, for a while, reviewed afterwards."""

from datetime import timedelta

import pytest
from django.urls import reverse

from klantbeeld.contacts.models import Actor
from klantbeeld.core import clock
from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.models import EmergencyAccess, ProcessingLog
from tests.factories import PartyFactory, bsn_for, case_for

REASON = "Mevrouw belt over haar paspoort en haar vaste contactpersoon is ziek."


@pytest.fixture
def team_customer(provider, specialist):
    party = PartyFactory(provider=provider, surname="Bakker", given_names="Anna")
    case = case_for(party)
    case.team = Actor.objects.get(user=specialist).team
    case.save()
    return party


@pytest.fixture
def other_customer(provider):
    party = PartyFactory(provider=provider, surname="Bakker", given_names="Bert")
    bsn_for(party, "111222333")
    return party


@pytest.fixture
def specialist_client(client, specialist):
    client.force_login(specialist)
    return client


def test_the_back_office_finds_only_its_teams_customers(
    specialist_client, team_customer, other_customer
):
    page = specialist_client.get(reverse("workspace:home"), {"q": "bakker"}).content.decode()
    assert "Anna Bakker" in page
    assert "Bert Bakker" not in page
    assert "Vraag noodtoegang aan" in page


def test_the_front_office_serves_every_customer(
    client, front_office, team_customer, other_customer
):
    client.force_login(front_office)
    page = client.get(reverse("workspace:home"), {"q": "bakker"}).content.decode()
    assert "Anna Bakker" in page
    assert "Bert Bakker" in page


def test_a_customer_outside_the_team_is_404_and_not_logged(specialist_client, other_customer):
    response = specialist_client.get(reverse("workspace:customer", args=[other_customer.uuid]))
    assert response.status_code == 404
    assert ProcessingLog.objects.count() == 0


def test_a_customer_passed_to_the_team_comes_into_view(
    specialist_client, specialist, other_customer
):
    # given: the case moves to the specialist's team
    case = case_for(other_customer)
    case.team = Actor.objects.get(user=specialist).team
    case.save()

    # then
    assert (
        specialist_client.get(reverse("workspace:customer", args=[other_customer.uuid])).status_code
        == 200
    )


def test_emergency_access_opens_one_customer_with_a_reason(
    specialist_client, specialist, other_customer
):
    # when
    response = specialist_client.post(
        reverse("workspace:emergency_access"), {"identifier": "111 222 333", "reason": REASON}
    )

    # then
    assert response["Location"] == reverse("workspace:customer", args=[other_customer.uuid])
    assert specialist_client.get(response["Location"]).status_code == 200
    grant = EmergencyAccess.objects.get()
    assert (grant.data_subject, grant.actor_id, grant.reason) == (
        other_customer.uuid,
        str(specialist.uuid),
        REASON,
    )
    assert ProcessingLog.objects.filter(activity__code=Activity.EMERGENCY_ACCESS).count() == 1


def test_the_page_states_how_long_emergency_access_lasts(specialist_client, settings):
    settings.KLANTBEELD_EMERGENCY_ACCESS_MINUTES = 30
    assert (
        "30 minuten"
        in specialist_client.get(reverse("workspace:emergency_access")).content.decode()
    )


def test_emergency_access_ends_by_itself(specialist_client, other_customer):
    # given
    specialist_client.post(
        reverse("workspace:emergency_access"), {"identifier": "111222333", "reason": REASON}
    )

    # when
    EmergencyAccess.objects.update(expires_at=clock.now() - timedelta(seconds=1))

    # then
    assert (
        specialist_client.get(reverse("workspace:customer", args=[other_customer.uuid])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"identifier": "111222333", "reason": "even kijken"}, "minstens 20 tekens"),
        ({"identifier": "Bakker", "reason": REASON}, "Geen klant met dit nummer"),
        ({"identifier": "", "reason": REASON}, "verplicht"),
    ],
)
def test_emergency_access_without_number_or_reason_is_refused(
    specialist_client, other_customer, data, message
):
    # when
    response = specialist_client.post(reverse("workspace:emergency_access"), data)

    # then
    assert response.status_code == 400
    assert message in response.content.decode()
    assert EmergencyAccess.objects.count() == 0
    assert ProcessingLog.objects.count() == 0


def test_the_privacy_officer_reviews_each_emergency_access(
    client, specialist_client, privacy_officer, other_customer
):
    # given
    specialist_client.post(
        reverse("workspace:emergency_access"), {"identifier": "111222333", "reason": REASON}
    )
    client.force_login(privacy_officer)
    page = client.get(reverse("workspace:privacy_emergency")).content.decode()
    assert REASON in page
    grant = EmergencyAccess.objects.get()

    # when: an empty verdict is refused; a verdict closes it
    empty = client.post(
        reverse("workspace:privacy_emergency"), {"grant": str(grant.uuid), "note": ""}
    )
    done = client.post(
        reverse("workspace:privacy_emergency"),
        {"grant": str(grant.uuid), "note": "Terecht: klant belde."},
    )

    # then
    assert empty.status_code == 400
    assert done.status_code == 302
    grant.refresh_from_db()
    assert grant.reviewed_by == str(privacy_officer.uuid)
    assert REASON not in client.get(reverse("workspace:privacy_emergency")).content.decode()
