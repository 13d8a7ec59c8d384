"""Section markers, heading spans, levels and roles (cases in tests/cases/headings.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportminer.normalise import normalise
from reportminer.sections import build_tree, cn_to_int, find_headings, line_marker
from reportminer.types import Heading, Report

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "cases" / "headings.jsonl").read_text("utf-8").splitlines()
    if line.strip()
]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_heading_cases(case: dict) -> None:
    text = case["text"]
    norm = normalise(text)
    found = find_headings(norm.text, 0, len(norm.text))
    got = [[text[h.start : h.end], h.level, h.role] for h in found]
    assert got == case["headings"]


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("12", 12)],
)
def test_cn_to_int(numeral: str, value: int) -> None:
    assert cn_to_int(numeral) == value


@pytest.mark.parametrize(
    ("line", "family", "ordinal"),
    [
        ("三、主要做法", "cn_dun", 3),
        ("(十一)其他", "cn_paren", 11),
        ("〔二〕保障", "cn_paren", 2),
        ("第三，强化", "di", 3),
        ("第二阶段:实施", "stage", 2),
        ("12、完善", "arabic_dun", 12),
        ("(3)设立", "arabic_paren", 3),
        ("③开展", "circled", 3),
        ("??确保", "bullet", 0),
    ],
)
def test_line_marker_families(line: str, family: str, ordinal: int) -> None:
    found = line_marker(normalise(line).text)
    assert found is not None and found[:2] == (family, ordinal)


@pytest.mark.parametrize(
    "line", ["一是组织到位", "——加强宣传", "1.5万元", "2、,强化", "一批项目", "1、2021年总结"]
)
def test_not_markers(line: str) -> None:
    assert line_marker(normalise(line).text) is None


def test_tree_puts_items_in_innermost_section() -> None:
    text = "一、甲\n(一)乙\n内容A\n二、丙\n内容B"
    report = Report(start=0, end=len(text))
    headings = find_headings(text, 0, len(text))
    for h in headings:
        h.text = text[h.start : h.end]
    item_a = Heading(start=text.index("内容A"), end=text.index("内容A") + 3)
    item_b = Heading(start=text.index("内容B"), end=text.index("内容B") + 3)
    root = build_tree(report, headings, [item_a, item_b])
    assert item_a.section_path == ["一、甲", "(一)乙"]
    assert item_b.section_path == ["二、丙"]
    assert [c.heading.text for c in root.children] == ["一、甲", "二、丙"]
    assert root.children[0].end == text.index("二、丙")


def test_sentences_of_each_section_exclude_headings_and_children() -> None:
    import reportminer

    text = "一、基本情况\n共投入资金13万余元。建成公厕3座！\n(一)小节\n内容一;内容二"
    doc = reportminer.extract_text(text)
    sections = doc.reports[0].body.walk()
    got = {tuple(s.path): [text[a:b] for a, b in s.sentences] for s in sections}
    assert got[("一、基本情况",)] == ["共投入资金13万余元。", "建成公厕3座！"]
    assert got[("一、基本情况", "(一)小节")] == ["内容一;", "内容二"]


def test_flattened_lines_give_each_heading_once() -> None:
    body = "镇党委高度重视创建工作,成立领导小组,明确分工,落实责任。" * 10
    text = f"一、加强领导。{body}(一)领导重视,明确分工。{body}二、强化宣传。{body}"
    found = find_headings(text, 0, len(text))
    assert [(text[h.start : h.end], h.level) for h in found] == [
        ("一、加强领导", 1),
        ("(一)领导重视,明确分工", 2),
        ("二、强化宣传", 1),
    ]
