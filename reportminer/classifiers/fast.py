"""Prediction for the shipped linear models without scikit-learn's per-call cost.

Every model here is a vectoriser feeding a logistic regression. scikit-learn validates its
input on every call (about a millisecond), and the pipeline calls the models once per report,
so on a folder of short reports that fixed cost outweighs the work. A character n-gram TF-IDF
model is scored here directly (the same n-grams, sublinear tf, idf and l2 norm as
``TfidfVectorizer``, then the regression's weights); hashed or dict features are looked up
per feature and cached; any other vectoriser still runs, with the regression applied as a
plain sparse product. Results equal scikit-learn's up to float
rounding (``tests/test_classifiers_fast.py`` checks both on real data).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

_WHITE_SPACES = re.compile(r"\s\s+")  # TfidfVectorizer's own whitespace folding


class _CharTfidfScorer:
    """Decision values of Pipeline(TfidfVectorizer(analyzer="char"), LogisticRegression).

    Vectorised over a whole batch: characters become small integer ids, each n-gram an
    integer key, looked up in the sorted keys of the vocabulary with one searchsorted; counts,
    sublinear tf, idf, the l2 norm and the weights are then array operations. No Python loop
    runs per character, which is what made scoring thousands of short lines slow.
    """

    def __init__(self, vectorizer: Any, classifier: Any) -> None:
        self.lowercase = bool(vectorizer.lowercase)
        self.min_n, self.max_n = vectorizer.ngram_range
        self.sublinear = bool(vectorizer.sublinear_tf)
        vocabulary: dict[str, int] = vectorizer.vocabulary_
        chars = sorted({char for gram in vocabulary for char in gram})
        self.char_ids = {char: number + 1 for number, char in enumerate(chars)}  # 0: unseen
        self.bits = max(1, (len(chars) + 1).bit_length())
        if self.max_n * self.bits + 2 > 62:
            raise ValueError("n-grams too long to key in 64 bits")
        grams = list(vocabulary)
        keys = np.array([self._key_of(gram) for gram in grams], dtype=np.int64)
        order = np.argsort(keys)
        self.keys = keys[order]
        self.columns = np.array([vocabulary[gram] for gram in grams], dtype=np.int64)[order]
        idf = vectorizer.idf_ if vectorizer.use_idf else np.ones(len(vocabulary))
        self.idf = np.asarray(idf, dtype=float)
        self.coef = np.asarray(classifier.coef_, dtype=float)
        self.intercept = np.asarray(classifier.intercept_, dtype=float)
        self._lookup: np.ndarray | None = None

    def _key_of(self, gram: str) -> int:
        key = len(gram)
        for position, char in enumerate(gram):
            key |= self.char_ids[char] << (2 + position * self.bits)
        return key

    def _ids(self, text: str) -> np.ndarray:
        if self._lookup is None:
            top = max(map(ord, self.char_ids), default=0) + 1
            lookup = np.zeros(top, dtype=np.int64)
            for char, number in self.char_ids.items():
                lookup[ord(char)] = number
            self._lookup = lookup
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        inside = points < len(self._lookup)
        ids = np.zeros(len(points), dtype=np.int64)
        ids[inside] = self._lookup[points[inside]]
        return ids

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        prepared = [_WHITE_SPACES.sub(" ", t.lower() if self.lowercase else t) for t in texts]
        lengths = np.array([len(t) for t in prepared], dtype=np.int64)
        out = np.tile(self.intercept, (len(texts), 1))
        if not lengths.sum():
            return out
        ids = self._ids("".join(prepared))
        rows = np.repeat(np.arange(len(texts)), lengths)
        ends = np.cumsum(lengths)  # a gram may not cross into the next text
        end_of_row = ends[rows]
        found_rows, found_columns = [], []
        for n in range(self.min_n, self.max_n + 1):
            last = len(ids) - n + 1
            if last <= 0:
                break
            start = np.arange(last)
            valid = start + n <= end_of_row[:last]
            key = np.full(last, n, dtype=np.int64)
            for offset in range(n):
                part = ids[offset : offset + last]
                valid &= part > 0
                key |= part << (2 + offset * self.bits)
            key = key[valid]
            at = np.searchsorted(self.keys, key)
            at[at == len(self.keys)] = 0
            hit = self.keys[at] == key
            found_rows.append(rows[:last][valid][hit])
            found_columns.append(self.columns[at[hit]])
        row = np.concatenate(found_rows)
        column = np.concatenate(found_columns)
        if not len(row):
            return out
        features = self.idf.shape[0]
        pairs, counts = np.unique(row * features + column, return_counts=True)
        row, column = pairs // features, pairs % features
        tf = 1.0 + np.log(counts) if self.sublinear else counts.astype(float)
        weight = tf * self.idf[column]
        norm = np.sqrt(np.bincount(row, weights=weight * weight, minlength=len(texts)))
        for k in range(self.coef.shape[0]):
            dot = np.bincount(row, weights=weight * self.coef[k, column], minlength=len(texts))
            has = norm > 0
            out[has, k] += dot[has] / norm[has]
        return out


class _TokenScorer:
    """Decision values of (FeatureHasher(input_type="string") or DictVectorizer, regression).

    A hashed feature resolves once to its weight (one row of the regression per class) and
    is cached, so scoring a batch is a sum of dict lookups per row. Hash columns come from
    the fitted hasher itself (one batched call for the features not yet seen), so they match
    scikit-learn's exactly. Dict features are looked up in the DictVectorizer's vocabulary.
    """

    # Hashed features are unbounded (char n-grams of any text): start afresh past this size.
    _CACHE_LIMIT = 500_000

    def __init__(self, vectorizer: Any, classifier: Any) -> None:
        self.vectorizer = vectorizer
        self.hashed = not hasattr(vectorizer, "vocabulary_")
        self.separator = getattr(vectorizer, "separator", "=")
        self.coef = np.asarray(classifier.coef_, dtype=float)
        self.intercept = np.asarray(classifier.intercept_, dtype=float)
        binary = self.coef.shape[0] == 1
        # Weight of a feature: a float for a binary model, one value per class otherwise.
        self._zero: Any = 0.0 if binary else np.zeros(self.coef.shape[0])
        self._weights: dict[str, Any] = {}

    def _hash_new(self, rows: Sequence[Sequence[str]]) -> None:
        import sklearn

        weights = self._weights
        new = sorted({token for row in rows for token in row} - weights.keys())
        if len(weights) + len(new) > self._CACHE_LIMIT:
            weights.clear()
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            matrix = self.vectorizer.transform([[token] for token in new]).tocsr()
        binary = self.coef.shape[0] == 1
        for number, token in enumerate(new):
            begin, end = matrix.indptr[number], matrix.indptr[number + 1]
            weight = self._zero
            if end > begin:
                weight = matrix.data[begin] * self.coef[:, matrix.indices[begin]]
                weight = float(weight[0]) if binary else weight
            weights[token] = weight

    def _hashed_sums(self, rows: Sequence[Sequence[str]]) -> list[Any]:
        lookup = self._weights.__getitem__
        zero = self._zero
        try:
            return [sum(map(lookup, row), zero) for row in rows]
        except KeyError:
            self._hash_new(rows)
            lookup = self._weights.__getitem__
            return [sum(map(lookup, row), zero) for row in rows]

    def _dict_sums(self, rows: Sequence[dict[str, Any]]) -> list[Any]:
        vocabulary = self.vectorizer.vocabulary_
        separator = self.separator
        coef = self.coef.T
        sums = []
        for row in rows:
            total = np.zeros(self.coef.shape[0])
            for name, value in row.items():
                if isinstance(value, str):
                    name, value = f"{name}{separator}{value}", 1.0
                elif not isinstance(value, (int, float)):
                    raise TypeError(f"feature {name!r}: unsupported value {value!r}")
                column = vocabulary.get(name)
                if column is not None and value:
                    total += value * coef[column]
            sums.append(total)
        return sums

    def decision(self, rows: Sequence[Any]) -> np.ndarray:
        sums = self._hashed_sums(rows) if self.hashed else self._dict_sums(rows)
        scores = np.array(sums, dtype=float).reshape(len(rows), self.coef.shape[0])
        return scores + self.intercept


class _SparseLinearScorer:
    """Any vectoriser, then the regression as a sparse product (no input validation)."""

    def __init__(self, vectorizer: Any, classifier: Any) -> None:
        self.vectorizer = vectorizer
        self.coef = np.asarray(classifier.coef_, dtype=float)
        self.intercept = np.asarray(classifier.intercept_, dtype=float)

    def decision(self, rows: Sequence[Any]) -> np.ndarray:
        import sklearn

        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            matrix = self.vectorizer.transform(rows)
        return np.asarray(matrix @ self.coef.T) + self.intercept


class LinearModel:
    """A fitted two-step pipeline (vectoriser, LogisticRegression) with fast predict."""

    def __init__(self, pipeline: Any) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        steps = [step for _, step in pipeline.steps]
        vectorizer, classifier = steps[0], steps[-1]
        if len(steps) != 2 or not hasattr(classifier, "coef_"):
            raise TypeError("expected a pipeline of a vectoriser and a linear classifier")
        self.classes_ = classifier.classes_
        if (
            isinstance(vectorizer, TfidfVectorizer)
            and vectorizer.analyzer == "char"
            and vectorizer.norm == "l2"
            and vectorizer.preprocessor is None
            and not vectorizer.strip_accents
        ):
            self._scorer: Any = _CharTfidfScorer(vectorizer, classifier)
        elif _is_token_vectorizer(vectorizer):
            self._scorer = _TokenScorer(vectorizer, classifier)
        else:
            self._scorer = _SparseLinearScorer(vectorizer, classifier)

    def decision_function(self, rows: Sequence[Any]) -> np.ndarray:
        return self._scorer.decision(rows)

    def predict_proba(self, rows: Sequence[Any]) -> np.ndarray:
        scores = self.decision_function(rows)
        if scores.shape[1] == 1:  # binary: one column of log-odds for classes_[1]
            positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            return np.column_stack([1.0 - positive, positive])
        shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
        return shifted / shifted.sum(axis=1, keepdims=True)

    def predict(self, rows: Sequence[Any]) -> np.ndarray:
        scores = self.decision_function(rows)
        if scores.shape[1] == 1:
            return self.classes_[(scores[:, 0] > 0).astype(int)]
        return self.classes_[scores.argmax(axis=1)]


def _is_token_vectorizer(vectorizer: Any) -> bool:
    from sklearn.feature_extraction import DictVectorizer, FeatureHasher

    if isinstance(vectorizer, FeatureHasher):
        return vectorizer.input_type == "string"
    return isinstance(vectorizer, DictVectorizer)


def fast(model: Any) -> Any:
    """The fast form of a loaded model (cached on it), or the model itself if not linear."""
    cached = getattr(model, "_reportminer_fast", None)
    if cached is not None:
        return cached
    try:
        wrapped: Any = LinearModel(model)
    except (TypeError, AttributeError, ValueError):
        wrapped = model
    try:
        model._reportminer_fast = wrapped
    except AttributeError:
        return wrapped
    return wrapped
