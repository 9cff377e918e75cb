"""Builders and real local mail servers for the e-mail channel tests (issue 5; MAIL-01).

mail-devel (aiosmtpd + pymap, in memory) is the IMAP server; aiosmtpd's Controller is the SMTP
server. Both listen on free loopback ports only.
"""

from __future__ import annotations

import imaplib
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from klantbeeld.channels.models import ChannelAccount
from klantbeeld.core.constants import Channel

TOKEN = "geheim-token-voor-de-mailgateway"
ACCOUNT_ADDRESS = "kcc@dommelstad.example"
MAIL_PASSWORD = "secret"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def mail(
    *,
    subject: str = "Vraag over mijn aanslag",
    body: str = "Beste medewerker,\n\nIk heb een vraag over mijn aanslag.\n\nGroet, Anna",
    sender: str = "Anna Jansen <anna@example.nl>",
    message_id: str | None = "<vraag-1@example.nl>",
    in_reply_to: str = "",
    attachment: tuple[str, str, bytes] | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ACCOUNT_ADDRESS
    message["Subject"] = subject
    message["Date"] = "Mon, 04 May 2026 10:12:00 +0200"
    if message_id:
        message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    message.set_content(body)
    if attachment:
        name, content_type, content = attachment
        main, sub = content_type.split("/")
        message.add_attachment(content, maintype=main, subtype=sub, filename=name)
    return message.as_bytes()


def email_account(
    provider, *, address: str = ACCOUNT_ADDRESS, **settings: object
) -> ChannelAccount:
    return ChannelAccount.objects.create(
        provider=provider,
        channel=Channel.EMAIL,
        name="Gemeente Dommelstad",
        address=address,
        settings={"inbound_token": TOKEN, **settings},
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def port_wait(port: int, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


@dataclass
class MailDevel:
    """A running mail-devel: one in-memory mailbox per user name (``--multi-user``)."""

    process: subprocess.Popen[bytes]
    imap_port: int

    def connect(self, user: str) -> imaplib.IMAP4:
        conn = imaplib.IMAP4("127.0.0.1", self.imap_port, timeout=10)
        conn.login(user, MAIL_PASSWORD)
        conn.select("INBOX")
        return conn

    def append(self, user: str, raw: bytes) -> None:
        conn = self.connect(user)
        try:
            response = conn.append("INBOX", None, None, raw)
            assert response[0] == "OK", response
        finally:
            conn.logout()

    def imap_settings(self, user: str) -> dict[str, object]:
        return {
            "host": "127.0.0.1",
            "port": self.imap_port,
            "ssl": False,
            "user": user,
            "password": MAIL_PASSWORD,
        }


def mail_devel_start() -> MailDevel:
    imap_port, smtp_port = free_port(), free_port()
    command = [
        str(Path(sys.executable).with_name("mail_devel")),
        "--host",
        "127.0.0.1",
        "--password",
        MAIL_PASSWORD,
        "--multi-user",
        "--no-http",
        "--imap-port",
        str(imap_port),
        "--smtp-port",
        str(smtp_port),
    ]
    # The command is fixed above: our venv's mail_devel, loopback, free ports.
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        port_wait(imap_port)
    except RuntimeError:
        process.kill()
        raise
    return MailDevel(process=process, imap_port=imap_port)


@dataclass
class Collecting:
    """An aiosmtpd handler that keeps what it received; ``refuse`` answers RCPT with it."""

    received: list[Envelope] = field(default_factory=list)
    refuse: str = ""

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.received.append(envelope)
        return "250 Message accepted for delivery"


def smtp_start(handler: Collecting) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller
