"""Corpus overview: counts, the text summary, and PNG plots opened and looked at with Pillow."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from outputs_sample import make_document, make_error

from reportminer.outputs import stats as stats_module
from reportminer.outputs.stats import PLOT_COLOURS, collect, summary_text, write_stats


def test_counts() -> None:
    stats = collect([make_document("a.txt"), make_document("b.txt").to_dict(), make_error()])
    data = stats.to_dict()
    assert (stats.documents, stats.errors, stats.reports) == (2, 1, 2)
    assert data["labels"]["FIGURE"] == 8 and data["labels"]["HONOR"] == 2
    assert data["figures_by_kind"] == {"money": 2, "length": 2, "percent": 2, "count": 2}
    assert data["figures_by_unit"]["元"] == 2 and stats.figures_masked == 2
    assert data["honours_by_level_and_status"] == {"province/received": 2}
    assert data["top_programmes"] == {"清河行动": 2}
    assert data["reports_by_genre"] == {"summary": 2}
    text = summary_text(stats)
    assert "FIGURE" in text and "清河行动" in text and "errors: 1" in text


def _bar_pixels(path: Path, colour: str) -> int:
    from PIL import Image

    image = Image.open(path).convert("RGB")
    target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return sum(
        n
        for n, rgb in image.getcolors(image.width * image.height)
        if all(abs(a - b) <= 4 for a, b in zip(rgb, target, strict=True))
    )


@pytest.mark.slow
def test_plots_are_real_images(tmp_path: Path) -> None:
    from PIL import Image

    written = write_stats([make_document("a.txt"), make_document("b.txt")], tmp_path)
    names = {p.name for p in written}
    assert {
        "summary.txt",
        "stats.json",
        "labels.png",
        "figures_by_kind.png",
        "figures_by_unit.png",
        "honours.png",
        "top_programmes.png",
        "reports_by_genre.png",
    } <= names
    for path in written:
        if path.suffix != ".png":
            continue
        image = Image.open(path)
        image.verify()
        image = Image.open(path).convert("RGB")
        assert image.width >= 600 and image.height >= 250, path.name
        assert len(image.getcolors(image.width * image.height) or []) > 20, f"{path.name} blank"
    # bars are drawn: the first plot colour fills a real area of the label chart
    assert _bar_pixels(tmp_path / "labels.png", PLOT_COLOURS[0]) > 2000
    assert _bar_pixels(tmp_path / "honours.png", PLOT_COLOURS[0]) > 5000
    assert json.loads((tmp_path / "stats.json").read_text("utf-8"))["documents"] == 2


def test_cjk_labels_use_a_cjk_font_when_installed() -> None:
    font = stats_module.cjk_font_name()
    if font is None:
        pytest.fail("no CJK font installed: apt-get install -y fonts-noto-cjk")
    from matplotlib import font_manager

    path = font_manager.findfont(
        font_manager.FontProperties(family=font), fallback_to_default=False
    )
    from matplotlib.ft2font import FT2Font

    assert FT2Font(path).get_char_index(ord("元")) != 0


@pytest.mark.slow
def test_without_a_cjk_font_the_summary_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stats_module, "cjk_font_name", lambda: None)
    write_stats([make_document()], tmp_path)
    assert "fonts-noto-cjk" in (tmp_path / "summary.txt").read_text("utf-8")
    assert (tmp_path / "figures_by_unit.png").stat().st_size > 1000


@pytest.mark.slow
def test_empty_input_still_writes_plots(tmp_path: Path) -> None:
    written = write_stats([], tmp_path)
    assert all(p.exists() for p in written)
    assert "documents: 0" in (tmp_path / "summary.txt").read_text("utf-8")
