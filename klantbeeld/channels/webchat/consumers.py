"""The web chat socket: one widget's connection (issue 5, "Web chat"; CHAT-01, CHAT-03, CH-09).

The protocol (JSON text frames) is documented in docs/architecture/channels-webchat.md. In
short: the widget opens ``/kanalen/webchat/ws/<organisation>/``, sends ``hello`` (its stored
session key and, logged in, a portal token), gets ``session`` and ``history``, then sends
``message`` / ``typing`` / ``read``. A message is acknowledged only after it is stored.

Close codes: 4404 no (active) web chat for this organisation; 4400 the widget broke the
protocol before ``hello``. The widget does not reconnect after a 44xx close.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any
from uuid import UUID

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from klantbeeld.channels.constants import QuarantineReason
from klantbeeld.channels.models import ChannelAccount
from klantbeeld.channels.webchat import conversation, sessions
from klantbeeld.channels.webchat.conversation import MAX_TEXT_CHARS, ChatSession

CLOSE_UNKNOWN_ORGANISATION = 4404
CLOSE_PROTOCOL = 4400
MAX_FRAME_CHARS = 64_000
TYPING_INTERVAL_SECONDS = 2.0
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

ERRORS = {
    "te_groot": f"Uw bericht is te lang: maximaal {MAX_TEXT_CHARS:,} tekens.".replace(",", "."),
    "onleesbaar": "Dit bericht konden we niet lezen. Probeer het opnieuw.",
    "leeg": "Typ eerst een bericht.",
    "geen_sessie": "De verbinding is nog niet klaar. Een ogenblik geduld.",
}


class WebChatConsumer(AsyncJsonWebsocketConsumer):
    account: ChannelAccount | None = None
    session: ChatSession | None = None
    last_typing: float = 0.0

    async def connect(self) -> None:
        organisation = str(self.scope["url_route"]["kwargs"]["organisation"])
        self.account = await database_sync_to_async(sessions.webchat_account)(organisation)
        await self.accept()
        if self.account is None:
            # Accepted first so that the widget sees the code and stops retrying.
            await self.close(code=CLOSE_UNKNOWN_ORGANISATION)

    async def disconnect(self, code: int) -> None:
        if self.session is not None:
            await self.channel_layer.group_discard(
                sessions.session_group(self.session.session_key), self.channel_name
            )

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """Parse defensively: a frame we cannot read is quarantined and answered, never a crash."""
        if self.account is None:
            return
        raw = text_data if text_data is not None else (bytes_data or b"").decode("utf-8", "replace")
        content: Any = None
        if text_data is not None and len(text_data) <= MAX_FRAME_CHARS:
            try:
                content = json.loads(text_data)
            except ValueError:
                content = None
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self._reject_frame(self.account, raw, "Geen JSON-object met een type.")
            return
        await self._dispatch(self.account, content)

    async def _dispatch(self, account: ChannelAccount, content: dict[str, Any]) -> None:
        kind = content["type"]
        session = self.session
        if kind == "hello":
            if session is None:  # one session per socket; a second hello changes nothing
                await self._hello(account, content)
        elif session is None:
            await self.send_json(
                {"type": "error", "code": "geen_sessie", "message": ERRORS["geen_sessie"]}
            )
        elif kind == "message":
            await self._message(session, content)
        elif kind == "typing":
            await self._typing(session)
        elif kind == "read":
            await self._read(session, content)
        else:
            await self._reject_frame(account, json.dumps(content), f"Onbekend type {kind[:40]!r}.")

    async def _hello(self, account: ChannelAccount, content: dict[str, Any]) -> None:
        provider = account.provider
        key = content.get("session")
        if not (isinstance(key, str) and sessions.session_valid(provider, key)):
            key = sessions.session_new(provider)
        party = await database_sync_to_async(sessions.portal_party)(
            provider, content.get("portal_token") or ""
        )
        self.session = ChatSession(account=account, session_key=key, party=party)
        await self.channel_layer.group_add(sessions.session_group(key), self.channel_name)
        history = await database_sync_to_async(conversation.history_list)(
            provider=provider, session_key=key
        )
        await self.send_json(
            {
                "type": "session",
                "session": key,
                "organisatie": provider.name,
                "ingelogd": party is not None,
            }
        )
        await self.send_json({"type": "history", "messages": history})

    async def _message(self, session: ChatSession, content: dict[str, Any]) -> None:
        client_id, text = content.get("client_id"), content.get("text")
        if not (isinstance(client_id, str) and _CLIENT_ID.match(client_id)) or not isinstance(
            text, str
        ):
            await self._reject_frame(
                session.account, json.dumps(content), "Bericht zonder geldige client_id of tekst."
            )
            return
        if len(text) > MAX_TEXT_CHARS:
            await database_sync_to_async(conversation.oversize_quarantine)(
                session=session, client_id=client_id, text=text
            )
            await self._error("te_groot", client_id)
            return
        if not text.strip():
            await self._error("leeg", client_id)
            return
        frame = await database_sync_to_async(conversation.message_store)(
            session=session, client_id=client_id, text=text
        )
        await self.send_json(
            {"type": "ack", "client_id": client_id, "id": frame["id"], "state": "afgeleverd"}
        )
        # Other tabs on the same session and an employee's inbox see it too.
        event = {"type": "chat.message", "message": frame, "origin": self.channel_name}
        await self.channel_layer.group_send(sessions.session_group(session.session_key), event)
        await self.channel_layer.group_send(sessions.staff_group(session.session_key), event)

    async def _typing(self, session: ChatSession) -> None:
        now = time.monotonic()
        if now - self.last_typing < TYPING_INTERVAL_SECONDS:
            return
        self.last_typing = now
        await self.channel_layer.group_send(
            sessions.staff_group(session.session_key), {"type": "chat.typing", "from": "klant"}
        )

    async def _read(self, session: ChatSession, content: dict[str, Any]) -> None:
        try:
            up_to = str(UUID(str(content.get("up_to"))))
        except ValueError:
            await self._reject_frame(
                session.account, json.dumps(content), "Leesbevestiging zonder geldige up_to."
            )
            return
        await database_sync_to_async(conversation.outbound_read)(
            provider=session.provider, session_key=session.session_key, up_to=up_to
        )

    async def _reject_frame(self, account: ChannelAccount, raw: str, detail: str) -> None:
        session = self.session.session_key if self.session else ""
        await database_sync_to_async(conversation.frame_quarantine)(
            account=account,
            reason=QuarantineReason.MALFORMED,
            detail=f"{detail} Sessie: {session or 'nog geen'}.",
            raw=raw,
        )
        await self._error("onleesbaar")
        if self.session is None:
            await self.close(code=CLOSE_PROTOCOL)

    async def _error(self, code: str, client_id: str = "") -> None:
        frame = {"type": "error", "code": code, "message": ERRORS[code]}
        if client_id:
            frame["client_id"] = client_id
        await self.send_json(frame)

    # --- channel-layer events (group_send from the adapter, employee_typing, other tabs) ---

    async def chat_message(self, event: dict[str, Any]) -> None:
        if event.get("origin") == self.channel_name:
            return
        message = event["message"]
        await self.send_json(message)
        if message.get("from") == "medewerker":
            await database_sync_to_async(conversation.outbound_delivered)(
                outbound_uuid=message["id"]
            )

    async def chat_typing(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "typing", "from": event.get("from", "medewerker")})

    async def chat_read(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "read", "from": "medewerker", "up_to": event["up_to"]})
