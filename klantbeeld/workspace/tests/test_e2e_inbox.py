"""An employee answers a WhatsApp message by e-mail, in a real browser (issue 5; CH-09, AR-18).

Everything real but Meta: the signed Cloud API webhook is posted to the live server, the
pipeline routes it to the KCC queue, the employee works by keyboard, the reply leaves through
the e-mail adapter to a local aiosmtpd server. axe-core checks WCAG 2.1 A/AA on both pages.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.request
from email import message_from_bytes
from email.utils import parseaddr

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Page, expect

from klantbeeld.channels.models import ChannelAccount, OutboundMessage
from klantbeeld.channels.whatsapp.wire import signature_of
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel
from klantbeeld.parties.constants import DigitalAddressKind
from klantbeeld.parties.models import DigitalAddress
from klantbeeld.routing.models import WorkItem
from klantbeeld.routing.tests.builders import agent_for, queue_for_test
from klantbeeld.workspace.tests.test_e2e import _login, assert_accessible
from tests.factories import PartyFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

NUMBER_ID = "106540352242922"
SECRET = "app-geheim-voor-e2e"
MAILBOX = "kcc@dommelstad.example"


class Inbox:
    """aiosmtpd handler: keeps what the SMTP server received."""

    def __init__(self) -> None:
        self.received: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope.original_content or envelope.content)
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def organisation(provider, front_office, smtp, settings, tmp_path):
    settings.KLANTBEELD_CHANNELS_INLINE = True
    settings.MEDIA_ROOT = tmp_path
    _, port = smtp
    ChannelAccount.objects.create(
        provider=provider,
        channel=Channel.WHATSAPP,
        name="WhatsApp KCC",
        address=NUMBER_ID,
        settings={"app_secret": SECRET, "verify_token": "verifieer"},
    )
    ChannelAccount.objects.create(
        provider=provider,
        channel=Channel.EMAIL,
        name="Gemeente Dommelstad",
        address=MAILBOX,
        settings={"smtp": {"host": "127.0.0.1", "port": port, "starttls": False, "timeout": 5}},
    )
    agent_for(front_office.actor, queue_for_test(provider, "KCC", is_default=True))
    anna = PartyFactory(provider=provider, given_names="Anna", surname="Jansen")
    for kind, value in (
        (DigitalAddressKind.WHATSAPP, "+31612345678"),
        (DigitalAddressKind.EMAIL, "anna.jansen@example.nl"),
    ):
        DigitalAddress.objects.create(
            provider=provider, party=anna, kind=kind, value=value, verified_at=clock.now()
        )
    return anna


def _whatsapp_arrives(live_server, text: str) -> None:
    """Meta posts a signed Cloud API webhook; 200 means stored (and here also processed)."""
    body = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "102290129340398",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": "31201234567",
                                "phone_number_id": NUMBER_ID,
                            },
                            "contacts": [{"profile": {"name": "Anna"}, "wa_id": "31612345678"}],
                            "messages": [
                                {
                                    "from": "31612345678",
                                    "id": "wamid.HBgLMzE2MTIzNDU2NzgVAgASGBQzQUY",
                                    "timestamp": str(int(clock.now().timestamp())),
                                    "type": "text",
                                    "text": {"body": text},
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }
    raw = json.dumps(body).encode()
    request = urllib.request.Request(  # noqa: S310 (the live server's own http URL)
        f"{live_server.url}/kanalen/whatsapp/webhook",
        data=raw,
        headers={
            "Content-Type": "application/json",
            "X-Hub-Signature-256": signature_of(raw, SECRET),
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        assert response.status == 200


def _wait_for(condition, seconds: float = 10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("waited in vain")


def _tab_to(page: Page, name: str, presses: int = 30) -> None:
    """Press Tab until the link or button called ``name`` has the focus, as a keyboard user."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.textContent")
        if focused and focused.strip().startswith(name):
            return
    raise AssertionError(f"{name!r} is not reachable with Tab")


def test_an_employee_answers_a_whatsapp_message_by_email(
    page: Page, live_server, organisation, smtp
):
    # given: Anna writes on WhatsApp
    _whatsapp_arrives(live_server, "Mijn container is niet geleegd")
    item = _wait_for(lambda: WorkItem.objects.filter(conversation__party=organisation).first())
    assert item.channel == Channel.WHATSAPP

    # when: the employee opens the inbox and the item by keyboard
    _login(page, live_server)
    _tab_to(page, "Inbox")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    page.get_by_role("link", name="Alles in mijn wachtrijen").click()
    expect(page.get_by_role("link", name="Mijn container is niet geleegd")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Mijn container is niet geleegd").focus()
    page.keyboard.press("Enter")

    # then: the conversation with the customer view beside it
    expect(
        page.get_by_role("heading", name="Mijn container is niet geleegd", level=1)
    ).to_be_visible()
    expect(page.get_by_role("link", name="Volledig klantbeeld van Anna Jansen")).to_be_visible()
    assert_accessible(page)

    # when: answer by e-mail
    page.get_by_label("Antwoorden via").select_option(Channel.EMAIL)
    page.get_by_label("Onderwerp").fill("Uw container")
    page.get_by_label("Uw antwoord").fill("Beste Anna, we legen de container morgen alsnog.")
    page.get_by_role("button", name="Versturen").click()

    # then: queued for Anna's e-mail address, sent from the organisation's mailbox
    expect(
        page.get_by_text("Uw antwoord gaat via e-mail naar anna.jansen@example.nl.")
    ).to_be_visible()
    outbound = OutboundMessage.objects.get()
    assert (outbound.channel, outbound.to_address) == (Channel.EMAIL, "anna.jansen@example.nl")
    inbox, _ = smtp
    raw = _wait_for(lambda: inbox.received[0] if inbox.received else None)
    mail = message_from_bytes(raw)
    assert parseaddr(mail["From"])[1] == MAILBOX
    assert parseaddr(mail["To"])[1] == "anna.jansen@example.nl"
    assert "container morgen alsnog" in mail.get_payload(decode=True).decode()
    item.refresh_from_db()
    assert item.status == "wacht_op_klant"
