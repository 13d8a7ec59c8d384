"""PROGRAM extraction: candidates, rules, the shipped classifier and a model round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportminer.classifiers import store, train_component
from reportminer.classifiers.programs import FEATURES_VERSION, examples, rule_scores
from reportminer.extractors.programs import candidates, find_programs, select
from reportminer.normalise import normalise

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "cases" / "programs.jsonl").read_text("utf-8").splitlines()
    if line.strip()
]


def _programs(text: str) -> list[str]:
    norm = normalise(text)
    found = find_programs(norm.text, 0, len(norm.text), [])
    return [text[slice(*norm.span_to_original(p.start, p.end))] for p in found]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_program_cases(case: dict) -> None:
    found = _programs(case["text"])
    for name in case["programs"]:
        assert name in found
    for name in case["not_programs"]:
        assert name not in found


def test_candidates_cover_quoted_lexicon_and_pattern_names() -> None:
    text = "深入开展“清河行动”，全面落实河长制，开展乡村清洁行动，实施“四五”普法工作。"
    surfaces = {(c.surface, c.source) for c in candidates(text, 0, len(text))}
    assert ("清河行动", "quote") in surfaces
    assert ("河长制", "lexicon") in surfaces
    assert ("乡村清洁行动", "pattern") in surfaces
    assert ("“四五”普法", "pattern") in surfaces
    # A cut through a word is never a candidate start: the run starts after punctuation.
    assert not any(s.startswith("展乡村") for s, _ in surfaces)


def test_candidates_stay_inside_the_range() -> None:
    text = "开展“清河行动”。开展“净滩行动”。"
    middle = text.index("。") + 1
    found = candidates(text, middle, len(text))
    assert found and all(c.start >= middle for c in found)


def test_rules_without_a_model() -> None:
    text = "深入开展“清河行动”，以邓小平理论为指导，落实河长制，评选“文明户”活动。"
    found = candidates(text, 0, len(text))
    chosen = select(found, rule_scores(text, found), 0.5)
    surfaces = {text[p.start : p.end] for p in chosen}
    assert {"清河行动", "河长制"} <= surfaces
    assert "邓小平理论" not in surfaces and "文明户" not in surfaces


def test_select_keeps_best_non_overlapping_and_repeats_names() -> None:
    text = "开展“六进社区”活动。以六进社区为载体。"
    found = candidates(text, 0, len(text))
    scores = [0.9 if c.source == "quote" else 0.1 for c in found]
    chosen = select(found, scores, 0.5)
    spans = [text[p.start : p.end] for p in chosen]
    # The quoted occurrence is chosen; the unquoted repeat joins it.
    assert spans.count("六进社区") == 2
    for a, b in zip(chosen, chosen[1:], strict=False):
        assert a.end <= b.start


# Small training set: {name} marks PROGRAM spans.
SAMPLES = [
    "全面落实{河长制}，深入开展“{清河行动}”，以邓小平理论为指导。",
    "积极开展“{六进社区}”活动，评选“文明户”和“最美家庭”。",
    "推进{厕所革命}，实施“{一村一品}”工程，坚持民主集中制。",
    "以“三个代表”重要思想为指导，开展“{法律进社区}”活动。",
    "深入开展{乡村清洁行动}，巩固“文明社区”成果。",
    "落实“{门前五包}”责任制，树立“以人民为中心”的理念。",
]


def _doc(number: int, marked: str) -> dict:
    text, spans, rest = "", [], marked
    while "{" in rest:
        before, _, tail = rest.partition("{")
        name, _, rest = tail.partition("}")
        text += before
        spans.append({"start": len(text), "end": len(text) + len(name), "label": "PROGRAM"})
        text += name
    text += rest
    return {"id": f"sample-{number}", "text": text, "spans": spans}


def test_model_round_trip(tmp_path: Path) -> None:
    docs = [_doc(i, s) for i, s in enumerate(SAMPLES)]
    features, labels, _ = examples(docs)
    assert sum(labels) == sum(len(d["spans"]) for d in docs)  # every gold span is a candidate
    scores = train_component("program", docs, tmp_path, dev_docs=docs[:2])
    assert scores["train_positives"] > 0 and "dev_span_f1" in scores
    meta = json.loads((tmp_path / "program" / "meta.json").read_text("utf-8"))
    assert meta["features_version"] == FEATURES_VERSION
    assert meta["dev_scores"]["dev_docs"] == 2
    store.set_models_dir(tmp_path)
    try:
        model = store.load_model("program")
        assert model is not None and model.features_version == FEATURES_VERSION
        probabilities = model.predict_proba(features)[:, 1]
        positives = [p for p, y in zip(probabilities, labels, strict=True) if y]
        negatives = [p for p, y in zip(probabilities, labels, strict=True) if not y]
        assert min(positives) > max(negatives) - 0.5  # learnt something from its own data
        assert sum(positives) / len(positives) > sum(negatives) / len(negatives)
        found = _programs("深入开展“清河行动”，全面落实河长制。")
        assert "河长制" in found
    finally:
        store.set_models_dir(None)


def test_shipped_model_loads_with_current_features() -> None:
    model = store.load_model("program")
    if model is None:
        pytest.fail("models/program is missing: run bench/train_program.py")
    assert model.features_version == FEATURES_VERSION
    assert 0.0 < model.threshold < 1.0


def test_quoted_names_listed_side_by_side_share_the_verdict() -> None:
    """A list “A”“B”“C”等 names things of one kind: a chosen member brings its neighbours."""
    from reportminer.extractors.programs import _join_quoted_lists
    from reportminer.types import Program

    text = "开展“文明家庭”“清河行动”“净餐馆”“管集市”等活动，以及“共建”。"
    found = [c for c in candidates(text, 0, len(text)) if c.quoted]
    by_surface = {c.surface: i for i, c in enumerate(found)}
    scores = [0.0] * len(found)
    scores[by_surface["清河行动"]] = 0.9
    scores[by_surface["净餐馆"]] = 0.3
    scores[by_surface["管集市"]] = 0.2
    scores[by_surface["文明家庭"]] = 0.0  # ruled out (an honour title): stays out
    scores[by_surface["共建"]] = 0.05  # not in the list, and all but ruled out
    seed = found[by_surface["清河行动"]]
    chosen = [Program(start=seed.start, end=seed.end, quoted=True, score=0.9)]
    joined = _join_quoted_lists(text, found, scores, chosen)
    assert [text[p.start : p.end] for p in joined] == ["清河行动", "净餐馆", "管集市"]
    assert all(p.score == 0.9 for p in joined)


def test_a_listed_programme_brings_its_siblings_end_to_end() -> None:
    import reportminer

    text = "实施“贵州技工”“黔菜师傅”“黔灵家政”“黔旅工匠”等培训工程，提升技能。"
    spans = reportminer.extract_text(text).spans()
    names = [text[s["start"] : s["end"]] for s in spans if s["label"] == "PROGRAM"]
    assert names == ["贵州技工", "黔菜师傅", "黔灵家政", "黔旅工匠"]
