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


def accuracy(predicted: Any, gold: list[Any]) -> float:
    """Share of equal pairs, rounded for metadata files."""
    if not gold:
        return 0.0
    return round(sum(p == g for p, g in zip(predicted, gold, strict=True)) / len(gold), 4)
