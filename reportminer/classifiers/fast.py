"""Prediction for the shipped linear models without scikit-learn at run time.

Every model here is a vectoriser feeding a logistic regression. scikit-learn trains them;
predicting needs only the regression's weights and the vectoriser's tables, so each model is
also saved in an inference form (``scorer.json`` + ``scorer.npz``: plain arrays, no pickle,
no code run on load). Extraction then neither imports scikit-learn (a second of start-up in
every process) nor unpickles a TF-IDF vocabulary (most of a second more), and a batch is
scored by array operations instead of scikit-learn's per-call validation.

Three vectorisers have a scorer: character n-gram TF-IDF (the same n-grams, sublinear tf, idf
and l2 norm as ``TfidfVectorizer``), ``FeatureHasher`` over strings (the same MurmurHash3 as
scikit-learn) and ``DictVectorizer``. Results equal scikit-learn's up to float rounding
(``tests/test_classifiers_fast.py`` checks every shipped model on real data). Any other
pipeline is still scored through its own vectoriser.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

_WHITE_SPACES = re.compile(r"\s\s+")  # TfidfVectorizer's own whitespace folding
SCORER_JSON = "scorer.json"
SCORER_ARRAYS = "scorer.npz"
_FORMAT = 1


class _CharTfidfScorer:
    """Decision values of Pipeline(TfidfVectorizer(analyzer="char"), LogisticRegression).

    Vectorised over a whole batch: characters become small integer ids, each n-gram an
    integer key, looked up in the sorted keys of the vocabulary with one searchsorted; counts,
    sublinear tf, idf, the l2 norm and the weights are then array operations. No Python loop
    runs per character, which is what made scoring thousands of short lines slow.
    """

    kind = "char_tfidf"

    def __init__(self, spec: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        self.lowercase = bool(spec["lowercase"])
        self.min_n, self.max_n = spec["ngram_range"]
        self.sublinear = bool(spec["sublinear_tf"])
        self.chars = np.asarray(arrays["chars"], dtype=np.int64)  # code points, sorted
        self.bits = max(1, (len(self.chars) + 1).bit_length())
        if self.max_n * self.bits + 2 > 62:
            raise ValueError("n-grams too long to key in 64 bits")
        self.keys = np.asarray(arrays["keys"], dtype=np.int64)
        self.columns = np.asarray(arrays["columns"], dtype=np.int64)
        self.idf = np.asarray(arrays["idf"], dtype=float)
        self.coef = np.asarray(arrays["coef"], dtype=float)
        self.intercept = np.asarray(arrays["intercept"], dtype=float)
        top = int(self.chars.max()) + 1 if len(self.chars) else 1
        self._lookup = np.zeros(top, dtype=np.int64)  # code point -> id; 0: unseen
        self._lookup[self.chars] = np.arange(1, len(self.chars) + 1)

    @classmethod
    def from_sklearn(cls, vectorizer: Any, classifier: Any) -> _CharTfidfScorer:
        vocabulary: dict[str, int] = vectorizer.vocabulary_
        chars = sorted({ord(char) for gram in vocabulary for char in gram})
        char_ids = {chr(code): number + 1 for number, code in enumerate(chars)}
        bits = max(1, (len(chars) + 1).bit_length())

        def key_of(gram: str) -> int:
            key = len(gram)
            for position, char in enumerate(gram):
                key |= char_ids[char] << (2 + position * bits)
            return key

        grams = list(vocabulary)
        keys = np.array([key_of(gram) for gram in grams], dtype=np.int64)
        order = np.argsort(keys)
        idf = vectorizer.idf_ if vectorizer.use_idf else np.ones(len(vocabulary))
        spec = {
            "lowercase": bool(vectorizer.lowercase),
            "ngram_range": list(vectorizer.ngram_range),
            "sublinear_tf": bool(vectorizer.sublinear_tf),
        }
        arrays = {
            "chars": np.array(chars, dtype=np.int64),
            "keys": keys[order],
            "columns": np.array([vocabulary[gram] for gram in grams], dtype=np.int64)[order],
            "idf": np.asarray(idf, dtype=float),
            **_regression_arrays(classifier),
        }
        return cls(spec, arrays)

    def export(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        spec = {
            "lowercase": self.lowercase,
            "ngram_range": [self.min_n, self.max_n],
            "sublinear_tf": self.sublinear,
        }
        arrays = {
            "chars": self.chars,
            "keys": self.keys,
            "columns": self.columns,
            "idf": self.idf,
            "coef": self.coef,
            "intercept": self.intercept,
        }
        return spec, arrays

    def _ids(self, text: str) -> np.ndarray:
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


class _HashedScorer:
    """Decision values of (FeatureHasher(input_type="string"), linear classifier).

    A feature resolves once to its weight (one value per class) and is cached, so scoring a
    batch is a sum of dict lookups per row. The column is scikit-learn's: MurmurHash3 of the
    UTF-8 bytes, seed 0, absolute value modulo the width, sign from the hash when
    ``alternate_sign``.
    """

    kind = "hashed"
    # Features are unbounded (char n-grams of any text): start afresh past this size, about
    # 15 MB (200k characters of reports bring some 27k distinct features).
    _CACHE_LIMIT = 100_000

    def __init__(self, spec: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        self.n_features = int(spec["n_features"])
        self.alternate_sign = bool(spec["alternate_sign"])
        self.coef = np.asarray(arrays["coef"], dtype=float)
        self.intercept = np.asarray(arrays["intercept"], dtype=float)
        self._binary = self.coef.shape[0] == 1
        # Weight of a feature: a float for a binary model, one value per class otherwise.
        self._zero: Any = 0.0 if self._binary else np.zeros(self.coef.shape[0])
        self._weights: dict[str, Any] = {}

    @classmethod
    def from_sklearn(cls, vectorizer: Any, classifier: Any) -> _HashedScorer:
        spec = {"n_features": vectorizer.n_features, "alternate_sign": vectorizer.alternate_sign}
        return cls(spec, _regression_arrays(classifier))

    def export(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        spec = {"n_features": self.n_features, "alternate_sign": self.alternate_sign}
        return spec, {"coef": self.coef, "intercept": self.intercept}

    def _add_weights(self, tokens: list[str]) -> None:
        """Hash the new features in one vectorised pass and cache their weights."""
        hashed = murmurhash3_32_many([token.encode("utf-8") for token in tokens])
        # scikit-learn takes abs() of an int32, so it special-cases -2**31
        columns = np.where(
            hashed == -(2**31),
            (2**31 - 1 - (self.n_features - 1)) % self.n_features,
            np.abs(hashed) % self.n_features,
        )
        signs = np.where(self.alternate_sign & (hashed < 0), -1.0, 1.0)
        weights = signs[:, None] * self.coef[:, columns].T  # one row per token
        if self._binary:
            self._weights.update(zip(tokens, weights[:, 0].tolist(), strict=True))
        else:
            self._weights.update(zip(tokens, weights, strict=True))

    def _sums(self, rows: Sequence[Sequence[str]]) -> list[Any]:
        weights = self._weights
        lookup = weights.__getitem__
        zero = self._zero
        try:
            return [sum(map(lookup, row), zero) for row in rows]
        except KeyError:
            new = {token for row in rows for token in row if token not in weights}
            if len(weights) + len(new) > self._CACHE_LIMIT:
                weights.clear()
                new = {token for row in rows for token in row}
            self._add_weights(sorted(new))
            return [sum(map(lookup, row), zero) for row in rows]

    def decision(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        scores = np.array(self._sums(rows), dtype=float).reshape(len(rows), self.coef.shape[0])
        return scores + self.intercept


class _DictScorer:
    """Decision values of (DictVectorizer, linear classifier) over feature dicts."""

    kind = "dict"

    def __init__(self, spec: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        self.separator = str(spec["separator"])
        names = [str(name) for name in arrays["feature_names"]]
        self.vocabulary = {name: column for column, name in enumerate(names)}
        self.feature_names = np.asarray(arrays["feature_names"])
        self.coef = np.asarray(arrays["coef"], dtype=float)
        self.intercept = np.asarray(arrays["intercept"], dtype=float)

    @classmethod
    def from_sklearn(cls, vectorizer: Any, classifier: Any) -> _DictScorer:
        arrays = _regression_arrays(classifier)
        arrays["feature_names"] = np.array(list(vectorizer.feature_names_), dtype=str)
        return cls({"separator": vectorizer.separator}, arrays)

    def export(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        arrays = {
            "feature_names": self.feature_names,
            "coef": self.coef,
            "intercept": self.intercept,
        }
        return {"separator": self.separator}, arrays

    def decision(self, rows: Sequence[dict[str, Any]]) -> np.ndarray:
        vocabulary = self.vocabulary
        coef = self.coef.T
        out = np.tile(self.intercept, (len(rows), 1))
        for number, row in enumerate(rows):
            for name, value in row.items():
                if isinstance(value, str):
                    name, value = f"{name}{self.separator}{value}", 1.0
                elif not isinstance(value, int | float):
                    raise TypeError(f"feature {name!r}: unsupported value {value!r}")
                column = vocabulary.get(name)
                if column is not None and value:
                    out[number] += value * coef[column]
        return out


class _SparseLinearScorer:
    """Any other vectoriser, then the regression as a sparse product (not exportable)."""

    kind = "sklearn"

    def __init__(self, vectorizer: Any, classifier: Any) -> None:
        self.vectorizer = vectorizer
        self.coef = np.asarray(classifier.coef_, dtype=float)
        self.intercept = np.asarray(classifier.intercept_, dtype=float)

    def decision(self, rows: Sequence[Any]) -> np.ndarray:
        import sklearn

        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            matrix = self.vectorizer.transform(rows)
        return np.asarray(matrix @ self.coef.T) + self.intercept


_SCORERS: dict[str, Any] = {s.kind: s for s in (_CharTfidfScorer, _HashedScorer, _DictScorer)}
# Attributes the pipeline carries besides its steps (read by the callers).
_CARRIED = ("features_version", "threshold")


class LinearModel:
    """A linear model's predict/predict_proba/decision_function from its weights alone."""

    def __init__(self, scorer: Any, classes: np.ndarray, carried: dict[str, Any]) -> None:
        self._scorer = scorer
        self.classes_ = classes
        for name, value in carried.items():
            setattr(self, name, value)
        self._carried = carried

    @classmethod
    def from_pipeline(cls, pipeline: Any) -> LinearModel:
        """From a fitted two-step sklearn pipeline (vectoriser, linear classifier)."""
        steps = [step for _, step in pipeline.steps]
        vectorizer, classifier = steps[0], steps[-1]
        if len(steps) != 2 or not hasattr(classifier, "coef_"):
            raise TypeError("expected a pipeline of a vectoriser and a linear classifier")
        kind = _kind_of(vectorizer)
        scorer: Any
        if kind is None:
            scorer = _SparseLinearScorer(vectorizer, classifier)
        else:
            scorer = _SCORERS[kind].from_sklearn(vectorizer, classifier)
        carried = {n: getattr(pipeline, n) for n in _CARRIED if hasattr(pipeline, n)}
        return cls(scorer, np.asarray(classifier.classes_), carried)

    @property
    def exportable(self) -> bool:
        return self._scorer.kind in _SCORERS

    def save(self, folder: Path) -> None:
        """Write the inference form: ``scorer.json`` (settings) and ``scorer.npz`` (arrays)."""
        spec, arrays = self._scorer.export()
        classes = [c.item() if hasattr(c, "item") else c for c in self.classes_]
        record = {
            "format": _FORMAT,
            "kind": self._scorer.kind,
            "classes": classes,
            "settings": spec,
            **self._carried,
        }
        (folder / SCORER_JSON).write_text(
            json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8"
        )
        with (folder / SCORER_ARRAYS).open("wb") as handle:
            np.savez_compressed(handle, **arrays)

    @classmethod
    def load(cls, folder: Path) -> LinearModel:
        """Read the inference form; arrays only (``allow_pickle=False``): no code runs."""
        record = json.loads((folder / SCORER_JSON).read_text("utf-8"))
        if record.get("format") != _FORMAT or record.get("kind") not in _SCORERS:
            raise ValueError(f"{folder / SCORER_JSON}: unknown scorer format or kind")
        with np.load(folder / SCORER_ARRAYS, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
        scorer = _SCORERS[record["kind"]](record["settings"], arrays)
        carried = {n: record[n] for n in _CARRIED if n in record}
        return cls(scorer, np.asarray(record["classes"]), carried)

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


def _regression_arrays(classifier: Any) -> dict[str, np.ndarray]:
    return {
        "coef": np.asarray(classifier.coef_, dtype=float),
        "intercept": np.asarray(classifier.intercept_, dtype=float),
    }


def _kind_of(vectorizer: Any) -> str | None:
    """Which exportable scorer fits the vectoriser, or None."""
    from sklearn.feature_extraction import DictVectorizer, FeatureHasher
    from sklearn.feature_extraction.text import TfidfVectorizer

    if (
        isinstance(vectorizer, TfidfVectorizer)
        and vectorizer.analyzer == "char"
        and vectorizer.norm == "l2"
        and vectorizer.preprocessor is None
        and not vectorizer.strip_accents
    ):
        return "char_tfidf"
    if isinstance(vectorizer, FeatureHasher) and vectorizer.input_type == "string":
        return "hashed"
    if isinstance(vectorizer, DictVectorizer):
        return "dict"
    return None


def fast(model: Any) -> Any:
    """The fast form of a loaded sklearn model (cached on it), or the model if not linear."""
    if isinstance(model, LinearModel):
        return model
    cached = getattr(model, "_reportminer_fast", None)
    if cached is not None:
        return cached
    try:
        wrapped: Any = LinearModel.from_pipeline(model)
    except (TypeError, AttributeError, ValueError):
        wrapped = model
    try:
        model._reportminer_fast = wrapped
    except AttributeError:
        return wrapped
    return wrapped


def murmurhash3_32_many(items: Sequence[bytes], seed: int = 0) -> np.ndarray:
    """MurmurHash3 (x86, 32-bit) of each item, signed, as scikit-learn's FeatureHasher uses
    it; vectorised over the items (uint32 arithmetic wraps as the hash wants)."""
    count = len(items)
    if not count:
        return np.zeros(0, dtype=np.int64)
    lengths = np.fromiter(map(len, items), dtype=np.int64, count=count)
    words = max(1, (int(lengths.max()) + 3) // 4)
    padded = b"".join(item.ljust(words * 4, b"\0") for item in items)
    blocks = np.frombuffer(padded, dtype="<u4").reshape(count, words)
    full_blocks = lengths // 4

    def scramble(k: np.ndarray) -> np.ndarray:
        k = k * np.uint32(0xCC9E2D51)
        k = (k << np.uint32(15)) | (k >> np.uint32(17))
        return k * np.uint32(0x1B873593)

    hashed = np.full(count, seed & 0xFFFFFFFF, dtype=np.uint32)
    for index in range(int(full_blocks.max())):
        mixed = hashed ^ scramble(blocks[:, index])
        mixed = (mixed << np.uint32(13)) | (mixed >> np.uint32(19))
        mixed = mixed * np.uint32(5) + np.uint32(0xE6546B64)
        hashed = np.where(index < full_blocks, mixed, hashed)
    # the tail bytes sit, zero-padded, in the word after the full blocks
    tail = blocks[np.arange(count), np.minimum(full_blocks, words - 1)]
    hashed = np.where(lengths % 4 > 0, hashed ^ scramble(tail), hashed)
    hashed ^= lengths.astype(np.uint32)
    hashed ^= hashed >> np.uint32(16)
    hashed *= np.uint32(0x85EBCA6B)
    hashed ^= hashed >> np.uint32(13)
    hashed *= np.uint32(0xC2B2AE35)
    hashed ^= hashed >> np.uint32(16)
    return hashed.view(np.int32).astype(np.int64)
