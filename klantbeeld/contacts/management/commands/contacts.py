"""``klantbeeld contacts import``: contact history from another system, as CSV (issue 5).

Columns: ``bron_id, klantnummer, kanaal, richting, tijdstip (ISO 8601), onderwerp, inhoud``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from klantbeeld.contacts.services import automated_actor_get
from klantbeeld.contacts.services.bulk import ImportedContact, contact_moments_import
from klantbeeld.core.models import Provider
from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.selectors import system_accessor

COLUMNS = ("bron_id", "klantnummer", "kanaal", "richting", "tijdstip", "onderwerp", "inhoud")


class Command(BaseCommand):
    help = "Contacthistorie importeren uit een ander systeem (CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="Importeer contacten uit een CSV-bestand.")
        load.add_argument("file", type=Path)
        load.add_argument("--organisation", required=True, help="Code van de organisatie.")
        load.add_argument("--source", required=True, help="Naam van het bronsysteem.")

    def handle(self, *args: Any, **options: Any) -> None:
        provider = Provider.objects.filter(code=options["organisation"]).first()
        if provider is None:
            raise CommandError(f"Onbekende organisatie: {options['organisation']}")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {path}")
        accessor = system_accessor(
            provider=provider, task="contacten-import", activities=(Activity.DATA_IMPORT,)
        )
        actor = automated_actor_get(provider=provider, name="Import", identifier="contacten-import")
        with path.open(newline="", encoding="utf-8") as handle:
            try:
                result = contact_moments_import(
                    accessor=accessor, source=options["source"], rows=_rows(handle), actor=actor
                )
            except (ValidationError, ValueError) as exc:
                raise CommandError(f"Import gestopt: {exc}") from exc
        self.stdout.write(
            f"nieuw: {result.created}, al aanwezig: {result.skipped}, "
            f"onbekende klant: {result.unknown_parties}, {result.per_second:.0f} per seconde"
        )


def _rows(handle: Any) -> Iterator[ImportedContact]:
    reader = csv.DictReader(handle)
    missing = set(COLUMNS) - set(reader.fieldnames or ())
    if missing:
        raise ValueError(f"kolommen ontbreken: {', '.join(sorted(missing))}")
    for line, record in enumerate(reader, start=2):
        try:
            at = datetime.fromisoformat(record["tijdstip"])
        except ValueError as exc:
            raise ValueError(
                f"regel {line}: tijdstip '{record['tijdstip']}' is geen ISO 8601"
            ) from exc
        if timezone.is_naive(at):
            at = timezone.make_aware(at)
        yield ImportedContact(
            source_id=record["bron_id"],
            party_number=record["klantnummer"],
            channel=record["kanaal"],
            direction=record["richting"],
            occurred_at=at,
            subject=record["onderwerp"],
            content=record["inhoud"] or "",
        )
