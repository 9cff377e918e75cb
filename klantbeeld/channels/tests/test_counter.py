"""The counter: slots incl. evening and Saturday, booking without login, cancel with the code,
walk-ins, a visit as a contact moment with what was agreed (issue 5; BAL-01, BAL-02, CH-06)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import include, path
from django.utils import timezone

from klantbeeld.channels.counter.selectors import visit_queue
from klantbeeld.channels.counter.services import (
    BookingInput,
    SlotFull,
    VisitOutcome,
    appointment_book,
    appointment_cancel,
    visit_call,
    visit_complete,
    visit_register,
)
from klantbeeld.channels.counter.slots import (
    DEFAULT_OPENING_HOURS,
    hours_of,
    slot_times,
    slots_available,
    slots_ensure,
)
from klantbeeld.channels.models import (
    Appointment,
    AppointmentSlot,
    AppointmentStatus,
    ChannelAccount,
    Visit,
    VisitStatus,
)
from klantbeeld.contacts.constants import TaskKind
from klantbeeld.contacts.services import AgreementInput
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel
from klantbeeld.core.errors import NotAccessible

urlpatterns = [path("kanalen/balie/", include("klantbeeld.channels.counter.urls"))]
pytestmark = pytest.mark.urls(__name__)

THURSDAY = date(2025, 3, 6)
SATURDAY = date(2025, 3, 8)
SUNDAY = date(2025, 3, 9)


def _local(slots):
    return [
        (f"{timezone.localtime(start):%H:%M}", f"{timezone.localtime(end):%H:%M}")
        for start, end in slots
    ]


def test_default_hours_include_thursday_evening_and_saturday_morning():
    # given
    hours = hours_of({}, default_hours=DEFAULT_OPENING_HOURS)

    # when
    thursday = _local(slot_times(hours, THURSDAY))
    saturday = _local(slot_times(hours, SATURDAY))

    # then (CH-06, BAL-02)
    assert ("19:45", "20:00") in thursday
    assert ("17:00", "17:15") not in thursday  # the break between day and evening
    assert saturday[0] == ("09:00", "09:15")
    assert saturday[-1] == ("11:45", "12:00")
    assert slot_times(hours, SUNDAY) == []


def test_settings_change_the_hours_and_close_holidays():
    hours = hours_of(
        {"opening_hours": {"za": [["10:00", "11:00"]]}, "slot_minutes": 30, "closed_days": []},
        default_hours=DEFAULT_OPENING_HOURS,
    )
    assert _local(slot_times(hours, SATURDAY)) == [("10:00", "10:30"), ("10:30", "11:00")]
    closed = hours_of({"closed_days": [THURSDAY.isoformat()]}, default_hours=DEFAULT_OPENING_HOURS)
    assert slot_times(closed, THURSDAY) == []


@pytest.fixture
def location(provider):
    return ChannelAccount.objects.create(
        provider=provider,
        channel=Channel.COUNTER,
        name="Stadhuis",
        address="stadhuis",
        settings={"capacity": 1, "visit_address": "Markt 1"},
    )


def _free_slot(location):
    slots_ensure(location=location, first_day=clock.today())
    return slots_available(location=location, now=clock.now())[0]


@pytest.mark.django_db
def test_slots_are_generated_once_and_include_evening_and_saturday(location):
    # when
    created = slots_ensure(location=location, first_day=clock.today(), days=14)
    again = slots_ensure(location=location, first_day=clock.today(), days=14)

    # then
    assert created > 0
    assert again == 0
    starts = [timezone.localtime(slot.start) for slot in AppointmentSlot.objects.all()]
    assert any(start.weekday() == 5 for start in starts)
    assert any(start.weekday() == 3 and start.hour >= 18 for start in starts)


@pytest.mark.django_db
def test_booking_page_works_without_login_and_shows_the_code(client, location, topic):
    # given: nobody logged in
    slot = _free_slot(location)
    day = timezone.localdate(slot.start).isoformat()
    page = client.get(f"/kanalen/balie/{location.provider.code}/afspraak/", {"dag": day})
    assert page.status_code == 200
    assert "DigiD" in page.content.decode()

    # when
    response = client.post(
        f"/kanalen/balie/{location.provider.code}/afspraak/",
        {
            "locatie": "stadhuis",
            "dag": day,
            "tijd": str(slot.uuid),
            "naam": "Anna de Vries",
            "email": "anna@example.nl",
            "onderwerp": topic.pk,
        },
        follow=True,
    )

    # then
    appointment = Appointment.objects.get()
    assert appointment.slot == slot
    assert appointment.topic == topic
    assert response.status_code == 200
    assert appointment.code in response.content.decode()


@pytest.mark.django_db
def test_booking_needs_a_way_to_reach_you(client, location):
    slot = _free_slot(location)
    response = client.post(
        f"/kanalen/balie/{location.provider.code}/afspraak/",
        {"dag": timezone.localdate(slot.start).isoformat(), "tijd": str(slot.uuid), "naam": "A"},
    )
    assert response.status_code == 400
    assert "e-mailadres of een telefoonnummer" in response.content.decode()
    assert not Appointment.objects.exists()


@pytest.mark.django_db
def test_full_slot_cannot_be_booked_twice(location):
    # given: one place, taken
    slot = _free_slot(location)
    appointment_book(slot=slot, booking=BookingInput(name="Eerste", phone="0612345678"))

    # when / then
    with pytest.raises(SlotFull, match="vol"):
        appointment_book(slot=slot, booking=BookingInput(name="Tweede", email="t@example.nl"))
    assert Appointment.objects.count() == 1
    assert slot not in slots_available(location=location, now=clock.now())


@pytest.mark.django_db
def test_past_slot_cannot_be_booked(location):
    slot = AppointmentSlot.objects.create(
        provider=location.provider,
        location=location,
        start=clock.now() - timedelta(hours=1),
        end=clock.now() - timedelta(minutes=45),
    )
    with pytest.raises(SlotFull, match="voorbij"):
        appointment_book(slot=slot, booking=BookingInput(name="Te laat", phone="0612345678"))


@pytest.mark.django_db
def test_cancel_with_wrong_code_is_refused_and_right_code_frees_the_slot(client, location):
    # given
    slot = _free_slot(location)
    appointment = appointment_book(slot=slot, booking=BookingInput(name="A", phone="0612345678"))
    url = f"/kanalen/balie/{location.provider.code}/afspraak/annuleren/"

    # when: a wrong code
    wrong = client.post(url, {"code": "AAAAAAAA"})

    # then
    assert wrong.status_code == 400
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED

    # when: the right code, typed loosely
    right = client.post(url, {"code": appointment.code.lower()[:4] + " " + appointment.code[4:]})

    # then
    assert right.status_code == 200
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    assert slot in slots_available(location=location, now=clock.now())


@pytest.mark.django_db
def test_code_of_another_organisation_cancels_nothing(location, other_provider):
    appointment = appointment_book(
        slot=_free_slot(location), booking=BookingInput(name="A", phone="0612345678")
    )
    with pytest.raises(NotAccessible):
        appointment_cancel(provider_id=other_provider.pk, code=appointment.code)


@pytest.mark.django_db
def test_walk_ins_and_appointments_get_tickets_and_nobody_is_refused(location, accessor):
    # given
    appointment = appointment_book(
        slot=_free_slot(location), booking=BookingInput(name="Met afspraak", phone="0612345678")
    )

    # when
    walk_ins = [visit_register(location=location, name=f"Bezoeker {n}") for n in range(3)]
    arrived = visit_register(location=location, appointment=appointment)

    # then
    assert [visit.ticket_number for visit in walk_ins] == ["B001", "B002", "B003"]
    assert arrived.ticket_number == "A001"
    assert arrived.name == "Met afspraak"
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.ARRIVED
    assert list(visit_queue(accessor=accessor, location=location)) == [*walk_ins, arrived]


@pytest.mark.django_db
def test_completed_visit_is_a_contact_moment_with_the_agreement(
    location, accessor, party, front_office
):
    # given
    visit = visit_register(location=location, name="Fatima")
    actor = front_office.actor
    visit = visit_call(accessor=accessor, visit=visit, actor=actor, desk="Balie 3")

    # when
    contact = visit_complete(
        accessor=accessor,
        visit=visit,
        outcome=VisitOutcome(
            subject="Machtiging automatische incasso",
            summary="Formulier getekend en ingenomen.",
            party=party,
            agreements=[
                AgreementInput(
                    requested_action="Incasso verwerken",
                    assigned_to=actor,
                    due_at=clock.now() + timedelta(days=3),
                    kind=TaskKind.OTHER,
                )
            ],
        ),
        actor=actor,
    )

    # then (CH-09, BAL-03)
    assert contact.channel == Channel.COUNTER
    assert contact.internal_tasks.get().requested_action == "Incasso verwerken"
    visit.refresh_from_db()
    assert visit.status == VisitStatus.COMPLETED
    assert visit.contact_moment == contact
    assert visit.party == party
    assert not visit_queue(accessor=accessor, location=location).exists()


@pytest.mark.django_db
def test_agreement_without_a_known_customer_is_refused(location, accessor, front_office):
    visit = visit_register(location=location)
    outcome = VisitOutcome(
        subject="Vraag",
        summary="Informatie gegeven.",
        agreements=[AgreementInput(requested_action="Bellen", assigned_to=front_office.actor)],
    )
    with pytest.raises(ValidationError):
        visit_complete(accessor=accessor, visit=visit, outcome=outcome, actor=front_office.actor)
    assert Visit.objects.get().status == VisitStatus.WAITING


@pytest.mark.django_db
def test_anonymous_visit_without_agreements_is_still_in_the_record(
    location, accessor, front_office
):
    visit = visit_register(location=location, name="Onbekend")
    contact = visit_complete(
        accessor=accessor,
        visit=visit,
        outcome=VisitOutcome(subject="Openingstijden", summary="Uitgelegd."),
        actor=front_office.actor,
    )
    assert contact.channel == Channel.COUNTER
    assert contact.conversation.party is None
