"""What an employee sees and does: search, customer view, register a contact, screen-pop."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from klantbeeld.contacts.models import Actor, ContactMoment, InternalTask
from klantbeeld.workspace.forms import DATETIME_INPUT
from tests.factories import (
    PartyFactory,
    address_for,
    bsn_for,
    case_for,
    contact_moments_for,
    phone_for,
)


@pytest.fixture
def employee_client(client, front_office):
    client.force_login(front_office)
    return client


@pytest.fixture
def actor(front_office):
    return Actor.objects.get(user=front_office)


def _form(actor, **overrides):
    data = {
        "channel": "telefoon",
        "direction": "inkomend",
        "occurred_at": (timezone.localtime() - timedelta(minutes=5)).strftime(DATETIME_INPUT),
        "subject": "Vraag over verhuizing",
        "summary": "Mevrouw wil weten of de verhuizing is verwerkt. Uitgelegd dat dit 5 dagen duurt.",
        "outcome": "beantwoord",
        "afspraak-0-requested_action": "Terugbellen als de verhuizing verwerkt is",
        "afspraak-0-kind": "terugbellen",
        "afspraak-0-assigned_to": str(actor.pk),
        "afspraak-0-due_at": (timezone.localtime() + timedelta(days=5)).strftime(DATETIME_INPUT),
        "afspraak-1-kind": "overig",
    }
    return {**data, **overrides}


def test_search_shows_the_customer_with_address(employee_client, party):
    # given
    address_for(party, "3511 AB", 12)

    # when
    response = employee_client.get(reverse("workspace:home"), {"q": "el amrani"})

    # then
    page = response.content.decode()
    assert "Fatima el Amrani" in page
    assert "3511 AB" in page
    assert "gevonden op naam" in page


def test_an_htmx_search_returns_only_the_results_fragment(employee_client, party):
    response = employee_client.get(
        reverse("workspace:home"), {"q": "amrani"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "Fatima el Amrani" in page
    assert "<html" not in page


def test_an_empty_search_asks_what_to_search_for(employee_client, db):
    response = employee_client.get(reverse("workspace:home"), {"q": ""})
    assert "Typ wat u zoekt" in response.content.decode()


def test_the_customer_view_masks_the_bsn_and_shows_agreements(employee_client, party, actor):
    # given
    bsn_for(party, "111222333")
    contact_moments_for(party, 1, actor=actor)

    # when
    page = employee_client.get(reverse("workspace:customer", args=[party.uuid])).content.decode()

    # then
    assert "111222333" not in page
    assert "••••••333" in page
    assert "Terugbellen" in page
    assert "Open afspraken" in page


def test_the_customer_page_query_count_does_not_grow_with_the_history(
    employee_client, provider, actor
):
    # given
    short, long = PartyFactory(provider=provider), PartyFactory(provider=provider)
    for party, count in ((short, 1), (long, 45)):
        bsn_for(party), phone_for(party, "+31612345678"), address_for(party), case_for(party)
        contact_moments_for(party, count, actor=actor)

    # when
    with CaptureQueriesContext(connection) as few:
        employee_client.get(reverse("workspace:customer", args=[short.uuid]))
    with CaptureQueriesContext(connection) as many:
        employee_client.get(reverse("workspace:customer", args=[long.uuid]))

    # then
    assert len(many) == len(few)


def test_the_timeline_fragment_pages_and_filters(employee_client, party, actor):
    # given
    contact_moments_for(party, 25, actor=actor)

    # when
    response = employee_client.get(
        reverse("workspace:customer", args=[party.uuid]),
        {"pagina": "2", "kanaal": "onzin"},
        HTTP_HX_REQUEST="true",
    )

    # then: an unknown channel filter is ignored, not an error
    page = response.content.decode()
    assert response.status_code == 200
    assert "Pagina 2 van 2" in page
    assert "<html" not in page


def test_registering_a_call_with_an_agreement(employee_client, party, actor):
    # when
    response = employee_client.post(
        reverse("workspace:contact_register", args=[party.uuid]), _form(actor)
    )

    # then
    assert response.status_code == 302
    moment = ContactMoment.objects.get()
    assert moment.subject == "Vraag over verhuizing"
    assert (
        InternalTask.objects.get().requested_action == "Terugbellen als de verhuizing verwerkt is"
    )
    follow = employee_client.get(response["Location"]).content.decode()
    assert "Het contact is vastgelegd" in follow
    assert "Vraag over verhuizing" in follow


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"occurred_at": (timezone.localtime() + timedelta(days=1)).strftime(DATETIME_INPUT)},
            "in de toekomst",
        ),
        ({"subject": ""}, "Dit veld is verplicht"),
        ({"channel": "postduif"}, "Selecteer een geldige keuze"),
        ({"occurred_at": "gisteren"}, "geldige datum"),
        ({"afspraak-0-assigned_to": ""}, "Kies wie deze afspraak uitvoert"),
        ({"afspraak-0-due_at": "2001-01-01T10:00"}, "verlopen zijn vóór het contact"),
    ],
)
def test_bad_input_is_refused_with_a_dutch_message_and_nothing_is_saved(
    employee_client, party, actor, overrides, message
):
    # when
    response = employee_client.post(
        reverse("workspace:contact_register", args=[party.uuid]), _form(actor, **overrides)
    )

    # then
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ContactMoment.objects.count() == 0
    assert InternalTask.objects.count() == 0


def test_an_agreement_assigned_to_another_organisation_is_refused(
    employee_client, party, actor, other_provider
):
    # given
    foreign = Actor.objects.create(provider=other_provider, kind="medewerker", name="Iemand anders")

    # when
    response = employee_client.post(
        reverse("workspace:contact_register", args=[party.uuid]),
        _form(actor, **{"afspraak-0-assigned_to": str(foreign.pk)}),
    )

    # then
    assert response.status_code == 400
    assert ContactMoment.objects.count() == 0


def test_screen_pop_opens_the_caller(employee_client, party):
    # given
    phone_for(party, "+31612345678")

    # when
    response = employee_client.get(reverse("workspace:lookup"), {"phone": "06 12345678"})

    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:customer", args=[party.uuid])


def test_screen_pop_with_an_unknown_number_offers_search(employee_client, db):
    response = employee_client.get(reverse("workspace:lookup"), {"phone": "+31301234567"})
    assert response.status_code == 200
    assert "Geen klant bekend" in response.content.decode()


@pytest.mark.parametrize("phone", ["12", ""])
def test_screen_pop_with_a_bad_number_explains(employee_client, db, phone):
    response = employee_client.get(reverse("workspace:lookup"), {"phone": phone})
    assert response.status_code == 400
    assert "telefoonnummer" in response.content.decode().lower()


def test_a_form_posted_without_its_security_token_says_so_in_dutch_and_saves_nothing(
    front_office, party
):
    # given: a browser whose form token no longer matches (an old tab, a new login)
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(front_office)

    # when
    response = strict.post(
        reverse("workspace:contact_register", args=[party.uuid]), {"subject": "x"}
    )

    # then
    assert response.status_code == 403
    assert "Dit formulier is verlopen" in response.content.decode()
    assert ContactMoment.objects.count() == 0
