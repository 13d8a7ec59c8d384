"""MEASURE extraction: data-driven cases (tests/cases/measures.jsonl) and properties."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportminer.extractors.measures import chinese_numeral, find_measures
from reportminer.normalise import normalise
from reportminer.types import Heading

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "cases" / "measures.jsonl").read_text("utf-8").splitlines()
    if line.strip()
]


def _measures(text: str, headings: list[Heading] | None = None):
    norm = normalise(text)
    found = find_measures(norm.text, 0, len(norm.text), headings or [])
    out = []
    for item in found:
        start, end = norm.span_to_original(item.start, item.end)
        out.append((text[start:end], item))
    return out


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_measure_cases(case: dict) -> None:
    found = _measures(case["text"])
    assert [name for name, _ in found] == [m["name"] for m in case["measures"]]
    for (_, item), expected in zip(found, case["measures"], strict=True):
        assert item.marker == expected["marker"]
        assert item.ordinal == expected["ordinal"]
        if "flags" in expected:
            assert item.flags == expected["flags"]


def test_no_measure_where_a_heading_starts() -> None:
    text = "一是加强领导\n二是健全制度。建立台账。"
    norm = normalise(text)
    heading = Heading(start=0, end=6, level=1)
    names = [norm.text[m.start : m.end] for m in find_measures(norm.text, 0, len(text), [heading])]
    assert names == ["健全制度"]


def test_heading_between_items_starts_a_new_enumeration() -> None:
    text = "一是加强领导。二是健全制度。\n二、存在问题\n一是宣传不够。"
    norm = normalise(text)
    heading_start = text.index("二、")
    heading = Heading(start=heading_start, end=heading_start + 6, level=1)
    found = find_measures(norm.text, 0, len(text), [heading])
    assert [m.ordinal for m in found] == [1, 2, 1]
    assert all("skipped_ordinal" not in m.flags for m in found)


def test_body_runs_to_next_item_or_paragraph_end() -> None:
    text = "一是组织领导到位。乡党委高度重视。二是宣传到位。召开大会。\n下一段。"
    found = find_measures(text, 0, len(text), [])
    first, second = found
    assert text[first.body_start : first.body_end] == "组织领导到位。乡党委高度重视。"
    assert text[second.body_start : second.body_end] == "宣传到位。召开大会。"


def test_items_outside_the_report_range_are_not_returned() -> None:
    text = "一是甲事项。二是乙事项。三是丙事项。"
    start = text.index("二是")
    found = find_measures(text, start, len(text), [])
    assert [text[m.start : m.end] for m in found] == ["乙事项", "丙事项"]


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("九", 9),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("十十", None),
        ("一二", None),
        ("", None),
    ],
)
def test_chinese_numerals(numeral: str, value: int | None) -> None:
    assert chinese_numeral(numeral) == value


def test_deterministic_and_spans_are_clean() -> None:
    text = "".join(case["text"] for case in CASES)
    first = [m.to_dict() for m in find_measures(text, 0, len(text), [])]
    second = [m.to_dict() for m in find_measures(text, 0, len(text), [])]
    assert first == second
    for m in find_measures(text, 0, len(text), []):
        name = text[m.start : m.end]
        assert name == name.strip() and name
        assert not any(ch in name for ch in "。;!\n")
        assert m.body_start <= m.start < m.end <= m.body_end
