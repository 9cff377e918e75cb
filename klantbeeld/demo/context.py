"""The write context of one demo organisation: its tenant, actors, clock and the service calls.

Stories and history write personal data only through the domain services (PRIV-05), with the
system accessor ``demo``; this module keeps those calls short. Every timestamp is relative to
the one ``now`` of the run (``core.clock``), so the history always looks recent and never
lies in the future.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from klantbeeld.contacts.constants import CaseStatus
from klantbeeld.contacts.services import (
    AgreementInput,
    CaseInput,
    ContactMomentInput,
    case_open,
    case_personal_handling_set,
    case_status_change,
    case_transfer,
    contact_moment_register,
    conversation_close,
    internal_task_complete,
)
from klantbeeld.core.models import Provider, Topic
from klantbeeld.demo.organisations import OrganisationSpec
from klantbeeld.privacy.accessors import Accessor

if TYPE_CHECKING:
    from klantbeeld.contacts.models import Actor, Case, ContactMoment
    from klantbeeld.parties.models import Party

DEMO_TASK = "demo"
_LATEST = timedelta(minutes=1)


@dataclass
class DemoContext:
    organisation: OrganisationSpec
    provider: Provider
    accessor: Accessor
    now: datetime
    topics: dict[str, Topic]
    teams: dict[str, Actor]
    staff: dict[str, Actor]
    assistant: Actor
    messenger: Actor
    written: Counter[str] = field(default_factory=Counter)

    # --- time --------------------------------------------------------------------------------

    def at(self, days_ago: int, clock: str = "10:00") -> datetime:
        """Local ``clock`` time ``days_ago`` days before today; never later than now."""
        return min(self.local(days_ago, clock), self.now - _LATEST)

    def local(self, days_ago: int, clock: str) -> datetime:
        """Local ``clock`` time ``days_ago`` days before today (negative: in the future), e.g.
        a due date or an expected completion."""
        local_today = timezone.localtime(self.now).date()
        hours, minutes = (int(part) for part in clock.split(":"))
        return timezone.make_aware(
            datetime.combine(local_today - timedelta(days=days_ago), time(hours, minutes))
        )

    @property
    def recent_day(self) -> int:
        """Days ago of the latest day whose morning has fully passed: today after noon."""
        return 0 if timezone.localtime(self.now).hour >= 12 else 1

    def days_ago(self, days: int | None) -> datetime | None:
        return None if days is None else self.now - timedelta(days=days)

    # --- lookups -----------------------------------------------------------------------------

    def topic(self, code: str) -> Topic:
        return self.topics[code]

    def team(self, name: str) -> Actor:
        return self.teams[name]

    # --- writes, through the contacts services -----------------------------------------------

    def register(
        self,
        party: Party,
        moment: ContactMomentInput,
        *,
        actor: Actor,
        agreements: Sequence[AgreementInput] = (),
    ) -> ContactMoment:
        self.written["contacts"] += 1
        self.written["agreements"] += len(agreements)
        return contact_moment_register(
            accessor=self.accessor, party=party, moment=moment, actor=actor, agreements=agreements
        )

    def case_open(self, party: Party, case: CaseInput, *, actor: Actor | None) -> Case:
        self.written["cases"] += 1
        return case_open(accessor=self.accessor, party=party, case=case, actor=actor)

    def case_step(
        self,
        case: Case,
        status: CaseStatus,
        *,
        at: datetime,
        actor: Actor | None,
        note: str = "",
        next_step: str | None = None,
    ) -> Case:
        return case_status_change(
            accessor=self.accessor,
            case=case,
            status=status,
            at=at,
            actor=actor,
            note=note,
            next_step=next_step,
        )

    def case_transfer(
        self,
        case: Case,
        *,
        at: datetime,
        actor: Actor | None,
        note: str,
        team: Actor | None,
        owner: Actor | None,
    ) -> Case:
        return case_transfer(
            accessor=self.accessor, case=case, at=at, actor=actor, note=note, team=team, owner=owner
        )

    def case_personal(
        self, case: Case, *, owner: Actor, at: datetime, actor: Actor | None, reason: str
    ) -> Case:
        return case_personal_handling_set(
            accessor=self.accessor, case=case, owner=owner, at=at, actor=actor, reason=reason
        )

    def tasks_complete(
        self, moment: ContactMoment, *, at: datetime, only: int | None = None
    ) -> None:
        """Complete the agreements made in ``moment`` (PS-15: the promise was kept); ``only``
        is the position of one agreement in the list that was registered with it."""
        tasks = list(moment.internal_tasks.order_by("id"))
        for task in tasks if only is None else [tasks[only]]:
            internal_task_complete(accessor=self.accessor, task=task, at=at)

    def conversation_close(self, moment: ContactMoment, *, at: datetime) -> None:
        if moment.conversation is not None:
            conversation_close(accessor=self.accessor, conversation=moment.conversation, at=at)
