"""HONOR classifiers: train on a small set, save, load through the store, predict."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reportminer.classifiers import TRAINERS, store, train_component
from reportminer.classifiers.honors import FEATURES_VERSION, examples
from reportminer.extractors.honors import find_honors

SAMPLES = [
    ("该村荣获{省级卫生村|received}称号，并被评为{xx市文明村|received}。", []),
    ("我镇积极争创{国家卫生乡镇|sought}，全力创建{市级文明村镇|sought}。", []),
    ("社区开展“{五好家庭|granted}”“{最美家庭|granted}”评选活动。", []),
    ("以创建文明城市工作为契机，推进文明单位创建活动。", ["文明城市", "文明单位"]),
    ("全市开展文明社区建设，夯实文明村镇基础。", ["文明社区", "文明村镇"]),
    ("街道评选出{文明楼院|granted}10个，{十星级文明户|granted}45户。", []),
    ("走访{县道德模范|other}候选人，巩固{省级文明单位|received}成果。", []),
    ("学校力争达到{省级文明校园|sought}标准，同时开展文明校园创建工作。", ["文明校园"]),
]


def _doc(number: int, marked: str) -> dict[str, Any]:
    """An ANNOTATION.md record from a sample with {title|status} marks."""
    text, spans, rest = "", [], marked
    while "{" in rest:
        before, _, tail = rest.partition("{")
        inner, _, rest = tail.partition("}")
        title, _, status = inner.partition("|")
        text += before
        spans.append(
            {"start": len(text), "end": len(text) + len(title), "label": "HONOR", "status": status}
        )
        text += title
    text += rest
    return {"id": f"sample-{number}", "text": text, "spans": spans}


DOCS = [_doc(n, marked) for n, (marked, _) in enumerate(SAMPLES)]


@pytest.fixture()
def restore_models():  # type: ignore[no-untyped-def]
    yield
    store.set_models_dir(None)


def test_components_are_registered() -> None:
    assert TRAINERS["honor_status"] == "reportminer.classifiers.honors:train"
    assert TRAINERS["honor_candidate"] == "reportminer.classifiers.honors:train_candidates"


def test_examples_label_candidates_from_gold() -> None:
    rows = examples(DOCS)
    labels = [label for _, label, _, _ in rows]
    assert "honor" in labels and "not" in labels
    statuses = {status for _, label, status, _ in rows if label == "honor"}
    assert statuses == {"received", "sought", "granted", "other"}


def test_train_save_load_predict_round_trip(tmp_path: Path, restore_models: None) -> None:
    train_docs, dev_docs = DOCS[:6], DOCS[6:]
    status_scores = train_component("honor_status", train_docs, tmp_path, dev_docs=dev_docs)
    candidate_scores = train_component("honor_candidate", train_docs, tmp_path, dev_docs=dev_docs)
    assert status_scores["train_honors"] > 0 and "dev_accuracy" in status_scores
    assert candidate_scores["train_candidates"] > candidate_scores["train_positives"] > 0

    for name in ("honor_status", "honor_candidate"):
        folder = tmp_path / name
        assert (folder / "model.joblib").stat().st_size < 2_000_000
        meta = json.loads((folder / "meta.json").read_text("utf-8"))
        assert meta["features_version"] == FEATURES_VERSION
        assert meta["dev_scores"]["dev_docs"] == len(dev_docs)
        assert meta["dev_ids"] == sorted(d["id"] for d in dev_docs)

    store.set_models_dir(tmp_path)
    status_model = store.load_model("honor_status")
    candidate_model = store.load_model("honor_candidate")
    assert status_model is not None and candidate_model is not None
    rows = examples(DOCS[:3])
    predicted = status_model.predict([features for features, *_ in rows])
    assert set(predicted) <= {"received", "granted", "sought", "other"}
    assert set(candidate_model.predict([features for features, *_ in rows])) <= {"honor", "not"}

    text = "该村荣获省级卫生村称号。社区开展“五好家庭”评选活动。"
    found = [(text[h.start : h.end], h.status) for h in find_honors(text, 0, len(text), [])]
    assert ("省级卫生村", "received") in found
    assert ("五好家庭", "granted") in found


def test_training_needs_both_classes(tmp_path: Path) -> None:
    only_negatives = [_doc(0, SAMPLES[3][0])]
    with pytest.raises(ValueError):
        train_component("honor_candidate", only_negatives, tmp_path, dev_docs=only_negatives)


def test_shipped_models_load_and_are_small() -> None:
    root = Path(store.shipped_models_dir())
    for name in ("honor_status", "honor_candidate"):
        assert (root / name / "model.joblib").stat().st_size < 2_000_000
        meta = store.read_meta(root / name)
        assert meta["train_ids"] and meta["dev_ids"]
        assert not set(meta["train_ids"]) & set(meta["dev_ids"])
        assert meta["dev_scores"]["dev_docs"] == len(meta["dev_ids"])
    assert store.load_model("honor_status") is not None
