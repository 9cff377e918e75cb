"""RFC 5322 bytes → :class:`Incoming`: what an e-mail says, or why it cannot be read (issue 5;
CH-01, MAIL-01).

The rules this module owns:

- **Id**: the Message-ID (always in ``<...>`` form, so it compares with the ids we give our
  own mails in ``smtp.py``); a message without one gets ``content_id(raw)``, so the same bytes
  delivered twice are still one message.
- **Threading**: References then In-Reply-To, de-duplicated, become ``references``; the
  pipeline finds our OutboundMessage among them and continues that conversation.
- **Body**: the text/plain alternative; else the HTML one reduced to text. Quoted history of a
  reply is cut with one simple, visible rule (:func:`quoted_history_strip`); the whole mail
  stays in ``raw``, so nothing the customer wrote is lost.
- **Files**: every leaf part that is not the chosen body (or its HTML twin), with its declared
  content type; an attached e-mail (message/rfc822) is kept whole as an ``.eml`` file. Whether
  a file's type is acceptable is decided on the shared path (``attachment_add`` sniffs the
  bytes; an unknown type quarantines the message as ``onbekend_mediatype``).
- **Broken MIME → Quarantine**: no headers at all, no sender address, a multipart whose parts
  cannot be found, an unknown character set, an attachment whose base64 cannot be decoded.
  Tolerated, because real mail does it every day: a missing closing boundary, bad padding.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email import errors, policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from html import unescape
from html.parser import HTMLParser

from klantbeeld.channels.adapters import Quarantine
from klantbeeld.channels.constants import QuarantineReason
from klantbeeld.channels.intake import Incoming, IncomingFile, content_id
from klantbeeld.core.constants import Channel

MAX_REFERENCES = 50
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
_STRUCTURAL_DEFECTS = (
    errors.NoBoundaryInMultipartDefect,
    errors.StartBoundaryNotFoundDefect,
    errors.MultipartInvariantViolationDefect,
)


def email_parse(raw: bytes) -> Incoming:
    """Read one e-mail; raises :class:`Quarantine` (``kapotte_mime``) when it cannot be read."""
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        return _incoming(message, raw)
    except Quarantine:
        raise
    except (LookupError, UnicodeError, ValueError, TypeError, IndexError, AttributeError) as exc:
        # The stdlib parser is lenient, but header and content access can still trip over a
        # badly broken mail; that is the mail's fault, so it is quarantined, not a crash.
        raise _broken(f"{type(exc).__name__}: {exc}") from exc


def _broken(detail: str) -> Quarantine:
    return Quarantine(QuarantineReason.BROKEN_MIME, detail)


def _incoming(message: EmailMessage, raw: bytes) -> Incoming:
    if not message.keys():
        raise _broken("Geen e-mailkoppen gevonden; dit is geen e-mailbericht.")
    for part in message.walk():
        for defect in part.defects:
            if isinstance(defect, _STRUCTURAL_DEFECTS):
                raise _broken(f"MIME-structuur onleesbaar: {type(defect).__name__}.")
    sender_name, sender_address = _sender(message)
    body_part = message.get_body(preferencelist=("plain", "html"))
    body, from_html = _body_text(body_part)
    body, quoted_removed = quoted_history_strip(body)
    skip = {id(body_part), id(message.get_body(preferencelist=("html",)))}
    message_id = message_id_normal(str(message.get("Message-ID", "")))
    references = _references(message)
    return Incoming(
        channel=Channel.EMAIL,
        external_id=message_id or content_id(raw),
        sender_address=sender_address,
        sender_name=sender_name,
        subject=_one_line(str(message.get("Subject", ""))),
        body=body,
        sent_at=_sent_at(message),
        references=references,
        payload={
            "email": {
                "parsed": True,
                "message_id": message_id,
                "to": _addresses(message, "To"),
                "cc": _addresses(message, "Cc"),
                "body_from_html": from_html,
                "quoted_removed": quoted_removed,
            }
        },
        raw=raw,
        files=tuple(_files(message, skip)),
    )


def _sender(message: EmailMessage) -> tuple[str, str]:
    header = message.get("From")
    addresses = getattr(header, "addresses", ()) if header is not None else ()
    for address in addresses:
        if address.addr_spec and "@" in address.addr_spec:
            return address.display_name, address.addr_spec.lower()
    raise _broken("Geen afzender (From) met een e-mailadres.")


def _addresses(message: EmailMessage, name: str) -> list[str]:
    header = message.get(name)
    return [a.addr_spec for a in getattr(header, "addresses", ()) if a.addr_spec]


def message_id_normal(value: str) -> str:
    """The first ``<id>`` in a header value; a bare id is wrapped in angle brackets."""
    found = _MESSAGE_ID.search(value)
    if found:
        return found.group(0)
    value = value.strip()
    return f"<{value}>" if value and " " not in value else ""


def _references(message: EmailMessage) -> tuple[str, ...]:
    ids: list[str] = []
    for name in ("References", "In-Reply-To"):
        for value in message.get_all(name, []):
            ids += [found for found in _MESSAGE_ID.findall(str(value)) if found not in ids]
    return tuple(ids[-MAX_REFERENCES:])


def _sent_at(message: EmailMessage) -> datetime | None:
    header = message.get("Date")
    when = getattr(header, "datetime", None) if header is not None else None
    if not isinstance(when, datetime):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _body_text(part: Message | None) -> tuple[str, bool]:
    if part is None:
        return "", False
    content = _text_content(part)
    if part.get_content_subtype() == "html":
        return html_to_text(content), True
    return content.replace("\r\n", "\n").strip(), False


def _text_content(part: Message) -> str:
    charset = part.get_content_charset() or "us-ascii"
    try:
        "".encode(charset)
    except LookupError as exc:
        raise _broken(f"Onbekende tekenset {charset!r}.") from exc
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    return payload.decode(charset, errors="replace")


def _files(message: EmailMessage, skip: set[int]) -> list[IncomingFile]:
    files: list[IncomingFile] = []
    stack: list[Message] = [message]
    while stack:
        part = stack.pop(0)
        content_type = part.get_content_type()
        if content_type == "message/rfc822":
            files.append(_attached_mail(part, len(files)))
        elif part.is_multipart():
            stack.extend(part.get_payload())  # type: ignore[arg-type]
        elif id(part) not in skip:
            files.append(_leaf_file(part, len(files)))
    return files


def _attached_mail(part: Message, index: int) -> IncomingFile:
    inner = part.get_payload()
    inner_message = inner[0] if isinstance(inner, list) and inner else None
    content = inner_message.as_bytes() if isinstance(inner_message, Message) else b""
    name = part.get_filename() or f"bijlage-{index + 1}.eml"
    return IncomingFile(name=name, content_type="message/rfc822", content=content)


def _leaf_file(part: Message, index: int) -> IncomingFile:
    content = part.get_payload(decode=True)
    if any(isinstance(defect, errors.InvalidBase64LengthDefect) for defect in part.defects):
        raise _broken(f"Bijlage {index + 1} is niet te decoderen (base64).")
    if not isinstance(content, bytes):
        content = b""
    content_type = part.get_content_type()
    extension = {"text/plain": ".txt", "text/html": ".html"}.get(content_type, "")
    name = part.get_filename() or f"bijlage-{index + 1}{extension}"
    return IncomingFile(name=name, content_type=content_type, content=content)


# --- quoted history -----------------------------------------------------------------------
# The rule, kept simple so a person can predict it: cut at the first line that introduces the
# quoted previous mail ("Op ... schreef ...:", "On ... wrote:", an "Oorspronkelijk bericht"
# / "Original Message" separator, or an Outlook "Van:" block followed by "Verzonden:"/"Sent:"),
# and drop a trailing run of ">" lines. When nothing would be left, the text stays whole.
_ATTRIBUTION = re.compile(
    r"^\s*(?:(?:op|on)\b.{0,200}\b(?:schreef|wrote)\b.{0,80}:\s*$"
    r"|-{2,}\s*(?:oorspronkelijk bericht|original message|doorgestuurd bericht|"
    r"forwarded message)\s*-{2,}\s*$)",
    re.IGNORECASE,
)
_OUTLOOK_FROM = re.compile(r"^\s*(?:van|from)\s*:", re.IGNORECASE)
_OUTLOOK_SENT = re.compile(r"^\s*(?:verzonden|sent|datum|date)\s*:", re.IGNORECASE)


def quoted_history_strip(text: str) -> tuple[str, bool]:
    """The customer's own words of a reply, and whether quoted history was cut off."""
    lines = text.split("\n")
    cut = len(lines)
    for index, line in enumerate(lines):
        next_line = lines[index + 1] if index + 1 < len(lines) else ""
        if _ATTRIBUTION.match(line) or (
            _OUTLOOK_FROM.match(line) and _OUTLOOK_SENT.match(next_line)
        ):
            cut = index
            break
    while cut > 0 and (lines[cut - 1].startswith(">") or not lines[cut - 1].strip()):
        cut -= 1
    kept = "\n".join(lines[:cut]).strip()
    if not kept or cut == len(lines):
        return text.strip(), False
    return kept, True


# --- HTML to text -------------------------------------------------------------------------
_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table"}
_HIDDEN = {"script", "style", "head", "title"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Readable text of an HTML mail: scripts and styles dropped, blocks on their own lines."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = (" ".join(unescape(line).split()) for line in "".join(extractor.parts).split("\n"))
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
