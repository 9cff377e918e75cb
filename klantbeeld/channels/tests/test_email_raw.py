"""``POST /kanalen/email/<account>/raw``: stored once, threaded, quarantined, never a 500
(issue 5, items 1 and 2; MAIL-01)."""

from __future__ import annotations

import pytest

from klantbeeld.channels.constants import IdentityStatus, InboundStatus, QuarantineReason
from klantbeeld.channels.models import InboundMessage
from klantbeeld.channels.pipeline import inbound_process
from klantbeeld.channels.tests.email_support import PDF, TOKEN, email_account, mail
from klantbeeld.contacts.models import ContactMoment
from klantbeeld.parties.constants import DigitalAddressKind
from klantbeeld.parties.models import DigitalAddress
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(provider):
    return email_account(provider)


def _post(client, account, raw, *, token=TOKEN, content_type="message/rfc822"):
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return client.post(
        f"/kanalen/email/{account.uuid}/raw", data=raw, content_type=content_type, headers=headers
    )


def test_a_raw_mail_is_stored_processed_and_becomes_a_contact_moment(
    client, account, provider, django_capture_on_commit_callbacks
):
    # given a customer whose address is verified
    anna = PartyFactory(provider=provider, given_names="Anna", surname="Jansen")
    DigitalAddress.objects.create(
        provider=provider,
        party=anna,
        kind=DigitalAddressKind.EMAIL,
        value="anna@example.nl",
        verified_at=anna.created_at,
    )

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, account, mail(attachment=("scan.pdf", "application/pdf", PDF)))

    # then
    assert response.status_code == 202
    message = InboundMessage.objects.get()
    assert response.json() == {"id": str(message.uuid), "status": InboundStatus.RECEIVED}
    assert message.status == InboundStatus.PROCESSED
    assert message.account == account
    assert message.identity == IdentityStatus.VERIFIED_ADDRESS
    assert message.party == anna
    contact = message.contact_moment
    assert contact.subject == "Vraag over mijn aanslag"
    assert "Ik heb een vraag over mijn aanslag." in contact.content
    assert [attachment.name for attachment in contact.attachments.all()] == ["scan.pdf"]


def test_a_redelivered_mail_answers_200_with_the_same_id_and_creates_nothing(
    client, account, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _post(client, account, mail())
    with django_capture_on_commit_callbacks(execute=True):
        again = _post(client, account, mail())

    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json()["id"] == first.json()["id"]
    assert InboundMessage.objects.count() == 1
    assert ContactMoment.objects.count() == 1


@pytest.mark.parametrize("token", [None, "fout-token", ""])
def test_a_bad_token_is_401_and_stores_nothing(client, account, token):
    response = _post(client, account, mail(), token=token)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert InboundMessage.objects.count() == 0


def test_an_account_without_a_token_accepts_nothing(client, provider):
    account = email_account(provider, inbound_token="")

    response = _post(client, account, mail(), token="")

    assert response.status_code == 401
    assert InboundMessage.objects.count() == 0


def test_an_oversized_mail_is_413_and_its_headers_are_kept_in_quarantine(client, account, settings):
    settings.KLANTBEELD_INBOUND_MAX_BYTES = 2_000
    raw = mail(body="Lange brief. " * 400)

    response = _post(client, account, raw)

    assert response.status_code == 413
    message = InboundMessage.objects.get()
    assert response.json()["id"] == str(message.uuid)
    assert message.status == InboundStatus.QUARANTINED
    assert message.quarantine_reason == QuarantineReason.OVERSIZED
    assert message.external_id == "<vraag-1@example.nl>"
    assert b"Subject: Vraag over mijn aanslag" in bytes(message.raw)
    assert b"Lange brief." not in bytes(message.raw)


def test_an_oversized_mail_put_back_from_quarantine_stays_there(client, account, settings):
    settings.KLANTBEELD_INBOUND_MAX_BYTES = 2_000
    _post(client, account, mail(body="Lange brief. " * 400))
    message = InboundMessage.objects.get()
    InboundMessage.objects.filter(pk=message.pk).update(status=InboundStatus.RECEIVED)

    assert inbound_process(message.pk) == InboundStatus.QUARANTINED
    message.refresh_from_db()
    assert message.quarantine_reason == QuarantineReason.OVERSIZED
    assert ContactMoment.objects.count() == 0


def test_broken_mime_is_422_and_kept_in_quarantine(client, account):
    raw = b"Subject: geen afzender\r\n\r\nHallo\r\n"

    response = _post(client, account, raw)
    again = _post(client, account, raw)

    assert response.status_code == 422
    assert again.json()["id"] == response.json()["id"]
    message = InboundMessage.objects.get()
    assert message.quarantine_reason == QuarantineReason.BROKEN_MIME
    assert bytes(message.raw) == raw


def test_a_body_that_is_not_a_mail_is_415_and_kept_in_quarantine(client, account):
    response = _post(client, account, b'{"geen": "mail"}', content_type="application/json")

    assert response.status_code == 415
    message = InboundMessage.objects.get()
    assert message.quarantine_reason == QuarantineReason.UNKNOWN_MEDIA


def test_an_empty_body_is_400_problem_json(client, account):
    response = _post(client, account, b"")

    assert response.status_code == 400
    assert response.json()["status"] == 400
    assert InboundMessage.objects.count() == 0


def test_an_unknown_account_is_404(client, provider):
    response = client.post(
        "/kanalen/email/00000000-0000-0000-0000-000000000000/raw",
        data=mail(),
        content_type="message/rfc822",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )

    assert response.status_code == 404


def test_an_attachment_of_an_unknown_type_quarantines_the_mail_after_intake(
    client, account, django_capture_on_commit_callbacks
):
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\xff\xff\x00\x00\xb8"

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            client, account, mail(attachment=("factuur.exe", "application/octet-stream", program))
        )

    assert response.status_code == 202
    message = InboundMessage.objects.get()
    assert message.status == InboundStatus.QUARANTINED
    assert message.quarantine_reason == QuarantineReason.UNKNOWN_MEDIA
    assert ContactMoment.objects.count() == 0
