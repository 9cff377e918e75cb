"""Evaluation of the triage on a labelled file (issue 6, item 6; the file format of TAXONOMY.md).

One JSON object a line: ``{"org": "water", "text": "...", "topic": "storing_lekkage",
"expect_human": false}``. :func:`evaluation_file_read` checks every line and refuses a file with
any bad line as a whole, listing each problem in Dutch with its line number (bad JSON, a missing
or wrongly typed field, an unknown organisation, a topic the organisation does not have).
:func:`evaluation_run` triages each message once and computes, per organisation and overall:
topic accuracy, macro-F1 over topics, escalation recall and precision (``expect_human``), and
p50/p95 latency per message. :func:`report_render` prints it as a plain-text table.

Overall macro-F1 averages over every (organisation, topic) pair, so each topic weighs the same.
Message texts are never logged.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from klantbeeld.assistant.knowledge import (
    KNOWLEDGE_DIR,
    escalation_examples,
    packaged_knowledge,
    packaged_knowledge_text,
)
from klantbeeld.core.errors import ApplicationError

MAX_PROBLEMS = 20
OVERALL = "totaal"
MODELS = ("tfidf", "use", "e5")


class EvaluationFileError(ApplicationError):
    """A file that does not fit the format; ``problems`` names each bad line, in Dutch."""

    code = "evaluation_file_invalid"

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:MAX_PROBLEMS]
        more = len(problems) - len(shown)
        text = "\n".join(shown) + (f"\n… en nog {more} problemen" if more > 0 else "")
        super().__init__(text)


@dataclass(frozen=True)
class EvaluationCase:
    line: int
    organisation: str
    text: str
    topic: str
    expect_human: bool


class Triaged(Protocol):
    topic: str
    expect_human: bool


class Triager(Protocol):
    def triage(self, text: str) -> Triaged: ...


@dataclass(frozen=True)
class Scores:
    """The figures of one organisation, or of all (``organisation == "totaal"``)."""

    organisation: str
    messages: int
    accuracy: float
    macro_f1: float
    escalation_recall: float | None
    escalation_precision: float | None
    latency_p50_ms: float
    latency_p95_ms: float


@dataclass(frozen=True)
class Outcome:
    """One case with what the triage made of it (for a list of mistakes; line numbers only)."""

    case: EvaluationCase
    topic: str
    expect_human: bool
    milliseconds: float
    understood: bool = True

    @property
    def topic_right(self) -> bool:
        return self.topic == self.case.topic


@dataclass(frozen=True)
class EvaluationReport:
    model: str
    rows: tuple[Scores, ...]
    outcomes: tuple[Outcome, ...]

    @property
    def overall(self) -> Scores:
        return next(row for row in self.rows if row.organisation == OVERALL)


# --- the models of the packaged organisations ----------------------------------------------


def packaged_organisations() -> tuple[str, ...]:
    """The organisations whose knowledge base ships with the code (``knowledge/<org>.yaml``)."""
    return tuple(
        sorted(path.stem for path in KNOWLEDGE_DIR.glob("*.yaml") if path.stem != "escalation")
    )


def packaged_triager(organisation: str, model: str = "tfidf") -> Any:
    """The trained triage of a packaged organisation: TF-IDF through the process cache, or an
    embedding variant (``use``, ``e5``) trained afresh."""
    kb = packaged_knowledge(organisation)
    if model == "tfidf":
        from klantbeeld.assistant.classifier import triage_model_for

        text = packaged_knowledge_text(organisation)
        version = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        return triage_model_for(organisation, kb, version)
    if model not in MODELS:
        raise ApplicationError(f"onbekend model '{model}' (kies uit {', '.join(MODELS)})")
    from klantbeeld.assistant.embeddings import embedding_triage_train

    return embedding_triage_train(kb, escalation_examples(), encoder=model)


# --- reading --------------------------------------------------------------------------------


def evaluation_file_read(
    path: Path | str, *, topics: Mapping[str, Sequence[str]]
) -> list[EvaluationCase]:
    """The cases of a TAXONOMY-format JSONL file; ``topics`` maps each known organisation to
    its topic ids. Raises :class:`EvaluationFileError` listing every bad line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise EvaluationFileError([f"bestand '{path}' bestaat niet"]) from exc
    except UnicodeDecodeError as exc:
        raise EvaluationFileError([f"bestand '{path}' is geen UTF-8-tekst"]) from exc
    except OSError as exc:
        raise EvaluationFileError([f"bestand '{path}' is niet te lezen ({exc.strerror})"]) from exc
    return evaluation_lines_parse(text.splitlines(), topics=topics)


def evaluation_lines_parse(
    lines: Sequence[str], *, topics: Mapping[str, Sequence[str]]
) -> list[EvaluationCase]:
    cases: list[EvaluationCase] = []
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        case, problem = _case_parse(number, line, topics)
        if problem:
            problems.append(f"regel {number}: {problem}")
        elif case is not None:
            cases.append(case)
    if not problems and not cases:
        problems.append("het bestand bevat geen enkele regel om te beoordelen")
    if problems:
        raise EvaluationFileError(problems)
    return cases


def _case_parse(
    number: int, line: str, topics: Mapping[str, Sequence[str]]
) -> tuple[EvaluationCase | None, str]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"geen geldige JSON ({exc.msg}, teken {exc.colno})"
    if not isinstance(data, dict):
        return None, "verwacht één JSON-object met org, text, topic en expect_human"
    missing = [key for key in ("org", "text", "topic", "expect_human") if key not in data]
    if missing:
        names = ", ".join(f"'{key}'" for key in missing)
        return None, f"veld {names} ontbreekt" if len(missing) == 1 else f"velden {names} ontbreken"
    for key in ("org", "text", "topic"):
        if not isinstance(data[key], str) or not data[key].strip():
            return None, f"'{key}' moet een niet-lege tekst zijn"
    if not isinstance(data["expect_human"], bool):
        return None, "'expect_human' moet true of false zijn"
    organisation, topic = data["org"].strip(), data["topic"].strip()
    if organisation not in topics:
        known = ", ".join(sorted(topics))
        return None, f"organisatie '{organisation}' is onbekend (bekend: {known})"
    if topic not in topics[organisation]:
        return None, f"onderwerp '{topic}' hoort niet bij '{organisation}'"
    case = EvaluationCase(number, organisation, data["text"], topic, data["expect_human"])
    return case, ""


# --- scoring --------------------------------------------------------------------------------


def evaluation_run(
    cases: Sequence[EvaluationCase],
    triagers: Mapping[str, Triager],
    *,
    model: str = "tfidf",
    clock: Callable[[], float] = time.perf_counter,
) -> EvaluationReport:
    """Triage every case with its organisation's triager and score the outcomes."""
    outcomes = []
    for case in cases:
        started = clock()
        result = triagers[case.organisation].triage(case.text)
        elapsed = (clock() - started) * 1000
        understood = bool(getattr(result, "understood", True))
        outcomes.append(Outcome(case, result.topic, bool(result.expect_human), elapsed, understood))
    organisations = sorted({case.organisation for case in cases})
    rows = [
        scores_compute(org, [o for o in outcomes if o.case.organisation == org])
        for org in organisations
    ]
    rows.append(scores_compute(OVERALL, outcomes))
    return EvaluationReport(model=model, rows=tuple(rows), outcomes=tuple(outcomes))


def scores_compute(organisation: str, outcomes: Sequence[Outcome]) -> Scores:
    truth = [f"{o.case.organisation}:{o.case.topic}" for o in outcomes]
    predicted = [f"{o.case.organisation}:{o.topic}" for o in outcomes]
    expected = np.array([o.case.expect_human for o in outcomes], dtype=bool)
    flagged = np.array([o.expect_human for o in outcomes], dtype=bool)
    caught = int(np.sum(expected & flagged))
    latencies = np.array([o.milliseconds for o in outcomes], dtype=float)
    return Scores(
        organisation=organisation,
        messages=len(outcomes),
        accuracy=sum(t == p for t, p in zip(truth, predicted, strict=True)) / max(1, len(truth)),
        macro_f1=macro_f1(truth, predicted),
        escalation_recall=caught / int(expected.sum()) if expected.any() else None,
        escalation_precision=caught / int(flagged.sum()) if flagged.any() else None,
        latency_p50_ms=float(np.percentile(latencies, 50)) if len(latencies) else 0.0,
        latency_p95_ms=float(np.percentile(latencies, 95)) if len(latencies) else 0.0,
    )


def macro_f1(truth: Sequence[str], predicted: Sequence[str]) -> float:
    """Unweighted mean of per-topic F1 over every topic that occurs in truth or prediction."""
    labels = sorted(set(truth) | set(predicted))
    if not labels:
        return 0.0
    total = 0.0
    for label in labels:
        true_positive = sum(
            t == label and p == label for t, p in zip(truth, predicted, strict=True)
        )
        predicted_count = sum(p == label for p in predicted)
        actual_count = sum(t == label for t in truth)
        if true_positive:
            precision = true_positive / predicted_count
            recall = true_positive / actual_count
            total += 2 * precision * recall / (precision + recall)
    return total / len(labels)


# --- rendering ------------------------------------------------------------------------------


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def report_render(report: EvaluationReport) -> str:
    """The report as a plain-text table, one row per organisation and one for all."""
    header = (
        "organisatie",
        "berichten",
        "accuracy",
        "macro-F1",
        "esc.recall",
        "esc.precisie",
        "p50 ms",
        "p95 ms",
    )
    body = [
        (
            row.organisation,
            str(row.messages),
            _figure(row.accuracy),
            _figure(row.macro_f1),
            _figure(row.escalation_recall),
            _figure(row.escalation_precision),
            f"{row.latency_p50_ms:.1f}",
            f"{row.latency_p95_ms:.1f}",
        )
        for row in report.rows
    ]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest])

    rule = "  ".join("-" * width for width in widths)
    lines = [f"model: {report.model}", line(header), rule]
    lines += [line(cells) for cells in body[:-1]]
    lines += [rule, line(body[-1])]
    return "\n".join(lines)


def mistakes_render(report: EvaluationReport) -> str:
    """Line numbers of the cases the triage got wrong, with expected and found labels."""
    lines = []
    for outcome in report.outcomes:
        wrong_topic = not outcome.topic_right
        wrong_escalation = outcome.expect_human != outcome.case.expect_human
        if not (wrong_topic or wrong_escalation):
            continue
        parts = [f"regel {outcome.case.line} ({outcome.case.organisation})"]
        if wrong_topic:
            parts.append(f"onderwerp {outcome.case.topic} → {outcome.topic}")
        if wrong_escalation:
            expected = "medewerker" if outcome.case.expect_human else "geen medewerker"
            parts.append(f"verwacht {expected}")
        lines.append(": ".join(parts[:1]) + ": " + "; ".join(parts[1:]))
    return "\n".join(lines) if lines else "geen fouten"


def report_dict(report: EvaluationReport) -> dict[str, Any]:
    """The figures as plain data (for the benchmark and JSON output)."""
    return {
        "model": report.model,
        "rows": [row.__dict__ for row in report.rows],
    }
