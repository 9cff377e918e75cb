"""``klantbeeld demo``: four fictional organisations with staff, customers and histories.

Deterministic for a seed, idempotent (an organisation that exists is left alone), one
transaction per organisation. ``--reset`` deletes the demo organisations first. Ends with the
logins and a few things to try (docs/demo.md).
"""

from __future__ import annotations

import time
from argparse import ArgumentParser, ArgumentTypeError
from collections import Counter
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from klantbeeld.core.maintenance import statistics_refresh
from klantbeeld.core.models import Provider
from klantbeeld.demo import channels as demo_channels
from klantbeeld.demo import guide, reset, runner, tenant
from klantbeeld.demo.organisations import ORGANISATIONS
from klantbeeld.privacy.services import roles_install

DEFAULT_SEED = 2026
DEFAULT_PEOPLE = 150
ALREADY_PRESENT = "demo data already present"


def _people_count(value: str) -> int:
    count = int(value)
    if not 0 <= count <= 20_000:
        raise ArgumentTypeError("kies een aantal tussen 0 en 20000")
    return count


class Command(BaseCommand):
    help = "Vult de database met vier fictieve organisaties, hun medewerkers en klanten."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--profile",
            choices=sorted(ORGANISATIONS),
            help="Alleen deze organisatie (standaard: alle vier).",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Zelfde seed, zelfde mensen."
        )
        parser.add_argument(
            "--people",
            type=_people_count,
            default=DEFAULT_PEOPLE,
            help=f"Aantal achtergrondklanten per organisatie (standaard {DEFAULT_PEOPLE}).",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Verwijder eerst de demo-organisaties."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.IS_PRODUCTION:
            raise CommandError(
                "De demo vult een database met fictieve mensen en bekende wachtwoorden en "
                "tokens; dat doet hij niet als KLANTBEELD_ENV=production."
            )
        codes = [options["profile"]] if options["profile"] else list(ORGANISATIONS)
        if options["reset"]:
            for code in reset.organisations_delete(codes):
                self.stdout.write(f"Verwijderd: {ORGANISATIONS[code].name}")
        password = tenant.PasswordHash()
        with transaction.atomic():
            roles_install()  # the migration made them; this keeps the roles exact
            tenant.admin_ensure(password)
        build = runner.BuildSettings(seed=options["seed"], people=options["people"])
        built = [code for code in codes if self._build(code, build, password)]
        if built:
            statistics_refresh()  # planner statistics after the bulk writes (SQLite asks)
        if not built:
            self.stdout.write(f"{ALREADY_PRESENT} — de demogegevens staan er al.")
        self._guide(codes)

    def _build(
        self, code: str, settings: runner.BuildSettings, password: tenant.PasswordHash
    ) -> bool:
        spec = ORGANISATIONS[code]
        started = time.perf_counter()
        written = runner.organisation_build(spec, settings, password)
        if written is None:
            self.stdout.write(f"{spec.name}: {ALREADY_PRESENT}.")
            return False
        self.stdout.write(
            f"{spec.name}: {_summary(written)} ({time.perf_counter() - started:.1f} s)"
        )
        return True

    def _guide(self, codes: list[str]) -> None:
        self.stdout.write("")
        self.stdout.write(f"Inloggen op {guide.LOGIN_URL}")
        self.stdout.write("")
        for line in guide.logins_table(guide.logins_for(codes)):
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write("Probeer dit:")
        for number, hint in enumerate(guide.hints_for(codes), start=1):
            self.stdout.write(f"{number}. {hint}")
        self._api_tokens(codes)
        self._channels(codes)

    def _api_tokens(self, codes: list[str]) -> None:
        """One token per organisation for the Klantinteracties API (docs/api/README.md)."""
        self.stdout.write("")
        self.stdout.write("Klantinteracties API (lezen en schrijven), bijvoorbeeld:")
        for code in codes:
            provider = Provider.objects.filter(code=ORGANISATIONS[code].code).first()
            if provider is None:
                continue
            key = tenant.demo_api_token_ensure(provider, code)
            self.stdout.write(f"  {ORGANISATIONS[code].name}: Authorization: Token {key}")
        first = codes[0]
        self.stdout.write(
            f"  curl -H 'Authorization: Token {tenant.demo_api_key(first)}' "
            f"'{guide.BASE_URL}/klantinteracties/api/v1/partijen?pageSize=2'"
        )

    def _channels(self, codes: list[str]) -> None:
        """Where the channels of the first organisation can be tried (docs/demo.md)."""
        code = ORGANISATIONS[codes[0]].code
        lines = demo_channels.channel_guide(code, guide.BASE_URL)
        if lines:
            self.stdout.write("")
            self.stdout.write(f"Kanalen van {ORGANISATIONS[codes[0]].name}:")
            for line in lines:
                self.stdout.write(f"  {line}")
        self.stdout.write("")
        self.stdout.write("Meer uitleg en alle scenario's: docs/demo.md")


_NOUNS = (
    ("parties", "klant", "klanten"),
    ("contacts", "klantcontact", "klantcontacten"),
    ("cases", "zaak", "zaken"),
    ("agreements", "afspraak", "afspraken"),
)


def _summary(written: Counter[str]) -> str:
    """``156 klanten, 1 zaak, …``: what was written, in Dutch."""
    return ", ".join(
        f"{written[key]} {singular if written[key] == 1 else plural}"
        for key, singular, plural in _NOUNS
    )
