"""Vocabularies of outbound events. Values are the Notificaties API strings (kanaal, actie)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kanaal(models.TextChoices):
    """The channels a subscriber can follow; one per VNG Klantinteracties resource we publish."""

    PARTIJEN = "partijen", _("Partijen")
    KLANTCONTACTEN = "klantcontacten", _("Klantcontacten")
    INTERNETAKEN = "internetaken", _("Interne taken")


class Action(models.TextChoices):
    """The Notificaties API ``actie``."""

    CREATE = "create", _("Aangemaakt")
    UPDATE = "update", _("Gewijzigd")
    DESTROY = "destroy", _("Verwijderd")


class PayloadFormat(models.TextChoices):
    NOTIFICATIES = "notificaties", _("Notificaties API (JSON)")
    CLOUDEVENTS = "cloudevents", _("CloudEvents 1.0 (NL GOV-profiel)")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op aflevering")
    DELIVERED = "delivered", _("Afgeleverd")
    FAILED = "failed", _("Mislukt, volgt opnieuw")
    DEAD = "dead", _("Opgegeven")
