"""CSV (UTF-8 with BOM) and XLSX tables from results: rows, columns, error records."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from outputs_sample import TEXT, make_document, make_error

from reportminer.outputs import write_tables
from reportminer.outputs.results import flatten, read_results, spans_record_to_result
from reportminer.outputs.tables import build_tables


def _rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a BOM for Excel"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_tables_one_row_per_item(tmp_path: Path) -> None:
    written = write_tables([make_document(), make_error()], tmp_path)
    names = {p.name for p in written}
    assert {
        "figures.csv",
        "honours.csv",
        "measures.csv",
        "programmes.csv",
        "documents.csv",
        "reports.csv",
        "errors.csv",
        "reportminer.xlsx",
    } <= names
    figures = _rows(tmp_path / "figures.csv")
    assert [f["surface"] for f in figures] == ["13万余元", "28.74公里", "93%以上", "xx处"]
    first = figures[0]
    assert first["file"] == "sample.txt"
    assert first["report_title"] == "某镇2024年创建文明城市工作总结"
    assert first["section_path"] == "一、基本情况"
    assert (first["metric"], first["value"], first["unit"], first["kind"], first["approx"]) == (
        "投入资金",
        "130000",
        "元",
        "money",
        "over",
    )
    assert TEXT[int(first["start"]) : int(first["end"])] == first["surface"]
    assert figures[3]["masked"] == "true" and figures[3]["value"] == ""
    honours = _rows(tmp_path / "honours.csv")
    assert [(h["surface"], h["status"], h["level"]) for h in honours] == [
        ("江苏省卫生村", "received", "province")
    ]
    assert honours[0]["section_path"] == "二、主要做法 > （一）开展“清河行动”"
    assert [m["marker"] for m in _rows(tmp_path / "measures.csv")] == ["一是"]
    assert [p["surface"] for p in _rows(tmp_path / "programmes.csv")] == ["清河行动"]
    assert [d["surface"] for d in _rows(tmp_path / "documents.csv")] == ["关于加强管理的通知"]
    [report] = _rows(tmp_path / "reports.csv")
    assert (report["figures"], report["honours"], report["genre"]) == ("4", "1", "summary")
    [error] = _rows(tmp_path / "errors.csv")
    assert error["cause"] == "no text layer; OCR it first"


def test_xlsx_has_a_sheet_per_table_and_text_cells(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    document = make_document()
    document.reports[0].title = '=HYPERLINK("x")'  # must stay text, never a formula
    write_tables([document], tmp_path, csv_files=False)
    workbook = load_workbook(tmp_path / "reportminer.xlsx")
    assert {
        "figures",
        "honours",
        "measures",
        "programmes",
        "documents",
        "reports",
        "errors",
    } <= set(workbook.sheetnames)
    rows = list(workbook["figures"].values)
    assert rows[0][:4] == ("file", "report", "report_title", "section_path")
    assert len(rows) == 5
    assert rows[1][rows[0].index("value")] == 130000
    title_cell = workbook["figures"]["C2"]
    assert title_cell.value == '=HYPERLINK("x")' and title_cell.data_type == "s"


def test_range_values_split_into_low_and_high() -> None:
    document = make_document()
    figure = document.items("FIGURE")[0]
    figure.value = [30000, 50000]  # type: ignore[attr-defined]
    header, rows = build_tables([document])["figures"]
    row = dict(zip(header, rows[0], strict=True))
    assert (row["value"], row["value_high"]) == (30000, 50000)


def test_results_read_from_json_jsonl_and_spans_records(tmp_path: Path) -> None:
    document = make_document()
    (tmp_path / "one.json").write_text(document.to_json(indent=2), encoding="utf-8")
    lines = [make_document("b.txt").to_json(), make_error().to_json()]
    (tmp_path / "many.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    spans = {"id": "gold", "text": TEXT, "spans": [s for s in document.spans()]}
    (tmp_path / "gold.jsonl").write_text(
        json.dumps(spans, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    results = list(read_results([tmp_path]))
    ids = sorted(str(r.get("id")) for r in results)
    assert ids == ["b.txt", "broken.pdf", "gold", "sample.txt"]
    gold = flatten(spans_record_to_result(spans))
    assert sorted(i.label for i in gold.items) == sorted(
        s["label"] for s in document.spans() if s["label"] != "REPORT"
    )
    for item in gold.items:
        assert TEXT[item.data["start"] : item.data["end"]] == item.data["text"]


def test_input_documents_are_extracted_on_the_fly(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    [result] = list(read_results([path]))
    assert result["status"] == "ok" and result["text"] == TEXT
    flat = flatten(result)
    for item in flat.items:
        assert TEXT[item.data["start"] : item.data["end"]] == item.data["text"]
