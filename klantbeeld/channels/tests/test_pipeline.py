"""The shared inbound path: durable, idempotent, quarantine, identity, one thread (issue 5).

These tests run the path with a bare adapter for a channel of its own, so that they test what
every channel shares; each adapter's wire format has its own tests.
"""

from __future__ import annotations

import pytest

from klantbeeld.channels import adapters
from klantbeeld.channels.constants import IdentityStatus, InboundStatus, QuarantineReason
from klantbeeld.channels.intake import (
    Incoming,
    inbound_quarantine,
    inbound_receive,
    inbound_reprocess,
)
from klantbeeld.channels.models import InboundMessage
from klantbeeld.channels.pipeline import inbound_process
from klantbeeld.contacts.models import ContactMoment
from klantbeeld.core.constants import Channel
from klantbeeld.parties.constants import DigitalAddressKind
from klantbeeld.parties.models import DigitalAddress
from klantbeeld.routing.constants import EventKind, WorkItemStatus
from klantbeeld.routing.models import WorkItem
from tests.factories import PartyFactory, phone_for

pytestmark = pytest.mark.django_db

BARE = Channel.SOCIAL


@pytest.fixture(autouse=True)
def _bare_adapter(monkeypatch):
    """A channel whose senders are named by a phone number, with no wire format of its own."""
    monkeypatch.setitem(
        adapters._ADAPTERS,
        BARE,
        adapters.Adapter(
            channel=BARE, address_kinds=(DigitalAddressKind.WHATSAPP, DigitalAddressKind.PHONE)
        ),
    )


def _whatsapp(provider, external_id, text, number="+31612345678", name="Anna Jansen"):
    receipt = inbound_receive(
        provider=provider,
        incoming=Incoming(
            channel=BARE,
            external_id=external_id,
            sender_address=number,
            sender_name=name,
            body=text,
        ),
    )
    inbound_process(receipt.message.pk)
    receipt.message.refresh_from_db()
    return receipt


def _verified_whatsapp(party, number="+31612345678"):
    return DigitalAddress.objects.create(
        provider=party.provider,
        party=party,
        kind=DigitalAddressKind.WHATSAPP,
        value=number,
        verified_at=party.created_at,
    )


def test_a_verified_number_links_the_message_to_the_customer_and_queues_it(provider):
    anna = PartyFactory(provider=provider, given_names="Anna", surname="Jansen")
    _verified_whatsapp(anna)

    receipt = _whatsapp(provider, "wamid.1", "Mijn container is niet geleegd")

    message = receipt.message
    assert message.status == InboundStatus.PROCESSED
    assert message.identity == IdentityStatus.VERIFIED_ADDRESS
    assert message.party == anna
    contact = message.contact_moment
    assert contact.channel == BARE
    assert contact.content == "Mijn container is niet geleegd"
    assert contact.participants.get().party == anna
    item = WorkItem.objects.get(conversation=message.conversation)
    assert item.status == WorkItemStatus.NEW
    assert item.identity_pending is False


def test_a_redelivered_message_creates_nothing_new(provider):
    first = _whatsapp(provider, "wamid.2", "Hallo")
    again = _whatsapp(provider, "wamid.2", "Hallo")

    assert first.created
    assert not again.created
    assert again.message.pk == first.message.pk
    assert InboundMessage.objects.count() == 1
    assert ContactMoment.objects.count() == 1


def test_two_members_of_a_household_sharing_a_number_are_candidates_not_a_guess(provider):
    anna = PartyFactory(provider=provider, given_names="Anna", surname="Jansen")
    piet = PartyFactory(provider=provider, given_names="Piet", surname="Jansen")
    _verified_whatsapp(anna)
    _verified_whatsapp(piet)

    message = _whatsapp(provider, "wamid.3", "Vraag over de aanslag", name="Anna Jansen").message

    assert message.party is None
    assert message.identity == IdentityStatus.CANDIDATES
    ranked = [candidate["party_id"] for candidate in message.candidates]
    assert set(ranked) == {anna.pk, piet.pk}
    assert ranked[0] == anna.pk  # the profile name says Anna
    item = WorkItem.objects.get(conversation=message.conversation)
    assert item.identity_pending is True


def test_an_unknown_sender_is_registered_without_a_party(provider):
    message = _whatsapp(provider, "wamid.4", "Wie ben ik?", number="+31687654321", name="").message

    assert message.status == InboundStatus.PROCESSED
    assert message.identity == IdentityStatus.UNKNOWN
    assert message.conversation.party is None
    assert message.contact_moment.participants.get().party is None


def test_a_second_message_without_a_subject_continues_the_open_conversation(provider):
    anna = PartyFactory(provider=provider)
    _verified_whatsapp(anna)
    phone_for(anna, "0612345678")
    first = _whatsapp(provider, "wamid.5", "Mijn waterrekening is te hoog").message
    second = _whatsapp(provider, "wamid.6", "Ik heb een foto van de meter").message

    assert second.conversation == first.conversation
    item = WorkItem.objects.get(conversation=first.conversation)
    assert list(item.events.values_list("kind", flat=True)) == [
        EventKind.ROUTED,
        EventKind.CUSTOMER_WROTE,
    ]


def test_what_cannot_be_read_is_quarantined_and_can_be_offered_again(provider):
    message = inbound_quarantine(
        provider=provider,
        channel=Channel.EMAIL,
        reason=QuarantineReason.BROKEN_MIME,
        detail="geen geldige MIME-kop",
        raw=b"\x00\x01 kapot",
    )
    assert message.status == InboundStatus.QUARANTINED
    again = inbound_quarantine(
        provider=provider,
        channel=Channel.EMAIL,
        reason=QuarantineReason.BROKEN_MIME,
        detail="geen geldige MIME-kop",
        raw=b"\x00\x01 kapot",
    )
    assert again.pk == message.pk

    inbound_reprocess(message)
    assert InboundMessage.objects.get(pk=message.pk).status == InboundStatus.RECEIVED


def test_a_message_that_breaks_processing_is_quarantined_not_lost(provider, monkeypatch):
    def broken(message):
        raise RuntimeError("kapot")

    monkeypatch.setattr("klantbeeld.channels.pipeline.triage_run", broken)
    message = _whatsapp(provider, "wamid.7", "Hallo").message

    assert message.status == InboundStatus.QUARANTINED
    assert message.quarantine_reason == QuarantineReason.PROCESSING_FAILED
    assert "kapot" in message.quarantine_detail
    assert ContactMoment.objects.count() == 0


def test_a_changed_email_address_is_a_candidate_by_name_never_a_silent_link(provider, monkeypatch):
    monkeypatch.setitem(
        adapters._ADAPTERS,
        Channel.EMAIL,
        adapters.Adapter(channel=Channel.EMAIL, address_kinds=(DigitalAddressKind.EMAIL,)),
    )
    anna = PartyFactory(provider=provider, given_names="Anna", surname="de Vries")
    DigitalAddress.objects.create(
        provider=provider,
        party=anna,
        kind=DigitalAddressKind.EMAIL,
        value="anna.oud@example.nl",
        verified_at=anna.created_at,
    )
    PartyFactory(provider=provider, given_names="Bram", surname="Bakker")

    receipt = inbound_receive(
        provider=provider,
        incoming=Incoming(
            channel=Channel.EMAIL,
            external_id="<nieuw-adres@example.nl>",
            sender_address="anna.nieuw@example.nl",
            sender_name="Anna de Vries",
            subject="Mijn nieuwe e-mailadres",
            body="Ik heb een nieuw adres.",
        ),
    )
    inbound_process(receipt.message.pk)
    message = InboundMessage.objects.get(pk=receipt.message.pk)

    assert message.party is None
    assert message.identity == IdentityStatus.CANDIDATES
    assert [c["party_id"] for c in message.candidates] == [anna.pk]
    assert any("naam" in reason for reason in message.candidates[0]["reasons"])
