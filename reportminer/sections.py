"""PLACEHOLDER: section tree, being written now."""

from __future__ import annotations

from reportminer.types import Heading, Item, Report, Section


def find_headings(text: str, start: int, end: int, hints: dict | None = None) -> list[Heading]:
    return []


def build_tree(report: Report, headings: list[Heading], items: list[Item]) -> Section:
    return Section(start=report.start, end=report.end, items=list(items))
