"""``reportminer convert``: round trips through doccano and Label Studio, and import checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportminer.evaluation.cli import convert, evaluate
from reportminer.evaluation.convert import ConversionReport, detect_format, read_records

# Hand-written: "\r\n" line ends and one character outside the BMP (𠮷), which JavaScript
# tools count as two.
TEXT_A = "2024年工作总结\r\n一、基本情况\r\n𠮷村共投入资金3-5万元，荣获省级文明村称号。\r\n"
TEXT_B = "二、存在问题\n一是xx余人未参加“门前五包”活动。"


def sp(start: int, end: int, label: str, **attrs: object) -> dict:
    return {"start": start, "end": end, "label": label, **attrs}


def find(text: str, surface: str) -> tuple[int, int]:
    start = text.index(surface)
    return start, start + len(surface)


RECORDS = [
    {
        "id": "a/report-a.txt",
        "source": "a/report-a.txt",
        "note": {"reviewed": True},
        "text": TEXT_A,
        "spans": [
            sp(0, len(TEXT_A) - 2, "REPORT", title="2024年工作总结", genre="summary"),
            sp(*find(TEXT_A, "一、基本情况"), "HEADING", level=1, role="overview"),
            sp(
                *find(TEXT_A, "3-5万元"),
                "FIGURE",
                value=[30000, 50000],
                unit="元",
                kind="money",
                approx=None,
                masked=False,
            ),
            sp(
                *find(TEXT_A, "省级文明村"), "HONOR", status="received", level="province", year=None
            ),
        ],
    },
    {
        "id": "b",
        "text": TEXT_B,
        "spans": [
            sp(0, len(TEXT_B), "REPORT", title=None, genre="other"),
            sp(*find(TEXT_B, "二、存在问题"), "HEADING", level=1, role="problems"),
            sp(*find(TEXT_B, "xx余人未参加“门前五包”活动"), "MEASURE", marker="一是", ordinal=1),
            sp(
                *find(TEXT_B, "xx余人"),
                "FIGURE",
                value=None,
                unit="人",
                kind="people",
                approx="over",
                masked=True,
            ),
            sp(*find(TEXT_B, "门前五包"), "PROGRAM"),
        ],
    },
    {"id": "empty", "text": "没有标注的文本。", "spans": []},
]


def write_jsonl(path: Path, records: list[dict]) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return str(path)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def run(command, *args: str):
    return CliRunner().invoke(command, list(args), catch_exceptions=False)


@pytest.fixture()
def gold(tmp_path: Path) -> str:
    for record in RECORDS:  # the sample itself must be right
        for span in record["spans"]:
            assert 0 <= span["start"] < span["end"] <= len(record["text"])
    return write_jsonl(tmp_path / "gold.jsonl", RECORDS)


def test_roundtrip_doccano(gold: str, tmp_path: Path) -> None:
    doccano = tmp_path / "doccano.jsonl"
    back = tmp_path / "back.jsonl"
    result = run(convert, gold, str(doccano), "--to", "doccano")
    assert result.exit_code == 0, result.output
    first = read_jsonl(doccano)[0]
    assert first["text"] == TEXT_A
    assert first["label"][2] == [*find(TEXT_A, "3-5万元"), "FIGURE"]
    assert "spans" not in first
    result = run(convert, str(doccano), str(back))  # .jsonl from doccano: back to annotation
    assert result.exit_code == 0, result.output
    assert read_jsonl(back) == RECORDS
    assert "converted 3 documents, 9 spans" in result.stderr


@pytest.mark.parametrize("target", ["predictions", "annotations"])
def test_roundtrip_labelstudio(gold: str, tmp_path: Path, target: str) -> None:
    tasks_file = tmp_path / "tasks.json"
    back = tmp_path / "back.jsonl"
    assert run(convert, gold, str(tasks_file), "--ls-target", target).exit_code == 0
    tasks = json.loads(tasks_file.read_text("utf-8"))
    region = tasks[0][target][0]["result"][2]
    assert region["type"] == "labels" and region["from_name"] == "label"
    assert region["to_name"] == "text"
    assert region["value"]["text"] == "3-5万元" and region["value"]["labels"] == ["FIGURE"]
    assert region["meta"]["value"] == [30000, 50000]
    result = run(convert, str(tasks_file), str(back), "--to", "annotation")
    assert result.exit_code == 0, result.output
    assert read_jsonl(back) == RECORDS


def test_evaluating_a_roundtrip_is_perfect(gold: str, tmp_path: Path) -> None:
    tasks_file, back = tmp_path / "t.json", tmp_path / "back.jsonl"
    run(convert, gold, str(tasks_file))
    run(convert, str(tasks_file), str(back), "--to", "annotation")
    data = json.loads(run(evaluate, gold, str(back), "--json").stdout)
    assert data["documents_scored"] == 3
    assert data["micro"]["strict"]["f1"] == 1.0
    assert all(
        a["accuracy"] == 1.0 for lab in data["labels"].values() for a in lab["attributes"].values()
    )


def ls_task(text: str, results: list[dict], key: str = "annotations", **data: object) -> dict:
    return {"id": 7, "data": {"text": text, **data}, key: [{"result": results}]}


def region(
    start: int, end: int, label: str, text: str | None, rid: str = "r1", meta: dict | None = None
) -> dict:
    value: dict = {"start": start, "end": end, "labels": [label]}
    if text is not None:
        value["text"] = text
    item = {"value": value, "from_name": "label", "to_name": "text", "type": "labels", "id": rid}
    if meta:
        item["meta"] = meta
    return item


def read_ls(tmp_path: Path, tasks: list[dict]) -> tuple[list[dict], ConversionReport]:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), "utf-8")
    report = ConversionReport()
    return read_records(str(path), "labelstudio", report), report


def test_labelstudio_offsets_checked_against_text(tmp_path: Path) -> None:
    text = "荣获省级文明村称号。"
    records, report = read_ls(
        tmp_path,
        [
            ls_task(
                text,
                [
                    region(2, 7, "HONOR", "省级文明村", "ok"),
                    region(2, 7, "HONOR", "市级文明村", "bad-text"),
                    region(5, 40, "HONOR", None, "out-of-range"),
                    region(3, 3, "HONOR", None, "empty"),
                ],
                id="doc-1",
            )
        ],
    )
    assert records[0]["spans"] == [sp(2, 7, "HONOR")]
    assert records[0]["id"] == "doc-1"
    assert len(report.skipped) == 3
    assert all("export.json: record 'doc-1'" in line for line in report.skipped)
    assert "[2, 7, 'HONOR']" in report.skipped[0] and "市级文明村" in report.skipped[0]
    assert "out of range" in report.skipped[1] and "[5, 40, 'HONOR']" in report.skipped[1]


def test_labelstudio_utf16_and_crlf_offsets_are_remapped(tmp_path: Path) -> None:
    start, end = find(TEXT_A, "省级文明村")
    # before the span: two "\r\n" and one astral character
    utf16 = (start + 1, end + 1)  # the astral character counts twice
    folded = (start - 2, end - 2)  # each "\r\n" counts once
    both = (start - 1, end - 1)
    records, report = read_ls(
        tmp_path,
        [
            ls_task(
                TEXT_A,
                [
                    region(*utf16, "HONOR", "省级文明村", "u"),
                    region(*find(TEXT_A, "3-5万元"), "FIGURE", "3-5万元", "plain"),
                ],
            ),
            ls_task(TEXT_A, [region(*folded, "HONOR", "省级文明村", "f")]),
            ls_task(TEXT_A, [region(*both, "HONOR", "省级文明村", "b")]),
        ],
    )
    for record in records:
        honor = [s for s in record["spans"] if s["label"] == "HONOR"]
        assert honor == [sp(start, end, "HONOR")]
    assert records[0]["spans"][1] == sp(*find(TEXT_A, "3-5万元"), "FIGURE")
    assert len(report.remapped) == 3 and not report.skipped
    assert "UTF-16" in report.remapped[0] and "counted as one" in report.remapped[1]


def test_labelstudio_reads_annotations_before_predictions(tmp_path: Path) -> None:
    text = "建成公园2处。"
    task = {
        "data": {"text": text},
        "predictions": [{"result": [region(4, 6, "FIGURE", "2处", "p")]}],
        "annotations": [
            {"was_cancelled": True, "result": [region(0, 2, "FIGURE", "建成", "c")]},
            {"result": [region(4, 5, "FIGURE", "2", "a")]},
        ],
    }
    records, _ = read_ls(tmp_path, [task])
    assert records[0]["spans"] == [sp(4, 5, "FIGURE")]
    del task["annotations"]
    records, _ = read_ls(tmp_path, [task])
    assert records[0]["spans"] == [sp(4, 6, "FIGURE")]


def test_labelstudio_per_region_attribute_controls(tmp_path: Path) -> None:
    text = "共投入资金13万余元。"
    results = [
        region(5, 10, "FIGURE", "13万余元", "r9", meta={"text": ["a reviewer's comment"]}),
        {
            "id": "r9",
            "from_name": "value",
            "to_name": "text",
            "type": "textarea",
            "value": {"text": ["130000"]},
        },
        {
            "id": "r9",
            "from_name": "approx",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": ["over"]},
        },
        {
            "id": "r9",
            "from_name": "masked",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": ["false"]},
        },
        {
            "id": "r9",
            "from_name": "unit",
            "to_name": "text",
            "type": "textarea",
            "value": {"text": ["元"]},
        },
    ]
    records, _ = read_ls(tmp_path, [ls_task(text, results)])
    assert records[0]["spans"] == [
        sp(5, 10, "FIGURE", value=130000, approx="over", masked=False, unit="元")
    ]


def test_doccano_variants_and_checks(tmp_path: Path) -> None:
    text = "荣获省级文明村称号。"
    path = write_jsonl(
        tmp_path / "export.jsonl",
        [
            {
                "id": 1,
                "text": text,
                "label": [[2, 7, "HONOR"], [8, 99, "HONOR"], [1, "x"]],
                "Comments": [],
            },
            {"id": 2, "text": text, "labels": [[2, 7, "HONOR"]], "meta": {"id": "mine"}},
            {
                "id": 3,
                "text": text,
                "entities": [{"id": 11, "label": "HONOR", "start_offset": 2, "end_offset": 7}],
                "relations": [],
            },
        ],
    )
    assert detect_format(path) == "doccano"
    report = ConversionReport()
    records = read_records(path, "doccano", report)
    assert [r["id"] for r in records] == ["1", "mine", "3"]
    assert [r["spans"] for r in records] == [[sp(2, 7, "HONOR")]] * 3
    assert "Comments" not in records[0] and "relations" not in records[2]
    assert len(report.skipped) == 2
    assert "record '1'" in report.skipped[0] and "[8, 99, 'HONOR']" in report.skipped[0]


def test_doccano_attributes_follow_the_span(gold: str, tmp_path: Path) -> None:
    """A span moved in doccano loses its attributes; an added span has none."""
    doccano = tmp_path / "d.jsonl"
    run(convert, gold, str(doccano), "--to", "doccano")
    rows = read_jsonl(doccano)
    fig = rows[0]["label"][2]
    fig[1] -= 1  # the annotator shortened 3-5万元 to 3-5万
    rows[0]["label"].append([0, 4, "FIGURE"])  # and added 2024 as a figure
    write_jsonl(doccano, rows)
    records = read_records(str(doccano), "doccano", ConversionReport())
    spans = records[0]["spans"]
    assert spans[2] == sp(fig[0], fig[1], "FIGURE")
    assert spans[-1] == sp(0, 4, "FIGURE")
    assert spans[3]["status"] == "received"


def test_detect_format(gold: str, tmp_path: Path) -> None:
    assert detect_format(gold) == "annotation"
    assert detect_format(tmp_path / "x.json", for_output=True) == "labelstudio"
    assert detect_format(tmp_path / "x.jsonl", for_output=True) is None


def test_cli_usage_and_errors(gold: str, tmp_path: Path) -> None:
    # annotation -> .jsonl: doccano or annotation? The user must say.
    result = run(convert, gold, str(tmp_path / "out.jsonl"))
    assert result.exit_code == 2 and "--to" in result.stderr
    broken = tmp_path / "broken.json"
    broken.write_text('[{"data": 5}]', "utf-8")
    result = run(convert, str(broken), str(tmp_path / "o.jsonl"), "--to", "annotation")
    assert result.exit_code == 2 and "broken.json" in result.stderr
    bad_lines = tmp_path / "bad.jsonl"
    bad_lines.write_text('{"text": "abc", "label": []}\n{oops\n', "utf-8")
    result = run(
        convert,
        str(bad_lines),
        str(tmp_path / "o2.jsonl"),
        "--from",
        "doccano",
        "--to",
        "annotation",
    )
    assert result.exit_code == 2 and "bad.jsonl:2" in result.stderr


def test_cli_strict_and_stdout(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "d.jsonl", [{"text": "abc", "label": [[0, 2, "X"], [2, 9, "X"]]}])
    result = run(convert, path, "-", "--from", "doccano", "--to", "annotation")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["spans"] == [sp(0, 2, "X")]
    assert "1 spans skipped" in result.stderr and "[2, 9, 'X']" in result.stderr
    assert "label 'X' (1 spans) is not an ANNOTATION.md label" in result.stderr
    assert (
        run(convert, path, "-", "--from", "doccano", "--to", "annotation", "--strict").exit_code
        == 1
    )


def test_cli_writes_label_studio_config(gold: str, tmp_path: Path) -> None:
    config = tmp_path / "config.xml"
    assert run(convert, gold, str(tmp_path / "t.json"), "--ls-config", str(config)).exit_code == 0
    xml = config.read_text("utf-8")
    assert '<Labels name="label" toName="text">' in xml and '<Label value="HONOR"/>' in xml
