"""Corpus files (.jsonl, .csv): one document per record, fields guessed or chosen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportminer.api import extract_loaded
from reportminer.load import LoadedText, LoadOptions, load_path
from reportminer.readers.corpus import read_csv, read_jsonl
from reportminer.types import ErrorRecord

REPORT_A = "某镇2024年工作总结\n一、基本情况\n全镇共投入资金13万余元，硬化道路28.74公里。"
REPORT_B = "某村2023年工作汇报\r\n一、主要做法\r\n（一）开展“清河行动”，清理河道3条。"


def _loaded(path: Path, **options: str) -> list[LoadedText]:
    out = list(load_path(path, options=LoadOptions(**options)))
    assert all(not isinstance(d, ErrorRecord) for d in out), out
    return out  # type: ignore[return-value]


def test_jsonl_one_document_per_record(tmp_path: Path) -> None:
    path = tmp_path / "reports.jsonl"
    records = [
        {"title": "甲镇总结", "url": "http://a", "content": REPORT_A, "year": 2024},
        {"title": "乙村汇报", "content": REPORT_B, "year": 2023},
        {"title": "空记录", "content": ""},
    ]
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    docs = _loaded(path)
    assert [d.text for d in docs] == [REPORT_A, REPORT_B]
    assert [d.source.record for d in docs] == ["甲镇总结", "乙村汇报"]
    assert [d.id for d in docs] == ["reports.jsonl#甲镇总结", "reports.jsonl#乙村汇报"]
    assert docs[0].hints["metadata"]["year"] == 2024
    for doc in docs:
        result = extract_loaded(doc)
        assert result.items()
        for item in result.items():
            assert doc.text[item.start : item.end] == item.text


def test_csv_with_bom_quoted_newlines_and_chinese_header(tmp_path: Path) -> None:
    path = tmp_path / "parallel.csv"
    rows = [
        "报告年份,中文,英文,原始中文",
        f'2024,"{REPORT_A}",Summary,x',
        f'2024,"{REPORT_B}","Report, with comma",y',
    ]
    path.write_bytes(("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8"))
    docs = _loaded(path)
    assert [d.text for d in docs] == [REPORT_A, REPORT_B]  # \r\n inside the field kept
    assert docs[0].hints["text_field"] == "中文"
    assert [d.source.record for d in docs] == ["1", "2"]  # no id column: the row number
    for doc in docs:
        for item in extract_loaded(doc).items():
            assert doc.text[item.start : item.end] == item.text


def test_chosen_fields_and_repeated_ids(tmp_path: Path) -> None:
    path = tmp_path / "speeches.csv"
    path.write_text(
        f'Date,body,summary\n2020-05-19,"{REPORT_A}",a\n2020-05-19,"{REPORT_B}",b\n',
        encoding="utf-8",
    )
    docs = read_csv(path, path.read_bytes(), LoadOptions(text_field="body", id_field="Date"))
    assert [d.source.record for d in docs] == ["2020-05-19", "2020-05-19~2"]


def test_long_csv_field_beyond_default_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    text = "全镇共投入资金13万余元。" * 20000  # 260 000 characters, over csv's 128 KiB default
    path.write_text(f'title,full_text\n长文,"{text}"\n', encoding="utf-8")
    [doc] = read_csv(path, path.read_bytes(), LoadOptions())
    assert doc.text == text


def test_missing_text_field_is_an_error_with_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "manifest.csv"
    path.write_text("province,source_url\n上海市,http://x\n", encoding="utf-8")
    [record] = list(load_path(path))
    assert isinstance(record, ErrorRecord)
    assert record.hint and "--text-field" in record.hint and "province" in record.hint


def test_unknown_field_asked_for_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"content": REPORT_A}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(Exception, match="no text field 'body'"):
        read_jsonl(path, path.read_bytes(), LoadOptions(text_field="body"))


def test_malformed_jsonl_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"text": "第一篇"}\n{broken\n[1, 2]\n{"text": "第二篇"}\n', encoding="utf-8")
    docs = read_jsonl(path, path.read_bytes(), LoadOptions())
    assert [d.text for d in docs] == ["第一篇", "第二篇"]
    assert [d.source.record for d in docs] == ["1", "4"]


def test_group_field_joins_sentence_rows_into_documents(tmp_path: Path) -> None:
    from types import SimpleNamespace

    path = tmp_path / "aligned.csv"
    path.write_text(
        "年份,中文\n2024,一、工作回顾\n2024,投入13万元。\n2025,二、工作安排\n", encoding="utf-8"
    )
    options = SimpleNamespace(encoding=None, text_field=None, id_field=None, group_field="年份")
    docs = read_csv(path, path.read_bytes(), options)  # type: ignore[arg-type]
    assert [(d.source.record, d.text) for d in docs] == [
        ("2024", "一、工作回顾\n投入13万元。"),
        ("2025", "二、工作安排"),
    ]
