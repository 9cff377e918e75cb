"""The trained triage of one organisation and its :meth:`TriageModel.triage`, the only call at
run time (issue 6, item 2; TRI-01, TRI-02, BOT-03, BOT-04; the escalation rule of TAXONOMY.md).

- **topic**: the top probability of :class:`LinearModel` over the topics; the off-topic class
  (:data:`OFF_TOPIC_CLASS`) only draws probability away and is never named. ``understood`` is
  the top topic probability above the model's tuned threshold.
- **escalation** (``expect_human``): a high-precision rule from :mod:`.signals`
  (:func:`rule_reasons`: explicit wish for a person, bereavement, danger or threat, acute need,
  anger or distress after repeated contact, two complications) **or** the escalation model,
  one class per reason and one for "no person needed" (:data:`NO_ESCALATION`). A bare model
  score without any supporting signal (:func:`supported`) must clear the threshold by a margin
  (:class:`EscalationThreshold`), which halves the false alarms.
- complexity (:data:`COMPLEXITIES`), sensitivity, urgency and emotion, from the signals and the
  reasons found.

At run time one message costs a few milliseconds: :meth:`Featurizer.row` and
:class:`LinearModel` compute the same numbers as scikit-learn without its per-call checks.
Training is in :mod:`.triage_training`, the explanation in :mod:`.triage_explanation`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from klantbeeld.assistant.signals import SENSITIVITIES, Signals, signals_detect
from klantbeeld.assistant.triage_explanation import (
    explanation_neighbours,
    explanation_render,
    explanation_words,
)
from klantbeeld.assistant.triage_features import Featurizer, Row, model_text
from klantbeeld.assistant.triage_result import ScoredTopic, TriageResult

COMPLEXITIES = ("eenvoudig", "gemiddeld", "complex")
NO_ESCALATION = "none"
OFF_TOPIC_CLASS = "__off_topic__"
# the sensitivity a model-found reason implies (the rules name their own)
_REASON_SENSITIVITY = {
    "bereavement": "bereavement",
    "health_safety": "health_safety",
    "financial_distress": "financial_distress",
}


@dataclass(frozen=True)
class LinearModel:
    """The arithmetic of a fitted logistic regression, read once from scikit-learn."""

    classes: tuple[str, ...]
    coefficients: np.ndarray
    intercept: np.ndarray

    @classmethod
    def of(cls, model: LogisticRegression) -> LinearModel:
        return cls(
            tuple(str(label) for label in model.classes_),
            np.ascontiguousarray(model.coef_, dtype=np.float64),
            np.asarray(model.intercept_, dtype=np.float64),
        )

    def probabilities(self, row: Row) -> np.ndarray:
        logits = row.scores(self.coefficients) + self.intercept
        if len(self.classes) == 2:  # scikit-learn's binary model has one row: a sigmoid
            positive = 1.0 / (1.0 + np.exp(-logits[0]))
            return np.array([1.0 - positive, positive])
        logits = logits - logits.max()
        exponentials = np.exp(logits)
        return np.asarray(exponentials / exponentials.sum())


@dataclass(frozen=True)
class EscalationThreshold:
    """The model hands over at ``low`` when a signal supports it (:func:`supported`), and at
    ``low + margin`` on its own: a bare model score must be surer."""

    low: float
    margin: float

    def flags(self, score: float | np.ndarray, supported: bool | np.ndarray) -> Any:
        return (score >= self.low + self.margin) | ((score >= self.low) & supported)


def supported(signals: Signals) -> bool:
    """Anything that makes a person more likely to be needed, short of a rule."""
    return bool(
        signals.sensitivity
        or signals.repeat_contact
        or signals.complications
        or signals.shouting
        or signals.emotion in ("angry", "worried", "sad")
        or signals.urgency != "normaal"
    )


@dataclass
class TriageModel:
    """A trained triage for one organisation; :meth:`triage` is the only call at run time."""

    organisation: str
    topic_names: dict[str, str]
    featurizer: Featurizer
    topic_model: LinearModel
    escalation_model: LinearModel
    example_texts: tuple[str, ...]
    example_topics: tuple[str, ...]
    example_matrix: Any
    neighbour_weights: np.ndarray | None
    understood_threshold: float
    escalation_threshold: EscalationThreshold
    reason_labels: dict[str, str]
    trained_seconds: float = 0.0
    tuning: dict[str, float] = field(default_factory=dict)

    @property
    def topic_ids(self) -> tuple[str, ...]:
        return tuple(self.topic_names)

    def triage(self, text: str) -> TriageResult:
        signals = signals_detect(text)
        row = self.featurizer.row(text)
        probabilities = self.topic_model.probabilities(row)
        classes = self.topic_model.classes
        # the off-topic class only takes probability away from the topics; it is never named
        order = [i for i in np.argsort(-probabilities) if classes[i] != OFF_TOPIC_CLASS]
        best = int(order[0])
        topic, confidence = classes[best], float(probabilities[best])
        reasons, escalation_score = self._escalation(row, signals)
        sensitivity = _sensitivity(signals, reasons)
        result = TriageResult(
            topic=topic,
            topic_name=self.topic_names[topic],
            topic_confidence=round(confidence, 4),
            alternatives=tuple(
                ScoredTopic(
                    classes[i], self.topic_names[classes[i]], round(float(probabilities[i]), 4)
                )
                for i in order[:3]
            ),
            complexity=_complexity(text, reasons, probabilities[order], sensitivity, signals),
            sensitivity=sensitivity,
            urgency=signals.urgency,
            emotion=signals.emotion,
            wants_person=signals.wants_person,
            repeat_contact=signals.repeat_contact,
            expect_human=bool(reasons),
            escalation_reasons=reasons,
            escalation_score=round(escalation_score, 4),
            understood=confidence >= self.understood_threshold and bool(model_text(text).strip()),
            features=explanation_words(
                self.featurizer, self.topic_model.coefficients, text, row, best
            ),
            neighbours=explanation_neighbours(
                row,
                self.neighbour_weights,
                self.example_matrix,
                self.example_texts,
                self.example_topics,
            ),
            explanation="",
        )
        return replace(result, explanation=explanation_render(result, signals, self.reason_labels))

    def _escalation(self, row: Row, signals: Signals) -> tuple[tuple[str, ...], float]:
        probabilities = self.escalation_model.probabilities(row)
        classes = self.escalation_model.classes
        score = 1.0 - float(probabilities[classes.index(NO_ESCALATION)])
        reasons = list(rule_reasons(signals))
        if self.escalation_threshold.flags(score, supported(signals)):
            model_reason = max(
                (label for label in classes if label != NO_ESCALATION),
                key=lambda label: probabilities[classes.index(label)],
            )
            if model_reason not in reasons:
                reasons.append(model_reason)
        return tuple(reasons), score


def rule_reasons(signals: Signals) -> tuple[str, ...]:
    """The escalation reasons the rules alone decide (high precision; TAXONOMY.md)."""
    reasons = []
    if signals.wants_person:
        reasons.append("person")
    if "bereavement" in signals.sensitivity:
        reasons.append("bereavement")
    if "health_safety" in signals.sensitivity or "threat" in signals.sensitivity:
        reasons.append("health_safety")
    if signals.acute_distress:
        reasons.append("financial_distress")
    if signals.distress_after_repeat:
        reasons.append("anger_repeat")
    if len(signals.complications) >= 2:
        reasons.append("complex")
    return tuple(reasons)


def _sensitivity(signals: Signals, reasons: tuple[str, ...]) -> tuple[str, ...]:
    found = set(signals.sensitivity)
    found.update(_REASON_SENSITIVITY[r] for r in reasons if r in _REASON_SENSITIVITY)
    return tuple(category for category in SENSITIVITIES if category in found)


def _complexity(
    text: str,
    reasons: tuple[str, ...],
    probabilities: np.ndarray,
    sensitivity: tuple[str, ...],
    signals: Signals,
) -> str:
    """Complex: the model or rules say so, a long story, two complications or two topics at
    once. Simple: short, one topic, nothing sensitive."""
    words = len(text.split())
    top_two = np.sort(probabilities)[-2:]
    two_topics = len(top_two) == 2 and top_two[0] >= 0.3
    if (
        "complex" in reasons
        or words > 90
        or len(signals.complications) >= 2
        or (two_topics and words > 25)
    ):
        return "complex"
    if words <= 30 and text.count("?") <= 1 and not (sensitivity or reasons or two_topics):
        return "eenvoudig"
    return "gemiddeld"
