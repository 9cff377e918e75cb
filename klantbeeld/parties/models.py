"""Parties (customers), their identifiers, addresses and preferences (CV-01, CV-03, CV-10).

Shaped after the VNG Klantinteracties Partij, Partij-identificator and Digitaal adres, which the
API maps onto these tables without a second set (DESIGN.md). Preferences are Klantbeeld's own
extension: the channel, answer style and form of address the customer chose (TONE-01, TONE-03).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from klantbeeld.core.constants import Channel
from klantbeeld.core.models import Provider, TimeStampedModel
from klantbeeld.parties.constants import (
    NETHERLANDS,
    AnswerStyle,
    DigitalAddressKind,
    FormOfAddress,
    IdentifierKind,
    ObjectType,
    PartyKind,
    PostalAddressKind,
)


class Party(TimeStampedModel):
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="parties")
    number = models.CharField(_("klantnummer (partijnummer)"), max_length=10)
    kind = models.CharField(_("soort"), max_length=20, choices=PartyKind.choices)
    initials = models.CharField(_("voorletters"), max_length=10, blank=True)
    given_names = models.CharField(_("voornamen"), max_length=200, blank=True)
    surname_prefix = models.CharField(_("tussenvoegsel"), max_length=10, blank=True)
    surname = models.CharField(_("achternaam"), max_length=200, blank=True)
    organisation_name = models.CharField(_("naam organisatie"), max_length=200, blank=True)
    works_for = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_persons",
        verbose_name=_("werkt voor"),
    )
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    preferred_language = models.CharField(_("voorkeurstaal"), max_length=3, default="nld")
    is_secret = models.BooleanField(
        _("geheimhouding"), default=False, help_text=_("Gegevens niet verstrekken aan derden.")
    )
    is_active = models.BooleanField(_("actief"), default=True)
    internal_note = models.TextField(_("interne notitie"), max_length=1000, blank=True)
    surname_key = models.CharField(max_length=200, editable=False)
    name_key = models.CharField(max_length=400, editable=False)

    class Meta:
        verbose_name = _("klant")
        verbose_name_plural = _("klanten")
        constraints = [
            models.UniqueConstraint(fields=["provider", "number"], name="party_unique_number")
        ]
        indexes = [models.Index(fields=["provider", "surname_key"], name="party_surname_search")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == PartyKind.ORGANISATION:
            return self.organisation_name
        first = self.given_names or self.initials
        return " ".join(part for part in (first, self.surname_prefix, self.surname) if part)


class PartyIdentifier(TimeStampedModel):
    """BSN, KvK number, or the customer number of the party in one source system (CV-14)."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(_("soort"), max_length=20, choices=IdentifierKind.choices)
    object_type = models.CharField(
        _("objecttype"), max_length=30, choices=ObjectType.choices, blank=True
    )
    register = models.CharField(
        _("register"), max_length=50, help_text=_("brp, hr, of de naam van het bronsysteem")
    )
    value = models.CharField(_("nummer"), max_length=200)

    class Meta:
        verbose_name = _("identificatie")
        verbose_name_plural = _("identificaties")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "kind", "register", "value"], name="identifier_unique"
            )
        ]
        indexes = [models.Index(fields=["provider", "value"], name="identifier_lookup")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"


class DigitalAddress(TimeStampedModel):
    """E-mail, phone or WhatsApp number; verified when the customer proved to own it (CV-03)."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="digital_addresses")
    kind = models.CharField(_("soort"), max_length=20, choices=DigitalAddressKind.choices)
    value = models.CharField(_("adres"), max_length=254)
    is_default = models.BooleanField(_("standaardadres"), default=False)
    description = models.CharField(_("omschrijving"), max_length=40, blank=True)
    verified_at = models.DateTimeField(_("geverifieerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("digitaal adres")
        verbose_name_plural = _("digitale adressen")
        indexes = [models.Index(fields=["provider", "value"], name="digital_address_lookup")]

    def __str__(self) -> str:
        return self.value

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class PostalAddress(TimeStampedModel):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="postal_addresses")
    kind = models.CharField(_("soort"), max_length=30, choices=PostalAddressKind.choices)
    bag_id = models.CharField(_("BAG nummeraanduiding"), max_length=16, blank=True)
    street = models.CharField(_("straat"), max_length=255, blank=True)
    house_number = models.PositiveIntegerField(_("huisnummer"), null=True, blank=True)
    house_number_suffix = models.CharField(_("toevoeging"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("plaats"), max_length=255, blank=True)
    address_line_1 = models.CharField(_("adresregel 1"), max_length=80, blank=True)
    address_line_2 = models.CharField(_("adresregel 2"), max_length=80, blank=True)
    address_line_3 = models.CharField(_("adresregel 3"), max_length=80, blank=True)
    country_code = models.CharField(_("land (ISO 3166)"), max_length=2, default=NETHERLANDS)

    class Meta:
        verbose_name = _("postadres")
        verbose_name_plural = _("postadressen")
        constraints = [
            models.UniqueConstraint(fields=["party", "kind"], name="postal_address_one_per_kind")
        ]
        indexes = [models.Index(fields=["postcode", "house_number"], name="postal_address_lookup")]

    def __str__(self) -> str:
        number = f"{self.house_number or ''}{self.house_number_suffix}"
        return f"{self.street} {number}, {self.postcode} {self.city}".strip(" ,")


class Preference(TimeStampedModel):
    """How this customer wants to be served (CV-10, TONE-01, TONE-03, INC-01, SC-28)."""

    party = models.OneToOneField(Party, on_delete=models.CASCADE, related_name="preference")
    preferred_channel = models.CharField(
        _("voorkeurskanaal"), max_length=30, choices=Channel.choices, blank=True
    )
    answer_style = models.CharField(
        _("antwoordstijl"), max_length=20, choices=AnswerStyle.choices, default=AnswerStyle.SHORT
    )
    form_of_address = models.CharField(
        _("aanspreekvorm"),
        max_length=2,
        choices=FormOfAddress.choices,
        default=FormOfAddress.FORMAL,
    )
    needs_digital_help = models.BooleanField(_("hulp nodig bij digitale zaken"), default=False)
    accessibility_needs = models.CharField(
        _("toegankelijkheid"), max_length=200, blank=True, help_text=_("Bijv. grote letters, tolk.")
    )
    quiet_hours_start = models.TimeField(_("niet storen vanaf"), null=True, blank=True)
    quiet_hours_end = models.TimeField(_("niet storen tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("voorkeur")
        verbose_name_plural = _("voorkeuren")

    def __str__(self) -> str:
        return f"Voorkeuren van {self.party}"
