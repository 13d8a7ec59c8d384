"""Is a line page furniture? The judgement behind report boundaries where cues conflict.

Scraped pages wrap reports in chrome the furniture lexicon does not list (bylines, teaser
blurbs, related-article lists). This classifier reads a line's characters and shape; the
splitter asks it only about lines its rules left untyped, and only a confident "furniture"
changes anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import regex

from reportminer.classifiers.features import (
    fit_char_model,
    training_bytes,
)
from reportminer.classifiers.store import load_scorer, save_model

FEATURES_VERSION = 1
THRESHOLD = 0.7
_PUNCT_RE = regex.compile(r"[。,;:!?、“”《》()|>\[\]_-]")


def line_features(text: str, position: float) -> str:
    """A line as a string for the char n-gram analyzer, with its shape as marker tokens."""
    length = min(len(text) // 20, 6)
    punctuation = min(len(_PUNCT_RE.findall(text)), 5)
    place = int(position * 4)
    ends = "E" if text[-1:] in "。!?;" else "N"
    return f"\x01L{length}P{punctuation}Q{place}{ends}\x01 {text[:80]}"


def predict_furniture(texts: Sequence[str], positions: Sequence[float]) -> list[bool]:
    """Which lines are furniture (empty list of Falses when no model ships)."""
    if not texts:
        return []
    model = load_scorer("line_furniture")
    if model is None:
        return [False] * len(texts)
    features = [line_features(t, p) for t, p in zip(texts, positions, strict=True)]
    classes = list(model.classes_)
    column = classes.index("furniture")
    return [bool(row[column] >= THRESHOLD) for row in model.predict_proba(features)]


def examples(docs: Sequence[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """(features, label) per non-blank line: "furniture" outside every REPORT span."""
    from reportminer.normalise import normalise
    from reportminer.reports import split_lines

    features, labels = [], []
    for doc in docs:
        reports = [(s["start"], s["end"]) for s in doc["spans"] if s["label"] == "REPORT"]
        if not reports:
            continue
        norm = normalise(doc["text"])
        size = max(len(norm.text), 1)
        for line in split_lines(norm.text):
            if line.kind == "blank":
                continue
            start, end = norm.span_to_original(line.start, line.end)
            inside = any(a <= start and end <= b for a, b in reports)
            features.append(line_features(line.text, line.start / size))
            labels.append("report" if inside else "furniture")
    return features, labels


def train(
    train_docs: Sequence[dict[str, Any]], dev_docs: Sequence[dict[str, Any]], out_dir: Path
) -> dict[str, Any]:
    x_train, y_train = examples(train_docs)
    x_dev, y_dev = examples(dev_docs)
    needs = "lines inside and outside REPORT spans"
    model = fit_char_model("line_furniture", FEATURES_VERSION, x_train, y_train, needs)
    scores: dict[str, Any] = {"train_lines": len(y_train), "dev_lines": len(y_dev)}
    if y_dev:
        column = list(model.classes_).index("furniture")
        flagged = [row[column] >= THRESHOLD for row in model.predict_proba(x_dev)]
        gold = [label == "furniture" for label in y_dev]
        tp = sum(f and g for f, g in zip(flagged, gold, strict=True))
        scores["dev_furniture_precision"] = round(float(tp) / max(sum(flagged), 1), 4)
        scores["dev_furniture_recall"] = round(float(tp) / max(sum(gold), 1), 4)
    data = training_bytes(x_train, y_train)
    save_model("line_furniture", model, out_dir=out_dir, train_data=data, dev_scores=scores)
    return scores
