"""Polling an organisation's mailbox over IMAP (issue 5, items 1 and 2; CH-01, MAIL-01).

What this module does, exactly:

- **Which mails**: every mail whose UID is above the last UID we stored (kept in
  ``account.settings["imap_state"]`` with the folder's UIDVALIDITY). Not UNSEEN: a colleague
  who opens the mailbox in a mail program must not make mails invisible to us. When the
  server's UIDVALIDITY changes, the folder is read again from the start; the Message-ID makes
  that harmless. The first poll of a new account reads the whole folder (set
  ``imap_state.last_uid`` by hand to start later).
- **Order, for "nothing lost, nothing twice"**: a mail is stored through ``inbound_receive``
  (committed) *before* it is flagged ``\\Seen`` and before the stored UID moves past it. A
  crash in between makes the next poll fetch it again, and the Message-ID finds the stored row.
  ``BODY.PEEK[]`` is used so fetching alone never marks a mail as read.
- **Oversized** mails (``RFC822.SIZE`` above ``KLANTBEELD_INBOUND_MAX_BYTES``) are not
  downloaded: their headers are kept in quarantine and the mail stays on the server.
- **IDLE**: ``imaplib`` (3.11) has no ``idle()``, so :func:`idle_wait` speaks the minimal RFC
  2177 exchange itself (``IDLE`` → ``+`` → wait for an untagged ``EXISTS``/``RECENT`` or the
  timeout → ``DONE`` → tagged ``OK``). :func:`mailbox_watch` polls, then IDLEs when the server
  advertises IDLE after login, else sleeps ``poll_interval`` seconds. The timeout stays under
  RFC 2177's 29 minutes.
- **IMAPS**: ``imaplib.IMAP4_SSL`` with the default (verifying) context when ``ssl`` is true
  (the default); plain IMAP only when ``ssl`` is false (the local test server).

Settings (``ChannelAccount.settings["imap"]``): host, port (993/143), ssl (true), user,
password, folder ("INBOX"), timeout (60 s).
"""

from __future__ import annotations

import imaplib
import logging
import re
import select
import ssl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from itertools import count

from django.db import transaction

from klantbeeld.channels.email.receive import email_oversized, email_receive, max_bytes
from klantbeeld.channels.models import ChannelAccount
from klantbeeld.core.constants import Channel

logger = logging.getLogger(__name__)

IDLE_MAX_SECONDS = 29 * 60
_UID = re.compile(rb"\bUID (\d+)")
_SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)")
_ACTIVITY = re.compile(rb"^\* \d+ (?:EXISTS|RECENT)\b")
_IDLE_TAGS = count(1)


class MailboxNotConfigured(ValueError):
    """The account has no usable ``settings["imap"]``."""


@dataclass(frozen=True)
class ImapSettings:
    host: str
    port: int
    ssl: bool
    user: str
    password: str
    folder: str
    timeout: float

    @classmethod
    def of(cls, account: ChannelAccount) -> ImapSettings:
        imap = account.settings.get("imap") if isinstance(account.settings, dict) else None
        if not isinstance(imap, dict) or not imap.get("host") or not imap.get("user"):
            raise MailboxNotConfigured(f"account {account.pk} has no imap host/user")
        use_ssl = bool(imap.get("ssl", True))
        return cls(
            host=str(imap["host"]),
            port=int(imap.get("port") or (993 if use_ssl else 143)),
            ssl=use_ssl,
            user=str(imap["user"]),
            password=str(imap.get("password") or ""),
            folder=str(imap.get("folder") or "INBOX"),
            timeout=float(imap.get("timeout") or 60),
        )


@contextmanager
def mailbox_open(account: ChannelAccount) -> Iterator[imaplib.IMAP4]:
    """A logged-in connection with the account's folder selected (read-write)."""
    config = ImapSettings.of(account)
    if config.ssl:
        conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(
            config.host,
            config.port,
            ssl_context=ssl.create_default_context(),
            timeout=config.timeout,
        )
    else:
        conn = imaplib.IMAP4(config.host, config.port, timeout=config.timeout)
    try:
        conn.login(config.user, config.password)
        status, _ = conn.select(_quoted(config.folder))
        if status != "OK":
            raise imaplib.IMAP4.error(f"cannot select folder {config.folder!r}")
        yield conn
    finally:
        with suppress(imaplib.IMAP4.error, OSError):
            conn.logout()


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def mailbox_poll(account: ChannelAccount) -> int:
    """Fetch the account's new mails once; returns how many new inbound messages were stored."""
    with mailbox_open(account) as conn:
        return _poll(conn, account)


def mailboxes_poll() -> int:
    """Poll every active e-mail account with IMAP settings; one failing mailbox does not stop
    the others (it is logged and polled again next time)."""
    stored = 0
    for account in ChannelAccount.objects.filter(
        channel=Channel.EMAIL, is_active=True
    ).select_related("provider"):
        if not isinstance(account.settings, dict) or "imap" not in account.settings:
            continue
        try:
            stored += mailbox_poll(account)
        except (imaplib.IMAP4.error, OSError, MailboxNotConfigured):
            logger.exception("polling a mailbox failed", extra={"account_id": account.pk})
    return stored


def _poll(conn: imaplib.IMAP4, account: ChannelAccount) -> int:
    uidvalidity = _uidvalidity(conn)
    state = account.settings.get("imap_state") or {}
    last_uid = int(state.get("last_uid", 0)) if state.get("uidvalidity") == uidvalidity else 0
    stored = 0
    for uid, size in _new_uids(conn, last_uid):
        if size > max_bytes():
            head = _fetch(conn, uid, "BODY.PEEK[HEADER]")
            received = email_oversized(account=account, head=head, size=size)
        else:
            received = email_receive(account=account, raw=_fetch(conn, uid, "BODY.PEEK[]"))
        stored += int(received.created)
        # Only now, with the mail committed, may the server and our state move past it.
        conn.uid("STORE", str(uid), "+FLAGS.SILENT", r"(\Seen)")
        _state_save(account, uidvalidity, uid)
    return stored


def _uidvalidity(conn: imaplib.IMAP4) -> str:
    _, data = conn.response("UIDVALIDITY")
    return (data[0] or b"").decode() if data and isinstance(data[0], bytes) else ""


def _new_uids(conn: imaplib.IMAP4, last_uid: int) -> list[tuple[int, int]]:
    """(uid, size) of the mails above ``last_uid``, oldest first. ``n:*`` always matches the
    newest mail even when its UID is below n, hence the filter."""
    status, data = conn.uid("FETCH", f"{last_uid + 1}:*", "(UID RFC822.SIZE)")
    if status != "OK":
        raise imaplib.IMAP4.error(f"UID FETCH failed: {data!r}")
    found: dict[int, int] = {}
    for item in data:
        line = item[0] if isinstance(item, tuple) else item
        if not isinstance(line, bytes):
            continue
        uid, size = _UID.search(line), _SIZE.search(line)
        if uid and size and int(uid.group(1)) > last_uid:
            found[int(uid.group(1))] = int(size.group(1))
    return sorted(found.items())


def _fetch(conn: imaplib.IMAP4, uid: int, what: str) -> bytes:
    status, data = conn.uid("FETCH", str(uid), f"({what})")
    if status != "OK":
        raise imaplib.IMAP4.error(f"UID FETCH {uid} failed: {data!r}")
    for item in data:
        if isinstance(item, tuple) and b"BODY[" in item[0]:
            return bytes(item[1])
    raise imaplib.IMAP4.error(f"UID FETCH {uid} returned no body")


def _state_save(account: ChannelAccount, uidvalidity: str, last_uid: int) -> None:
    """Store the position; re-read the row so an admin's change to other keys is kept."""
    with transaction.atomic():
        fresh = ChannelAccount.objects.select_for_update().get(pk=account.pk)
        fresh.settings = {
            **fresh.settings,
            "imap_state": {"uidvalidity": uidvalidity, "last_uid": last_uid},
        }
        fresh.save(update_fields=["settings", "updated_at"])
    account.settings = fresh.settings


# --- IDLE ---------------------------------------------------------------------------------


def idle_supported(conn: imaplib.IMAP4) -> bool:
    """Servers often advertise IDLE only after login, so ask again rather than trusting the
    greeting's list."""
    status, data = conn.capability()
    return status == "OK" and any(b"IDLE" in (item or b"").upper().split() for item in data)


def idle_wait(conn: imaplib.IMAP4, timeout: float) -> bool:
    """Wait in IDLE until the server reports new mail (True) or ``timeout`` passes (False)."""
    tag = f"KBIDLE{next(_IDLE_TAGS)}".encode()
    conn.send(tag + b" IDLE\r\n")
    line = conn.readline()
    while line.startswith(b"* "):  # untagged updates may come before the continuation
        line = conn.readline()
    if not line.startswith(b"+"):
        raise imaplib.IMAP4.error(f"IDLE refused: {line!r}")
    deadline = time.monotonic() + min(timeout, IDLE_MAX_SECONDS)
    activity = False
    while not activity and _readable(conn, deadline - time.monotonic()):
        activity = bool(_ACTIVITY.match(conn.readline()))
    conn.send(b"DONE\r\n")
    while True:
        line = conn.readline()
        if not line:
            raise imaplib.IMAP4.abort("connection closed during IDLE")
        if line.startswith(tag):
            return activity


def _readable(conn: imaplib.IMAP4, seconds: float) -> bool:
    """Whether the server said something within ``seconds``. Only the socket (and TLS's own
    buffer) is watched: a notice that arrived in the same packet as the ``+`` continuation sits
    in imaplib's read buffer and is read when IDLE ends — later, never lost."""
    if seconds <= 0:
        return False
    sock = conn.socket()
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return True
    ready, _, _ = select.select([sock], [], [], seconds)
    return bool(ready)


def mailbox_watch(
    account: ChannelAccount,
    *,
    poll_interval: float = 60.0,
    idle_timeout: float = 25 * 60,
    should_stop: Callable[[], bool] = lambda: False,
) -> None:
    """Poll, then wait for news: IDLE when offered, else ``poll_interval`` seconds; repeat until
    ``should_stop()``. A lost connection is reopened after ``poll_interval``."""
    while not should_stop():
        try:
            with mailbox_open(account) as conn:
                use_idle = idle_supported(conn)
                while not should_stop():
                    _poll(conn, account)
                    if use_idle:
                        idle_wait(conn, idle_timeout)
                    else:
                        time.sleep(poll_interval)
        except (imaplib.IMAP4.error, OSError):
            logger.exception("mailbox connection lost", extra={"account_id": account.pk})
            time.sleep(poll_interval)
