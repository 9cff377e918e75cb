"""One question, one thread, across channels (issue 5, item 4; CH-05, AR-02): WhatsApp today,
an e-mail answer from the employee, a dropped phone call tomorrow, the customer's e-mail reply
after — every step over its real wire format, all in one conversation and one work item."""

from __future__ import annotations

import json

import pytest
from django.core import mail as django_mail

from klantbeeld.channels.constants import OutboundStatus
from klantbeeld.channels.models import ChannelAccount, InboundMessage
from klantbeeld.channels.outbound import Reply, reply_send
from klantbeeld.channels.phone import cti
from klantbeeld.channels.tests.email_support import TOKEN, email_account, mail
from klantbeeld.channels.tests.whatsapp_support import (  # noqa: F401 (fixtures)
    account_fixture,
    anna_fixture,
    envelope,
    graph_fixture,
    post_fixture,
    text,
)
from klantbeeld.contacts.models import ContactMoment
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.parties.constants import DigitalAddressKind
from klantbeeld.parties.models import DigitalAddress
from klantbeeld.privacy.selectors import accessor_for_user
from klantbeeld.routing.constants import OPEN_STATUSES, WorkItemStatus
from klantbeeld.routing.models import Agent, WorkItem
from klantbeeld.routing.services import Worker

pytestmark = pytest.mark.django_db

OUR_NUMBER = "+31141234567"
CTI_SECRET = "centrale-geheim"


@pytest.fixture
def anna_everywhere(anna, provider):
    """Anna's verified phone number and e-mail address, next to her WhatsApp number."""
    for kind, value in (
        (DigitalAddressKind.PHONE, "+31612345678"),
        (DigitalAddressKind.EMAIL, "anna@example.nl"),
    ):
        DigitalAddress.objects.create(
            provider=provider, party=anna, kind=kind, value=value, verified_at=anna.created_at
        )
    return anna


@pytest.fixture
def channels(provider, account, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    email_account(provider)
    ChannelAccount.objects.create(
        provider=provider,
        channel=Channel.PHONE,
        name="KCC",
        address=OUR_NUMBER,
        settings={cti.SECRET_SETTING: CTI_SECRET},
    )


def _call_dropped(client, call_id: str) -> None:
    for event in ("call.started", "call.ended"):
        body = json.dumps(
            {
                "event": event,
                "call_id": call_id,
                "from": "0612345678",
                "to": OUR_NUMBER,
                "at": clock.now().isoformat(),
            }
        ).encode()
        response = client.post(
            "/kanalen/telefoon/cti",
            data=body,
            content_type="application/json",
            headers={cti.SIGNATURE_HEADER: cti.signature_for(body=body, secret=CTI_SECRET)},
        )
        assert response.status_code == 202, response.content


def test_whatsapp_then_an_email_answer_then_a_call_then_an_email_reply_is_one_thread(
    client,
    post,
    anna_everywhere,
    channels,
    front_office,
    provider,
    django_capture_on_commit_callbacks,
):
    # today: Anna asks on WhatsApp
    response = post(envelope(messages=[text("wamid.Q1", "Mijn waterrekening is veel te hoog")]))
    assert response.status_code == 200
    first = InboundMessage.objects.get(external_id="wamid.Q1")
    conversation = first.conversation
    assert conversation.party == anna_everywhere

    # the employee answers by e-mail
    item = WorkItem.objects.get(conversation=conversation)
    Agent.objects.create(actor=front_office.actor).queues.add(item.queue)
    worker = Worker(accessor=accessor_for_user(front_office), actor=front_office.actor)
    with django_capture_on_commit_callbacks(execute=True):
        outbound = reply_send(
            worker=worker,
            item=item,
            reply=Reply(channel=Channel.EMAIL, body="Wij kijken uw meterstand na."),
        )
    outbound.refresh_from_db()
    assert outbound.status == OutboundStatus.SENT
    assert django_mail.outbox[-1].to == ["anna@example.nl"]

    # tomorrow: she calls, and the call drops before anyone answers
    with django_capture_on_commit_callbacks(execute=True):
        _call_dropped(client, "call-77")

    # after: she replies to the e-mail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/kanalen/email/{ChannelAccount.objects.get(channel=Channel.EMAIL).uuid}/raw",
            data=mail(
                subject="Re: Mijn waterrekening is veel te hoog",
                sender="Anna Jansen <anna@example.nl>",
                message_id="<antwoord-1@example.nl>",
                in_reply_to=outbound.external_id,
            ),
            content_type="message/rfc822",
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
    assert response.status_code == 202, response.content

    contacts = ContactMoment.objects.filter(conversation=conversation).order_by("occurred_at", "id")
    assert [(c.channel, c.direction) for c in contacts] == [
        (Channel.WHATSAPP, Direction.INBOUND),
        (Channel.EMAIL, Direction.OUTBOUND),
        (Channel.PHONE, Direction.INBOUND),
        (Channel.EMAIL, Direction.INBOUND),
    ]
    assert ContactMoment.objects.count() == 4  # nothing landed outside the thread
    open_items = WorkItem.objects.filter(conversation=conversation, status__in=OPEN_STATUSES)
    assert open_items.count() == 1
    assert open_items.get().channel == Channel.EMAIL  # the answer goes where she wrote last
    assert open_items.get().status != WorkItemStatus.WAITING
