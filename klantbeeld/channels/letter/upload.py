"""Scans in: a letter the post room scanned becomes a stored inbound message (issue 5 "Letter",
items 1 and 2; POST-03, POST-05).

The scan's own bytes are its id (``content_id``): the same scan uploaded twice — a scanner's
retry, a second click — is one message. The file is stored with the message before anything
is read; OCR happens in processing (``adapter.letter_prepare``), so an upload is quick and a
scan that cannot be read is kept in quarantine, not refused.

Which organisation: the letter channel account in the URL (``ChannelAccount`` with channel
``brief``; its ``settings["inbound_token"]`` is the scan station's bearer token). From the
workspace an employee's upload names the organisation through the employee.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

from django.conf import settings

from klantbeeld.channels.constants import QuarantineReason
from klantbeeld.channels.intake import (
    Incoming,
    IncomingFile,
    Receipt,
    content_id,
    inbound_quarantine,
    inbound_receive,
)
from klantbeeld.channels.letter.ocr import media_type
from klantbeeld.channels.models import ChannelAccount, InboundMessage
from klantbeeld.core.constants import Channel
from klantbeeld.core.models import Provider


def letter_account_get(account_uuid: str) -> ChannelAccount | None:
    """The active letter account with this uuid, or None (also for a malformed uuid)."""
    try:
        return (
            ChannelAccount.objects.select_related("provider")
            .filter(uuid=account_uuid, channel=Channel.LETTER, is_active=True)
            .first()
        )
    except (ValueError, TypeError):
        return None


def token_matches(account: ChannelAccount, presented: str) -> bool:
    """Constant-time comparison with the account's token; an account without one accepts none."""
    expected = str(account.settings.get("inbound_token") or "")
    return bool(expected) and hmac.compare_digest(expected.encode(), presented.encode())


def max_scan_bytes() -> int:
    return int(settings.KLANTBEELD_INBOUND_MAX_BYTES)


def letter_receive(
    provider: Provider,
    file_bytes: bytes,
    name: str,
    sender_name: str = "",
    *,
    account: ChannelAccount | None = None,
) -> Receipt:
    """Store one scanned letter (once) for processing; returns the message and whether it is new.

    For the workspace (an employee uploads a scan) and the scan endpoint. An empty file is a
    ``ValueError`` (the caller asks again); an oversized one is kept in quarantine."""
    if not file_bytes:
        raise ValueError("Het bestand is leeg.")
    account = account or _default_account(provider)
    if len(file_bytes) > max_scan_bytes():
        message = letter_oversized_quarantine(
            provider=provider,
            account=account,
            name=name,
            size_bytes=len(file_bytes),
            digest=content_id(file_bytes),
        )
        return Receipt(message, created=True)
    receipt = inbound_receive(
        provider=provider,
        incoming=Incoming(
            channel=Channel.LETTER,
            external_id=content_id(file_bytes),
            sender_name=sender_name.strip(),
            files=(
                IncomingFile(
                    name=name or "scan",
                    content_type=media_type(file_bytes) or "application/octet-stream",
                    content=file_bytes,
                ),
            ),
            account=account,
        ),
    )
    return receipt


def letter_oversized_quarantine(
    *,
    provider: Provider,
    account: ChannelAccount | None,
    name: str,
    size_bytes: int,
    digest: str,
) -> InboundMessage:
    """Keep a record of a scan too large to take: who, what, how large; not the bytes."""
    limit = max_scan_bytes()
    return inbound_quarantine(
        provider=provider,
        channel=Channel.LETTER,
        reason=QuarantineReason.OVERSIZED,
        detail=(
            f"Scan van {size_bytes // 1_000_000} MB; de grens is {limit // 1_000_000} MB. "
            "Scan de brief opnieuw in lagere resolutie of in delen."
        ),
        payload={"name": name[:255], "size_bytes": size_bytes},
        external_id=digest,
        account=account,
    )


def stream_digest(chunks: Iterable[bytes]) -> str:
    """``content_id`` of content read in chunks (an upload too large to hold in memory)."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return "sha256:" + digest.hexdigest()


def _default_account(provider: Provider) -> ChannelAccount | None:
    return (
        ChannelAccount.objects.filter(provider=provider, channel=Channel.LETTER, is_active=True)
        .order_by("pk")
        .first()
    )
