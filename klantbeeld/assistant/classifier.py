"""Triage of every inbound text: topic, complexity, sensitivity, urgency, emotion, the wish for a
person, and whether a person must take over at once (issue 6, item 2; TRI-01, TRI-02, TRI-04,
BOT-03, BOT-04; the escalation rule of TAXONOMY.md).

One :class:`TriageModel` per organisation, trained in seconds from its knowledge base and the
shared escalation examples; nothing else is seen (never the held-out evaluation set). This
module is the entry point and re-exports the public names of its parts:

- :mod:`.triage_features`: features and vectorisation (:class:`TfidfFeatures`, the
  :class:`Featurizer` and :class:`Row` protocols, :func:`model_text`);
- :mod:`.triage_training`: :func:`triage_model_train` and the out-of-fold tuning of
  regularisation, the ``understood`` threshold and the escalation threshold;
- :mod:`.triage_model`: :class:`TriageModel` and its :meth:`~TriageModel.triage`, the
  escalation rules (:func:`rule_reasons`, :func:`supported`, :class:`EscalationThreshold`);
- :mod:`.triage_explanation`: the words, nearest examples and short Dutch text for the
  employee;
- :mod:`.triage_result`: :class:`TriageResult` and its parts.

:func:`triage_model_for` keeps one model per organisation and knowledge version in the process;
nothing is pickled. The comparison with sentence embeddings (:mod:`.embeddings`) reuses this
training with another :class:`Featurizer`; figures and the choice are in
docs/architecture/assistant-triage.md.
"""

from __future__ import annotations

import threading

from klantbeeld.assistant.knowledge import KnowledgeBase, escalation_examples
from klantbeeld.assistant.triage_explanation import MIN_SIMILARITY, REASON_LABELS
from klantbeeld.assistant.triage_features import (
    DenseRow,
    Featurizer,
    Row,
    SparseRow,
    TfidfFeatures,
    model_text,
)
from klantbeeld.assistant.triage_model import (
    COMPLEXITIES,
    NO_ESCALATION,
    OFF_TOPIC_CLASS,
    EscalationThreshold,
    LinearModel,
    TriageModel,
    rule_reasons,
    supported,
)
from klantbeeld.assistant.triage_result import Neighbour, ScoredTopic, TriageResult
from klantbeeld.assistant.triage_training import (
    ESCALATION_MARGINS,
    ESCALATION_RECALL_TARGET,
    FOLDS,
    OFF_TOPIC,
    RANDOM_STATE,
    triage_model_train,
)

__all__ = [
    "COMPLEXITIES",
    "ESCALATION_MARGINS",
    "ESCALATION_RECALL_TARGET",
    "FOLDS",
    "MIN_SIMILARITY",
    "NO_ESCALATION",
    "OFF_TOPIC",
    "OFF_TOPIC_CLASS",
    "RANDOM_STATE",
    "REASON_LABELS",
    "DenseRow",
    "EscalationThreshold",
    "Featurizer",
    "LinearModel",
    "Neighbour",
    "Row",
    "ScoredTopic",
    "SparseRow",
    "TfidfFeatures",
    "TriageModel",
    "TriageResult",
    "model_text",
    "rule_reasons",
    "supported",
    "triage_model_for",
    "triage_model_train",
    "triage_models_clear",
]


# --- one model per organisation and knowledge version -------------------------------------------

_MODELS: dict[str, tuple[str, TriageModel]] = {}
_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


def triage_model_for(
    organisation_code: str, knowledge_base: KnowledgeBase, version_key: str
) -> TriageModel:
    """The organisation's model for this knowledge version, trained once per process; a new
    ``version_key`` (an edited knowledge base) trains anew and replaces the old one."""
    cached = _MODELS.get(organisation_code)
    if cached is not None and cached[0] == version_key:
        return cached[1]
    with _LOCKS_LOCK:
        lock = _LOCKS.setdefault(organisation_code, threading.Lock())
    with lock:
        cached = _MODELS.get(organisation_code)
        if cached is not None and cached[0] == version_key:
            return cached[1]
        model = triage_model_train(knowledge_base, escalation_examples())
        _MODELS[organisation_code] = (version_key, model)
        return model


def triage_models_clear() -> None:
    """Forget every trained model (tests; a changed escalation file)."""
    _MODELS.clear()
