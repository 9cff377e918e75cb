"""The web chat adapter: an employee's reply pushed to the customer's open widget (issue 5,
"Web chat"; CHAT-02, CHAT-03, CH-09).

``OutboundMessage.to_address`` is the chat *session key* (the outbound path copies it from the
conversation's last web chat message). ``send`` publishes the message on the session's
channel-layer group; every open socket of that session shows it at once and marks it
'afgeleverd'. When no widget is open the message is still sent: it is stored, and the widget
shows it in its history when the customer comes back (asynchronous continuation, CHAT-03).

The channel layer is in memory by default, which reaches sockets of *this* process only; when
replies are sent from another process (a worker) or several daphne processes serve sockets,
configure KLANTBEELD_REDIS_URL (docs/architecture/channels-webchat.md).
"""

from __future__ import annotations

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from klantbeeld.channels.adapters import Adapter, SendFailed, SendResult, adapter_register
from klantbeeld.channels.models import OutboundMessage
from klantbeeld.channels.webchat import sessions
from klantbeeld.channels.webchat.conversation import outbound_frame
from klantbeeld.core.constants import Channel


def _group_send(group: str, event: dict[str, object]) -> None:
    layer = get_channel_layer()
    if layer is None:
        raise SendFailed("Geen channel layer ingesteld (CHANNEL_LAYERS).", permanent=True)
    try:
        async_to_sync(layer.group_send)(group, event)
    except (OSError, ConnectionError) as exc:  # Redis unreachable: try again later
        raise SendFailed(f"Channel layer niet bereikbaar: {type(exc).__name__}") from exc


def send(outbound: OutboundMessage) -> SendResult:
    """Push one employee message to the session's open widgets."""
    session_key = outbound.to_address
    if not sessions.session_valid(outbound.provider, session_key):
        raise SendFailed("Geen geldige chatsessie als adres.", permanent=True)
    _group_send(
        sessions.session_group(session_key),
        {"type": "chat.message", "message": {**outbound_frame(outbound), "state": "verzonden"}},
    )
    return SendResult(external_id=f"webchat:{outbound.uuid}")


def employee_typing(session_key: str) -> None:
    """Show "Medewerker typt…" in the customer's widget; the inbox calls this while typing."""
    _group_send(sessions.session_group(session_key), {"type": "chat.typing", "from": "medewerker"})


def employee_read(session_key: str, up_to: str) -> None:
    """Tell the widget the employee has read the customer's messages up to ``up_to``."""
    _group_send(sessions.session_group(session_key), {"type": "chat.read", "up_to": up_to})


adapter_register(Adapter(channel=Channel.WEB_CHAT, send=send))
