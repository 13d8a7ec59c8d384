"""PLACEHOLDER: Figure extraction, being written now."""

from __future__ import annotations

from reportminer.types import Heading, Item


def find_figures(text: str, start: int, end: int, headings: list[Heading]) -> list[Item]:
    return []
def parse_figure(expression: str):
    return None
