"""The e-mail channel against real local servers: IMAP polling and IDLE (mail-devel), SMTP
sending (aiosmtpd), and the round trip that threads a customer's answer (issue 5; MAIL-01,
AR-18)."""

from __future__ import annotations

import threading
import time
from email import message_from_bytes, policy
from itertools import count

import pytest

from klantbeeld.channels.adapters import SendFailed
from klantbeeld.channels.constants import IdentityStatus, InboundStatus, OutboundStatus
from klantbeeld.channels.email.imap import (
    idle_supported,
    idle_wait,
    mailbox_open,
    mailbox_poll,
    mailboxes_poll,
)
from klantbeeld.channels.email.smtp import email_send
from klantbeeld.channels.models import InboundMessage, OutboundMessage
from klantbeeld.channels.outbound import outbound_deliver_once
from klantbeeld.channels.tests.email_support import (
    ACCOUNT_ADDRESS,
    Collecting,
    email_account,
    free_port,
    mail,
    mail_devel_start,
    smtp_start,
)
from klantbeeld.contacts.models import ContactMoment
from klantbeeld.core.constants import Channel

pytestmark = pytest.mark.django_db(transaction=False)
_USERS = count(1)


@pytest.fixture(scope="module")
def mail_devel():
    server = mail_devel_start()
    yield server
    server.process.terminate()
    server.process.wait(timeout=10)


@pytest.fixture
def mailbox_user():
    """A fresh, empty mailbox on the shared server (mail-devel keeps one per user name)."""
    return f"kcc{next(_USERS)}@dommelstad.example"


@pytest.fixture
def smtp_server():
    handler = Collecting()
    controller = smtp_start(handler)
    yield handler, controller.port
    controller.stop()


def _inline_processing(settings):
    settings.KLANTBEELD_CHANNELS_INLINE = True


# --- IMAP -----------------------------------------------------------------------------------


def test_polling_stores_each_new_mail_once_and_marks_it_seen(
    provider, mail_devel, mailbox_user, settings, django_capture_on_commit_callbacks
):
    # given two mails in the mailbox
    _inline_processing(settings)
    account = email_account(provider, imap=mail_devel.imap_settings(mailbox_user))
    mail_devel.append(mailbox_user, mail(message_id="<een@example.nl>", subject="Eerste vraag"))
    mail_devel.append(mailbox_user, mail(message_id="<twee@example.nl>", subject="Tweede vraag"))

    # when
    with django_capture_on_commit_callbacks(execute=True):
        stored = mailbox_poll(account)

    # then
    assert stored == 2
    messages = InboundMessage.objects.order_by("external_id")
    assert [m.subject for m in messages] == ["Eerste vraag", "Tweede vraag"]
    assert {m.status for m in messages} == {InboundStatus.PROCESSED}
    assert ContactMoment.objects.filter(channel=Channel.EMAIL).count() == 2
    account.refresh_from_db()
    assert account.settings["imap_state"]["last_uid"] > 0
    with mailbox_open(account) as conn:
        _, unseen = conn.uid("SEARCH", None, "UNSEEN")
    assert unseen == [b""]

    # and a second poll finds nothing new
    assert mailbox_poll(account) == 0
    assert InboundMessage.objects.count() == 2


def test_a_crash_before_the_position_was_saved_refetches_without_duplicates(
    provider, mail_devel, mailbox_user, django_capture_on_commit_callbacks
):
    # given a poll that stored the mail, then "crashed" before the UID was remembered
    account = email_account(provider, imap=mail_devel.imap_settings(mailbox_user))
    mail_devel.append(mailbox_user, mail(message_id="<crash@example.nl>"))
    with django_capture_on_commit_callbacks(execute=True):
        mailbox_poll(account)
    account.settings.pop("imap_state")
    account.save()

    # when the next poll reads the folder again
    with django_capture_on_commit_callbacks(execute=True):
        stored = mailbox_poll(account)

    # then
    assert stored == 0
    assert InboundMessage.objects.count() == 1
    assert ContactMoment.objects.count() == 1


def test_an_oversized_mail_is_not_downloaded_and_its_headers_are_quarantined(
    provider, mail_devel, mailbox_user, settings
):
    settings.KLANTBEELD_INBOUND_MAX_BYTES = 1_500
    account = email_account(provider, imap=mail_devel.imap_settings(mailbox_user))
    mail_devel.append(mailbox_user, mail(message_id="<groot@example.nl>", body="Bijlage. " * 400))

    assert mailbox_poll(account) == 1

    message = InboundMessage.objects.get()
    assert message.status == InboundStatus.QUARANTINED
    assert message.external_id == "<groot@example.nl>"
    assert b"Bijlage." not in bytes(message.raw)


def test_mailboxes_poll_skips_accounts_without_imap_and_survives_a_dead_server(
    provider, mail_devel, mailbox_user, other_provider
):
    email_account(provider, imap=mail_devel.imap_settings(mailbox_user))
    dead = {**mail_devel.imap_settings("x@y"), "port": free_port()}
    email_account(other_provider, address="kcc@water.example", imap=dead)
    email_account(other_provider, address="post@water.example")  # no IMAP: not polled
    mail_devel.append(mailbox_user, mail())

    assert mailboxes_poll() == 1


def test_idle_reports_new_mail_and_times_out_when_nothing_comes(provider, mail_devel, mailbox_user):
    account = email_account(provider, imap=mail_devel.imap_settings(mailbox_user))
    with mailbox_open(account) as conn:
        assert idle_supported(conn)
        started = time.monotonic()
        assert idle_wait(conn, 0.3) is False
        assert time.monotonic() - started < 5

        later = threading.Timer(0.3, mail_devel.append, args=(mailbox_user, mail()))
        later.start()
        started = time.monotonic()
        assert idle_wait(conn, 10) is True
        assert time.monotonic() - started < 5
        later.join()


# --- SMTP -----------------------------------------------------------------------------------


def _outbound(account, **fields):
    values = {
        "provider": account.provider,
        "account": account,
        "channel": Channel.EMAIL,
        "to_address": "anna@example.nl",
        "subject": "Re: Vraag over mijn aanslag",
        "body": "Beste Anna,\n\nUw aanslag is aangepast.",
        "references": ["<vraag-0@example.nl>", "<vraag-1@example.nl>"],
        **fields,
    }
    return OutboundMessage.objects.create(**values)


def _smtp(port):
    return {"host": "127.0.0.1", "port": port, "starttls": False}


def test_a_reply_leaves_from_the_mailbox_with_our_message_id_and_thread_headers(
    provider, smtp_server
):
    handler, port = smtp_server
    account = email_account(provider, smtp=_smtp(port))

    result = email_send(_outbound(account))

    [envelope] = handler.received
    assert envelope.mail_from == ACCOUNT_ADDRESS
    assert envelope.rcpt_tos == ["anna@example.nl"]
    sent = message_from_bytes(envelope.original_content, policy=policy.default)
    assert sent["From"].addresses[0].addr_spec == ACCOUNT_ADDRESS
    assert sent["Message-ID"] == result.external_id
    assert result.external_id.endswith("@dommelstad.example>")
    assert sent["In-Reply-To"] == "<vraag-1@example.nl>"
    assert sent["References"] == "<vraag-0@example.nl> <vraag-1@example.nl>"
    assert "Uw aanslag is aangepast." in sent.get_body().get_content()


def test_a_5xx_refusal_is_permanent_and_a_dead_server_is_retried(provider, smtp_server):
    handler, port = smtp_server
    handler.refuse = "550 5.1.1 Mailbox unavailable"
    account = email_account(provider, smtp=_smtp(port))

    with pytest.raises(SendFailed) as refused:
        email_send(_outbound(account))
    account.settings["smtp"] = _smtp(free_port())
    with pytest.raises(SendFailed) as unreachable:
        email_send(_outbound(account))

    assert refused.value.permanent is True
    assert unreachable.value.permanent is False


def test_a_no_reply_sender_is_refused(provider):
    account = email_account(provider)
    account.address = "noreply@dommelstad.example"

    with pytest.raises(SendFailed) as refused:
        email_send(_outbound(account))

    assert refused.value.permanent is True


def test_without_smtp_settings_django_email_backend_is_used(provider, mailoutbox):
    account = email_account(provider)

    result = email_send(_outbound(account, references=[]))

    [sent] = mailoutbox
    assert sent.extra_headers["Message-ID"] == result.external_id
    assert "In-Reply-To" not in sent.extra_headers


# --- round trip ---------------------------------------------------------------------------


def test_the_customers_answer_to_our_reply_lands_in_the_same_conversation(
    client, provider, smtp_server, django_capture_on_commit_callbacks
):
    # given a customer's question, answered by an employee by e-mail
    handler, port = smtp_server
    account = email_account(provider, smtp=_smtp(port))
    url = f"/kanalen/email/{account.uuid}/raw"
    headers = {"Authorization": f"Bearer {account.settings['inbound_token']}"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data=mail(), content_type="message/rfc822", headers=headers)
    question = InboundMessage.objects.get()
    reply = _outbound(
        account, conversation=question.conversation, references=[question.external_id]
    )
    assert outbound_deliver_once(reply.pk) == OutboundStatus.SENT
    reply.refresh_from_db()

    # when the customer answers from another address, with a new subject
    answer = mail(
        sender="A. Jansen <a.jansen@werk.example>",
        subject="Nog een vraag",
        message_id="<antwoord@werk.example>",
        in_reply_to=reply.external_id,
        body="Dank u. Nog een vraag.\n\nOp 4 mei schreef KCC <kcc@dommelstad.example>:\n> Beste Anna",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data=answer, content_type="message/rfc822", headers=headers)

    # then
    assert response.status_code == 202
    answered = InboundMessage.objects.get(external_id="<antwoord@werk.example>")
    assert answered.status == InboundStatus.PROCESSED
    assert answered.conversation == question.conversation
    assert answered.body == "Dank u. Nog een vraag."
    sent = message_from_bytes(handler.received[0].original_content, policy=policy.default)
    assert sent["Message-ID"] == reply.external_id
    assert sent["In-Reply-To"] == question.external_id
    assert answered.identity in (IdentityStatus.THREAD, IdentityStatus.UNKNOWN)
