"""Every API call is purpose-bound and written to the processing log (PRIV-05, issue 4)."""

from __future__ import annotations

from klantbeeld.api.tests.conftest import BASE
from klantbeeld.core import clock
from klantbeeld.privacy.constants import AccessorKind, Activity, Operation
from klantbeeld.privacy.models import ProcessingLog, ProcessingRestriction
from tests.factories import PartyFactory, contact_moments_for


def log_rows():
    return list(
        ProcessingLog.objects.select_related("activity")
        .order_by("id")
        .values_list("activity__code", "operation", "data_subject", "actor_kind", "actor_id")
    )


def test_reading_a_partij_logs_one_view_of_that_person(api, party):
    api.get(f"{BASE}/partijen/{party.uuid}")

    assert log_rows() == [
        (
            Activity.CUSTOMER_VIEW.value,
            Operation.READ.value,
            party.uuid,
            AccessorKind.SYSTEM.value,
            "api:zaaksysteem",
        )
    ]


def test_a_list_logs_a_search_for_every_person_on_the_page(api, provider):
    people = [PartyFactory(provider=provider) for _ in range(3)]

    api.get(f"{BASE}/partijen?pageSize=2")

    logged = {row[2] for row in log_rows()}
    assert len(logged) == 2
    assert logged < {person.uuid for person in people}
    assert {row[0] for row in log_rows()} == {Activity.CUSTOMER_SEARCH.value}


def test_contacts_are_logged_under_the_parties_that_took_part(api, party, front_office):
    contact_moments_for(party, count=2, actor=front_office.actor)

    api.get(f"{BASE}/klantcontacten")

    assert {row[2] for row in log_rows()} == {party.uuid}


def test_a_write_is_logged_as_an_import_and_a_correction(api):
    created = api.post(
        f"{BASE}/partijen", {"soortPartij": "organisatie", "indicatieActief": True}, format="json"
    ).json()
    api.patch(f"{BASE}/partijen/{created['uuid']}", {"interneNotitie": "Let op"}, format="json")

    assert [(row[0], row[1]) for row in log_rows()] == [
        (Activity.DATA_IMPORT.value, Operation.CREATE.value),
        (Activity.DATA_CORRECTION.value, Operation.UPDATE.value),
    ]


def test_a_call_about_no_customer_is_still_logged_without_a_subject(api):
    api.get(f"{BASE}/actoren")

    assert log_rows() == [
        (
            Activity.CUSTOMER_SEARCH.value,
            Operation.READ.value,
            None,
            AccessorKind.SYSTEM.value,
            "api:zaaksysteem",
        )
    ]


def test_a_rejected_call_logs_nothing(api, party):
    api.patch(f"{BASE}/partijen/{party.uuid}", {"soortPartij": "kat"}, format="json")

    assert log_rows() == []


def test_a_restricted_customer_is_not_processed_through_the_api(api, party, provider):
    """AVG art. 18: while a restriction lasts, the data is kept but not used."""
    ProcessingRestriction.objects.create(
        provider=provider,
        data_subject=party.uuid,
        reason="Bezwaar loopt",
        since=clock.now(),
        recorded_by="fg",
    )

    response = api.get(f"{BASE}/partijen/{party.uuid}")

    assert response.status_code == 403
    assert "beperken" in response.json()["detail"]
    assert log_rows() == []
