"""Counter use cases: book and cancel an appointment, register a walk-in, call and complete a
visit (issue 5; BAL-01, BAL-02, BAL-04, CH-06, CH-09).

Booking needs no login (BAL-02): a name and an e-mail address or phone number to reach the
booker, and a confirmation code to cancel with. A full slot is refused under a lock, so two
people cannot take the last place. A walk-in is never refused: whoever is already waiting is
helped (BAL-02). Completing a visit writes it to the timeline as a contact moment with what
was agreed; agreements need a known customer.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from klantbeeld.channels.models import (
    Appointment,
    AppointmentSlot,
    AppointmentStatus,
    ChannelAccount,
    Visit,
    VisitStatus,
)
from klantbeeld.contacts.models import Actor, ContactMoment
from klantbeeld.contacts.services import (
    AgreementInput,
    ChannelMessageInput,
    ContactMomentInput,
    channel_message_register,
    contact_moment_register,
)
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.core.errors import ApplicationError, NotAccessible
from klantbeeld.core.models import Topic
from klantbeeld.parties.models import Party
from klantbeeld.parties.validation import normalize_phone
from klantbeeld.privacy.accessors import Accessor

# No 0/O, 1/I/L: a code read aloud at the counter or over the phone is not misheard.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
APPOINTMENT_PREFIX = "A"
WALK_IN_PREFIX = "B"


class SlotFull(ApplicationError):
    code = "slot_full"
    status = 409


@dataclass(frozen=True)
class BookingInput:
    name: str
    email: str = ""
    phone: str = ""
    topic: Topic | None = None
    remarks: str = ""


def confirmation_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def appointment_book(*, slot: AppointmentSlot, booking: BookingInput) -> Appointment:
    """Take a place in ``slot`` for someone who need not log in (BAL-02)."""
    locked = AppointmentSlot.objects.select_for_update().get(pk=slot.pk)
    if locked.start <= clock.now():
        raise SlotFull("Deze tijd is al voorbij. Kies een andere tijd.")
    taken = locked.appointments.exclude(status=AppointmentStatus.CANCELLED).count()
    if taken >= locked.capacity:
        raise SlotFull("Deze tijd is inmiddels vol. Kies een andere tijd.")
    if not booking.email.strip() and not booking.phone.strip():
        raise ValidationError({"email": "Vul een e-mailadres of een telefoonnummer in."})
    if booking.topic is not None and booking.topic.provider_id != locked.provider_id:
        raise ValidationError({"topic": "Kies een onderwerp uit de lijst."})
    appointment = Appointment(
        provider_id=locked.provider_id,
        slot=locked,
        topic=booking.topic,
        name=booking.name.strip(),
        email=booking.email.strip(),
        phone=normalize_phone(booking.phone) if booking.phone.strip() else "",
        remarks=booking.remarks.strip(),
    )
    for _attempt in range(5):
        appointment.code = confirmation_code()
        appointment.full_clean()
        try:
            with transaction.atomic():
                appointment.save()
            return appointment
        except IntegrityError:
            continue  # the same code twice in one organisation: draw again
    raise ApplicationError("De afspraak kon niet worden gemaakt. Probeer het opnieuw.")


@transaction.atomic
def appointment_cancel(*, provider_id: int, code: str) -> Appointment:
    """Cancel with the confirmation code; a wrong code changes nothing and says so."""
    normalized = code.strip().upper().replace(" ", "").replace("-", "")
    appointment = (
        Appointment.objects.select_for_update()
        .filter(provider_id=provider_id, code=normalized, status=AppointmentStatus.BOOKED)
        .select_related("slot")
        .first()
    )
    if appointment is None or not secrets.compare_digest(appointment.code, normalized):
        raise NotAccessible("Er is geen afspraak met deze code die nog geannuleerd kan worden.")
    if appointment.slot.start <= clock.now():
        raise ApplicationError("Deze afspraak is al begonnen of voorbij.")
    appointment.status = AppointmentStatus.CANCELLED
    appointment.cancelled_at = clock.now()
    appointment.save(update_fields=["status", "cancelled_at", "updated_at"])
    return appointment


def _ticket_next(location: ChannelAccount, prefix: str) -> tuple[str, date]:
    """The next ticket of today at this location (A001, B001…): the location row is locked."""
    ChannelAccount.objects.select_for_update().filter(pk=location.pk).first()
    day = timezone.localdate(clock.now())
    count = Visit.objects.filter(
        location=location, day=day, ticket_number__startswith=prefix
    ).count()
    return f"{prefix}{count + 1:03d}", day


@transaction.atomic
def visit_register(
    *,
    location: ChannelAccount,
    appointment: Appointment | None = None,
    name: str = "",
    topic: Topic | None = None,
    party: Party | None = None,
) -> Visit:
    """Someone arrived: with an appointment (they report at the kiosk or desk) or walked in.
    Never refused for lack of room (BAL-02)."""
    if location.channel != Channel.COUNTER:
        raise NotAccessible("Deze balielocatie is niet gevonden.")
    if appointment is not None:
        if appointment.provider_id != location.provider_id:
            raise NotAccessible("Deze afspraak is niet gevonden.")
        if appointment.status != AppointmentStatus.BOOKED:
            raise ApplicationError("Deze afspraak is geannuleerd of al aangemeld.")
        appointment.status = AppointmentStatus.ARRIVED
        appointment.save(update_fields=["status", "updated_at"])
    ticket, day = _ticket_next(location, APPOINTMENT_PREFIX if appointment else WALK_IN_PREFIX)
    visit = Visit(
        provider_id=location.provider_id,
        location=location,
        day=day,
        ticket_number=ticket,
        appointment=appointment,
        name=(name or (appointment.name if appointment else "")).strip()[:200],
        topic=topic or (appointment.topic if appointment else None),
        party=party or (appointment.party if appointment else None),
        waiting_since=clock.now(),
    )
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def visit_call(*, accessor: Accessor, visit: Visit, actor: Actor, desk: str) -> Visit:
    """The employee calls the next visitor to their desk."""
    visit = _own_visit(accessor, visit)
    if visit.status != VisitStatus.WAITING:
        raise ApplicationError("Deze bezoeker is al opgeroepen of geholpen.")
    visit.status = VisitStatus.CALLED
    visit.called_at = clock.now()
    visit.called_by = actor
    visit.desk = desk.strip()[:30]
    visit.save(update_fields=["status", "called_at", "called_by", "desk", "updated_at"])
    return visit


@dataclass(frozen=True)
class VisitOutcome:
    subject: str
    summary: str
    party: Party | None = None
    topic: Topic | None = None
    agreements: Sequence[AgreementInput] = ()


@transaction.atomic
def visit_complete(
    *, accessor: Accessor, visit: Visit, outcome: VisitOutcome, actor: Actor
) -> ContactMoment:
    """The visit is over: it becomes a contact moment with what was agreed (CH-09, BAL-01)."""
    visit = _own_visit(accessor, visit)
    if visit.status == VisitStatus.COMPLETED:
        raise ApplicationError("Dit bezoek is al afgerond.")
    party = outcome.party or visit.party
    occurred_at = visit.called_at or visit.waiting_since
    if party is not None:
        contact = contact_moment_register(
            accessor=accessor,
            party=party,
            moment=ContactMomentInput(
                channel=Channel.COUNTER,
                direction=Direction.INBOUND,
                subject=outcome.subject,
                summary=outcome.summary,
                occurred_at=occurred_at,
                topic=outcome.topic or visit.topic,
            ),
            actor=actor,
            agreements=outcome.agreements,
        )
    elif outcome.agreements:
        raise ValidationError(
            {"party": "Een afspraak vastleggen kan alleen voor een bekende klant."}
        )
    else:
        contact = channel_message_register(
            accessor=accessor,
            party=None,
            message=ChannelMessageInput(
                channel=Channel.COUNTER,
                direction=Direction.INBOUND,
                subject=outcome.subject,
                content=outcome.summary,
                occurred_at=occurred_at,
                sender_name=visit.name,
                topic=outcome.topic or visit.topic,
                metadata={"visit": str(visit.uuid)},
            ),
            actor=actor,
        )
    visit.status = VisitStatus.COMPLETED
    visit.completed_at = clock.now()
    visit.contact_moment = contact
    visit.party = party
    visit.save(update_fields=["status", "completed_at", "contact_moment", "party", "updated_at"])
    return contact


@transaction.atomic
def visit_left(*, accessor: Accessor, visit: Visit) -> Visit:
    """The visitor left before being helped (called and not there); kept for the figures."""
    visit = _own_visit(accessor, visit)
    if visit.status == VisitStatus.COMPLETED:
        raise ApplicationError("Dit bezoek is al afgerond.")
    visit.status = VisitStatus.LEFT
    visit.save(update_fields=["status", "updated_at"])
    return visit


def _own_visit(accessor: Accessor, visit: Visit) -> Visit:
    locked = Visit.objects.select_for_update().filter(pk=visit.pk).first()
    if locked is None or locked.provider_id != accessor.provider_id:
        raise NotAccessible("Dit bezoek is niet gevonden.")
    return locked
