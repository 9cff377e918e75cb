"""Web chat over a real WebSocket: Channels' WebsocketCommunicator against config.asgi
(issue 5, "Web chat"; CHAT-01, CHAT-03, CH-09, AR-18).

pytest-asyncio is not installed: each test runs its async part with ``async_to_sync``.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.core import mail

from config.asgi import application
from klantbeeld.channels.constants import (
    IdentityStatus,
    InboundStatus,
    OutboundStatus,
    QuarantineReason,
)
from klantbeeld.channels.models import ChannelAccount, InboundMessage, OutboundMessage
from klantbeeld.channels.outbound import outbound_deliver_once
from klantbeeld.channels.webchat.adapter import employee_typing
from klantbeeld.channels.webchat.sessions import portal_chat_token, session_new
from klantbeeld.contacts.models import ContactMoment
from klantbeeld.core.constants import Channel

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
WAIT = 10  # seconds; inline processing of the first message sets up the routing tables


def run(test: Callable[[], Awaitable[None]]) -> None:
    async_to_sync(test)()


@pytest.fixture
def chat_account(provider):
    return ChannelAccount.objects.create(
        provider=provider, channel=Channel.WEB_CHAT, name="Webchat", address=provider.code
    )


async def _open(organisation: str = "gemeente", session: str = "", token: str = ""):
    """Connect and say hello; returns the communicator, the session frame and the history."""
    socket = WebsocketCommunicator(application, f"/kanalen/webchat/ws/{organisation}/", ORIGIN)
    connected, _ = await socket.connect(timeout=WAIT)
    assert connected
    await socket.send_json_to({"type": "hello", "session": session, "portal_token": token})
    hello = await socket.receive_json_from(timeout=WAIT)
    history = await socket.receive_json_from(timeout=WAIT)
    return socket, hello, history


async def _say(socket: WebsocketCommunicator, client_id: str, text: str) -> dict[str, Any]:
    await socket.send_json_to({"type": "message", "client_id": client_id, "text": text})
    return await socket.receive_json_from(timeout=WAIT)


async def _eventually(check: Callable[[], bool]) -> bool:
    for _ in range(100):
        if await database_sync_to_async(check)():
            return True
        await asyncio.sleep(0.05)
    return False


def test_a_visitor_without_login_is_acknowledged_only_after_the_message_is_stored(chat_account):
    async def scenario():
        # given: a visitor on the organisation's site, not logged in (CHAT-01: no form first)
        socket, hello, history = await _open()
        assert hello["type"] == "session"
        assert hello["ingelogd"] is False
        assert history == {"type": "history", "messages": []}

        # when
        ack = await _say(socket, "c-1", "Mijn container is niet geleegd")

        # then: the ack names the stored message
        stored = await database_sync_to_async(InboundMessage.objects.get)()
        assert ack == {
            "type": "ack",
            "client_id": "c-1",
            "id": str(stored.uuid),
            "state": "afgeleverd",
        }
        assert stored.session_key == hello["session"]
        assert stored.external_id == f"{hello['session']}:c-1"
        assert stored.status == InboundStatus.PROCESSED
        assert stored.identity == IdentityStatus.UNKNOWN
        moment = await database_sync_to_async(ContactMoment.objects.get)()
        assert moment.channel == Channel.WEB_CHAT
        assert moment.content == "Mijn container is niet geleegd"
        await socket.disconnect()

    run(scenario)


def test_a_resend_after_a_reconnect_creates_nothing_new_and_the_history_returns(chat_account):
    async def scenario():
        # given: a message stored, then the connection drops
        socket, hello, _ = await _open()
        first = await _say(socket, "c-1", "Hallo")
        await socket.disconnect()

        # when: the widget reconnects with its stored session and resends the same client id
        socket, again, history = await _open(session=hello["session"])
        second = await _say(socket, "c-1", "Hallo")

        # then: the same conversation, the same message, nothing doubled
        assert again["session"] == hello["session"]
        assert [(m["id"], m["from"], m["text"]) for m in history["messages"]] == [
            (first["id"], "klant", "Hallo")
        ]
        assert second["id"] == first["id"]
        assert await database_sync_to_async(InboundMessage.objects.count)() == 1
        assert await database_sync_to_async(ContactMoment.objects.count)() == 1
        await socket.disconnect()

    run(scenario)


def test_a_second_message_in_the_session_continues_the_same_conversation(chat_account):
    async def scenario():
        socket, _, _ = await _open()
        await _say(socket, "c-1", "Hallo")
        await _say(socket, "c-2", "Ik wil mijn adres wijzigen")
        await socket.disconnect()

    run(scenario)

    first, second = InboundMessage.objects.order_by("received_at")
    assert first.conversation_id is not None
    assert second.conversation_id == first.conversation_id


def test_an_employee_reply_arrives_on_the_socket_then_is_delivered_and_read(chat_account):
    async def scenario():
        # given: a customer in the chat
        socket, hello, _ = await _open()
        await _say(socket, "c-1", "Wanneer wordt mijn container geleegd?")
        reply = await database_sync_to_async(OutboundMessage.objects.create)(
            provider=chat_account.provider,
            account=chat_account,
            channel=Channel.WEB_CHAT,
            to_address=hello["session"],
            body="Hallo, ik ben Sanne. Morgen komt de wagen langs.",
        )

        # when: the outbound path delivers it through the adapter's send
        status = await database_sync_to_async(outbound_deliver_once)(reply.pk)

        # then: it is on the socket, stored as sent with our id
        frame = await socket.receive_json_from(timeout=WAIT)
        assert status == OutboundStatus.SENT
        assert frame["type"] == "message"
        assert frame["from"] == "medewerker"
        assert frame["id"] == str(reply.uuid)
        assert frame["text"] == "Hallo, ik ben Sanne. Morgen komt de wagen langs."
        await reply.arefresh_from_db()
        assert reply.external_id == f"webchat:{reply.uuid}"
        assert await _eventually(
            lambda: OutboundMessage.objects.filter(pk=reply.pk, delivered_at__isnull=False).exists()
        )

        # when: the widget reports it read
        await socket.send_json_to({"type": "read", "up_to": frame["id"]})

        # then
        assert await _eventually(
            lambda: OutboundMessage.objects.filter(pk=reply.pk, status=OutboundStatus.READ).exists()
        )
        await socket.disconnect()

        # and a reconnect shows both sides of the conversation
        socket, _, history = await _open(session=hello["session"])
        assert [m["from"] for m in history["messages"]] == ["klant", "medewerker"]
        await socket.disconnect()

    run(scenario)


def test_an_employee_typing_shows_in_the_widget(chat_account):
    async def scenario():
        socket, hello, _ = await _open()

        await database_sync_to_async(employee_typing)(hello["session"])

        assert await socket.receive_json_from(timeout=WAIT) == {
            "type": "typing",
            "from": "medewerker",
        }
        await socket.disconnect()

    run(scenario)


@pytest.mark.parametrize("active", [None, False])
def test_an_organisation_without_an_active_web_chat_is_refused(provider, active):
    if active is not None:
        ChannelAccount.objects.create(
            provider=provider,
            channel=Channel.WEB_CHAT,
            name="Webchat",
            address="gemeente",
            is_active=active,
        )

    async def scenario():
        socket = WebsocketCommunicator(application, "/kanalen/webchat/ws/gemeente/", ORIGIN)
        await socket.connect(timeout=WAIT)
        closed = await socket.receive_output(timeout=WAIT)
        assert closed == {"type": "websocket.close", "code": 4404}

    run(scenario)
    assert not InboundMessage.objects.exists()


def test_a_foreign_origin_is_refused(chat_account):
    async def scenario():
        socket = WebsocketCommunicator(
            application, "/kanalen/webchat/ws/gemeente/", [(b"origin", b"https://kwaad.example")]
        )
        connected, _ = await socket.connect(timeout=WAIT)
        assert not connected

    run(scenario)


def test_an_oversize_message_is_quarantined_and_answered_with_an_error(chat_account):
    text = "x" * 4_001

    async def scenario():
        socket, _, _ = await _open()

        answer = await _say(socket, "c-9", text)

        assert answer["type"] == "error"
        assert answer["code"] == "te_groot"
        assert answer["client_id"] == "c-9"
        assert "4.000 tekens" in answer["message"]
        await socket.disconnect()

    run(scenario)
    kept = InboundMessage.objects.get()
    assert kept.status == InboundStatus.QUARANTINED
    assert kept.quarantine_reason == QuarantineReason.OVERSIZED
    assert text in bytes(kept.raw).decode()
    assert not ContactMoment.objects.exists()


def test_a_message_of_exactly_the_limit_is_accepted(chat_account):
    async def scenario():
        socket, _, _ = await _open()
        assert (await _say(socket, "c-1", "x" * 4_000))["type"] == "ack"
        await socket.disconnect()

    run(scenario)


def test_a_frame_that_is_not_our_protocol_is_quarantined_not_a_crash(chat_account):
    async def scenario():
        socket, _, _ = await _open()

        await socket.send_to(text_data="dit is geen json")
        answer = await socket.receive_json_from(timeout=WAIT)

        assert answer["type"] == "error"
        assert answer["code"] == "onleesbaar"
        # the connection lives on
        assert (await _say(socket, "c-1", "Toch een vraag"))["type"] == "ack"
        await socket.disconnect()

    run(scenario)
    kept = InboundMessage.objects.get(status=InboundStatus.QUARANTINED)
    assert kept.quarantine_reason == QuarantineReason.MALFORMED
    assert bytes(kept.raw) == b"dit is geen json"


def test_a_forged_session_key_starts_a_new_session(chat_account, other_provider):
    foreign = session_new(other_provider)

    async def scenario():
        socket, hello, history = await _open(session=foreign)
        assert hello["session"] != foreign
        assert history["messages"] == []
        await socket.disconnect()

    run(scenario)


def test_a_customer_logged_in_on_the_portal_is_known_without_any_question(chat_account, party):
    token = portal_chat_token(party)

    async def scenario():
        socket, hello, _ = await _open(token=token)
        assert hello["ingelogd"] is True
        await _say(socket, "c-1", "Ik ben verhuisd")
        await socket.disconnect()

    run(scenario)
    message = InboundMessage.objects.get()
    assert message.authenticated_party == party
    assert message.identity == IdentityStatus.AUTHENTICATED
    assert message.party == party


def test_a_portal_token_of_another_organisation_is_ignored(chat_account, other_provider):
    from tests.factories import PartyFactory

    stranger = PartyFactory(provider=other_provider)

    async def scenario():
        socket, hello, _ = await _open(token=portal_chat_token(stranger))
        assert hello["ingelogd"] is False
        await socket.disconnect()

    run(scenario)


# --- HTTP: transcript, widget files, demo page ------------------------------------------------


def _chat(provider, session: str, text: str = "Hallo") -> None:
    async def scenario():
        socket, _, _ = await _open(session=session)
        await _say(socket, "c-1", text)
        await socket.disconnect()

    run(scenario)


def test_the_transcript_is_emailed_from_the_organisations_own_address(client, chat_account):
    # given: a conversation, and the organisation's mailbox as an e-mail account
    provider = chat_account.provider
    ChannelAccount.objects.create(
        provider=provider, channel=Channel.EMAIL, name="Post", address="info@dommelstad.nl"
    )
    session = session_new(provider)
    _chat(provider, session, "Waar haal ik een parkeervergunning?")

    # when
    response = client.post(
        "/kanalen/webchat/transcript",
        {"organisation": "gemeente", "session": session, "email": "bezoeker@example.org"},
    )

    # then
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "verzonden", "berichten": 1}
    (sent,) = mail.outbox
    assert sent.to == ["bezoeker@example.org"]
    assert sent.from_email == "info@dommelstad.nl"
    assert "Waar haal ik een parkeervergunning?" in sent.body
    assert "Gemeente Dommelstad" in sent.subject


def test_without_an_email_account_the_transcript_comes_from_the_default_address(
    client, chat_account, settings
):
    settings.DEFAULT_FROM_EMAIL = "contact@dommelstad.nl"
    session = session_new(chat_account.provider)
    _chat(chat_account.provider, session)

    client.post(
        "/kanalen/webchat/transcript",
        {"organisation": "gemeente", "session": session, "email": "bezoeker@example.org"},
    )

    assert mail.outbox[0].from_email == "contact@dommelstad.nl"


@pytest.mark.parametrize(
    ("fields", "status", "code"),
    [
        ({"email": "geen-adres"}, 400, "ongeldig_emailadres"),
        ({"session": "vervalst.sessie"}, 400, "ongeldige_sessie"),
        ({"organisation": "onbekend"}, 404, "onbekende_organisatie"),
    ],
)
def test_a_bad_transcript_request_is_a_problem_and_sends_nothing(
    client, chat_account, fields, status, code
):
    session = session_new(chat_account.provider)
    _chat(chat_account.provider, session)
    data = {"organisation": "gemeente", "session": session, "email": "a@example.org", **fields}

    response = client.post("/kanalen/webchat/transcript", data)

    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == code
    assert response.json()["detail"]
    assert mail.outbox == []


def test_a_transcript_of_an_empty_session_sends_nothing(client, chat_account):
    session = session_new(chat_account.provider)

    response = client.post(
        "/kanalen/webchat/transcript",
        {"organisation": "gemeente", "session": session, "email": "a@example.org"},
    )

    assert response.status_code == 400
    assert mail.outbox == []


def test_the_widget_files_are_served(client):
    script = client.get("/kanalen/webchat/widget.js")
    style = client.get("/kanalen/webchat/widget.css")

    assert script.status_code == 200
    assert script["Content-Type"].startswith("text/javascript")
    assert b"aria-live" in b"".join(script.streaming_content)
    assert style.status_code == 200
    assert style["Content-Type"].startswith("text/css")


def test_the_demo_page_embeds_the_widget_without_inline_script(client, chat_account):
    response = client.get("/kanalen/webchat/gemeente/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-organisation="gemeente"' in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert len(scripts) == 1
    attributes, body = scripts[0]
    assert 'src="/kanalen/webchat/widget.js"' in attributes
    assert body.strip() == ""
    assert "style=" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_demo_page_of_an_organisation_without_web_chat_is_not_found(client, provider):
    assert client.get("/kanalen/webchat/gemeente/").status_code == 404
