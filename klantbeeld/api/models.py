"""Client applications of the Klantinteracties API and their tokens (issue 4; PRIV-05).

A source system (a CRM, a case system, a portal) gets an application per organisation and one
or more tokens with the scopes it needs: ``lezen`` and/or ``schrijven``. Only a hash of each
token is stored; the token itself is shown once, when it is issued.
"""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _

from klantbeeld.core.models import Provider, TimeStampedModel


class Scope(models.TextChoices):
    READ = "lezen", _("Lezen")
    WRITE = "schrijven", _("Schrijven")


class Application(TimeStampedModel):
    """Another system that uses the API on behalf of one organisation."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("naam"), max_length=100)
    contact_email = models.EmailField(
        _("contact"), blank=True, help_text=_("Wie we bellen of mailen als er iets mis is.")
    )
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("API-koppeling")
        verbose_name_plural = _("API-koppelingen")
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="api_application_unique")
        ]

    def __str__(self) -> str:
        return self.name


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class Token(TimeStampedModel):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="tokens")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_hint = models.CharField(
        _("begint met"), max_length=8, editable=False, help_text=_("Om het token te herkennen.")
    )
    may_read = models.BooleanField(_("mag lezen"), default=True)
    may_write = models.BooleanField(_("mag schrijven"), default=False)
    expires_at = models.DateTimeField(_("verloopt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")

    def __str__(self) -> str:
        return f"{self.application} ({self.key_hint}…)"

    @property
    def scopes(self) -> list[str]:
        return [
            scope
            for scope, granted in ((Scope.READ, self.may_read), (Scope.WRITE, self.may_write))
            if granted
        ]
