"""Shared model shapes: the classifiers read characters, not words (no jieba on the hot path)."""

from __future__ import annotations

from typing import Any


def char_ngram_classifier(
    features_version: int,
    *,
    ngram_range: tuple[int, int] = (1, 3),
    c: float = 4.0,
    class_weight: str | None = "balanced",
) -> Any:
    """TF-IDF over character n-grams feeding a logistic regression, tagged with its version."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    model = Pipeline(
        [
            (
                "tfidf",
                TfidfVectorizer(analyzer="char", ngram_range=ngram_range, sublinear_tf=True),
            ),
            ("clf", LogisticRegression(max_iter=2000, C=c, class_weight=class_weight)),
        ]
    )
    model.features_version = features_version  # type: ignore[attr-defined]
    return model


def fit_char_model(
    name: str, features_version: int, texts: list[str], labels: list[Any], needs: str
) -> Any:
    """A fitted :func:`char_ngram_classifier`; a clear error when one class is all there is."""
    if len(set(labels)) < 2:
        raise ValueError(f"{name} needs {needs} to train")
    model = char_ngram_classifier(features_version)
    model.fit(texts, labels)
    return model


def training_bytes(texts: list[str], labels: list[Any]) -> bytes:
    """The training examples as bytes, hashed into the model's metadata."""
    import json

    return json.dumps([texts, labels], ensure_ascii=False).encode("utf-8")


def accuracy(predicted: Any, gold: list[Any]) -> float:
    """Share of equal pairs, rounded for metadata files."""
    if not gold:
        return 0.0
    return round(sum(p == g for p, g in zip(predicted, gold, strict=True)) / len(gold), 4)
