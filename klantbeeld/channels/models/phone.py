"""Phone calls as the CTI platform reports them, and callback requests (issue 5; TEL-02..TEL-05).

A :class:`Call` is kept up to date from the CTI webhook's events (started, answered, ended)
and holds what the caller told the IVR, so the employee who answers sees it (TEL-04). A call
that drops keeps that context: the next call from the same number links to it through
``previous`` and the screen-pop shows both (TEL-03). A :class:`CallbackRequest` is the
customer's chosen time slot for us to call back instead of waiting (TEL-02).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from klantbeeld.channels.models.inbound import ChannelAccount, InboundMessage
from klantbeeld.contacts.models import Actor, ContactMoment, Conversation, InternalTask
from klantbeeld.core.models import Provider, TimeStampedModel
from klantbeeld.parties.models import Party


class Call(TimeStampedModel):
    """One phone call, as the CTI platform's events describe it."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(
        ChannelAccount, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The CTI platform's own id of the call.
    call_id = models.CharField(_("gesprek-id van de telefooncentrale"), max_length=100)
    # E.164; empty when the caller withheld the number.
    caller_number = models.CharField(_("nummer beller"), max_length=30, blank=True)
    called_number = models.CharField(_("gebeld nummer"), max_length=30, blank=True)
    started_at = models.DateTimeField(_("begonnen om"), null=True, blank=True)
    answered_at = models.DateTimeField(_("aangenomen om"), null=True, blank=True)
    ended_at = models.DateTimeField(_("beëindigd om"), null=True, blank=True)
    # [{"question": ..., "answer": ...}] in the order the caller answered (TEL-04).
    ivr_answers = models.JSONField(_("antwoorden in het keuzemenu"), default=list, blank=True)
    agent_identifier = models.CharField(_("code medewerker"), max_length=60, blank=True)
    agent = models.ForeignKey(
        Actor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_dropped = models.BooleanField(_("afgebroken"), default=False)
    # The dropped call this one continues (TEL-03); a chain of them is one story.
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="continuations"
    )
    party = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The employee's notes of the call in the timeline (a dropped call's record is the
    # contact moment of its call.ended event, through ended_message).
    contact_moment = models.ForeignKey(
        ContactMoment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The stored call.ended event; after processing it names a dropped call's conversation.
    ended_message = models.ForeignKey(
        InboundMessage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("telefoongesprek")
        verbose_name_plural = _("telefoongesprekken")
        constraints = [
            models.UniqueConstraint(fields=["provider", "call_id"], name="call_unique_cti_id")
        ]
        indexes = [
            models.Index(fields=["provider", "caller_number", "started_at"], name="call_caller"),
            models.Index(fields=["provider", "agent_identifier", "ended_at"], name="call_agent"),
        ]

    def __str__(self) -> str:
        return f"Gesprek {self.call_id}"

    @property
    def conversation(self) -> Conversation | None:
        """The conversation the call's record belongs to, once there is one."""
        if self.contact_moment is not None:
            return self.contact_moment.conversation
        if self.ended_message is not None:
            return self.ended_message.conversation
        return None


class CallbackStatus(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    DONE = "gebeld", _("Teruggebeld")
    NOT_REACHED = "niet_bereikt", _("Niet bereikt")
    CANCELLED = "geannuleerd", _("Geannuleerd")


class CallbackRequest(TimeStampedModel):
    """The customer asked us to call back in a chosen time slot instead of waiting (TEL-02)."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(
        ChannelAccount, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    call = models.ForeignKey(
        Call, on_delete=models.SET_NULL, null=True, blank=True, related_name="callbacks"
    )
    party = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    phone_number = models.CharField(_("terugbelnummer"), max_length=30)
    reason = models.CharField(_("waarover"), max_length=200, blank=True)
    slot_start = models.DateTimeField(_("terugbellen vanaf"))
    slot_end = models.DateTimeField(_("terugbellen uiterlijk"))
    status = models.CharField(
        _("status"), max_length=20, choices=CallbackStatus.choices, default=CallbackStatus.PLANNED
    )
    # The agreement in the customer's timeline (a known party); none for an unknown caller.
    task = models.ForeignKey(
        InternalTask, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contact_moment = models.ForeignKey(
        ContactMoment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The caller asked for a slot that was taken by the time the IVR's request was processed.
    is_moved = models.BooleanField(_("ander tijdvak dan gevraagd"), default=False)

    class Meta:
        verbose_name = _("terugbelverzoek")
        verbose_name_plural = _("terugbelverzoeken")
        indexes = [
            models.Index(fields=["provider", "status", "slot_start"], name="callback_due"),
        ]

    def __str__(self) -> str:
        return f"Terugbellen {self.slot_start:%d-%m-%Y %H:%M}"
