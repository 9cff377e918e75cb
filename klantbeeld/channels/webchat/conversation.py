"""What a web chat session holds: storing the customer's messages, the history a reconnecting
widget gets, delivery and read state, and the transcript (issue 5, "Web chat"; CH-09,
CHAT-03, AR-18).

Synchronous database code; the consumer calls it through ``database_sync_to_async``. A
customer's message is stored through the shared intake *before* the widget gets its
acknowledgement, keyed on ``<session>:<client_id>`` so a resend after a reconnect creates
nothing new. What cannot be read is quarantined with the reason, never dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from klantbeeld.channels.constants import InboundKind, OutboundStatus, QuarantineReason
from klantbeeld.channels.intake import Incoming, content_id, inbound_quarantine, inbound_receive
from klantbeeld.channels.models import ChannelAccount, InboundMessage, OutboundMessage
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel
from klantbeeld.core.models import Provider
from klantbeeld.parties.models import Party

MAX_TEXT_CHARS = 4_000
HISTORY_LIMIT = 200
# Statuses of our messages that have left for the customer (a queued one arrives by push).
_SHOWN_OUTBOUND = (OutboundStatus.SENT, OutboundStatus.DELIVERED, OutboundStatus.READ)


@dataclass(frozen=True)
class ChatSession:
    """One connected widget: whose organisation, which session, which logged-in party."""

    account: ChannelAccount
    session_key: str
    party: Party | None = None

    @property
    def provider(self) -> Provider:
        return self.account.provider


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _inbound_frame(message: InboundMessage) -> dict[str, object]:
    payload = message.payload if isinstance(message.payload, dict) else {}
    return {
        "type": "message",
        "id": str(message.uuid),
        "from": "klant",
        "text": message.body,
        "at": _iso(message.sent_at or message.received_at),
        "client_id": str(payload.get("client_id", "")),
        "state": "afgeleverd",
    }


def outbound_frame(outbound: OutboundMessage) -> dict[str, object]:
    """Our message as the widget shows it: an employee's, or the digital assistant's (named
    as such, never as "Medewerker": the bot does not pretend to be a person, issue 6)."""
    details = outbound.details if isinstance(outbound.details, dict) else {}
    return {
        "type": "message",
        "id": str(outbound.uuid),
        "from": "medewerker",
        "sender": "Digitale assistent" if details.get("assistant") else "Medewerker",
        "text": outbound.body,
        "at": _iso(outbound.sent_at or outbound.created_at),
        "state": outbound.status,
    }


def message_store(*, session: ChatSession, client_id: str, text: str) -> dict[str, object]:
    """Store one customer message (once per client id); returns its frame for the widget."""
    receipt = inbound_receive(
        provider=session.provider,
        incoming=Incoming(
            channel=Channel.WEB_CHAT,
            external_id=f"{session.session_key}:{client_id}",
            session_key=session.session_key,
            body=text,
            sent_at=clock.now(),
            payload={"client_id": client_id},
            authenticated_party=session.party,
            account=session.account,
        ),
    )
    return _inbound_frame(receipt.message)


def frame_quarantine(
    *, account: ChannelAccount, reason: str, detail: str, raw: str, external_id: str = ""
) -> InboundMessage:
    """Keep a frame we will not process (too long, not our protocol) for a person to see."""
    content = raw.encode("utf-8", errors="replace")
    return inbound_quarantine(
        provider=account.provider,
        channel=Channel.WEB_CHAT,
        reason=reason,
        detail=detail,
        raw=content,
        external_id=external_id or content_id(content),
        account=account,
    )


def oversize_quarantine(*, session: ChatSession, client_id: str, text: str) -> InboundMessage:
    return frame_quarantine(
        account=session.account,
        reason=QuarantineReason.OVERSIZED,
        detail=f"Chatbericht van {len(text)} tekens; de grens is {MAX_TEXT_CHARS}.",
        raw=json.dumps({"session": session.session_key, "client_id": client_id, "text": text}),
        external_id=f"{session.session_key}:{client_id}:te_groot",
    )


def history_list(*, provider: Provider, session_key: str) -> list[dict[str, object]]:
    """The conversation of a session, oldest first: what a reconnecting widget re-renders."""
    inbound = InboundMessage.objects.filter(
        provider=provider,
        channel=Channel.WEB_CHAT,
        kind=InboundKind.MESSAGE,
        session_key=session_key,
    ).order_by("-received_at")[:HISTORY_LIMIT]
    outbound = OutboundMessage.objects.filter(
        provider=provider,
        channel=Channel.WEB_CHAT,
        to_address=session_key,
        status__in=_SHOWN_OUTBOUND,
    ).order_by("-created_at")[:HISTORY_LIMIT]
    frames = [_inbound_frame(message) for message in inbound]
    frames += [outbound_frame(message) for message in outbound]
    frames.sort(key=lambda frame: datetime.fromisoformat(str(frame["at"])))
    return frames[-HISTORY_LIMIT:]


def outbound_delivered(*, outbound_uuid: str) -> int:
    """Our message reached an open widget: 'afgeleverd' (never back from 'gelezen').

    The socket can see the message before the outbound path has marked it 'verzonden' (the
    push happens inside ``send``). Then only ``delivered_at`` is set and the status is left
    to the outbound path, which would otherwise miss its 'in_wachtrij' → 'verzonden' step."""
    now = clock.now()
    mine = OutboundMessage.objects.filter(uuid=outbound_uuid, channel=Channel.WEB_CHAT)
    mine.filter(status=OutboundStatus.QUEUED, delivered_at__isnull=True).update(delivered_at=now)
    return mine.filter(status=OutboundStatus.SENT).update(
        status=OutboundStatus.DELIVERED, delivered_at=now
    )


def outbound_read(*, provider: Provider, session_key: str, up_to: str) -> int:
    """The customer has seen our messages of this session up to and including ``up_to``."""
    last = (
        OutboundMessage.objects.filter(
            provider=provider, channel=Channel.WEB_CHAT, to_address=session_key, uuid=up_to
        )
        .only("created_at")
        .first()
    )
    if last is None:
        return 0
    unread = OutboundMessage.objects.filter(
        provider=provider,
        channel=Channel.WEB_CHAT,
        to_address=session_key,
        created_at__lte=last.created_at,
        read_at__isnull=True,
    ).exclude(status=OutboundStatus.FAILED)
    now = clock.now()
    unread.filter(delivered_at__isnull=True).update(delivered_at=now)
    # As above: a message still 'in_wachtrij' gets its time, the outbound path its status.
    unread.filter(status=OutboundStatus.QUEUED).update(read_at=now)
    return unread.update(status=OutboundStatus.READ, read_at=now)


def transcript_sender(provider: Provider) -> str:
    """The organisation's own address (its e-mail account), never a no-reply one (AR-18)."""
    account = (
        ChannelAccount.objects.filter(provider=provider, channel=Channel.EMAIL, is_active=True)
        .order_by("created_at")
        .first()
    )
    return account.address if account is not None else settings.DEFAULT_FROM_EMAIL


def transcript_text(*, provider: Provider, messages: list[dict[str, object]]) -> str:
    lines = [f"Uw chatgesprek met {provider.name}", ""]
    for frame in messages:
        moment = timezone.localtime(datetime.fromisoformat(str(frame["at"])))
        who = "U" if frame["from"] == "klant" else provider.name
        lines.append(f"[{moment:%d-%m-%Y %H:%M}] {who}:")
        lines.append(str(frame["text"]))
        lines.append("")
    lines.append(f"U kunt op deze e-mail antwoorden; uw antwoord komt bij {provider.name}.")
    return "\n".join(lines)


def transcript_send(*, provider: Provider, session_key: str, to_address: str) -> int:
    """E-mail the session's conversation to the visitor; returns the number of messages.

    Sent from the organisation's own address so a reply reaches people (AR-18)."""
    messages = history_list(provider=provider, session_key=session_key)
    if messages:
        send_mail(
            subject=f"Uw chatgesprek met {provider.name}",
            message=transcript_text(provider=provider, messages=messages),
            from_email=transcript_sender(provider),
            recipient_list=[to_address],
        )
    return len(messages)
