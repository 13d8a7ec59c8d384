"""`reportminer extract`: outputs mirrored under OUT, formats, exit codes, manifest, resume."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_extract_samples import report_text, write_reports
from click.testing import CliRunner, Result

from reportminer import __version__
from reportminer.cli import cli
from reportminer.schema import validate

BINARY = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["extract", *map(str, args)], catch_exceptions=False)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    write_reports(root, 5)
    return root


def manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text("utf-8").splitlines()]


def test_folder_to_mirrored_json(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(corpus, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    expected = sorted(p.relative_to(corpus).as_posix() + ".json" for p in corpus.rglob("*.txt"))
    assert written == expected
    for path in out.rglob("*.json"):
        data = json.loads(path.read_text("utf-8"))
        validate(data, kind="document")
        assert data["id"] == path.relative_to(out).as_posix().removesuffix(".json")
        assert data["reports"]
    assert "\r" not in result.stderr  # no progress bar when stderr is not a terminal
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith("reportminer: 5 files (5 ok, 0 errors)")
    assert "reports" in summary and "items:" in summary and summary.endswith(" s")


def test_manifest_lists_every_input(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (corpus / "empty.txt").write_bytes(b"")
    result = run(corpus, "-o", out, "-j", "1")
    assert result.exit_code == 1
    entries = manifest(out)
    inputs = sorted(str(p) for p in corpus.rglob("*.txt"))
    assert sorted(e["path"] for e in entries) == inputs
    by_status = {e["id"]: e["status"] for e in entries}
    assert by_status.pop("empty.txt") == "error"
    assert set(by_status.values()) == {"ok"}
    ok = next(e for e in entries if e["status"] == "ok")
    assert len(ok["sha256"]) == 64 and ok["reports"] >= 1 and ok["seconds"] >= 0
    assert ok["reportminer_version"] == __version__
    assert (out / ok["output"]).is_file()


def test_single_file_and_spans_ids(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text(report_text(1), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    result = run(path, "--format", "spans", "-o", pred)
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in pred.read_text("utf-8").splitlines()]
    assert record["id"] == "one.txt" and record["text"] == report_text(1)
    validate(record, kind="spans_record")
    assert record["spans"][0]["label"] == "REPORT"


def test_spans_ids_are_relative_to_the_folder(corpus: Path, tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    assert run(corpus, "--format", "spans", "-o", pred, "-j", "1").exit_code == 0
    ids = [json.loads(line)["id"] for line in pred.read_text("utf-8").splitlines()]
    assert ids == sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*.txt"))


def test_jsonl_to_stdout_includes_error_records(corpus: Path) -> None:
    (corpus / "zz.bin.txt").write_bytes(BINARY)
    result = run(corpus, "--format", "jsonl", "-o", "-", "-j", "1")
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 6
    for record in records:
        validate(record)
    (error,) = [r for r in records if r["status"] == "error"]
    assert error["id"] == "zz.bin.txt"
    assert "NUL" in error["cause"] or "binary" in error["cause"]
    assert "zz.bin.txt" in result.stderr  # each error named on stderr too


def test_error_record_file_and_exit_1(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (corpus / "bad.txt").write_bytes("工作总结".encode() + b"\xff\xff")
    result = run(corpus, "-o", out, "-j", "1")
    assert result.exit_code == 1
    error = json.loads((out / "bad.txt.error.json").read_text("utf-8"))
    validate(error, kind="error")
    assert error["path"].endswith("bad.txt") and error["cause"]
    assert not (out / "bad.txt.json").exists()
    assert "1 errors" in result.stderr


def test_glob_filters(corpus: Path, tmp_path: Path) -> None:
    (corpus / "notes.md").write_text(report_text(9), encoding="utf-8")
    out = tmp_path / "out"
    assert run(corpus, "-o", out, "--glob", "*.md").exit_code == 0
    assert [p.name for p in out.rglob("*.json")] == ["notes.md.json"]


def test_corpus_jsonl_input_gives_one_jsonl(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": f"r{n}", "text": report_text(n)}, ensure_ascii=False) for n in range(3)
    ]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run(corpus, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    records = [
        json.loads(line) for line in (out / "corpus.jsonl.jsonl").read_text("utf-8").splitlines()
    ]
    assert len(records) == 3
    for record in records:
        validate(record, kind="document")
    assert manifest(out)[0]["documents"] == 3


def test_same_name_from_two_roots_does_not_clash(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(report_text(2), encoding="utf-8")
    out = tmp_path / "out"
    assert run(tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt", "-o", out).exit_code == 0
    assert sorted(p.name for p in out.glob("*.json")) == ["x.txt.json", "x.txt~2.json"]


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "yaml"],
        ["-j", "0"],
        ["--max-bytes", "lots"],
        ["--timeout", "-1"],
        ["--format", "spans", "-o", "{tmp}"],
        ["--resume", "--format", "spans", "-o", "{tmp}/p.jsonl"],
        ["--resume"],
        ["--no-such-option"],
    ],
)
def test_usage_errors_exit_2(args: list[str], corpus: Path, tmp_path: Path) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert run(corpus, *args).exit_code == 2


def test_missing_input_is_usage_error(tmp_path: Path) -> None:
    result = run(tmp_path / "nope", "-o", tmp_path / "out")
    assert result.exit_code == 2 and "no such file" in result.output


def test_json_output_onto_a_file_is_usage_error(corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "file.json"
    target.write_text("{}", encoding="utf-8")
    assert run(corpus, "-o", target).exit_code == 2


def test_help_is_complete() -> None:
    text = CliRunner().invoke(cli, ["extract", "--help"]).output
    for option in (
        "--format",
        "--glob",
        "--encoding",
        "--text-field",
        "--id-field",
        "--models",
        "--jobs",
        "--engine",
        "--scheduler",
        "--resume",
        "--max-bytes",
        "--timeout",
        "--tables",
        "Examples:",
        "Exit status",
        "manifest.jsonl",
    ):
        assert option in text, option
    assert "reportminer extract" in CliRunner().invoke(cli, ["--help"]).output


def test_resume_skips_up_to_date_and_redoes_changed(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(corpus, "-o", out, "-j", "1").exit_code == 0
    first = {e["path"]: e for e in manifest(out)}
    changed = sorted(corpus.rglob("*.txt"))[0]
    changed.write_text(report_text(40), encoding="utf-8")
    result = run(corpus, "-o", out, "-j", "1", "--resume")
    assert result.exit_code == 0, result.output
    assert "4 skipped" in result.stderr
    second = {e["path"]: e for e in manifest(out)}
    assert second.keys() == first.keys()
    assert second[str(changed)]["status"] == "ok"
    assert second[str(changed)]["sha256"] != first[str(changed)]["sha256"]
    assert sum(e["status"] == "skipped" for e in second.values()) == 4
    again = run(corpus, "-o", out, "-j", "1", "--resume")
    assert "5 skipped" in again.stderr


def test_resume_retries_errors_and_removes_stale_error_file(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    broken = corpus / "late.txt"
    broken.write_bytes(b"")
    assert run(corpus, "-o", out, "-j", "1").exit_code == 1
    assert (out / "late.txt.error.json").exists()
    broken.write_text(report_text(3), encoding="utf-8")
    assert run(corpus, "-o", out, "-j", "1", "--resume").exit_code == 0
    assert (out / "late.txt.json").exists() and not (out / "late.txt.error.json").exists()
    assert {e["status"] for e in manifest(out)} == {"ok", "skipped"}


def test_models_option_loads_from_the_folder(corpus: Path, tmp_path: Path) -> None:
    from reportminer.classifiers.store import shipped_models_dir

    models = tmp_path / "models"
    if shipped_models_dir().is_dir():
        shutil.copytree(shipped_models_dir(), models)
    else:
        models.mkdir()
    default = run(corpus, "--format", "jsonl", "-j", "1")
    copied = run(corpus, "--format", "jsonl", "--models", models, "-j", "2")
    assert copied.exit_code == default.exit_code == 0, copied.output
    assert copied.stdout == default.stdout  # same models from another folder: same output
    assert run(corpus, "-o", tmp_path / "o2", "--models", tmp_path / "none").exit_code == 2


def test_tables_are_written_from_the_results(corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    tables = tmp_path / "tables"
    result = run(corpus, "-o", tmp_path / "out", "--tables", tables, "-j", "1")
    assert result.exit_code == 1
    written = {p.name for p in tables.iterdir()}
    assert "reportminer.xlsx" in written and any(name.endswith(".csv") for name in written)
    csv_text = "".join(p.read_text("utf-8-sig") for p in tables.glob("*.csv"))
    assert "empty.txt" in csv_text  # the error record has its row too
    assert "report_000.txt" in csv_text
    assert (
        run(corpus, "--format", "spans", "-o", tmp_path / "p.jsonl", "--tables", tables).exit_code
        == 2
    )


def test_json_to_stdout(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text(report_text(4), encoding="utf-8")
    result = run(path)  # -o defaults to stdout
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    validate(document, kind="document")
    assert document["id"] == "one.txt"
