"""The Python API: extract_text / extract_file / extract_folder and the result objects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import reportminer
from reportminer.errors import InputError
from reportminer.schema import validate

TEXT = (
    "关于社区文明创建工作的总结\r\n"
    "一、基本情况\r\n"
    "共投入资金13万余元，一是组织领导到位。二是宣传发动到位。\r\n"
    "二、下一步打算\r\n"
    "继续巩固创建成果。\r\n"
)


def test_extract_text_result_objects() -> None:
    doc = reportminer.extract_text(TEXT, id="mine")
    assert isinstance(doc, reportminer.Document)
    assert doc.id == "mine" and doc.text == TEXT  # kept exactly, CRLF included
    assert doc.reports and all(isinstance(r, reportminer.Report) for r in doc.reports)
    data = doc.to_dict()
    assert data["status"] == "ok" and data["text_length"] == len(TEXT)
    assert json.loads(doc.to_json()) == data
    assert json.loads(doc.to_json(indent=2)) == data
    validate(data)


def test_spans_refer_to_the_original_text() -> None:
    doc = reportminer.extract_text(TEXT)
    spans = doc.spans()
    assert spans[0]["label"] == "REPORT"
    assert spans == sorted(spans, key=lambda s: (s["start"], s["end"], s["label"]))
    for item in doc.items():
        assert TEXT[item.start : item.end] == item.text
    report = spans[0]
    assert TEXT[report["start"] : report["end"]] == TEXT.strip()
    record = doc.to_spans_record()
    assert record["text"] == TEXT and record["spans"] == spans
    validate(record)


def test_extract_file_detects_encoding(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(TEXT.encode("gb18030"))
    doc = reportminer.extract_file(path)
    assert doc.text == TEXT
    assert doc.source.encoding == "gb18030" and doc.source.size == path.stat().st_size
    assert doc.id == "gbk.txt"


def test_extract_file_raises_on_bad_input(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        reportminer.extract_file(empty)


def test_extract_folder_yields_one_result_per_file(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text(TEXT, encoding="utf-16")
    (tmp_path / "sub" / "c.txt").write_bytes(b"\x00\x01\x02binary\x00")
    results = list(reportminer.extract_folder(tmp_path))
    assert [r.id for r in results] == ["a.txt", "sub/b.txt", "sub/c.txt"]
    assert isinstance(results[0], reportminer.Document)
    assert isinstance(results[1], reportminer.Document) and results[1].text == TEXT
    error = results[2]
    assert isinstance(error, reportminer.ErrorRecord)
    assert "c.txt" in str(error) and error.cause
    validate(error.to_dict())
    only_txt = list(reportminer.extract_folder(tmp_path, glob="a.*"))
    assert [r.id for r in only_txt] == ["a.txt"]


def test_extract_folder_is_lazy(tmp_path: Path) -> None:
    for number in range(3):
        (tmp_path / f"{number}.txt").write_text(TEXT, encoding="utf-8")
    results = reportminer.extract_folder(tmp_path)
    first = next(results)
    assert first.id == "0.txt"  # a generator: nothing else has been read yet


def test_the_documented_example_holds() -> None:
    import doctest

    import reportminer.api

    failures, tried = doctest.testmod(reportminer.api)
    assert tried > 0 and failures == 0
