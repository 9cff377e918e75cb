"""Vocabularies of the unified inbox (issue 5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkItemStatus(models.TextChoices):
    NEW = "nieuw", _("Nieuw")
    IN_PROGRESS = "in_behandeling", _("In behandeling")
    WAITING = "wacht_op_klant", _("Wacht op klant")
    DONE = "afgehandeld", _("Afgehandeld")
    ASSISTANT = "bij_assistent", _("Bij de digitale assistent")


# Open work for people: what the inbox lists and the SLA timers run on.
PEOPLE_STATUSES = (WorkItemStatus.NEW, WorkItemStatus.IN_PROGRESS, WorkItemStatus.WAITING)
# Open at all: one of these per conversation (an item with the assistant is open too, so a
# handover continues the same item and thread; issue 6).
OPEN_STATUSES = (*PEOPLE_STATUSES, WorkItemStatus.ASSISTANT)


class EventKind(models.TextChoices):
    ROUTED = "binnengekomen", _("Binnengekomen in de wachtrij")
    CUSTOMER_WROTE = "klant_reageerde", _("Klant reageerde")
    CLAIMED = "opgepakt", _("Opgepakt")
    ASSIGNED = "toegewezen", _("Toegewezen")
    RELEASED = "teruggelegd", _("Teruggelegd in de wachtrij")
    TRANSFERRED = "overgedragen", _("Warm overgedragen")
    NOTE = "notitie", _("Interne notitie")
    REPLIED = "beantwoord", _("Beantwoord")
    IDENTIFIED = "klant_bevestigd", _("Klant bevestigd")
    RESOLVED = "afgehandeld", _("Afgehandeld")
    ASSISTANT_ANSWERED = "assistent_antwoordde", _("De digitale assistent antwoordde")
    HANDED_OVER = "overgedragen_door_assistent", _("Overgedragen door de digitale assistent")


class SlaLevel(models.TextChoices):
    OK = "op_tijd", _("Op tijd")
    WARNING = "bijna", _("Bijna te laat")
    BREACHED = "te_laat", _("Te laat")
    MET = "gehaald", _("Gehaald")
