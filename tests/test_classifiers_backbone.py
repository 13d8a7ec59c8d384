"""Report genre and line-furniture classifiers: train, save, load, predict; the train CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reportminer.classifiers import split_by_document, train_component
from reportminer.classifiers.store import load_model, read_meta, set_models_dir
from reportminer.cli import cli

SUMMARY = "今年以来，我局认真开展创建工作，取得明显成效。全年投入资金13万元，完成整治任务。"
PLAN = (
    "为进一步推进创建工作，特制定本方案。一、指导思想。二、工作目标。三、实施步骤。四、保障措施。"
)
SPEECH = "同志们：今天召开动员大会，主要任务是部署创建工作。下面，我讲三点意见。"
FURNITURE = "首页 > 范文 > 工作总结 | 下载本文 | 相关推荐"


def _doc(number: int, body: str, genre: str) -> dict:
    text = f"{FURNITURE}\n{body}{number}。\n{FURNITURE}"
    start = len(FURNITURE) + 1
    end = start + len(body) + len(str(number)) + 1
    return {
        "id": f"doc{number}",
        "text": text,
        "spans": [{"start": start, "end": end, "label": "REPORT", "title": None, "genre": genre}],
    }


def _docs() -> list[dict]:
    bodies = [(SUMMARY, "summary"), (PLAN, "plan"), (SPEECH, "speech")]
    return [_doc(n, *bodies[n % 3]) for n in range(18)]


def test_genre_and_furniture_models_round_trip(tmp_path: Path) -> None:
    train, dev = split_by_document(_docs())
    genre_scores = train_component("report_genre", train, tmp_path, dev_docs=dev)
    line_scores = train_component("line_furniture", train, tmp_path, dev_docs=dev)
    assert genre_scores["dev_reports"] == len(dev) and genre_scores["dev_accuracy"] > 0.6
    assert line_scores["train_lines"] > 0
    meta = read_meta(tmp_path / "report_genre")
    assert meta["component"] == "report_genre" and meta["features_version"] == 1
    assert len(meta["train_data_sha256"]) == 64
    set_models_dir(tmp_path)
    try:
        model = load_model("report_genre")
        assert model is not None
        assert list(model.predict([PLAN + "x", SUMMARY + "y"])) == ["plan", "summary"]
        furniture = load_model("line_furniture")
        assert furniture is not None and "furniture" in list(furniture.classes_)
    finally:
        set_models_dir(None)


def test_train_command_writes_models_and_prints_scores(tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    data.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in _docs()), "utf-8")
    out = tmp_path / "models"
    result = CliRunner().invoke(
        cli, ["train", "report_genre", "--data", str(data), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "report_genre" in result.output and (out / "report_genre" / "model.joblib").exists()
    bad = CliRunner().invoke(cli, ["train", "no_such", "--data", str(data)])
    assert bad.exit_code == 2 and "unknown component" in bad.output
