"""Vocabularies of contacts, cases and agreements. VNG values where the standard has them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActorKind(models.TextChoices):
    EMPLOYEE = "medewerker", _("Medewerker")
    AUTOMATED = "geautomatiseerde_actor", _("Geautomatiseerde actor")
    TEAM = "organisatorische_eenheid", _("Team")


class ParticipantRole(models.TextChoices):
    CUSTOMER = "klant", _("Klant")
    REPRESENTATIVE = "vertegenwoordiger", _("Vertegenwoordiger")


class Outcome(models.TextChoices):
    ANSWERED = "beantwoord", _("Vraag beantwoord")
    IN_PROGRESS = "in_behandeling", _("In behandeling genomen")
    TRANSFERRED = "doorverbonden", _("Doorverbonden / overgedragen")
    CALLBACK = "terugbelafspraak", _("Terugbelafspraak gemaakt")
    APPOINTMENT = "afspraak", _("Afspraak gemaakt")
    NOT_REACHED = "niet_bereikt", _("Klant niet bereikt")
    INFORMED = "geinformeerd", _("Klant geïnformeerd")


class Sentiment(models.TextChoices):
    """CV-08: how the customer felt, so the next colleague can respond to it."""

    POSITIVE = "positief", _("Positief")
    NEUTRAL = "neutraal", _("Neutraal")
    WORRIED = "bezorgd", _("Bezorgd")
    ANGRY = "boos", _("Boos of gefrustreerd")
    SAD = "verdrietig", _("Verdrietig")


class ConversationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "afgesloten", _("Afgesloten")


class CaseStatus(models.TextChoices):
    RECEIVED = "ontvangen", _("Ontvangen")
    IN_PROGRESS = "in_behandeling", _("In behandeling")
    WAITING_FOR_CUSTOMER = "wacht_op_klant", _("Wacht op informatie van klant")
    DECIDED = "besluit_genomen", _("Besluit genomen")
    CLOSED = "afgerond", _("Afgerond")


OPEN_CASE_STATUSES = (
    CaseStatus.RECEIVED,
    CaseStatus.IN_PROGRESS,
    CaseStatus.WAITING_FOR_CUSTOMER,
    CaseStatus.DECIDED,
)


class Handling(models.TextChoices):
    """SIG-*: a case handled 'on the assembly line' or personally, by one named owner (CV-16)."""

    STANDARD = "standaard", _("Standaard")
    PERSONAL = "persoonlijk", _("Persoonlijk, met vaste contactpersoon")


class TaskKind(models.TextChoices):
    CALLBACK = "terugbellen", _("Terugbellen")
    SEND_INFORMATION = "informatie_sturen", _("Informatie sturen")
    DECIDE = "beslissen", _("Beslissen of uitzoeken")
    OTHER = "overig", _("Overig")


class TaskStatus(models.TextChoices):
    TO_DO = "te_verwerken", _("Open")
    DONE = "verwerkt", _("Afgehandeld")
