"""The employee's phone, counter and post room pages (issue 5; TEL-02, TEL-03, TEL-04, BAL-01,
BAL-02, CH-09, POST-03, POST-05)."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone

from klantbeeld.channels.constants import InboundStatus
from klantbeeld.channels.models import Call, CallbackRequest, ChannelAccount, InboundMessage, Visit
from klantbeeld.channels.phone import cti
from klantbeeld.channels.phone.callbacks import callback_slots
from klantbeeld.channels.pipeline import inbound_process
from klantbeeld.contacts.constants import TaskKind
from klantbeeld.contacts.models import Actor, ContactMoment, InternalTask
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel
from klantbeeld.workspace import channel_urls
from klantbeeld.workspace.forms import DATETIME_INPUT
from tests.factories import phone_for

pytestmark = pytest.mark.django_db

SECRET = "geheim-van-de-centrale"
OUR_NUMBER = "+31141234567"
CALLER = "+31612345678"
AGENT = "mw-0042"
IVR = [
    {"question": "Waarover belt u?", "answer": "Belastingen"},
    {"question": "Heeft u een aanslagnummer?", "answer": "Ja"},
]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # the signature decides the type; OCR is not run here


@pytest.fixture
def phone_account(provider):
    return ChannelAccount.objects.create(
        provider=provider,
        channel=Channel.PHONE,
        name="KCC 14 0141",
        address=OUR_NUMBER,
        settings={cti.SECRET_SETTING: SECRET, "callback_capacity": 1},
    )


@pytest.fixture
def employee(front_office):
    actor = Actor.objects.get(user=front_office)
    actor.identifier = AGENT
    actor.save()
    return actor


@pytest.fixture
def employee_client(client, front_office):
    client.force_login(front_office)
    return client


@pytest.fixture
def location(provider):
    return ChannelAccount.objects.create(
        provider=provider, channel=Channel.COUNTER, name="Stadskantoor", address="stadskantoor"
    )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _cti(client, event, call_id="c-1", seconds=0, **fields):
    """One CTI event over the wire (signed, as the platform sends it), then processed."""
    at = (clock.now() - timedelta(minutes=10) + timedelta(seconds=seconds)).isoformat()
    body = json.dumps(
        {"event": event, "call_id": call_id, "to": OUR_NUMBER, "at": at, **fields}
    ).encode()
    response = client.post(
        "/kanalen/telefoon/cti",
        data=body,
        content_type="application/json",
        headers={cti.SIGNATURE_HEADER: cti.signature_for(body=body, secret=SECRET)},
    )
    assert response.status_code == 202, response.content
    inbound_process(InboundMessage.objects.get(uuid=response.json()["id"]).pk)


def _answered_call(client, call_id="c-1", seconds=0):
    _cti(client, cti.STARTED, call_id=call_id, seconds=seconds, ivr=IVR, **{"from": CALLER})
    _cti(client, cti.ANSWERED, call_id=call_id, seconds=seconds + 20, agent=AGENT)
    return Call.objects.get(call_id=call_id)


# --- every page: the gate --------------------------------------------------------------------


def test_every_channel_page_declares_its_activity():
    for pattern in channel_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        assert pattern.callback.required_activity == "contact_register", pattern.name


@pytest.mark.parametrize("name", ["channel_phone", "channel_counter", "channel_post"])
def test_each_page_renders_for_a_front_office_employee(employee_client, location, name):
    response = employee_client.get(reverse(f"workspace:{name}"), follow=True)

    assert response.status_code == 200
    assert 'href="/workspace/kanalen/telefoon/"' in response.content.decode()  # the nav link


@pytest.mark.parametrize(
    "url",
    [
        "/workspace/kanalen/telefoon/",
        "/workspace/kanalen/balie/",
        "/workspace/kanalen/balie/stadskantoor/",
        "/workspace/kanalen/postkamer/",
    ],
)
def test_a_privacy_officer_gets_403_and_no_nav_links(client, privacy_officer, location, url):
    client.force_login(privacy_officer)

    response = client.get(url)
    home = client.get(reverse("workspace:privacy_register"))

    assert response.status_code == 403
    assert "Postkamer" not in home.content.decode()


def test_a_privacy_officer_cannot_upload_a_letter(client, privacy_officer):
    client.force_login(privacy_officer)

    response = client.post(reverse("workspace:channel_post"), {"scan": _file(PNG, "brief.png")})

    assert response.status_code == 403
    assert not InboundMessage.objects.exists()


def test_anonymous_goes_to_the_login_page(client):
    response = client.get(reverse("workspace:channel_phone"))

    assert response.status_code == 302
    assert "/inloggen/" in response["Location"]


# --- phone -----------------------------------------------------------------------------------


def test_the_current_call_shows_the_caller_and_the_ivr_answers(
    client, employee_client, phone_account, employee, party
):
    # given: a CTI call from the customer's verified number, answered by this employee (TEL-04)
    phone_for(party, CALLER)
    _answered_call(client)

    # when
    page = employee_client.get(reverse("workspace:channel_phone")).content.decode()

    # then
    assert "Fatima el Amrani" in page
    assert reverse("workspace:customer", args=[party.uuid]) in page
    assert "Waarover belt u?" in page
    assert "Belastingen" in page
    assert 'hx-trigger="every 5s"' in page


def test_the_refresh_shows_the_call_and_reloads_an_empty_page_when_a_call_arrives(
    client, employee_client, phone_account, employee
):
    # given: the page was opened without a call; then a call is answered
    call = _answered_call(client)

    # when: htmx polls with the (empty) call the page shows, and with this call
    empty = employee_client.get(
        reverse("workspace:channel_phone") + "?gesprek=", HTTP_HX_REQUEST="true"
    )
    same = employee_client.get(
        reverse("workspace:channel_phone") + f"?gesprek={call.uuid}", HTTP_HX_REQUEST="true"
    )

    # then
    assert empty["HX-Refresh"] == "true"
    assert "HX-Refresh" not in same
    assert "Belastingen" in same.content.decode()
    assert "<html" not in same.content.decode()


def test_a_call_that_continues_a_dropped_one_shows_its_choices(
    client, employee_client, phone_account, employee, party
):
    # given: the caller hung up in the queue, then rang again (TEL-03)
    phone_for(party, CALLER)
    _cti(client, cti.STARTED, call_id="c-1", ivr=IVR, **{"from": CALLER})
    _cti(client, cti.ENDED, call_id="c-1", seconds=120)
    _cti(client, cti.STARTED, call_id="c-2", seconds=200, **{"from": CALLER})
    _cti(client, cti.ANSWERED, call_id="c-2", seconds=220, agent=AGENT)

    # when
    page = employee_client.get(reverse("workspace:channel_phone")).content.decode()

    # then
    assert "Vorig gesprek afgebroken om" in page
    assert "keuzes: Waarover belt u? Belastingen" in page


def test_call_notes_become_a_contact_moment_of_the_customer(
    client, employee_client, phone_account, employee, party, topic
):
    # given
    phone_for(party, CALLER)
    call = _answered_call(client)

    # when
    response = employee_client.post(
        reverse("workspace:channel_phone_notes", args=[call.uuid]),
        {"party": str(party.uuid), "topic": str(topic.pk), "notes": "Aanslag uitgelegd."},
        follow=True,
    )

    # then
    moment = ContactMoment.objects.get(channel=Channel.PHONE)
    assert moment.content == "Aanslag uitgelegd."
    assert moment.participants.get().party == party
    page = response.content.decode()
    assert "De gespreksnotities zijn vastgelegd" in page
    assert reverse("workspace:customer", args=[party.uuid]) in page


def test_empty_call_notes_are_a_dutch_error_and_nothing_is_stored(
    client, employee_client, phone_account, employee
):
    call = _answered_call(client)

    response = employee_client.post(
        reverse("workspace:channel_phone_notes", args=[call.uuid]), {"notes": ""}
    )

    assert response.status_code == 400
    assert "Schrijf op waarover het gesprek ging." in response.content.decode()
    assert not ContactMoment.objects.filter(subject="Telefoongesprek").exists()


def test_a_full_callback_slot_is_a_dutch_error_in_the_form(
    client, employee_client, phone_account, employee, party
):
    # given: capacity 1, and the first slot already booked
    phone_for(party, CALLER)
    call = _answered_call(client)
    slot = callback_slots(account=phone_account)[0].start.isoformat()
    url = reverse("workspace:channel_phone_callback", args=[call.uuid])
    data = {"party": str(party.uuid), "phone_number": CALLER, "slot": slot, "reason": "Aanslag"}
    first = employee_client.post(url, data)
    assert first.status_code == 302

    # when
    second = employee_client.post(url, data)

    # then
    assert second.status_code == 400
    assert "Dit tijdvak is vol. Kies een ander tijdvak." in second.content.decode()
    assert CallbackRequest.objects.count() == 1
    assert InternalTask.objects.filter(kind=TaskKind.CALLBACK).count() == 1


def test_a_callback_of_today_is_listed_and_completed(
    client, employee_client, phone_account, employee, party
):
    # given: a callback due today
    phone_for(party, CALLER)
    call = _answered_call(client)
    callback = CallbackRequest.objects.create(
        provider=phone_account.provider,
        account=phone_account,
        call=call,
        phone_number=CALLER,
        reason="Vraag over de aanslag",
        slot_start=clock.now(),
        slot_end=clock.now() + timedelta(minutes=30),
    )
    page = employee_client.get(reverse("workspace:channel_phone")).content.decode()
    assert "Vraag over de aanslag" in page

    # when
    employee_client.post(
        reverse("workspace:channel_phone_callback_done", args=[callback.uuid]), {"is_reached": "ja"}
    )

    # then
    callback.refresh_from_db()
    assert callback.status == "gebeld"
    assert (
        "Vraag over de aanslag"
        not in employee_client.get(reverse("workspace:channel_phone")).content.decode()
    )


# --- counter ---------------------------------------------------------------------------------


def test_walk_in_call_and_complete_make_a_contact_moment_with_the_agreement(
    employee_client, location, employee, party
):
    # given: a walk-in linked to the customer through the search (BAL-02)
    day = reverse("workspace:channel_counter_day", args=[location.address])
    employee_client.post(
        reverse("workspace:channel_counter_walk_in", args=[location.address]),
        {"name": "Mevrouw El Amrani", "customer": "el amrani"},
    )
    visit = Visit.objects.get()
    assert visit.ticket_number == "B001"
    assert visit.party == party
    assert str(visit.uuid) in employee_client.get(day).content.decode()

    # when: called to desk 3, then completed with one agreement (BAL-01, CH-09)
    employee_client.post(
        reverse("workspace:channel_counter_call", args=[location.address, visit.uuid]),
        {"desk": "Balie 3"},
    )
    due = timezone.localtime() + timedelta(days=3)
    response = employee_client.post(
        reverse("workspace:channel_counter_complete", args=[location.address, visit.uuid]),
        {
            "subject": "Parkeervergunning",
            "summary": "Aanvraag doorgenomen; bewijs van inschrijving ontbreekt.",
            "afspraak-requested_action": "Bewijs van inschrijving nasturen",
            "afspraak-kind": TaskKind.SEND_INFORMATION,
            "afspraak-assigned_to": str(employee.pk),
            "afspraak-due_at": due.strftime(DATETIME_INPUT),
        },
    )

    # then
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "afgerond"
    assert visit.desk == "Balie 3"
    moment = visit.contact_moment
    assert moment.channel == Channel.COUNTER
    assert moment.participants.get().party == party
    task = InternalTask.objects.get(contact_moment=moment)
    assert task.requested_action == "Bewijs van inschrijving nasturen"
    assert task.assigned_to == employee
    assert str(visit.uuid) not in employee_client.get(day).content.decode()  # out of the queue


def test_an_agreement_for_an_unknown_visitor_is_a_dutch_error(employee_client, location, employee):
    # given: a walk-in without a customer
    employee_client.post(
        reverse("workspace:channel_counter_walk_in", args=[location.address]), {"name": "Bezoeker"}
    )
    visit = Visit.objects.get()

    # when
    response = employee_client.post(
        reverse("workspace:channel_counter_complete", args=[location.address, visit.uuid]),
        {
            "subject": "Vraag",
            "afspraak-requested_action": "Terugbellen",
            "afspraak-kind": TaskKind.CALLBACK,
            "afspraak-assigned_to": str(employee.pk),
        },
    )

    # then
    assert response.status_code == 400
    assert "alleen voor een bekende klant" in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == "wachtend"
    assert not ContactMoment.objects.exists()


def test_a_visitor_who_left_leaves_the_queue(employee_client, location):
    employee_client.post(
        reverse("workspace:channel_counter_walk_in", args=[location.address]), {"name": "Bezoeker"}
    )
    visit = Visit.objects.get()

    employee_client.post(
        reverse("workspace:channel_counter_left", args=[location.address, visit.uuid])
    )

    visit.refresh_from_db()
    assert visit.status == "vertrokken"


def test_another_organisations_location_is_not_found(employee_client, other_provider):
    ChannelAccount.objects.create(
        provider=other_provider, channel=Channel.COUNTER, name="Elders", address="elders"
    )

    response = employee_client.get(reverse("workspace:channel_counter_day", args=["elders"]))

    assert response.status_code == 404


# --- post room -------------------------------------------------------------------------------


def _file(content: bytes, name: str) -> io.BytesIO:
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def test_an_uploaded_letter_is_stored_once(employee_client, settings):
    # given: processing by the worker, so the answer is the receipt (POST-03)
    settings.KLANTBEELD_CHANNELS_INLINE = False
    url = reverse("workspace:channel_post")

    # when: the same scan twice
    first = employee_client.post(
        url, {"scan": _file(PNG, "brief.png"), "sender_name": "J. de Vries"}, follow=True
    )
    second = employee_client.post(url, {"scan": _file(PNG, "opnieuw.png")}, follow=True)

    # then
    assert "Brief ontvangen; hij staat na het lezen in de inbox." in first.content.decode()
    assert "al ontvangen" in second.content.decode()
    message = InboundMessage.objects.get()
    assert message.channel == Channel.LETTER
    assert message.status == InboundStatus.RECEIVED
    assert message.sender_name == "J. de Vries"


@pytest.mark.parametrize(
    ("content", "name", "error"),
    [
        (b"", "leeg.pdf", "Het bestand is leeg."),
        (b"gewone tekst", "brief.pdf", "geen PDF of afbeelding"),
        (PNG, "brief.docx", "Kies een PDF, JPG, PNG of TIFF."),
    ],
)
def test_a_bad_upload_is_a_dutch_error_and_nothing_stored(employee_client, content, name, error):
    response = employee_client.post(
        reverse("workspace:channel_post"), {"scan": _file(content, name)}
    )

    assert response.status_code == 400
    assert error in response.content.decode()
    assert not InboundMessage.objects.exists()


def test_a_scan_over_the_limit_is_refused_in_the_form(employee_client, settings):
    settings.KLANTBEELD_INBOUND_MAX_BYTES = 50

    response = employee_client.post(
        reverse("workspace:channel_post"), {"scan": _file(PNG, "brief.png")}
    )

    assert response.status_code == 400
    assert "groter dan" in response.content.decode()
    assert not InboundMessage.objects.exists()
