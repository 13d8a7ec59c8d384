"""Rule data: lexicons and tables shipped in ``reportminer/rules/lexicons/``.

Every file is UTF-8, one entry per line, ``#`` starts a comment line, columns are separated by
tabs. Files are read once per process and validated (no duplicate keys, right column count).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from reportminer.errors import RuleDataError


def _lines(name: str) -> list[tuple[int, str]]:
    try:
        raw = resources.files("reportminer.rules").joinpath("lexicons", name).read_text("utf-8")
    except FileNotFoundError as exc:
        raise RuleDataError(f"rule file {name!r} is missing from the package") from exc
    out = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        out.append((number, line.rstrip("\n")))
    return out


@cache
def load_lexicon(name: str) -> frozenset[str]:
    """A set of entries, one per line (first column)."""
    entries: set[str] = set()
    for number, line in _lines(name):
        entry = line.split("\t")[0].strip()
        if entry in entries:
            raise RuleDataError(f"{name}:{number}: duplicate entry {entry!r}")
        entries.add(entry)
    return frozenset(entries)


@cache
def load_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated table; the first non-comment row is the header."""
    rows = [tuple(cell.strip() for cell in line.split("\t")) for _, line in _lines(name)]
    if not rows:
        raise RuleDataError(f"{name}: empty table")
    width = len(rows[0])
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != width:
            raise RuleDataError(f"{name}: row {number} has {len(row)} columns, header has {width}")
    return tuple(rows)


def load_records(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated table as dicts keyed by the header."""
    header, *rows = load_table(name)
    return [dict(zip(header, row, strict=True)) for row in rows]


@cache
def load_pairs(name: str) -> tuple[tuple[str, str], ...]:
    """Two-column mapping without a header (source<TAB>target); duplicates are an error."""
    seen: set[str] = set()
    pairs = []
    for number, line in _lines(name):
        cells = line.split("\t")
        if len(cells) != 2:
            raise RuleDataError(f"{name}:{number}: expected 2 columns, got {len(cells)}")
        if cells[0] in seen:
            raise RuleDataError(f"{name}:{number}: duplicate key {cells[0]!r}")
        seen.add(cells[0])
        pairs.append((cells[0], cells[1]))
    return tuple(pairs)
