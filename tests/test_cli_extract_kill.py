"""A run killed with SIGKILL at any moment, then resumed, accounts for every input once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_extract_samples import report_text

FILES = 40


def _make_inputs(root: Path) -> list[Path]:
    paths = []
    for number in range(FILES):
        folder = root / f"part{number % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"r{number:02d}.txt"
        # Several reports per file so that a file takes a noticeable moment.
        path.write_text("\n".join(report_text(number + k) for k in range(4)), encoding="utf-8")
        paths.append(path)
    return paths


def _extract(inputs: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "reportminer", "extract", str(inputs), "-o", str(out), *extra]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _manifest_lines(out: Path) -> int:
    try:
        return (out / "manifest.jsonl").read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def _kill_after(process: subprocess.Popen[bytes], out: Path, lines: int) -> bool:
    """SIGKILL once the manifest has ``lines`` entries; False if the run ended first."""
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if _manifest_lines(out) >= lines:
            workers = _children(process.pid)
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            _assert_gone(workers)
            return True
        time.sleep(0.005)
    process.wait()
    return False


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _assert_gone(pids: list[int]) -> None:
    """Workers of a killed run end by themselves (no orphans left running)."""
    deadline = time.monotonic() + 10
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = [pid for pid in alive if Path(f"/proc/{pid}").exists() and not _zombie(pid)]
    assert not alive, f"orphaned workers still running: {alive}"


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
    except OSError:
        return False


def _outputs(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != "manifest.jsonl"
    }


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_kill_and_resume_accounts_for_every_input_once(tmp_path: Path, jobs: str) -> None:
    inputs = tmp_path / "in"
    paths = _make_inputs(inputs)
    clean, out = tmp_path / "clean", tmp_path / "out"
    assert _extract(inputs, clean, "-j", jobs).wait() == 0

    killed = _extract(inputs, out, "-j", jobs)
    assert _kill_after(killed, out, 8), "the run finished before it could be killed"
    # A second kill at another moment, this time of a resumed run.
    again = _extract(inputs, out, "-j", jobs, "--resume")
    assert _kill_after(again, out, 20), "the resumed run finished before it could be killed"

    final = _extract(inputs, out, "-j", jobs, "--resume")
    _, stderr = final.communicate(timeout=120)
    assert final.returncode == 0, stderr.decode()
    assert "skipped" in stderr.decode()

    entries = [
        json.loads(line) for line in (out / "manifest.jsonl").read_text("utf-8").splitlines()
    ]
    assert sorted(e["path"] for e in entries) == sorted(map(str, paths))  # each input once
    assert [e["path"] for e in entries] == [e["path"] for e in _clean_manifest(clean)]
    assert {e["status"] for e in entries} <= {"ok", "skipped"}
    assert any(e["status"] == "skipped" for e in entries)
    # No truncated, duplicated or leftover file: exactly what an uninterrupted run writes.
    resumed, uninterrupted = _outputs(out), _outputs(clean)
    assert sorted(resumed) == sorted(uninterrupted)
    differing = [name for name in resumed if resumed[name] != uninterrupted[name]]
    assert not differing, f"outputs differ from an uninterrupted run: {differing[:5]}"


def _clean_manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text("utf-8").splitlines()]


@pytest.mark.slow
def test_kill_during_start_up_then_resume(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    _make_inputs(inputs)
    out = tmp_path / "out"
    early = _extract(inputs, out, "-j", "2")
    time.sleep(0.2)  # still importing or listing inputs
    early.kill()
    early.wait()
    final = _extract(inputs, out, "-j", "2", "--resume")
    _, stderr = final.communicate(timeout=120)
    assert final.returncode == 0, stderr.decode()
    entries = (out / "manifest.jsonl").read_text("utf-8").splitlines()
    assert len(entries) == FILES
    assert len(list(out.rglob("*.json"))) == FILES
