"""Worker processes: same output as one process, bounded in-flight work, hung/dead workers."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from cli_extract_samples import write_reports
from click.testing import CliRunner

import reportminer.api
from reportminer import scale
from reportminer.cli import cli
from reportminer.scale import ProcessPool, RunOptions, Task, build_tasks, run_local, run_serial


def _tree(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != "manifest.jsonl"
    }


def test_two_jobs_write_byte_identical_output(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    write_reports(inputs, 12)
    (inputs / "empty.txt").write_bytes(b"")
    runner = CliRunner()
    for jobs in ("1", "2"):
        folder = runner.invoke(
            cli, ["extract", str(inputs), "-o", str(tmp_path / jobs), "-j", jobs]
        )
        assert folder.exit_code == 1  # the empty file
        spans = runner.invoke(
            cli,
            [
                "extract",
                str(inputs),
                "--format",
                "spans",
                "-o",
                str(tmp_path / f"{jobs}.jsonl"),
                "-j",
                jobs,
            ],
        )
        assert spans.exit_code == 1
    assert _tree(tmp_path / "1") == _tree(tmp_path / "2")
    assert (tmp_path / "1.jsonl").read_bytes() == (tmp_path / "2.jsonl").read_bytes()
    manifests = [
        [
            line.split('"seconds"')[0]
            for line in (tmp_path / j / "manifest.jsonl").read_text().splitlines()
        ]
        for j in ("1", "2")
    ]
    assert manifests[0] == manifests[1]


def test_pool_streams_with_bounded_work_in_flight(tmp_path: Path) -> None:
    write_reports(tmp_path, 30, nested=False)
    handed_out = []

    def tasks():
        for task in build_tasks([tmp_path]):
            handed_out.append(task.index)
            yield task

    outcomes = ProcessPool(2, RunOptions(fmt="jsonl")).run(tasks(), window=4)
    first = next(outcomes)
    assert first.index == 0
    assert len(handed_out) <= 4 + 1  # not the whole corpus
    rest = list(outcomes)
    assert [o.index for o in rest] == list(range(1, 30))


def _misbehave(loaded):  # replaces extract_or_error in forked workers
    if "crash" in loaded.id:
        os._exit(3)
    if "hang" in loaded.id:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # stuck beyond the alarm
        time.sleep(60)
    return _original(loaded)


_original = reportminer.api.extract_or_error


def test_dead_and_hung_workers_cost_only_their_file(tmp_path: Path, monkeypatch) -> None:
    for name in ("a.txt", "crash.txt", "b.txt", "hang.txt", "c.txt", "d.txt"):
        (tmp_path / name).write_text("一、基本情况\n共投入资金13万余元。\n", encoding="utf-8")
    monkeypatch.setattr(reportminer.api, "extract_or_error", _misbehave)
    monkeypatch.setattr(scale, "KILL_GRACE_SECONDS", 0.5)
    started = time.monotonic()
    outcomes = list(
        ProcessPool(2, RunOptions(fmt="jsonl", timeout=1.0)).run(build_tasks([tmp_path]))
    )
    assert time.monotonic() - started < 20
    by_id = {o.display_id: o for o in outcomes}
    assert [o.display_id for o in outcomes] == sorted(by_id)
    assert "died" in by_id["crash.txt"].error and "exit code 3" in by_id["crash.txt"].error
    assert "timed out" in by_id["hang.txt"].error and "hang.txt" in by_id["hang.txt"].messages[0]
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        assert by_id[name].status == "ok", by_id[name].error


def test_alarm_interrupts_a_slow_document(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "slow.txt").write_text("一、基本情况\n", encoding="utf-8")
    (tmp_path / "fast.txt").write_text("一、基本情况\n", encoding="utf-8")

    def slow(loaded):
        if "slow" in loaded.id:
            time.sleep(30)
        return _original(loaded)

    options = RunOptions(fmt="jsonl", timeout=0.3)
    scale.warm_up(options)  # imports and models load before the clock starts
    monkeypatch.setattr(reportminer.api, "extract_or_error", slow)
    started = time.monotonic()
    outcomes = list(run_local(build_tasks([tmp_path]), options, jobs=1))
    assert time.monotonic() - started < 5
    assert [o.status for o in outcomes] == ["ok", "error"]
    assert "longer than 0.3 s" in outcomes[1].error
    assert '"status":"error"' in outcomes[1].lines[0]


def test_tasks_from_urls_and_folders(tmp_path: Path) -> None:
    write_reports(tmp_path / "in", 3, nested=False)
    url = "file://" + str(tmp_path / "in" / "report_001.txt")
    tasks = build_tasks([tmp_path / "in", url])
    assert [t.display_id for t in tasks] == [
        "report_000.txt",
        "report_001.txt",
        "report_002.txt",
        "report_001.txt",
    ]
    outcomes = list(run_serial(tasks, RunOptions(fmt="spans")))
    assert outcomes[3].status == "ok"  # read through fsspec, same result as the local path
    assert outcomes[3].lines[0].replace(url, "P") == outcomes[1].lines[0].replace(
        str(tmp_path / "in" / "report_001.txt"), "P"
    )


def test_unreadable_url_is_an_error_record() -> None:
    outcome = scale.process_task(Task(0, "file:///no/such/file.txt", "file.txt"), RunOptions())
    assert outcome.status == "error" and "file.txt" in outcome.error


def test_timeout_in_a_corpus_file_costs_one_record(tmp_path: Path, monkeypatch) -> None:
    import json

    corpus = tmp_path / "many.jsonl"
    records = [{"id": name, "text": "一、基本情况\n"} for name in ("a", "slow", "c")]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    options = RunOptions(fmt="jsonl", timeout=0.3)
    scale.warm_up(options)

    def slow(loaded):
        if loaded.id.endswith("slow"):
            time.sleep(30)
        return _original(loaded)

    monkeypatch.setattr(reportminer.api, "extract_or_error", slow)
    (outcome,) = run_serial(build_tasks([corpus]), options)
    statuses = [json.loads(line)["status"] for line in outcome.lines]
    assert statuses == ["ok", "error", "ok"]
    assert outcome.error == "1 of 3 records failed"
    assert outcome.sha256 is not None


def test_error_outcome_of_a_corpus_file_stays_one_line_per_record() -> None:
    from reportminer.scale import error_outcome
    from reportminer.types import ErrorRecord

    record = ErrorRecord("a.jsonl", "in/a.jsonl", "extraction failed", "the worker process died")
    corpus = error_outcome(Task(0, "in/a.jsonl", "a.jsonl"), record, "json")
    assert corpus.lines[0].count("\n") == 1  # a JSONL output line
    single = error_outcome(Task(0, "in/a.txt", "a.txt"), record, "json")
    assert single.lines[0].count("\n") > 1  # a pretty .error.json


def test_time_limit_in_a_thread_interrupts_python_work() -> None:
    """Outside the main thread (Dask's workers) the limit raises in the thread itself."""
    import threading

    from reportminer.scale import ExtractionTimeout, time_limit

    seen: list[str] = []

    def busy() -> None:
        try:
            with time_limit(0.2):
                deadline = time.monotonic() + 20
                while time.monotonic() < deadline:
                    pass
            seen.append("finished")
        except ExtractionTimeout:
            seen.append("timed out")

    def quick() -> None:
        with time_limit(0.2):
            sum(range(1000))
        time.sleep(0.5)  # past the deadline: nothing may fire once the block is done
        seen.append("quick done")

    for target in (busy, quick):
        thread = threading.Thread(target=target)
        began = time.monotonic()
        thread.start()
        thread.join(10)
        assert time.monotonic() - began < 5
    assert seen == ["timed out", "quick done"]
