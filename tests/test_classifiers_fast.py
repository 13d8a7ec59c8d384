"""The fast scorers give scikit-learn's answers on the shipped models and real-shaped input."""

from __future__ import annotations

import numpy as np
import pytest

from reportminer.classifiers.fast import LinearModel, fast
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
    got = LinearModel(model).decision_function(probe)
    assert np.allclose(got, expected, atol=1e-9)
    assert list(LinearModel(model).predict(probe)) == list(model.predict(probe))
    assert np.allclose(LinearModel(model).predict_proba(probe), model.predict_proba(probe))


def test_binary_and_other_vectorisers_match_sklearn() -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    rows = [{"a": 1.0, "w=x": 1.0}, {"b": 2.0}, {"a": 0.5, "c": 1.0}, {"b": 1.0, "w=y": 1.0}]
    model = Pipeline([("v", DictVectorizer()), ("c", LogisticRegression())])
    model.fit(rows, [1, 0, 1, 0])
    fast_model = LinearModel(model)
    assert list(fast_model.predict(rows)) == list(model.predict(rows))
    assert np.allclose(fast_model.predict_proba(rows), model.predict_proba(rows))


@pytest.mark.parametrize("name", ["report_genre", "line_furniture", "figure_filter"])
def test_shipped_models_agree_with_sklearn(name: str) -> None:
    from reportminer.classifiers.store import load_model

    model = load_model(name)
    assert model is not None, f"shipped model {name} missing"
    probe = [t * k for t in TEXTS for k in (1, 3)]
    assert np.allclose(fast(model).predict_proba(probe), model.predict_proba(probe), atol=1e-9)
