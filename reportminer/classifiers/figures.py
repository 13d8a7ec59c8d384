"""figure_filter: keep or drop a number candidate the FIGURE rules leave open.

The rules settle most exclusions (dates, 一 + classifier, markers, fixed phrases). Some need
the surroundings: is a bare 22 before 居民小组 a count, is 十九届 an ordinal, is 3 in
"3号楼" a name? This classifier reads character n-grams of the candidate and of its left and
right context (no word segmentation, so it stays fast) and says whether the candidate is a
FIGURE. Training examples are the candidates the extractor proposes on annotated documents:
positive when an annotated FIGURE has the same span, negative otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

FEATURES_VERSION = 1
NAME = "figure_filter"
_LEFT = 6
_RIGHT = 4
# The shape of a numeral: digits become 0, Chinese numerals N.
_SHAPE = str.maketrans(
    dict.fromkeys("0123456789", "0") | dict.fromkeys("一二三四五六七八九十两百千万亿零〇", "N")
)


def candidate_features(text: str, start: int, end: int) -> str:
    """One string per candidate; the vectoriser's n-grams never cross the field markers."""
    shape = text[start:end].translate(_SHAPE)
    left = text[max(0, start - _LEFT) : start].replace("\n", "¶")
    right = text[end : end + _RIGHT].replace("\n", "¶")
    return f"L{left}|S{shape}|R{right}|"


def _examples(docs: Sequence[dict[str, Any]]) -> tuple[list[str], list[int]]:
    from reportminer.extractors.figures import find_candidates
    from reportminer.normalise import normalise

    features: list[str] = []
    labels: list[int] = []
    for doc in docs:
        norm = normalise(doc["text"])
        gold = {(s["start"], s["end"]) for s in doc.get("spans", []) if s.get("label") == "FIGURE"}
        for cand in find_candidates(norm.text, 0, len(norm.text), []):
            hard = cand.reason not in (None, "bare number", "name-internal", "bare chinese numeral")
            if hard:
                continue
            span = norm.span_to_original(cand.start, cand.end)
            features.append(candidate_features(norm.text, cand.start, cand.end))
            labels.append(1 if span in gold else 0)
    return features, labels


def build_model() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(
        TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=1, sublinear_tf=True),
        LogisticRegression(C=3.0, max_iter=2000, class_weight="balanced"),
    )
    return model


def train(
    train_docs: Sequence[dict[str, Any]], dev_docs: Sequence[dict[str, Any]], out_dir: Path
) -> dict[str, Any]:
    """Fit on the candidates of ``train_docs``; report accuracy on ``dev_docs``; save."""
    from reportminer.classifiers.store import save_model

    x_train, y_train = _examples(train_docs)
    if len(set(y_train)) < 2:
        raise ValueError("figure_filter needs positive and negative candidates to train")
    model = build_model()
    model.fit(x_train, y_train)
    model.features_version = FEATURES_VERSION
    scores: dict[str, Any] = {"train_examples": len(y_train), "train_positive": sum(y_train)}
    x_dev, y_dev = _examples(dev_docs)
    if x_dev:
        predicted = model.predict(x_dev)
        correct = sum(int(p == y) for p, y in zip(predicted, y_dev, strict=True))
        scores.update(dev_examples=len(y_dev), dev_accuracy=round(correct / len(y_dev), 4))
    data = json.dumps([x_train, y_train], ensure_ascii=False).encode("utf-8")
    save_model(NAME, model, out_dir=out_dir, train_data=data, dev_scores=scores)
    return scores


def predict_keep(text: str, spans: list[tuple[int, int]]) -> list[bool] | None:
    """Keep (True) or drop each candidate span; None when no model is shipped."""
    from reportminer.classifiers.store import load_scorer

    model = load_scorer(NAME)
    if model is None or not spans:
        return None
    features = [candidate_features(text, s, e) for s, e in spans]
    return [bool(p) for p in model.predict(features)]
