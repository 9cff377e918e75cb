"""``klantbeeld api_token --provider gemeente-x --name zaaksysteem --scopes lezen,schrijven``."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from klantbeeld.api.services import scopes_parse, token_issue
from klantbeeld.core.models import Provider


class Command(BaseCommand):
    help = "Geef een API-token uit voor een koppeling; het token wordt één keer getoond."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--provider", required=True, help="code van de organisatie")
        parser.add_argument("--name", required=True, help="naam van de koppeling")
        parser.add_argument("--scopes", default="lezen", help="lezen, schrijven of beide")

    def handle(self, *args: object, **options: str) -> None:
        try:
            provider = Provider.objects.get(code=options["provider"])
        except Provider.DoesNotExist as exc:
            raise CommandError(f"Onbekende organisatie: {options['provider']}") from exc
        try:
            scopes = scopes_parse(options["scopes"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        issued = token_issue(provider=provider, application_name=options["name"], scopes=scopes)
        self.stdout.write(issued.key)
