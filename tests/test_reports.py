"""Report splitting: titles, furniture, salutations, indentation, numbering restarts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import reportminer

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "cases" / "reports.jsonl").read_text("utf-8").splitlines()
    if line.strip()
]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_report_cases(case: dict) -> None:
    doc = reportminer.extract_text(case["text"])
    assert [[r.title, r.genre] for r in doc.reports] == case["reports"]
    if "ends" in case:  # what the last report's span ends with (trailing bylines left out)
        last = doc.reports[-1]
        assert case["text"][last.start : last.end].endswith(case["ends"])
    for report in doc.reports:
        surface = case["text"][report.start : report.end]
        assert surface == surface.strip() and surface
        if report.title:
            assert surface.startswith(report.title)


def test_report_spans_cover_title_to_last_line_and_skip_furniture() -> None:
    text = "首页 > 工作总结\n\n社区工作总结\n今年以来，社区扎实开展各项工作，成效明显，群众满意。\n\n相关推荐：\n"
    doc = reportminer.extract_text(text)
    (report,) = doc.reports
    assert (
        text[report.start : report.end]
        == "社区工作总结\n今年以来，社区扎实开展各项工作，成效明显，群众满意。"
    )


def test_crlf_offsets_refer_to_the_original_text() -> None:
    text = "创建工作总结\r\n一、加强领导\r\n全年投入资金13万余元。\r\n"
    doc = reportminer.extract_text(text)
    for span in doc.spans():
        if span["label"] != "REPORT":
            assert "\r" not in text[span["start"] : span["end"]]
    heading = [s for s in doc.spans() if s["label"] == "HEADING"][0]
    assert text[heading["start"] : heading["end"]] == "一、加强领导"
