"""Evaluation of the triage on a TAXONOMY-format file and ``klantbeeld assistant evaluate``
(issue 6, item 6): the figures on a hand-made case, and clear Dutch errors for bad files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import count

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from klantbeeld.assistant.evaluation import (
    EvaluationCase,
    EvaluationFileError,
    evaluation_file_read,
    evaluation_run,
    macro_f1,
    mistakes_render,
    report_render,
)
from klantbeeld.assistant.management.commands import assistant as command

TOPICS = {
    "water": ("meterstand", "termijnbedrag", "storing_lekkage"),
    "vervoer": ("klacht", "abonnement"),
}


@dataclass(frozen=True)
class Verdict:
    topic: str
    expect_human: bool


class FixedTriage:
    """Answers what it was told, per text."""

    def __init__(self, answers: dict[str, tuple[str, bool]]) -> None:
        self.answers = answers

    def triage(self, text: str) -> Verdict:
        return Verdict(*self.answers[text])


def _line(org: str, text: str, topic: str, expect_human: bool) -> str:
    return json.dumps({"org": org, "text": text, "topic": topic, "expect_human": expect_human})


@pytest.fixture
def hand_made():
    """Six cases: truth (topic, person?) and what the fake triage answers."""
    rows = [
        ("water", "t1", "meterstand", False, "meterstand", False),
        ("water", "t2", "meterstand", False, "termijnbedrag", True),  # wrong topic, false alarm
        ("water", "t3", "termijnbedrag", True, "termijnbedrag", True),
        ("water", "t4", "storing_lekkage", True, "storing_lekkage", False),  # missed escalation
        ("vervoer", "t5", "klacht", True, "klacht", True),
        ("vervoer", "t6", "abonnement", False, "klacht", False),  # wrong topic
    ]
    cases = [
        EvaluationCase(line, org, text, topic, human)
        for line, (org, text, topic, human, _, _) in enumerate(rows, start=1)
    ]
    answers = FixedTriage({text: (found, flagged) for _, text, _, _, found, flagged in rows})
    return cases, {"water": answers, "vervoer": answers}


def _clock():
    """Message k takes k + 1 milliseconds."""
    ticks = iter(value for k in count() for value in (float(k), k + (k + 1) / 1000))
    return lambda: next(ticks)


def test_figures_of_a_hand_made_case(hand_made):
    # given
    cases, triagers = hand_made

    # when
    report = evaluation_run(cases, triagers, clock=_clock())

    # then
    rows = {row.organisation: row for row in report.rows}
    water, vervoer, overall = rows["water"], rows["vervoer"], report.overall
    assert (water.messages, water.accuracy) == (4, 0.75)
    assert water.macro_f1 == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)
    assert (water.escalation_recall, water.escalation_precision) == (0.5, 0.5)
    assert water.latency_p50_ms == pytest.approx(2.5)
    assert water.latency_p95_ms == pytest.approx(3.85)
    assert vervoer.accuracy == 0.5
    assert vervoer.macro_f1 == pytest.approx((2 / 3 + 0) / 2)
    assert (vervoer.escalation_recall, vervoer.escalation_precision) == (1.0, 1.0)
    assert overall.accuracy == pytest.approx(4 / 6)
    assert overall.macro_f1 == pytest.approx((2 / 3 + 2 / 3 + 1 + 2 / 3 + 0) / 5)
    assert overall.escalation_recall == pytest.approx(2 / 3)
    assert overall.escalation_precision == pytest.approx(2 / 3)
    assert overall.latency_p50_ms == pytest.approx(3.5)
    assert overall.latency_p95_ms == pytest.approx(5.75)


def test_escalation_figures_are_absent_without_escalations():
    # given: nothing to escalate and nothing escalated
    cases = [EvaluationCase(1, "water", "t1", "meterstand", False)]
    triagers = {"water": FixedTriage({"t1": ("meterstand", False)})}

    # when
    row = evaluation_run(cases, triagers).overall

    # then
    assert row.escalation_recall is None
    assert row.escalation_precision is None
    assert "–" in report_render(evaluation_run(cases, triagers))


def test_macro_f1_weighs_every_topic_the_same():
    # given: the frequent topic right, the rare one wrong
    truth = ["a"] * 9 + ["b"]
    predicted = ["a"] * 10

    # when / then
    assert macro_f1(truth, predicted) == pytest.approx((2 * 0.9 / 1.9 + 0) / 2)


def test_the_table_and_the_mistakes(hand_made):
    # given
    cases, triagers = hand_made
    report = evaluation_run(cases, triagers, clock=_clock(), model="tfidf")

    # when
    table = report_render(report)
    mistakes = mistakes_render(report)

    # then
    lines = table.splitlines()
    assert lines[0] == "model: tfidf"
    assert lines[1].split() == [
        "organisatie", "berichten", "accuracy", "macro-F1", "esc.recall", "esc.precisie",
        "p50", "ms", "p95", "ms",
    ]  # fmt: skip
    assert lines[-1].split()[:6] == ["totaal", "6", "0.667", "0.600", "0.667", "0.667"]
    assert (
        "regel 2 (water): onderwerp meterstand → termijnbedrag; verwacht geen medewerker"
        in mistakes
    )
    assert "regel 4 (water): verwacht medewerker" in mistakes
    assert "regel 1 " not in mistakes


def test_a_good_file_is_read_with_its_line_numbers(tmp_path):
    # given
    path = tmp_path / "eval.jsonl"
    path.write_text(
        _line("water", "meterstand doorgeven", "meterstand", False)
        + "\n\n"
        + _line("vervoer", "Mijn tas is kwijt", "klacht", True)
        + "\n",
        encoding="utf-8",
    )

    # when
    cases = evaluation_file_read(path, topics=TOPICS)

    # then
    assert cases == [
        EvaluationCase(1, "water", "meterstand doorgeven", "meterstand", False),
        EvaluationCase(3, "vervoer", "Mijn tas is kwijt", "klacht", True),
    ]


def test_every_bad_line_is_named_in_dutch(tmp_path):
    # given
    path = tmp_path / "eval.jsonl"
    path.write_text(
        "\n".join(
            [
                _line("water", "goed", "meterstand", False),
                '{"org": "water", "text": ',
                _line("bank", "x", "lening", False),
                _line("water", "x", "afval", False),
                json.dumps({"org": "water", "text": "x"}),
                json.dumps(
                    {"org": "water", "text": "x", "topic": "meterstand", "expect_human": "ja"}
                ),
                json.dumps(
                    {"org": "water", "text": "  ", "topic": "meterstand", "expect_human": True}
                ),
                "[1, 2]",
            ]
        ),
        encoding="utf-8",
    )

    # when
    with pytest.raises(EvaluationFileError) as raised:
        evaluation_file_read(path, topics=TOPICS)

    # then
    assert raised.value.problems == [
        "regel 2: geen geldige JSON (Expecting value, teken 26)",
        "regel 3: organisatie 'bank' is onbekend (bekend: vervoer, water)",
        "regel 4: onderwerp 'afval' hoort niet bij 'water'",
        "regel 5: velden 'topic', 'expect_human' ontbreken",
        "regel 6: 'expect_human' moet true of false zijn",
        "regel 7: 'text' moet een niet-lege tekst zijn",
        "regel 8: verwacht één JSON-object met org, text, topic en expect_human",
    ]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "bestaat niet"),
        (b"\xff\xfe\x00garbage", "geen UTF-8-tekst"),
        (b"\n\n", "geen enkele regel"),
    ],
)
def test_unreadable_or_empty_files_are_refused(tmp_path, content, problem):
    # given
    path = tmp_path / "eval.jsonl"
    if content is not None:
        path.write_bytes(content)

    # when
    with pytest.raises(EvaluationFileError) as raised:
        evaluation_file_read(path, topics=TOPICS)

    # then
    assert problem in raised.value.message


def test_the_command_prints_the_report(tmp_path, capsys):
    # given
    path = tmp_path / "eval.jsonl"
    path.write_text(
        "\n".join(
            [
                _line(
                    "water", "ik wil de stand van mijn watermeter doorgeven", "meterstand", False
                ),
                _line(
                    "water",
                    "ik wil een medewerker spreken over mijn factuur",
                    "factuur_betaling",
                    True,
                ),
            ]
        ),
        encoding="utf-8",
    )

    # when
    call_command("assistant", "evaluate", str(path))

    # then
    output = capsys.readouterr().out
    lines = output.splitlines()
    assert lines[1] == "model: tfidf"
    assert [line.split()[0] for line in lines[4:]] == ["water", "-----------", "totaal"]
    assert lines[-1].split()[1] == "2"
    assert lines[-1].split()[4] == "1.000"  # the explicit wish for a person is caught


def test_the_command_stops_on_a_bad_file_with_the_line(tmp_path):
    # given
    path = tmp_path / "eval.jsonl"
    path.write_text(_line("water", "x", "meterstand", False) + "\nniet json\n", encoding="utf-8")

    # when
    with pytest.raises(CommandError) as raised:
        call_command("assistant", "evaluate", str(path))

    # then
    assert "niet bruikbaar" in str(raised.value)
    assert "regel 2: geen geldige JSON" in str(raised.value)


def test_train_prints_the_time_per_organisation(monkeypatch, capsys):
    # given
    @dataclass
    class Trained:
        topic_ids: tuple[str, ...] = ("a", "b")

    monkeypatch.setattr(command, "packaged_triager", lambda org, model: Trained())

    # when
    call_command("assistant", "train")

    # then
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [
        "gemeente", "uitvoering", "vervoer", "water", "totaal",
    ]  # fmt: skip
    assert lines[0].split()[1:3] == ["2", "onderwerpen"]
