"""Vocabularies of the inbound and outbound path (issue 5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InboundKind(models.TextChoices):
    """A customer's message, or a channel's report about one of ours (WhatsApp statuses)."""

    MESSAGE = "bericht", _("Bericht van de klant")
    STATUS = "status", _("Statusmelding van het kanaal")
    EVENT = "gebeurtenis", _("Gebeurtenis (bijvoorbeeld een telefoongesprek)")


class InboundStatus(models.TextChoices):
    RECEIVED = "ontvangen", _("Ontvangen, wacht op verwerking")
    PROCESSED = "verwerkt", _("Verwerkt")
    QUARANTINED = "quarantaine", _("In quarantaine")


class QuarantineReason(models.TextChoices):
    """Why a message was kept aside rather than processed: never dropped (issue 5, item 2)."""

    BROKEN_MIME = "kapotte_mime", _("E-mail niet leesbaar (kapotte MIME)")
    BAD_SIGNATURE = "ongeldige_handtekening", _("Handtekening klopt niet")
    UNKNOWN_MEDIA = "onbekend_mediatype", _("Onbekend soort bestand of bericht")
    OVERSIZED = "te_groot", _("Bericht of bijlage te groot")
    MALFORMED = "onleesbaar", _("Bericht volgt het formaat van het kanaal niet")
    UNKNOWN_ACCOUNT = "onbekend_account", _("Bericht voor een onbekend kanaalaccount")
    PROCESSING_FAILED = "verwerking_mislukt", _("Verwerking mislukt")


class IdentityStatus(models.TextChoices):
    """How sure we are who sent a message (issue 5, item 3)."""

    AUTHENTICATED = "ingelogd", _("Ingelogd (DigiD / Mijn-omgeving)")
    VERIFIED_ADDRESS = "geverifieerd_adres", _("Geverifieerd adres")
    THREAD = "gesprek", _("Antwoord in een bekend gesprek")
    CONFIRMED = "bevestigd", _("Bevestigd door een medewerker")
    CANDIDATES = "kandidaten", _("Nog niet zeker: kandidaten voor de medewerker")
    UNKNOWN = "onbekend", _("Onbekende afzender")


class OutboundStatus(models.TextChoices):
    QUEUED = "in_wachtrij", _("Wacht op verzending")
    SENT = "verzonden", _("Verzonden")
    DELIVERED = "afgeleverd", _("Afgeleverd")
    READ = "gelezen", _("Gelezen")
    FAILED = "mislukt", _("Mislukt")
