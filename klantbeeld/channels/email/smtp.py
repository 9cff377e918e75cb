"""Sending a reply by e-mail so that it threads and can be answered (issue 5; MAIL-01, AR-18).

- **From** is the mailbox the organisation reads (``ChannelAccount.address``), never a no-reply
  address: one that looks like it is refused outright, because a customer who cannot answer
  is the dead end AR-18 describes.
- **Message-ID** is ours (``make_msgid`` with the account's domain) and is returned as the
  OutboundMessage's external id; a customer's answer names it in In-Reply-To, which is how the
  pipeline puts that answer in the same conversation.
- **In-Reply-To / References** come from ``outbound.references`` (the customer's mails this
  answers), so the customer's mail program shows one thread.
- **Connection**: the account's own ``settings["smtp"]`` when it has one, else Django's
  ``EMAIL_*`` settings (and its e-mail backend, so tests can use the in-memory one).
- **Errors**: an SMTP 5xx reply is permanent (``SendFailed(permanent=True)``: retrying cannot
  help); a 4xx reply, a refused or dropped connection or a timeout is retried by the caller.
"""

from __future__ import annotations

import re
import smtplib
from email.utils import formataddr, make_msgid

from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from klantbeeld.channels.adapters import SendFailed, SendResult
from klantbeeld.channels.email.parse import message_id_normal
from klantbeeld.channels.models import ChannelAccount, OutboundMessage

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DEFAULT_TIMEOUT_SECONDS = 30
# AR-18: an address a customer cannot answer is never the sender.
_NO_REPLY = re.compile(r"^(?:no-?reply|do-?not-?reply|niet-?beantwoorden|geen-?antwoord)\b", re.I)


def email_send(outbound: OutboundMessage) -> SendResult:
    """Send ``outbound``; returns our Message-ID as the external id. Raises SendFailed."""
    account = outbound.account
    if account is None:
        raise SendFailed("Geen e-mailaccount om vanaf te verzenden.", permanent=True)
    if _NO_REPLY.match(account.address):
        raise SendFailed(
            "Het afzenderadres is een no-reply-adres; klanten moeten kunnen antwoorden.",
            permanent=True,
        )
    if not outbound.to_address:
        raise SendFailed("Geen e-mailadres van de klant.", permanent=True)
    message_id = make_msgid(domain=account.address.rpartition("@")[2] or None)
    mail = EmailMessage(
        subject=outbound.subject or f"Bericht van {account.name}",
        body=outbound.body,
        from_email=formataddr((account.name, account.address)),
        to=[outbound.to_address],
        headers={"Message-ID": message_id, **_thread_headers(outbound.references)},
        connection=account_connection(account),
    )
    try:
        sent = mail.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        raise SendFailed(
            f"Ontvanger geweigerd: {codes}", permanent=all(c >= 500 for c in codes)
        ) from exc
    except smtplib.SMTPResponseException as exc:
        detail = f"SMTP {exc.smtp_code}: {_text(exc.smtp_error)}"
        raise SendFailed(detail, permanent=exc.smtp_code >= 500) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise SendFailed(f"Mailserver niet bereikbaar: {type(exc).__name__}: {exc}") from exc
    if not sent:
        raise SendFailed("De mailserver nam het bericht niet aan.")
    return SendResult(external_id=message_id, details={"from": account.address})


def _thread_headers(references: object) -> dict[str, str]:
    ids = (
        [message_id_normal(str(ref)) for ref in references or []]
        if isinstance(references, list)
        else []
    )
    ids = [ref for ref in ids if ref]
    if not ids:
        return {}
    return {"In-Reply-To": ids[-1], "References": " ".join(ids[-20:])}


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else str(value)


def account_connection(account: ChannelAccount) -> BaseEmailBackend:
    """The account's own SMTP server, else Django's configured e-mail backend."""
    smtp = account.settings.get("smtp") if isinstance(account.settings, dict) else None
    if not isinstance(smtp, dict) or not smtp.get("host"):
        return get_connection(fail_silently=False)
    use_ssl = bool(smtp.get("ssl", False))
    return get_connection(
        SMTP_BACKEND,
        fail_silently=False,
        host=str(smtp["host"]),
        port=int(smtp.get("port") or (465 if use_ssl else 587)),
        username=str(smtp.get("user") or ""),
        password=str(smtp.get("password") or ""),
        use_tls=bool(smtp.get("starttls", not use_ssl)),
        use_ssl=use_ssl,
        timeout=int(smtp.get("timeout") or DEFAULT_TIMEOUT_SECONDS),
    )
