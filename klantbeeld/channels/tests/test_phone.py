"""The phone channel: CTI webhook, call lifecycle, screen-pop, dropped calls, callbacks
(issue 5; TEL-02, TEL-03, TEL-04, CH-09)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from django.urls import include, path
from django.utils import timezone

from klantbeeld.channels.constants import InboundKind, InboundStatus, QuarantineReason
from klantbeeld.channels.models import Call, CallbackRequest, ChannelAccount, InboundMessage
from klantbeeld.channels.phone import cti
from klantbeeld.channels.phone.callbacks import (
    CallbackInput,
    SlotUnavailable,
    callback_request_book,
    callback_request_complete,
    callback_slots,
)
from klantbeeld.channels.phone.calls import call_notes_register
from klantbeeld.channels.phone.screenpop import call_current_for_agent, call_screen_pop
from klantbeeld.channels.pipeline import inbound_process
from klantbeeld.contacts.constants import TaskKind, TaskStatus
from klantbeeld.contacts.models import Actor
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel
from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.models import ProcessingLog
from tests.factories import phone_for

urlpatterns = [path("kanalen/telefoon/", include("klantbeeld.channels.phone.urls"))]
pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

SECRET = "geheim-van-de-centrale"
OUR_NUMBER = "+31141234567"
CALLER = "+31612345678"
URL = "/kanalen/telefoon/cti"


@pytest.fixture
def account(provider):
    return ChannelAccount.objects.create(
        provider=provider,
        channel=Channel.PHONE,
        name="KCC 14 0141",
        address=OUR_NUMBER,
        settings={cti.SECRET_SETTING: SECRET, "callback_capacity": 1},
    )


@pytest.fixture
def employee(front_office):
    actor = front_office.actor
    actor.identifier = "mw-0042"
    actor.save()
    return actor


# Events happened a little while ago; one base so that durations are exact.
BASE = clock.now() - timedelta(minutes=10)


def _at(seconds: int = 0) -> str:
    return (BASE + timedelta(seconds=seconds)).isoformat()


def _send(client, event, call_id="c-1", secret=SECRET, **fields):
    body = json.dumps({"event": event, "call_id": call_id, "to": OUR_NUMBER, **fields}).encode()
    return client.post(
        URL,
        data=body,
        content_type="application/json",
        headers={cti.SIGNATURE_HEADER: cti.signature_for(body=body, secret=secret)},
    )


def _deliver(client, event, **fields):
    response = _send(client, event, **fields)
    assert response.status_code == 202, response.content
    message = InboundMessage.objects.get(uuid=response.json()["id"])
    inbound_process(message.pk)
    message.refresh_from_db()
    return message


IVR = [{"question": "Waarover belt u?", "answer": "Belastingen"}]


def test_event_with_good_signature_is_stored_once_as_an_event(client, account):
    # given / when: the CTI platform delivers the same event twice
    first = _send(client, cti.STARTED, at=_at(), ivr=IVR, **{"from": "06 12345678"})
    again = _send(client, cti.STARTED, at=_at(), ivr=IVR, **{"from": "06 12345678"})

    # then
    assert first.status_code == again.status_code == 202
    assert (first.json()["nieuw"], again.json()["nieuw"]) == (True, False)
    stored = InboundMessage.objects.get()
    assert stored.kind == InboundKind.EVENT
    assert stored.external_id == "c-1:call.started"
    assert stored.sender_address == CALLER


def test_bad_signature_is_refused_with_401_and_quarantined(client, account):
    # when
    response = _send(client, cti.STARTED, secret="verkeerd", at=_at())

    # then
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401
    kept = InboundMessage.objects.get()
    assert kept.status == InboundStatus.QUARANTINED
    assert kept.quarantine_reason == QuarantineReason.BAD_SIGNATURE
    assert not Call.objects.exists()


def test_malformed_event_is_refused_with_400_and_quarantined(client, account):
    # when: no time of the event
    response = _send(client, cti.STARTED)

    # then
    assert response.status_code == 400
    assert "at" in response.json()["detail"]
    assert InboundMessage.objects.get().quarantine_reason == QuarantineReason.MALFORMED


def test_unknown_number_and_wrong_content_type_are_problems_not_500s(client, account):
    body = json.dumps({"event": cti.STARTED, "call_id": "x", "to": "+31201234567"}).encode()
    unknown = client.post(URL, data=body, content_type="application/json")
    form = client.post(URL, data={"event": "x"})
    assert unknown.status_code == 404
    assert form.status_code == 415
    assert not InboundMessage.objects.exists()


def test_call_lifecycle_keeps_call_up_to_date_without_a_contact_moment(client, account, employee):
    # when: started, answered by the employee, ended after two minutes
    _deliver(client, cti.STARTED, at=_at(), ivr=IVR, **{"from": CALLER})
    _deliver(client, cti.ANSWERED, at=_at(30), agent="mw-0042")
    ended = _deliver(client, cti.ENDED, at=_at(150))

    # then: the call is complete and not dropped; the notes come from the employee
    call = Call.objects.get()
    assert call.caller_number == CALLER
    assert call.agent == employee
    assert call.ended_at is not None
    assert call.answered_at is not None
    assert (call.ended_at - call.answered_at).total_seconds() == 120
    assert not call.is_dropped
    assert call.ivr_answers == IVR
    assert ended.status == InboundStatus.PROCESSED
    assert ended.contact_moment is None


def test_screen_pop_shows_party_and_ivr_answers_and_logs_the_purpose(
    client, account, employee, party, accessor
):
    # given
    phone_for(party, CALLER)
    _deliver(client, cti.STARTED, at=_at(), ivr=IVR, **{"from": CALLER})
    _deliver(client, cti.ANSWERED, at=_at(20), agent="mw-0042")

    # when
    call = call_current_for_agent(accessor=accessor, agent=employee)
    pop = call_screen_pop(accessor=accessor, call=call)

    # then
    assert pop.pop is not None
    assert pop.pop.party == party
    assert pop.ivr_answers == IVR
    assert ProcessingLog.objects.filter(
        data_subject=party.uuid, activity__code=Activity.SCREEN_POP
    ).exists()


def test_dropped_call_is_a_contact_and_the_next_call_continues_it(
    client, account, employee, party, accessor
):
    # given: the caller hangs up in the queue after answering the IVR (TEL-03)
    phone_for(party, CALLER)
    _deliver(client, cti.STARTED, call_id="c-1", at=_at(), ivr=IVR, **{"from": CALLER})
    dropped = _deliver(client, cti.ENDED, call_id="c-1", at=_at(240))
    assert dropped.contact_moment is not None
    assert dropped.contact_moment.subject == "Gesprek afgebroken"
    assert "Belastingen" in dropped.contact_moment.content
    assert dropped.party == party

    # when: the caller rings again and is answered
    _deliver(client, cti.STARTED, call_id="c-2", at=_at(400), **{"from": CALLER})
    _deliver(client, cti.ANSWERED, call_id="c-2", at=_at(420), agent="mw-0042")
    second = Call.objects.get(call_id="c-2")
    pop = call_screen_pop(accessor=accessor, call=second)
    notes = call_notes_register(
        accessor=accessor, call=second, party=party, notes="Aanslag uitgelegd.", actor=employee
    )

    # then: the employee sees the earlier answers, and the notes continue the same thread
    assert second.previous == Call.objects.get(call_id="c-1")
    assert pop.continues_dropped_call
    assert pop.earlier[0].ivr_answers == IVR
    assert notes.conversation == dropped.contact_moment.conversation


def test_call_answered_and_ended_quickly_counts_as_dropped(client, account):
    _deliver(client, cti.STARTED, at=_at(), **{"from": CALLER})
    _deliver(client, cti.ANSWERED, at=_at(5), agent="mw-0042")
    _deliver(client, cti.ENDED, at=_at(8))
    assert Call.objects.get().is_dropped


def test_next_call_after_a_day_does_not_continue(client, account):
    _deliver(client, cti.STARTED, call_id="c-1", at=_at(-90000), **{"from": CALLER})
    _deliver(client, cti.ENDED, call_id="c-1", at=_at(-89990))
    _deliver(client, cti.STARTED, call_id="c-2", at=_at(), **{"from": CALLER})
    assert Call.objects.get(call_id="c-2").previous is None


def _first_free(account):
    return next(slot for slot in callback_slots(account=account) if slot.is_available)


def test_callback_in_a_chosen_slot_becomes_an_agreement(account, employee, party, accessor):
    # given
    slot = _first_free(account)

    # when: the customer on the phone picks a slot (TEL-02)
    callback = callback_request_book(
        accessor=accessor,
        account=account,
        request=CallbackInput(phone_number="0612345678", slot_start=slot.start, party=party),
        actor=employee,
    )

    # then
    assert (callback.slot_start, callback.slot_end) == (slot.start, slot.end)
    assert callback.task.kind == TaskKind.CALLBACK
    assert callback.task.due_at == slot.end
    assert callback.task.party == party
    assert callback.contact_moment.channel == Channel.PHONE
    # and it is done once we reached them
    callback_request_complete(accessor=accessor, callback=callback, is_reached=True)
    callback.task.refresh_from_db()
    assert callback.task.status == TaskStatus.DONE


def test_full_slot_is_refused(account, employee, accessor):
    # given: capacity one, already taken
    slot = _first_free(account)
    request = CallbackInput(phone_number=CALLER, slot_start=slot.start)
    callback_request_book(accessor=accessor, account=account, request=request, actor=employee)

    # when / then
    with pytest.raises(SlotUnavailable, match="vol"):
        callback_request_book(accessor=accessor, account=account, request=request, actor=employee)
    assert CallbackRequest.objects.count() == 1
    assert not next(
        s for s in callback_slots(account=account) if s.start == slot.start
    ).is_available


def test_past_slot_and_slot_outside_hours_are_refused(account, employee, accessor):
    past = timezone.make_aware(
        datetime.combine(clock.today() - timedelta(days=1), datetime.min.time())
    )
    odd = _first_free(account).start + timedelta(minutes=7)
    for start, reason in ((past, "voorbij"), (odd, "niet terug")):
        with pytest.raises(SlotUnavailable, match=reason):
            callback_request_book(
                accessor=accessor,
                account=account,
                request=CallbackInput(phone_number=CALLER, slot_start=start),
                actor=employee,
            )
    assert not CallbackRequest.objects.exists()


def test_ivr_callback_request_takes_the_next_free_slot_when_its_own_filled(
    client, account, employee, accessor
):
    # given: the slot the caller chose in the IVR is taken meanwhile
    slot = _first_free(account)
    callback_request_book(
        accessor=accessor,
        account=account,
        request=CallbackInput(phone_number="0687654321", slot_start=slot.start),
        actor=employee,
    )

    # when
    _deliver(client, cti.STARTED, at=_at(), **{"from": CALLER})
    message = _deliver(
        client,
        cti.CALLBACK_REQUESTED,
        at=_at(30),
        callback={"slot_start": slot.start.isoformat(), "number": CALLER, "reason": "Paspoort"},
    )

    # then
    assert message.status == InboundStatus.PROCESSED
    booked = CallbackRequest.objects.get(phone_number=CALLER)
    assert booked.is_moved
    assert booked.slot_start > slot.start
    assert booked.call == Call.objects.get()
    assert booked.contact_moment is not None


def test_agent_code_of_another_organisation_is_not_linked(client, account, other_provider):
    Actor.objects.create(provider=other_provider, kind="medewerker", name="X", identifier="mw-9")
    _deliver(client, cti.STARTED, at=_at(), **{"from": CALLER})
    _deliver(client, cti.ANSWERED, at=_at(9), agent="mw-9")
    call = Call.objects.get()
    assert call.agent_identifier == "mw-9"
    assert call.agent is None
