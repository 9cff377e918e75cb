"""The assistant's side of a conversation, one turn at a time (issue 6, item 3).

A pure function of the dialogue state, the citizen's text, the triage of that text and what is
known: no database, so every rule below is tested directly. The rules come from what citizens
told the researchers about bots (BOT-*, AR-04, AR-05, AR-34):

- it says plainly, in its first message, that it is a digital assistant and not a person;
- it answers the question first and never asks for personal data before it knows the question
  (a task's questions come only after an answer, and only when the citizen says yes);
- a person is one word away at every turn: "medewerker" (or any wish for a person) hands over;
- it hands over at once on the escalation rule (TAXONOMY.md), after two turns it did not
  understand, when the channel policy says so, and rather than give the same answer twice
  (it never loops);
- it asks at most two clarifying questions per question;
- it answers in the citizen's preferred style (kort, uitgebreid, geruststellend) and ends
  with what happens next (FB-*).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

import phonenumbers

from klantbeeld.assistant.knowledge import Answer, KnowledgeBase, Slot, Task, TopicKnowledge
from klantbeeld.core import clock

MAX_CLARIFICATIONS = 2
MAX_TIMESLOTS = 6
STEM = 5
MAX_NOT_UNDERSTOOD = 2
PERSON_WORDS = ("medewerker", "mens", "persoon", "iemand spreken", "bellen met iemand")
YES = ("ja", "jazeker", "ja graag", "graag", "klopt", "ok", "oke", "goed", "prima", "yes", "j")
NO = ("nee", "neen", "nope", "niet", "klopt niet", "no", "n", "nee dank je", "nee bedankt")
STOP = ("stop", "annuleer", "annuleren", "laat maar", "stoppen")
GREETINGS = ("hallo", "hoi", "goedemorgen", "goedemiddag", "goedenavond", "hey", "hi", "dag")
CERTAINTY_WORDS = ("zeker weten", "zekerheid", "garantie", "schriftelijk bevestigd", "officieel")
PREFILL_LABELS = {
    "name": "naam",
    "email": "e-mailadres",
    "phone": "telefoonnummer",
    "address": "adres",
    "postcode": "postcode",
    "customer_number": "klantnummer",
}
POSTCODE = re.compile(r"^\s*(\d{4})\s?([a-z]{2})\b(.*)$", re.IGNORECASE)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
NUMBER = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:m3|m³|kuub|euro|€)?\s*$", re.IGNORECASE)
DATE = re.compile(r"^\s*(\d{1,2})[-/ .](\d{1,2})(?:[-/ .](\d{2,4}))?\s*$")
ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


class Reading(Protocol):
    """What the dialogue needs from the triage of one text (``classifier.TriageResult``)."""

    @property
    def topic(self) -> str: ...
    @property
    def understood(self) -> bool: ...
    @property
    def wants_person(self) -> bool: ...
    @property
    def expect_human(self) -> bool: ...
    @property
    def escalation_reasons(self) -> tuple[str, ...]: ...
    @property
    def complexity(self) -> str: ...
    @property
    def sensitivity(self) -> tuple[str, ...]: ...
    @property
    def urgency(self) -> str: ...
    @property
    def alternatives(self) -> Any: ...


@dataclass(frozen=True)
class Context:
    """Everything a turn may use besides the state and the text."""

    knowledge: KnowledgeBase
    organisation_name: str
    phone_number: str
    style: str = "kort"
    policy: str = "omnichannel"
    needs_help: bool = False
    # Known about the citizen, for prefilling tasks; only when who it is, is certain.
    known: Mapping[str, str] = field(default_factory=dict)
    today: date = field(default_factory=lambda: clock.now().date())
    # Outside office hours: what the citizen is promised ("" while people are there), and
    # the callback moments that are still free, as (label, start in ISO 8601).
    closed_notice: str = ""
    timeslots: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Handover:
    reason: str  # wish | escalation | not_understood | policy | loop | task
    detail: str  # Dutch, for the handover note


@dataclass(frozen=True)
class CompletedTask:
    task: Task
    values: Mapping[str, str]


@dataclass
class Turn:
    messages: list[str]
    state: dict[str, Any]
    topic: str = ""
    answer_id: str = ""
    handover: Handover | None = None
    completed_task: CompletedTask | None = None


def plain(text: str) -> str:
    """Lower case, accents and punctuation off, spaces collapsed: for matching words."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w@.+-]+", " ", stripped).split())


def _is_one_of(text: str, words: tuple[str, ...]) -> bool:
    value = plain(text).strip(" .!")
    return value in words


def wants_person(text: str) -> bool:
    value = f" {plain(text)} "
    return any(f" {word} " in value for word in PERSON_WORDS)


def dialogue_turn(state: Mapping[str, Any], text: str, reading: Reading, ctx: Context) -> Turn:
    """The assistant's answer to one message of the citizen."""
    turn = Turn(messages=[], state=dict(state), topic=state.get("topic", ""))
    turn.state["turns"] = int(state.get("turns", 0)) + 1
    if not state.get("introduced"):
        turn.messages.append(
            f"Hallo, ik ben de digitale assistent van {ctx.organisation_name}. Ik ben een "
            "computerprogramma, geen mens. Wilt u liever een medewerker? Typ dan "
            "'medewerker'."
        )
        turn.state["introduced"] = True
    pending = state.get("pending") or {}
    if not state.get("question") and pending.get("kind") != "slot" and not _is_greeting(text):
        turn.state["question"] = text.strip()[:1000]  # the citizen's own words, for the handover
    if reading.wants_person or wants_person(text):
        return _handover(turn, ctx, "wish", "De inwoner vroeg om een medewerker.")
    if reading.expect_human:
        reasons = ", ".join(reading.escalation_reasons) or "escalatieregel"
        return _handover(turn, ctx, "escalation", f"Direct naar een medewerker ({reasons}).")
    policy = policy_reason(ctx, reading, text)
    if policy and ctx.policy == "digitaal_tenzij":
        return _handover(turn, ctx, "policy", f"Kanaalbeleid 'digitaal, tenzij': {policy}.")
    if pending.get("kind") == "slot":
        return _slot_answer(turn, pending, text, ctx)
    if pending.get("kind") == "offer_callback":
        deferred = state.get("deferred_handover") or {}
        if _is_one_of(text, YES) and ctx.knowledge.callback_task is not None:
            return _task_start(turn, ctx.knowledge.callback_task, ctx)
        return _handover(
            turn,
            ctx,
            str(deferred.get("reason", "wish")),
            str(deferred.get("detail", "De inwoner wil een medewerker.")),
        )
    if pending.get("kind") == "offer_task":
        if _is_one_of(text, YES):
            task = ctx.knowledge.task(pending["task"])
            if task is not None:
                return _task_start(turn, task, ctx)
        if _is_one_of(text, NO):
            turn.state["pending"] = None
            turn.messages.append(
                "Goed. Heeft u nog een andere vraag? Typ die gerust. Of typ 'medewerker'."
            )
            return turn
    if pending.get("kind") == "clarify":
        chosen = _chosen_option(text, pending.get("options", []), ctx.knowledge)
        if chosen is not None:
            return _answer(turn, chosen, ctx)
    turn.state["pending"] = None
    if not reading.understood or not reading.topic:
        if _is_greeting(text):
            turn.messages.append("Waarmee kan ik u helpen? Stel uw vraag in een paar woorden.")
            return turn
        return _not_understood(turn, reading, ctx)
    topic = ctx.knowledge.topic(reading.topic)
    if topic is None:
        return _not_understood(turn, reading, ctx)
    turn.state["not_understood"] = 0
    turn.state["topic"] = topic.id
    turn.state["topic_name"] = topic.name
    turn.topic = topic.id
    if policy and ctx.policy == "omnichannel" and not state.get("offered_person"):
        # The citizen chooses: offer a person once, and answer anyway.
        turn.state["offered_person"] = True
        turn.messages.append(
            f"Uw vraag lijkt {policy}. U kunt ook meteen een medewerker spreken: typ "
            "'medewerker'. Hieronder alvast mijn antwoord."
        )
    answers = _ranked_answers(topic, text)
    clarified = int(state.get("clarifications", 0))
    tied = len(answers) > 1 and answers[0][0] == answers[1][0] > 0
    # A tie between specific answers is worth one question; no match at all gets the
    # topic's first (its general) answer rather than a quiz.
    if tied and clarified < MAX_CLARIFICATIONS:
        options = [answer for score, answer in answers if score == answers[0][0]][:4]
        turn.state["clarifications"] = clarified + 1
        turn.state["pending"] = {"kind": "clarify", "options": [a.id for a in options]}
        lines = "\n".join(f"{index}. {answer.question}" for index, answer in enumerate(options, 1))
        turn.messages.append(f"Wat wilt u precies weten over {topic.name.lower()}?\n{lines}")
        turn.messages.append("Typ het nummer, of stel uw vraag anders.")
        return turn
    return _answer(turn, answers[0][1], ctx)


def policy_reason(ctx: Context, reading: Reading, text: str) -> str:
    """Why the channel policy would put a person on this (Dutch, for the note), or ""."""
    if ctx.needs_help:
        return "de inwoner heeft hulp nodig bij digitale zaken"
    if reading.complexity == "complex":
        return "complex"
    if reading.sensitivity:
        return "gevoelig"
    if reading.urgency in ("hoog", "spoed"):
        return "dringend"
    value = plain(text)
    if any(word in value for word in CERTAINTY_WORDS):
        return "een vraag waarover de inwoner zekerheid wil"
    return ""


def _handover(turn: Turn, ctx: Context, reason: str, detail: str) -> Turn:
    """Hand over; outside office hours first offer a callback at a moment the citizen
    chooses (once, and never for an escalation: that goes to a person at once)."""
    callback = ctx.knowledge.callback_task
    if (
        ctx.closed_notice
        and ctx.timeslots
        and callback is not None
        and reason != "escalation"
        and not turn.state.get("callback_offered")
    ):
        turn.state["callback_offered"] = True
        turn.state["deferred_handover"] = {"reason": reason, "detail": detail}
        turn.state["pending"] = {"kind": "offer_callback"}
        turn.messages.append(
            f"{ctx.closed_notice} Wilt u liever dat een medewerker u terugbelt, op een moment "
            "dat u kiest? Antwoord met 'ja' of 'nee'."
        )
        return turn
    turn.state["pending"] = None
    turn.handover = Handover(reason=reason, detail=detail)
    return turn


def _is_greeting(text: str) -> bool:
    words = plain(text).split()
    return 0 < len(words) <= 3 and words[0] in GREETINGS


def _not_understood(turn: Turn, reading: Reading, ctx: Context) -> Turn:
    count = int(turn.state.get("not_understood", 0)) + 1
    turn.state["not_understood"] = count
    if count >= MAX_NOT_UNDERSTOOD:
        return _handover(
            turn, ctx, "not_understood", "De assistent begreep de vraag twee keer niet."
        )
    names = []
    for alternative in list(reading.alternatives or [])[:2]:
        topic = ctx.knowledge.topic(str(getattr(alternative, "topic", alternative)))
        if topic is not None:
            names.append(topic.name.lower())
    guess = f" Gaat het misschien over {' of '.join(names)}?" if names else ""
    turn.messages.append(
        f"Sorry, ik begrijp uw vraag nog niet goed.{guess} Kunt u het in andere woorden "
        "zeggen? Of typ 'medewerker'."
    )
    return turn


def _ranked_answers(topic: TopicKnowledge, text: str) -> list[tuple[int, Answer]]:
    """The topic's answers by how many of their keywords and question words the text has
    (a word matches on its first five letters too: verhuizen ~ verhuizing)."""
    value = plain(text)
    stems = {word[:STEM] for word in value.split() if len(word) >= STEM}
    questions = {
        answer.id: {w[:STEM] for w in plain(answer.question).split() if len(w) > STEM}
        for answer in topic.answers
    }
    # Words in most of the topic's questions (the topic's own name) tell answers no apart.
    common = {
        stem
        for stem in set().union(*questions.values())
        if sum(stem in q for q in questions.values()) * 2 >= len(topic.answers) > 1
    }
    scored = []
    for answer in topic.answers:
        score = 0
        for keyword in answer.keywords:
            key = plain(keyword)
            if key in value or (len(key) >= STEM and " " not in key and key[:STEM] in stems):
                score += 2
        score += len((stems & questions[answer.id]) - common)
        scored.append((score, answer))
    return sorted(scored, key=lambda pair: -pair[0])


def _chosen_option(text: str, options: list[str], kb: KnowledgeBase) -> Answer | None:
    value = plain(text).strip(" .")
    if value.isdigit() and 1 <= int(value) <= len(options):
        return kb.answer(options[int(value) - 1])
    matching = [
        answer
        for answer in (kb.answer(answer_id) for answer_id in options)
        if answer is not None and any(plain(k) in value for k in answer.keywords)
    ]
    return matching[0] if len(matching) == 1 else None  # still ambiguous: not a choice


def _answer(turn: Turn, answer: Answer, ctx: Context) -> Turn:
    if answer.id in (turn.state.get("answered") or [])[-1:]:
        # The same answer again helps nobody: a person takes over instead (AR-34).
        return _handover(turn, ctx, "loop", "Het antwoord van de assistent hielp niet.")
    turn.state["answered"] = [*(turn.state.get("answered") or []), answer.id][-10:]
    turn.state["answered_questions"] = [
        *(turn.state.get("answered_questions") or []),
        answer.question,
    ][-5:]
    turn.state["clarifications"] = 0
    turn.state["pending"] = None
    turn.answer_id = answer.id
    topic = ctx.knowledge.topic_of_answer(answer.id)
    if topic is not None:
        turn.topic = topic.id
        turn.state["topic"] = topic.id
        turn.state["topic_name"] = topic.name
    text = answer.text(ctx.style)
    if answer.links:
        links = "\n".join(f"{link.title}: {link.url}" for link in answer.links)
        text = f"{text}\n\nMeer informatie:\n{links}"
    turn.messages.append(text)
    task = ctx.knowledge.task(answer.task) if answer.task else None
    if task is not None:
        turn.state["pending"] = {"kind": "offer_task", "task": task.id}
        turn.messages.append(
            f"Wilt u dit nu met mij regelen ({task.name.lower()})? Antwoord met 'ja' of 'nee'."
        )
    else:
        turn.messages.append(
            "Heeft u hiermee uw antwoord? Stel gerust een nieuwe vraag, of typ 'medewerker'."
        )
    return turn


def _task_start(turn: Turn, task: Task, ctx: Context) -> Turn:
    pending: dict[str, Any] = {"kind": "slot", "task": task.id, "index": 0, "values": {}}
    turn.messages.append(
        f"Goed, we gaan {task.name.lower()}. U kunt altijd 'stop' typen om te stoppen."
    )
    return _ask_slot(turn, task, pending, ctx)


def _ask_slot(turn: Turn, task: Task, pending: dict[str, Any], ctx: Context) -> Turn:
    if pending["index"] >= len(task.slots):
        return _task_done(turn, task, pending["values"])
    slot = task.slots[pending["index"]]
    known = ctx.known.get(slot.prefill, "") if slot.prefill else ""
    pending["confirming"] = bool(known)
    pending["errors"] = 0
    turn.state["pending"] = pending
    if known:
        label = PREFILL_LABELS.get(slot.prefill, slot.prefill)
        turn.messages.append(f"Wij hebben dit {label} van u: {known}. Klopt dat? (ja/nee)")
    elif slot.kind == "timeslot" and ctx.timeslots:
        # The moments that are free now; the answer is one of them, never a free-text wish.
        pending["timeslots"] = [list(pair) for pair in ctx.timeslots[:MAX_TIMESLOTS]]
        options = "\n".join(
            f"{i}. {label}" for i, (label, _start) in enumerate(pending["timeslots"], 1)
        )
        turn.messages.append(f"{slot.ask}\n{options}\nTyp het nummer.")
    else:
        turn.messages.append(_ask_text(slot))
    return turn


def _ask_text(slot: Slot) -> str:
    if slot.kind == "choice" and slot.choices:
        options = "\n".join(f"{i}. {choice}" for i, choice in enumerate(slot.choices, 1))
        return f"{slot.ask}\n{options}"
    if slot.kind == "yes_no":
        return f"{slot.ask} (ja/nee)"
    return slot.ask


def _slot_answer(turn: Turn, pending: dict[str, Any], text: str, ctx: Context) -> Turn:
    task = ctx.knowledge.task(pending.get("task", ""))
    if task is None:
        turn.state["pending"] = None
        return turn
    if _is_one_of(text, STOP):
        turn.state["pending"] = None
        turn.messages.append("Prima, ik stop hiermee. Er is niets doorgegeven. Nog een vraag?")
        return turn
    pending = dict(pending)
    slot = task.slots[pending["index"]]
    if pending.get("confirming"):
        if _is_one_of(text, YES):
            pending["values"] = {**pending["values"], slot.id: ctx.known[slot.prefill]}
            pending["index"] += 1
            return _ask_slot(turn, task, pending, ctx)
        pending["confirming"] = False
        turn.state["pending"] = pending
        if _is_one_of(text, NO):
            turn.messages.append(_ask_text(slot))
            return turn
    chosen: dict[str, str]
    if slot.kind == "timeslot" and pending.get("timeslots"):
        chosen, problem = _timeslot_chosen(slot, text, pending["timeslots"])
    else:
        value, problem = slot_value(slot, text, ctx.today)
        chosen = {slot.id: value}
    if problem:
        pending["errors"] = int(pending.get("errors", 0)) + 1
        turn.state["pending"] = pending
        if pending["errors"] >= MAX_NOT_UNDERSTOOD:
            return _handover(
                turn, ctx, "not_understood", f"De inwoner liep vast bij '{task.name}' ({slot.id})."
            )
        turn.messages.append(problem)
        return turn
    pending["values"] = {**pending["values"], **chosen}
    pending["index"] += 1
    return _ask_slot(turn, task, pending, ctx)


def _timeslot_chosen(
    slot: Slot, text: str, timeslots: list[list[str]]
) -> tuple[dict[str, str], str]:
    """One of the offered moments, by its number or its words; the start goes along."""
    key = plain(text).strip(" .")
    picked = None
    if key.isdigit() and 1 <= int(key) <= len(timeslots):
        picked = timeslots[int(key) - 1]
    else:
        matching = [pair for pair in timeslots if key and key in plain(pair[0])]
        picked = matching[0] if len(matching) == 1 else None
    if picked is None:
        return {}, f"Kies een van de momenten: typ een nummer van 1 tot {len(timeslots)}."
    return {slot.id: picked[0], f"{slot.id}_start": picked[1]}, ""


def _task_done(turn: Turn, task: Task, values: Mapping[str, str]) -> Turn:
    turn.state["pending"] = None
    turn.completed_task = CompletedTask(task=task, values=dict(values))
    try:
        confirmation = task.confirmation.format_map(_Blank(values))
    except (ValueError, IndexError):
        confirmation = task.confirmation
    turn.messages.append(confirmation)
    if task.next_steps:
        turn.messages.append(task.next_steps)
    return turn


class _Blank(dict[str, str]):
    """Leaves an unknown placeholder visible rather than failing the confirmation."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def slot_value(slot: Slot, text: str, today: date) -> tuple[str, str]:
    """The value the citizen gave for ``slot``, or a Dutch hint what a right one looks like."""
    value = " ".join(text.split())
    if not value:
        return "", "Ik heb geen antwoord gezien. " + slot.ask
    if slot.kind == "number":
        match = NUMBER.match(value)
        if match is None:
            return "", "Typ alleen het getal, bijvoorbeeld 1234."
        return match.group(1).replace(",", "."), ""
    if slot.kind == "postcode":
        match = POSTCODE.match(value)
        if match is None:
            return "", "Dat lijkt geen postcode. Een postcode is 4 cijfers en 2 letters: 1234 AB."
        rest = match.group(3).strip(" ,")
        return f"{match.group(1)} {match.group(2).upper()}{' ' + rest if rest else ''}", ""
    if slot.kind == "email":
        if not EMAIL.match(value):
            return (
                "",
                "Dat lijkt geen e-mailadres. Een e-mailadres heeft een @, zoals naam@voorbeeld.nl.",
            )
        return value.lower(), ""
    if slot.kind == "phone":
        try:
            number = phonenumbers.parse(value, "NL")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            return "", "Dat lijkt geen telefoonnummer. Typ het zo: 06 12345678."
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), ""
    if slot.kind == "date":
        parsed = parse_date(value, today)
        if parsed is None:
            return "", "Welke datum bedoelt u? Typ de datum zo: 15-12-2026, of 'vandaag'."
        return parsed.isoformat(), ""
    if slot.kind == "yes_no":
        if _is_one_of(value, YES):
            return "ja", ""
        if _is_one_of(value, NO):
            return "nee", ""
        return "", "Antwoord met 'ja' of 'nee'."
    if slot.kind == "choice" and slot.choices:
        key = plain(value)
        if key.isdigit() and 1 <= int(key) <= len(slot.choices):
            return slot.choices[int(key) - 1], ""
        for choice in slot.choices:
            if plain(choice) == key or key in plain(choice):
                return choice, ""
        return "", f"Kies een van de mogelijkheden: typ een nummer van 1 tot {len(slot.choices)}."
    return value[:500], ""


def parse_date(value: str, today: date) -> date | None:
    words = plain(value)
    relative = {"vandaag": 0, "gisteren": -1, "eergisteren": -2, "morgen": 1, "overmorgen": 2}
    if words in relative:
        return today + timedelta(days=relative[words])
    match = ISO_DATE.match(value)
    try:
        if match:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        match = DATE.match(value)
        if match:
            year = int(match.group(3) or today.year)
            year = year + 2000 if year < 100 else year
            return date(year, int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None
    return None
