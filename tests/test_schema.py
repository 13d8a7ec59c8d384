"""The shipped JSON Schema: well-formed, versioned, and strict where the contract is."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest
from click.testing import CliRunner

import reportminer
from reportminer.cli import cli
from reportminer.schema import SCHEMA_VERSION, errors, load_schema, schema_text, validate
from reportminer.types import ErrorRecord, Figure, Honor, SourceInfo

SAMPLE = (
    "关于2024年创建文明社区工作的总结\n"
    "一、基本情况\n"
    "社区共投入资金13万余元，新建活动室2处。一是组织领导到位。二是宣传发动到位。\n"
    "(一)加强组织领导\n"
    "1、完善工作制度。社区荣获“市级文明社区”称号，根据《关于开展文明创建的通知》要求开展“清河行动”。\n"
    "二、存在的问题\n"
    "群众参与率只有93%左右。\n"
)


@pytest.fixture(scope="module")
def document() -> reportminer.Document:
    return reportminer.extract_text(SAMPLE, id="sample.txt", source=SourceInfo(path="sample.txt"))


def test_schema_is_valid_draft_2020_12() -> None:
    schema = load_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_carries_the_version_the_outputs_carry(document: reportminer.Document) -> None:
    assert load_schema()["x-schema-version"] == SCHEMA_VERSION
    assert document.to_dict()["schema_version"] == SCHEMA_VERSION


def test_document_error_and_spans_records_validate(document: reportminer.Document) -> None:
    validate(document.to_dict(), kind="document")
    validate(document.to_spans_record(), kind="spans_record")
    record = ErrorRecord("x.txt", "x.txt", "cannot read input", "empty file", hint="nothing")
    validate(record.to_dict(), kind="error")
    validate(json.loads(document.to_json()))  # any kind, through JSON text


def test_items_of_every_label_validate() -> None:
    doc = reportminer.extract_text("一、基本情况\n共投入资金13万余元。")
    report = doc.reports[0]
    assert report.body is not None
    report.body.items.extend(
        [
            Figure(0, 2, text="一、", value=[30000, 50000], unit="元", kind="money"),
            Honor(0, 2, text="一、", status="received", level="city", year=2024),
        ]
    )
    validate(doc.to_dict())
    validate(doc.to_spans_record())


def _broken(record: dict, path: tuple, value: object) -> dict:
    broken = copy.deepcopy(record)
    target = broken
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return broken


def test_violations_are_named(document: reportminer.Document) -> None:
    data = document.to_dict()
    assert errors(data) == []
    bad_genre = _broken(data, ("reports", 0, "genre"), "essay")
    assert errors(bad_genre) and errors(bad_genre)[0].startswith("reports/0/genre")
    with pytest.raises(jsonschema.ValidationError):
        validate(_broken(data, ("source", "sha256"), "not-a-hash"))
    with pytest.raises(jsonschema.ValidationError):
        validate(_broken(data, ("status",), "maybe"))
    with pytest.raises(jsonschema.ValidationError):
        validate(_broken(data, ("text_length",), -1))


def test_spans_record_is_exactly_the_contract(document: reportminer.Document) -> None:
    record = document.to_spans_record()
    assert record["spans"], "the sample has at least its REPORT span"
    with pytest.raises(jsonschema.ValidationError):  # no attributes beyond ANNOTATION.md
        validate(_broken(record, ("spans", 0, "section_path"), []))
    with pytest.raises(jsonschema.ValidationError):
        validate(_broken(record, ("spans", 0, "label"), "PERSON"))
    with pytest.raises(jsonschema.ValidationError):
        validate(_broken(record, ("spans", 0, "start"), -3))
    missing = copy.deepcopy(record)
    del missing["spans"][0]["genre"]
    with pytest.raises(jsonschema.ValidationError):
        validate(missing)


def test_figure_value_shapes() -> None:
    span = {
        "start": 0,
        "end": 3,
        "label": "FIGURE",
        "unit": "元",
        "kind": "money",
        "approx": None,
        "masked": False,
    }
    record = {"id": "x", "text": "abc", "spans": [span]}
    for value in (None, 3, 2.5, [1, 2]):
        validate({**record, "spans": [{**span, "value": value}]})
    for value in ("3", [1], [1, 2, 3], {"low": 1}):
        with pytest.raises(jsonschema.ValidationError):
            validate({**record, "spans": [{**span, "value": value}]})


def test_error_record_requires_a_cause() -> None:
    record = ErrorRecord("x", "x", "cannot read input", "binary content").to_dict()
    validate(record)
    with pytest.raises(jsonschema.ValidationError):
        validate({**record, "cause": ""})
    with pytest.raises(ValueError):
        validate(record, kind="nonsense")


def test_schema_command_prints_the_shipped_file() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert result.output == schema_text()
    assert json.loads(result.output)["title"] == "reportminer extract output"
    help_text = CliRunner().invoke(cli, ["schema", "--help"]).output
    assert "Example" in help_text
