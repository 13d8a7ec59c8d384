"""Decoding plain text: encodings detected, text kept exactly, failures as error records."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from reportminer.errors import DecodeError, InputError
from reportminer.load import iter_inputs, load_path
from reportminer.readers.text import detect_and_decode
from reportminer.types import ErrorRecord

REPORT = "一、基本情况\r\n全镇共投入资金13万余元，建成文明村5个。\r\n"


@pytest.mark.parametrize(
    ("data", "family"),
    [
        (REPORT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + REPORT.encode("utf-8"), "utf-8-sig"),
        (REPORT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be"), "utf-16"),
        (REPORT.encode("gbk"), "gb18030"),
        (REPORT.encode("gb18030"), "gb18030"),
        ("一、基本情況\r\n全鎮共投入資金13萬餘元，建成文明村5個。".encode("big5"), "big5"),
    ],
)
def test_encodings_are_detected_and_text_kept_exactly(data: bytes, family: str) -> None:
    text, encoding = detect_and_decode(data)
    assert encoding.startswith(family)
    assert "\r\n" in text and not text.startswith("\ufeff")
    assert text.startswith("一、基本")


def test_forced_encoding_wins_and_bad_bytes_raise() -> None:
    assert detect_and_decode("文明".encode("gbk"), "gbk") == ("文明", "gbk")
    with pytest.raises(DecodeError, match="not valid utf-8"):
        detect_and_decode("文明".encode("gbk"), "utf-8")
    with pytest.raises(InputError, match="unknown encoding"):
        detect_and_decode(b"abc", "no-such-codec")


def test_binary_and_undecodable_bytes_are_errors() -> None:
    with pytest.raises(InputError, match="NUL byte"):
        detect_and_decode(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(DecodeError):
        detect_and_decode(b"abc\x80def\x80")


def test_load_path_turns_failures_into_error_records(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_bytes(REPORT.encode("gbk"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    results = list(iter_inputs([tmp_path]))
    by_id = {r.id: r for r in results}
    assert set(by_id) == {"good.txt", "empty.txt", "old.doc"}
    assert isinstance(by_id["empty.txt"], ErrorRecord) and "empty" in by_id["empty.txt"].cause
    assert isinstance(by_id["old.doc"], ErrorRecord) and ".docx" in (by_id["old.doc"].hint or "")
    good = by_id["good.txt"]
    assert not isinstance(good, ErrorRecord)
    assert good.text == REPORT and good.source.encoding == "gb18030"
    assert good.source.sha256 and good.source.size == len(REPORT.encode("gbk"))


def test_missing_file_and_size_limit(tmp_path: Path) -> None:
    missing = list(iter_inputs([tmp_path / "nope.txt"]))
    assert isinstance(missing[0], ErrorRecord) and "no such file" in missing[0].cause
    big = tmp_path / "big.txt"
    big.write_bytes(REPORT.encode("utf-8") * 10)
    record = next(load_path(big, max_bytes=50))
    assert isinstance(record, ErrorRecord) and "over the limit" in record.cause
