"""Vocabularies of the parties domain. Values are the VNG Klantinteracties strings where the
standard has them (soortPartij, soortDigitaalAdres, codeSoortObjectId)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartyKind(models.TextChoices):
    PERSON = "persoon", _("Persoon")
    ORGANISATION = "organisatie", _("Organisatie")
    CONTACT_PERSON = "contactpersoon", _("Contactpersoon")


class IdentifierKind(models.TextChoices):
    BSN = "bsn", _("BSN")
    KVK = "kvk_nummer", _("KvK-nummer")
    BRANCH = "vestigingsnummer", _("Vestigingsnummer")
    RSIN = "rsin", _("RSIN")
    CUSTOMER_NUMBER = "klantnummer", _("Klantnummer")


class ObjectType(models.TextChoices):
    NATURAL_PERSON = "natuurlijk_persoon", _("Natuurlijk persoon")
    NON_NATURAL_PERSON = "niet_natuurlijk_persoon", _("Niet-natuurlijk persoon")
    BRANCH = "vestiging", _("Vestiging")


class DigitalAddressKind(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "telefoonnummer", _("Telefoon")
    WHATSAPP = "whatsapp", _("WhatsApp")
    OTHER = "overig", _("Overig")


PHONE_KINDS = (DigitalAddressKind.PHONE, DigitalAddressKind.WHATSAPP)


class PostalAddressKind(models.TextChoices):
    VISIT = "bezoekadres", _("Woonadres / bezoekadres")
    CORRESPONDENCE = "correspondentieadres", _("Correspondentieadres")


class AnswerStyle(models.TextChoices):
    """TONE-03: short or extensive; 'geruststellend' for those who seek certainty (TONE-07)."""

    SHORT = "kort", _("Kort en zakelijk")
    EXTENSIVE = "uitgebreid", _("Uitgebreid, met uitleg")
    REASSURING = "geruststellend", _("Geruststellend")


class FormOfAddress(models.TextChoices):
    """TONE-01: 'u' or 'je', chosen by the customer."""

    FORMAL = "u", _("u")
    INFORMAL = "je", _("je")


NETHERLANDS = "NL"  # ISO 3166-1 alpha-2, as the VNG address field "land" takes it
