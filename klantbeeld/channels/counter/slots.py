"""Appointment slots from opening hours, including evenings and Saturday (BAL-02, CH-06, TEL-05).

Opening hours live in the location's ``ChannelAccount.settings`` (no code change to open on
a Saturday)::

    {"opening_hours": {"ma": [["09:00", "17:00"]], "do": [["09:00", "17:00"],
                       ["18:00", "20:00"]], "za": [["09:00", "12:00"]]},
     "slot_minutes": 15, "capacity": 2, "book_days_ahead": 28,
     "closed_days": ["2025-12-25"]}

Day keys are ma di wo do vr za zo; a missing key is a closed day. Without settings the
defaults below apply: weekdays 9–17, Thursday evening 18–20 and Saturday morning 9–12.
:func:`slot_times` is a pure rule (also used for callback slots); the rest reads and writes
:class:`AppointmentSlot` rows, which booking locks to count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from klantbeeld.channels.models import AppointmentSlot, AppointmentStatus, ChannelAccount

WEEKDAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")
DEFAULT_OPENING_HOURS: dict[str, list[list[str]]] = {
    "ma": [["09:00", "17:00"]],
    "di": [["09:00", "17:00"]],
    "wo": [["09:00", "17:00"]],
    "do": [["09:00", "17:00"], ["18:00", "20:00"]],
    "vr": [["09:00", "17:00"]],
    "za": [["09:00", "12:00"]],
}
DEFAULT_SLOT_MINUTES = 15
DEFAULT_CAPACITY = 1
DEFAULT_DAYS_AHEAD = 28


@dataclass(frozen=True)
class Hours:
    """A location's (or the phone team's) opening hours, read once from its settings."""

    opening_hours: dict[str, list[list[str]]]
    slot_minutes: int
    capacity: int
    days_ahead: int
    closed_days: frozenset[str]


def hours_of(settings: dict[str, Any], *, default_hours: dict[str, list[list[str]]]) -> Hours:
    """The hours in an account's settings, defaults for what is missing or unusable."""
    opening = settings.get("opening_hours")
    return Hours(
        opening_hours=opening if isinstance(opening, dict) else default_hours,
        slot_minutes=_positive(settings.get("slot_minutes"), DEFAULT_SLOT_MINUTES),
        capacity=_positive(settings.get("capacity"), DEFAULT_CAPACITY),
        days_ahead=_positive(settings.get("book_days_ahead"), DEFAULT_DAYS_AHEAD),
        closed_days=frozenset(str(day) for day in settings.get("closed_days", [])),
    )


def _positive(value: object, default: int) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default


def slot_times(hours: Hours, day: date) -> list[tuple[datetime, datetime]]:
    """The slots of ``day`` in local time, aware (daylight saving handled by the zone)."""
    if day.isoformat() in hours.closed_days:
        return []
    length = timedelta(minutes=hours.slot_minutes)
    slots = []
    for opens, closes in hours.opening_hours.get(WEEKDAYS[day.weekday()], []):
        start = _at(day, opens)
        end_of_period = _at(day, closes)
        while start + length <= end_of_period:
            slots.append((start, start + length))
            start += length
    return slots


def _at(day: date, clock_time: str) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(clock_time)))


def location_hours(location: ChannelAccount) -> Hours:
    return hours_of(location.settings or {}, default_hours=DEFAULT_OPENING_HOURS)


def slots_ensure(*, location: ChannelAccount, first_day: date, days: int | None = None) -> int:
    """Create the location's slot rows for the booking window; existing ones stay as they are
    (a changed capacity applies to new days only). Returns how many were created."""
    hours = location_hours(location)
    rows = [
        AppointmentSlot(
            provider_id=location.provider_id,
            location=location,
            start=start,
            end=end,
            capacity=hours.capacity,
        )
        for offset in range(days if days is not None else hours.days_ahead)
        for start, end in slot_times(hours, first_day + timedelta(days=offset))
    ]
    existing = set(
        AppointmentSlot.objects.filter(
            location=location, start__in=[row.start for row in rows]
        ).values_list("start", flat=True)
    )
    new = [row for row in rows if row.start not in existing]
    AppointmentSlot.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def slots_available(
    *, location: ChannelAccount, now: datetime, day: date | None = None
) -> list[AppointmentSlot]:
    """Slots still bookable: in the future, within the window, with a place left. Each has
    ``booked`` (active appointments) annotated."""
    hours = location_hours(location)
    last = timezone.localdate(now) + timedelta(days=hours.days_ahead)
    slots = (
        AppointmentSlot.objects.filter(location=location, start__gt=now)
        .filter(start__lt=timezone.make_aware(datetime.combine(last, time.min)))
        .annotate(
            booked=Count(
                "appointments",
                filter=~Q(appointments__status=AppointmentStatus.CANCELLED),
            )
        )
        .order_by("start")
    )
    if day is not None:
        slots = slots.filter(
            start__gte=timezone.make_aware(datetime.combine(day, time.min)),
            start__lt=timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min)),
        )
    return [slot for slot in slots if slot.booked < slot.capacity]


def slot_days(slots: list[AppointmentSlot]) -> list[date]:
    """The days that have a bookable slot, for the day picker."""
    return sorted({timezone.localdate(slot.start) for slot in slots})
