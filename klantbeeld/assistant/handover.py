"""The words of a warm handover (issue 6, item 4): the summary the employee reads first, and
what the citizen is told about who takes over and when.

Where the bot stops, the employee must start with "Ik zie dat u…", never with "Wat is uw
vraag?" (BOT-*, AR-02): the summary carries the question in the citizen's own words, the
recognised topic, what the assistant already answered, the task answers, the signals and an
opening sentence to begin with.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.formats import date_format

from klantbeeld.assistant.dialogue import CompletedTask, Handover, Turn
from klantbeeld.assistant.signals import EMOTION_LABELS, SENSITIVITY_LABELS
from klantbeeld.routing.models import WorkItem

if TYPE_CHECKING:
    from klantbeeld.assistant.classifier import TriageResult
    from klantbeeld.assistant.models import AssistantSettings

QUOTE_LIMIT = 300
# Outside office hours the citizen is promised an answer this long after the next opening.
PROMISE_AFTER_OPENING = timedelta(hours=4)


def task_handover(done: CompletedTask) -> Handover:
    values = ", ".join(f"{key}: {value}" for key, value in done.values.items())
    return Handover(
        reason="task", detail=f"Taak '{done.task.name}' vraagt een medewerker ({values})."
    )


def summary(item: WorkItem, reading: TriageResult | None, turn: Turn | None) -> str:
    state = turn.state if turn is not None else {}
    question = str(state.get("question") or "")
    lines = ["Samenvatting van de digitale assistent"]
    if question:
        lines.append(f"Vraag van de klant: “{_quote(question)}”")
    topic_name = str(state.get("topic_name") or "")
    if topic_name:
        lines.append(f"Onderwerp: {topic_name}")
    elif reading is not None and reading.understood:
        topic_name = reading.topic_name
        lines.append(f"Onderwerp: {topic_name} (zekerheid {reading.topic_confidence:.0%})")
    answered = [str(text) for text in state.get("answered_questions") or []]
    if answered:
        lines.append("De assistent beantwoordde: " + "; ".join(answered))
    task_text = ""
    if turn is not None and turn.completed_task is not None:
        done = turn.completed_task
        values = ", ".join(f"{key}: {value}" for key, value in done.values.items())
        task_text = done.task.name.lower()
        lines.append(f"Taak: {done.task.name} — {values}")
    if reading is not None:
        emotion = EMOTION_LABELS.get(reading.emotion, reading.emotion)
        signals = [f"emotie {emotion}", f"urgentie {reading.urgency}"]
        if reading.sensitivity:
            labels = (SENSITIVITY_LABELS.get(s, s) for s in reading.sensitivity)
            signals.append("gevoelig: " + ", ".join(labels))
        if reading.repeat_contact:
            signals.append("neemt niet voor het eerst contact op")
        lines.append("Signalen: " + "; ".join(signals))
    turns = int(state.get("turns", 0))
    if turns:
        lines.append(f"Berichten met de assistent: {turns}")
    lines.append("Begin zo: “" + opening_sentence(topic_name, task_text) + "”")
    return "\n".join(lines)


def opening_sentence(topic_name: str, task_text: str) -> str:
    """The employee's first words: what we already know, never 'what is your question?'."""
    if task_text:
        return f"Ik zie dat u {task_text} wilt regelen. Ik help u verder."
    if topic_name:
        return f"Ik zie dat u een vraag heeft over {topic_name.lower()}. Ik help u verder."
    return "Ik zie uw bericht aan de digitale assistent. Ik help u verder."


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…"


def citizen_notice(
    *, item: WorkItem, config: AssistantSettings | None, now: datetime, urgent: bool
) -> str:
    """Who takes over and when, in the citizen's words (issue 6, item 4)."""
    if item.assigned_to is not None:
        first_name = item.assigned_to.name.split()[0]
        who = f"Mijn collega {first_name} neemt uw vraag over."
    else:
        who = f"Ik geef uw vraag door aan een medewerker van {item.queue.name}."
    promise = closed_promise(config, now)
    if not promise:
        if item.first_response_due is not None:
            minutes = max(1, round((item.first_response_due - now).total_seconds() / 60))
            when = f"U krijgt hier binnen {_duration(minutes)} antwoord."
        else:
            when = "U krijgt hier zo snel mogelijk antwoord."
        return f"{who} {when} U hoeft uw vraag niet opnieuw te stellen."
    when = f"{promise} U hoeft uw vraag niet opnieuw te stellen."
    phone = item.conversation.provider.phone_number if item.conversation_id else ""
    if urgent and phone:
        when += f" Is het dringend? Bel ons dan op {phone}."
    return f"{who} {when}"


def closed_promise(config: AssistantSettings | None, now: datetime) -> str:
    """Outside office hours: when the citizen will have an answer; "" while people are in."""
    local = timezone.localtime(now)
    opening = next_opening(config, local)
    if opening is None or opening <= local:
        return ""
    promise = opening + PROMISE_AFTER_OPENING
    day = date_format(promise, "l j F")
    return (
        f"We zijn nu gesloten. U krijgt uiterlijk {day} om {promise:%H.%M} uur antwoord, "
        "hier in dit gesprek."
    )


def callback_notice(label: str, phone: str) -> str:
    return f"Afgesproken: een medewerker belt u {label} op {phone}. Zij kennen uw vraag al."


def _duration(minutes: int) -> str:
    if minutes < 90:
        return f"{minutes} minuten"
    hours = round(minutes / 60)
    return f"{hours} uur" if hours < 48 else f"{round(hours / 24)} dagen"


def next_opening(config: AssistantSettings | None, local: datetime) -> datetime | None:
    """When people are next there: ``local`` itself during office hours; None without hours."""
    if config is None or not config.office_days:
        return None
    days = {int(day) for day in config.office_days}
    for offset in range(8):
        day = (local + timedelta(days=offset)).date()
        if day.weekday() not in days:
            continue
        opens = timezone.make_aware(datetime.combine(day, config.office_opens), local.tzinfo)
        closes = timezone.make_aware(datetime.combine(day, config.office_closes), local.tzinfo)
        if offset == 0 and opens <= local < closes:
            return local
        if opens > local:
            return opens
    return None
