"""Extractors: find labelled items in one report of the normalised text.

Each module exposes ``find_<label>s(text, start, end, headings) -> list[Item]`` working on the
normalised text between ``start`` and ``end`` (it may look outside for context) and returning
items with normalised offsets. ``find_all`` runs them and applies ANNOTATION.md's nesting rule:
a name inside another name is not annotated (no HONOR inside a DOCUMENT title, no PROGRAM
inside an HONOR, no FIGURE inside a PROGRAM, HONOR or DOCUMENT name).
"""

from __future__ import annotations

from bisect import bisect_right

from reportminer.extractors.documents import find_documents
from reportminer.extractors.figures import find_figures
from reportminer.extractors.honors import find_honors
from reportminer.extractors.measures import find_measures
from reportminer.extractors.programs import find_programs
from reportminer.types import Heading, Item

# Outer name labels first: an item of a later label inside one of an earlier label is dropped.
_NAME_PRECEDENCE = ("DOCUMENT", "HONOR", "PROGRAM", "FIGURE")


def find_all(text: str, start: int, end: int, headings: list[Heading]) -> list[Item]:
    documents = find_documents(text, start, end, headings)
    honors = find_honors(text, start, end, headings)
    programs = find_programs(text, start, end, headings)
    figures = find_figures(text, start, end, headings)
    measures = find_measures(text, start, end, headings)
    kept = drop_nested_names(
        {"DOCUMENT": documents, "HONOR": honors, "PROGRAM": programs, "FIGURE": figures}
    )
    items = kept + measures
    items.sort(key=lambda it: (it.start, it.end, it.label))
    return items


def drop_nested_names(by_label: dict[str, list[Item]]) -> list[Item]:
    """Keep items that do not lie inside an item of a label of higher precedence."""
    kept: list[Item] = []
    outer_starts: list[int] = []
    outer_reach: list[int] = []  # outer_reach[i]: furthest end among outer spans 0..i
    for label in _NAME_PRECEDENCE:
        items = sorted(by_label.get(label, []), key=lambda it: (it.start, it.end))
        survivors = [it for it in items if not _inside_any(it, outer_starts, outer_reach)]
        kept.extend(survivors)
        spans = sorted((it.start, it.end) for it in kept)
        outer_starts = [s for s, _ in spans]
        outer_reach = []
        furthest = -1
        for _, end in spans:
            furthest = max(furthest, end)
            outer_reach.append(furthest)
    return kept


def _inside_any(item: Item, starts: list[int], reach: list[int]) -> bool:
    """True when some outer span starts at or before the item and ends at or after it."""
    index = bisect_right(starts, item.start) - 1
    return index >= 0 and reach[index] >= item.end
