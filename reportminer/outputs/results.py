"""Reading extract results tolerantly, and flattening them into rows.

Results come as ``Document``/``ErrorRecord`` objects, as their ``to_dict()`` JSON (one file per
input, a JSON list, or JSONL), or as ANNOTATION.md span records (``text`` + ``spans``). Other
inputs (.txt, .docx, a corpus .jsonl …) are run through the pipeline first. Unknown keys are
ignored and missing ones default, so results of older or newer versions still load.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

RESULT_SUFFIXES = (".json", ".jsonl")
ITEM_LABELS = ("HEADING", "MEASURE", "PROGRAM", "DOCUMENT", "FIGURE", "HONOR")


@dataclass(slots=True)
class FlatItem:
    """One extracted item with where it came from."""

    file: str
    report_index: int
    report_title: str | None
    section_path: list[str]
    data: dict[str, Any]

    @property
    def label(self) -> str:
        return str(self.data.get("label", ""))


@dataclass(slots=True)
class FlatResult:
    """A result as plain data: its reports (dicts) and every item in text order."""

    id: str
    status: str
    raw: dict[str, Any]
    text: str | None = None
    reports: list[dict[str, Any]] = field(default_factory=list)
    items: list[FlatItem] = field(default_factory=list)


def as_dict(result: Any) -> dict[str, Any]:
    """A Document/ErrorRecord/dict as its JSON dict; a Document keeps its text."""
    if isinstance(result, dict):
        return result
    to_dict = getattr(result, "to_dict", None)
    if to_dict is None:
        raise TypeError(f"not a result: {type(result).__name__}")
    data = to_dict()
    text = getattr(result, "text", None)
    if isinstance(text, str) and "text" not in data:
        data["text"] = text
    return data


def flatten(result: Any) -> FlatResult:
    data = as_dict(result)
    if "spans" in data and "reports" not in data:
        data = spans_record_to_result(data)
    doc_id = str(data.get("id") or (data.get("source") or {}).get("path") or "?")
    status = str(data.get("status") or ("ok" if "reports" in data else "error"))
    flat = FlatResult(id=doc_id, status=status, raw=data, text=data.get("text"))
    for index, report in enumerate(data.get("reports") or []):
        if not isinstance(report, dict):
            continue
        flat.reports.append(report)
        title = report.get("title")
        root = report.get("sections")
        if isinstance(root, dict):
            _walk(root, doc_id, index, title, flat.items)
    flat.items.sort(key=lambda it: (_int(it.data.get("start")), _int(it.data.get("end")), it.label))
    return flat


def _walk(
    section: dict[str, Any], doc_id: str, index: int, title: str | None, out: list[FlatItem]
) -> None:
    path = [str(p) for p in section.get("path") or []]
    heading = section.get("heading")
    if isinstance(heading, dict):
        own = heading.get("section_path")
        heading_path = [str(p) for p in own] if own else path[:-1]
        out.append(FlatItem(doc_id, index, title, heading_path, heading))
    for item in section.get("items") or []:
        if isinstance(item, dict):
            item_path = item.get("section_path")
            out.append(
                FlatItem(
                    doc_id, index, title, [str(p) for p in item_path] if item_path else path, item
                )
            )
    for child in section.get("children") or []:
        if isinstance(child, dict):
            _walk(child, doc_id, index, title, out)


def _int(value: Any) -> int:
    return value if isinstance(value, int) else 0


def spans_record_to_result(record: dict[str, Any]) -> dict[str, Any]:
    """An ANNOTATION.md record as a flat result (items attached to the report holding them)."""
    spans = [s for s in record.get("spans") or [] if isinstance(s, dict)]
    reports = sorted((s for s in spans if s.get("label") == "REPORT"), key=lambda s: s["start"])
    text = record.get("text") or ""
    if not reports:
        reports = [{"label": "REPORT", "start": 0, "end": len(text), "title": None}]
    out_reports = []
    for report in reports:
        inside = [
            dict(s, text=text[s["start"] : s["end"]])
            for s in spans
            if s.get("label") != "REPORT" and report["start"] <= s["start"] < report["end"]
        ]
        out_reports.append(
            {
                **report,
                "sections": {
                    "start": report["start"],
                    "end": report["end"],
                    "heading": None,
                    "path": [],
                    "children": [],
                    "items": inside,
                },
            }
        )
    return {
        "id": record.get("id"),
        "status": "ok",
        "source": {"path": record.get("source")},
        "text": text,
        "text_length": len(text),
        "reports": out_reports,
    }


def is_result_dict(data: Any) -> bool:
    """A result (ok or error) or an ANNOTATION.md record; not a manifest line or a corpus row."""
    if not isinstance(data, dict):
        return False
    if isinstance(data.get("reports"), list):
        return True
    if data.get("status") == "error" and "cause" in data:
        return True
    return isinstance(data.get("spans"), list) and isinstance(data.get("text"), str)


def read_results(
    paths: Iterable[Path], *, run_pipeline: bool = True, load_options: dict[str, Any] | None = None
) -> Iterator[dict[str, Any]]:
    """Result dicts from result files/folders; other files go through ``extract`` first."""
    for root in paths:
        files = (
            sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))
            if root.is_dir()
            else [root]
        )
        for path in files:
            yield from _read_one(path, run_pipeline, load_options or {})


def _read_one(
    path: Path, run_pipeline: bool, load_options: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    if path.suffix.lower() in RESULT_SUFFIXES:
        records = _json_records(path)
        if records is not None and records and all(is_result_dict(r) for r in records):
            yield from records
            return
        if records and all(isinstance(r, dict) and "status" in r for r in records):
            log.info("%s: extract bookkeeping (a manifest), not results; skipped", path)
            return
    if not run_pipeline:
        log.warning("%s: not a results file; skipped", path)
        return
    from reportminer.api import extract_or_error
    from reportminer.load import load_path

    for loaded in load_path(path, **load_options):
        result = extract_or_error(loaded)
        yield as_dict(result)


def _json_records(path: Path) -> list[Any] | None:
    try:
        raw = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("%s: cannot read (%s)", path, exc)
        return None
    stripped = raw.strip()
    if not stripped:
        return []
    try:
        whole = json.loads(stripped)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, list):
        return whole
    if isinstance(whole, dict):
        return [whole]
    records = []
    for line in stripped.splitlines():
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            return None
    return records
