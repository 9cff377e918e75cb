"""Vocabularies shared by every domain app: channels and directions of contact (CH-01)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Every channel the research names (CH-01). Values are the VNG ``kanaal`` strings."""

    COUNTER = "balie", _("Balie")
    PHONE = "telefoon", _("Telefoon")
    LETTER = "brief", _("Brief")
    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", _("WhatsApp")
    WEB_CHAT = "webchat", _("Webchat")
    ASSISTANT = "digitale_assistent", _("Digitale assistent")
    PORTAL = "mijn_omgeving", _("Mijn-omgeving")
    VIDEO = "videobellen", _("Videobellen")
    SOCIAL = "social_media", _("Social media")
    # Another system's channel that is none of the above; the name it gave is kept verbatim.
    OTHER = "overig", _("Overig")


# The channels an employee registers a contact in: "overig" only comes from other systems.
EMPLOYEE_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.OTHER]


class Direction(models.TextChoices):
    INBOUND = "inkomend", _("Inkomend")
    OUTBOUND = "uitgaand", _("Uitgaand")


class ProviderKind(models.TextChoices):
    """The kinds of public organisation in the research (TAXONOMY.md)."""

    MUNICIPALITY = "gemeente", _("Gemeente")
    WATER = "waterbedrijf", _("Waterbedrijf")
    TRANSPORT = "vervoerder", _("Openbaarvervoerbedrijf")
    AGENCY = "uitvoeringsorganisatie", _("Uitvoeringsorganisatie")
    INSURER = "verzekeraar", _("Verzekeraar")
    PENSION = "pensioenfonds", _("Pensioenfonds")
