"""The scorer against numbers computed by hand from ANNOTATION.md's definitions.

Every expected value below was worked out on paper from the spans written next to it; none
is read back from the scorer.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportminer.evaluation import evaluate_records
from reportminer.evaluation.scorer import (
    Summary,
    attribute_equal,
    match_spans,
    prf,
    score_document,
)

CASES = Path(__file__).parent / "cases"
TEXT = "0123456789" * 4  # 40 characters; only offsets matter to the scorer


def sp(start: int, end: int, label: str, **attrs: object) -> dict:
    return {"start": start, "end": end, "label": label, **attrs}


def close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-9


def scores(counts, scheme: str) -> tuple[float, float, float]:
    return getattr(counts, f"{scheme}_prf")()


# ---------------------------------------------------------------- strict and overlap


GOLD_A = [sp(0, 4, "FIGURE"), sp(10, 14, "FIGURE"), sp(20, 24, "FIGURE"), sp(5, 9, "HONOR")]
PRED_A = [
    sp(0, 4, "FIGURE"),  # exact
    sp(11, 15, "FIGURE"),  # overlaps gold [10,14) by 3
    sp(25, 28, "FIGURE"),  # overlaps nothing: false alarm
    sp(5, 9, "HONOR"),  # exact
    sp(26, 29, "HONOR"),  # false alarm
]


def test_per_label_strict_and_overlap_by_hand() -> None:
    summary = score_document("a", TEXT, GOLD_A, PRED_A).summary()
    figure, honor = summary.labels["FIGURE"], summary.labels["HONOR"]
    assert (figure.gold, figure.pred, figure.strict, figure.overlap) == (3, 3, 1, 2)
    assert all(
        close(x, y) for x, y in zip(scores(figure, "strict"), (1 / 3, 1 / 3, 1 / 3), strict=True)
    )
    assert all(
        close(x, y) for x, y in zip(scores(figure, "overlap"), (2 / 3, 2 / 3, 2 / 3), strict=True)
    )
    # nervaluate "partial": the boundary match counts half: (1 + 0.5) / 3
    assert all(close(x, y) for x, y in zip(scores(figure, "partial"), (0.5, 0.5, 0.5), strict=True))
    assert (honor.gold, honor.pred, honor.strict, honor.overlap) == (1, 2, 1, 1)
    assert all(close(x, y) for x, y in zip(scores(honor, "strict"), (0.5, 1.0, 2 / 3), strict=True))


def test_micro_and_macro_by_hand() -> None:
    summary = score_document("a", TEXT, GOLD_A, PRED_A).summary()
    micro = summary.micro()
    # strict: tp 2 of gold 4, pred 5 -> P 0.4, R 0.5, F1 = 0.4 / 0.9
    assert (micro.strict, micro.gold, micro.pred) == (2, 4, 5)
    assert all(close(x, y) for x, y in zip(micro.strict_prf(), (0.4, 0.5, 0.4 / 0.9), strict=True))
    # overlap: tp 3 -> P 0.6, R 0.75, F1 = 0.9 / 1.35
    assert all(
        close(x, y) for x, y in zip(micro.overlap_prf(), (0.6, 0.75, 0.9 / 1.35), strict=True)
    )
    # macro strict: FIGURE (1/3, 1/3, 1/3), HONOR (1/2, 1, 2/3)
    p, r, f = summary.macro("strict")
    assert close(p, (1 / 3 + 1 / 2) / 2) and close(r, (1 / 3 + 1) / 2) and close(f, 0.5)
    assert close(summary.strict_f1("micro"), 0.4 / 0.9)
    assert close(summary.strict_f1("macro"), 0.5)
    assert summary.strict_f1("PROGRAM") is None


def test_label_must_agree_for_any_match() -> None:
    m = match_spans([sp(0, 4, "FIGURE")], [sp(0, 4, "HONOR")])
    assert m.pairs == []


def test_overlap_is_one_to_one_gold_split_in_two() -> None:
    # gold [0,10); predictions [0,4) and [5,10): only one may match; the larger overlap wins
    gold, pred = [sp(0, 10, "FIGURE")], [sp(0, 4, "FIGURE"), sp(5, 10, "FIGURE")]
    m = match_spans(gold, pred)
    assert m.pairs == [(0, 1, False)]
    c = score_document("d", TEXT, gold, pred).summary().labels["FIGURE"]
    assert (c.strict, c.overlap) == (0, 1)
    assert all(close(x, y) for x, y in zip(c.overlap_prf(), (0.5, 1.0, 2 / 3), strict=True))
    assert c.strict_prf() == (0.0, 0.0, 0.0)


def test_overlap_is_one_to_one_prediction_covering_two() -> None:
    gold, pred = [sp(0, 4, "FIGURE"), sp(5, 10, "FIGURE")], [sp(0, 10, "FIGURE")]
    m = match_spans(gold, pred)
    assert m.pairs == [(1, 0, False)]  # gold [5,10) shares 5 characters, [0,4) only 4
    c = score_document("d", TEXT, gold, pred).summary().labels["FIGURE"]
    assert all(close(x, y) for x, y in zip(c.overlap_prf(), (1.0, 0.5, 2 / 3), strict=True))


def test_exact_pair_is_taken_before_an_equal_overlap() -> None:
    # gold [0,4); predictions [0,8) and [0,4) both share 4 characters with it
    gold, pred = [sp(0, 4, "FIGURE")], [sp(0, 8, "FIGURE"), sp(0, 4, "FIGURE")]
    assert match_spans(gold, pred).pairs == [(0, 1, True)]
    c = score_document("d", TEXT, gold, pred).summary().labels["FIGURE"]
    assert (c.strict, c.overlap, c.pred) == (1, 1, 2)


def test_exact_pairs_first_keeps_strict_within_overlap() -> None:
    # pred [2,8) overlaps gold [0,4) by 2 and gold [4,8) by 4; pred [0,4) is exact
    gold = [sp(0, 4, "FIGURE"), sp(4, 8, "FIGURE")]
    pred = [sp(2, 8, "FIGURE"), sp(0, 4, "FIGURE")]
    assert match_spans(gold, pred).pairs == [(0, 1, True), (1, 0, False)]


def test_ties_are_broken_by_position() -> None:
    # pred [3,7) shares 1 character with gold [0,4) and with gold [6,10): earlier gold wins
    gold = [sp(6, 10, "FIGURE"), sp(0, 4, "FIGURE")]
    pred = [sp(3, 7, "FIGURE")]
    assert match_spans(gold, pred).pairs == [(1, 0, False)]


def test_duplicate_prediction_is_a_false_alarm() -> None:
    c = score_document("d", TEXT, [sp(0, 4, "FIGURE")], [sp(0, 4, "FIGURE"), sp(0, 4, "FIGURE")])
    counts = c.summary().labels["FIGURE"]
    assert (counts.strict, counts.overlap, counts.pred) == (1, 1, 2)
    assert close(counts.strict_prf()[0], 0.5)


def test_touching_spans_do_not_overlap() -> None:
    assert match_spans([sp(0, 4, "FIGURE")], [sp(4, 8, "FIGURE")]).pairs == []


# ---------------------------------------------------------------- empty sides


def test_empty_prediction() -> None:
    summary = score_document("d", TEXT, [sp(0, 4, "FIGURE"), sp(5, 9, "FIGURE")], []).summary()
    assert summary.labels["FIGURE"].strict_prf() == (0.0, 0.0, 0.0)
    assert summary.micro().overlap_prf() == (0.0, 0.0, 0.0)


def test_empty_gold() -> None:
    summary = score_document("d", TEXT, [], [sp(0, 4, "HONOR")]).summary()
    assert summary.labels["HONOR"].strict_prf() == (0.0, 0.0, 0.0)
    assert summary.macro("strict") == (0.0, 0.0, 0.0)


def test_both_empty_is_perfect_and_lists_no_label() -> None:
    summary = score_document("d", TEXT, [], []).summary()
    assert summary.labels == {}
    assert summary.micro().strict_prf() == (1.0, 1.0, 1.0)
    assert summary.macro("overlap") == (1.0, 1.0, 1.0)
    assert prf(0, 0, 0) == (1.0, 1.0, 1.0)
    assert prf(0, 3, 0) == (0.0, 0.0, 0.0)


# ---------------------------------------------------------------- attributes


def test_attribute_accuracy_by_hand() -> None:
    gold = [
        # value within 1e-6, everything right
        sp(0, 4, "FIGURE", value=130000, unit="元", kind="money", approx="over", masked=False),
        # range with one wrong bound; approx missing in the prediction (counts as null: wrong)
        sp(10, 14, "FIGURE", value=[30000, 50000], unit="元", kind="money", approx="about"),
        # masked: null value; the prediction says 0 (wrong), masked right
        sp(20, 24, "FIGURE", value=None, kind="count", masked=True),
        # boundary mismatch: its attributes are not scored at all
        sp(30, 34, "FIGURE", value=7, unit="个", kind="count"),
        sp(5, 9, "HEADING", level=1, role="overview"),
        # the gold carries no level: the predicted level is not scored
        sp(25, 29, "HONOR", status="received"),
    ]
    pred = [
        sp(0, 4, "FIGURE", value=130000.0001, unit="元", kind="money", approx="over", masked=False),
        sp(10, 14, "FIGURE", value=[30000, 50001], unit="元", kind="money"),
        sp(20, 24, "FIGURE", value=0, kind="count", masked=True),
        sp(30, 35, "FIGURE", value=8, unit="只", kind="count"),
        sp(5, 9, "HEADING", level=2, role="overview"),
        sp(25, 29, "HONOR", status="received", level="city"),
    ]
    summary = score_document("d", TEXT, gold, pred).summary()
    figure = summary.labels["FIGURE"]
    assert (figure.strict, figure.overlap) == (3, 4)
    assert figure.attributes == {
        "value": [1, 3],  # 130000.0001 ok; range wrong; null vs 0 wrong
        "unit": [2, 2],  # carried by two strict matches
        "kind": [3, 3],
        "approx": [1, 2],  # "about" versus missing is wrong
        "masked": [2, 2],
    }
    assert (figure.with_attributes, figure.all_attributes_right) == (3, 1)
    heading = summary.labels["HEADING"]
    assert heading.attributes == {"level": [0, 1], "role": [1, 1]}
    assert summary.labels["HONOR"].attributes == {"status": [1, 1]}
    as_json = summary.to_dict()["labels"]["FIGURE"]["attributes"]
    assert close(as_json["value"]["accuracy"], 1 / 3)
    assert as_json["unit"] == {"correct": 2, "total": 2, "accuracy": 1.0}


def test_measure_and_report_attributes() -> None:
    gold = [
        sp(0, 40, "REPORT", title="一、基本情况", genre="summary"),
        sp(2, 6, "MEASURE", marker="一是", ordinal=1),
        sp(8, 12, "MEASURE", marker="其次是", ordinal=2),
    ]
    pred = [
        sp(0, 40, "REPORT", title="一、基本情况", genre="plan"),
        sp(2, 6, "MEASURE", marker="一是", ordinal=1),
        sp(8, 12, "MEASURE", marker="其次", ordinal=2),
    ]
    summary = score_document("d", TEXT, gold, pred).summary()
    assert summary.labels["REPORT"].attributes == {"title": [1, 1], "genre": [0, 1]}
    assert summary.labels["MEASURE"].attributes == {"marker": [1, 2], "ordinal": [2, 2]}
    assert summary.labels["MEASURE"].all_attributes_right == 1


@pytest.mark.parametrize(
    "case",
    [
        json.loads(line)
        for line in (CASES / "evaluation_attribute_equality.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.strip()
    ],
    ids=lambda c: c["case"],
)
def test_attribute_equality_cases(case: dict) -> None:
    assert attribute_equal(case["attribute"], case["gold"], case["pred"]) is case["equal"]


# ---------------------------------------------------------------- documents


def test_counts_add_up_over_documents() -> None:
    gold = [
        {"id": "a", "text": TEXT, "spans": GOLD_A},
        {"id": "b", "text": TEXT, "spans": [sp(0, 4, "FIGURE")]},
    ]
    pred = [
        {"id": "b", "text": TEXT, "spans": [sp(0, 3, "FIGURE")]},
        {"id": "a", "text": TEXT, "spans": PRED_A},
    ]
    ev = evaluate_records(gold, pred)
    figure = ev.summary.labels["FIGURE"]
    # a: gold 3 pred 3 strict 1 overlap 2; b: gold 1 pred 1 strict 0 overlap 1
    assert (figure.gold, figure.pred, figure.strict, figure.overlap) == (4, 4, 1, 3)
    assert [d.id for d in ev.documents] == ["a", "b"]


def test_label_filter() -> None:
    gold = [{"id": "a", "text": TEXT, "spans": GOLD_A}]
    pred = [{"id": "a", "text": TEXT, "spans": PRED_A}]
    ev = evaluate_records(gold, pred, labels=["HONOR"])
    assert list(ev.summary.labels) == ["HONOR"]
    assert isinstance(ev.summary, Summary)


def test_errors_list_every_kind() -> None:
    gold = [sp(0, 4, "FIGURE", value=1), sp(10, 14, "FIGURE"), sp(20, 24, "HONOR")]
    pred = [sp(0, 4, "FIGURE", value=2), sp(11, 14, "FIGURE"), sp(30, 33, "HONOR")]
    errors = score_document("d", TEXT, gold, pred).errors()
    kinds = [(e["kind"], e["start"]) for e in errors]
    assert kinds == [("attribute", 0), ("boundary", 10), ("missed", 20), ("false alarm", 30)]
    assert errors[0]["attributes"] == {"value": {"gold": 1, "pred": 2}}
    assert errors[1]["pred"]["text"] == TEXT[11:14]


# ---------------------------------------------------------------- properties

spans_strategy = st.lists(
    st.tuples(st.integers(0, 50), st.integers(1, 12), st.sampled_from(["FIGURE", "HONOR"])).map(
        lambda t: sp(t[0], t[0] + t[1], t[2])
    ),
    max_size=8,
)


def brute_force_matching(gold: list[dict], pred: list[dict]) -> list[tuple[int, int, bool]]:
    """The documented greedy rule, over every pair (no search shortcuts)."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            overlap = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if g["label"] == p["label"] and overlap > 0:
                exact = (g["start"], g["end"]) == (p["start"], p["end"])
                key = (not exact, -overlap, g["start"], g["end"], p["start"], p["end"], gi, pi)
                candidates.append(key)
    used_gold, used_pred, pairs = set(), set(), []
    for key in sorted(candidates):
        gi, pi = key[-2], key[-1]
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi, not key[0]))
    return sorted(pairs)


@settings(max_examples=150, deadline=None)
@given(spans_strategy, spans_strategy)
def test_matching_agrees_with_brute_force(gold: list[dict], pred: list[dict]) -> None:
    pairs = match_spans(gold, pred).pairs
    assert pairs == brute_force_matching(gold, pred)
    counts = score_document("d", TEXT * 2, gold, pred).summary()
    for c in counts.labels.values():
        assert c.strict <= c.overlap <= min(c.gold, c.pred)
