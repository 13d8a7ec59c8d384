"""Bad inputs give an error record naming file and cause, and the batch goes on."""

from __future__ import annotations

import io
import json
import os
import time
import zipfile
from pathlib import Path

import pytest
from cli_extract_samples import report_text
from click.testing import CliRunner

import reportminer.api
from reportminer import scale
from reportminer.cli import cli
from reportminer.schema import validate


def _extract(*args: str | Path) -> tuple[int, dict[str, dict], str]:
    """Run extract with --format jsonl to stdout; records by id, and stderr."""
    result = CliRunner().invoke(
        cli,
        ["extract", *map(str, args), "--format", "jsonl", "-o", "-", "-j", "1"],
        catch_exceptions=False,
    )
    records = {}
    for line in result.stdout.splitlines():
        record = json.loads(line)
        validate(record)
        records[record["id"]] = record
    return result.exit_code, records, result.stderr


def _docx_bomb() -> bytes:
    """A zip that calls itself a .docx with a member inflating ~1000x (zeros)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (40 * 1024 * 1024))
    return buffer.getvalue()


BAD_INPUTS: dict[str, tuple[bytes, str]] = {
    # name: (content, words the cause must contain)
    "empty.txt": (b"", "empty"),
    "blank.txt": (b" \r\n\t\n", "empty"),
    "image.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16, "binary"),
    "nul.txt": ("工作总结".encode() + b"\x00" + "一、基本情况".encode(), "NUL"),
    "latin.txt": ("工作总结".encode() + b"\xff\xfe\xff\xff" * 3, "not UTF-8"),
    "big.txt": (report_text(1).encode() * 200, "over the limit"),
    "legacy.doc": (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "unsupported format .doc"),
    "fake.docx": (b"PK not really a zip", "not a .docx"),
    "bomb.docx": (_docx_bomb(), "zip bomb"),
}


@pytest.fixture()
def bad_folder(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    for name, (content, _) in BAD_INPUTS.items():
        (root / name).write_bytes(content)
    (root / "good.txt").write_text(report_text(2), encoding="utf-8")
    os.symlink("loop.txt", root / "loop.txt")  # a link to itself
    os.symlink(root / "missing-target.txt", root / "dangling.txt")
    (root / "sub").mkdir()
    os.symlink(root, root / "sub" / "back")  # a folder loop: walked once
    os.mkfifo(root / "pipe.txt")  # reading it would block forever
    return root


def test_each_bad_input_is_an_error_record(bad_folder: Path) -> None:
    code, records, stderr = _extract(bad_folder, "--max-bytes", "64K")
    assert code == 1
    assert records.pop("good.txt")["status"] == "ok"
    expected = {
        **{name: words for name, (_, words) in BAD_INPUTS.items()},
        "loop.txt": "symbolic links",
        "dangling.txt": "No such file",
        "pipe.txt": "not a regular file (a named pipe)",
    }
    assert sorted(records) == sorted(expected)  # the folder loop added nothing
    for name, words in expected.items():
        record = records[name]
        assert record["status"] == "error", name
        assert record["path"].endswith(name)
        assert words in record["cause"], (name, record["cause"])
        assert name in stderr


def test_unreadable_file(tmp_path: Path, monkeypatch) -> None:
    # Tests run as root, so chmod 000 does not stop reading: simulate the OS refusing.
    (tmp_path / "secret.txt").write_text(report_text(3), encoding="utf-8")
    (tmp_path / "open.txt").write_text(report_text(4), encoding="utf-8")
    real_read = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    code, records, _ = _extract(tmp_path)
    assert code == 1
    assert records["secret.txt"]["cause"] == "Permission denied"
    assert records["open.txt"]["status"] == "ok"


def test_folder_named_like_a_file_is_walked(tmp_path: Path) -> None:
    folder = tmp_path / "looks-like.txt"
    folder.mkdir()
    (folder / "inner.txt").write_text(report_text(5), encoding="utf-8")
    code, records, _ = _extract(folder)
    assert code == 0 and list(records) == ["inner.txt"]


def test_timeout_gives_an_error_record_and_the_batch_goes_on(tmp_path: Path, monkeypatch) -> None:
    for name in ("a.txt", "stuck.txt", "z.txt"):
        (tmp_path / name).write_text(report_text(6), encoding="utf-8")
    scale.warm_up(scale.RunOptions())
    original = reportminer.api.extract_or_error

    def stuck(loaded):
        if loaded.id == "stuck.txt":
            time.sleep(30)
        return original(loaded)

    monkeypatch.setattr(reportminer.api, "extract_or_error", stuck)
    started = time.monotonic()
    code, records, _ = _extract(tmp_path, "--timeout", "0.5")
    assert time.monotonic() - started < 15
    assert code == 1
    assert records["stuck.txt"]["error"] == "timed out"
    assert "0.5 s" in records["stuck.txt"]["cause"]
    assert records["a.txt"]["status"] == records["z.txt"]["status"] == "ok"


def test_unknown_encoding_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(report_text(7), encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path), "--encoding", "klingon"])
    assert result.exit_code == 2 and "klingon" in result.output


def test_forced_encoding_that_does_not_fit_is_an_error_record(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(report_text(7), encoding="utf-8")
    code, records, _ = _extract(tmp_path, "--encoding", "ascii")
    assert code == 1 and "not valid ascii" in records["a.txt"]["cause"]


@pytest.mark.slow
def test_huge_single_line_file(tmp_path: Path) -> None:
    line = report_text(8).replace("\n", "，") * 1000  # ~200k characters, no newline
    (tmp_path / "oneline.txt").write_text(line, encoding="utf-8")
    code, records, _ = _extract(tmp_path, "--timeout", "120")
    assert code == 0, records["oneline.txt"]
    for report in records["oneline.txt"]["reports"]:
        assert 0 <= report["start"] <= report["end"] <= len(line)
