"""FIGURE units and qualifiers, read from the package's rule tables.

``units.tsv`` maps a unit as it follows a number to the unit attribute, its kind and a factor
(万元 -> 元 x 10^4); ``figure_qualifiers.tsv`` maps 约/余/以上… to ``approx``;
``figure_unit_blockers.tsv`` lists characters that turn a unit into part of a word (三方面).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from reportminer.rules import load_records


@dataclass(frozen=True, slots=True)
class UnitInfo:
    surface: str
    unit: str
    kind: str
    factor: Decimal


@cache
def unit_table() -> dict[str, UnitInfo]:
    table: dict[str, UnitInfo] = {}
    for row in load_records("units.tsv"):
        surface = row["surface"]
        if surface in table:
            raise ValueError(f"units.tsv: duplicate surface {surface!r}")
        table[surface] = UnitInfo(surface, row["unit"], row["kind"], Decimal(row["factor"]))
    return table


@cache
def unit_blockers() -> dict[str, str]:
    return {row["surface"]: row["blocked_by"] for row in load_records("figure_unit_blockers.tsv")}


@cache
def qualifiers() -> dict[str, dict[str, str]]:
    """position -> {surface: approx}."""
    out: dict[str, dict[str, str]] = {"before": {}, "between": {}, "after": {}}
    for row in load_records("figure_qualifiers.tsv"):
        out[row["position"]][row["surface"]] = row["approx"]
    return out


def lookup_unit(surface: str) -> UnitInfo | None:
    return unit_table().get(surface)
