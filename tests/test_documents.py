"""DOCUMENT extraction: titles in 《》, broken marks included (tests/cases/documents.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportminer.extractors.documents import find_documents
from reportminer.normalise import normalise

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "cases" / "documents.jsonl")
    .read_text("utf-8")
    .splitlines()
    if line.strip()
]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_document_cases(case: dict) -> None:
    text = case["text"]
    norm = normalise(text)
    found = find_documents(norm.text, 0, len(norm.text), [])
    titles = []
    for item in found:
        start, end = norm.span_to_original(item.start, item.end)
        titles.append(text[start:end])
        assert item.title == norm.text[item.start : item.end]
    assert titles == case["documents"]


def test_only_titles_inside_the_report_range() -> None:
    text = "《甲方案》与《乙办法》"
    found = find_documents(text, text.index("与"), len(text), [])
    assert [d.title for d in found] == ["乙办法"]


def test_long_unclosed_mark_is_cut_at_line_end() -> None:
    text = "请阅读《创建工作手册\n下一行《另一份文件》"
    found = find_documents(text, 0, len(text), [])
    assert [d.title for d in found] == ["创建工作手册", "另一份文件"]
