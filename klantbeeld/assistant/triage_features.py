"""The features of the triage: how a text becomes a row of numbers (issue 6, item 2).

- :class:`TfidfFeatures`, the chosen features: TF-IDF over word 1–2-grams and character
  2–5-grams (within words, so typos and compounds still share most features), each half
  L2-normalised and together scaled to length 1, so that a dot product is a cosine similarity.
- :class:`Featurizer` and :class:`Row`, the protocols the training and the model rely on; the
  comparison with sentence embeddings (:mod:`.embeddings`) reuses the same training with another
  :class:`Featurizer` and :class:`DenseRow`.
- :func:`model_text`, the text the statistical models see.

At run time one message costs a few milliseconds: :meth:`Featurizer.row` computes the same
numbers as scikit-learn's ``transform`` without its per-call checks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from klantbeeld.assistant.signals import text_normalise


class Row(Protocol):
    """One message as features, for the fast path of :meth:`TriageModel.triage`."""

    def scores(self, weights: np.ndarray) -> np.ndarray:
        """``weights @ row`` for a (classes × features) matrix."""
        ...

    def similarities(self, examples: Any) -> np.ndarray:
        """Cosine similarity with each row of the (L2-normalised) example matrix."""
        ...

    def weighted(self, weights: np.ndarray | None) -> Row:
        """The row with each feature scaled by ``weights`` and normalised again."""
        ...


class Featurizer(Protocol):
    """Turns texts into L2-normalised rows, so that a dot product is a cosine similarity."""

    name: str
    c_grid: tuple[float, ...]

    def fit(self, texts: Sequence[str]) -> None: ...

    def transform(self, texts: Sequence[str]) -> Any:
        """A matrix for many texts (training)."""
        ...

    def row(self, text: str) -> Row:
        """One text, fast (run time)."""
        ...

    def examples(self, matrix: Any, weights: np.ndarray | None) -> Any:
        """The example matrix, each feature scaled by ``weights`` (how much it tells topics
        apart) and rows normalised, in the form :meth:`Row.similarities` reads fastest."""
        ...

    def contributions(self, text: str, row: Row, weights: np.ndarray) -> list[tuple[str, float]]:
        """What each word of ``text`` adds to a linear score with ``weights`` (may be empty)."""
        ...


@dataclass(frozen=True)
class SparseRow:
    indices: np.ndarray
    values: np.ndarray

    def scores(self, weights: np.ndarray) -> np.ndarray:
        return np.asarray(weights[:, self.indices] @ self.values)

    def similarities(self, examples: Any) -> np.ndarray:
        if not len(self.indices):
            return np.zeros(examples.shape[0], dtype=np.float32)
        return np.asarray(examples[:, self.indices] @ self.values).ravel()

    def weighted(self, weights: np.ndarray | None) -> SparseRow:
        if weights is None or not len(self.indices):
            return self
        values = self.values * weights[self.indices]
        norm = float(np.linalg.norm(values))
        return SparseRow(self.indices, (values / norm if norm else values).astype(np.float32))


@dataclass(frozen=True)
class DenseRow:
    vector: np.ndarray

    def scores(self, weights: np.ndarray) -> np.ndarray:
        return np.asarray(weights @ self.vector)

    def similarities(self, examples: Any) -> np.ndarray:
        return np.asarray(examples @ self.vector).ravel()

    def weighted(self, weights: np.ndarray | None) -> DenseRow:
        return self  # the dimensions of an embedding carry no meaning of their own


def model_text(text: str) -> str:
    """The text the statistical models see: normalised, without punctuation."""
    return re.sub(r"[^a-z0-9\s]", " ", text_normalise(text))


class TfidfFeatures:
    """TF-IDF of word 1–2-grams and of character 2–5-grams inside word boundaries; each half
    L2-normalised, together scaled to length 1."""

    name = "tfidf"
    c_grid: tuple[float, ...] = (10.0, 30.0)

    def __init__(self) -> None:
        common: dict[str, Any] = {"lowercase": False, "sublinear_tf": True, "dtype": np.float32}
        self.words = TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, 2),
            token_pattern=r"(?u)\b\w+\b",  # noqa: S106 (a regular expression, not a secret)
            **common,
        )
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, **common)
        self._names: list[str] = []

    def fit(self, texts: Sequence[str]) -> None:
        prepared = [model_text(text) for text in texts]
        self.words.fit(prepared)
        self.chars.fit(prepared)
        self._word_count = len(self.words.vocabulary_)
        self._names = [str(name) for name in self.words.get_feature_names_out()]
        self._halves = [
            (self.words.build_analyzer(), self.words.vocabulary_, self.words.idf_, 0),
            (
                self.chars.build_analyzer(),
                self.chars.vocabulary_,
                self.chars.idf_,
                self._word_count,
            ),
        ]

    def transform(self, texts: Sequence[str]) -> Any:
        prepared = [model_text(text) for text in texts]
        both = sparse.hstack(
            [self.words.transform(prepared), self.chars.transform(prepared)], format="csr"
        )
        return both * np.float32(_HALF)

    def row(self, text: str) -> SparseRow:
        """The same numbers as :meth:`transform`, without scikit-learn's per-call checks
        (they cost more than the arithmetic for one short message)."""
        prepared = model_text(text)
        indices: list[int] = []
        values: list[float] = []
        for analyzer, vocabulary, idf, offset in self._halves:
            counts: dict[int, int] = {}
            for gram in analyzer(prepared):
                index = vocabulary.get(gram)
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
            if not counts:
                continue
            found = np.fromiter(counts, dtype=np.int64, count=len(counts))
            weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * idf[found]
            weights *= _HALF / np.linalg.norm(weights)
            indices.extend((found + offset).tolist())
            values.extend(weights.tolist())
        return SparseRow(np.array(indices, dtype=np.int64), np.array(values, dtype=np.float32))

    def examples(self, matrix: Any, weights: np.ndarray | None) -> Any:
        scaled = sparse.csr_matrix(matrix)
        if weights is not None:
            scaled = sparse.csr_matrix(scaled.multiply(weights.astype(np.float32)))
        norms = np.sqrt(np.asarray(scaled.multiply(scaled).sum(axis=1)).ravel())
        return sparse.csc_matrix(sparse.diags(1 / np.maximum(norms, 1e-12)) @ scaled)

    def contributions(self, text: str, row: Row, weights: np.ndarray) -> list[tuple[str, float]]:
        """Word n-grams count as themselves; a character n-gram is shared among the words
        of the message that contain it, so the employee sees words, never ``" cont"``."""
        if not isinstance(row, SparseRow):
            return []
        values = dict(zip(row.indices.tolist(), row.values.tolist(), strict=True))
        scores: dict[str, float] = {}
        for index, value in values.items():
            if index < self._word_count:
                scores[self._names[index]] = value * float(weights[index])
        char_analyzer, char_vocabulary, _, offset = self._halves[1]
        words = list(dict.fromkeys(model_text(text).split()))
        grams_of = {word: set(char_analyzer(word)) for word in words}
        owners: dict[str, int] = {}
        for grams in grams_of.values():
            for gram in grams:
                owners[gram] = owners.get(gram, 0) + 1
        for word, grams in grams_of.items():
            total = 0.0
            for gram in grams:
                position = char_vocabulary.get(gram, -1) + offset
                if position >= offset and position in values:
                    total += values[position] * float(weights[position]) / owners[gram]
            scores[word] = scores.get(word, 0.0) + total
        return sorted(scores.items(), key=lambda item: -item[1])


_HALF = float(1 / np.sqrt(2))
