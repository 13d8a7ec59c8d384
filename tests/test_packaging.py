"""A plain (non-editable) wheel carries the rule data, the models and the schema."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_ships_models_lexicons_and_schema(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        timeout=600,
    )
    (wheel,) = tmp_path.glob("reportminer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    lexicons = {p.name for p in (ROOT / "reportminer" / "rules" / "lexicons").iterdir()}
    assert lexicons and all(f"reportminer/rules/lexicons/{n}" in names for n in lexicons)
    models = [p.parent.name for p in (ROOT / "models").glob("*/model.joblib")]
    assert models, "no trained model in models/"
    for name in models:
        assert f"reportminer/_models/{name}/model.joblib" in names
        assert f"reportminer/_models/{name}/meta.json" in names
    assert any(n.startswith("reportminer/data/") and n.endswith(".json") for n in names)


@pytest.mark.slow
def test_installed_wheel_extracts_without_the_source_tree(tmp_path: Path) -> None:
    """Install the wheel into a fresh target dir and run it from elsewhere."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path / "w"),
            str(ROOT),
        ],
        check=True,
        timeout=600,
    )
    (wheel,) = (tmp_path / "w").glob("reportminer-*.whl")
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=600,
    )
    code = (
        "import reportminer, reportminer.classifiers.store as s;"
        f"assert str(s.shipped_models_dir()).startswith({str(target)!r}), s.shipped_models_dir();"
        "d = reportminer.extract_text('创建文明单位工作总结\\n一、基本情况\\n共投入资金13万余元，荣获省级文明单位称号。');"
        "print(sorted({x['label'] for x in d.spans()}))"
    )
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert "FIGURE" in out.stdout and "HEADING" in out.stdout and "REPORT" in out.stdout
