"""``klantbeeld events status|redeliver|sweep|prune``: operate outbound notifications (issue 4).

The deliveries themselves are sent by the task worker, ``klantbeeld db_worker``; these
commands look at and repair the queue. ``sweep`` and ``prune`` are meant for cron.
"""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count, QuerySet

from klantbeeld.core import clock
from klantbeeld.core.models import Provider
from klantbeeld.events.models import Delivery, Subscription
from klantbeeld.events.services import deliveries_redeliver, deliveries_sweep, notifications_prune


class Command(BaseCommand):
    help = "Outbound notifications: show the queue, redeliver, sweep lost tasks, prune old rows."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("status", help="count deliveries per status")
        redeliver = actions.add_parser("redeliver", help="send given-up deliveries again now")
        redeliver.add_argument("--organisation", help="code of one organisation (default: all)")
        redeliver.add_argument("--subscription", help="uuid of one subscription")
        sweep = actions.add_parser("sweep", help="queue again deliveries whose task was lost")
        sweep.add_argument("--overdue-minutes", type=int, default=10)
        prune = actions.add_parser("prune", help="remove old notifications nothing waits for")
        prune.add_argument("--days", type=int, default=settings.KLANTBEELD_EVENTS_RETENTION_DAYS)

    def handle(self, *args: object, **options: object) -> None:
        action = options["action"]
        if action == "status":
            rows = Delivery.objects.values("status").annotate(count=Count("pk")).order_by("status")
            for row in rows:
                self.stdout.write(f"{row['status']}: {row['count']}")
        elif action == "redeliver":
            count = deliveries_redeliver(deliveries=self._deliveries(options))
            self.stdout.write(f"{count} deliveries queued again")
        elif action == "sweep":
            overdue = timedelta(minutes=int(options["overdue_minutes"]))  # type: ignore[call-overload]
            self.stdout.write(f"{deliveries_sweep(overdue=overdue)} deliveries queued again")
        else:
            before = clock.now() - timedelta(days=int(options["days"]))  # type: ignore[call-overload]
            count = notifications_prune(before=before)
            self.stdout.write(f"{count} notifications older than {before:%Y-%m-%d} removed")

    def _deliveries(self, options: dict[str, object]) -> QuerySet[Delivery]:
        deliveries = Delivery.objects.all()
        if options.get("organisation"):
            provider = Provider.objects.filter(code=options["organisation"]).first()
            if provider is None:
                raise CommandError(f"Onbekende organisatie: {options['organisation']}")
            deliveries = deliveries.filter(subscription__provider=provider)
        if options.get("subscription"):
            subscription_uuid = _uuid(options["subscription"])
            subscription = (
                Subscription.objects.filter(uuid=subscription_uuid).first()
                if subscription_uuid
                else None
            )
            if subscription is None:
                raise CommandError(f"Onbekend abonnement: {options['subscription']}")
            deliveries = deliveries.filter(subscription=subscription)
        return deliveries


def _uuid(value: object) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None
