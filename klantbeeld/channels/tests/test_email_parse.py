"""Reading RFC 5322 mail: ids, threading headers, Dutch text, HTML, files, broken MIME (issue 5;
MAIL-01). No database: the parser is a rule module."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from klantbeeld.channels.adapters import Quarantine
from klantbeeld.channels.constants import QuarantineReason
from klantbeeld.channels.email.parse import email_parse, html_to_text, quoted_history_strip
from klantbeeld.channels.intake import content_id
from klantbeeld.channels.tests.email_support import PDF, mail


def test_a_multipart_mail_gives_sender_subject_text_and_the_attachment():
    # given
    raw = mail(attachment=("aanslag 2026.pdf", "application/pdf", PDF))

    # when
    incoming = email_parse(raw)

    # then
    assert incoming.external_id == "<vraag-1@example.nl>"
    assert incoming.sender_address == "anna@example.nl"
    assert incoming.sender_name == "Anna Jansen"
    assert incoming.subject == "Vraag over mijn aanslag"
    assert incoming.body.startswith("Beste medewerker,")
    assert incoming.sent_at == datetime(2026, 5, 4, 8, 12, tzinfo=UTC)
    assert incoming.raw == raw
    [attached] = incoming.files
    assert (attached.name, attached.content_type, attached.content) == (
        "aanslag 2026.pdf",
        "application/pdf",
        PDF,
    )


def test_quoted_printable_dutch_text_and_an_encoded_subject_are_decoded():
    raw = (
        b"From: =?utf-8?q?Ren=C3=A9_de_Vri=C3=ABs?= <rene@example.nl>\r\n"
        b"To: kcc@dommelstad.example\r\n"
        b"Subject: =?utf-8?q?Co=C3=B6rdinatie_van_mijn_verhuizing_naar_=C3=89de?=\r\n"
        b"Message-ID: <qp-1@example.nl>\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n"
        b"\r\n"
        b"Wij verhuizen per 1 juni. Wie co=C3=B6rdineert het idee=C3=ABn-loket? Dank, Ren=\r\n"
        b"=C3=A9\r\n"
    )

    incoming = email_parse(raw)

    assert incoming.sender_name == "René de Vriës"
    assert incoming.subject == "Coördinatie van mijn verhuizing naar Éde"
    assert incoming.body == "Wij verhuizen per 1 juni. Wie coördineert het ideeën-loket? Dank, René"


def test_a_latin1_mail_is_decoded_with_its_own_charset():
    raw = (
        b"From: piet@example.nl\r\nSubject: Caf\xe9\r\nMessage-ID: <l1@example.nl>\r\n"
        b"Content-Type: text/plain; charset=iso-8859-1\r\n\r\nDe caf\xe9 is dicht, h\xe8\r\n"
    )

    assert email_parse(raw).body == "De café is dicht, hè"


def test_an_html_only_mail_becomes_readable_text():
    raw = (
        b"From: anna@example.nl\r\nSubject: Container\r\nMessage-ID: <h1@example.nl>\r\n"
        b"Content-Type: text/html; charset=utf-8\r\n\r\n"
        b"<html><head><style>p{color:red}</style><script>alert(1)</script></head>"
        b"<body><p>Mijn container is <b>niet</b> geleegd.</p><p>Groet &amp; dank,<br>Anna</p>"
        b"</body></html>"
    )

    incoming = email_parse(raw)

    assert incoming.body == "Mijn container is niet geleegd.\n\nGroet & dank,\nAnna"
    details = incoming.payload["email"]
    assert isinstance(details, dict)
    assert details["body_from_html"] is True
    assert incoming.files == ()


def test_the_plain_alternative_wins_over_html_and_the_html_twin_is_no_attachment():
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "anna@example.nl"
    message["Message-ID"] = "<alt@example.nl>"
    message.set_content("Platte tekst")
    message.add_alternative("<p>HTML-tekst</p>", subtype="html")

    incoming = email_parse(message.as_bytes())

    assert incoming.body == "Platte tekst"
    assert incoming.files == ()


def test_a_mail_without_message_id_is_known_by_its_content_hash():
    raw = mail(message_id=None)

    incoming = email_parse(raw)

    assert incoming.external_id == content_id(raw)
    assert email_parse(raw).external_id == incoming.external_id


def test_reply_headers_become_references_in_order_without_duplicates():
    raw = (
        b"From: anna@example.nl\r\nMessage-ID: <r3@example.nl>\r\n"
        b"References: <r1@dommelstad.example>\r\n <r2@example.nl>\r\n"
        b"In-Reply-To: <r2@example.nl>\r\n\r\nJa.\r\n"
    )

    assert email_parse(raw).references == ("<r1@dommelstad.example>", "<r2@example.nl>")


def test_quoted_history_of_a_reply_is_cut_off():
    body = (
        "Ja, dat klopt.\n\nGroet, Anna\n\n"
        "Op 4 mei 2026 om 10:12 schreef Gemeente Dommelstad <kcc@dommelstad.example>:\n"
        "> Klopt het dat u verhuist?\n>\n> Met vriendelijke groet"
    )

    text, removed = quoted_history_strip(body)

    assert (text, removed) == ("Ja, dat klopt.\n\nGroet, Anna", True)


def test_an_outlook_style_quote_is_cut_and_text_that_is_only_a_quote_stays_whole():
    outlook = (
        "Prima.\n\nVan: KCC <kcc@dommelstad.example>\nVerzonden: maandag 4 mei 2026\nOnderwerp: x"
    )
    only_quote = "> alleen een citaat"

    assert quoted_history_strip(outlook) == ("Prima.", True)
    assert quoted_history_strip(only_quote) == ("> alleen een citaat", False)


def test_html_to_text_keeps_blocks_apart():
    assert html_to_text("<div>Een</div><div>Twee&nbsp;drie</div>") == "Een\n\nTwee drie"


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (b"\x00\x01\x02 dit is geen e-mail", "geen e-mailkoppen"),
        (b"Subject: zonder afzender\r\nMessage-ID: <x@y>\r\n\r\nHoi\r\n", "geen afzender"),
        (
            b"From: anna@example.nl\r\nMessage-ID: <b1@example.nl>\r\nMIME-Version: 1.0\r\n"
            b'Content-Type: multipart/mixed; boundary="grens"\r\n\r\n'
            b"Hier had een deel moeten staan, maar de grens ontbreekt.\r\n",
            "startboundarynotfound",
        ),
        (
            b"From: anna@example.nl\r\nMessage-ID: <c1@example.nl>\r\n"
            b"Content-Type: text/plain; charset=x-verzonnen\r\n\r\nHoi\r\n",
            "onbekende tekenset",
        ),
        (
            b"From: anna@example.nl\r\nMessage-ID: <d1@example.nl>\r\nMIME-Version: 1.0\r\n"
            b'Content-Type: multipart/mixed; boundary="g"\r\n\r\n--g\r\n'
            b"Content-Type: text/plain\r\n\r\nZie bijlage\r\n--g\r\n"
            b"Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
            b'Content-Disposition: attachment; filename="a.pdf"\r\n\r\nJVBERi0xL\r\n--g--\r\n',
            "base64",
        ),
    ],
    ids=["not-a-mail", "no-sender", "no-parts", "unknown-charset", "undecodable-attachment"],
)
def test_broken_mime_is_quarantined_with_the_reason(raw, why):
    with pytest.raises(Quarantine) as verdict:
        email_parse(raw)

    assert verdict.value.reason == QuarantineReason.BROKEN_MIME
    assert why in verdict.value.detail.lower()


def test_an_attached_mail_is_kept_whole_as_eml():
    from email.message import EmailMessage

    inner = EmailMessage()
    inner["From"] = "buurman@example.nl"
    inner["Subject"] = "Doorgestuurd"
    inner.set_content("Origineel bericht")
    outer = EmailMessage()
    outer["From"] = "anna@example.nl"
    outer["Message-ID"] = "<fw@example.nl>"
    outer.set_content("Zie de doorgestuurde mail.")
    outer.add_attachment(inner)

    [attached] = email_parse(outer.as_bytes()).files

    assert attached.content_type == "message/rfc822"
    assert attached.name.endswith(".eml")
    assert b"Origineel bericht" in attached.content
