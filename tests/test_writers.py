"""Output names stay inside OUT; files appear whole or not at all."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reportminer.writers import (
    AtomicFile,
    LinesWriter,
    atomic_open,
    atomic_write_text,
    dumps,
    output_path,
    remove_stale_temp_files,
    safe_relpath,
)

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "cases" / "writers_paths.jsonl")
    .read_text("utf-8")
    .splitlines()
    if line.strip()
]


@pytest.mark.parametrize("case", CASES, ids=[c["why"] for c in CASES])
def test_safe_relpath(case: dict) -> None:
    assert safe_relpath(case["name"]) == case["safe"]


@pytest.mark.parametrize("case", CASES, ids=[c["why"] for c in CASES])
def test_output_path_stays_inside(tmp_path: Path, case: dict) -> None:
    out = tmp_path / "out"
    target = output_path(out, case["name"], ".json")
    assert os.path.commonpath([out, target.resolve()]) == str(out)
    assert target.name.endswith(".json")


def test_long_component_is_shortened_with_hash() -> None:
    first = safe_relpath("报" * 200 + "a.txt")
    second = safe_relpath("报" * 200 + "b.txt")
    assert len(first.encode("utf-8")) <= 200
    assert first != second  # the hash keeps distinct long names distinct


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "x.json"
    atomic_write_text(target, "first\n")
    atomic_write_text(target, "second\n")
    assert target.read_text("utf-8") == "second\n"
    assert [p.name for p in target.parent.iterdir()] == ["x.json"]


def test_atomic_write_failure_keeps_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_open(target) as handle:
        handle.write("half")
        raise RuntimeError("killed")
    assert target.read_text("utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]


def test_atomic_file_mode_follows_umask(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "x.json", "{}\n")
    finally:
        os.umask(previous)
    assert (tmp_path / "x.json").stat().st_mode & 0o777 == 0o644


def test_stale_temp_files_are_removed(tmp_path: Path) -> None:
    left = AtomicFile(tmp_path / "deep" / "x.json")  # a run killed before commit
    left.handle.write("partial")
    left.handle.close()
    assert remove_stale_temp_files(tmp_path) == 1
    assert list((tmp_path / "deep").iterdir()) == []


def test_lines_writer_publishes_on_close_only(tmp_path: Path) -> None:
    target = tmp_path / "pred.jsonl"
    writer = LinesWriter(str(target))
    writer.write(dumps({"id": "a"}))
    assert not target.exists()
    writer.close(ok=True)
    assert target.read_text("utf-8") == '{"id":"a"}\n'

    aborted = LinesWriter(str(tmp_path / "other.jsonl"))
    aborted.write(dumps({"id": "b"}))
    aborted.close(ok=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pred.jsonl"]


def test_dumps_keeps_chinese_and_is_one_line() -> None:
    assert dumps({"text": "一、基本情况\n"}) == '{"text":"一、基本情况\\n"}\n'
    assert dumps({"a": 1}, pretty=True) == '{\n  "a": 1\n}\n'


def test_dumps_writes_what_the_standard_library_writes() -> None:
    """orjson is a speed-up only: the text is json.dumps's, for real results and huge ints."""
    import json

    from reportminer import extract_text

    record = extract_text(
        "一、基本情况\n共投入资金13万余元，增长12.5%，荣获“文明单位”称号。"
    ).to_dict()
    huge = {"value": 10**30, "nested": [1.5, None, True, "一"]}
    for sample in (record, huge):
        assert dumps(sample) == json.dumps(sample, ensure_ascii=False, separators=(",", ":")) + "\n"
        assert dumps(sample, pretty=True) == json.dumps(sample, ensure_ascii=False, indent=2) + "\n"
