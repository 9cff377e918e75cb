"""One raw e-mail into the durable store, however it arrived (IMAP poll or the raw endpoint)
(issue 5, items 1 and 2; CH-01, MAIL-01).

Both roads end here so that they behave the same: a readable mail is stored once through
``inbound_receive`` (idempotent on its Message-ID), an unreadable one is kept in quarantine
with the reason, and an oversized one is kept as its headers plus its size — the sender is
told (413), or, for IMAP, the mail itself stays in the mailbox, so nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.conf import settings

from klantbeeld.channels.adapters import Quarantine
from klantbeeld.channels.constants import InboundStatus, QuarantineReason
from klantbeeld.channels.email.parse import email_parse, message_id_normal
from klantbeeld.channels.intake import content_id, inbound_quarantine, inbound_receive
from klantbeeld.channels.models import ChannelAccount, InboundMessage
from klantbeeld.core.constants import Channel

DEFAULT_MAX_BYTES = 25_000_000
# What of an oversized mail is kept: its headers, enough to see who sent what and when.
HEAD_KEEP_BYTES = 64 * 1024


@dataclass(frozen=True)
class Received:
    message: InboundMessage
    created: bool

    @property
    def quarantined(self) -> bool:
        return self.message.status == InboundStatus.QUARANTINED


def max_bytes() -> int:
    return int(getattr(settings, "KLANTBEELD_INBOUND_MAX_BYTES", DEFAULT_MAX_BYTES))


def email_receive(*, account: ChannelAccount, raw: bytes) -> Received:
    """Store one raw mail for ``account``'s organisation; safe to call again with the same mail."""
    if len(raw) > max_bytes():
        return email_oversized(account=account, head=raw[:HEAD_KEEP_BYTES], size=len(raw))
    try:
        incoming = email_parse(raw)
    except Quarantine as verdict:
        return _quarantined(account, verdict.reason, verdict.detail, raw, {}, content_id(raw))
    receipt = inbound_receive(
        provider=account.provider, incoming=replace(incoming, account=account)
    )
    return Received(receipt.message, receipt.created)


def email_oversized(*, account: ChannelAccount, head: bytes, size: int) -> Received:
    """Keep the headers of a mail too large to take in, marked so it is never processed as if
    the headers were the whole mail (``adapter.email_prepare`` checks the mark)."""
    headers = head.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    external_id = _header_message_id(headers) or content_id(head)
    detail = f"E-mail van {size} bytes; de grens is {max_bytes()} bytes. Alleen de kopregels zijn bewaard."
    payload: dict[str, object] = {"email": {"truncated": True, "size": size}}
    return _quarantined(account, QuarantineReason.OVERSIZED, detail, headers, payload, external_id)


def email_unknown_media(*, account: ChannelAccount, raw: bytes, media_type: str) -> Received:
    """Keep a body that was posted as something other than an e-mail (raw endpoint)."""
    head = raw[:HEAD_KEEP_BYTES]
    detail = f"Aangeboden als {media_type or 'onbekend'}, verwacht message/rfc822."
    payload: dict[str, object] = {"email": {"truncated": len(raw) > len(head), "size": len(raw)}}
    return _quarantined(
        account, QuarantineReason.UNKNOWN_MEDIA, detail, head, payload, content_id(raw)
    )


def _quarantined(
    account: ChannelAccount,
    reason: str,
    detail: str,
    raw: bytes,
    payload: dict[str, object],
    external_id: str,
) -> Received:
    existed = InboundMessage.objects.filter(
        provider_id=account.provider_id, channel=Channel.EMAIL, external_id=external_id[:255]
    ).exists()
    message = inbound_quarantine(
        provider=account.provider,
        channel=Channel.EMAIL,
        reason=reason,
        detail=detail,
        raw=raw,
        payload=payload,
        external_id=external_id,
        account=account,
    )
    return Received(message, created=not existed)


def _header_message_id(headers: bytes) -> str:
    for line in headers.replace(b"\r\n", b"\n").split(b"\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"message-id":
            return message_id_normal(value.decode("ascii", errors="replace"))
    return ""
