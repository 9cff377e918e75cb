"""The explanation of a triage for the employee (issue 6, item 2; TRI-04): the words that pushed
the topic most (word and character features summed back onto the words of the message), the
three most similar training examples, and the signals — short Dutch for the employee.

- :func:`explanation_words`: the words of the message behind the chosen topic, never a function
  word on its own (:data:`_FUNCTION_WORDS`);
- :func:`explanation_neighbours`: the training examples most like the message, on the features
  that tell topics apart (none below :data:`MIN_SIMILARITY`);
- :func:`explanation_render`: the Dutch sentence(s) stored as :attr:`TriageResult.explanation`,
  with :data:`REASON_LABELS` for the reasons a person takes over.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from klantbeeld.assistant.signals import EMOTION_LABELS, Signals
from klantbeeld.assistant.triage_features import Featurizer, Row
from klantbeeld.assistant.triage_result import Neighbour, TriageResult

REASON_LABELS = {
    "person": "vraagt om een medewerker",
    "bereavement": "overlijden",
    "health_safety": "gezondheid of veiligheid",
    "financial_distress": "acute financiële nood",
    "anger_repeat": "boos of radeloos na herhaald contact",
    "complex": "complexe of uitzonderlijke situatie",
}
MIN_SIMILARITY = 0.05  # a "nearest" example below this shares nothing worth showing

# Words that never explain a topic on their own (they are features, but not reasons to show)
_FUNCTION_WORDS = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "of",
        "van",
        "in",
        "op",
        "aan",
        "te",
        "met",
        "voor",
        "bij",
        "naar",
        "om",
        "over",
        "uit",
        "door",
        "als",
        "dan",
        "dat",
        "die",
        "dit",
        "deze",
        "is",
        "zijn",
        "was",
        "ben",
        "bent",
        "wordt",
        "worden",
        "word",
        "heb",
        "hebt",
        "heeft",
        "had",
        "kan",
        "kun",
        "kunt",
        "moet",
        "mag",
        "wil",
        "ik",
        "je",
        "jij",
        "u",
        "we",
        "wij",
        "ze",
        "zij",
        "hij",
        "mijn",
        "mn",
        "m",
        "jouw",
        "uw",
        "ons",
        "onze",
        "hun",
        "er",
        "hier",
        "daar",
        "wat",
        "wie",
        "waar",
        "hoe",
        "wanneer",
        "waarom",
        "welke",
        "welk",
        "niet",
        "geen",
        "wel",
        "nog",
        "al",
        "ook",
        "maar",
        "dus",
        "want",
        "nu",
        "toch",
        "even",
        "graag",
        "hallo",
        "hoi",
        "beste",
        "goedemorgen",
        "goedemiddag",
        "goedenavond",
        "dag",
        "aub",
        "alstublieft",
        "alsjeblieft",
        "dank",
        "bedankt",
        "groet",
        "vriendelijke",
        "ja",
        "nee",
        "zo",
        "s",
        "t",
    ]
)


def explanation_words(
    featurizer: Featurizer, coefficients: np.ndarray, text: str, row: Row, best: int
) -> tuple[tuple[str, float], ...]:
    """The (at most four) words of ``text`` that pushed topic ``best`` most, with their share
    of its score; ``coefficients`` are the topic model's (classes × features)."""
    # what sets this topic apart from the others, not what all topics share
    weights = coefficients[best] - coefficients.mean(axis=0)
    found = [
        (name, score)
        for name, score in featurizer.contributions(text, row, weights)
        if score > 0.005 and not _FUNCTION_WORDS.intersection(name.split())
    ]
    return tuple((name, round(score, 3)) for name, score in found[:4])


def explanation_neighbours(
    row: Row,
    weights: np.ndarray | None,
    examples: Any,
    texts: Sequence[str],
    topics: Sequence[str],
) -> tuple[Neighbour, ...]:
    """The (at most three) training examples most like the message: cosine similarity of the
    row, scaled by ``weights``, with the ``examples`` matrix (:meth:`Featurizer.examples`)."""
    similarities = row.weighted(weights).similarities(examples)
    nearest = [i for i in np.argsort(-similarities)[:3] if similarities[i] > MIN_SIMILARITY]
    return tuple(Neighbour(texts[i], topics[i], round(float(similarities[i]), 3)) for i in nearest)


def _quote(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    short = flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
    return f"'{short}'"


def explanation_render(
    result: TriageResult, signals: Signals, reason_labels: dict[str, str]
) -> str:
    """Short Dutch for the employee: why this topic, what it looks like, what was noticed."""
    percent = round(result.topic_confidence * 100)
    if result.understood:
        head = f"Herkend als '{result.topic_name}' ({percent}%)"
    else:
        head = f"Niet zeker herkend; beste gok '{result.topic_name}' ({percent}%)"
    if result.features:
        head += " door: " + ", ".join(f"'{name}'" for name, _ in result.features[:3])
    parts = [head + "."]
    if result.neighbours:
        parts.append("Lijkt op: " + "; ".join(_quote(n.text) for n in result.neighbours) + ".")
    markers = [f"{label} ({_quote(found, 40)})" for label, found in signals.evidence]
    if markers:
        parts.append("Signalen: " + ", ".join(markers[:4]) + ".")
    if result.expect_human:
        labels = [reason_labels.get(r) or REASON_LABELS[r] for r in result.escalation_reasons]
        parts.append("Medewerker neemt over: " + "; ".join(labels) + ".")
    if result.emotion != "neutral":
        parts.append(f"Toon: {EMOTION_LABELS[result.emotion]}.")
    return " ".join(parts)
