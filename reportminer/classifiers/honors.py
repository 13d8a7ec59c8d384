"""Trained HONOR classifiers: ``honor_status`` and ``honor_candidate``.

Both learn from the candidates the HONOR rules generate (``extractors.honors``), so the
model sees exactly what it will judge at run time. Features are char n-grams of the title's
end and of its near left/right context plus what the rules found (the governing cue, its
status, the title's kind, level source, reporter tier), built by
``extractors.honors.candidate_features`` — no word segmentation, so prediction stays cheap.

- ``honor_candidate``: is a candidate an HONOR at all (an honour title vs a campaign
  reference such as 创建文明城市工作 or a descriptive phrase)? Labels: ``honor``/``not``.
  Gold spans that match a candidate exactly are positives.
- ``honor_status``: received/granted/sought/other for candidates that match a gold HONOR.

The extractor consults them only where its rules are unsure (no level word and no governing
verb next to the title, or a verb far away).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportminer.classifiers.store import save_model

FEATURES_VERSION = 1
CANDIDATE_MODEL = "honor_candidate"
STATUS_MODEL = "honor_status"


def build_model(c: float = 1.0) -> Any:
    """A small linear model over sparse feature dicts (deterministic, a few hundred KB)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(
        DictVectorizer(sparse=True),
        LogisticRegression(C=c, max_iter=2000, class_weight="balanced"),
    )
    model.features_version = FEATURES_VERSION  # type: ignore[attr-defined]
    return model


def _report_ranges(doc: dict[str, Any], norm: Any) -> list[tuple[int, int]]:
    """Normalised ranges of the document's REPORT spans (the whole text when none)."""
    from bisect import bisect_left

    reports = [s for s in doc.get("spans", []) if s["label"] == "REPORT"]
    if not reports:
        return [(0, len(norm.text))]
    originals = [norm.offsets.to_original(k) for k in range(len(norm.text) + 1)]
    return [(bisect_left(originals, s["start"]), bisect_left(originals, s["end"])) for s in reports]


def examples(
    docs: Sequence[dict[str, Any]],
) -> list[tuple[dict[str, float], str, str | None, str | None]]:
    """(features, candidate label, gold status or None, rule status) for every candidate."""
    from reportminer.extractors.honors import candidate_features, honor_candidates
    from reportminer.normalise import normalise

    rows: list[tuple[dict[str, float], str, str | None, str | None]] = []
    for doc in docs:
        text = doc.get("text")
        if not text:
            continue
        gold = {(s["start"], s["end"]): s for s in doc.get("spans", []) if s["label"] == "HONOR"}
        norm = normalise(text)
        for start, end in _report_ranges(doc, norm):
            for cand in honor_candidates(norm.text, start, end):
                span = gold.get(norm.span_to_original(cand.start, cand.end))
                label = "honor" if span is not None else "not"
                status = span.get("status") if span is not None else None
                rows.append((candidate_features(norm.text, cand), label, status, cand.status))
    return rows


def _data_bytes(docs: Sequence[dict[str, Any]]) -> bytes:
    return json.dumps(
        [[d.get("id"), d.get("text"), d.get("spans")] for d in docs], ensure_ascii=False
    ).encode("utf-8")


def _prf(gold: Sequence[str], predicted: Sequence[str], positive: str) -> dict[str, float]:
    tp = sum(g == p == positive for g, p in zip(gold, predicted, strict=True))
    fp = sum(p == positive != g for g, p in zip(gold, predicted, strict=True))
    fn = sum(g == positive != p for g, p in zip(gold, predicted, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _split_meta(
    train_docs: Sequence[dict[str, Any]], dev_docs: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "train_ids": sorted(str(d.get("id")) for d in train_docs),
        "dev_ids": sorted(str(d.get("id")) for d in dev_docs),
    }


def _save(
    name: str,
    model: Any,
    out_dir: Path,
    train_docs: Sequence[dict[str, Any]],
    dev_docs: Sequence[dict[str, Any]],
    scores: dict[str, Any],
) -> None:
    save_model(
        name,
        model,
        out_dir=out_dir,
        train_data=_data_bytes(train_docs),
        dev_scores=scores,
        extra=_split_meta(train_docs, dev_docs),
    )


def train_candidates(
    train_docs: Sequence[dict[str, Any]], dev_docs: Sequence[dict[str, Any]], out_dir: Path
) -> dict[str, Any]:
    """Train and save ``honor_candidate``; returns dev scores (with the rule baseline)."""
    train_rows = examples(train_docs)
    labels = [label for _, label, _, _ in train_rows]
    if len(set(labels)) < 2:
        raise ValueError("honor_candidate needs both honours and non-honours to learn from")
    model = build_model()
    model.fit([feats for feats, *_ in train_rows], labels)
    scores: dict[str, Any] = {
        "train_docs": len(train_docs),
        "train_candidates": len(train_rows),
        "train_positives": labels.count("honor"),
        "dev_docs": len(dev_docs),
    }
    scores.update(evaluate_candidates(model, dev_docs, prefix="dev_"))
    _save(CANDIDATE_MODEL, model, out_dir, train_docs, dev_docs, scores)
    return scores


def evaluate_candidates(
    model: Any, docs: Sequence[dict[str, Any]], prefix: str = ""
) -> dict[str, Any]:
    """Classifier and rule-default scores of candidate acceptance on ``docs``."""
    rows = examples(docs)
    if not rows:
        return {f"{prefix}candidates": 0}
    gold = [label for _, label, _, _ in rows]
    predicted = [str(p) for p in model.predict([feats for feats, *_ in rows])]
    out: dict[str, Any] = {
        f"{prefix}candidates": len(rows),
        f"{prefix}positives": gold.count("honor"),
    }
    out.update({f"{prefix}{k}": v for k, v in _prf(gold, predicted, "honor").items()})
    out[f"{prefix}accuracy"] = round(
        sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold), 4
    )
    return out


def train(
    train_docs: Sequence[dict[str, Any]], dev_docs: Sequence[dict[str, Any]], out_dir: Path
) -> dict[str, Any]:
    """Train and save ``honor_status``; returns dev scores (with the rule baseline)."""
    train_rows = [(f, s) for f, _, s, _ in examples(train_docs) if s is not None]
    statuses = [s for _, s in train_rows]
    if len(set(statuses)) < 2:
        raise ValueError("honor_status needs at least two statuses to learn from")
    model = build_model()
    model.fit([f for f, _ in train_rows], statuses)
    scores: dict[str, Any] = {
        "train_docs": len(train_docs),
        "train_honors": len(train_rows),
        "train_status_counts": dict(sorted(Counter(statuses).items())),
        "dev_docs": len(dev_docs),
    }
    scores.update(evaluate_status(model, dev_docs, prefix="dev_"))
    _save(STATUS_MODEL, model, out_dir, train_docs, dev_docs, scores)
    return scores


def evaluate_status(model: Any, docs: Sequence[dict[str, Any]], prefix: str = "") -> dict[str, Any]:
    """Status accuracy of the model and of the rules on gold honours the rules find."""
    rows = [(f, s, r) for f, _, s, r in examples(docs) if s is not None]
    if not rows:
        return {f"{prefix}honors": 0}
    predicted = [str(p) for p in model.predict([f for f, _, _ in rows])]
    model_ok = sum(p == s for p, (_, s, _) in zip(predicted, rows, strict=True))
    rule_ok = sum(r == s for _, s, r in rows)
    return {
        f"{prefix}honors": len(rows),
        f"{prefix}accuracy": round(model_ok / len(rows), 4),
        f"{prefix}rule_accuracy": round(rule_ok / len(rows), 4),
    }
