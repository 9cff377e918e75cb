"""Parties (customers), their identifiers, addresses and preferences (CV-01, CV-03, CV-10).

Shaped after the VNG Klantinteracties Partij, Partij-identificator and Digitaal adres, which the
API maps onto these tables without a second set (DESIGN.md). Preferences are Klantbeeld's own
extension: the channel, answer style and form of address the customer chose (TONE-01, TONE-03).
"""

from django.conf import settings
from django.core.validators import MinLengthValidator, RegexValidator
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
    # Nullable as the VNG indicatieGeheimhouding is: null means "not stated", treated as not secret.
    is_secret = models.BooleanField(
        _("geheimhouding"),
        null=True,
        blank=True,
        default=False,
        help_text=_("Gegevens niet verstrekken aan derden."),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    internal_note = models.TextField(_("interne notitie"), max_length=1000, blank=True)
    preferred_digital_address = models.ForeignKey(
        "DigitalAddress",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voorkeurs digitaal adres"),
    )
    preferred_bank_account = models.ForeignKey(
        "BankAccount",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voorkeursrekeningnummer"),
    )
    surname_key = models.CharField(max_length=200, editable=False)
    name_key = models.CharField(max_length=400, editable=False)
    # Set by parties.merging: this party was a duplicate and lives on in ``merged_into``.
    # CASCADE, not PROTECT: erasing the survivor (AVG 17) must take its absorbed duplicate
    # with it; PROTECT would make that erasure fail, SET_NULL would resurrect the duplicate.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_parties",
        verbose_name=_("samengevoegd met"),
    )
    merged_at = models.DateTimeField(_("samengevoegd op"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("klant")
        verbose_name_plural = _("klanten")
        constraints = [
            models.UniqueConstraint(fields=["provider", "number"], name="party_unique_number"),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("id")), name="party_not_merged_into_self"
            ),
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
    """BSN, KvK number, or the customer number of the party in one source system (CV-14).

    A KvK number may exist without a party, as the parent of a branch number (VNG
    subIdentificatorVan); a party has at most one identifier per kind, customer numbers aside
    (one per source system)."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, null=True, blank=True, related_name="identifiers"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_identifiers",
        verbose_name=_("sub-identificator van"),
    )
    other_identifier = models.CharField(
        _("andere partij-identificator"), max_length=200, blank=True
    )
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
            ),
            models.UniqueConstraint(
                fields=["party", "kind"],
                condition=models.Q(party__isnull=False) & ~models.Q(kind="klantnummer"),
                name="identifier_one_per_kind_per_party",
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="identifier_not_own_parent"
            ),
        ]
        indexes = [models.Index(fields=["provider", "value"], name="identifier_lookup")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"


class DigitalAddress(TimeStampedModel):
    """E-mail, phone or WhatsApp number; verified when the customer proved to own it (CV-03)."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    # Null when a betrokkene gave the address in a contact without a known party (VNG).
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, null=True, blank=True, related_name="digital_addresses"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=DigitalAddressKind.choices)
    value = models.CharField(_("adres"), max_length=254)
    is_default = models.BooleanField(_("standaardadres"), default=False)
    description = models.CharField(_("omschrijving"), max_length=40, blank=True)
    reference = models.CharField(
        _("referentie"),
        max_length=50,
        blank=True,
        validators=[RegexValidator(r"^[-a-zA-Z0-9_]+$")],
        help_text=_("Een korte code voor systemen, bijvoorbeeld 'portaalvoorkeur'."),
    )
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


class AddressFields(models.Model):
    """The address group of the VNG standard (bezoekadres, correspondentieadres)."""

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
        abstract = True

    def __str__(self) -> str:
        number = f"{self.house_number or ''}{self.house_number_suffix}"
        return f"{self.street} {number}, {self.postcode} {self.city}".strip(" ,")


class PostalAddress(TimeStampedModel, AddressFields):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="postal_addresses")
    kind = models.CharField(_("soort"), max_length=30, choices=PostalAddressKind.choices)

    class Meta:
        verbose_name = _("postadres")
        verbose_name_plural = _("postadressen")
        constraints = [
            models.UniqueConstraint(fields=["party", "kind"], name="postal_address_one_per_kind")
        ]
        indexes = [models.Index(fields=["postcode", "house_number"], name="postal_address_lookup")]

    def __str__(self) -> str:
        return AddressFields.__str__(self)


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


class BankAccount(TimeStampedModel):
    """A bank account of a party (VNG Rekeningnummer), e.g. for refunds or direct debit."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, null=True, blank=True, related_name="bank_accounts"
    )
    iban = models.CharField(
        _("IBAN"),
        max_length=34,
        validators=[RegexValidator(r"^[A-Za-z]{2}[0-9]{2}[A-Za-z0-9]{1,30}$")],
    )
    bic = models.CharField(
        _("BIC"),
        max_length=11,
        blank=True,
        validators=[MinLengthValidator(8), RegexValidator(r"^[\S]+$")],
    )

    class Meta:
        verbose_name = _("rekeningnummer")
        verbose_name_plural = _("rekeningnummers")
        indexes = [models.Index(fields=["provider", "iban"], name="bank_account_lookup")]

    def __str__(self) -> str:
        return self.iban


class Representation(TimeStampedModel):
    """A standing relation: one party acts for another, e.g. a guardian or an administrator
    (VNG Vertegenwoordiging). Not the same as the representative's role in one contact."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    representative = models.ForeignKey(
        Party,
        on_delete=models.CASCADE,
        related_name="representations_given",
        verbose_name=_("vertegenwoordigende partij"),
    )
    represented = models.ForeignKey(
        Party,
        on_delete=models.CASCADE,
        related_name="representations_received",
        verbose_name=_("vertegenwoordigde partij"),
    )

    class Meta:
        verbose_name = _("vertegenwoordiging")
        verbose_name_plural = _("vertegenwoordigingen")
        constraints = [
            models.UniqueConstraint(
                fields=["representative", "represented"], name="representation_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(representative=models.F("represented")),
                name="representation_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.representative_id} → {self.represented_id}"


class Category(TimeStampedModel):
    """A category a party can belong to, e.g. 'ondernemer' (VNG Categorie, experimental)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("naam"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("categorie")
        verbose_name_plural = _("categorieën")

    def __str__(self) -> str:
        return self.name


class CategoryRelation(TimeStampedModel):
    """A party in a category for a period (VNG CategorieRelatie, experimental)."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, null=True, blank=True, related_name="category_relations"
    )
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="relations"
    )
    start_date = models.DateField(_("begindatum"), null=True, blank=True)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)

    class Meta:
        verbose_name = _("categorierelatie")
        verbose_name_plural = _("categorierelaties")

    def __str__(self) -> str:
        return f"{self.party_id} in {self.category_id}"


class PartyMerge(TimeStampedModel):
    """One duplicate absorbed by another party, and whether that was undone (parties.merging).

    ``merged_snapshot`` keeps the merged party's own fields (name, birth date …): the
    survivor's fields are never overwritten, so this is where the other values stay visible."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    survivor = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="+", verbose_name=_("klant die blijft")
    )
    merged = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="+", verbose_name=_("samengevoegde klant")
    )
    performed_by = models.CharField(_("uitgevoerd door"), max_length=64)
    performed_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reden"), max_length=1000)
    performed_at = models.DateTimeField(_("samengevoegd op"))
    merged_snapshot = models.JSONField(_("gegevens van de samengevoegde klant"), default=dict)
    undone_at = models.DateTimeField(_("ongedaan gemaakt op"), null=True, blank=True)
    undone_by = models.CharField(_("ongedaan gemaakt door"), max_length=64, blank=True)
    undone_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    undo_reason = models.TextField(_("reden van ongedaan maken"), max_length=1000, blank=True)
    undo_outcome = models.JSONField(_("resultaat van ongedaan maken"), default=dict, blank=True)

    class Meta:
        verbose_name = _("samenvoeging van klanten")
        verbose_name_plural = _("samenvoegingen van klanten")
        constraints = [
            models.UniqueConstraint(
                fields=["merged"],
                condition=models.Q(undone_at=None),
                name="party_merge_one_active_per_party",
            ),
            models.CheckConstraint(
                condition=~models.Q(survivor=models.F("merged")), name="party_merge_not_self"
            ),
        ]
        indexes = [models.Index(fields=["provider", "performed_at"], name="party_merge_recent")]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


class PartyMergeMove(models.Model):
    """One row that pointed to the merged party: moved to the survivor (and back on undo), or
    left where it was because the survivor already had its like (``is_moved`` false)."""

    merge = models.ForeignKey(PartyMerge, on_delete=models.CASCADE, related_name="moves")
    model_label = models.CharField(_("soort gegeven"), max_length=100)  # "contacts.participant"
    object_pk = models.CharField(_("id"), max_length=64)
    field_name = models.CharField(_("veld"), max_length=64)
    is_moved = models.BooleanField(_("verplaatst"), default=True)
    note = models.CharField(_("toelichting"), max_length=200, blank=True)
    # other values the move changed, put back by the undo (e.g. {"is_default": true})
    restore = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("verplaatst gegeven")
        verbose_name_plural = _("verplaatste gegevens")

    def __str__(self) -> str:
        return f"{self.model_label}#{self.object_pk}.{self.field_name}"
