"""The tenant (Provider), its topic catalogue, and the employee account.

Every row in the domain belongs to exactly one Provider (DESIGN.md, Scale): a shared service
centre can host several organisations whose data never meet. A citizen known to two
organisations is two parties.
"""

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from klantbeeld.core.constants import ProviderKind


class TimeStampedModel(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Provider(TimeStampedModel):
    """A public organisation that serves customers (dienstverlener)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=30, choices=ProviderKind.choices)
    phone_number = models.CharField(
        _("telefoonnummer"), max_length=20, blank=True, help_text=_("Altijd zichtbaar (AR-15).")
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Topic(TimeStampedModel):
    """A question topic of one provider; ids fixed per TAXONOMY.md."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="topics")
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("naam"), max_length=120)

    class Meta:
        verbose_name = _("onderwerp")
        verbose_name_plural = _("onderwerpen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "code"], name="topic_unique_code_per_provider"
            )
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """An employee login. Belongs to one provider; platform administrators to none."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )

    class Meta:
        verbose_name = _("medewerkeraccount")
        verbose_name_plural = _("medewerkeraccounts")


class NumberSequence(models.Model):
    """A per-organisation counter for human-readable numbers (party, contact, case)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=40)
    last_value = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="sequence_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.last_value}"
