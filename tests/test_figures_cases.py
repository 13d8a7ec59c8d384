"""Data-driven FIGURE cases: one file per family in tests/cases/figures_<family>.jsonl.

``mode: extract`` runs find_figures over the normalised text and expects exactly the listed
figures (surface and attributes, in order; [] is a negative); ``mode: parse`` runs
parse_figure on the whole text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportminer.extractors.figures import find_figures, parse_figure, written_unit
from reportminer.normalise import normalise

CASES_DIR = Path(__file__).parent / "cases"
FAMILIES = ("numerals", "percent", "ranges", "qualifiers", "masked", "exclusions", "units")


def _load() -> list[dict]:
    cases = []
    for family in FAMILIES:
        path = CASES_DIR / f"figures_{family}.jsonl"
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                cases.append(json.loads(line))
    return cases


CASES = _load()


def _same_value(got, want) -> bool:
    if isinstance(want, list):
        return (
            isinstance(got, list)
            and len(got) == len(want)
            and all(_same_value(g, w) for g, w in zip(got, want, strict=True))
        )
    if want is None or got is None:
        return got is want
    return abs(float(got) - float(want)) <= 1e-9 * max(1.0, abs(float(want)))


def _check(figure, text: str, want: dict) -> None:
    assert text[figure.start : figure.end] == want["text"]
    assert _same_value(figure.value, want["value"]), (figure.value, want["value"])
    assert figure.unit == want["unit"]
    assert figure.kind == want["kind"]
    assert figure.approx == want["approx"]
    assert figure.masked == want["masked"]


def test_every_family_has_negatives_and_cases() -> None:
    for family in FAMILIES:
        family_cases = [c for c in CASES if c["id"].startswith(family + "-")]
        assert len(family_cases) >= 8, family
    assert any(not c["figures"] for c in CASES if c["id"].startswith("exclusions-"))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_figure_case(case: dict) -> None:
    text = case["text"]
    if case["mode"] == "parse":
        figure = parse_figure(text)
        assert figure is not None
        (want,) = case["figures"]
        _check(figure, text, want)
        return
    norm = normalise(text)
    figures = find_figures(norm.text, 0, len(norm.text), [])
    for figure in figures:
        figure.start, figure.end = norm.span_to_original(figure.start, figure.end)
        figure.unit = written_unit(figure, text[figure.start : figure.end])
    assert [text[f.start : f.end] for f in figures] == [w["text"] for w in case["figures"]]
    for figure, want in zip(figures, case["figures"], strict=True):
        _check(figure, text, want)
