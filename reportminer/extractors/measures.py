"""PLACEHOLDER: Measure extraction, being written now."""

from __future__ import annotations

from reportminer.types import Heading, Item


def find_measures(text: str, start: int, end: int, headings: list[Heading]) -> list[Item]:
    return []
