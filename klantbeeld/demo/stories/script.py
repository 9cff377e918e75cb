"""Scenario stories as scripts: a sequence of steps (a contact, a case opened, a status step,
a promise kept, a conversation closed) played through the services for one party.

A script is data, so a story reads like the timeline it produces. Times are days ago plus a
clock time (:class:`At`); a due date may lie in the future (negative days). Actors are named
by key: a staff key from ``organisations.py``, ``team:<name>``, ``assistant`` or
``messenger``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from klantbeeld.contacts.constants import CaseStatus, Outcome, Sentiment, TaskKind
from klantbeeld.contacts.services import AgreementInput, CaseInput, ContactMomentInput
from klantbeeld.core.constants import Channel, Direction

if TYPE_CHECKING:
    from klantbeeld.contacts.models import Actor, Case, ContactMoment
    from klantbeeld.demo.context import DemoContext
    from klantbeeld.parties.models import Party


@dataclass(frozen=True)
class At:
    """``clock`` on the day ``days`` ago; ``recent`` counts from the latest day on which a
    morning call can have happened (today after noon, else yesterday)."""

    days: int
    clock: str
    recent: bool = False

    def when(self, ctx: DemoContext) -> datetime:
        return ctx.at(self._days(ctx), self.clock)

    def due(self, ctx: DemoContext) -> datetime:
        return ctx.local(self._days(ctx), self.clock)

    def _days(self, ctx: DemoContext) -> int:
        return self.days + (ctx.recent_day if self.recent else 0)


@dataclass(frozen=True)
class Promise:
    """An agreement made in a contact (CV-06, PS-15)."""

    action: str
    assignee: str
    due: At
    kind: TaskKind = TaskKind.OTHER


@dataclass(frozen=True)
class Say:
    """One contact moment of the story."""

    at: At
    channel: Channel
    direction: Direction
    actor: str
    subject: str
    summary: str
    response: str = ""
    content: str = ""
    outcome: Outcome | str = Outcome.ANSWERED
    sentiment: Sentiment | str = ""
    on_case: bool = False
    promises: tuple[Promise, ...] = ()
    label: str = ""
    is_successful: bool = True
    dates: tuple[int, ...] = ()  # days ago of the dates {0}, {1}… in summary and content


@dataclass(frozen=True)
class OpenCase:
    at: At
    goal: str
    next_step: str
    lead_days: int
    team: str
    actor: str
    owner: str = ""


@dataclass(frozen=True)
class Status:
    at: At
    status: CaseStatus
    actor: str
    note: str = ""
    next_step: str | None = None


@dataclass(frozen=True)
class Keep:
    """The promises made in the contact labelled ``label`` are done (``only``: one of them)."""

    label: str
    at: At
    only: int | None = None


@dataclass(frozen=True)
class Close:
    """The conversation of the latest contact is closed."""

    at: At


@dataclass(frozen=True)
class Transfer:
    """The case passes to another team or colleague with a handover note (TEL-01); each
    transfer counts on the conversation, where spirals show (SC-23)."""

    at: At
    actor: str
    note: str
    team: str = ""
    owner: str = ""


@dataclass(frozen=True)
class Personal:
    """The case switches to personal handling by one named owner (CV-16)."""

    at: At
    actor: str
    owner: str
    reason: str


Step = Say | OpenCase | Status | Keep | Close | Transfer | Personal


@dataclass
class _Stage:
    """What a script has written so far: the case and the labelled contacts."""

    party: Party
    topic: str
    case: Case | None = None
    latest: ContactMoment | None = None
    labelled: dict[str, ContactMoment] = field(default_factory=dict)


def scripted(topic: str, steps: Sequence[Step]) -> Callable[[DemoContext, Party], None]:
    """A story writer that plays ``steps`` on topic ``topic`` for the story's party."""

    def write(ctx: DemoContext, party: Party) -> None:
        play(ctx, party, topic=topic, steps=steps)

    return write


def play(ctx: DemoContext, party: Party, *, topic: str, steps: Sequence[Step]) -> None:
    stage = _Stage(party=party, topic=topic)
    for step in steps:
        if isinstance(step, Say):
            _say(ctx, stage, step)
        elif isinstance(step, OpenCase):
            _open_case(ctx, stage, step)
        elif isinstance(step, Status):
            _status(ctx, stage, step)
        elif isinstance(step, Keep):
            ctx.tasks_complete(stage.labelled[step.label], at=step.at.when(ctx), only=step.only)
        elif isinstance(step, Transfer | Personal):
            _case_move(ctx, stage, step)
        elif stage.latest is not None:
            ctx.conversation_close(stage.latest, at=step.at.when(ctx))


_MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def dutch_date(ctx: DemoContext, days_ago: int) -> str:
    """``27 november 2026``: how a date reads in a Dutch message."""
    day = ctx.local(days_ago, "12:00").date()
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _say(ctx: DemoContext, stage: _Stage, step: Say) -> None:
    dates = [dutch_date(ctx, days) for days in step.dates]
    moment = ContactMomentInput(
        channel=step.channel,
        direction=step.direction,
        subject=step.subject,
        occurred_at=step.at.when(ctx),
        topic=ctx.topic(stage.topic),
        summary=step.summary.format(*dates) if dates else step.summary,
        content=step.content.format(*dates) if dates else step.content,
        response=step.response,
        outcome=step.outcome,
        sentiment=step.sentiment,
        case=stage.case if step.on_case else None,
        is_successful=step.is_successful,
    )
    agreements = [
        AgreementInput(
            requested_action=promise.action,
            assigned_to=actor(ctx, promise.assignee),
            due_at=promise.due.due(ctx),
            kind=promise.kind,
        )
        for promise in step.promises
    ]
    stage.latest = ctx.register(
        stage.party, moment, actor=actor(ctx, step.actor), agreements=agreements
    )
    if step.label:
        stage.labelled[step.label] = stage.latest


def _open_case(ctx: DemoContext, stage: _Stage, step: OpenCase) -> None:
    opened_at = step.at.when(ctx)
    stage.case = ctx.case_open(
        stage.party,
        CaseInput(
            goal=step.goal,
            opened_at=opened_at,
            topic=ctx.topic(stage.topic),
            next_step=step.next_step,
            expected_completion=ctx.local(step.at.days - step.lead_days, "17:00").date(),
            team=ctx.team(step.team),
            owner=actor(ctx, step.owner) if step.owner else None,
        ),
        actor=actor(ctx, step.actor),
    )


def _status(ctx: DemoContext, stage: _Stage, step: Status) -> None:
    if stage.case is None:
        raise ValueError("A status step needs an open case earlier in the script.")
    ctx.case_step(
        stage.case,
        step.status,
        at=step.at.when(ctx),
        actor=actor(ctx, step.actor),
        note=step.note,
        next_step=step.next_step,
    )


def _case_move(ctx: DemoContext, stage: _Stage, step: Transfer | Personal) -> None:
    if stage.case is None:
        raise ValueError("A transfer needs an open case earlier in the script.")
    at, by = step.at.when(ctx), actor(ctx, step.actor)
    if isinstance(step, Personal):
        stage.case = ctx.case_personal(
            stage.case, owner=actor(ctx, step.owner), at=at, actor=by, reason=step.reason
        )
        return
    stage.case = ctx.case_transfer(
        stage.case,
        at=at,
        actor=by,
        note=step.note,
        team=ctx.team(step.team) if step.team else None,
        owner=actor(ctx, step.owner) if step.owner else None,
    )


def actor(ctx: DemoContext, key: str) -> Actor:
    if key == "assistant":
        return ctx.assistant
    if key == "messenger":
        return ctx.messenger
    if key.startswith("team:"):
        return ctx.team(key.removeprefix("team:"))
    return ctx.staff[key]
