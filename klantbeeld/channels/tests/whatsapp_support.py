"""Fixtures and Cloud API builders shared by the WhatsApp tests (a signed post, a fake Graph API)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from klantbeeld.channels.constants import InboundStatus
from klantbeeld.channels.models import ChannelAccount, InboundMessage, OutboundMessage
from klantbeeld.channels.tests.whatsapp_fake import FakeGraph
from klantbeeld.channels.whatsapp.wire import signature_of
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel
from klantbeeld.parties.constants import DigitalAddressKind
from klantbeeld.parties.models import DigitalAddress
from tests.factories import PartyFactory

WEBHOOK = "/kanalen/whatsapp/webhook"
NUMBER_ID = "106540352242922"
SECRET = "app-geheim-voor-test"
WA_ID = "31612345678"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n% test\n%%EOF\n"


@pytest.fixture(name="graph")
def graph_fixture():
    fake = FakeGraph().start()
    yield fake
    fake.stop()


@pytest.fixture(name="account")
def account_fixture(provider, graph, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.KLANTBEELD_CHANNELS_INLINE = True
    return ChannelAccount.objects.create(
        provider=provider,
        channel=Channel.WHATSAPP,
        name="WhatsApp KCC",
        address=NUMBER_ID,
        settings={
            "app_secret": SECRET,
            "verify_token": "verifieer-dommelstad",
            "access_token": graph.token,
            "graph_base_url": graph.base_url,
            "graph_version": graph.version,
            "template_name": "antwoord_klantcontact",
            "timeout_seconds": 5,
        },
    )


@pytest.fixture(name="anna")
def anna_fixture(provider):
    party = PartyFactory(provider=provider, given_names="Anna", surname="Jansen")
    DigitalAddress.objects.create(
        provider=provider,
        party=party,
        kind=DigitalAddressKind.WHATSAPP,
        value="+" + WA_ID,
        verified_at=clock.now(),
    )
    return party


@pytest.fixture(name="post")
def post_fixture(client, django_capture_on_commit_callbacks):
    """Post a webhook the way Meta does, and run what commits start (inline processing)."""

    def send(payload: dict[str, Any] | bytes, *, signature: str | None = "", **headers: str):
        raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        if signature == "":
            signature = signature_of(raw, SECRET)
        if signature is not None:
            headers["HTTP_X_HUB_SIGNATURE_256"] = signature
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(WEBHOOK, data=raw, content_type="application/json", **headers)

    return send


def envelope(
    *, messages=(), statuses=(), number_id=NUMBER_ID, name="Anna Jansen"
) -> dict[str, Any]:
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "31201234567", "phone_number_id": number_id},
    }
    if messages:
        value["contacts"] = [{"profile": {"name": name}, "wa_id": WA_ID}]
        value["messages"] = list(messages)
    if statuses:
        value["statuses"] = list(statuses)
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"value": value, "field": "messages"}]}],
    }


def wa_message(
    wamid: str, kind: str, part: dict[str, Any], *, at=None, context=None
) -> dict[str, Any]:
    message = {
        "from": WA_ID,
        "id": wamid,
        "timestamp": str(int((at or clock.now()).timestamp())),
        "type": kind,
        kind: part,
    }
    if context:
        message["context"] = {"from": "31201234567", "id": context}
    return message


def text(wamid: str, body: str, **kwargs: Any) -> dict[str, Any]:
    return wa_message(wamid, "text", {"body": body}, **kwargs)


def status(wamid: str, state: str, *, errors=None) -> dict[str, Any]:
    report: dict[str, Any] = {
        "id": wamid,
        "status": state,
        "timestamp": str(int(clock.now().timestamp())),
        "recipient_id": WA_ID,
    }
    if errors:
        report["errors"] = errors
    return report


def stored(wamid: str) -> InboundMessage:
    return InboundMessage.objects.get(channel=Channel.WHATSAPP, external_id=wamid)


def quarantined() -> list[InboundMessage]:
    return list(InboundMessage.objects.filter(status=InboundStatus.QUARANTINED))


def outbound_for(account, wamid="wamid.OUT1", **fields) -> OutboundMessage:
    return OutboundMessage.objects.create(
        provider=account.provider,
        account=account,
        channel=Channel.WHATSAPP,
        to_address="+" + WA_ID,
        body="Uw container wordt morgen geleegd.",
        external_id=wamid,
        **fields,
    )
