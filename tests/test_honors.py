"""HONOR extraction: data-driven cases, rule fallback, report ranges, lexicons, speed."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from reportminer.extractors import honors as honors_module
from reportminer.extractors.honors import candidate_features, find_honors, honor_candidates
from reportminer.normalise import normalise
from reportminer.rules import load_records

CASES_FILE = Path(__file__).parent / "cases" / "honors.jsonl"
CASES = [json.loads(line) for line in CASES_FILE.read_text("utf-8").splitlines() if line.strip()]
STATUSES = {"received", "granted", "sought", "other"}
LEVELS = {"national", "province", "city", "county", "township", "unit", None}


def _honors(text: str) -> list[dict[str, Any]]:
    """Honours of ``text`` as the cases write them (original surface and attributes)."""
    norm = normalise(text)
    found = []
    for item in find_honors(norm.text, 0, len(norm.text), []):
        start, end = norm.span_to_original(item.start, item.end)
        found.append(
            {"text": text[start:end], "status": item.status, "level": item.level, "year": item.year}
        )
    return found


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["id"])
def test_case(case: dict[str, Any]) -> None:
    assert _honors(case["text"]) == case["honors"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["id"])
def test_case_with_rules_only(case: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Without models (load_model → None) the rules alone still get every case right."""
    monkeypatch.setattr(honors_module, "_predict", lambda name, rows: None)
    assert _honors(case["text"]) == case["honors"]


def test_cases_cover_negatives_and_every_status() -> None:
    assert sum(1 for c in CASES if not c["honors"]) >= 6
    seen = {h["status"] for c in CASES for h in c["honors"]}
    assert seen == STATUSES
    assert {h["level"] for c in CASES for h in c["honors"]} == LEVELS


def test_items_stay_inside_the_report_range() -> None:
    text = "甲村荣获省级卫生村称号。\n乙村荣获市级文明村称号。"
    second = text.index("\n") + 1
    items = find_honors(text, second, len(text), [])
    assert [text[i.start : i.end] for i in items] == ["市级文明村"]
    assert all(second <= i.start and i.end <= len(text) for i in items)


def test_spans_of_one_report_never_overlap() -> None:
    text = "该镇先后获得“省级文明乡镇、省级卫生乡镇”和全国文明村镇等荣誉，争创国家卫生乡镇。"
    items = find_honors(text, 0, len(text), [])
    ends = [(i.start, i.end) for i in items]
    assert ends == sorted(ends)
    assert all(a[1] <= b[0] for a, b in zip(ends, ends[1:], strict=False))
    assert [text[s:e] for s, e in ends] == [
        "省级文明乡镇",
        "省级卫生乡镇",
        "全国文明村镇",
        "国家卫生乡镇",
    ]


def test_same_input_same_output() -> None:
    text = CASES[0]["text"] * 3
    assert [i.span() for i in find_honors(text, 0, len(text), [])] == [
        i.span() for i in find_honors(text, 0, len(text), [])
    ]


def test_candidates_expose_features_for_the_classifiers() -> None:
    text = "社区开展“五好家庭”评选，并争创省级文明社区。"
    cands = honor_candidates(text, 0, len(text))
    features = [candidate_features(text, c) for c in cands]
    assert cands and all(features)
    assert all(any(k.startswith("T") for k in f) for f in features)


def test_honour_lexicons_are_consistent() -> None:
    kinds = {row["kind"] for row in load_records("honor_suffixes.tsv")}
    assert kinds <= {"place", "unit", "household", "person", "staff"}
    cues = load_records("honor_status_cues.tsv")
    assert {row["status"] for row in cues} <= STATUSES
    assert {row["side"] for row in cues} == {"left", "right"}
    assert {row["level"] for row in load_records("honor_levels.tsv")} <= LEVELS - {None}
    assert {row["min_level"] for row in load_records("honor_issuer_tiers.tsv")} <= LEVELS
    tiers = {row["word"]: row["tier"] for row in load_records("honor_reporter_tiers.tsv")}
    assert set(tiers.values()) <= LEVELS
    assert set(honors_module._REPORTER_RE.pattern.split("(")[-1].rstrip(")").split("|")) == set(
        tiers
    )


def test_long_text_is_fast() -> None:
    paragraph = (
        "我镇先后荣获省级卫生镇、xx市文明镇等称号。继续开展“五好家庭”“最美家庭”评选活动，"
        "以创建文明城市工作为契机，全年新建道路8公里，投入资金350万元。\n"
    )
    text = paragraph * 600  # about 50,000 characters
    find_honors(text[:2000], 0, 2000, [])  # load lexicons and models first
    started = time.perf_counter()
    items = find_honors(text, 0, len(text), [])
    elapsed = time.perf_counter() - started
    assert len(items) == 600 * 4
    assert elapsed < 3.0
