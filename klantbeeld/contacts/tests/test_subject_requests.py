"""Data subject requests across the domains (AVG 15, 17, 18, 20)."""

from collections import Counter
from datetime import timedelta

import pytest
from django.urls import reverse

from klantbeeld.contacts import selectors
from klantbeeld.contacts.models import Actor, ContactMoment, Participant
from klantbeeld.contacts.subject_data import ERASED
from klantbeeld.core import clock
from klantbeeld.core.errors import PermissionMissing
from klantbeeld.parties.models import Party
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.models import ProcessingLog
from klantbeeld.privacy.report_pdf import report_pdf
from klantbeeld.privacy.selectors import accessor_for_user
from klantbeeld.privacy.services import ProcessingRestricted, purpose_bound
from klantbeeld.privacy.subject_requests import (
    ErasureRefused,
    legal_hold_place,
    subject_erase,
    subject_report,
    subject_restrict,
    subject_restriction_lift,
)
from tests.factories import PartyFactory, bsn_for, case_for, contact_moments_for


@pytest.fixture
def officer(privacy_officer):
    return accessor_for_user(privacy_officer)


@pytest.fixture
def history(party, front_office):
    actor = Actor.objects.get(user=front_office)
    bsn_for(party, "111222333")
    case_for(party, goal="Paspoort verlengen")
    moments = contact_moments_for(party, 3, actor=actor)
    purpose_bound(
        accessor=accessor_for_user(front_office),
        activity=Activity.CUSTOMER_VIEW,
        operation=Operation.READ,
        subjects=[party.uuid],
    )
    return moments


def test_the_report_holds_everything_and_who_processed_it(officer, party, history, front_office):
    # when
    report = subject_report(accessor=officer, data_subject=party.uuid)

    # then
    assert report["Uw gegevens"]["naam"] == "Fatima el Amrani"
    assert {"nummer": "111222333", "soort": "BSN"} in report["Uw gegevens"]["identificaties"]
    assert [c["onderwerp"] for c in report["Uw contacten met ons"]] == [
        "Vraag 3",
        "Vraag 2",
        "Vraag 1",
    ]
    assert report["Uw zaken"][0]["doel"] == "Paspoort verlengen"
    assert len(report["Afspraken met u"]) == 3
    who = report["Wie uw gegevens verwerkte, en waarom"]
    assert any(
        line["door"] == front_office.get_full_name() and "Klantbeeld inzien" in line["waarom"]
        for line in who
    )


def test_the_report_renders_as_a_pdf(officer, party, history):
    pdf = report_pdf(subject_report(accessor=officer, data_subject=party.uuid))
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 1500


def test_a_legal_hold_refuses_erasure_and_nothing_is_removed(officer, party, history):
    # given
    legal_hold_place(
        accessor=officer,
        data_subject=party.uuid,
        reason="Fiscale bewaarplicht (AWR art. 52)",
        until=clock.today() + timedelta(days=365),
    )

    # when / then
    with pytest.raises(ErasureRefused, match="Fiscale bewaarplicht"):
        subject_erase(accessor=officer, data_subject=party.uuid)
    assert Party.objects.filter(uuid=party.uuid).exists()
    assert ContactMoment.objects.exclude(subject=ERASED).count() == 3


def test_erasure_removes_the_person_and_keeps_anonymous_counts(officer, party, history):
    # given
    channels_before = Counter(ContactMoment.objects.values_list("channel", flat=True))
    someone_else = PartyFactory(provider=party.provider)

    # when
    counts = subject_erase(accessor=officer, data_subject=party.uuid)

    # then
    assert counts["profile"] >= 1
    assert counts["contacts"] == 3
    assert not Party.objects.filter(uuid=party.uuid).exists()
    assert Party.objects.filter(pk=someone_else.pk).exists()
    assert Counter(ContactMoment.objects.values_list("channel", flat=True)) == channels_before
    assert set(ContactMoment.objects.values_list("subject", flat=True)) == {ERASED}
    assert not Participant.objects.exists()
    assert (
        ProcessingLog.objects.filter(data_subject=party.uuid, operation=Operation.DELETE).count()
        == 1
    )


def test_restriction_stops_every_use_until_lifted(officer, party, history, accessor):
    # given
    subject_restrict(
        accessor=officer, data_subject=party.uuid, reason="Klant betwist de juistheid van het adres"
    )

    # then: no view, not in search; the privacy officer can still handle the request
    with pytest.raises(ProcessingRestricted):
        selectors.customer_view_get(
            accessor=accessor, party_uuid=party.uuid, timeline=selectors.TimelineFilter()
        )
    assert selectors.customer_search(accessor=accessor, query="amrani", limit=10).parties == []
    assert subject_report(accessor=officer, data_subject=party.uuid)["Uw gegevens"]

    # when
    subject_restriction_lift(accessor=officer, data_subject=party.uuid)

    # then
    assert selectors.customer_search(accessor=accessor, query="amrani", limit=10).parties == [party]


def test_only_the_privacy_officer_handles_requests(accessor, party):
    with pytest.raises(PermissionMissing):
        subject_erase(accessor=accessor, data_subject=party.uuid)
    assert Party.objects.filter(uuid=party.uuid).exists()


def test_a_restricted_customer_page_says_why(client, front_office, officer, party):
    subject_restrict(accessor=officer, data_subject=party.uuid, reason="Bezwaar loopt")
    client.force_login(front_office)
    response = client.get(reverse("workspace:customer", args=[party.uuid]))
    assert response.status_code == 403
    assert "artikel 18" in response.content.decode()


@pytest.fixture
def officer_client(client, privacy_officer):
    client.force_login(privacy_officer)
    return client


@pytest.mark.parametrize(("export", "start"), [("pdf", b"%PDF"), ("json", b"{")])
def test_the_officer_downloads_the_copy(officer_client, party, history, export, start):
    response = officer_client.get(
        reverse("workspace:privacy_subject_request"), {"customer": "111222333", "formaat": export}
    )
    assert response.content.startswith(start)
    assert response["Content-Disposition"] == f'attachment; filename="inzage.{export}"'


def test_erasure_on_the_page_needs_the_typed_confirmation(officer_client, party, history):
    url = reverse("workspace:privacy_subject_request") + "?customer=111222333"
    refused = officer_client.post(url, {"actie": "wissen", "confirm": "ja"})
    assert refused.status_code == 400
    assert Party.objects.filter(uuid=party.uuid).exists()
    done = officer_client.post(url, {"actie": "wissen", "confirm": "WISSEN"})
    assert "zijn gewist" in done.content.decode()
    assert not Party.objects.filter(uuid=party.uuid).exists()


def test_erasure_with_a_hold_shows_the_reason_on_the_page(officer_client, officer, party, history):
    legal_hold_place(
        accessor=officer,
        data_subject=party.uuid,
        reason="Fiscale bewaarplicht",
        until=clock.today() + timedelta(days=30),
    )
    response = officer_client.post(
        reverse("workspace:privacy_subject_request") + "?customer=111222333",
        {"actie": "wissen", "confirm": "WISSEN"},
    )
    assert response.status_code == 400
    assert "Fiscale bewaarplicht" in response.content.decode()
    assert Party.objects.filter(uuid=party.uuid).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"actie": "bewaarplicht", "reason": "x", "until": "2001-01-01"}, "al voorbij"),
        ({"actie": "bewaarplicht", "reason": "x", "until": "morgen"}, "geldige datum"),
        ({"actie": "beperken", "reason": ""}, "verplicht"),
    ],
)
def test_bad_request_input_is_explained(officer_client, party, history, data, message):
    response = officer_client.post(
        reverse("workspace:privacy_subject_request") + "?customer=111222333", data
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_unknown_number_is_explained(officer_client, db):
    response = officer_client.get(reverse("workspace:privacy_subject_request"), {"customer": "123"})
    assert response.status_code == 400
    assert "Geen klant met dit nummer" in response.content.decode()


def test_retention_anonymises_old_contacts_spares_holds_and_keeps_counts(
    officer, party, history, provider
):
    # given: one customer's contacts are 3 years old; another's too, but under a legal hold
    from django.core.management import call_command

    held = PartyFactory(provider=provider, surname="Visser")
    contact_moments_for(held, 2, actor=Actor.objects.first())
    ContactMoment.objects.update(occurred_at=clock.now() - timedelta(days=3 * 365))
    legal_hold_place(
        accessor=officer,
        data_subject=held.uuid,
        reason="Lopende procedure",
        until=clock.today() + timedelta(days=30),
    )
    total = ContactMoment.objects.count()

    # when
    call_command("privacy", "retention", stdout=__import__("io").StringIO())

    # then
    assert ContactMoment.objects.count() == total
    assert ContactMoment.objects.filter(subject=ERASED).count() == 3
    assert (
        ContactMoment.objects.filter(participants__party=held).exclude(subject=ERASED).count() == 2
    )
    assert Party.objects.filter(uuid=party.uuid).exists()  # the customer stays; the old words go
