"""What the employee sees when a call comes in: who it is, what they told the IVR, and the
story so far when an earlier call dropped (TEL-03, TEL-04, CV-03).

The party comes from :func:`klantbeeld.parties.selectors.party_screen_pop`, which checks the
``screen_pop`` purpose and writes the processing log for every party it shows. The earlier
calls' notes are shown only with that purpose granted (the same check comes first).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from django.db.models import Q

from klantbeeld.channels.models import Call, CallbackRequest, CallbackStatus
from klantbeeld.channels.phone.calls import call_chain
from klantbeeld.contacts.models import Actor
from klantbeeld.core.errors import NotAccessible
from klantbeeld.parties.selectors import ScreenPop, party_screen_pop
from klantbeeld.privacy.accessors import Accessor


@dataclass(frozen=True)
class EarlierCall:
    """One call of the chain this call continues, as the screen-pop shows it."""

    started_at: datetime | None
    ended_at: datetime | None
    is_dropped: bool
    ivr_answers: list[dict[str, str]]
    notes: str
    agent_name: str


@dataclass
class CallScreenPop:
    call: Call
    # None for a withheld number: there is nothing to look up.
    pop: ScreenPop | None
    ivr_answers: list[dict[str, str]]
    earlier: list[EarlierCall] = field(default_factory=list)
    callbacks: list[CallbackRequest] = field(default_factory=list)

    @property
    def continues_dropped_call(self) -> bool:
        return any(call.is_dropped for call in self.earlier)


def call_get(*, accessor: Accessor, call_uuid: UUID) -> Call:
    """One call of the accessor's organisation; another's and a missing one look the same."""
    call = (
        Call.objects.filter(uuid=call_uuid, provider_id=accessor.provider_id)
        .select_related("agent", "contact_moment", "ended_message", "previous")
        .first()
    )
    if call is None:
        raise NotAccessible("Dit gesprek is niet gevonden.")
    return call


def call_current_for_agent(*, accessor: Accessor, agent: Actor) -> Call | None:
    """The call this employee has on the line (answered, not ended), else their latest
    ended call without notes, so the notes screen can follow the call."""
    calls = Call.objects.filter(
        provider_id=accessor.provider_id, agent=agent, answered_at__isnull=False
    ).select_related("agent", "contact_moment", "ended_message", "previous")
    ongoing = calls.filter(ended_at__isnull=True).order_by("-answered_at").first()
    if ongoing is not None:
        return ongoing
    return calls.filter(contact_moment__isnull=True).order_by("-ended_at").first()


def call_screen_pop(*, accessor: Accessor, call: Call) -> CallScreenPop:
    """The party (or candidates) by the caller's number, the IVR answers, and the earlier
    calls it continues with their notes."""
    if call.provider_id != accessor.provider_id:
        raise NotAccessible("Dit gesprek is niet gevonden.")
    pop = (
        party_screen_pop(accessor=accessor, phone=call.caller_number)
        if call.caller_number
        else None
    )
    earlier = [_earlier(previous) for previous in call_chain(call)]
    return CallScreenPop(
        call=call,
        pop=pop,
        ivr_answers=list(call.ivr_answers),
        earlier=earlier,
        callbacks=_open_callbacks(call),
    )


def _earlier(call: Call) -> EarlierCall:
    notes = call.contact_moment.content if call.contact_moment is not None else ""
    return EarlierCall(
        started_at=call.started_at,
        ended_at=call.ended_at,
        is_dropped=call.is_dropped,
        ivr_answers=list(call.ivr_answers),
        notes=notes,
        agent_name=call.agent.name if call.agent is not None else "",
    )


def _open_callbacks(call: Call) -> list[CallbackRequest]:
    """Callbacks still planned for this number: the caller may be calling about one."""
    if not call.caller_number:
        return []
    return list(
        CallbackRequest.objects.filter(
            Q(phone_number=call.caller_number),
            provider_id=call.provider_id,
            status=CallbackStatus.PLANNED,
        ).order_by("slot_start")
    )
