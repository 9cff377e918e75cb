"""The assistant's turn rules, one by one, on the demo municipality's knowledge base
(issue 6, item 3). Each anti-requirement is a negative test here: the bot never loops more
than twice, never hides the way to a person, never asks for data before the question
(AR-04, AR-05, AR-34, BOT-*)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from klantbeeld.assistant.dialogue import (
    MAX_CLARIFICATIONS,
    Context,
    Turn,
    dialogue_turn,
    parse_date,
    slot_value,
)
from klantbeeld.assistant.knowledge import Slot, knowledge_parse, packaged_knowledge

TODAY = date(2026, 11, 23)


@dataclass(frozen=True)
class Reading:
    topic: str = ""
    understood: bool = True
    wants_person: bool = False
    expect_human: bool = False
    escalation_reasons: tuple[str, ...] = ()
    complexity: str = "eenvoudig"
    sensitivity: tuple[str, ...] = ()
    urgency: str = "normaal"
    alternatives: tuple[Any, ...] = ()


NOT_UNDERSTOOD = Reading(understood=False)


def _ctx(**changes: Any) -> Context:
    values: dict[str, Any] = {
        "knowledge": packaged_knowledge("gemeente"),
        "organisation_name": "Gemeente Dommelstad",
        "phone_number": "088 010 0100",
        "today": TODAY,
    }
    values.update(changes)
    return Context(**values)


class Chat:
    """A conversation with the dialogue: keeps the state between turns."""

    def __init__(self, **ctx: Any) -> None:
        self.state: dict[str, Any] = {}
        self.ctx = _ctx(**ctx)
        self.turns: list[Turn] = []

    def say(self, text: str, reading: Reading | None = None) -> Turn:
        turn = dialogue_turn(self.state, text, reading or NOT_UNDERSTOOD, self.ctx)
        self.state = turn.state
        self.turns.append(turn)
        return turn

    @property
    def everything_said(self) -> str:
        return "\n".join(message for turn in self.turns for message in turn.messages)


def test_the_first_message_says_it_is_a_digital_assistant_and_how_to_reach_a_person():
    chat = Chat()
    first = chat.say("Mijn container is niet geleegd", Reading(topic="afval"))
    second = chat.say("Wanneer is de ophaaldag?", Reading(topic="afval"))

    assert "digitale assistent" in first.messages[0]
    assert "geen mens" in first.messages[0]
    assert "'medewerker'" in first.messages[0]
    assert not any("geen mens" in message for message in second.messages)  # once, not nagging


@pytest.mark.parametrize("word", ["medewerker", "Ik wil een mens spreken", "MEDEWERKER!!"])
def test_a_person_is_one_word_away_at_every_turn(word):
    chat = Chat()
    chat.say("Ik ga verhuizen, hoe geef ik dat door?", Reading(topic="verhuizing"))
    chat.say("ja")  # start the task: now in the middle of a form
    turn = chat.say(word)

    assert turn.handover is not None
    assert turn.handover.reason == "wish"


def test_the_escalation_rule_hands_over_at_once():
    turn = Chat().say(
        "mijn vader is overleden",
        Reading(
            topic="geboorte_overlijden", expect_human=True, escalation_reasons=("bereavement",)
        ),
    )
    assert turn.handover is not None
    assert turn.handover.reason == "escalation"
    assert "bereavement" in turn.handover.detail


def test_two_turns_not_understood_hand_over_and_a_greeting_does_not_count():
    chat = Chat()
    assert chat.say("hallo").handover is None
    assert "Waarmee kan ik u helpen" in chat.turns[-1].messages[-1]
    assert chat.say("blabla").handover is None
    turn = chat.say("nog meer blabla")

    assert turn.handover is not None
    assert turn.handover.reason == "not_understood"


def test_the_bot_never_gives_the_same_answer_twice_in_a_row():
    chat = Chat()
    reading = Reading(topic="afval")
    first = chat.say("mijn container is niet geleegd", reading)
    assert first.answer_id == "afval-niet-geleegd"
    chat.say("nee")  # declines the offered task
    again = chat.say("mijn container is nog steeds niet geleegd", reading)

    assert again.handover is not None
    assert again.handover.reason == "loop"
    assert again.answer_id == ""


def _two_answers_about_costs():
    """A small knowledge base where 'kosten' fits two answers equally well."""
    styles = {"kort": "Kort.", "uitgebreid": "Lang.", "geruststellend": "Rustig."}
    answer = {"keywords": ["kosten"], "styles": styles}
    return knowledge_parse(
        {
            "organisation": "gemeente",
            "name": "Gemeente Dommelstad",
            "topics": [
                {
                    "id": "parkeren",
                    "name": "Parkeren",
                    "examples": [f"parkeervraag {n}" for n in range(15)],
                    "answers": [
                        {**answer, "id": "vergunning", "question": "Wat kost een vergunning?"},
                        {**answer, "id": "bezoek", "question": "Wat kost bezoekersparkeren?"},
                    ],
                }
            ],
        }
    )


def test_at_most_two_clarifying_questions():
    chat = Chat(knowledge=_two_answers_about_costs())
    reading = Reading(topic="parkeren")
    asked = 0
    for _ in range(MAX_CLARIFICATIONS + 2):
        turn = chat.say("wat zijn de kosten", reading)
        if (turn.state.get("pending") or {}).get("kind") == "clarify":
            asked += 1
        if turn.answer_id:
            break
    assert asked == MAX_CLARIFICATIONS
    assert chat.turns[-1].answer_id  # it answered in the end, it did not keep asking


def test_a_clarifying_question_is_answered_by_its_number():
    chat = Chat(knowledge=_two_answers_about_costs())
    turn = chat.say("wat zijn de kosten", Reading(topic="parkeren"))
    assert turn.state["pending"] == {"kind": "clarify", "options": ["vergunning", "bezoek"]}

    chosen = chat.say("2")

    assert chosen.answer_id == "bezoek"


def test_no_personal_data_is_asked_before_the_question_is_answered():
    """AR-04/AR-05: the first turn answers; a task's questions come only after a yes."""
    chat = Chat(known={"email": "anna@example.nl"})
    first = chat.say("Ik ga verhuizen, hoe geef ik dat door?", Reading(topic="verhuizing"))

    assert first.answer_id == "verhuizing-doorgeven"
    assert "postcode" not in " ".join(first.messages).lower()
    assert "anna@example.nl" not in " ".join(first.messages)
    assert first.state["pending"] == {"kind": "offer_task", "task": "verhuizing-doorgeven"}


def test_a_task_asks_its_questions_prefills_what_is_known_and_confirms():
    chat = Chat(known={"email": "anna@example.nl"})
    chat.say("Ik ga verhuizen, hoe geef ik dat door?", Reading(topic="verhuizing"))
    assert "postcode" in chat.say("ja").messages[-1].lower()
    hint = chat.say("weet ik niet")
    assert "4 cijfers en 2 letters" in hint.messages[-1]
    chat.say("5611 ab")
    chat.say("12-B")
    chat.say("1-12-2026")
    confirm = chat.say("alleen ik")
    assert "anna@example.nl" in confirm.messages[-1]
    assert "Klopt dat?" in confirm.messages[-1]
    done = chat.say("ja")

    assert done.completed_task is not None
    assert done.completed_task.values == {
        "postcode": "5611 AB",
        "huisnummer": "12-B",
        "datum": "2026-12-01",
        "meeverhuizers": "alleen ik",
        "email": "anna@example.nl",
    }
    assert "5611 AB" in done.messages[0]
    assert done.state["pending"] is None


def test_stop_ends_a_task_without_sending_anything():
    chat = Chat()
    chat.say("Ik ga verhuizen, hoe geef ik dat door?", Reading(topic="verhuizing"))
    chat.say("ja")
    turn = chat.say("stop")

    assert turn.completed_task is None
    assert turn.state["pending"] is None
    assert "niets doorgegeven" in turn.messages[-1]


def test_two_wrong_answers_to_one_question_hand_over():
    chat = Chat()
    chat.say("Ik ga verhuizen, hoe geef ik dat door?", Reading(topic="verhuizing"))
    chat.say("ja")
    chat.say("geen idee")
    turn = chat.say("echt geen idee")

    assert turn.handover is not None
    assert turn.handover.reason == "not_understood"


def test_digitaal_tenzij_hands_a_sensitive_question_to_a_person():
    chat = Chat(policy="digitaal_tenzij")
    turn = chat.say("ik heb schulden", Reading(topic="bijstand_schulden", sensitivity=("debt",)))

    assert turn.handover is not None
    assert turn.handover.reason == "policy"


def test_omnichannel_offers_a_person_once_and_answers_anyway():
    chat = Chat(policy="omnichannel")
    turn = chat.say("ingewikkelde vraag over afval", Reading(topic="afval", complexity="complex"))

    assert turn.handover is None
    assert any("medewerker" in message and "complex" in message for message in turn.messages)
    assert turn.answer_id


def test_a_citizen_who_needs_help_meets_a_person_under_digitaal_tenzij():
    turn = Chat(policy="digitaal_tenzij", needs_help=True).say(
        "Hoe verleng ik mijn paspoort?", Reading(topic="reisdocument")
    )
    assert turn.handover is not None
    assert "hulp nodig" in turn.handover.detail


@pytest.mark.parametrize(
    ("kind", "given", "value"),
    [
        ("postcode", "5611ab 12", "5611 AB 12"),
        ("number", "1234,5 m3", "1234.5"),
        ("email", "Anna@Example.NL", "anna@example.nl"),
        ("phone", "06 12345678", "+31612345678"),
        ("date", "vandaag", "2026-11-23"),
        ("date", "2026-12-01", "2026-12-01"),
        ("yes_no", "Ja", "ja"),
    ],
)
def test_slot_values_are_read_leniently(kind, given, value):
    assert slot_value(Slot(id="x", ask="?", kind=kind), given, TODAY) == (value, "")


@pytest.mark.parametrize(
    ("kind", "given"),
    [
        ("postcode", "onbekend"),
        ("number", "veel"),
        ("email", "anna"),
        ("phone", "12"),
        ("date", "31-02-2026"),
        ("yes_no", "misschien"),
    ],
)
def test_a_wrong_slot_value_gets_a_hint_not_an_error(kind, given):
    value, hint = slot_value(Slot(id="x", ask="?", kind=kind), given, TODAY)
    assert value == ""
    assert hint


def test_dates_in_words_and_numbers():
    assert parse_date("morgen", TODAY) == date(2026, 11, 24)
    assert parse_date("5-1", TODAY) == date(2026, 1, 5)
    assert parse_date("5-1-27", TODAY) == date(2027, 1, 5)
    assert parse_date("geen datum", TODAY) is None


CLOSED = "We zijn nu gesloten. U krijgt uiterlijk maandag 30 november om 12.00 uur antwoord."
MOMENTS = (
    ("maandag 30 november, 8.00–8.30 uur", "2026-11-30T08:00:00+01:00"),
    ("maandag 30 november, 8.30–9.00 uur", "2026-11-30T08:30:00+01:00"),
)


def test_outside_office_hours_a_callback_at_a_chosen_moment_is_offered_first():
    chat = Chat(closed_notice=CLOSED, timeslots=MOMENTS, known={"phone": "+31612345678"})
    offer = chat.say("medewerker")
    assert offer.handover is None
    assert CLOSED in offer.messages[-1]
    assert "terugbelt" in offer.messages[-1]

    chat.say("ja")
    chat.say("Mijn container is niet geleegd")  # what it is about
    chat.say("ja")  # the known phone number is right
    moments = chat.turns[-1].messages[-1]
    assert "1. maandag 30 november, 8.00–8.30 uur" in moments
    done = chat.say("2")

    assert done.completed_task is not None
    assert done.completed_task.task.id == "terugbelverzoek"
    values = done.completed_task.values
    assert values["moment_start"] == "2026-11-30T08:30:00+01:00"
    assert values["telefoon"] == "+31612345678"


def test_declining_the_callback_hands_over_with_the_original_reason():
    chat = Chat(closed_notice=CLOSED, timeslots=MOMENTS)
    chat.say("medewerker")
    turn = chat.say("nee")

    assert turn.handover is not None
    assert turn.handover.reason == "wish"


def test_an_escalation_outside_office_hours_goes_to_a_person_at_once():
    chat = Chat(closed_notice=CLOSED, timeslots=MOMENTS)
    turn = chat.say(
        "er staat water in de meterkast", Reading(expect_human=True, escalation_reasons=("x",))
    )
    assert turn.handover is not None
    assert "terugbelt" not in " ".join(turn.messages)


def test_a_moment_that_was_not_offered_is_not_accepted():
    chat = Chat(closed_notice=CLOSED, timeslots=MOMENTS, known={"phone": "+31612345678"})
    chat.say("medewerker")
    chat.say("ja")
    chat.say("over mijn paspoort")
    chat.say("ja")
    turn = chat.say("volgende week woensdag")
    assert turn.completed_task is None
    assert "typ een nummer van 1 tot 2" in turn.messages[-1]
