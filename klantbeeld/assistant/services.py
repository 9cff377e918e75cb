"""The assistant's services: its knowledge base versions, the triage hook, and answering a
citizen in web chat and WhatsApp until a warm handover (issue 6).

Two settings connect it to the channels (``klantbeeld.channels`` never imports this app):

- ``KLANTBEELD_TRIAGE_HOOK = "klantbeeld.assistant.services.message_triage"`` reads every
  inbound text (topic, complexity, sensitivity, urgency, emotion, a wish for a person) before
  routing, and says whether the assistant takes a new conversation first;
- ``KLANTBEELD_INBOUND_RESPONDER = "klantbeeld.assistant.services.messages_answer"`` answers,
  after the intake has committed, each message whose work item waits with the assistant.

The assistant acts as an automated actor (VNG *geautomatiseerde actor*) "Digitale assistent"
with its own system accessor, so every read of the citizen's data for a prefilled task is
purpose-bound and logged like anyone else's (PRIV-*).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from klantbeeld.assistant import handover as handover_text
from klantbeeld.assistant.classifier import TriageResult
from klantbeeld.assistant.dialogue import MAX_TIMESLOTS, CompletedTask, Context, Turn, dialogue_turn
from klantbeeld.assistant.knowledge import (
    CALLBACK_TASK,
)
from klantbeeld.assistant.models import (
    AssistantSession,
    SessionStatus,
)
from klantbeeld.assistant.signals import EMOTION_LABELS, SENSITIVITY_LABELS
from klantbeeld.assistant.versions import (
    assistant_settings,
    knowledge_current,
    triage_model,
)
from klantbeeld.channels.constants import IdentityStatus, InboundKind, InboundStatus
from klantbeeld.channels.models import ChannelAccount, InboundMessage
from klantbeeld.channels.outbound import Reply, automated_reply_send
from klantbeeld.channels.phone.callbacks import (
    CallbackInput,
    SlotUnavailable,
    callback_request_book,
    callback_slots,
)
from klantbeeld.contacts.models import Actor
from klantbeeld.contacts.services import automated_actor_get
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel
from klantbeeld.core.memo import memoized
from klantbeeld.core.models import Provider, Topic
from klantbeeld.parties.constants import DigitalAddressKind
from klantbeeld.parties.models import Party
from klantbeeld.parties.selectors import access_party
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.selectors import system_accessor
from klantbeeld.routing.constants import WorkItemStatus
from klantbeeld.routing.models import WorkItem
from klantbeeld.routing.services import assistant_answered, assistant_handover
from klantbeeld.routing.triage import Triage

logger = logging.getLogger(__name__)

ASSISTANT_TASK = "digitale-assistent"
ASSISTANT_NAME = "Digitale assistent"
ASSISTANT_ACTIVITIES = (Activity.CUSTOMER_VIEW, Activity.CONTACT_REGISTER)
CERTAIN_IDENTITY = (
    IdentityStatus.AUTHENTICATED,
    IdentityStatus.THREAD,
    IdentityStatus.VERIFIED_ADDRESS,
)
PRIORITY_BY_URGENCY = {"spoed": 1, "hoog": 2}


# --- triage hook ----------------------------------------------------------------------------


def message_text(message: InboundMessage) -> str:
    """The citizen's words: the subject of an e-mail or letter and the body."""
    subject = message.subject if message.channel in ("email", "brief") else ""
    return f"{subject}\n{message.body}".strip()


def message_triage(message: InboundMessage) -> Triage | None:
    """The triage hook of routing (``KLANTBEELD_TRIAGE_HOOK``): every inbound text, any
    channel (issue 6, item 2). The assistant takes a *new* conversation first only in its
    channels, when it is active and something will answer (the responder is configured)."""
    found = triage_model(message.provider)
    text = message_text(message)
    if found is None or not text:
        return None
    model, _kb = found
    result = model.triage(text)
    return Triage(
        topic=_topic(message.provider_id, result.topic) if result.understood else None,
        priority=PRIORITY_BY_URGENCY.get(result.urgency, 2 if result.expect_human else 3),
        labels=triage_labels(result),
        assistant=_assistant_first(message),
        explanation=result.explanation,
    )


def triage_labels(result: TriageResult) -> dict[str, str]:
    return {
        "onderwerp": result.topic_name if result.understood else "",
        "zekerheid": f"{result.topic_confidence:.2f}",
        "complexiteit": result.complexity,
        "gevoelig": ", ".join(SENSITIVITY_LABELS.get(s, s) for s in result.sensitivity),
        "urgentie": result.urgency,
        "emotie": EMOTION_LABELS.get(result.emotion, result.emotion),
        "wil_medewerker": "ja" if result.wants_person else "nee",
        "direct_medewerker": "ja" if result.expect_human else "nee",
        "reden": ", ".join(result.escalation_reasons),
    }


def _topic(provider_id: int, code: str) -> Topic | None:
    if not code:
        return None
    topics = memoized(
        ("assistant.topics", provider_id),
        lambda: {topic.code: topic for topic in Topic.objects.filter(provider_id=provider_id)},
    )
    return topics.get(code)


def _assistant_first(message: InboundMessage) -> bool:
    config = assistant_settings(message.provider)
    return bool(
        settings.KLANTBEELD_INBOUND_RESPONDER
        and config is not None
        and config.is_active
        and message.channel in (config.channels or [])
        and message.kind == InboundKind.MESSAGE
    )


# --- answering ------------------------------------------------------------------------------


def assistant_accessor(provider: Provider) -> Accessor:
    return system_accessor(provider=provider, task=ASSISTANT_TASK, activities=ASSISTANT_ACTIVITIES)


def assistant_actor(provider: Provider) -> Actor:
    return memoized(
        ("assistant.actor", provider.pk),
        lambda: automated_actor_get(
            provider=provider, name=ASSISTANT_NAME, identifier=ASSISTANT_TASK
        ),
    )


@dataclass(frozen=True)
class Answered:
    """What the assistant did with one message (for tests and the log)."""

    message_id: int
    handed_over: bool
    reason: str = ""


def messages_answer(message_ids: Iterable[int]) -> list[Answered]:
    """The responder (``KLANTBEELD_INBOUND_RESPONDER``): answer each processed message whose
    work item waits with the assistant. A failure on one message hands that conversation to
    people rather than leave the citizen waiting for a bot that will not answer."""
    done = []
    messages = (
        InboundMessage.objects.filter(
            pk__in=list(message_ids), status=InboundStatus.PROCESSED, kind=InboundKind.MESSAGE
        )
        .select_related("provider", "party", "conversation")
        .order_by("received_at", "pk")
    )
    for message in messages:
        try:
            with transaction.atomic():
                result = _message_answer(message)
        except Exception:
            logger.exception("the assistant could not answer", extra={"message_id": message.pk})
            result = _fallback_handover(message)
        if result is not None:
            done.append(result)
    return done


def _open_item(message: InboundMessage) -> WorkItem | None:
    if message.conversation_id is None:
        return None
    return (
        WorkItem.objects.select_for_update(of=("self",))
        .select_related("queue", "conversation__party", "assigned_to")
        .filter(conversation_id=message.conversation_id, status=WorkItemStatus.ASSISTANT)
        .first()
    )


def _message_answer(message: InboundMessage) -> Answered | None:
    item = _open_item(message)
    if item is None:
        return None  # people have this conversation (or it is closed): the assistant is silent
    provider = message.provider
    found = triage_model(provider)
    config = assistant_settings(provider)
    if found is None or config is None:
        return _handed_over(item, message, None, "De assistent heeft geen kennisbank.", "policy")
    model, kb = found
    session, _ = AssistantSession.objects.select_for_update().get_or_create(
        conversation=item.conversation, defaults={"provider": provider}
    )
    reading = model.triage(message_text(message))
    party = item.conversation.party
    closed = handover_text.closed_promise(config, clock.now())
    ctx = Context(
        knowledge=kb,
        organisation_name=provider.name,
        phone_number=provider.phone_number,
        style=_style(party),
        policy=config.channel_policy,
        needs_help=_needs_help(party),
        known=_KnownOnDemand(lambda: _known(provider, party, message)),
        today=clock.now().date(),
        closed_notice=closed,
        timeslots=_timeslots(provider) if closed else (),
    )
    turn = dialogue_turn(session.state, message.body, reading, ctx)
    session.state = turn.state
    current = knowledge_current(provider)
    session.knowledge_version = current.number if current else None
    if turn.completed_task is not None and turn.completed_task.task.id == CALLBACK_TASK:
        turn.messages.append(_callback_book(provider, party, turn.completed_task))
    if turn.completed_task is not None and turn.completed_task.task.creates_work:
        turn.handover = handover_text.task_handover(turn.completed_task)
    if turn.handover is None:
        _say(provider, item, message.channel, turn.messages, turn)
        session.save()
        assistant_answered(item)
        return Answered(message.pk, handed_over=False)
    session.status = SessionStatus.HANDED_OVER
    session.handover_reason = turn.handover.detail[:200]
    session.handed_over_at = clock.now()
    session.save()
    return _handed_over(item, message, reading, turn.handover.detail, turn.handover.reason, turn)


def _handed_over(
    item: WorkItem,
    message: InboundMessage,
    reading: TriageResult | None,
    detail: str,
    reason: str,
    turn: Turn | None = None,
) -> Answered:
    provider = message.provider
    triage = _handover_triage(item, reading, turn)
    summary = handover_text.summary(item, reading, turn)
    item = assistant_handover(item, summary=summary, triage=triage, reason=detail)
    config = assistant_settings(provider)
    booked = turn is not None and turn.completed_task is not None
    notice = (
        ""
        if booked and turn.completed_task.task.id == CALLBACK_TASK  # type: ignore[union-attr]
        else handover_text.citizen_notice(
            item=item, config=config, now=clock.now(), urgent=reason == "escalation"
        )
    )
    _say(provider, item, message.channel, [*(turn.messages if turn else []), notice], turn)
    return Answered(message.pk, handed_over=True, reason=reason)


def _handover_triage(
    item: WorkItem, reading: TriageResult | None, turn: Turn | None
) -> Triage | None:
    """The triage the people's queue is chosen by. The message that triggers a handover is
    often just "medewerker": then the conversation's topic (what the assistant recognised
    earlier) and the first message's reading stay; only a higher urgency is taken over."""
    if reading is None:
        return None
    priority = PRIORITY_BY_URGENCY.get(reading.urgency, 2 if reading.expect_human else 3)
    if reading.understood and reading.topic:
        return Triage(
            topic=_topic(item.provider_id, reading.topic),
            priority=priority,
            labels=triage_labels(reading),
            explanation=reading.explanation,
        )
    earlier = item.triage if isinstance(item.triage, dict) else {}
    topic_code = str((turn.state.get("topic") if turn else "") or earlier.get("topic") or "")
    return Triage(
        topic=_topic(item.provider_id, topic_code),
        priority=min(priority, int(earlier.get("priority") or 3)),
        labels=dict(earlier.get("labels") or {}),
        explanation=str(earlier.get("explanation") or ""),
    )


def _fallback_handover(message: InboundMessage) -> Answered | None:
    try:
        with transaction.atomic():
            item = _open_item(message)
            if item is None:
                return None
            AssistantSession.objects.filter(conversation_id=item.conversation_id).update(
                status=SessionStatus.HANDED_OVER, handed_over_at=clock.now()
            )
            assistant_handover(
                item,
                summary=handover_text.summary(item, None, None),
                triage=None,
                reason="De assistent kon dit bericht niet verwerken.",
            )
            return Answered(message.pk, handed_over=True, reason="failure")
    except Exception:
        logger.exception("handover after a failure failed", extra={"message_id": message.pk})
        return None


def _say(
    provider: Provider, item: WorkItem, channel: str, messages: list[str], turn: Turn | None
) -> None:
    body = "\n\n".join(text for text in messages if text)
    if not body:
        return
    details: dict[str, object] = {"assistant": True}
    if turn is not None and turn.completed_task is not None:
        details["task"] = {
            "id": turn.completed_task.task.id,
            "name": turn.completed_task.task.name,
            "values": dict(turn.completed_task.values),
        }
    try:
        automated_reply_send(
            accessor=assistant_accessor(provider),
            actor=assistant_actor(provider),
            item=item,
            reply=Reply(channel=channel, body=body, details=details),
        )
    except ValidationError as exc:
        # No address to answer to (an unusual channel set-up): people take it from here.
        logger.warning("the assistant could not reply", extra={"reason": "; ".join(exc.messages)})


def _phone_account(provider: Provider) -> ChannelAccount | None:
    return ChannelAccount.objects.filter(
        provider=provider, channel=Channel.PHONE, is_active=True
    ).first()


def _timeslots(provider: Provider) -> tuple[tuple[str, str], ...]:
    """The free callback moments of the organisation's phone line (TEL-02), as the citizen
    reads them: "dinsdag 24 november, 8.00–8.30 uur"."""
    account = _phone_account(provider)
    if account is None:
        return ()
    free = [slot for slot in callback_slots(account=account) if slot.is_available]
    return tuple(
        (
            f"{date_format(timezone.localtime(slot.start), 'l j F')}, "
            f"{timezone.localtime(slot.start):%H.%M}–{timezone.localtime(slot.end):%H.%M} uur",
            slot.start.isoformat(),
        )
        for slot in free[:MAX_TIMESLOTS]
    )


def _callback_book(provider: Provider, party: Party | None, done: CompletedTask) -> str:
    """Book the callback the citizen chose in the phone line's real schedule; the answer
    says what was agreed, or that the moment filled up meanwhile (a person follows up)."""
    phone_slot = next((s for s in done.task.slots if s.kind == "phone"), None)
    moment_slot = next((s for s in done.task.slots if s.kind == "timeslot"), None)
    account = _phone_account(provider)
    start = done.values.get(f"{moment_slot.id}_start", "") if moment_slot else ""
    if account is None or phone_slot is None or not start:
        return "Een medewerker neemt contact met u op om een moment af te spreken."
    try:
        callback = callback_request_book(
            accessor=assistant_accessor(provider),
            account=account,
            request=CallbackInput(
                phone_number=done.values.get(phone_slot.id, ""),
                slot_start=datetime.fromisoformat(start),
                reason=str(done.values.get("onderwerp", ""))[:200],
                party=party,
            ),
            actor=assistant_actor(provider),
        )
    except (SlotUnavailable, ValidationError):
        return (
            "Dat moment is net vol geraakt. Een medewerker neemt contact met u op om een "
            "ander moment af te spreken."
        )
    return handover_text.callback_notice(
        done.values.get(moment_slot.id, "") if moment_slot else "", callback.phone_number
    )


def _style(party: Party | None) -> str:
    preference = getattr(party, "preference", None) if party is not None else None
    return preference.answer_style if preference is not None else "kort"


def _needs_help(party: Party | None) -> bool:
    preference = getattr(party, "preference", None) if party is not None else None
    return bool(preference is not None and preference.needs_digital_help)


class _KnownOnDemand(Mapping[str, str]):
    """What is known about the citizen, read only when a task question needs it: most turns
    prefill nothing, and then no personal data is read or logged (data minimisation)."""

    def __init__(self, load: Callable[[], dict[str, str]]) -> None:
        self._load = load
        self._values: dict[str, str] | None = None

    def _data(self) -> dict[str, str]:
        if self._values is None:
            self._values = self._load()
        return self._values

    def __getitem__(self, key: str) -> str:
        return self._data()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())


def _known(provider: Provider, party: Party | None, message: InboundMessage) -> dict[str, str]:
    """What the assistant may prefill: only when who writes is certain, read purpose-bound
    and logged like any read of personal data."""
    if party is None or message.identity not in CERTAIN_IDENTITY:
        return {}
    profile = access_party(
        accessor=assistant_accessor(provider),
        party_uuid=party.uuid,
        activity=Activity.CUSTOMER_VIEW,
    )
    known = {"name": profile.display_name}
    for address in profile.digital_addresses.all():
        if address.kind == DigitalAddressKind.EMAIL and "email" not in known:
            known["email"] = address.value
        if address.kind in (DigitalAddressKind.PHONE, DigitalAddressKind.WHATSAPP):
            known.setdefault("phone", address.value)
    postal = next(iter(profile.postal_addresses.all()), None)
    if postal is not None:
        known["address"] = str(postal)
        if postal.postcode:
            known["postcode"] = postal.postcode
    return {key: value for key, value in known.items() if value}


def sessions_idle_handover(*, older_than: timedelta = timedelta(minutes=5)) -> int:
    """Hand over items left with the assistant while the citizen's last message is
    unanswered (a responder that was down): nobody waits for a bot that is not there."""
    cutoff = clock.now() - older_than
    handed = 0
    for item in WorkItem.objects.filter(
        status=WorkItemStatus.ASSISTANT, last_inbound_at__lt=cutoff
    ):
        answered_after = item.events.filter(
            at__gte=item.last_inbound_at, kind="assistent_antwoordde"
        )
        if answered_after.exists():
            continue
        assistant_handover(
            item,
            summary=handover_text.summary(item, None, None),
            triage=None,
            reason="De assistent heeft dit bericht niet beantwoord.",
        )
        handed += 1
    return handed
