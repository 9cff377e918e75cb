"""The durable inbound store, channel accounts and outbound messages (issue 5; CH-01..CH-10).

An :class:`InboundMessage` is written before the channel gets its acknowledgement, unique on
the channel's own message id, so a redelivered webhook or a re-polled mail creates nothing new.
Processing (identity, thread, routing) happens afterwards, in the background; a message it
cannot handle is kept in quarantine with the reason, never dropped.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from klantbeeld.channels.constants import (
    IdentityStatus,
    InboundKind,
    InboundStatus,
    OutboundStatus,
    QuarantineReason,
)
from klantbeeld.contacts.models import ContactMoment, Conversation
from klantbeeld.core.constants import Channel
from klantbeeld.core.models import Provider, TimeStampedModel
from klantbeeld.parties.models import Party


class ChannelAccount(TimeStampedModel):
    """One organisation's address in one channel: its mailbox, its WhatsApp business number.

    ``address`` is what the channel calls it (an e-mail address, a WhatsApp phone-number id);
    ``settings`` holds the channel's own configuration (IMAP host, Graph API base URL, the app
    secret that signs webhooks). Replies leave from here, never from a no-reply address (AR-18).
    """

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("kanaal"), max_length=50, choices=Channel.choices)
    name = models.CharField(_("naam"), max_length=100)
    address = models.CharField(_("adres in het kanaal"), max_length=254)
    settings = models.JSONField(_("instellingen"), default=dict, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("kanaalaccount")
        verbose_name_plural = _("kanaalaccounts")
        constraints = [
            models.UniqueConstraint(fields=["channel", "address"], name="channel_account_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.address}"


class InboundMessage(TimeStampedModel):
    """One message as the channel delivered it, stored before it is acknowledged."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(
        ChannelAccount, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(_("kanaal"), max_length=50, choices=Channel.choices)
    kind = models.CharField(
        _("soort"), max_length=20, choices=InboundKind.choices, default=InboundKind.MESSAGE
    )
    # The channel's own id (Message-ID, wamid, CTI call id + event); a hash when it has none.
    external_id = models.CharField(_("bericht-id van het kanaal"), max_length=255)
    received_at = models.DateTimeField(_("ontvangen op"))
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InboundStatus.choices, default=InboundStatus.RECEIVED
    )
    sender_address = models.CharField(_("afzender"), max_length=254, blank=True)
    sender_name = models.CharField(_("naam afzender"), max_length=200, blank=True)
    subject = models.CharField(_("onderwerp"), max_length=200, blank=True)
    body = models.TextField(_("tekst"), blank=True)
    # Message ids this one answers (e-mail In-Reply-To and References, a WhatsApp context id).
    references = models.JSONField(_("antwoord op"), default=list, blank=True)
    # The channel's wire data as received, for what the columns above do not hold.
    payload = models.JSONField(_("gegevens van het kanaal"), default=dict, blank=True)
    raw = models.BinaryField(_("origineel"), null=True, blank=True)
    # A logged-in customer (portal, web chat with login) is known before processing.
    authenticated_party = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A session that continues a conversation (web chat, a phone call's callback).
    session_key = models.CharField(_("sessie"), max_length=100, blank=True)

    # Filled in by processing.
    party = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    identity = models.CharField(
        _("identiteit"), max_length=30, choices=IdentityStatus.choices, blank=True
    )
    candidates = models.JSONField(_("kandidaten"), default=list, blank=True)
    contact_moment = models.ForeignKey(
        ContactMoment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    processed_at = models.DateTimeField(_("verwerkt op"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("verwerkingspogingen"), default=0)
    quarantine_reason = models.CharField(
        _("reden quarantaine"), max_length=30, choices=QuarantineReason.choices, blank=True
    )
    quarantine_detail = models.TextField(_("toelichting quarantaine"), blank=True)

    class Meta:
        verbose_name = _("binnenkomend bericht")
        verbose_name_plural = _("binnenkomende berichten")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "channel", "external_id"], name="inbound_unique_channel_id"
            )
        ]
        indexes = [models.Index(fields=["status", "received_at"], name="inbound_pending")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.external_id}"


class InboundFile(TimeStampedModel):
    """A file that came with a message, stored with it (a scan, a photo, an e-mail attachment)."""

    message = models.ForeignKey(InboundMessage, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("bestandsnaam"), max_length=255)
    content_type = models.CharField(_("soort bestand"), max_length=100)
    size_bytes = models.PositiveBigIntegerField(_("grootte"))
    file = models.FileField(upload_to="inbound/%Y/%m/")

    class Meta:
        verbose_name = _("bijlage bij binnenkomend bericht")
        verbose_name_plural = _("bijlagen bij binnenkomende berichten")

    def __str__(self) -> str:
        return self.name


class OutboundMessage(TimeStampedModel):
    """A reply or notice going out through a channel, with its delivery state (CH-09)."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(
        ChannelAccount, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(_("kanaal"), max_length=50, choices=Channel.choices)
    party = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contact_moment = models.ForeignKey(
        ContactMoment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_address = models.CharField(_("aan"), max_length=254)
    subject = models.CharField(_("onderwerp"), max_length=200, blank=True)
    body = models.TextField(_("tekst"))
    # The channel's id once sent: our e-mail Message-ID, a WhatsApp wamid.
    external_id = models.CharField(_("bericht-id van het kanaal"), max_length=255, blank=True)
    references = models.JSONField(_("antwoord op"), default=list, blank=True)
    # A channel-specific variant chosen at sending (a WhatsApp template outside the window).
    details = models.JSONField(_("details"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=OutboundStatus.choices, default=OutboundStatus.QUEUED
    )
    error = models.TextField(_("foutmelding"), blank=True)
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("afgeleverd op"), null=True, blank=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitgaand bericht")
        verbose_name_plural = _("uitgaande berichten")
        indexes = [
            models.Index(fields=["channel", "external_id"], name="outbound_channel_id"),
            models.Index(fields=["conversation", "created_at"], name="outbound_conversation"),
            models.Index(fields=["status", "next_attempt_at"], name="outbound_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} aan {self.to_address}"
