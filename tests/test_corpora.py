"""The project's own corpora: annotation files are valid and the samples decode to their gold text.

The gold of ``corpora/annotated/samples.jsonl`` is only worth something if its ``text`` is
exactly what the reader produces from the sample file (offsets would drift otherwise), and if
the samples still cover what ``corpora/README.md`` says they cover.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

import pytest

from reportminer.readers.text import detect_and_decode

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
SAMPLES = CORPORA / "samples"
SAMPLES_GOLD = CORPORA / "annotated" / "samples.jsonl"


def _load_checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "check_annotations", CORPORA / "check_annotations.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


checker = _load_checker()


def _records(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _files_with_text() -> list[Path]:
    return [
        path
        for path in sorted((CORPORA / "annotated").glob("*.jsonl"))
        if any("text" in record for record in _records(path))
    ]


SAMPLE_RECORDS = _records(SAMPLES_GOLD)


def test_samples_gold_is_among_the_checked_files() -> None:
    assert SAMPLES_GOLD in _files_with_text()


@pytest.mark.parametrize("path", _files_with_text(), ids=lambda p: p.name)
def test_annotation_file_is_valid(path: Path) -> None:
    complete = path == SAMPLES_GOLD
    checked, errors = checker.check_file(path, complete=complete)
    assert checked > 0
    assert errors == []


@pytest.mark.parametrize("record", SAMPLE_RECORDS, ids=lambda r: r["id"])
def test_sample_decodes_to_its_annotated_text(record: dict) -> None:
    assert record["source"] == f"samples/{record['id']}"
    text, _ = detect_and_decode((SAMPLES / record["id"]).read_bytes())
    assert text == record["text"]


def test_every_sample_text_file_is_annotated() -> None:
    on_disk = {path.relative_to(SAMPLES).as_posix() for path in SAMPLES.rglob("*.txt")}
    assert on_disk == {record["id"] for record in SAMPLE_RECORDS}


@pytest.mark.parametrize(
    ("folder", "family"),
    [
        ("gbk", r"gb18030|gbk|gb2312"),
        ("utf16", r"utf-16(-le|-be)?"),
        ("big5", r"big5(hkscs)?|cp950"),
    ],
)
def test_legacy_encodings_are_detected(folder: str, family: str) -> None:
    files = sorted((SAMPLES / folder).glob("*.txt"))
    assert files
    for path in files:
        _, encoding = detect_and_decode(path.read_bytes())
        assert re.fullmatch(family, encoding.lower().replace("_", "-")), (path.name, encoding)


def test_utf8_samples_with_and_without_bom_are_detected() -> None:
    bom_files = 0
    for record in SAMPLE_RECORDS:
        if record["id"].split("/")[0] in ("gbk", "utf16", "big5"):
            continue
        data = (SAMPLES / record["id"]).read_bytes()
        _, encoding = detect_and_decode(data)
        expected = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        bom_files += expected == "utf-8-sig"
        assert encoding.lower() == expected, record["id"]
    assert bom_files >= 1


def test_samples_cover_every_label_marker_family_and_line_ending() -> None:
    labels = {span["label"] for record in SAMPLE_RECORDS for span in record["spans"]}
    assert labels == set(checker.ATTRIBUTES)
    headings = [
        record["text"][span["start"] : span["end"]]
        for record in SAMPLE_RECORDS
        for span in record["spans"]
        if span["label"] == "HEADING"
    ]
    families = {
        "一、": r"[一二三四五六七八九十]+、",
        "(一)": r"\([一二三四五六七八九十]+\)",
        "（一）": r"（[一二三四五六七八九十]+）",
        "1、": r"\d+、",
        "1.": r"\d+\.",
        "1．": r"\d+．",
        "(1)": r"\(\d+\)",
        "（1）": r"（\d+）",
        "①": r"[①-⑳]",
        "第一，": r"第[一二三四五六七八九十]+，",
        "第一、": r"第[一二三四五六七八九十]+、",
        "第一项议程：": r"第[一二三四五六七八九十]+项议程：",
        "第一阶段：": r"第[一二三四五六七八九十]+阶段：",
        "??": r"\?\?",
        "●": "●",
        "■": "■",
        "◆": "◆",
        "□": "□",
    }
    missing = [
        name
        for name, pattern in families.items()
        if not any(re.match(pattern, h) for h in headings)
    ]
    assert missing == []
    assert any("\r\n" in record["text"] for record in SAMPLE_RECORDS)
    assert any("\r\n" not in record["text"] for record in SAMPLE_RECORDS)
    assert (
        max(sum(s["label"] == "REPORT" for s in record["spans"]) for record in SAMPLE_RECORDS) >= 4
    )


def _first(record: dict, label: str, predicate=lambda span: True) -> dict:
    return next(span for span in record["spans"] if span["label"] == label and predicate(span))


def test_checker_reports_typical_annotation_mistakes() -> None:
    record = copy.deepcopy(next(r for r in SAMPLE_RECORDS if r["id"] == "multi/bundle.txt"))
    assert checker.check_record(record, complete=True) == []

    shifted = copy.deepcopy(record)
    _first(shifted, "HEADING")["start"] += 1
    assert any("section marker" in e for e in checker.check_record(shifted, complete=True))

    unscaled = copy.deepcopy(record)
    figure = _first(unscaled, "FIGURE", lambda s: "万" in record["text"][s["start"] : s["end"]])
    figure["value"] = figure["value"] / 10_000 + 1
    assert any("does not match" in e for e in checker.check_record(unscaled, complete=True))

    overlapping = copy.deepcopy(record)
    heading = _first(overlapping, "HEADING")
    overlapping["spans"].append(
        {**heading, "start": heading["start"] + 1, "end": heading["end"] + 1}
    )
    assert any("overlaps" in e for e in checker.check_record(overlapping))

    wrong_marker = copy.deepcopy(record)
    _first(wrong_marker, "MEASURE")["ordinal"] = 5
    assert any("says 1" in e for e in checker.check_record(wrong_marker))

    bad_value = copy.deepcopy(record)
    _first(bad_value, "HONOR")["status"] = "won"
    del _first(bad_value, "FIGURE")["kind"]
    errors = checker.check_record(bad_value, complete=True)
    assert any("status='won'" in e for e in errors)
    assert any("missing attribute 'kind'" in e for e in errors)

    out_of_range = copy.deepcopy(record)
    out_of_range["spans"][-1]["end"] = len(record["text"]) + 5
    assert any("outside" in e for e in checker.check_record(out_of_range))
