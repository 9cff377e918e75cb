"""The letter channel on the shared path (issue 5 "Letter"; POST-01, POST-03, POST-05, CH-09).

Inbound: the post room scans a letter (PDF, PNG, JPEG or TIFF) and uploads it (``views.py``,
or ``upload.letter_receive`` from the workspace). :func:`letter_prepare` reads every scan of the
message with Tesseract's Dutch model and fills the message before identity and threading:

- ``body``: the text, pages and scans in order; ``subject``: the "Betreft:" line, else the
  first meaningful line, else "Brief";
- ``payload["ocr"]``: per page the mean word confidence (0-100), the engine and the seconds
  it took; ``payload["postcode"]`` / ``payload["house_number"]``: the sender's address when the
  text has one, so identity resolution proposes the customers living there as candidates.

Privacy: a burgerservicenummer in the letter (nine digits passing the 11-test) is never copied
into the payload, the subject or a log line; only ``payload["bsn_in_text"] = True`` says the
employee will find one in the text. It is not used to identify the sender either: anyone can
write anyone's BSN on paper.

Unreadable — no words, or a mean confidence under the floor (account setting
``ocr_confidence_floor``, default 45) — is quarantined as ``onleesbaar`` so an employee types
the letter over; a file that is no PDF or image is ``onbekend_mediatype``; OCR missing on the
machine is ``verwerking_mislukt`` (re-process after installing it). Nothing is dropped.

Outbound: :func:`letter_send` renders the letter as a PDF (``pdf.py``) and stores it. "Sent"
means *ready for the print street*: the PDF is in storage under ``letters/YYYY/MM/``; printing
and posting happen outside Klantbeeld.
"""

from __future__ import annotations

import logging
import subprocess

from klantbeeld.channels.adapters import Adapter, Quarantine, adapter_register
from klantbeeld.channels.constants import QuarantineReason
from klantbeeld.channels.letter import extraction, ocr
from klantbeeld.channels.letter.pdf import letter_send
from klantbeeld.channels.models import ChannelAccount, InboundFile, InboundMessage
from klantbeeld.core.constants import Channel

logger = logging.getLogger(__name__)

CONFIDENCE_FLOOR = 45.0
# Fewer words than this is a blank page with specks, not a letter.
MINIMUM_WORDS = 3


def letter_prepare(message: InboundMessage) -> None:
    """OCR the message's scans into its body, subject and payload, or quarantine it."""
    stored_files = list(message.files.order_by("pk"))
    if not stored_files:
        raise Quarantine(QuarantineReason.MALFORMED, "Bij deze brief zit geen scan.")
    texts: list[str] = []
    pages: list[dict[str, object]] = []
    words = 0
    weighted = 0.0
    for stored in stored_files:
        document = _read(stored)
        texts.append(document.text)
        words += document.words
        weighted += document.confidence * document.words
        pages += [
            {
                "file": stored.name,
                "page": page.number,
                "confidence": page.confidence,
                "words": page.words,
            }
            for page in document.pages
        ]
    confidence = weighted / words if words else 0.0
    floor = _confidence_floor(message.account)
    text = "\n\n".join(part for part in texts if part).strip()
    if words < MINIMUM_WORDS or confidence < floor:
        raise Quarantine(
            QuarantineReason.MALFORMED,
            f"De scan is niet leesbaar ({words} woorden, zekerheid {confidence:.0f} van 100, "
            f"ondergrens {floor:.0f}). Typ de brief over of scan hem opnieuw.",
        )
    _fill(message, text, pages, confidence)
    logger.info(
        "letter read",
        extra={"message_id": message.pk, "pages": len(pages), "confidence": round(confidence)},
    )


def _read(stored: InboundFile) -> ocr.DocumentText:
    with stored.file.open("rb") as handle:
        content = handle.read()
    if ocr.media_type(content) is None:
        raise Quarantine(
            QuarantineReason.UNKNOWN_MEDIA,
            f"{stored.name}: geen PDF, PNG, JPEG of TIFF; een brief komt als scan binnen.",
        )
    try:
        return ocr.document_read(content)
    except ocr.OcrUnavailable as exc:
        raise Quarantine(QuarantineReason.PROCESSING_FAILED, str(exc)) from exc
    except ocr.UnreadableDocument as exc:
        raise Quarantine(QuarantineReason.MALFORMED, f"{stored.name}: {exc}") from exc
    except subprocess.TimeoutExpired as exc:
        raise Quarantine(
            QuarantineReason.PROCESSING_FAILED,
            f"{stored.name}: het lezen duurde langer dan {ocr.PAGE_TIMEOUT_SECONDS} s per pagina.",
        ) from exc


def _fill(
    message: InboundMessage, text: str, pages: list[dict[str, object]], confidence: float
) -> None:
    message.body = text
    message.subject = extraction.bsn_masked(message.subject).strip() or extraction.subject_from(
        text
    )
    payload = dict(message.payload) if isinstance(message.payload, dict) else {}
    payload["ocr"] = {
        "engine": "tesseract",
        "language": ocr.LANGUAGE,
        "confidence": round(confidence, 1),
        "pages": pages,
    }
    payload.pop("postcode", None)
    payload.pop("house_number", None)
    hint = extraction.postal_hint(text, own_postcodes=_own_postcodes(message.account))
    if hint is not None:
        payload["postcode"] = hint.postcode
        payload["house_number"] = hint.house_number
    payload["bsn_in_text"] = extraction.contains_bsn(text)
    message.payload = payload


def _confidence_floor(account: ChannelAccount | None) -> float:
    settings = account.settings if account is not None else {}
    try:
        return float(settings.get("ocr_confidence_floor", CONFIDENCE_FLOOR))
    except (TypeError, ValueError):
        return CONFIDENCE_FLOOR


def _own_postcodes(account: ChannelAccount | None) -> frozenset[str]:
    """The organisation's own postcodes (return address), never the sender's."""
    if account is None:
        return frozenset()
    address = account.settings.get("return_address", "")
    if isinstance(address, list):
        address = "\n".join(str(line) for line in address)
    return extraction.postcodes_in(str(address))


adapter_register(
    Adapter(
        channel=Channel.LETTER,
        # A letter names no digital address: identity comes from postcode, house number and
        # the name the post room typed, always as candidates for an employee to confirm.
        address_kinds=(),
        prepare=letter_prepare,
        send=letter_send,
    )
)
