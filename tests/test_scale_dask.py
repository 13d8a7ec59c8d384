"""Dask: the same results on a LocalCluster, from the Python entry point and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_extract_samples import write_reports
from click.testing import CliRunner

import reportminer
from reportminer.cli import cli
from reportminer.scale import RunOptions, build_tasks, extract_with_dask, run_dask, run_serial

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    )
    with distributed.Client(cluster) as dask_client:
        yield dask_client
    cluster.close()


@pytest.mark.slow
def test_extract_with_dask_matches_local(tmp_path: Path, client) -> None:
    write_reports(tmp_path, 6)
    (tmp_path / "empty.txt").write_bytes(b"")
    local = [r.to_dict() for r in reportminer.extract_folder(tmp_path)]
    remote = [r.to_dict() for r in extract_with_dask([tmp_path], client)]
    assert remote == local
    assert [r["status"] for r in remote].count("error") == 1


@pytest.mark.slow
def test_run_dask_outcomes_match_serial(tmp_path: Path, client) -> None:
    write_reports(tmp_path, 8)
    options = RunOptions(fmt="spans")
    tasks = build_tasks([tmp_path])
    serial = [(o.index, o.lines) for o in run_serial(tasks, options)]
    remote = [(o.index, o.lines) for o in run_dask(tasks, options, client, window=3)]
    assert remote == serial


@pytest.mark.slow
def test_dask_reads_fsspec_urls(tmp_path: Path, client) -> None:
    (path,) = write_reports(tmp_path, 1, nested=False)
    (result,) = extract_with_dask(["file://" + str(path)], client)
    assert isinstance(result, reportminer.Document)
    assert result.source.path == "file://" + str(path)
    assert result.spans() == reportminer.extract_file(path).spans()


@pytest.mark.slow
def test_cli_on_an_existing_scheduler(tmp_path: Path, client) -> None:
    inputs = tmp_path / "in"
    write_reports(inputs, 5)
    runner = CliRunner()
    local = runner.invoke(cli, ["extract", str(inputs), "-o", str(tmp_path / "local"), "-j", "1"])
    remote = runner.invoke(
        cli,
        [
            "extract",
            str(inputs),
            "-o",
            str(tmp_path / "dask"),
            "--scheduler",
            client.scheduler.address,
        ],
    )
    assert local.exit_code == remote.exit_code == 0, remote.output
    files = sorted(p.relative_to(tmp_path / "local") for p in (tmp_path / "local").rglob("*.json"))
    assert files == sorted(
        p.relative_to(tmp_path / "dask") for p in (tmp_path / "dask").rglob("*.json")
    )
    for name in files:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()


@pytest.mark.slow
def test_timeout_stops_a_file_in_a_dask_worker_thread(tmp_path: Path, client, monkeypatch) -> None:
    """Dask runs tasks in threads, where no SIGALRM reaches: the timeout still holds."""
    import time

    import reportminer.api
    from reportminer import scale

    (tmp_path / "slow.txt").write_text("一、基本情况\n", encoding="utf-8")
    (tmp_path / "fast.txt").write_text("一、基本情况\n", encoding="utf-8")
    original = reportminer.api.extract_or_error

    def slow(loaded):
        if "slow" in loaded.id:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:  # Python work, as a runaway pipeline does
                pass
        return original(loaded)

    options = RunOptions(fmt="jsonl", timeout=0.5)
    scale.warm_up(options)
    monkeypatch.setattr(reportminer.api, "extract_or_error", slow)
    started = time.monotonic()
    outcomes = list(run_dask(build_tasks([tmp_path]), options, client))
    assert time.monotonic() - started < 10
    assert [o.status for o in outcomes] == ["ok", "error"]
    assert "longer than 0.5 s" in outcomes[1].error
