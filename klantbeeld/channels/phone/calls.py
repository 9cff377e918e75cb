"""A call's life from the CTI events, and the employee's notes as its contact moment
(TEL-03, TEL-04, CH-05, CH-09).

Decisions (docs/architecture/channels-phone-counter.md):

- An answered call becomes a contact moment when the employee writes the notes
  (:func:`call_notes_register`), not from the events: only the employee knows what was said.
- A *dropped* call — ended without being answered, or ended within ``DROP_SECONDS`` of being
  answered — becomes an inbound contact moment "Gesprek afgebroken" on the shared path at once,
  with the IVR answers, so the timeline and the queue hold it (a colleague can call back) and
  the next call continues it. A dropped call from a withheld number has nobody to continue
  with and stays a Call record only.
- The next call from the same number within ``CONTINUE_HOURS`` of a dropped call is linked to
  it (``previous``); its events and notes join the same conversation and the screen-pop shows
  the earlier IVR answers and notes (TEL-03).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from klantbeeld.channels.models import Call, ChannelAccount, InboundMessage
from klantbeeld.channels.phone import cti
from klantbeeld.contacts.models import Actor, ContactMoment, Conversation
from klantbeeld.contacts.services import ChannelMessageInput, channel_message_register
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.core.errors import ApplicationError, NotAccessible
from klantbeeld.core.models import Topic
from klantbeeld.parties.models import Party
from klantbeeld.privacy.accessors import Accessor

DROP_SECONDS = 10
CONTINUE_HOURS = 24
CHAIN_LIMIT = 20
DROPPED_SUBJECT = "Gesprek afgebroken"
CALL_SUBJECT = "Telefoongesprek"


def call_event_apply(*, message: InboundMessage, event: cti.CtiEvent) -> Call:
    """Bring the call up to date with one event; events may come in any order and twice."""
    call = _call_for(message, event)
    if event.caller and not call.caller_number:
        call.caller_number = event.caller
    if event.called and not call.called_number:
        call.called_number = event.called
    if event.ivr:
        call.ivr_answers = _ivr_merged(call.ivr_answers, event.ivr)
    if event.event == cti.STARTED:
        call.started_at = event.at
    elif event.event == cti.ANSWERED:
        call.answered_at = event.at
        call.agent_identifier = event.agent or call.agent_identifier
        call.agent = _agent(call.provider_id, call.agent_identifier)
    elif event.event == cti.ENDED:
        call.ended_at = event.at
        call.ended_message = message
    if call.previous_id is None and call.caller_number:
        call.previous = _dropped_before(call)
    call.is_dropped = _is_dropped(call)
    call.save()
    return call


def _call_for(message: InboundMessage, event: cti.CtiEvent) -> Call:
    call = (
        Call.objects.select_for_update()
        .filter(provider_id=message.provider_id, call_id=event.call_id)
        .first()
    )
    if call is None:
        call = Call(provider_id=message.provider_id, account=message.account, call_id=event.call_id)
    return call


def _ivr_merged(
    known: list[dict[str, str]], new: tuple[cti.IvrAnswer, ...]
) -> list[dict[str, str]]:
    """Later events repeat the answers so far; keep each question once, the latest answer."""
    merged = {item.get("question", ""): item for item in known}
    for answer in new:
        merged[answer.question] = answer.as_json()
    return list(merged.values())


def _agent(provider_id: int, identifier: str) -> Actor | None:
    if not identifier:
        return None
    return Actor.objects.filter(provider_id=provider_id, identifier=identifier).first()


def _is_dropped(call: Call) -> bool:
    if call.ended_at is None:
        return False
    if call.answered_at is None:
        return True
    return call.ended_at - call.answered_at < timedelta(seconds=DROP_SECONDS)


def _dropped_before(call: Call) -> Call | None:
    """The caller's most recent dropped call that this one continues (TEL-03)."""
    started = call.started_at or clock.now()
    return (
        Call.objects.filter(
            provider_id=call.provider_id,
            caller_number=call.caller_number,
            is_dropped=True,
            ended_at__gte=started - timedelta(hours=CONTINUE_HOURS),
            ended_at__lte=started,
        )
        .exclude(pk=call.pk)
        .order_by("-ended_at")
        .first()
    )


def call_chain(call: Call) -> list[Call]:
    """The earlier calls this one continues, most recent first (bounded)."""
    chain: list[Call] = []
    current = call.previous
    while current is not None and len(chain) < CHAIN_LIMIT:
        chain.append(current)
        current = current.previous
    return chain


def chain_session_key(call: Call) -> str:
    """One session for a chain of calls: the first call's id, so the pipeline threads them."""
    chain = call_chain(call)
    root = chain[-1] if chain else call
    return f"telefoon:{root.call_id}"[:100]


def dropped_message_fill(message: InboundMessage, call: Call) -> None:
    """Make the call.ended event read as the customer's contact for the shared path."""
    message.subject = DROPPED_SUBJECT
    message.sender_address = call.caller_number
    message.sent_at = call.ended_at
    message.session_key = chain_session_key(call)
    waited = ""
    if call.started_at and call.ended_at:
        waited = f" na {int((call.ended_at - call.started_at).total_seconds())} seconden"
    lines = [
        "De beller hing op voordat een medewerker het gesprek aannam" + waited + "."
        if call.answered_at is None
        else "Het gesprek werd kort na het aannemen verbroken.",
    ]
    lines += [f"{item['question']}: {item['answer']}" for item in call.ivr_answers]
    message.body = "\n".join(lines)


def chain_conversation(call: Call) -> Conversation | None:
    """The conversation the chain of calls is in, if any call of it has one."""
    for earlier in [call, *call_chain(call)]:
        conversation = earlier.conversation
        if conversation is not None:
            return conversation
    return None


@transaction.atomic
def call_notes_register(
    *,
    accessor: Accessor,
    call: Call,
    party: Party | None,
    notes: str,
    actor: Actor,
    topic: Topic | None = None,
    subject: str = CALL_SUBJECT,
) -> ContactMoment:
    """The employee's notes of an answered call as its contact moment, in the conversation
    of the calls it continues (TEL-03, CH-05). Agreements go through the callback service or
    the workspace's contact form."""
    call = Call.objects.select_for_update().filter(pk=call.pk).first() or call
    if call.provider_id != accessor.provider_id:
        raise NotAccessible("Dit gesprek is niet gevonden.")
    if call.contact_moment_id is not None:
        raise ApplicationError("Voor dit gesprek zijn de notities al vastgelegd.")
    if not notes.strip():
        raise ApplicationError("Schrijf op waarover het gesprek ging.")
    conversation = chain_conversation(call)
    if (
        conversation is not None
        and party is not None
        and conversation.party_id not in (None, party.pk)
    ):
        conversation = None  # the chain was another customer's (a shared number)
    contact = channel_message_register(
        accessor=accessor,
        party=party,
        message=ChannelMessageInput(
            channel=Channel.PHONE,
            direction=Direction.INBOUND,
            subject=subject,
            content=notes.strip(),
            occurred_at=call.answered_at or call.started_at or clock.now(),
            topic=topic,
            metadata={"call": str(call.uuid)},
        ),
        actor=actor,
        conversation=conversation,
    )
    call.contact_moment = contact
    call.party = party or call.party
    call.save(update_fields=["contact_moment", "party", "updated_at"])
    return contact


def phone_account_for(*, address: str) -> ChannelAccount | None:
    """The active phone account with this number (the number the customer dialled)."""
    return (
        ChannelAccount.objects.filter(channel=Channel.PHONE, address=address, is_active=True)
        .select_related("provider")
        .first()
    )
