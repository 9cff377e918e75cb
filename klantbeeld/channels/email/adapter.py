"""The e-mail channel on the shared inbound and outbound path (issue 5; CH-01, MAIL-01, AR-18).

Who the organisation is: the :class:`ChannelAccount` the mail came in for — the mailbox that
was polled, or the account named in the raw endpoint's URL. Mails are parsed when they are
received (``receive.py``), so ``prepare`` only has work for a message whose raw bytes were
never parsed: one put back from quarantine after a parser fix. It parses it again, and a mail
that is still unreadable, or that was kept as headers only because it was too large, goes back
to quarantine with the same reason.
"""

from __future__ import annotations

from klantbeeld.channels.adapters import Adapter, Quarantine, adapter_register
from klantbeeld.channels.constants import QuarantineReason
from klantbeeld.channels.email.parse import email_parse
from klantbeeld.channels.email.smtp import email_send
from klantbeeld.channels.intake import inbound_file_store
from klantbeeld.channels.models import InboundMessage
from klantbeeld.core.constants import Channel
from klantbeeld.parties.constants import DigitalAddressKind


def email_prepare(message: InboundMessage) -> None:
    """Parse a stored raw mail that was not parsed yet (re-processing from quarantine)."""
    details = message.payload.get("email") if isinstance(message.payload, dict) else None
    details = details if isinstance(details, dict) else {}
    if details.get("truncated"):
        raise Quarantine(
            QuarantineReason.OVERSIZED,
            f"Alleen de kopregels van deze e-mail ({details.get('size')} bytes) zijn bewaard.",
        )
    if details.get("parsed") or message.raw is None:
        return
    incoming = email_parse(bytes(message.raw))
    message.sender_address = incoming.sender_address[:254]
    message.sender_name = incoming.sender_name[:200]
    message.subject = incoming.subject[:200]
    message.body = incoming.body
    message.sent_at = incoming.sent_at
    message.references = [ref[:255] for ref in incoming.references]
    message.payload = {**(message.payload or {}), **incoming.payload}
    for upload in incoming.files:
        inbound_file_store(message, upload)


adapter_register(
    Adapter(
        channel=Channel.EMAIL,
        address_kinds=(DigitalAddressKind.EMAIL,),
        prepare=email_prepare,
        send=email_send,
    )
)
