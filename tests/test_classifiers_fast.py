"""The fast scorers give scikit-learn's answers on the shipped models and real-shaped input."""

from __future__ import annotations

import numpy as np
import pytest

from reportminer.classifiers.fast import (
    LinearModel,
    _DictScorer,
    _HashedScorer,
    fast,
    murmurhash3_32_many,
)
from reportminer.classifiers.features import char_ngram_classifier

TEXTS = [
    "今年以来，我局认真开展创建工作，取得明显成效。",
    "首页 > 范文 > 工作总结 | 下载本文",
    "为进一步推进创建工作，特制定本方案。一、指导思想",
    "同志们：今天召开动员大会，部署创建工作。",
    "Ａ  b\\tC  多个   空格",
    "",
    "x",
    "𠀀生僻字𠀁和常见字",
]


def _trained():
    model = char_ngram_classifier(1)
    labels = ["summary", "other", "plan", "speech", "other", "other", "other", "summary"]
    model.fit(TEXTS * 3, labels * 3)
    return model


def test_char_tfidf_scorer_matches_sklearn() -> None:
    model = _trained()
    probe = [*TEXTS, "今年以来社区工作成效明显", "下载 | 打印 | 关闭", "创建工作总结" * 40]
    expected = model.decision_function(probe)
    got = LinearModel.from_pipeline(model).decision_function(probe)
    assert np.allclose(got, expected, atol=1e-9)
    assert list(LinearModel.from_pipeline(model).predict(probe)) == list(model.predict(probe))
    assert np.allclose(
        LinearModel.from_pipeline(model).predict_proba(probe), model.predict_proba(probe)
    )


def test_binary_and_other_vectorisers_match_sklearn() -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    rows = [{"a": 1.0, "w=x": 1.0}, {"b": 2.0}, {"a": 0.5, "c": 1.0}, {"b": 1.0, "w=y": 1.0}]
    model = Pipeline([("v", DictVectorizer()), ("c", LogisticRegression())])
    model.fit(rows, [1, 0, 1, 0])
    fast_model = LinearModel.from_pipeline(model)
    assert list(fast_model.predict(rows)) == list(model.predict(rows))
    assert np.allclose(fast_model.predict_proba(rows), model.predict_proba(rows))


@pytest.mark.parametrize("name", ["report_genre", "line_furniture", "figure_filter"])
def test_shipped_models_agree_with_sklearn(name: str) -> None:
    from reportminer.classifiers.store import load_model

    model = load_model(name)
    assert model is not None, f"shipped model {name} missing"
    probe = [t * k for t in TEXTS for k in (1, 3)]
    assert np.allclose(fast(model).predict_proba(probe), model.predict_proba(probe), atol=1e-9)


@pytest.mark.parametrize("alternate_sign", [False, True])
def test_token_scorer_matches_feature_hasher(alternate_sign: bool) -> None:
    from sklearn.feature_extraction import FeatureHasher
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    rows = [["a", "b", "b"], ["c"], ["a", "d", "中文"], ["e", "c", "c"], []]
    hasher = FeatureHasher(n_features=64, input_type="string", alternate_sign=alternate_sign)
    model = Pipeline([("v", hasher), ("c", LogisticRegression())])
    model.fit(rows, [1, 0, 1, 0, 0])
    fast_model = LinearModel.from_pipeline(model)
    assert isinstance(fast_model._scorer, _HashedScorer)
    probe = [*rows, ["never", "seen"], ["a", "never"]]
    for _ in range(2):  # the second pass is served from the cache
        assert np.allclose(fast_model.predict_proba(probe), model.predict_proba(probe))


def test_token_scorer_matches_dict_vectorizer_multiclass() -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    rows = [{"w": "x", "n": 2.0}, {"w": "y", "f": True}, {"n": 0.5, "z": 1}, {"w": "z"}]
    model = Pipeline([("v", DictVectorizer()), ("c", LogisticRegression())])
    model.fit(rows, ["a", "b", "c", "b"])
    fast_model = LinearModel.from_pipeline(model)
    assert isinstance(fast_model._scorer, _DictScorer)
    probe = [*rows, {"w": "unseen", "q": 3.0}, {}]
    assert np.allclose(fast_model.decision_function(probe), model.decision_function(probe))
    assert list(fast_model.predict(probe)) == list(model.predict(probe))


def test_shipped_feature_models_agree_with_sklearn() -> None:
    """program (hashed features) and the honour models (dict features) on real candidates."""
    from reportminer.classifiers.programs import features_for
    from reportminer.classifiers.store import load_model
    from reportminer.extractors.honors import candidate_features, honor_candidates
    from reportminer.extractors.programs import candidates

    text = (
        "我镇深入开展“清河行动”和“厕所革命”，全面落实河长制，推进“三会一课”制度。"
        "2023年我村被评为江苏省卫生村，今年正在争创全国文明村镇，张三家庭获评“最美家庭”。"
    )
    found = candidates(text, 0, len(text))
    assert found
    program = load_model("program")
    rows = features_for(text, found)
    assert np.allclose(fast(program).predict_proba(rows), program.predict_proba(rows))
    honor_rows = [candidate_features(text, c) for c in honor_candidates(text, 0, len(text))]
    assert honor_rows
    for name in ("honor_candidate", "honor_status"):
        model = load_model(name)
        got = fast(model).predict_proba(honor_rows)
        assert np.allclose(got, model.predict_proba(honor_rows)), name


def test_murmurhash_matches_scikit_learn() -> None:
    from sklearn.utils import murmurhash3_32 as reference

    tokens = ["", "a", "ab", "abc", "abcd", "abcde", "c1:文", "c3:文明城", "src_rep:quote:3"]
    tokens += [chr(0x4E00 + k) * (k % 9) + str(k) for k in range(2000)] + ["\0x\0"]
    data = [token.encode("utf-8") for token in tokens]
    expected = [reference(item, seed=0, positive=False) for item in data]
    assert murmurhash3_32_many(data).tolist() == expected
    assert murmurhash3_32_many(data[5:6]).tolist() == expected[5:6]
    assert murmurhash3_32_many([]).tolist() == []


@pytest.mark.parametrize(
    "name",
    [
        "report_genre",
        "line_furniture",
        "figure_filter",
        "program",
        "honor_candidate",
        "honor_status",
    ],
)
def test_shipped_inference_form_is_the_trained_model(name: str, tmp_path) -> None:
    """What extraction loads (scorer.json + .npz) scores like the joblib pipeline, and a
    save/load round trip keeps it."""
    from reportminer.classifiers.store import load_model, load_scorer, models_dir

    model, scorer = load_model(name), load_scorer(name)
    assert isinstance(scorer, LinearModel)
    assert (models_dir() / name / "scorer.npz").exists()
    probe = _probe_rows(name)
    expected = model.predict_proba(probe)
    assert np.allclose(scorer.predict_proba(probe), expected, atol=1e-9)
    assert getattr(scorer, "threshold", None) == getattr(model, "threshold", None)
    scorer.save(tmp_path)
    again = LinearModel.load(tmp_path)
    assert np.allclose(again.predict_proba(probe), expected, atol=1e-9)


def _probe_rows(name: str) -> list:
    from reportminer.classifiers.figures import candidate_features as figure_features
    from reportminer.classifiers.programs import features_for
    from reportminer.extractors.honors import candidate_features, honor_candidates
    from reportminer.extractors.programs import candidates

    text = (
        "我镇深入开展“清河行动”和“厕所革命”，全面落实河长制，共投入资金13万余元。"
        "2023年我村被评为江苏省卫生村，今年正在争创全国文明村镇，张三家庭获评“最美家庭”。"
    )
    if name == "program":
        return features_for(text, candidates(text, 0, len(text)))
    if name.startswith("honor"):
        return [candidate_features(text, c) for c in honor_candidates(text, 0, len(text))]
    if name == "figure_filter":
        return [figure_features(text, 30, 36), figure_features(text, 37, 41)]
    return [t * k for t in TEXTS for k in (1, 3)]


def test_extraction_needs_no_scikit_learn() -> None:
    """The inference form is plain arrays: loading every model and extracting imports
    neither sklearn nor joblib."""
    import subprocess
    import sys

    from reportminer.classifiers import TRAINERS

    code = (
        "import sys, reportminer\n"
        "from reportminer.classifiers.store import load_scorer\n"
        f"scorers = [load_scorer(name) for name in {sorted(TRAINERS)!r}]\n"
        "assert all(s is not None for s in scorers)\n"
        "reportminer.extract_text('一、基本情况\\n首页 | 关于我们\\n'"
        " '一是投入资金13万余元，荣获“文明单位”称号，开展“清河行动”。\\n')\n"
        "print(sorted(m for m in ('sklearn', 'joblib', 'scipy') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_hashed_feature_cache_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportminer.classifiers.store import load_scorer

    scorer = load_scorer("program")
    hashed = scorer._scorer
    monkeypatch.setattr(hashed, "_CACHE_LIMIT", 50)
    monkeypatch.setattr(hashed, "_weights", {})
    batches = [[[f"c1:{chr(0x4E00 + k)}", f"c2:{k}"] for k in range(b, b + 20)] for b in (0, 20)]
    first = [scorer.decision_function(rows) for rows in batches]
    assert len(hashed._weights) <= 50  # 40 features, then 40 more: a reset on the way
    again = [scorer.decision_function(rows) for rows in batches]
    assert len(hashed._weights) <= 50
    assert all(np.allclose(a, b) for a, b in zip(first, again, strict=True))
