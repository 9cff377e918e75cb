"""Typical questions per topic, as an employee notes them (B1 Dutch), for the background history.

Each question has a subject, what the customer asked (channel-neutral, so it reads well
whether it came by phone, letter or chat), what was answered or done, and optionally what it
led to: an agreement (CV-06, PS-15) or a case with a lead time (CV-07). Topic ids are those of
``TAXONOMY.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

from klantbeeld.contacts.constants import Outcome, TaskKind


@dataclass(frozen=True)
class FollowUp:
    """What the first contact leads to, and how it ends when it ends."""

    action: str
    team: str
    due_days: int
    result: str
    kind: TaskKind = TaskKind.OTHER
    case_goal: str = ""
    lead_days: int = 0

    @property
    def is_case(self) -> bool:
        return bool(self.case_goal)


@dataclass(frozen=True)
class Question:
    topic: str
    subject: str
    summary: str
    response: str
    follow_up: FollowUp | None = None
    outcome: Outcome = Outcome.ANSWERED


def questions_for(org_code: str) -> tuple[Question, ...]:
    from klantbeeld.demo.questions import gemeente, uitvoering, vervoer, water

    by_org = {
        "gemeente": gemeente.QUESTIONS,
        "water": water.QUESTIONS,
        "vervoer": vervoer.QUESTIONS,
        "uitvoering": uitvoering.QUESTIONS,
    }
    return by_org[org_code]
