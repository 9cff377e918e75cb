"""Service norms per channel: is an item on time, nearly late, late, or was the norm met?

Pure functions over times (no database, no clock of their own): the caller passes ``now``, so
the inbox, reports and tests agree on one moment. Two timers per item (issue 5, item 5):

- first response: from the first message until ``first_response_due``; met by the first
  answer (``first_responded_at``);
- resolution: from the first message until ``resolution_due``; met by ``resolved_at``.

A timer warns when ``warning_percent`` of its time is used (SlaPolicy.warning_percent; 75 by
default) and is breached at its due time. An item without a norm for its channel has no level.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from klantbeeld.routing.constants import SlaLevel

DEFAULT_WARNING_PERCENT = 75
_SEVERITY = {SlaLevel.MET: 0, SlaLevel.OK: 1, SlaLevel.WARNING: 2, SlaLevel.BREACHED: 3}


@dataclass(frozen=True)
class SlaTimer:
    """One timer's state; ``remaining_minutes`` is negative once late, None when done."""

    name: str
    level: SlaLevel
    due: datetime
    remaining_minutes: int | None

    @property
    def text(self) -> str:
        """The badge text: the level in words, never colour alone (WCAG 1.4.1)."""
        if self.remaining_minutes is None:
            return f"{self.name}: {self.level.label}".lower().capitalize()
        if self.remaining_minutes < 0:
            return f"{self.name}: {_duration(-self.remaining_minutes)} te laat"
        return f"{self.name}: nog {_duration(self.remaining_minutes)}"


@dataclass(frozen=True)
class SlaState:
    first_response: SlaTimer | None
    resolution: SlaTimer | None

    @property
    def headline(self) -> SlaTimer | None:
        """The timer that matters now: the most urgent of those still running, else the worst."""
        timers = [timer for timer in (self.first_response, self.resolution) if timer]
        if not timers:
            return None
        running = [timer for timer in timers if timer.remaining_minutes is not None]
        return max(running or timers, key=lambda timer: _SEVERITY[timer.level])


def timer_level(
    *,
    started: datetime,
    due: datetime,
    done_at: datetime | None,
    now: datetime,
    warning_percent: int = DEFAULT_WARNING_PERCENT,
) -> SlaLevel:
    if done_at is not None:
        return SlaLevel.MET if done_at <= due else SlaLevel.BREACHED
    if now >= due:
        return SlaLevel.BREACHED
    allowed = (due - started).total_seconds()
    used = (now - started).total_seconds()
    if allowed <= 0 or used * 100 >= allowed * warning_percent:
        return SlaLevel.WARNING
    return SlaLevel.OK


def timer_state(
    *,
    name: str,
    started: datetime,
    due: datetime | None,
    done_at: datetime | None,
    now: datetime,
    warning_percent: int = DEFAULT_WARNING_PERCENT,
) -> SlaTimer | None:
    if due is None:
        return None
    level = timer_level(
        started=started, due=due, done_at=done_at, now=now, warning_percent=warning_percent
    )
    remaining = None if done_at is not None else _minutes_until(due, now)
    return SlaTimer(name=name, level=level, due=due, remaining_minutes=remaining)


def sla_state(
    *,
    received_at: datetime,
    first_response_due: datetime | None,
    first_responded_at: datetime | None,
    resolution_due: datetime | None,
    resolved_at: datetime | None,
    now: datetime,
    warning_percent: int = DEFAULT_WARNING_PERCENT,
) -> SlaState:
    """Both timers of one item (the fields of ``routing.models.WorkItem``)."""
    return SlaState(
        first_response=timer_state(
            name="Eerste reactie",
            started=received_at,
            due=first_response_due,
            done_at=first_responded_at,
            now=now,
            warning_percent=warning_percent,
        ),
        resolution=timer_state(
            name="Afhandeling",
            started=received_at,
            due=resolution_due,
            done_at=resolved_at,
            now=now,
            warning_percent=warning_percent,
        ),
    )


def _minutes_until(due: datetime, now: datetime) -> int:
    seconds = (due - now).total_seconds()
    # Whole minutes left, rounded down; once late, started minutes count as late.
    return math.floor(seconds / 60) if seconds >= 0 else -math.ceil(-seconds / 60)


def _duration(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} u {rest} min" if rest else f"{hours} u"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} u" if hours else f"{days} d"
