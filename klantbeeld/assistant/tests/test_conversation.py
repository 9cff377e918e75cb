"""The assistant in a real WhatsApp conversation (Cloud API wire format, the fake Graph API):
it answers first, hands over warmly, and is silent once a person has the conversation
(issue 6, items 3 and 4; BOT-*, AR-04, AR-05, AR-34)."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from klantbeeld.assistant.models import AssistantSession, SessionStatus
from klantbeeld.assistant.services import messages_answer
from klantbeeld.channels.models import CallbackRequest, ChannelAccount, OutboundMessage
from klantbeeld.channels.outbound import Reply, reply_send
from klantbeeld.channels.tests.whatsapp_support import (  # noqa: F401 (fixtures)
    account_fixture,
    anna_fixture,
    envelope,
    graph_fixture,
    post_fixture,
    text,
)
from klantbeeld.channels.worker import drain
from klantbeeld.core import clock
from klantbeeld.privacy.constants import Operation
from klantbeeld.privacy.models import ProcessingLog
from klantbeeld.privacy.selectors import accessor_for_user
from klantbeeld.routing.constants import EventKind, WorkItemStatus
from klantbeeld.routing.models import Agent, WorkItem
from klantbeeld.routing.services import Worker

pytestmark = pytest.mark.django_db


def _write(post, wamid: str, body: str) -> None:
    response = post(envelope(messages=[text(wamid, body)]))
    assert response.status_code == 200


def _bot_messages() -> list[str]:
    return list(
        OutboundMessage.objects.filter(details__assistant=True)
        .order_by("created_at", "pk")
        .values_list("body", flat=True)
    )


def _assistant_reads(party) -> int:
    return ProcessingLog.objects.filter(
        data_subject=party.uuid,
        actor_id="digitale-assistent",
        operation=Operation.READ,
    ).count()


def _item() -> WorkItem:
    return WorkItem.objects.select_related("queue").get()


def test_the_assistant_answers_first_and_says_it_is_not_a_person(
    assistant_on, account, anna, post, graph
):
    _write(post, "wamid.1", "Mijn grijze container is vandaag niet geleegd, hoe kan dat?")

    [answer] = _bot_messages()
    assert answer.startswith("Hallo, ik ben de digitale assistent van Gemeente Dommelstad")
    assert "geen mens" in answer
    assert "'medewerker'" in answer  # the way to a person, shown at once
    item = _item()
    assert item.status == WorkItemStatus.ASSISTANT
    assert item.first_response_due is None  # no SLA clock while the assistant has it
    assert item.triage["topic"] == "afval"
    assert item.events.filter(kind=EventKind.ASSISTANT_ANSWERED).count() == 1
    assert len(graph.sent()) == 1  # delivered over the Graph API
    # Nothing to prefill in an answer: the assistant read none of Anna's data (PRIV-*).
    assert not _assistant_reads(anna)


def test_one_word_hands_over_with_a_summary_the_employee_reads_first(
    assistant_on, account, anna, post
):
    _write(post, "wamid.1", "Mijn grijze container is vandaag niet geleegd, hoe kan dat?")
    _write(post, "wamid.2", "medewerker")

    item = _item()
    assert item.status == WorkItemStatus.NEW
    assert item.first_response_due is not None  # the people's clock starts at the handover
    assert item.triage["topic"] == "afval"  # what the assistant knew, not "medewerker"
    handover = item.events.get(kind=EventKind.HANDED_OVER)
    assert "De inwoner vroeg om een medewerker." in handover.note
    assert "Vraag van de klant: “Mijn grijze container is vandaag niet geleegd" in handover.note
    assert "Begin zo: “Ik zie dat u" in handover.note
    notice = _bot_messages()[-1]
    assert "Ik geef uw vraag door aan een medewerker van Burgerzaken" in notice
    assert "binnen 60 minuten" in notice
    session = AssistantSession.objects.get()
    assert session.status == SessionStatus.HANDED_OVER


def test_a_bereavement_goes_to_a_person_at_once(assistant_on, account, anna, post):
    _write(
        post,
        "wamid.1",
        "Mijn man is vorige week overleden en ik weet niet wat ik nu moet regelen.",
    )

    item = _item()
    assert item.status == WorkItemStatus.NEW
    note = item.events.get(kind=EventKind.HANDED_OVER).note
    assert "Direct naar een medewerker" in note
    [only] = _bot_messages()
    assert "digitale assistent" in only
    assert "medewerker" in only


def test_two_turns_not_understood_hand_over(assistant_on, account, anna, post):
    _write(post, "wamid.1", "qwzx plof brrr")
    assert _item().status == WorkItemStatus.ASSISTANT
    _write(post, "wamid.2", "flurp zonk gnarf")

    item = _item()
    assert item.status == WorkItemStatus.NEW
    assert "twee keer niet" in item.events.get(kind=EventKind.HANDED_OVER).note


def test_after_the_handover_the_assistant_is_silent(assistant_on, account, anna, post):
    _write(post, "wamid.1", "medewerker graag")
    before = len(_bot_messages())
    _write(post, "wamid.2", "Hallo? Is daar iemand?")

    assert len(_bot_messages()) == before
    assert _item().status == WorkItemStatus.NEW


def test_an_employee_continues_the_same_conversation(
    assistant_on, account, anna, post, front_office, django_capture_on_commit_callbacks
):
    _write(post, "wamid.1", "Wanneer wordt het grofvuil bij mij opgehaald?")
    _write(post, "wamid.2", "medewerker")
    item = _item()
    actor = front_office.actor
    Agent.objects.create(actor=actor).queues.add(item.queue)
    worker = Worker(accessor=accessor_for_user(front_office), actor=actor)

    with django_capture_on_commit_callbacks(execute=True):
        reply_send(
            worker=worker,
            item=item,
            reply=Reply(channel="whatsapp", body="Ik zie dat u grofvuil wilt laten ophalen."),
        )

    item.refresh_from_db()
    assert item.assigned_to == actor
    assert item.status == WorkItemStatus.WAITING
    assert OutboundMessage.objects.filter(conversation=item.conversation).count() == 3


def test_the_assistant_never_asks_for_a_bsn(assistant_on, account, anna, post):
    """AR-04/AR-05: never data before the question, and never the BSN in a chat."""
    for index, body in enumerate(
        ("hallo", "Ik wil mijn paspoort verlengen", "ja", "hoe lang duurt dat?"), start=1
    ):
        _write(post, f"wamid.{index}", body)

    said = " ".join(_bot_messages()).lower()
    assert "bsn" not in said
    assert "burgerservicenummer" not in said
    assert "waarmee kan ik u helpen" in said  # a greeting gets a question back, not a form


def test_a_failing_assistant_hands_over_instead_of_leaving_the_citizen_waiting(
    assistant_on, account, anna, post, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr("klantbeeld.assistant.services.dialogue_turn", broken)
    _write(post, "wamid.1", "Mijn container is niet geleegd")

    item = _item()
    assert item.status == WorkItemStatus.NEW
    assert "niet verwerken" in item.events.get(kind=EventKind.HANDED_OVER).note


def test_without_a_knowledge_base_people_answer(provider, account, anna, post):
    """An organisation that has not set up the assistant: routing as before, no bot."""
    _write(post, "wamid.1", "Mijn container is niet geleegd")

    assert _item().status == WorkItemStatus.NEW
    assert _bot_messages() == []
    assert messages_answer([]) == []


FRIDAY_EVENING = datetime(2026, 11, 27, 19, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))


def test_outside_office_hours_the_citizen_books_a_real_callback(
    assistant_on, account, anna, post, monkeypatch, provider
):
    """TEL-02 through the assistant: the free moments of the phone line, a booked callback
    in the citizen's timeline, and a work item for the people with the answers."""
    monkeypatch.setattr(clock, "now", lambda: FRIDAY_EVENING)
    assistant_on.office_days = [0, 1, 2, 3, 4]
    assistant_on.office_opens, assistant_on.office_closes = time(8, 0), time(17, 0)
    assistant_on.save()
    ChannelAccount.objects.create(
        provider=provider, channel="telefoon", name="KCC", address="+31880100100"
    )

    _write(post, "wamid.1", "medewerker")
    assert "We zijn nu gesloten" in _bot_messages()[-1]
    _write(post, "wamid.2", "ja")
    _write(post, "wamid.3", "mijn container is niet geleegd")
    _write(post, "wamid.4", "ja")  # Anna's WhatsApp number is the number to call
    assert "1. maandag 30 november" in _bot_messages()[-1]
    _write(post, "wamid.5", "1")

    assert _assistant_reads(anna)  # the known phone number was read for the task, and logged
    callback = CallbackRequest.objects.get()
    assert callback.party == anna
    assert callback.phone_number == "+31612345678"
    assert (
        timezone.localtime(callback.slot_start).strftime("%A %H:%M") == "Monday 09:00"
    )  # the phone line's first slot
    assert "Afgesproken: een medewerker belt u maandag 30 november" in _bot_messages()[-1]
    item = _item()
    assert item.status == WorkItemStatus.NEW
    assert "Terugbelverzoek" in item.events.get(kind=EventKind.HANDED_OVER).note


def test_with_a_separate_worker_the_assistant_answers_after_the_batch(
    assistant_on, account, anna, post, settings, django_capture_on_commit_callbacks
):
    """Production set-up: the webhook only stores; ``klantbeeld channels work`` processes a
    batch set-based and the responder answers once the batch has committed."""
    settings.KLANTBEELD_CHANNELS_INLINE = False
    _write(post, "wamid.1", "Mijn grijze container is vandaag niet geleegd, hoe kan dat?")
    assert _bot_messages() == []  # stored and acknowledged, nothing processed yet

    with django_capture_on_commit_callbacks(execute=True):
        assert drain() == 1

    [answer] = _bot_messages()
    assert answer.startswith("Hallo, ik ben de digitale assistent")
    assert _item().status == WorkItemStatus.ASSISTANT
