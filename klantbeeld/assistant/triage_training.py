"""Training of the triage of one organisation, in seconds, with its thresholds tuned
out-of-fold (issue 6, item 2; TRI-01, BOT-04). Only the knowledge base and the shared
escalation examples are seen (never the held-out evaluation set):

- **topic**: a multinomial logistic regression over the :class:`Featurizer`'s rows. It learns
  from the topics' example messages, with the standard questions, keywords and answers as
  background text, and one extra class of off-topic sentences (:data:`OFF_TOPIC`) that is never
  named. Regularisation is chosen by out-of-fold macro-F1 on the examples; ``understood`` is
  the top topic probability above a threshold that best separates, out-of-fold, the examples
  from the off-topic sentences (BOT-04 counts the turns without).
- **escalation**: a logistic regression over the same features with one class per reason and
  one for "no person needed" (hard negatives and every topic example). Its threshold is tuned
  out-of-fold for recall first (:data:`ESCALATION_RECALL_TARGET` of rules-or-model), with the
  margin a bare model score must clear (:data:`ESCALATION_MARGINS`) chosen for precision.

:func:`triage_model_train` returns a :class:`~.triage_model.TriageModel`; the comparison with
sentence embeddings (:mod:`.embeddings`) calls it with another :class:`Featurizer`.
"""

from __future__ import annotations

import logging
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import threadpool_limits

from klantbeeld.assistant.knowledge import ESCALATION_REASONS, EscalationExamples, KnowledgeBase
from klantbeeld.assistant.signals import signals_detect
from klantbeeld.assistant.triage_features import Featurizer, TfidfFeatures
from klantbeeld.assistant.triage_model import (
    NO_ESCALATION,
    OFF_TOPIC_CLASS,
    EscalationThreshold,
    LinearModel,
    TriageModel,
    rule_reasons,
    supported,
)

logger = logging.getLogger(__name__)

ESCALATION_RECALL_TARGET = 0.97
ESCALATION_MARGINS = (
    0.0,
    0.1,
    0.2,
    0.3,
)  # out-of-fold on the training examples; held-out target 0.95
FOLDS = 3
RANDOM_STATE = 7

# Messages that belong to no organisation's topics: one extra class that draws probability away
# from the topics for small talk, general knowledge and gibberish, and the counter-examples that
# set the ``understood`` threshold (how sure the model must be before the bot answers).
OFF_TOPIC = (
    "hoe laat is het",
    "wat voor weer wordt het morgen",
    "wie heeft er gisteren gewonnen bij het voetbal",
    "hoeveel inwoners heeft frankrijk",
    "heb je een recept voor appeltaart",
    "vertel eens een mop",
    "wat is de zin van het leven",
    "ik zoek een goede tandarts in de buurt",
    "waar kan ik een tweedehands fiets kopen",
    "hoe hoog is de eiffeltoren",
    "welke film draait er vanavond in de bioscoop",
    "wie is de koning van nederland",
    "kun je een gedicht schrijven over de zee",
    "wat is twee plus twee",
    "hoe maak ik pannenkoeken",
    "welke hond past bij een klein appartement",
    "wat is het beste merk telefoon",
    "hoe vaak moet ik mijn planten water geven",
    "wanneer begint de zomervakantie",
    "hoe spel je onmiddellijk",
    "test test",
    "hallo",
    "goedemorgen",
    "ok",
    "qwerty asdf",
    "jkl jkl jkl",
    "lorem ipsum dolor sit amet",
    "xyz 123",
    "hoi hoe gaat het met je",
    "ben jij een robot",
    "wat kost een kilo aardappelen bij de markt",
    "hoe ver is de maan",
    "welke bloemen bloeien in maart",
    "ik heb zin in pizza",
    "waar is de dichtstbijzijnde supermarkt",
    "wat is een goed boek om te lezen",
    "wie schreef de nachtwacht",
    "hoeveel calorieen zitten er in een banaan",
    "kun je mijn huiswerk maken",
    "wat betekent het woord serendipiteit",
    "welke auto is het zuinigst",
    "waar kan ik op vakantie in oktober",
    "ik verveel me",
    "speel je een spelletje met me",
    "hoe oud ben jij",
    "wat vind jij van politiek",
    "vertaal dit naar het engels alsjeblieft",
    "hoe installeer ik whatsapp op mijn telefoon",
    "wanneer is het volle maan",
    "wie wint de tour de france",
    "hoe kook ik een ei",
    "wat is de beste pizza van de stad",
    "aaaaaa",
    "?",
    "...",
    "haha",
    "dfgdfg sdfsdf",
    "bla bla bla",
)


def _logistic(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=200, tol=1e-3, class_weight="balanced")


def _fit(model: LogisticRegression, matrix: Any, labels: np.ndarray) -> LogisticRegression:
    # one thread: under load (a test run on 2 cores) BLAS threads make a fit ten times slower
    with warnings.catch_warnings(), threadpool_limits(1):
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(matrix, labels)


@dataclass(frozen=True)
class _TrainingSet:
    """Rows to judge out-of-fold (``matrix``/``labels``) and rows always trained on
    (``background``: the knowledge base's own standard questions and answers)."""

    matrix: Any
    labels: np.ndarray
    background: Any = None
    background_labels: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))

    def fit(self, c: float, rows: np.ndarray | None = None) -> LogisticRegression:
        matrix = self.matrix if rows is None else self.matrix[rows]
        labels = self.labels if rows is None else self.labels[rows]
        if self.background is not None and len(self.background_labels):
            matrix = _stack([matrix, self.background])
            labels = np.concatenate([labels, self.background_labels])
        return _fit(_logistic(c), matrix, labels)


def _stack(matrices: list[Any]) -> Any:
    if sparse.issparse(matrices[0]):
        return sparse.vstack(matrices, format="csr")
    return np.vstack(matrices)


def _out_of_fold(data: _TrainingSet, c: float, folds: int = FOLDS) -> tuple[np.ndarray, np.ndarray]:
    """Class probabilities of every row from a model that did not see it (k-fold)."""
    labels = data.labels
    classes = np.unique(np.concatenate([labels, data.background_labels]))
    probabilities = np.zeros((len(labels), len(classes)), dtype=np.float64)
    smallest = int(min(np.sum(labels == label) for label in np.unique(labels)))
    splitter = StratifiedKFold(
        n_splits=max(2, min(folds, smallest)), shuffle=True, random_state=RANDOM_STATE
    )
    for train, test in splitter.split(np.zeros(len(labels)), labels):
        model = data.fit(c, train)
        columns = np.searchsorted(classes, model.classes_)
        probabilities[np.ix_(test, columns)] = model.predict_proba(data.matrix[test])
    return classes, probabilities


def _macro_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    scores = []
    for label in np.unique(truth):
        true_positive = np.sum((predicted == label) & (truth == label))
        precision = true_positive / max(1, np.sum(predicted == label))
        recall = true_positive / max(1, np.sum(truth == label))
        scores.append(0.0 if true_positive == 0 else 2 * precision * recall / (precision + recall))
    return float(np.mean(scores))


def _topic_tune(
    data: _TrainingSet, c_grid: Sequence[float]
) -> tuple[float, float, np.ndarray, np.ndarray]:
    """The C with the best out-of-fold macro-F1 over the real topics; returns it with that
    score and the top real-topic probabilities of in-scope and of off-topic rows."""
    best: tuple[float, float, np.ndarray, np.ndarray] = (-1.0, c_grid[0], np.zeros(0), np.zeros(0))
    real = data.labels != OFF_TOPIC_CLASS
    for c in c_grid:
        classes, probabilities = _out_of_fold(data, c)
        topic_columns = classes != OFF_TOPIC_CLASS
        confidence = probabilities[:, topic_columns]
        predicted = classes[topic_columns][np.argmax(confidence, axis=1)]
        score = _macro_f1(data.labels[real], predicted[real])
        if score > best[0]:
            top = confidence.max(axis=1)
            best = (score, c, top[real], top[~real])
    score, c, inside, outside = best
    return c, score, inside, outside


def _separating_threshold(inside: np.ndarray, outside: np.ndarray) -> float:
    """The confidence threshold with the best balanced accuracy between in-scope and off-topic
    messages, but never rejecting more than 10 % of in-scope ones."""
    candidates = np.unique(np.concatenate([inside, outside]))
    ceiling = float(np.quantile(inside, 0.10))
    best, best_score = float(np.min(inside)), -1.0
    for threshold in candidates:
        if threshold > ceiling:
            break
        score = np.mean(inside >= threshold) + np.mean(outside < threshold)
        if score > best_score:
            best, best_score = float(threshold), float(score)
    return best


def _escalation_threshold(
    scores: np.ndarray, positive: np.ndarray, by_rule: np.ndarray, support: np.ndarray
) -> tuple[EscalationThreshold, float, float]:
    """For each margin, the highest ``low`` whose combination with the rules keeps
    out-of-fold recall at the target; the margin with the best precision wins."""
    best: tuple[float, EscalationThreshold, float] = (-1.0, EscalationThreshold(0.05, 0.0), 0.0)
    for margin in ESCALATION_MARGINS:
        threshold = EscalationThreshold(0.05, margin)
        for low in np.arange(0.90, 0.049, -0.01):
            candidate = EscalationThreshold(round(float(low), 2), margin)
            flagged = by_rule | candidate.flags(scores, support)
            if np.sum(flagged & positive) / max(1, np.sum(positive)) >= ESCALATION_RECALL_TARGET:
                threshold = candidate
                break
        flagged = by_rule | threshold.flags(scores, support)
        recall = float(np.sum(flagged & positive) / max(1, np.sum(positive)))
        precision = float(np.sum(flagged & positive) / max(1, np.sum(flagged)))
        if recall >= ESCALATION_RECALL_TARGET and precision > best[0]:
            best = (precision, threshold, recall)
    precision, threshold, recall = best
    return threshold, recall, max(precision, 0.0)


def _topic_examples(kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    texts = [example for topic in kb.topics for example in topic.examples]
    labels = [topic.id for topic in kb.topics for _ in topic.examples]
    return texts, labels


def _topic_background(kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    """The standard questions, keywords and answers: the topic's vocabulary in the
    organisation's own words, always trained on (they lift macro-F1 by 0.05–0.10)."""
    texts: list[str] = []
    labels: list[str] = []
    for topic in kb.topics:
        for answer in topic.answers:
            for text in (answer.question, " ".join(answer.keywords), *answer.styles.values()):
                if text.strip():
                    texts.append(text)
                    labels.append(topic.id)
    return texts, labels


def _escalation_examples(escalation: EscalationExamples) -> tuple[list[str], list[str]]:
    texts: list[str] = []
    labels: list[str] = []
    for reason in ESCALATION_REASONS:
        for example in escalation.reasons.get(reason, ()):
            texts.append(example)
            labels.append(reason)
    return texts, labels


def triage_model_train(
    kb: KnowledgeBase,
    escalation: EscalationExamples,
    *,
    featurizer: Featurizer | None = None,
) -> TriageModel:
    """Train the triage of one organisation (seconds). Only the knowledge base and the
    escalation examples are seen; thresholds are tuned out-of-fold on them."""
    started = time.perf_counter()
    featurizer = featurizer or TfidfFeatures()
    topic_texts, topic_list = _topic_examples(kb)
    background_texts, background_list = _topic_background(kb)
    reason_texts, reason_list = _escalation_examples(escalation)
    negatives = list(escalation.hard_negatives)
    all_texts = [*topic_texts, *background_texts, *reason_texts, *negatives]
    featurizer.fit(list(dict.fromkeys([*all_texts, *OFF_TOPIC])))
    matrix = featurizer.transform(all_texts)
    ends = np.cumsum([len(topic_texts), len(background_texts), len(reason_texts)])
    topic_matrix, background_matrix = matrix[: ends[0]], matrix[ends[0] : ends[1]]
    off_topic = featurizer.transform(OFF_TOPIC)
    topics = _TrainingSet(
        _stack([topic_matrix, off_topic]),
        np.array([*topic_list, *[OFF_TOPIC_CLASS] * len(OFF_TOPIC)]),
        background_matrix,
        np.array(background_list),
    )
    c, topic_f1, inside, outside = _topic_tune(topics, featurizer.c_grid)
    topic_model = topics.fit(c)
    understood_threshold = _separating_threshold(inside, outside)
    # neighbours are found on the features that tell topics apart, not on "moet ik" and "de"
    neighbour_weights = np.abs(topic_model.coef_).max(axis=0)
    escalation_model, threshold, tuning = _escalation_train(
        featurizer.c_grid[0],
        _stack([matrix[ends[1] :], topic_matrix]),
        [*reason_list, *[NO_ESCALATION] * (len(negatives) + len(topic_texts))],
        [*reason_texts, *negatives, *topic_texts],
    )
    seconds = time.perf_counter() - started
    logger.debug(
        "assistant triage trained",
        extra={"organisation": kb.organisation, "seconds": round(seconds, 2), "c": c},
    )
    return TriageModel(
        organisation=kb.organisation,
        topic_names={topic.id: topic.name for topic in kb.topics},
        featurizer=featurizer,
        topic_model=LinearModel.of(topic_model),
        escalation_model=LinearModel.of(escalation_model),
        example_texts=tuple(topic_texts),
        example_topics=tuple(topic_list),
        example_matrix=featurizer.examples(topic_matrix, neighbour_weights),
        neighbour_weights=neighbour_weights,
        understood_threshold=understood_threshold,
        escalation_threshold=threshold,
        reason_labels={r: label for r, label in escalation.labels.items() if label},
        trained_seconds=seconds,
        tuning={"c": c, "topic_macro_f1_oof": topic_f1, **tuning},
    )


def _escalation_train(
    c: float, matrix: Any, label_list: list[str], texts: list[str]
) -> tuple[LogisticRegression, EscalationThreshold, dict[str, float]]:
    """One class per reason and one for "no person needed"; the threshold on 1 − P(none) is
    the highest that keeps out-of-fold recall of rules-or-model at the target."""
    labels = np.array(label_list)
    data = _TrainingSet(matrix, labels)
    classes, probabilities = _out_of_fold(data, c, folds=3)
    scores = 1.0 - probabilities[:, list(classes).index(NO_ESCALATION)]
    positive = labels != NO_ESCALATION
    found = [signals_detect(text) for text in texts]
    by_rule = np.array([bool(rule_reasons(signals)) for signals in found])
    support = np.array([supported(signals) for signals in found])
    threshold, recall, precision = _escalation_threshold(scores, positive, by_rule, support)
    tuning = {
        "escalation_low": threshold.low,
        "escalation_margin": threshold.margin,
        "escalation_recall_oof": recall,
        "escalation_precision_oof": precision,
        "rule_recall_oof": float(np.sum(by_rule & positive) / max(1, np.sum(positive))),
        "rule_precision_oof": float(np.sum(by_rule & positive) / max(1, np.sum(by_rule))),
    }
    return data.fit(c), threshold, tuning
