"""Reads of the counter: locations, the waiting queue of today, the day's appointments
(BAL-01, BAL-02, BAL-04). For the public booking page and the workspace's counter screens.

Visitors' names are shown to counter staff only: the workspace calls :func:`visit_queue` for
an employee whose role grants ``contact_register`` (checked here).
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from klantbeeld.channels.models import (
    Appointment,
    AppointmentStatus,
    ChannelAccount,
    Visit,
    VisitStatus,
)
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel
from klantbeeld.core.errors import NotAccessible
from klantbeeld.core.models import Provider
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.services import purpose_check


def provider_for_booking(*, code: str) -> Provider:
    """The organisation of the public booking page; one with no counter is not found."""
    provider = Provider.objects.filter(code=code).first()
    if provider is None or not counter_locations(provider_id=provider.pk).exists():
        raise NotAccessible("Deze organisatie heeft geen balie om een afspraak te maken.")
    return provider


def counter_locations(*, provider_id: int) -> QuerySet[ChannelAccount]:
    return ChannelAccount.objects.filter(
        provider_id=provider_id, channel=Channel.COUNTER, is_active=True
    ).order_by("name")


def location_get(*, provider_id: int, address: str) -> ChannelAccount:
    location = counter_locations(provider_id=provider_id).filter(address=address).first()
    if location is None:
        raise NotAccessible("Deze balielocatie is niet gevonden.")
    return location


def visit_queue(
    *, accessor: Accessor, location: ChannelAccount, day: date | None = None
) -> QuerySet[Visit]:
    """Who is called or waiting at the location today, in order of arrival."""
    purpose_check(accessor=accessor, activity=Activity.CONTACT_REGISTER)
    if location.provider_id != accessor.provider_id:
        raise NotAccessible("Deze balielocatie is niet gevonden.")
    return (
        Visit.objects.filter(
            location=location,
            day=day or timezone.localdate(clock.now()),
            status__in=[VisitStatus.WAITING, VisitStatus.CALLED],
        )
        .select_related("appointment__slot", "topic", "party", "called_by")
        .order_by("status", "waiting_since")
    )


def appointments_of_day(
    *, accessor: Accessor, location: ChannelAccount, day: date
) -> QuerySet[Appointment]:
    """The day's booked appointments at the location, for the desk to expect them."""
    purpose_check(accessor=accessor, activity=Activity.CONTACT_REGISTER)
    if location.provider_id != accessor.provider_id:
        raise NotAccessible("Deze balielocatie is niet gevonden.")
    return (
        Appointment.objects.filter(
            slot__location=location,
            slot__start__date=day,
            status__in=[AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED],
        )
        .select_related("slot", "topic", "party")
        .order_by("slot__start")
    )
