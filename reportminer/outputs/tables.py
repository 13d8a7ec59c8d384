"""Tables of extract results: one CSV per label (UTF-8 with BOM, so Excel shows Chinese) and one
XLSX workbook with a sheet per label.

``write_tables(results, out_dir)`` is the entry point for ``reportminer tables`` and for
``reportminer extract --tables DIR``; ``results`` may be Documents, ErrorRecords or their
JSON dicts.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from reportminer.outputs.results import FlatItem, FlatResult, flatten

COMMON = ("file", "report", "report_title", "section_path")
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    # name: (label, columns after the common ones)
    "figures": (
        "FIGURE",
        (
            "metric",
            "value",
            "value_high",
            "unit",
            "kind",
            "approx",
            "masked",
            "surface",
            "start",
            "end",
        ),
    ),
    "honours": (
        "HONOR",
        ("surface", "status", "level", "year", "issuer", "recipient", "start", "end"),
    ),
    "measures": ("MEASURE", ("marker", "ordinal", "surface", "start", "end")),
    "programmes": ("PROGRAM", ("surface", "quoted", "start", "end")),
    "documents": ("DOCUMENT", ("surface", "start", "end")),
    "headings": ("HEADING", ("level", "role", "marker", "surface", "start", "end")),
}
REPORT_COLUMNS = (
    "file",
    "report",
    "title",
    "genre",
    "start",
    "end",
    "headings",
    "measures",
    "programmes",
    "documents",
    "figures",
    "honours",
)
ERROR_COLUMNS = ("file", "error", "cause", "hint")
SEPARATOR = " > "


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _item_row(item: FlatItem, columns: tuple[str, ...]) -> list[Any]:
    data = item.data
    row: list[Any] = [
        item.file,
        item.report_index + 1,
        item.report_title or "",
        SEPARATOR.join(item.section_path),
    ]
    value = data.get("value")
    for column in columns:
        if column == "surface":
            row.append(data.get("text", ""))
        elif column == "value":
            row.append(value[0] if isinstance(value, list) and value else value)
        elif column == "value_high":
            row.append(value[1] if isinstance(value, list) and len(value) > 1 else None)
        else:
            row.append(data.get(column))
    return [_cell(v) for v in row]


def build_tables(results: Iterable[Any]) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Every table as (header, rows), in a stable order."""
    tables: dict[str, tuple[list[str], list[list[Any]]]] = {
        name: ([*COMMON, *columns], []) for name, (_, columns) in TABLES.items()
    }
    by_label = {label: name for name, (label, _) in TABLES.items()}
    reports: list[list[Any]] = []
    errors: list[list[Any]] = []
    for result in results:
        flat: FlatResult = flatten(result)
        if flat.status != "ok":
            raw = flat.raw
            errors.append(
                [
                    _cell(flat.id),
                    _cell(raw.get("error")),
                    _cell(raw.get("cause")),
                    _cell(raw.get("hint")),
                ]
            )
            continue
        counts: dict[tuple[int, str], int] = {}
        for item in flat.items:
            name = by_label.get(item.label)
            if name is None:
                continue
            tables[name][1].append(_item_row(item, TABLES[name][1]))
            key = (item.report_index, item.label)
            counts[key] = counts.get(key, 0) + 1
        for index, report in enumerate(flat.reports):
            row = [
                flat.id,
                index + 1,
                report.get("title"),
                report.get("genre"),
                report.get("start"),
                report.get("end"),
            ]
            row += [
                counts.get((index, TABLES[n][0]), 0)
                for n in ("headings", "measures", "programmes", "documents", "figures", "honours")
            ]
            reports.append([_cell(v) for v in row])
    tables["reports"] = (list(REPORT_COLUMNS), reports)
    tables["errors"] = (list(ERROR_COLUMNS), errors)
    return tables


def write_tables(
    results: Iterable[Any],
    out_dir: str | Path,
    *,
    csv_files: bool = True,
    xlsx: bool = True,
    workbook_name: str = "reportminer.xlsx",
    on_table: Callable[[str, int], None] | None = None,
) -> list[Path]:
    """Write ``<table>.csv`` files and one workbook into ``out_dir``; returns the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables = build_tables(results)
    written: list[Path] = []
    if csv_files:
        for name, (header, rows) in tables.items():
            path = out / f"{name}.csv"
            with path.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(header)
                writer.writerows(rows)
            written.append(path)
            if on_table is not None:
                on_table(name, len(rows))
    if xlsx:
        path = out / workbook_name
        _write_xlsx(tables, path)
        written.append(path)
    return written


def _write_xlsx(tables: dict[str, tuple[list[str], list[list[Any]]]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    for name, (header, rows) in tables.items():
        sheet = workbook.create_sheet(title=name[:31])
        bold = []
        for title in header:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = Font(bold=True)
            bold.append(cell)
        sheet.append(bold)
        sheet.freeze_panes = "A2"
        for row in rows:
            cells = []
            for value in row:
                if isinstance(value, str):
                    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                else:
                    cell = WriteOnlyCell(sheet, value=value)
                cells.append(cell)
            sheet.append(cells)
    workbook.save(path)
