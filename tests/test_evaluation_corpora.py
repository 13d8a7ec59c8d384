"""The project's own annotated samples (corpora/annotated/) against per-label floors.

``tests/cases/evaluation_floors.json`` names, per ``corpora/annotated/*.jsonl``, the labels it
was annotated for and the floors its scores must reach. A file without an entry yet is still
evaluated (on the labels its spans use) and named in a warning, so a new sample never breaks
the build before its floors are set. Stand-off files need the shared corpus for their texts:
without it (a fresh clone) their floors cannot be checked and a warning says so; files that
carry their texts are always checked.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportminer.annotations import read_annotations
from reportminer.evaluation.cli import evaluate

ROOT = Path(__file__).resolve().parents[1]
ANNOTATED = ROOT / "corpora" / "annotated"
FLOORS = json.loads((Path(__file__).parent / "cases" / "evaluation_floors.json").read_text("utf-8"))


def _labels_used(path: Path) -> list[str]:
    labels = set()
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            labels.update(record.get("annotated_labels") or [s["label"] for s in record["spans"]])
    return sorted(labels)


def test_floors_file_is_consistent() -> None:
    assert any(ANNOTATED.glob("*.jsonl")), "corpora/annotated/ holds no annotated samples"
    for name, entry in FLOORS["files"].items():
        if not (ANNOTATED / name).exists():  # renamed or removed by its owner
            warnings.warn(f"floors for a file that is gone: {name}", stacklevel=1)
        assert entry["labels"] and entry["floors"], name
        for key, floor in entry["floors"].items():
            assert key.partition(".")[0] in entry["labels"] + ["micro", "macro"], (name, key)
            assert 0 < floor <= 1, (name, key)


@pytest.mark.slow
def test_floors_are_reached() -> None:
    checked = []
    failures = []
    entries = dict(FLOORS["files"])
    for path in sorted(ANNOTATED.glob("*.jsonl")):
        if path.name not in entries:
            warnings.warn(
                f"{path.name}: no floors in tests/cases/evaluation_floors.json yet", stacklevel=1
            )
            entries[path.name] = {"labels": _labels_used(path), "floors": {}}
    for name, entry in sorted(entries.items()):
        path = ANNOTATED / name
        if not path.exists():
            warnings.warn(f"floors for a file that is gone: {name}", stacklevel=1)
            continue
        lines = sum(1 for line in path.read_text("utf-8").splitlines() if line.strip())
        resolved = len(read_annotations(path))
        if resolved == 0 and lines:
            warnings.warn(
                f"{name}: texts not available (shared corpus absent); floors not checked",
                stacklevel=1,
            )
            continue
        assert resolved == lines, f"{name}: only {resolved} of {lines} records resolve"
        args = [str(path)]
        if entry["labels"]:
            args += ["--labels", ",".join(entry["labels"])]
        for key, floor in entry["floors"].items():
            args += ["--fail-under", f"{key}={floor}"]
        result = CliRunner().invoke(evaluate, args, catch_exceptions=False)
        assert result.exit_code in (0, 1), result.output
        if result.exit_code == 1:
            failures.append(f"{name}:\n{result.stderr}{result.stdout}")
        checked.append(name)
    assert checked, "no annotated sample could be evaluated"
    assert not failures, "\n".join(failures)
