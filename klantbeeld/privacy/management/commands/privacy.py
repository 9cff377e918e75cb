"""``klantbeeld privacy seal|verify|prune``: keep the processing log sealed, verified, pruned.

``verify`` exits 1 when any organisation's chain is broken, naming the position and why, so it
can run from cron or a monitoring check (PRIV-05).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from klantbeeld.core import clock
from klantbeeld.core.models import Provider
from klantbeeld.privacy.logbook import (
    processing_log_prune,
    processing_log_seal,
    processing_log_verify,
)
from klantbeeld.privacy.retention import retention_apply


class Command(BaseCommand):
    help = "Seal, verify or prune the processing log (logboek dataverwerkingen)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        for name, text in (
            ("seal", "seal records that are not yet in the hash chain"),
            ("verify", "recompute the hash chain and report the first break"),
            ("prune", "remove records older than the log's retention period"),
            ("retention", "apply the register's retention periods to customer data"),
        ):
            action = actions.add_parser(name, help=text)
            action.add_argument("--organisation", help="code of one organisation (default: all)")

    def handle(self, *args: object, **options: object) -> None:
        providers = Provider.objects.order_by("code")
        if options.get("organisation"):
            providers = providers.filter(code=options["organisation"])
            if not providers.exists():
                raise CommandError(f"Onbekende organisatie: {options['organisation']}")
        action = options["action"]
        broken = 0
        for provider in providers:
            if action == "seal":
                count = processing_log_seal(provider_id=provider.pk)
                self.stdout.write(f"{provider.code}: {count} records sealed")
            elif action == "retention":
                touched = retention_apply(provider=provider)
                self.stdout.write(f"{provider.code}: {touched}")
            elif action == "prune":
                before = clock.now() - timedelta(
                    days=settings.KLANTBEELD_PROCESSING_LOG_RETENTION_DAYS
                )
                count = processing_log_prune(provider_id=provider.pk, before=before)
                self.stdout.write(
                    f"{provider.code}: {count} records older than {before:%Y-%m-%d} removed"
                )
            else:
                broken += self._verify(provider)
        if broken:
            raise CommandError(f"The processing log of {broken} organisation(s) is not intact.")

    def _verify(self, provider: Provider) -> int:
        result = processing_log_verify(provider_id=provider.pk)
        if result.is_intact:
            self.stdout.write(
                f"{provider.code}: intact, {result.checked} sealed records, {result.unsealed} awaiting seal"
            )
            return 0
        self.stderr.write(
            f"{provider.code}: BROKEN at chain position {result.broken_at}: {result.reason} "
            f"({result.checked} records verified before it)"
        )
        return 1
