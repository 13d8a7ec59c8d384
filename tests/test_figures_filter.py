"""figure_filter: train on a few annotated texts, save, load and predict (a round trip)."""

from __future__ import annotations

import json

from reportminer.classifiers import figures as figure_filter
from reportminer.classifiers.store import load_model, set_models_dir


def _doc(doc_id: str, text: str, figures: list[str]) -> dict:
    spans = []
    for surface in figures:
        start = text.index(surface)
        spans.append({"start": start, "end": start + len(surface), "label": "FIGURE"})
    return {"id": doc_id, "text": text, "spans": spans}


TRAIN = [
    _doc("a", "辖区22居民小组,拨打12345热线。", ["22"]),
    _doc("b", "全镇辖11行政村,县第3中学。", ["11"]),
    _doc("c", "全村18户,共有5个村民小组,42社区召开会议。", ["18户", "5个"]),
    _doc("d", "下设9工作组,201室办公。", ["9"]),
]


def test_round_trip(tmp_path) -> None:
    scores = figure_filter.train(TRAIN, TRAIN[:1], tmp_path)
    assert scores["train_examples"] >= 4
    assert 0 < scores["train_positive"] < scores["train_examples"]
    meta = json.loads((tmp_path / "figure_filter" / "meta.json").read_text("utf-8"))
    assert meta["features_version"] == figure_filter.FEATURES_VERSION
    set_models_dir(tmp_path)
    try:
        model = load_model("figure_filter")
        assert model is not None
        text = "辖区22居民小组"
        keep = figure_filter.predict_keep(text, [(2, 4)])
        assert keep is not None and len(keep) == 1
        # the model reproduces its own training labels on the training texts
        train_text = TRAIN[0]["text"]
        assert figure_filter.predict_keep(train_text, [(2, 4)]) == [True]
    finally:
        set_models_dir(None)


def test_features_see_context_not_words() -> None:
    features = figure_filter.candidate_features("拨打12345热线", 2, 7)
    assert features.startswith("L拨打|")
    assert "S00000" in features and "R热线|" in features
