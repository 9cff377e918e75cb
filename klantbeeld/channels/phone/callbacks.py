"""Callback requests: the caller picks a time slot and we call back (TEL-02, CH-02, TEL-05).

The slots come from the phone account's opening hours (``ChannelAccount(channel="telefoon")
.settings``: ``callback_hours`` in the format of ``counter/slots.py``, ``callback_slot_minutes``
and ``callback_capacity`` — callbacks per slot the team can make). A slot in the past, outside
the hours or full is refused with a Dutch message. A request for a known customer becomes a
contact moment with a callback agreement (an InternalTask of kind ``terugbellen``) in their
timeline; for an unknown caller it becomes a contact moment without a party, and the request
itself is the work item (:func:`callback_list_due`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from klantbeeld.channels.counter.slots import Hours, hours_of, slot_times
from klantbeeld.channels.models import Call, CallbackRequest, CallbackStatus, ChannelAccount
from klantbeeld.contacts.constants import Outcome, TaskKind
from klantbeeld.contacts.models import Actor, ContactMoment
from klantbeeld.contacts.services import (
    AgreementInput,
    ChannelMessageInput,
    ContactMomentInput,
    channel_message_register,
    contact_moment_register,
    internal_task_complete,
)
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.core.errors import ApplicationError, NotAccessible
from klantbeeld.parties.models import Party
from klantbeeld.parties.validation import normalize_phone
from klantbeeld.privacy.accessors import Accessor

DEFAULT_CALLBACK_HOURS: dict[str, list[list[str]]] = {
    "ma": [["09:00", "17:00"]],
    "di": [["09:00", "17:00"]],
    "wo": [["09:00", "17:00"]],
    "do": [["09:00", "17:00"], ["18:00", "20:00"]],  # evening (TEL-05)
    "vr": [["09:00", "17:00"]],
}
CALLBACK_SUBJECT = "Terugbelverzoek"


class SlotUnavailable(ApplicationError):
    code = "slot_unavailable"
    status = 409


@dataclass(frozen=True)
class CallbackSlot:
    start: datetime
    end: datetime
    capacity: int
    booked: int

    @property
    def is_available(self) -> bool:
        return self.booked < self.capacity


def callback_hours(account: ChannelAccount) -> Hours:
    settings = account.settings or {}
    return hours_of(
        {
            "opening_hours": settings.get("callback_hours"),
            "slot_minutes": settings.get("callback_slot_minutes", 30),
            "capacity": settings.get("callback_capacity", 2),
            "book_days_ahead": settings.get("callback_days_ahead", 5),
            "closed_days": settings.get("closed_days", []),
        },
        default_hours=DEFAULT_CALLBACK_HOURS,
    )


def callback_slots(*, account: ChannelAccount, now: datetime | None = None) -> list[CallbackSlot]:
    """The callback slots still to come, with how many are booked (full ones included, so a
    page can show them as full)."""
    now = now or clock.now()
    hours = callback_hours(account)
    first = timezone.localdate(now)
    times = [
        (start, end)
        for offset in range(hours.days_ahead)
        for start, end in slot_times(hours, first + timedelta(days=offset))
        if start > now
    ]
    if not times:
        return []
    booked = _booked_starts(account, times[0][0], times[-1][1])
    return [
        CallbackSlot(start, end, hours.capacity, sum(start <= at < end for at in booked))
        for start, end in times
    ]


def _booked_starts(account: ChannelAccount, start: datetime, end: datetime) -> list[datetime]:
    return list(
        CallbackRequest.objects.filter(
            account=account,
            status=CallbackStatus.PLANNED,
            slot_start__gte=start,
            slot_start__lt=end,
        ).values_list("slot_start", flat=True)
    )


@dataclass(frozen=True)
class CallbackInput:
    phone_number: str
    slot_start: datetime
    reason: str = ""
    party: Party | None = None
    call: Call | None = None
    # The IVR's request waits in the queue; when its slot filled meanwhile, take the next one.
    take_next_free: bool = False


@transaction.atomic
def callback_request_book(
    *, accessor: Accessor, account: ChannelAccount, request: CallbackInput, actor: Actor
) -> CallbackRequest:
    """Book a callback in the chosen slot and put it in the customer's timeline (TEL-02)."""
    if account.provider_id != accessor.provider_id or account.channel != Channel.PHONE:
        raise NotAccessible("Dit telefoonaccount is niet gevonden.")
    # One booking at a time per account: the count below cannot be overtaken.
    ChannelAccount.objects.select_for_update().filter(pk=account.pk).first()
    slot = _slot_chosen(account, request)
    number = normalize_phone(request.phone_number)
    callback = CallbackRequest(
        provider_id=account.provider_id,
        account=account,
        call=request.call,
        party=request.party,
        phone_number=number,
        reason=request.reason.strip()[:200],
        slot_start=slot.start,
        slot_end=slot.end,
        is_moved=slot.start != request.slot_start,
    )
    callback.full_clean()
    contact = _callback_contact(accessor, account, callback, actor)
    callback.contact_moment = contact
    callback.task = contact.internal_tasks.first() if request.party is not None else None
    callback.save()
    return callback


def _slot_chosen(account: ChannelAccount, request: CallbackInput) -> CallbackSlot:
    now = clock.now()
    if request.slot_start <= now and not request.take_next_free:
        raise SlotUnavailable("Dit tijdvak is al voorbij. Kies een later tijdvak.")
    slots = callback_slots(account=account, now=now)
    chosen = next((slot for slot in slots if slot.start == request.slot_start), None)
    if chosen is not None and chosen.is_available:
        return chosen
    if request.take_next_free:
        later = (s for s in slots if s.is_available and s.end > request.slot_start)
        found = next(later, None)
        if found is not None:
            return found
        raise SlotUnavailable("Er is geen tijdvak meer vrij om terug te bellen.")
    if chosen is None:
        raise SlotUnavailable("In dit tijdvak bellen wij niet terug. Kies een ander tijdvak.")
    raise SlotUnavailable("Dit tijdvak is vol. Kies een ander tijdvak.")


def _callback_contact(
    accessor: Accessor, account: ChannelAccount, callback: CallbackRequest, actor: Actor
) -> ContactMoment:
    when = f"{timezone.localtime(callback.slot_start):%d-%m-%Y %H:%M}–{timezone.localtime(callback.slot_end):%H:%M}"
    text = f"Terugbellen op {callback.phone_number} tussen {when}."
    if callback.reason:
        text += f" Onderwerp: {callback.reason}"
    now = clock.now()
    if callback.party is not None:
        return contact_moment_register(
            accessor=accessor,
            party=callback.party,
            moment=ContactMomentInput(
                channel=Channel.PHONE,
                direction=Direction.INBOUND,
                subject=CALLBACK_SUBJECT,
                summary=text,
                occurred_at=now,
                outcome=Outcome.CALLBACK,
            ),
            actor=actor,
            agreements=[
                AgreementInput(
                    requested_action=f"Terugbellen tussen {when}",
                    assigned_to=_callback_team(account) or actor,
                    due_at=callback.slot_end,
                    kind=TaskKind.CALLBACK,
                    explanation=callback.reason,
                )
            ],
        )
    conversation = callback.call.conversation if callback.call is not None else None
    return channel_message_register(
        accessor=accessor,
        party=None,
        message=ChannelMessageInput(
            channel=Channel.PHONE,
            direction=Direction.INBOUND,
            subject=CALLBACK_SUBJECT,
            content=text,
            occurred_at=now,
            metadata={"callback": str(callback.uuid)},
        ),
        actor=actor,
        conversation=conversation,
    )


def _callback_team(account: ChannelAccount) -> Actor | None:
    """The team that calls back: ``settings["callback_team"]`` names its actor code."""
    identifier = (account.settings or {}).get("callback_team")
    if not identifier:
        return None
    return Actor.objects.filter(
        provider_id=account.provider_id, identifier=identifier, is_active=True
    ).first()


@transaction.atomic
def callback_request_complete(
    *, accessor: Accessor, callback: CallbackRequest, is_reached: bool
) -> CallbackRequest:
    """The employee called back: reached (the agreement is done) or not reached (it stays open
    for another try, and the request says so)."""
    if callback.provider_id != accessor.provider_id:
        raise NotAccessible("Dit terugbelverzoek is niet gevonden.")
    if callback.status != CallbackStatus.PLANNED:
        raise ApplicationError("Dit terugbelverzoek is al afgehandeld.")
    callback.status = CallbackStatus.DONE if is_reached else CallbackStatus.NOT_REACHED
    callback.save(update_fields=["status", "updated_at"])
    if is_reached and callback.task is not None:
        internal_task_complete(accessor=accessor, task=callback.task, at=clock.now())
    return callback


def callback_list_due(*, provider_id: int, until: datetime) -> QuerySet[CallbackRequest]:
    """Planned callbacks whose slot starts before ``until``, earliest first: the work list."""
    return (
        CallbackRequest.objects.filter(
            provider_id=provider_id, status=CallbackStatus.PLANNED, slot_start__lt=until
        )
        .select_related("party", "task", "call")
        .order_by("slot_start")
    )
