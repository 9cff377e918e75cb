"""The counter: appointment slots, appointments and visits (issue 5; BAL-01..BAL-04, CH-06).

A counter location is a :class:`ChannelAccount` of channel ``balie``: its ``address`` is the
location's code and its ``settings`` hold the opening hours, slot length and desks (see
``channels/counter/slots.py``). Slots are rows so that booking can lock one and count; anyone
can book without logging in (BAL-02) and cancels with the confirmation code. A visit is
registered when someone arrives (appointment or walk-in) and becomes a contact moment with
what was agreed when the employee completes it (CH-09).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from klantbeeld.channels.models.inbound import ChannelAccount
from klantbeeld.contacts.models import Actor, ContactMoment
from klantbeeld.core.models import Provider, TimeStampedModel, Topic
from klantbeeld.parties.models import Party


class AppointmentSlot(TimeStampedModel):
    """A period at one location in which ``capacity`` customers can be helped at once."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(ChannelAccount, on_delete=models.CASCADE, related_name="+")
    start = models.DateTimeField(_("begin"))
    end = models.DateTimeField(_("einde"))
    capacity = models.PositiveSmallIntegerField(_("aantal plaatsen"), default=1)

    class Meta:
        verbose_name = _("afspraaktijd")
        verbose_name_plural = _("afspraaktijden")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["location", "start"], name="slot_unique_start")
        ]

    def __str__(self) -> str:
        return f"{self.start:%d-%m-%Y %H:%M}"


class AppointmentStatus(models.TextChoices):
    BOOKED = "geboekt", _("Geboekt")
    CANCELLED = "geannuleerd", _("Geannuleerd")
    ARRIVED = "aangemeld", _("Aangemeld aan de balie")
    NO_SHOW = "niet_verschenen", _("Niet verschenen")


class Appointment(TimeStampedModel):
    """A booked appointment; the booker needs no account or DigiD, only a way to reach them."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    slot = models.ForeignKey(AppointmentSlot, on_delete=models.PROTECT, related_name="appointments")
    topic = models.ForeignKey(Topic, on_delete=models.SET_NULL, null=True, blank=True)
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    remarks = models.TextField(_("toelichting"), max_length=1000, blank=True)
    # What the booker types to cancel: a short code, unique within the organisation.
    code = models.CharField(_("afspraakcode"), max_length=12)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.BOOKED,
    )
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)
    # Known once an employee links the visitor to a customer.
    party = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("afspraak aan de balie")
        verbose_name_plural = _("afspraken aan de balie")
        constraints = [
            models.UniqueConstraint(fields=["provider", "code"], name="appointment_unique_code")
        ]

    def __str__(self) -> str:
        return f"Afspraak {self.code}"


class VisitStatus(models.TextChoices):
    WAITING = "wachtend", _("Wacht")
    CALLED = "opgeroepen", _("Opgeroepen")
    COMPLETED = "afgerond", _("Afgerond")
    LEFT = "vertrokken", _("Vertrokken zonder gesprek")


class Visit(TimeStampedModel):
    """Someone at the counter: with an appointment or walked in, waiting, called, helped."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(ChannelAccount, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("dag"))
    # What the screen in the waiting room calls: A012 (appointment) or B007 (walk-in).
    ticket_number = models.CharField(_("volgnummer"), max_length=10)
    appointment = models.OneToOneField(
        Appointment, on_delete=models.SET_NULL, null=True, blank=True, related_name="visit"
    )
    name = models.CharField(_("naam"), max_length=200, blank=True)
    topic = models.ForeignKey(Topic, on_delete=models.SET_NULL, null=True, blank=True)
    party = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.WAITING
    )
    waiting_since = models.DateTimeField(_("wacht sinds"))
    called_at = models.DateTimeField(_("opgeroepen om"), null=True, blank=True)
    called_by = models.ForeignKey(
        Actor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    desk = models.CharField(_("balie"), max_length=30, blank=True)
    completed_at = models.DateTimeField(_("afgerond om"), null=True, blank=True)
    contact_moment = models.ForeignKey(
        ContactMoment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("baliebezoek")
        verbose_name_plural = _("baliebezoeken")
        ordering = ["waiting_since"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "day", "ticket_number"], name="visit_unique_ticket"
            )
        ]
        indexes = [models.Index(fields=["location", "day", "status"], name="visit_queue")]

    def __str__(self) -> str:
        return self.ticket_number
