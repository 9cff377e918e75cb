"""Write one planned background thread through the contacts services (CV-04..CV-07).

A thread starts with the customer's question. Without a follow-up it is answered and closed.
With an agreement, the promise is kept on a later day (sometimes late, sometimes after a
missed call) or is still open. With a case, the status steps follow while their days have
passed, so recent cases are still running and late ones stall for a while (SC-24). A question
to the digital assistant that needs a person is handed over to the web chat (SC-20).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from klantbeeld.contacts.constants import CaseStatus, Outcome, Sentiment, TaskKind
from klantbeeld.contacts.services import AgreementInput, CaseInput, ContactMomentInput
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.demo.questions import FollowUp, Question

if TYPE_CHECKING:
    from klantbeeld.contacts.models import Actor, Case, ContactMoment
    from klantbeeld.demo.context import DemoContext
    from klantbeeld.parties.models import Party

_HANDOVER_NOTE = "Overgenomen van de digitale assistent; de klant hoefde niets te herhalen. "
_ASK_INFORMATION = "Klant gevraagd om aanvullende gegevens. De zaak wacht tot die binnen zijn."


@dataclass(frozen=True)
class ThreadPlan:
    """One question of one customer, with every choice already made."""

    question: Question
    days_ago: int
    clock: str
    channel: Channel
    reply_channel: Channel
    sentiment: Sentiment
    agent: str
    handler: str
    days_late: int
    asks_for_information: bool


def thread_write(ctx: DemoContext, party: Party, plan: ThreadPlan) -> None:
    question = plan.question
    follow_up = question.follow_up
    channel, clock, note = plan.channel, plan.clock, ""
    if plan.channel == Channel.ASSISTANT:
        first = _assistant_contact(ctx, party, plan)
        if follow_up is None:
            ctx.conversation_close(first, at=first.occurred_at)
            return
        channel, clock, note = Channel.WEB_CHAT, _later(clock, minutes=4), _HANDOVER_NOTE
    if follow_up is None:
        moment = _inbound(ctx, party, plan, channel=channel, clock=clock, outcome=question.outcome)
        ctx.conversation_close(moment, at=moment.occurred_at)
    elif follow_up.is_case:
        _case_thread(ctx, party, plan, follow_up, channel=channel, clock=clock, note=note)
    else:
        _agreement_thread(ctx, party, plan, follow_up, channel=channel, clock=clock, note=note)


def _assistant_contact(ctx: DemoContext, party: Party, plan: ThreadPlan) -> ContactMoment:
    question = plan.question
    hands_over = question.follow_up is not None
    response = (
        "De assistent heeft de klant direct doorgezet naar een medewerker in de chat."
        if hands_over
        else question.response
    )
    moment = ContactMomentInput(
        channel=Channel.ASSISTANT,
        direction=Direction.INBOUND,
        subject=question.subject,
        occurred_at=ctx.at(plan.days_ago, plan.clock),
        topic=ctx.topic(question.topic),
        summary=question.summary,
        response=response,
        outcome=Outcome.TRANSFERRED if hands_over else Outcome.ANSWERED,
        sentiment=plan.sentiment,
    )
    return ctx.register(party, moment, actor=ctx.assistant)


def _inbound(
    ctx: DemoContext,
    party: Party,
    plan: ThreadPlan,
    *,
    channel: Channel,
    clock: str,
    outcome: Outcome,
    note: str = "",
    case: Case | None = None,
    agreements: Sequence[AgreementInput] = (),
) -> ContactMoment:
    question = plan.question
    moment = ContactMomentInput(
        channel=channel,
        direction=Direction.INBOUND,
        subject=question.subject,
        occurred_at=ctx.at(plan.days_ago, clock),
        topic=ctx.topic(question.topic),
        summary=note + question.summary,
        response=question.response,
        outcome=outcome,
        sentiment=plan.sentiment,
        case=case,
    )
    return ctx.register(party, moment, actor=ctx.staff[plan.agent], agreements=agreements)


def _outbound(
    ctx: DemoContext,
    party: Party,
    plan: ThreadPlan,
    *,
    days_later: int,
    summary: str,
    case: Case | None = None,
    is_reached: bool = True,
) -> ContactMoment:
    moment = ContactMomentInput(
        channel=plan.reply_channel,
        direction=Direction.OUTBOUND,
        subject=plan.question.subject,
        occurred_at=ctx.at(plan.days_ago - days_later, "11:00" if is_reached else "10:15"),
        topic=ctx.topic(plan.question.topic),
        summary=summary if is_reached else "Geprobeerd te bellen; geen gehoor. Later opnieuw.",
        outcome=Outcome.INFORMED if is_reached else Outcome.NOT_REACHED,
        is_successful=is_reached,
        case=case,
    )
    return ctx.register(party, moment, actor=ctx.staff[plan.handler])


def _agreement_thread(
    ctx: DemoContext,
    party: Party,
    plan: ThreadPlan,
    follow_up: FollowUp,
    *,
    channel: Channel,
    clock: str,
    note: str,
) -> None:
    is_callback = follow_up.kind == TaskKind.CALLBACK
    agreement = AgreementInput(
        requested_action=follow_up.action,
        assigned_to=ctx.staff[plan.handler] if is_callback else ctx.team(follow_up.team),
        due_at=ctx.local(plan.days_ago - follow_up.due_days, "17:00"),
        kind=follow_up.kind,
    )
    outcome = Outcome.CALLBACK if is_callback else Outcome.IN_PROGRESS
    first = _inbound(
        ctx,
        party,
        plan,
        channel=channel,
        clock=clock,
        outcome=outcome,
        note=note,
        agreements=[agreement],
    )
    done_after = max(1, round(follow_up.due_days * 0.6)) + plan.days_late
    if plan.days_ago - done_after < 1:
        return  # still open; past its due date it is a broken promise (PS-15)
    if plan.reply_channel == Channel.PHONE and plan.asks_for_information:
        _outbound(ctx, party, plan, days_later=done_after, summary="", is_reached=False)
    result = _outbound(ctx, party, plan, days_later=done_after, summary=follow_up.result)
    ctx.tasks_complete(first, at=result.occurred_at)
    ctx.conversation_close(result, at=result.occurred_at)


def _case_thread(
    ctx: DemoContext,
    party: Party,
    plan: ThreadPlan,
    follow_up: FollowUp,
    *,
    channel: Channel,
    clock: str,
    note: str,
) -> None:
    opened_at = ctx.at(plan.days_ago, clock)
    case = _case_open(ctx, party, plan, follow_up, opened_at=opened_at)
    agreement = AgreementInput(
        requested_action=follow_up.action,
        assigned_to=ctx.team(follow_up.team),
        due_at=opened_at + _days(follow_up.lead_days),
        kind=follow_up.kind,
    )
    first = _inbound(
        ctx,
        party,
        plan,
        channel=channel,
        clock=clock,
        outcome=Outcome.IN_PROGRESS,
        note=note,
        case=case,
        agreements=[agreement],
    )
    _case_progress(ctx, party, plan, follow_up, case=case, first=first)


def _case_open(
    ctx: DemoContext, party: Party, plan: ThreadPlan, follow_up: FollowUp, *, opened_at: datetime
) -> Case:
    return ctx.case_open(
        party,
        CaseInput(
            goal=follow_up.case_goal,
            opened_at=opened_at,
            topic=ctx.topic(plan.question.topic),
            next_step=follow_up.action,
            expected_completion=(opened_at + _days(follow_up.lead_days)).date(),
            team=ctx.team(follow_up.team),
        ),
        actor=ctx.staff[plan.agent],
    )


def _case_progress(
    ctx: DemoContext,
    party: Party,
    plan: ThreadPlan,
    follow_up: FollowUp,
    *,
    case: Case,
    first: ContactMoment,
) -> None:
    """Status steps while their day has passed; a late case stalls for a while (SC-24)."""
    handler = ctx.staff[plan.handler]
    lead = follow_up.lead_days
    if not _step(ctx, plan, case, CaseStatus.IN_PROGRESS, 1, handler, f"Opgepakt door {handler}"):
        return
    if plan.asks_for_information and lead >= 20:
        asked = round(lead * 0.3)
        if not _step(ctx, plan, case, CaseStatus.WAITING_FOR_CUSTOMER, asked, handler):
            return
        _outbound(ctx, party, plan, days_later=asked, summary=_ASK_INFORMATION, case=case)
        if not _step(
            ctx,
            plan,
            case,
            CaseStatus.IN_PROGRESS,
            round(lead * 0.4),
            handler,
            "Gegevens van de klant ontvangen",
        ):
            return
    decided = round(lead * 0.85) + plan.days_late
    if not _step(ctx, plan, case, CaseStatus.DECIDED, decided, handler, follow_up.result):
        return
    result = _outbound(ctx, party, plan, days_later=decided, summary=follow_up.result, case=case)
    ctx.tasks_complete(first, at=result.occurred_at)
    if _step(ctx, plan, case, CaseStatus.CLOSED, decided + 1, handler):
        ctx.conversation_close(result, at=result.occurred_at)


def _step(
    ctx: DemoContext,
    plan: ThreadPlan,
    case: Case,
    status: CaseStatus,
    days_later: int,
    actor: Actor,
    note: str = "",
) -> bool:
    """Record a status step ``days_later`` after the start, if that day has already passed."""
    if plan.days_ago - days_later < 1:
        return False
    at = ctx.at(plan.days_ago - days_later, "09:30" if status != CaseStatus.CLOSED else "15:00")
    ctx.case_step(case, status, at=at, actor=actor, note=note)
    return True


def _days(count: int) -> timedelta:
    return timedelta(days=count)


def _later(clock: str, *, minutes: int) -> str:
    hours, mins = (int(part) for part in clock.split(":"))
    total = min(hours * 60 + mins + minutes, 23 * 60 + 59)
    return f"{total // 60:02d}:{total % 60:02d}"
