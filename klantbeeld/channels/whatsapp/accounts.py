"""Which organisation a WhatsApp webhook is for: its business number's ChannelAccount.

A WhatsApp :class:`~klantbeeld.channels.models.ChannelAccount` has the Cloud API
``phone_number_id`` as its ``address``; its ``settings`` hold ``app_secret`` (signs webhooks),
``verify_token`` (the subscription handshake), ``access_token``, ``graph_base_url``,
``graph_version``, ``template_name`` and ``template_language`` (docs/architecture/channels-whatsapp.md).
"""

from __future__ import annotations

import hmac

from klantbeeld.channels.models import ChannelAccount
from klantbeeld.channels.whatsapp.wire import signature_valid
from klantbeeld.core.constants import Channel


def account_for_number(phone_number_id: str) -> ChannelAccount | None:
    """The active account of this business number, or None when it is not ours (any more)."""
    if not phone_number_id:
        return None
    return (
        ChannelAccount.objects.select_related("provider")
        .filter(channel=Channel.WHATSAPP, address=phone_number_id, is_active=True)
        .first()
    )


def account_for_verify_token(token: str) -> ChannelAccount | None:
    """The account whose handshake token this is (compared in constant time)."""
    if not token:
        return None
    for account in _active():
        expected = str((account.settings or {}).get("verify_token", ""))
        if expected and hmac.compare_digest(expected.encode(), token.encode()):
            return account
    return None


def accounts_signing(raw: bytes, header: str | None) -> list[ChannelAccount]:
    """Accounts whose app secret signed ``raw``: who sent a body we cannot read the number from."""
    return [
        account
        for account in _active()
        if signature_valid(raw, header, str((account.settings or {}).get("app_secret", "")))
    ]


def account_for_provider(provider_id: int) -> ChannelAccount | None:
    """The organisation's (first) WhatsApp number, for a reply that names no account."""
    return (
        ChannelAccount.objects.filter(
            provider_id=provider_id, channel=Channel.WHATSAPP, is_active=True
        )
        .order_by("pk")
        .first()
    )


def _active() -> list[ChannelAccount]:
    return list(
        ChannelAccount.objects.select_related("provider").filter(
            channel=Channel.WHATSAPP, is_active=True
        )
    )
