"""``reportminer tables/show/stats`` through the command line group."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from outputs_sample import TEXT, make_document, make_error

from reportminer.cli import cli


@pytest.fixture()
def results_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    source = tmp_path / "sample.txt"
    source.write_text(TEXT, encoding="utf-8")
    document = make_document(str(source))
    document.source.path = str(source)
    import hashlib

    document.source.sha256 = hashlib.sha256(source.read_bytes()).hexdigest()
    (folder / "sample.json").write_text(document.to_json(indent=2), encoding="utf-8")
    (folder / "broken.json").write_text(make_error().to_json(), encoding="utf-8")
    return folder


def test_tables_command(results_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["tables", str(results_dir), "-o", str(tmp_path / "t")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "t" / "figures.csv").exists()
    assert (tmp_path / "t" / "reportminer.xlsx").exists()
    rows = (tmp_path / "t" / "errors.csv").read_text("utf-8-sig").splitlines()
    assert len(rows) == 2 and "no text layer" in rows[1]


def test_show_command_on_a_result_reloads_its_source(results_dir: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["show", str(results_dir / "sample.json"), "-o", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text("utf-8")
    assert '<mark class="FIGURE"' in html and "13万余元" in html


def test_show_command_on_an_input_document(tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_text(TEXT, encoding="utf-8")
    page = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["show", str(source), "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert "某镇2024年创建文明城市工作总结" in page.read_text("utf-8")


def test_show_picks_a_record_of_a_corpus_file(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "\n".join(
            json.dumps({"title": t, "content": f"{t}\n全镇投入13万元。"}, ensure_ascii=False)
            for t in ("甲", "乙")
        ),
        encoding="utf-8",
    )
    page = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["show", str(corpus), "--record", "乙", "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert "乙\n全镇" in page.read_text("utf-8")


def test_show_result_whose_source_is_gone(tmp_path: Path) -> None:
    result_file = tmp_path / "r.json"
    document = make_document("/nonexistent/x.txt")
    result_file.write_text(document.to_json(), encoding="utf-8")
    result = CliRunner().invoke(cli, ["show", str(result_file), "-o", str(tmp_path / "p.html")])
    assert result.exit_code != 0 and "not found" in result.output


@pytest.mark.slow
def test_stats_command(results_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["stats", str(results_dir), "-o", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert "documents: 1   errors: 1" in result.output
    assert (tmp_path / "s" / "labels.png").exists()
