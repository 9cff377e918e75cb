"""The assistant's data: its settings per organisation, the versioned knowledge base, and the
state of each conversation it holds (issue 6).

The knowledge base is versioned as whole documents: an edit in the admin saves a new
:class:`KnowledgeVersion` and never changes an old one, so what the assistant answered on a
given day can always be traced back to the text it had (and a bad edit is undone by
publishing an earlier version again).
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from klantbeeld.contacts.models import Conversation
from klantbeeld.core.constants import Channel
from klantbeeld.core.models import Provider, TimeStampedModel


class ChannelPolicy(models.TextChoices):
    """How the organisation directs citizens (issue 6, item 3)."""

    OMNICHANNEL = "omnichannel", _("Omnichannel: de inwoner kiest")
    DIGITAL_UNLESS = "digitaal_tenzij", _("Digitaal, tenzij")


class SessionStatus(models.TextChoices):
    ACTIVE = "actief", _("Bij de assistent")
    HANDED_OVER = "overgedragen", _("Overgedragen aan een medewerker")


def default_channels() -> list[str]:
    return [Channel.WEB_CHAT.value, Channel.WHATSAPP.value]


def default_office_days() -> list[int]:
    return [0, 1, 2, 3, 4]


class AssistantSettings(TimeStampedModel):
    """The assistant of one organisation: on which channels it speaks first, the channel
    policy, and the office hours it tells citizens about at a handover."""

    provider = models.OneToOneField(
        Provider, on_delete=models.CASCADE, related_name="assistant_settings"
    )
    is_active = models.BooleanField(_("actief"), default=True)
    channel_policy = models.CharField(
        _("kanaalbeleid"),
        max_length=20,
        choices=ChannelPolicy.choices,
        default=ChannelPolicy.OMNICHANNEL,
        help_text=_(
            "Omnichannel: de inwoner kiest, en een complexe vraag gaat naar een medewerker. "
            "Digitaal, tenzij: digitaal, behalve bij complexiteit, gevoeligheid, spoed, behoefte "
            "aan zekerheid of een inwoner die hulp nodig heeft."
        ),
    )
    channels = models.JSONField(
        _("kanalen"),
        default=default_channels,
        help_text=_("De kanalen waarin de assistent als eerste antwoordt (webchat, whatsapp)."),
    )
    office_days = models.JSONField(
        _("werkdagen"), default=default_office_days, help_text=_("0 = maandag … 6 = zondag")
    )
    office_opens = models.TimeField(_("open vanaf"), default=time(8, 0))
    office_closes = models.TimeField(_("open tot"), default=time(17, 0))

    class Meta:
        verbose_name = _("instellingen digitale assistent")
        verbose_name_plural = _("instellingen digitale assistent")

    def __str__(self) -> str:
        return str(self.provider)


class KnowledgeVersion(models.Model):
    """One published version of an organisation's knowledge base (the whole document)."""

    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="knowledge_versions"
    )
    number = models.PositiveIntegerField(_("versie"))
    document = models.JSONField(_("kennisbank"))
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    created_at = models.DateTimeField(_("gepubliceerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("kennisbankversie")
        verbose_name_plural = _("kennisbankversies")
        ordering = ["provider", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "number"], name="knowledge_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider}: versie {self.number}"


class AssistantSession(TimeStampedModel):
    """The assistant's part of one conversation: its dialogue state, until a handover."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, related_name="assistant_session"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.ACTIVE
    )
    state = models.JSONField(_("gespreksstand"), default=dict, blank=True)
    knowledge_version = models.PositiveIntegerField(_("kennisbankversie"), null=True, blank=True)
    handover_reason = models.CharField(_("reden overdracht"), max_length=200, blank=True)
    handed_over_at = models.DateTimeField(_("overgedragen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("gesprek met de assistent")
        verbose_name_plural = _("gesprekken met de assistent")

    def __str__(self) -> str:
        return f"{self.conversation_id}: {self.get_status_display()}"
