"""WhatsApp intake on the Cloud API wire format (issue 5, "WhatsApp"; WA-01, WA-02, CH-09).

Webhooks are posted as Meta sends them (signed JSON) to the real endpoint; media comes from a
fake Graph API that is a real HTTP server speaking the same JSON (whatsapp_fake.py).
"""

from __future__ import annotations

import json

import pytest

from klantbeeld.channels.constants import IdentityStatus, InboundStatus, QuarantineReason
from klantbeeld.channels.intake import inbound_reprocess
from klantbeeld.channels.models import InboundMessage
from klantbeeld.channels.tests.whatsapp_support import (  # noqa: F401 (fixtures by name)
    PDF,
    PNG,
    WEBHOOK,
    account_fixture,
    anna_fixture,
    envelope,
    graph_fixture,
    post_fixture,
    quarantined,
    stored,
    text,
    wa_message,
)
from klantbeeld.channels.whatsapp.wire import signature_of
from klantbeeld.contacts.models import ContactMoment
from klantbeeld.core.constants import Channel
from klantbeeld.routing.models import WorkItem

pytestmark = pytest.mark.django_db

# --- the subscription handshake --------------------------------------------------------------


def test_the_handshake_echoes_the_challenge_for_a_known_verify_token(client, account):
    # when
    response = client.get(
        WEBHOOK,
        {
            "hub.mode": "subscribe",
            "hub.verify_token": "verifieer-dommelstad",
            "hub.challenge": "1158201444",
        },
    )
    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"1158201444"


def test_the_handshake_with_a_wrong_token_is_forbidden(client, account):
    response = client.get(
        WEBHOOK,
        {"hub.mode": "subscribe", "hub.verify_token": "raden", "hub.challenge": "1158201444"},
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert b"1158201444" not in response.content


def test_a_handshake_without_challenge_is_bad_input(client, account):
    response = client.get(
        WEBHOOK, {"hub.mode": "subscribe", "hub.verify_token": "verifieer-dommelstad"}
    )
    assert response.status_code == 400


# --- signature -------------------------------------------------------------------------------


def test_a_signed_text_message_becomes_a_contact_moment_and_a_work_item(post, account, anna):
    # when
    response = post(envelope(messages=[text("wamid.A1", "Mijn container is niet geleegd")]))
    # then
    assert response.status_code == 200
    message = stored("wamid.A1")
    assert message.status == InboundStatus.PROCESSED
    assert message.account == account
    assert message.sender_address == "+31612345678"
    assert message.sender_name == "Anna Jansen"
    assert message.party == anna
    assert message.identity == IdentityStatus.VERIFIED_ADDRESS
    assert message.contact_moment.content == "Mijn container is niet geleegd"
    assert message.contact_moment.channel == Channel.WHATSAPP
    assert WorkItem.objects.filter(conversation=message.conversation).count() == 1


def test_a_bad_signature_is_refused_and_kept_in_quarantine_unprocessed(post, account):
    # when
    response = post(envelope(messages=[text("wamid.B1", "Hallo")]), signature="sha256=" + "0" * 64)
    # then
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    [kept] = quarantined()
    assert kept.quarantine_reason == QuarantineReason.BAD_SIGNATURE
    assert b"wamid.B1" in bytes(kept.raw)
    assert not InboundMessage.objects.filter(external_id="wamid.B1").exists()
    assert ContactMoment.objects.count() == 0


def test_a_missing_signature_is_unauthenticated_and_kept_in_quarantine(post, account):
    response = post(envelope(messages=[text("wamid.B2", "Hallo")]), signature=None)
    assert response.status_code == 401
    [kept] = quarantined()
    assert kept.quarantine_reason == QuarantineReason.BAD_SIGNATURE
    assert ContactMoment.objects.count() == 0


def test_a_body_signed_with_another_secret_is_refused(post, account):
    raw = json.dumps(envelope(messages=[text("wamid.B3", "Hallo")])).encode()
    response = post(raw, signature=signature_of(raw, "een-ander-geheim"))
    assert response.status_code == 403


def test_a_webhook_for_a_number_we_do_not_have_is_not_found(post, account):
    response = post(envelope(messages=[text("wamid.C1", "Hallo")], number_id="999"))
    assert response.status_code == 404
    assert InboundMessage.objects.count() == 0


# --- idempotency and batches -----------------------------------------------------------------


def test_a_redelivered_webhook_creates_nothing_new(post, account, anna):
    payload = envelope(messages=[text("wamid.D1", "Wanneer wordt mijn container geleegd?")])
    post(payload)
    # when
    again = post(payload)
    # then
    assert again.status_code == 200
    assert again.json() == {"opgeslagen": 0, "al_ontvangen": 1, "quarantaine": 0}
    assert InboundMessage.objects.filter(external_id="wamid.D1").count() == 1
    assert ContactMoment.objects.count() == 1


def test_several_messages_in_one_webhook_are_each_stored_in_one_conversation(post, account, anna):
    response = post(
        envelope(messages=[text("wamid.E1", "Goedemorgen"), text("wamid.E2", "Mijn pas is kwijt")])
    )
    assert response.json()["opgeslagen"] == 2
    first, second = stored("wamid.E1"), stored("wamid.E2")
    assert first.status == second.status == InboundStatus.PROCESSED
    assert first.conversation == second.conversation
    assert WorkItem.objects.filter(conversation=first.conversation).count() == 1


# --- media and location ----------------------------------------------------------------------


def test_a_photo_is_downloaded_from_the_graph_api_and_attached(post, account, anna, graph):
    # given
    graph.media_add("1037543291543636", PNG, "image/png")
    image = {
        "caption": "Meterstand",
        "mime_type": "image/png",
        "sha256": "x",
        "id": "1037543291543636",
    }
    # when
    post(envelope(messages=[wa_message("wamid.F1", "image", image)]))
    # then
    message = stored("wamid.F1")
    assert message.status == InboundStatus.PROCESSED, message.quarantine_detail
    assert message.body == "Meterstand"
    [kept] = message.files.all()
    assert kept.content_type == "image/png"
    assert kept.file.read() == PNG
    [attachment] = message.contact_moment.attachments.all()
    assert attachment.content_type == "image/png"
    downloads = [r for r in graph.requests if r.path.startswith("/download/")]
    assert downloads[0].headers["Authorization"] == f"Bearer {graph.token}"


def test_a_document_keeps_its_file_name(post, account, anna, graph):
    graph.media_add("2222", PDF, "application/pdf")
    document = {"filename": "aanvraag.pdf", "mime_type": "application/pdf", "id": "2222"}
    post(envelope(messages=[wa_message("wamid.G1", "document", document)]))
    message = stored("wamid.G1")
    assert message.status == InboundStatus.PROCESSED, message.quarantine_detail
    assert message.body == "Document: aanvraag.pdf"
    assert [f.name for f in message.files.all()] == ["aanvraag.pdf"]
    assert message.contact_moment.attachments.get().content_type == "application/pdf"


def test_a_failed_media_download_is_quarantined_and_can_be_reprocessed(
    post, account, anna, graph, django_capture_on_commit_callbacks
):
    # given: Meta does not (yet) know the media id
    image = {"mime_type": "image/png", "id": "3333"}
    post(envelope(messages=[wa_message("wamid.H1", "image", image)]))
    message = stored("wamid.H1")
    assert message.status == InboundStatus.QUARANTINED
    assert message.quarantine_reason == QuarantineReason.PROCESSING_FAILED
    assert "3333" in message.quarantine_detail
    # when the media is there and the message is re-processed
    graph.media_add("3333", PNG, "image/png")
    with django_capture_on_commit_callbacks(execute=True):
        inbound_reprocess(message)
    # then
    message.refresh_from_db()
    assert message.status == InboundStatus.PROCESSED
    assert message.files.count() == 1


def test_a_location_becomes_readable_text(post, account, anna):
    location = {"latitude": 51.4416, "longitude": 5.4697, "name": "Stadhuis", "address": "Markt 1"}
    post(envelope(messages=[wa_message("wamid.I1", "location", location)]))
    message = stored("wamid.I1")
    assert message.body == "Locatie: Stadhuis, Markt 1 (51.4416, 5.4697)"
    assert message.contact_moment.content == message.body
    assert message.payload["message"]["location"]["latitude"] == 51.4416


@pytest.mark.parametrize(
    ("kind", "part"),
    [
        ("sticker", {"mime_type": "image/webp", "id": "4444", "animated": False}),
        ("unsupported", {}),
    ],
)
def test_a_message_type_we_do_not_handle_is_kept_in_quarantine(post, account, kind, part):
    message = wa_message("wamid.J1", kind, part)
    if kind == "unsupported":
        message.pop("unsupported")
        message["errors"] = [{"code": 131051, "title": "Message type unknown"}]
    response = post(envelope(messages=[message]))
    assert response.status_code == 200
    kept = stored("wamid.J1")
    assert kept.status == InboundStatus.QUARANTINED
    assert kept.quarantine_reason == QuarantineReason.UNKNOWN_MEDIA
    assert kind in kept.quarantine_detail
    assert ContactMoment.objects.count() == 0


# --- bad bodies --------------------------------------------------------------------------------


def test_an_oversized_body_is_refused_with_413_and_kept(post, account, settings):
    settings.KLANTBEELD_INBOUND_MAX_BYTES = 2_000
    payload = envelope(messages=[text("wamid.K1", "x" * 5_000)])
    response = post(payload)
    assert response.status_code == 413
    [kept] = quarantined()
    assert kept.quarantine_reason == QuarantineReason.OVERSIZED
    assert kept.provider == account.provider
    assert len(bytes(kept.raw)) == 2_000


def test_malformed_json_is_bad_input_and_kept(post, account):
    raw = b'{"object": "whatsapp_business_account", "entry": [{"changes": [{"value": {"metadata": {"phone_number_id": "106540352242922"}'
    response = post(raw)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    [kept] = quarantined()
    assert kept.quarantine_reason == QuarantineReason.MALFORMED
    assert bytes(kept.raw) == raw


def test_malformed_json_without_our_number_is_kept_for_the_account_that_signed_it(post, account):
    raw = b"dit is geen json"
    response = post(raw)
    assert response.status_code == 400
    [kept] = quarantined()
    assert kept.provider == account.provider


def test_unsigned_garbage_for_no_known_account_is_refused_without_storage(post, account):
    response = post(b"dit is geen json", signature=None)
    assert response.status_code == 400
    assert InboundMessage.objects.count() == 0
