"""``klantbeeld channels work|status|reprocess|poll-email``: run and inspect the inbound path."""

from __future__ import annotations

import signal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from klantbeeld.channels.constants import InboundStatus, OutboundStatus, QuarantineReason
from klantbeeld.channels.email.imap import mailbox_watch, mailboxes_poll
from klantbeeld.channels.intake import inbound_reprocess
from klantbeeld.channels.models import ChannelAccount, InboundMessage, OutboundMessage
from klantbeeld.channels.worker import drain, work_loop
from klantbeeld.core.constants import Channel


class Command(BaseCommand):
    help = "Kanalen: berichten verwerken, quarantaine bekijken en opnieuw aanbieden."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        work = sub.add_parser(
            "work", help="Verwerk binnenkomende berichten en verstuur antwoorden."
        )
        work.add_argument("--drain", action="store_true", help="Stop als er niets meer wacht.")
        work.add_argument("--idle", type=float, default=0.5, help="Wachttijd zonder werk (s).")
        sub.add_parser("status", help="Aantallen per status en quarantainereden.")
        poll = sub.add_parser("poll-email", help="Haal nieuwe e-mail op uit de mailboxen (IMAP).")
        poll.add_argument(
            "--watch", metavar="ACCOUNT_UUID", help="Blijf één mailbox volgen (IDLE)."
        )
        poll.add_argument("--interval", type=float, default=60.0, help="Seconden tussen rondes.")
        again = sub.add_parser("reprocess", help="Bied berichten uit quarantaine opnieuw aan.")
        again.add_argument("--id", type=int, action="append", default=[])
        again.add_argument("--reason", choices=QuarantineReason.values)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "work":
            self._work(drain_only=options["drain"], idle=options["idle"])
        elif action == "status":
            self._status()
        elif action == "poll-email":
            self._poll_email(watch=options["watch"], interval=options["interval"])
        else:
            self._reprocess(ids=options["id"], reason=options["reason"])

    def _work(self, *, drain_only: bool, idle: float) -> None:
        if drain_only:
            self.stdout.write(f"verwerkt: {drain()}")
            return
        stopping = self._stop_on_signals()
        self.stdout.write("Kanalenwerker draait; Ctrl-C stopt na de lopende stap.")
        work_loop(idle_seconds=idle, stop=lambda: stopping["now"])

    def _poll_email(self, *, watch: str | None, interval: float) -> None:
        if not watch:
            self.stdout.write(f"{mailboxes_poll()} nieuwe e-mail(s) opgeslagen")
            return
        try:
            account = ChannelAccount.objects.get(uuid=watch, channel=Channel.EMAIL, is_active=True)
        except (ChannelAccount.DoesNotExist, ValidationError) as exc:
            raise CommandError(f"Geen actieve e-mailaccount met uuid {watch}.") from exc
        stopping = self._stop_on_signals()
        mailbox_watch(account, poll_interval=interval, should_stop=lambda: stopping["now"])

    def _stop_on_signals(self) -> dict[str, bool]:
        stopping = {"now": False}

        def stop(*_: object) -> None:
            stopping["now"] = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        return stopping

    def _status(self) -> None:
        for row in (
            InboundMessage.objects.values("status").annotate(n=Count("id")).order_by("status")
        ):
            self.stdout.write(f"binnenkomend {InboundStatus(row['status']).label}: {row['n']}")
        quarantined = InboundMessage.objects.filter(status=InboundStatus.QUARANTINED)
        for row in (
            quarantined.values("quarantine_reason")
            .annotate(n=Count("id"))
            .order_by("quarantine_reason")
        ):
            label = (
                QuarantineReason(row["quarantine_reason"]).label
                if row["quarantine_reason"]
                else "?"
            )
            self.stdout.write(f"  quarantaine — {label}: {row['n']}")
        for row in (
            OutboundMessage.objects.values("status").annotate(n=Count("id")).order_by("status")
        ):
            self.stdout.write(f"uitgaand {OutboundStatus(row['status']).label}: {row['n']}")

    def _reprocess(self, *, ids: list[int], reason: str | None) -> None:
        if not ids and not reason:
            raise CommandError("Geef --id of --reason op.")
        messages = InboundMessage.objects.filter(status=InboundStatus.QUARANTINED)
        messages = messages.filter(pk__in=ids) if ids else messages.filter(quarantine_reason=reason)
        count = 0
        for message in messages:
            inbound_reprocess(message)
            count += 1
        self.stdout.write(f"opnieuw aangeboden: {count}")
