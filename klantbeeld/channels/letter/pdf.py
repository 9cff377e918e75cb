"""Outbound letters as an A4 PDF for the print street (issue 5 "Letter"; POST-01, POST-04,
AR-15).

For customers who prefer post: the reply the employee wrote becomes a plain letter — the
organisation's name and return address, the customer's name and postal address where the
envelope window is, the date in Dutch, the subject, the text in its paragraphs, the employee's
name, and the organisation's phone number in the footer of every page (AR-15: always
reachable, never hidden). No stiff opening is added (POST-04): the text is the employee's.

Where the letter goes, in this order: ``outbound.details["address"]`` (an address the employee
chose: a dict with street/house_number/house_number_suffix/postcode/city, or a list of lines),
else the party's correspondence address, else its visit address (read through
``parties.selectors.access_party`` and logged as contact registration). Without one the send
fails permanently: a letter without an address cannot be posted.

"Sent" means *ready for the print street*: the PDF is stored (default storage,
``letters/YYYY/MM/<outbound uuid>.pdf``) and its path returned in the details; printing and
posting happen outside Klantbeeld.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer

from klantbeeld.channels.adapters import SendFailed, SendResult
from klantbeeld.channels.models import OutboundMessage
from klantbeeld.contacts.constants import ActorKind
from klantbeeld.contacts.models import ActorContactMoment
from klantbeeld.core import clock
from klantbeeld.core.errors import NotAccessible
from klantbeeld.parties.constants import PostalAddressKind
from klantbeeld.parties.selectors import access_party
from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.selectors import system_accessor

LETTER_TASK = "kanalen-brief"
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
_FONT_DIRECTORIES = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
LEFT = 25 * mm
# The address window of a Dutch C5/6 and DL envelope sits about 50 mm from the top, left.
ADDRESS_TOP = 50 * mm
BODY_TOP_FIRST_PAGE = 105 * mm


@dataclass(frozen=True)
class Letter:
    organisation: str
    return_address: tuple[str, ...]
    phone_number: str
    recipient: tuple[str, ...]
    date: str
    subject: str
    body: str
    signed_by: str


def letter_send(outbound: OutboundMessage) -> SendResult:
    """Render ``outbound`` as a PDF and store it for the print street (the adapter's send)."""
    letter = letter_for(outbound)
    content, pages = letter_render(letter)
    now = timezone.localtime(clock.now())
    path = f"letters/{now:%Y}/{now:%m}/{outbound.uuid}.pdf"
    if default_storage.exists(path):  # a retry after a failure further on: same letter, anew
        default_storage.delete(path)
    stored = default_storage.save(path, ContentFile(content))
    return SendResult(external_id=f"brief:{outbound.uuid}", details={"pdf": stored, "pages": pages})


def letter_for(outbound: OutboundMessage) -> Letter:
    provider = outbound.provider
    settings = outbound.account.settings if outbound.account is not None else {}
    name, address = _recipient(outbound)
    now = timezone.localtime(clock.now())
    return Letter(
        organisation=provider.name,
        return_address=_lines(settings.get("return_address", "")),
        phone_number=str(settings.get("phone_number") or provider.phone_number),
        recipient=(name, *address) if name else tuple(address),
        date=f"{now.day} {MONTHS[now.month - 1]} {now.year}",
        subject=outbound.subject,
        body=outbound.body,
        signed_by=_employee_name(outbound),
    )


def _recipient(outbound: OutboundMessage) -> tuple[str, list[str]]:
    details = outbound.details if isinstance(outbound.details, dict) else {}
    name = str(details.get("name", ""))
    chosen = details.get("address")
    if chosen:
        return name or _party_name(outbound), _address_lines(chosen)
    if outbound.party is None:
        raise SendFailed("Voor deze brief is geen postadres opgegeven.", permanent=True)
    accessor = system_accessor(
        provider=outbound.provider, task=LETTER_TASK, activities=(Activity.CONTACT_REGISTER,)
    )
    try:
        party = access_party(
            accessor=accessor, party_uuid=outbound.party.uuid, activity=Activity.CONTACT_REGISTER
        )
    except NotAccessible as exc:
        raise SendFailed("De klant van deze brief is niet gevonden.", permanent=True) from exc
    addresses = {address.kind: address for address in party.postal_addresses.all()}
    postal = addresses.get(PostalAddressKind.CORRESPONDENCE) or addresses.get(
        PostalAddressKind.VISIT
    )
    if postal is None:
        raise SendFailed("Van deze klant is geen postadres bekend.", permanent=True)
    return name or party.display_name, _address_lines(
        {
            "street": postal.street,
            "house_number": postal.house_number,
            "house_number_suffix": postal.house_number_suffix,
            "postcode": postal.postcode,
            "city": postal.city,
            "lines": [postal.address_line_1, postal.address_line_2, postal.address_line_3],
        }
    )


def _party_name(outbound: OutboundMessage) -> str:
    return outbound.party.display_name if outbound.party is not None else ""


def _address_lines(address: object) -> list[str]:
    """An address as the lines of the envelope window: street and number; postcode and city."""
    if isinstance(address, str):
        return list(_lines(address))
    if isinstance(address, Sequence):
        return [str(line) for line in address if str(line).strip()]
    if not isinstance(address, dict):
        raise SendFailed("Het postadres van deze brief is onleesbaar.", permanent=True)
    number = f"{address.get('house_number') or ''}{address.get('house_number_suffix') or ''}"
    street = " ".join(part for part in (str(address.get("street") or ""), number) if part)
    # PostNL: postcode, two spaces, the place in capitals.
    place = "  ".join(
        part
        for part in (str(address.get("postcode") or ""), str(address.get("city") or "").upper())
        if part
    )
    extra = [str(line) for line in address.get("lines") or [] if str(line).strip()]
    lines = extra if extra and not street else [line for line in (street, place) if line]
    if not lines:
        raise SendFailed("Het postadres van deze brief is leeg.", permanent=True)
    return lines


def _lines(value: object) -> tuple[str, ...]:
    if isinstance(value, list | tuple):
        return tuple(str(line) for line in value if str(line).strip())
    return tuple(line.strip() for line in str(value).splitlines() if line.strip())


def _employee_name(outbound: OutboundMessage) -> str:
    details = outbound.details if isinstance(outbound.details, dict) else {}
    if details.get("employee_name"):
        return str(details["employee_name"])
    if outbound.contact_moment_id is None:
        return ""
    link = (
        ActorContactMoment.objects.filter(
            contact_moment_id=outbound.contact_moment_id, actor__kind=ActorKind.EMPLOYEE
        )
        .select_related("actor")
        .order_by("pk")
        .first()
    )
    return link.actor.name if link is not None else ""


@cache
def _fonts() -> tuple[str, str]:
    """DejaVu when the machine has it (every name renders, ş and ł too), else Helvetica."""
    for directory in _FONT_DIRECTORIES:
        regular, bold = directory / "DejaVuSans.ttf", directory / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("Letter", str(regular)))
            pdfmetrics.registerFont(TTFont("Letter-Bold", str(bold)))
            return "Letter", "Letter-Bold"
    return "Helvetica", "Helvetica-Bold"


def letter_render(letter: Letter) -> tuple[bytes, int]:
    """The letter as PDF bytes, and its number of pages."""
    regular, bold = _fonts()
    buffer = io.BytesIO()
    width, height = A4
    text_width = width - 2 * LEFT
    first = Frame(LEFT, 25 * mm, text_width, height - BODY_TOP_FIRST_PAGE - 25 * mm, id="first")
    later = Frame(LEFT, 25 * mm, text_width, height - 50 * mm, id="later")
    pages = [0]

    def on_page(canvas: Canvas, document: BaseDocTemplate) -> None:
        pages[0] = document.page
        _footer(canvas, letter, regular, document.page)

    def on_first_page(canvas: Canvas, document: BaseDocTemplate) -> None:
        on_page(canvas, document)
        _letterhead(canvas, letter, regular, bold)

    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title=letter.subject or "Brief",
        author=letter.organisation,
        pageTemplates=[
            PageTemplate(
                id="first", frames=[first], onPage=on_first_page, autoNextPageTemplate="later"
            ),
            PageTemplate(id="later", frames=[later], onPage=on_page),
        ],
    )
    document.build(_story(letter, regular, bold))
    return buffer.getvalue(), pages[0]


def _letterhead(canvas: Canvas, letter: Letter, regular: str, bold: str) -> None:
    _, height = A4
    canvas.setFont(bold, 14)
    canvas.drawString(LEFT, height - 20 * mm, letter.organisation)
    canvas.setFont(regular, 8)
    for index, line in enumerate(letter.return_address):
        canvas.drawString(LEFT, height - 26 * mm - index * 10, line)
    canvas.setFont(regular, 11)
    for index, line in enumerate(letter.recipient):
        canvas.drawString(LEFT, height - ADDRESS_TOP - index * 14, line)


def _footer(canvas: Canvas, letter: Letter, regular: str, page: int) -> None:
    width, _ = A4
    canvas.setFont(regular, 8)
    reach = f"Vragen? Bel {letter.phone_number}" if letter.phone_number else ""
    canvas.drawString(LEFT, 15 * mm, " · ".join(p for p in (letter.organisation, reach) if p))
    canvas.drawRightString(width - LEFT, 15 * mm, f"pagina {page}")


def _story(letter: Letter, regular: str, bold: str) -> list[Paragraph | Spacer]:
    text = ParagraphStyle("text", fontName=regular, fontSize=11, leading=15, spaceAfter=8)
    strong = ParagraphStyle("strong", parent=text, fontName=bold)
    story: list[Paragraph | Spacer] = [
        Paragraph(f"Datum: {escape(letter.date)}", text),
        Paragraph(f"Onderwerp: {escape(letter.subject)}", strong)
        if letter.subject
        else Spacer(0, 0),
        Spacer(0, 6 * mm),
    ]
    for paragraph in _paragraphs(letter.body):
        story.append(Paragraph("<br/>".join(escape(line) for line in paragraph), text))
    story += [Spacer(0, 4 * mm), Paragraph("Met vriendelijke groet,", text)]
    story += [
        Paragraph(escape(line), text) for line in (letter.signed_by, letter.organisation) if line
    ]
    return story


def _paragraphs(body: str) -> list[list[str]]:
    """Paragraphs split at blank lines; a single line break stays a line break."""
    paragraphs: list[list[str]] = [[]]
    for line in body.replace("\r\n", "\n").split("\n"):
        if line.strip():
            paragraphs[-1].append(line.rstrip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return [paragraph for paragraph in paragraphs if paragraph]
