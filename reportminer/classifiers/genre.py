"""Report genre (summary/plan/speech/profile/other) for reports whose title names none.

A character n-gram classifier over the report's opening; rules decide when no model ships.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import regex

from reportminer.classifiers.features import (
    accuracy,
    fit_char_model,
    training_bytes,
)
from reportminer.classifiers.store import load_scorer, save_model

FEATURES_VERSION = 1
GENRES = ("summary", "plan", "speech", "profile", "other")
_OPENING = 600

_SPEECH_RE = regex.compile(r"^\s*(?:同志们|各位代表|各位领导|尊敬的)|同志们[:!,]")
_PLAN_RE = regex.compile(r"指导思想|工作目标|实施步骤|工作要求|总体要求|主要任务|保障措施|争创")
# A unit presenting itself: "先后获…等荣誉称号" in the opening, or an honour in its first lines.
_PROFILE_RE = regex.compile(r"先后(?:获|荣获|被评为)")
_PROFILE_HEAD_RE = regex.compile(r"荣获.{0,20}称号")


def opening(text: str) -> str:
    return text[:_OPENING]


def cue_genre(text: str) -> str | None:
    """A genre the opening's wording settles on its own, or None."""
    head = text[:_OPENING]
    if _SPEECH_RE.search(head):
        return "speech"
    if _PROFILE_RE.search(head) or _PROFILE_HEAD_RE.search(head[:200]):
        return "profile"
    if len(_PLAN_RE.findall(head)) >= 2:
        return "plan"
    return None


def rule_genre(text: str) -> str:
    return cue_genre(text) or "summary"


def predict_genres(texts: Sequence[str]) -> list[str]:
    """Genres for untitled report texts: clear cues first, then the model, else summary."""
    genres: list[str | None] = [cue_genre(t) for t in texts]
    undecided = [i for i, g in enumerate(genres) if g is None]
    if undecided:
        model = load_scorer("report_genre")
        if model is None:
            for i in undecided:
                genres[i] = "summary"
        else:
            predicted = model.predict([opening(texts[i]) for i in undecided])
            for i, genre in zip(undecided, predicted, strict=True):
                genres[i] = str(genre)
    return [g or "summary" for g in genres]


def examples(docs: Sequence[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """(opening text, genre) of every REPORT span with a genre in the documents."""
    from reportminer.normalise import normalise

    texts, labels = [], []
    for doc in docs:
        norm = normalise(doc["text"]).text
        for span in doc["spans"]:
            if span["label"] == "REPORT" and span.get("genre") in GENRES:
                texts.append(opening(norm[span["start"] : span["end"]]))
                labels.append(span["genre"])
    return texts, labels


def train(
    train_docs: Sequence[dict[str, Any]], dev_docs: Sequence[dict[str, Any]], out_dir: Path
) -> dict[str, Any]:
    x_train, y_train = examples(train_docs)
    x_dev, y_dev = examples(dev_docs)
    needs = "REPORT spans of at least two genres"
    model = fit_char_model("report_genre", FEATURES_VERSION, x_train, y_train, needs)
    scores: dict[str, Any] = {"train_reports": len(y_train), "dev_reports": len(y_dev)}
    if y_dev:
        predicted = model.predict(x_dev)
        scores["dev_accuracy"] = accuracy(predicted, y_dev)
        scores["dev_rule_accuracy"] = accuracy([rule_genre(x) for x in x_dev], y_dev)
    data = training_bytes(x_train, y_train)
    save_model("report_genre", model, out_dir=out_dir, train_data=data, dev_scores=scores)
    return scores
