"""The side-by-side HTML page: structure (fast) and rendering in headless chromium (slow)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reportminer.evaluation import evaluate_records
from reportminer.evaluation.html import STATUS_STYLES, render_html

TEXT = "一、基本情况\n共投入资金13万余元，建成公园2处。荣获省级文明村称号。<b>&</b>"


def sp(start: int, end: int, label: str, **attrs: object) -> dict:
    return {"start": start, "end": end, "label": label, **attrs}


GOLD = [
    sp(0, len(TEXT), "REPORT", title=None, genre="summary"),
    sp(0, 6, "HEADING", level=1, role="overview"),
    sp(7, 24, "MEASURE", marker="一是", ordinal=1),
    sp(12, 17, "FIGURE", value=130000, unit="元", kind="money"),
    sp(22, 24, "FIGURE", value=2, unit="处", kind="count"),
    sp(27, 32, "HONOR", status="received"),
]
PRED = [
    sp(0, len(TEXT), "REPORT", title=None, genre="summary"),
    sp(0, 6, "HEADING", level=1, role="overview"),
    sp(10, 20, "MEASURE", marker="一是", ordinal=1),  # crosses nothing of its own label
    sp(12, 17, "FIGURE", value=13000, unit="元", kind="money"),  # value wrong
    sp(15, 23, "PROGRAM"),  # crosses the FIGURE spans: the page must stay well-formed
    sp(22, 23, "FIGURE", value=2, unit=None, kind="count"),  # boundary
    sp(25, 27, "HONOR", status="received"),  # false alarm; the gold HONOR is missed
]


def page() -> str:
    ev = evaluate_records(
        [{"id": "doc<1>", "text": TEXT, "spans": GOLD}],
        [{"id": "doc<1>", "text": TEXT, "spans": PRED}],
        gold_path="gold.jsonl",
        pred_path="pred.jsonl",
    )
    return render_html(ev)


def column_text(html_text: str, side: str) -> str:
    """The text of one column as a browser shows it, badges removed."""
    import lxml.html

    root = lxml.html.fromstring(html_text)
    (column,) = root.xpath(f'//div[contains(@class, "col {side}")]/div[@class="text"]')
    for badge in column.xpath('.//span[contains(concat(" ", @class, " "), " b ")]'):
        badge.drop_tree()
    return column.text_content()


def test_self_contained() -> None:
    html = page()
    assert not re.search(r"<(link|img|iframe)\b", html)
    assert not re.search(r"\b(src|href)\s*=\s*[\"']?(https?:|//)", html)
    assert "@import" not in html and "url(" not in html


def test_text_is_preserved_and_escaped_in_both_columns() -> None:
    html = page()
    assert "<b>&</b>" not in html and "&lt;b&gt;&amp;&lt;/b&gt;" in html
    assert "doc&lt;1&gt;" in html
    assert column_text(html, "gold") == TEXT
    assert column_text(html, "pred") == TEXT


def test_outcomes_and_anchors() -> None:
    html = page()
    assert 'class="m l-FIGURE st-attr"' in html
    assert 'class="m l-FIGURE st-boundary"' in html
    assert 'class="m l-HONOR st-miss"' in html
    assert 'class="m l-HONOR st-false"' in html
    assert 'class="m l-PROGRAM st-false"' in html
    assert 'class="m l-HEADING st-ok"' in html
    # one anchor per span and side (REPORT badges included), each id unique
    ids = re.findall(r'\bid="(d0-[gp]\d+)"', html)
    assert sorted(ids) == sorted(
        [f"d0-g{i}" for i in range(len(GOLD))] + [f"d0-p{i}" for i in range(len(PRED))]
    )
    # the error table links to those anchors
    assert 'href="#d0-g5"' in html and 'href="#d0-p6"' in html


def test_nested_markup_is_balanced() -> None:
    from html.parser import HTMLParser

    class Balance(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []

        def handle_starttag(self, tag: str, attrs: list) -> None:
            if tag not in ("meta", "input", "br"):
                self.stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
            self.stack.pop()

    parser = Balance()
    parser.feed(page())
    assert parser.stack == []


def test_tooltip_shows_both_values_of_a_wrong_attribute() -> None:
    html = page()
    assert "value = 130000   (pred: 13000)" in html


# ---------------------------------------------------------------- a real browser


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(
        "chromium not found: the HTML page test needs a headless browser; "
        "install it with `apt-get install -y chromium`"
    )


def _run_chromium(tmp_path: Path, url: str, *mode: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--window-size=1200,900",
            *mode,
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _screenshot(tmp_path: Path, url: str, name: str):
    from PIL import Image

    png = tmp_path / name
    proc = _run_chromium(tmp_path, url, f"--screenshot={png}")
    assert png.exists(), f"chromium wrote no screenshot: {proc.stderr[-2000:]}"
    return Image.open(png).convert("RGB")


def _count(image, hex_colour: str, tolerance: int = 3) -> int:
    target = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return sum(
        n
        for n, rgb in image.getcolors(maxcolors=1 << 20)
        if all(abs(a - b) <= tolerance for a, b in zip(rgb, target, strict=True))
    )


@pytest.mark.slow
def test_page_renders_with_highlights_in_chromium(tmp_path: Path) -> None:
    html_file = tmp_path / "page.html"
    html_file.write_text(page(), encoding="utf-8")
    shot = _screenshot(tmp_path, html_file.as_uri(), "all.png")
    assert shot.size == (1200, 900)
    colours = shot.getcolors(maxcolors=1 << 20)
    assert len(colours) > 50, "the screenshot is (nearly) blank"
    non_white = sum(n for n, rgb in colours if rgb != (255, 255, 255))
    assert non_white > 0.05 * 1200 * 900
    counts = {status: _count(shot, colour) for status, (colour, _) in STATUS_STYLES.items()}
    for status, n in counts.items():
        assert n > 200, f"no {status} highlight in the screenshot: {counts}"

    # Showing only FIGURE errors removes the HONOR miss/false-alarm and the matched
    # highlights from the text (the legend keeps its swatches).
    filtered = _screenshot(tmp_path, html_file.as_uri() + "#labels=FIGURE&errors=1", "fig.png")
    after = {status: _count(filtered, colour) for status, (colour, _) in STATUS_STYLES.items()}
    assert after["miss"] < counts["miss"] and after["false"] < counts["false"]
    assert after["ok"] < counts["ok"]
    assert after["attr"] > 200 and after["boundary"] > 200


@pytest.mark.slow
def test_filter_works_in_the_dom(tmp_path: Path) -> None:
    import lxml.html

    html_file = tmp_path / "page.html"
    html_file.write_text(page(), encoding="utf-8")
    proc = _run_chromium(tmp_path, html_file.as_uri() + "#labels=FIGURE,HONOR", "--dump-dom")
    assert proc.returncode == 0, proc.stderr[-2000:]
    root = lxml.html.fromstring(proc.stdout)
    body = root.xpath("//body")[0]
    assert body.get("data-ready") == "1", "the page script did not run"
    classes = set(body.get("class", "").split())
    assert {"hide-HEADING", "hide-MEASURE", "hide-PROGRAM", "hide-REPORT"} <= classes
    assert not classes & {"hide-FIGURE", "hide-HONOR"}
    rows = root.xpath('//tr[contains(@class, "err")]')
    visible = [r for r in rows if "hidden" not in r.get("class", "").split()]
    # FIGURE: attribute + boundary; HONOR: missed + false alarm
    assert sorted(r.get("data-label") for r in visible) == ["FIGURE", "FIGURE", "HONOR", "HONOR"]
    assert root.get_element_by_id("visible-errors").text_content() == "4"
    spans = root.xpath('//div[contains(@class, "col gold")]//span[contains(@class, "l-FIGURE")]')
    assert [s.text_content() for s in spans] == ["13万余元", "2处"]
