"""What a triage returns (issue 6, item 2; TRI-01, TRI-04): :class:`TriageResult` for one
message, with its :class:`ScoredTopic` alternatives and its :class:`Neighbour` examples.

Plain frozen dataclasses without behaviour; the model (:mod:`.triage_model`) fills them and
:mod:`.triage_explanation` writes their ``explanation``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScoredTopic:
    topic: str
    name: str
    score: float


@dataclass(frozen=True)
class Neighbour:
    """A training example like the message, with its topic and cosine similarity."""

    text: str
    topic: str
    similarity: float


@dataclass(frozen=True)
class TriageResult:
    """The triage of one message. ``explanation`` is the short Dutch text for the employee;
    ``features`` and ``neighbours`` are its parts."""

    topic: str
    topic_name: str
    topic_confidence: float
    alternatives: tuple[ScoredTopic, ...]
    complexity: str
    sensitivity: tuple[str, ...]
    urgency: str
    emotion: str
    wants_person: bool
    repeat_contact: bool
    expect_human: bool
    escalation_reasons: tuple[str, ...]
    escalation_score: float
    understood: bool
    features: tuple[tuple[str, float], ...]
    neighbours: tuple[Neighbour, ...]
    explanation: str
