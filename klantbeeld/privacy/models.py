"""Processing register and processing log (PRIV-01, PRIV-02, PRIV-05; AVG art. 30).

The log follows the Logboek Dataverwerkingen idea: per processing operation on a data subject,
the trace id, the processing activity, the data subject, the actor, the operation and the time.
It refers to the data subject by public UUID rather than a foreign key, so it outlives the
erasure of the person it describes for its own retention period.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from klantbeeld.core.constants import Channel
from klantbeeld.core.models import Provider, TimeStampedModel
from klantbeeld.privacy.constants import (
    SCOPE_ALL_CUSTOMERS,
    SCOPE_ALL_CUSTOMERS_LABEL,
    AccessorKind,
    Activity,
    ConsentDecision,
    DataCategory,
    LegalBasis,
    Operation,
)


class ProcessingActivity(TimeStampedModel):
    """One entry of an organisation's processing register (verwerkingsregister)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="activities")
    code = models.CharField(_("code"), max_length=50, choices=Activity.choices)
    name = models.CharField(_("naam"), max_length=200)
    purpose = models.TextField(_("doel"))
    legal_basis = models.CharField(_("grondslag"), max_length=30, choices=LegalBasis.choices)
    data_categories = models.TextField(_("categorieën persoonsgegevens"))
    retention_days = models.PositiveIntegerField(_("bewaartermijn (dagen)"))

    class Meta:
        verbose_name = _("verwerkingsactiviteit")
        verbose_name_plural = _("verwerkingsregister")
        ordering = ["provider", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "code"], name="activity_unique_per_provider"
            )
        ]
        permissions = [
            *((code, label) for code, label in Activity.choices),
            (SCOPE_ALL_CUSTOMERS, SCOPE_ALL_CUSTOMERS_LABEL),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.provider})"


class ProcessingLog(models.Model):
    """One processing operation on one data subject. Append-only: never updated."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(ProcessingActivity, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(_("tijdstip"), db_index=True)
    trace_id = models.CharField(_("trace id"), max_length=32)
    data_subject = models.UUIDField(_("betrokkene"), null=True, blank=True)
    actor_kind = models.CharField(_("soort actor"), max_length=20, choices=AccessorKind.choices)
    actor_id = models.CharField(_("actor"), max_length=64)
    operation = models.CharField(_("handeling"), max_length=10, choices=Operation.choices)
    chain_position = models.BigIntegerField(null=True, blank=True, editable=False)
    previous_hash = models.CharField(max_length=64, blank=True, editable=False)
    record_hash = models.CharField(
        max_length=64, blank=True, editable=False, help_text=_("Leeg tot de regel is verzegeld.")
    )

    class Meta:
        verbose_name = _("logregel dataverwerking")
        verbose_name_plural = _("logboek dataverwerkingen")
        indexes = [
            models.Index(fields=["data_subject", "occurred_at"], name="log_subject_time"),
            models.Index(fields=["provider", "occurred_at"], name="log_provider_time"),
            models.Index(
                fields=["provider", "id"],
                name="log_unsealed",
                condition=models.Q(record_hash=""),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "chain_position"], name="log_chain_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.operation} {self.data_subject}"


class ProcessingLogChain(models.Model):
    """The head of one organisation's hash chain: the last sealed record and its digest."""

    provider = models.OneToOneField(Provider, on_delete=models.PROTECT, related_name="+")
    last_position = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
    first_position = models.BigIntegerField(
        default=1, help_text=_("Records before this position were removed by the log's retention.")
    )
    anchor_hash = models.CharField(
        max_length=64, help_text=_("The digest the first remaining record builds on.")
    )

    def __str__(self) -> str:
        return f"chain of provider {self.provider_id} at position {self.last_position}"


class ConsentRecord(models.Model):
    """One decision of a customer about one purpose and data category (PRIV-03).

    Append-only: the current state is the latest decision, and the rows are the history the
    customer and the privacy officer can read: given, withdrawn, when, through which channel,
    recorded by whom. The customer is referred to by UUID, like the processing log.
    """

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    data_subject = models.UUIDField(_("klant"))
    activity = models.ForeignKey(ProcessingActivity, on_delete=models.PROTECT, related_name="+")
    data_category = models.CharField(_("gegevens"), max_length=40, choices=DataCategory.choices)
    decision = models.CharField(_("besluit"), max_length=20, choices=ConsentDecision.choices)
    decided_at = models.DateTimeField(_("op"))
    valid_until = models.DateTimeField(_("geldig tot"), null=True, blank=True)
    channel = models.CharField(_("kanaal"), max_length=50, choices=Channel.choices)
    recorded_by_kind = models.CharField(max_length=20, choices=AccessorKind.choices)
    recorded_by_id = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        indexes = [
            models.Index(
                fields=["provider", "data_subject", "activity", "data_category", "decided_at"],
                name="consent_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} {self.activity_id}/{self.data_category}"


class EmergencyAccess(models.Model):
    """Break the glass: one employee, one customer outside the team's scope, a reason, a
    short time; reviewed afterwards by the privacy officer (PRIV-04)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    actor_id = models.CharField(_("medewerker"), max_length=64)
    data_subject = models.UUIDField(_("klant"))
    reason = models.TextField(_("reden"), max_length=1000)
    granted_at = models.DateTimeField(_("verleend op"))
    expires_at = models.DateTimeField(_("verloopt op"))
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    reviewed_by = models.CharField(_("beoordeeld door"), max_length=64, blank=True)
    review_note = models.TextField(_("oordeel"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("noodtoegang")
        verbose_name_plural = _("noodtoegangen")
        indexes = [
            models.Index(fields=["provider", "actor_id", "expires_at"], name="emergency_active")
        ]

    def __str__(self) -> str:
        return f"noodtoegang {self.actor_id} → {self.data_subject}"


class LegalHold(models.Model):
    """A reason the law gives to keep a customer's data, e.g. the tax retention duty: erasure
    is refused while a hold is active (AVG art. 17(3))."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    data_subject = models.UUIDField(_("klant"))
    reason = models.CharField(_("grond"), max_length=300)
    until = models.DateField(_("tot en met"))
    placed_at = models.DateTimeField(_("vastgelegd op"))
    placed_by = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("bewaarplicht")
        verbose_name_plural = _("bewaarplichten")
        indexes = [models.Index(fields=["provider", "data_subject"], name="hold_subject")]

    def __str__(self) -> str:
        return f"{self.reason} tot {self.until}"


class ProcessingRestriction(models.Model):
    """AVG art. 18: while it lasts, the customer's data is only kept, not used."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    data_subject = models.UUIDField(_("klant"))
    reason = models.CharField(_("reden"), max_length=300)
    since = models.DateTimeField(_("sinds"))
    lifted_at = models.DateTimeField(_("opgeheven op"), null=True, blank=True)
    recorded_by = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("beperking van de verwerking")
        verbose_name_plural = _("beperkingen van de verwerking")
        indexes = [
            models.Index(
                fields=["data_subject"],
                name="restriction_active",
                condition=models.Q(lifted_at=None),
            )
        ]

    def __str__(self) -> str:
        return f"beperking {self.data_subject}"
