"""Outbound events: subscriptions, the outbox, and the delivery log (issue 4; CV-14, PRIV-13).

A :class:`Notification` is written in the same database transaction as the change it reports,
so an event exists exactly when its change was committed (transactional outbox). Each
notification gets one :class:`Delivery` per subscription that follows its kanaal, and every
HTTP attempt leaves a :class:`DeliveryAttempt`: together they are the delivery log.

``kanaal``/``kanalen``/``kenmerken`` keep their Notificaties API names: they are the standard's
vocabulary at the boundary, and ``kanaal`` must not be confused with a contact ``Channel``.
"""

from __future__ import annotations

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from klantbeeld.core import clock
from klantbeeld.core.models import Provider, TimeStampedModel
from klantbeeld.events.constants import Action, DeliveryStatus, Kanaal, PayloadFormat


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def validate_kanalen(value: object) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Kies minstens één kanaal."))
    unknown = [item for item in value if item not in Kanaal.values]
    if unknown:
        raise ValidationError(_("Onbekend kanaal: %(kanalen)s"), params={"kanalen": unknown})


class Subscription(TimeStampedModel):
    """A receiver of one organisation's events (abonnement): where, which kanalen, which shape."""

    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisatie")
    )
    name = models.CharField(_("naam"), max_length=200)
    callback_url = models.URLField(
        _("callback-URL"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Het adres dat de notificaties ontvangt (HTTP POST)."),
    )
    kanalen = models.JSONField(
        _("kanalen"), default=list, validators=[validate_kanalen], help_text=_("Welke kanalen.")
    )
    payload_format = models.CharField(
        _("formaat"),
        max_length=20,
        choices=PayloadFormat.choices,
        default=PayloadFormat.NOTIFICATIES,
    )
    # Kept in the clear because each body is signed with it; shown once, then masked (admin).
    secret = models.CharField(_("geheim"), max_length=100, default=new_secret, editable=False)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnementen")
        ordering = ["provider", "name"]
        indexes = [models.Index(fields=["provider", "is_active"], name="subscription_active")]

    def __str__(self) -> str:
        return self.name

    def follows(self, kanaal: str) -> bool:
        return kanaal in self.kanalen


class Notification(models.Model):
    """One change to publish, written with the change itself (the outbox row)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    kanaal = models.CharField(_("kanaal"), max_length=30, choices=Kanaal.choices)
    resource = models.CharField(_("resource"), max_length=30)
    resource_uuid = models.UUIDField(_("resource-uuid"))
    main_resource = models.CharField(_("hoofdobject"), max_length=30)
    main_uuid = models.UUIDField(_("hoofdobject-uuid"))
    action = models.CharField(_("actie"), max_length=10, choices=Action.choices)
    kenmerken = models.JSONField(_("kenmerken"), default=dict, blank=True)
    created_at = models.DateTimeField(_("aanmaakdatum"), default=clock.now, db_index=True)

    class Meta:
        verbose_name = _("notificatie")
        verbose_name_plural = _("notificaties")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kanaal} {self.action} {self.resource_uuid}"


class Delivery(models.Model):
    """One notification for one subscription. Its uuid is the ``Idempotency-Key`` of every
    attempt, so a receiver that sees a retry of something it already processed can ignore it."""

    uuid = models.UUIDField(_("idempotentiesleutel"), default=uuid.uuid4, unique=True)
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("abonnement"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(_("laatste HTTP-status"), null=True, blank=True)
    last_error = models.CharField(_("laatste fout"), max_length=500, blank=True)
    delivered_at = models.DateTimeField(_("afgeleverd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=clock.now)

    class Meta:
        verbose_name = _("aflevering")
        verbose_name_plural = _("afleveringen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "subscription"], name="delivery_once_per_subscription"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return str(self.uuid)


class DeliveryAttempt(models.Model):
    """One HTTP POST: when, how it ended, how long it took. Never the response body."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempts_log")
    number = models.PositiveIntegerField(_("poging"))
    attempted_at = models.DateTimeField(_("tijdstip"))
    status_code = models.PositiveIntegerField(_("HTTP-status"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duur (ms)"))
    error = models.CharField(_("fout"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("afleverpoging")
        verbose_name_plural = _("afleverpogingen")
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}"
