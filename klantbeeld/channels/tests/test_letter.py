"""The letter channel: scans in through Tesseract's Dutch model, replies out as a PDF (issue 5
"Letter"; POST-01, POST-03, POST-05, AR-15, CH-09).

The letters are made here: text rendered with a TrueType font into a 300 dpi page, embedded in a
PDF as an image so OCR is needed, as with a real scan. OCR tests need ``tesseract`` with the
``nld`` model and FAIL without it (CI installs both; the Makefile names the packages).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from klantbeeld.channels.adapters import SendFailed, adapter_for
from klantbeeld.channels.constants import IdentityStatus, InboundStatus, QuarantineReason
from klantbeeld.channels.letter import extraction, ocr
from klantbeeld.channels.letter.pdf import letter_send
from klantbeeld.channels.letter.upload import letter_receive
from klantbeeld.channels.models import ChannelAccount, InboundMessage, OutboundMessage
from klantbeeld.channels.outbound import outbound_deliver_once
from klantbeeld.channels.pipeline import inbound_process
from klantbeeld.contacts.constants import ActorKind
from klantbeeld.contacts.models import ActorContactMoment, ContactMoment
from klantbeeld.core.constants import Channel
from klantbeeld.parties.models import PostalAddress
from tests.factories import ActorFactory, PartyFactory, address_for

pytestmark = pytest.mark.django_db


TOKEN = "scanstraat-geheim-1"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BSN = "111222333"  # passes the 11-test; no real person's
LETTER = [
    "J. de Vries",
    "Lindelaan 42",
    "5611 AB Eindhoven",
    "",
    "Gemeente Dommelstad",
    "Afdeling Belastingen",
    "Postbus 900",
    "5600 AZ Dommelstad",
    "",
    "Eindhoven, 3 maart 2025",
    "",
    "Betreft: bezwaar tegen aanslag gemeentelijke belastingen 2025",
    "",
    "Geachte heer, mevrouw,",
    "",
    "Hierbij maak ik bezwaar tegen de aanslag gemeentelijke belastingen",
    "met aanslagnummer 2025-0047311. De WOZ-waarde van mijn woning is",
    "volgens mij te hoog vastgesteld. Vergelijkbare woningen in de straat",
    "hebben een lagere waarde gekregen.",
    "",
    f"Mijn burgerservicenummer is {BSN}.",
    "",
    "Ik verzoek u de aanslag te herzien en mij schriftelijk te antwoorden.",
    "",
    "Met vriendelijke groet,",
    "",
    "J. de Vries",
]


@pytest.fixture
def ocr_ready():
    """OCR tests fail, never skip, when the machine cannot OCR: CI must install it."""
    try:
        ocr.ocr_check()
    except ocr.OcrUnavailable as exc:
        pytest.fail(f"OCR is not available on this machine: {exc}", pytrace=False)


@pytest.fixture(autouse=True)
def _media_and_no_inline(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # Processing is called explicitly, so each test says when OCR runs.
    settings.KLANTBEELD_CHANNELS_INLINE = False


@pytest.fixture
def account(provider):
    return ChannelAccount.objects.create(
        provider=provider,
        channel=Channel.LETTER,
        name="Postkamer",
        address="postkamer",
        settings={
            "inbound_token": TOKEN,
            "return_address": ["Postbus 900", "5600 AZ Dommelstad"],
        },
    )


def page_image(lines=LETTER, *, scanned: bool = False) -> Image.Image:
    """An A4 page at 300 dpi; ``scanned`` tilts it, blurs it a little and adds grain."""
    dpi = 300
    image = Image.new("L", (int(8.27 * dpi), int(11.69 * dpi)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), int(11 / 72 * dpi))
    y = int(0.9 * dpi)
    for line in lines:
        draw.text((int(0.9 * dpi), y), line, font=font, fill=20)
        y += int(16 / 72 * dpi)
    if scanned:
        image = image.rotate(0.6, fillcolor=255).filter(ImageFilter.GaussianBlur(0.5))
        grain = Image.effect_noise(image.size, 25)
        image = Image.blend(image, grain, 0.06)
    return image


def encoded(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def scanned_pdf(image: Image.Image) -> bytes:
    """A PDF whose page is only a JPEG picture of the letter, as an office scanner makes it."""
    picture = ImageReader(io.BytesIO(encoded(image, "JPEG", quality=85)))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.drawImage(picture, 0, 0, width=A4[0], height=A4[1])
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def upload(client, account, content: bytes, name="scan.pdf", token=TOKEN, **data):
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    files = {"file": _named(content, name)} if content is not None else {}
    return client.post(
        f"/kanalen/brief/{account.uuid}/scan", data={**files, **data}, headers=headers
    )


def _named(content: bytes, name: str) -> io.BytesIO:
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def processed(response) -> InboundMessage:
    message = InboundMessage.objects.get(uuid=response.json()["id"])
    inbound_process(message.pk)
    message.refresh_from_db()
    return message


def words_in(text: str, words: tuple[str, ...]) -> list[str]:
    lowered = text.lower()
    return [word for word in words if word in lowered]


KEY_WORDS = ("bezwaar", "aanslag", "gemeentelijke belastingen", "woz-waarde", "herzien")


# --- the rules of the text (no OCR, no database) --------------------------------------------


@pytest.mark.parametrize(
    ("digits", "valid"), [("111222333", True), ("123456782", True), ("123456789", False)]
)
def test_the_eleven_test_recognises_a_bsn(digits, valid):
    assert extraction.is_bsn(digits) is valid


def test_the_subject_is_the_betreft_line_with_a_bsn_masked():
    text = "J. de Vries\n\nBetreft: bezwaar, BSN 111222333\n\nGeachte heer,"

    assert extraction.subject_from(text) == "bezwaar, BSN •••••••••"
    assert extraction.subject_from("Geachte heer,\n12\n") == "Brief"


def test_the_senders_address_is_found_and_the_organisations_postbus_skipped():
    text = (
        "Gemeente Dommelstad\nPostbus 900\n5600 AZ Dommelstad\n\nLindelaan 42a\n5611 AB Eindhoven"
    )

    hint = extraction.postal_hint(text)

    assert hint == extraction.PostalHint(postcode="5611 AB", house_number=42)
    assert extraction.postal_hint("Postcode en huisnummer: 5611AB 7") == extraction.PostalHint(
        "5611 AB", 7
    )
    assert (
        extraction.postal_hint(
            "Dorpsstraat 1\n5600 AZ Dommelstad", own_postcodes=frozenset({"5600 AZ"})
        )
        is None
    )


# --- inbound: scan → OCR → contact moment ----------------------------------------------------


@pytest.mark.slow
def test_a_scanned_letter_becomes_a_contact_moment_with_text_scan_and_address(
    client, account, provider, ocr_ready
):
    # given a customer living at the address the letter comes from
    customer = PartyFactory(provider=provider, given_names="Joost", surname="de Vries")
    address_for(customer, postcode="5611 AB", number=42)
    content = scanned_pdf(page_image(scanned=True))

    # when the post room uploads the scan and it is processed
    response = upload(client, account, content, sender_name="J. de Vries")
    message = processed(response)

    # then the scan was received, read, and registered with the scan attached
    assert response.status_code == 202
    assert response.json()["duplicate"] is False
    assert message.status == InboundStatus.PROCESSED, message.quarantine_detail
    contact = ContactMoment.objects.get(pk=message.contact_moment_id)
    assert contact.channel == Channel.LETTER
    assert len(words_in(contact.content, KEY_WORDS)) >= 4, contact.content
    assert "bezwaar" in contact.subject.lower()
    assert [a.name for a in contact.attachments.all()] == ["scan.pdf"]
    # the sender's address (not the Postbus) proposes the customer living there
    assert message.payload["postcode"] == "5611 AB"
    assert message.payload["house_number"] == 42
    assert message.identity in (IdentityStatus.CANDIDATES, IdentityStatus.VERIFIED_ADDRESS)
    assert str(customer.uuid) in [c["party_uuid"] for c in message.candidates]
    assert message.party is None  # an address on paper is a lead, never proof (PRIV-04)
    # the BSN stays in the letter's text only
    assert BSN in contact.content
    assert BSN not in json.dumps(message.payload)
    assert BSN not in message.subject
    assert message.payload["bsn_in_text"] is True
    assert message.payload["ocr"]["pages"][0]["confidence"] >= 70


@pytest.mark.slow
def test_an_employee_uploads_a_phone_photo_of_a_letter_from_the_workspace(provider, ocr_ready):
    # given a JPEG of the letter, tilted and grainy
    content = encoded(page_image(scanned=True), "JPEG", quality=70)

    # when the workspace hands it over
    receipt = letter_receive(provider, content, "brief.jpg", "J. de Vries")
    inbound_process(receipt.message.pk)
    message = InboundMessage.objects.get(pk=receipt.message.pk)

    # then it is read like a scan
    assert receipt.created
    assert message.status == InboundStatus.PROCESSED, message.quarantine_detail
    assert len(words_in(message.body, KEY_WORDS)) >= 4, message.body
    assert message.files.get().content_type == "image/jpeg"


def test_the_same_scan_uploaded_twice_is_one_message(client, account):
    content = scanned_pdf(page_image())

    first = upload(client, account, content)
    second = upload(client, account, content, name="opnieuw.pdf")

    assert first.status_code == second.status_code == 202
    assert second.json() == {**first.json(), "duplicate": True}
    assert InboundMessage.objects.count() == 1


def test_a_blank_page_is_quarantined_for_an_employee_to_type(client, account, ocr_ready):
    response = upload(client, account, encoded(page_image(lines=[]), "PNG"), name="leeg.png")

    message = processed(response)

    assert message.status == InboundStatus.QUARANTINED
    assert message.quarantine_reason == QuarantineReason.MALFORMED
    assert "Typ de brief over" in message.quarantine_detail
    assert ContactMoment.objects.count() == 0


def test_a_text_file_named_pdf_is_quarantined_as_unknown_media(client, account):
    response = upload(client, account, b"Dit is geen scan maar tekst.\n", name="brief.pdf")

    message = processed(response)

    assert response.status_code == 202
    assert message.status == InboundStatus.QUARANTINED
    assert message.quarantine_reason == QuarantineReason.UNKNOWN_MEDIA
    assert ContactMoment.objects.count() == 0


# --- the endpoint's answers to bad input -----------------------------------------------------


@pytest.mark.parametrize("token", ["fout-token", "", None])
def test_a_wrong_or_missing_token_is_refused_and_nothing_stored(client, account, token):
    response = upload(client, account, b"%PDF-1.4 ...", token=token)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Bearer"
    assert InboundMessage.objects.count() == 0


def test_an_unknown_account_is_not_found(client, account):
    response = client.post(
        "/kanalen/brief/00000000-0000-0000-0000-000000000000/scan",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )

    assert response.status_code == 404
    assert response.json()["status"] == 404


@pytest.mark.parametrize("content", [b"", None])
def test_an_empty_or_missing_file_is_a_problem_and_nothing_stored(client, account, content):
    response = upload(client, account, content)

    assert response.status_code == 400
    body = response.json()
    assert set(body) >= {"type", "title", "status", "detail", "instance"}
    assert "file" in body["detail"]
    assert InboundMessage.objects.count() == 0


def test_an_oversized_scan_is_413_and_kept_in_quarantine(client, account, settings):
    settings.KLANTBEELD_INBOUND_MAX_BYTES = 1_000

    response = upload(client, account, b"%PDF-1.4\n" + b"0" * 5_000)

    assert response.status_code == 413
    message = InboundMessage.objects.get()
    assert message.status == InboundStatus.QUARANTINED
    assert message.quarantine_reason == QuarantineReason.OVERSIZED
    assert message.payload == {"name": "scan.pdf", "size_bytes": 5_009}


# --- outbound: the reply as a PDF for the print street ---------------------------------------


def _outbound(
    provider,
    account,
    party,
    body="Wij hebben uw bezwaar ontvangen.\n\nU hoort binnen zes weken van ons.",
    **details,
):
    return OutboundMessage.objects.create(
        provider=provider,
        account=account,
        channel=Channel.LETTER,
        party=party,
        subject="Uw bezwaar tegen de aanslag",
        body=body,
        details=details,
    )


def _pdf_text(storage_path: str, settings) -> tuple[int, str]:
    document = pdfium.PdfDocument(str(Path(settings.MEDIA_ROOT) / storage_path))
    text = "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    return len(document), " ".join(text.split())


def test_a_reply_by_post_is_an_a4_pdf_with_address_date_and_phone(provider, account, settings):
    # given a customer with a correspondence address and an organisation phone number
    provider.phone_number = "14 040"
    provider.save()
    customer = PartyFactory(provider=provider, given_names="Joost", surname="de Vries")
    PostalAddress.objects.create(
        party=customer,
        kind="correspondentieadres",
        street="Lindelaan",
        house_number=42,
        house_number_suffix="a",
        postcode="5611 AB",
        city="Eindhoven",
    )
    outbound = _outbound(provider, account, customer, employee_name="M. Kok")

    # when the letter adapter sends it
    send = adapter_for(Channel.LETTER).send
    assert send is letter_send
    result = send(outbound)

    # then a stored PDF holds the letter, ready for the print street
    assert result.external_id == f"brief:{outbound.uuid}"
    assert str(result.details["pdf"]).startswith("letters/")
    assert str(result.details["pdf"]).endswith(f"/{outbound.uuid}.pdf")
    pages, text = _pdf_text(str(result.details["pdf"]), settings)
    assert pages == result.details["pages"] == 1
    for expected in (
        "Joost de Vries",
        "Lindelaan 42a",
        "5611 AB EINDHOVEN",
        "Postbus 900",
        "Uw bezwaar tegen de aanslag",
        "U hoort binnen zes weken van ons.",
        "M. Kok",
        "Vragen? Bel 14 040",
    ):
        assert expected in text, expected


def test_a_long_letter_runs_over_pages_each_with_the_phone_number(provider, account, settings):
    provider.phone_number = "14 040"
    provider.save()
    customer = PartyFactory(provider=provider)
    address_for(customer)
    body = "\n\n".join(f"Alinea {n}: " + "Wij leggen uit wat er gebeurt. " * 12 for n in range(20))

    result = letter_send(_outbound(provider, account, customer, body=body))

    pages, text = _pdf_text(str(result.details["pdf"]), settings)
    assert pages == result.details["pages"]
    assert pages >= 2
    assert text.count("Vragen? Bel") == pages


def test_the_address_the_employee_chose_wins_and_the_employee_signs(provider, account, settings):
    customer = PartyFactory(provider=provider, given_names="Joost", surname="de Vries")
    address_for(customer, postcode="1234 AB")
    outbound = _outbound(
        provider,
        account,
        customer,
        address={"street": "Kerkstraat", "house_number": 3, "postcode": "9999 ZZ", "city": "Ons"},
    )
    employee = ActorFactory(provider=provider, kind=ActorKind.EMPLOYEE, name="Mira Kok")
    contact = ContactMoment.objects.create(
        provider=provider, channel=Channel.LETTER, subject="x", occurred_at=outbound.created_at
    )
    ActorContactMoment.objects.create(actor=employee, contact_moment=contact)
    OutboundMessage.objects.filter(pk=outbound.pk).update(contact_moment=contact)
    outbound.refresh_from_db()

    result = letter_send(outbound)

    _, text = _pdf_text(str(result.details["pdf"]), settings)
    assert "9999 ZZ ONS" in text
    assert "1234 AB" not in text
    assert "Mira Kok" in text


def test_a_letter_without_any_address_fails_for_good(provider, account):
    outbound = _outbound(provider, account, PartyFactory(provider=provider))

    with pytest.raises(SendFailed) as failure:
        letter_send(outbound)

    assert failure.value.permanent
    assert "postadres" in failure.value.detail


def test_delivery_marks_the_letter_sent_with_its_pdf(provider, account):
    customer = PartyFactory(provider=provider)
    address_for(customer)
    outbound = _outbound(provider, account, customer)

    status = outbound_deliver_once(outbound.pk)

    outbound.refresh_from_db()
    assert status == outbound.status == "verzonden"
    assert outbound.external_id == f"brief:{outbound.uuid}"
    assert outbound.details["pages"] == 1
