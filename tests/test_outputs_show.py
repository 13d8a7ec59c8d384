"""Review page: structure of the HTML, and a real headless-browser screenshot of it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from outputs_sample import TEXT, make_document, make_error

from reportminer.outputs.results import flatten
from reportminer.outputs.show import LABEL_COLOURS, highlight, render_page


def _strip_tags(markup: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_page_is_self_contained_and_highlights_every_item() -> None:
    page = render_page(make_document())
    assert "<script src" not in page and "<link" not in page and "http" not in page
    document = make_document()
    for item in document.items():
        if item.label == "REPORT":
            continue
        assert f'<mark class="{item.label}"' in page
    main = page.split("<main>")[1].split("</main>")[0]
    text_parts = re.findall(r'<div class="text">(.*?)</div></section>', main, flags=re.S)
    assert _strip_tags("".join(text_parts)) == TEXT  # highlighting loses no character
    outline = page.split('<nav class="outline">')[1].split("</nav>")[0]
    assert "一、基本情况" in outline and "（一）开展“清河行动”" in outline
    aside = page.split('<aside class="figures">')[1].split("</aside>")[0]
    assert "13万余元" in aside and "130,000" in aside and "masked" in aside


def test_nested_and_crossing_spans_stay_well_formed() -> None:
    text = "abcdefgh"
    items = flatten(
        {
            "id": "x",
            "text": text,
            "reports": [
                {
                    "start": 0,
                    "end": 8,
                    "sections": {
                        "path": [],
                        "heading": None,
                        "children": [],
                        "items": [
                            {"label": "MEASURE", "start": 0, "end": 6, "text": "abcdef"},
                            {"label": "FIGURE", "start": 2, "end": 4, "text": "cd"},
                            {
                                "label": "PROGRAM",
                                "start": 5,
                                "end": 8,
                                "text": "fgh",
                            },  # crosses the MEASURE
                        ],
                    },
                }
            ],
        }
    ).items
    anchors = {id(item): f"a{n}" for n, item in enumerate(items)}
    markup = highlight(text, 0, 8, items, anchors)
    assert _strip_tags(markup) == text
    assert markup.count("<mark") == markup.count("</mark>")
    depth = 0
    for tag in re.findall(r"</?mark", markup):
        depth += 1 if tag == "<mark" else -1
        assert depth >= 0
    assert markup.count('id="a') == 3  # each item anchored once even when split


def test_error_record_page_says_why() -> None:
    page = render_page(make_error())
    assert "no text layer; OCR it first" in page


def test_result_without_text_is_refused() -> None:
    data = make_document().to_dict()
    data.pop("text", None)
    with pytest.raises(ValueError, match="holds no text"):
        render_page(data)


def chromium_binary() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("chromium is needed for the browser test: apt-get install -y chromium")


def screenshot(page: Path, png: Path, profile: Path) -> None:
    command = [
        chromium_binary(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--screenshot={png}",
        "--window-size=1200,900",
        page.as_uri(),
    ]
    completed = subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert png.exists(), completed.stderr.decode("utf-8", "replace")[-2000:]


def _colour_count(image, hex_colour: str, tolerance: int = 6) -> int:  # type: ignore[no-untyped-def]
    target = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return sum(
        count
        for count, rgb in image.getcolors(image.width * image.height)
        if all(abs(a - b) <= tolerance for a, b in zip(rgb, target, strict=True))
    )


@pytest.mark.slow
def test_page_renders_with_highlights_in_a_real_browser(tmp_path: Path) -> None:
    from PIL import Image

    page = tmp_path / "page.html"
    page.write_text(render_page(make_document()), encoding="utf-8")
    png = tmp_path / "page.png"
    screenshot(page, png, tmp_path / "profile")
    image = Image.open(png).convert("RGB")
    assert image.size == (1200, 900)
    assert len(image.getcolors(1200 * 900)) > 50, "the screenshot is blank"
    swatch = 14 * 14  # the legend shows each colour in a small swatch; highlights add far more
    for label in ("FIGURE", "HONOR", "PROGRAM", "DOCUMENT", "HEADING", "MEASURE"):
        assert _colour_count(image, LABEL_COLOURS[label]) > 3 * swatch, label
