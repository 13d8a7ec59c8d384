"""Convert annotations between ANNOTATION.md JSONL, doccano JSONL and Label Studio JSON.

Every format is read into ANNOTATION.md records (``{"id", "text", "spans", ...}``) and written
from them, so any pair converts. Attributes survive where the target can hold them:

- **doccano** (sequence labelling JSONL): ``{"text", "label": [[start, end, LABEL], ...],
  "meta": {"id", <other record keys>, "attributes": {"start:end:LABEL": {attributes}}}}``.
  doccano passes unknown columns through import and export as metadata. Attributes are
  keyed by span, so spans a user adds in doccano simply carry none (a missing attribute is
  not scored) and spans a user moves lose the old ones. Reading also accepts the older
  ``labels`` key and the newer ``entities`` list (``start_offset``/``end_offset``).
- **Label Studio** (JSON tasks): ``[{"data": {"text", "id", ...}, "predictions"|"annotations":
  [{"result": [{"value": {"start", "end", "text", "labels": [LABEL]}, "from_name": "label",
  "to_name": "text", "type": "labels", "id", "meta": {attributes}}]}]}]``. Reading takes the
  first non-cancelled annotation, else the first prediction; attribute values given by
  per-region ``choices``/``textarea``/``number`` results (same ``id``) are read too.

Offsets are checked on import: 0 <= start < end <= len(text) and, when the span carries its
text (Label Studio), ``text[start:end]`` must equal it. Label Studio versions that counted
UTF-16 code units or folded "\\r\\n" give offsets that miss; such spans are re-mapped when
the text proves where they belong (and reported). Spans that don't fit are reported with
file, record and span, and skipped.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportminer.errors import InputError
from reportminer.evaluation.documents import record_id, span_problem
from reportminer.types import LABELS

Record = dict[str, Any]
FORMATS = ("annotation", "doccano", "labelstudio")
_SPAN_CORE = ("start", "end", "label")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_LS_ATTRIBUTE_TYPES = ("choices", "textarea", "number", "rating", "taxonomy")


@dataclass(slots=True)
class ConversionReport:
    """What happened to the spans on the way: skipped ones (with reasons) and re-mapped ones."""

    documents: int = 0
    spans: int = 0
    skipped: list[str] = field(default_factory=list)
    remapped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def skip(self, path: str, doc_id: str, span: Any, reason: str) -> None:
        self.skipped.append(f"{path}: record {doc_id!r}: span {_show(span)}: {reason}; skipped")

    def lines(self) -> list[str]:
        out = [*self.notes, *self.remapped, *self.skipped]
        summary = f"converted {self.documents} documents, {self.spans} spans"
        if self.skipped:
            summary += f"; {len(self.skipped)} spans skipped (listed above)"
        if self.remapped:
            summary += f"; {len(self.remapped)} spans re-mapped (listed above)"
        out.append(summary)
        return out


def _show(span: Any) -> str:
    if isinstance(span, dict):
        return f"[{span.get('start')}, {span.get('end')}, {span.get('label')!r}]"
    return repr(span)[:80]


# --------------------------------------------------------------------------- detection


def detect_format(path: str | os.PathLike[str], for_output: bool = False) -> str | None:
    """The format of a file from its extension and (for inputs) its first record.

    ``.json`` is Label Studio. ``.jsonl`` is ANNOTATION.md when records have ``spans``,
    doccano when they have ``label``/``labels``/``entities``; None when it cannot tell.
    """
    name = os.fspath(path).lower()
    if name.endswith(".json"):
        return "labelstudio"
    if for_output or not name.endswith((".jsonl", ".ndjson")):
        return None
    first = _first_record(Path(path))
    if not isinstance(first, dict):
        return None
    if "data" in first:
        return "labelstudio"
    if "spans" in first:
        return "annotation"
    if any(key in first for key in ("label", "labels", "entities")):
        return "doccano"
    return None


def _first_record(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8-sig") as handle:
            for line in handle:
                if line.strip():
                    return json.loads(line)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return None


# --------------------------------------------------------------------------- checks


def _valid_span(span: Record, text: str, report: ConversionReport, path: str, doc_id: str) -> bool:
    problem = span_problem(span, text)
    if problem is not None:
        report.skip(path, doc_id, span, problem)
        return False
    return True


@lru_cache(maxsize=8)
def _remap_candidates(text: str) -> tuple[tuple[str, Callable[[int], int | None]], ...]:
    """Offset systems other tools use, each as a function to Python string offsets."""
    astral = _ASTRAL.search(text) is not None
    crlf = "\r\n" in text
    out: list[tuple[str, Callable[[int], int | None]]] = []
    if astral:
        out.append(("UTF-16 code units", _unit_map(text, utf16=True, fold_crlf=False)))
    if crlf:
        out.append(
            ("\\r\\n counted as one character", _unit_map(text, utf16=False, fold_crlf=True))
        )
    if astral and crlf:
        out.append(
            ("UTF-16 code units, \\r\\n as one", _unit_map(text, utf16=True, fold_crlf=True))
        )
    return tuple(out)


def _unit_map(text: str, *, utf16: bool, fold_crlf: bool) -> Callable[[int], int | None]:
    """A function from another tool's offset to the Python offset (None when in between)."""
    table: dict[int, int] = {}
    units = 0
    for index, ch in enumerate(text):
        table.setdefault(units, index)
        if fold_crlf and ch == "\r" and text[index + 1 : index + 2] == "\n":
            continue  # the pair is one unit, counted at its "\n"
        units += 2 if utf16 and ord(ch) > 0xFFFF else 1
    table.setdefault(units, len(text))
    return table.get


def _fit_text(
    span: Record, surface: str, text: str, report: ConversionReport, path: str, doc_id: str
) -> Record | None:
    """The span if its offsets give ``surface``, a re-mapped span, or None (reported)."""
    problem = span_problem(span, text)
    start, end = span["start"], span["end"]
    if problem is None and text[start:end] == surface:
        return span
    if isinstance(start, int) and isinstance(end, int) and surface:
        for system, to_python in _remap_candidates(text):
            new_start, new_end = to_python(start), to_python(end)
            if new_start is None or new_end is None or new_start >= new_end:
                continue
            if text[new_start:new_end] == surface:
                report.remapped.append(
                    f"{path}: record {doc_id!r}: span {_show(span)} read as {system}: "
                    f"now [{new_start}, {new_end}]"
                )
                return {**span, "start": new_start, "end": new_end}
    if problem is None:
        problem = (
            f"its text {surface!r} differs from the document's {text[start:end]!r} at these offsets"
        )
    report.skip(path, doc_id, span, problem)
    return None


# --------------------------------------------------------------------------- reading


def read_annotation(path: str, report: ConversionReport) -> list[Record]:
    from reportminer.annotations import read_annotations

    out = []
    for index, record in enumerate(read_annotations(path)):
        doc_id = record_id(record, index)
        text = record.get("text")
        if not isinstance(text, str) or not isinstance(record.get("spans"), list):
            raise InputError(f"{path}: record {doc_id!r}: needs 'text' and a list 'spans'")
        spans = [s for s in record["spans"] if _valid_span(s, text, report, path, doc_id)]
        out.append({**record, "spans": spans})
    return out


def read_doccano(path: str, report: ConversionReport) -> list[Record]:
    out = []
    for index, (line_no, raw) in enumerate(_jsonl(path)):
        if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
            raise InputError(f"{path}:{line_no}: a doccano record needs 'text'")
        meta = raw.get("meta") if isinstance(raw.get("meta"), dict) else {}
        extras = {k: v for k, v in meta.items() if k != "attributes"}
        # doccano's own keys are not ours: its integer id, comments, the label list.
        for key, value in raw.items():
            if key not in (
                "text",
                "label",
                "labels",
                "entities",
                "relations",
                "meta",
                "id",
                "Comments",
                "comments",
                "annotation_approver",
            ):
                extras.setdefault(key, value)
        record: Record = {}
        if "id" in extras:
            record["id"] = extras.pop("id")
        elif "id" in raw:
            record["id"] = str(raw["id"])
        record.update(extras)
        doc_id = record_id(record, index)
        text = raw["text"]
        attributes = meta.get("attributes") if isinstance(meta.get("attributes"), dict) else {}
        spans = []
        for entry in _doccano_entries(raw):
            if not isinstance(entry, list | tuple) or len(entry) != 3:
                report.skip(path, doc_id, entry, "expected [start, end, LABEL]")
                continue
            span = {"start": entry[0], "end": entry[1], "label": entry[2]}
            if not _valid_span(span, text, report, path, doc_id):
                continue
            span.update(attributes.get(f"{span['start']}:{span['end']}:{span['label']}", {}))
            spans.append(span)
        record["text"] = text
        record["spans"] = spans
        out.append(record)
    return out


def _doccano_entries(raw: Record) -> list[Any]:
    if isinstance(raw.get("entities"), list):
        return [
            [e.get("start_offset"), e.get("end_offset"), e.get("label")]
            if isinstance(e, dict)
            else e
            for e in raw["entities"]
        ]
    for key in ("label", "labels"):
        if isinstance(raw.get(key), list):
            return list(raw[key])
    return []


def read_labelstudio(path: str, report: ConversionReport, text_key: str = "text") -> list[Record]:
    tasks = _labelstudio_tasks(path)
    out = []
    for index, task in enumerate(tasks):
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise InputError(f"{path}: task {index + 1}: a Label Studio task needs 'data'")
        data = task["data"]
        text = data.get(text_key)
        if not isinstance(text, str):
            strings = [v for v in data.values() if isinstance(v, str) and len(v) > 0]
            if len(strings) != 1:
                raise InputError(
                    f"{path}: task {index + 1}: no data[{text_key!r}] text",
                    hint="name the text field with --ls-text-key",
                )
            text = strings[0]
        record: Record = {k: v for k, v in data.items() if k != text_key and v is not text}
        if "id" not in record and "id" in task:
            record["id"] = str(task["id"])
        doc_id = record_id(record, index)
        results, origin = _labelstudio_results(task)
        if origin:
            report.notes.append(f"{path}: record {doc_id!r}: {origin}")
        record["text"] = text
        record["spans"] = _labelstudio_spans(results, text, report, path, doc_id)
        out.append(record)
    return out


def _labelstudio_tasks(path: str) -> list[Any]:
    try:
        raw_text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc
    try:
        data = json.loads(raw_text)
    except json.JSONDecodeError:
        return [record for _, record in _jsonl(path)]
    if isinstance(data, dict):
        return [data]
    if not isinstance(data, list):
        raise InputError(f"{path}: expected a JSON list of Label Studio tasks")
    return data


def _labelstudio_results(task: Record) -> tuple[list[Any], str | None]:
    """The result list to read: first live annotation, else first prediction."""
    annotations = task.get("annotations") or task.get("completions") or []
    live = [a for a in annotations if isinstance(a, dict) and not a.get("was_cancelled")]
    if live:
        note = None
        if len(live) > 1:
            note = f"{len(live)} annotations; the first is read, the others ignored"
        return list(live[0].get("result") or []), note
    predictions = [p for p in task.get("predictions") or [] if isinstance(p, dict)]
    if predictions:
        note = None
        if len(predictions) > 1:
            note = f"{len(predictions)} predictions and no annotation; the first is read"
        return list(predictions[0].get("result") or []), note
    return [], None


def _labelstudio_spans(
    results: list[Any], text: str, report: ConversionReport, path: str, doc_id: str
) -> list[Record]:
    per_region: dict[str, Record] = {}
    for item in results:
        if not isinstance(item, dict):
            continue
        kind = item.get("type")
        value = item.get("value") if isinstance(item.get("value"), dict) else {}
        if kind in _LS_ATTRIBUTE_TYPES and item.get("id") is not None:
            name = item.get("from_name")
            if isinstance(name, str):
                per_region.setdefault(str(item["id"]), {})[name] = _attribute_value(kind, value)
    spans: list[Record] = []
    for item in results:
        if not isinstance(item, dict) or item.get("type") != "labels":
            continue
        value = item.get("value") if isinstance(item.get("value"), dict) else {}
        labels = value.get("labels")
        if not isinstance(labels, list) or not labels:
            report.skip(path, doc_id, value, "a labels region without labels")
            continue
        attributes: Record = {}
        meta = item.get("meta")
        if isinstance(meta, dict):
            # meta.text is Label Studio's own region comment, not an attribute
            attributes.update({k: v for k, v in meta.items() if k != "text"})
        attributes.update(per_region.get(str(item.get("id")), {}))
        for label in labels:
            span: Record = {"start": value.get("start"), "end": value.get("end"), "label": label}
            if isinstance(value.get("text"), str):
                fitted = _fit_text(span, value["text"], text, report, path, doc_id)
            else:
                fitted = span if _valid_span(span, text, report, path, doc_id) else None
            if fitted is not None:
                fitted.update({k: v for k, v in attributes.items() if k not in _SPAN_CORE})
                spans.append(fitted)
    return spans


def _attribute_value(kind: str, value: Record) -> Any:
    """A per-region Label Studio result as a JSON value (strings parsed where they can be)."""
    if kind == "number":
        return value.get("number")
    if kind == "rating":
        return value.get("rating")
    raw: Any = value.get("choices") if kind in ("choices", "taxonomy") else value.get("text")
    if isinstance(raw, list):
        raw = raw[0] if len(raw) == 1 else raw
    if isinstance(raw, list) and raw and all(isinstance(x, list) for x in raw):
        raw = raw[0][-1] if len(raw) == 1 else raw
    if isinstance(raw, str):
        try:
            return json.loads(raw)
        except json.JSONDecodeError:
            return raw
    return raw


def _jsonl(path: str) -> Iterable[tuple[int, Any]]:
    try:
        handle = open(path, encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from exc


# --------------------------------------------------------------------------- writing


def _attributes(span: Record) -> Record:
    return {k: v for k, v in span.items() if k not in _SPAN_CORE}


def _extras(record: Record) -> Record:
    return {k: v for k, v in record.items() if k not in ("text", "spans")}


def to_doccano(record: Record) -> Record:
    attributes = {
        f"{s['start']}:{s['end']}:{s['label']}": _attributes(s)
        for s in record["spans"]
        if _attributes(s)
    }
    meta = {**_extras(record), "attributes": attributes}
    return {
        "text": record["text"],
        "label": [[s["start"], s["end"], s["label"]] for s in record["spans"]],
        "meta": meta,
    }


def to_labelstudio(record: Record, index: int, target: str = "predictions") -> Record:
    from reportminer import __version__

    text = record["text"]
    result = []
    for number, span in enumerate(record["spans"]):
        item: Record = {
            "value": {
                "start": span["start"],
                "end": span["end"],
                "text": text[span["start"] : span["end"]],
                "labels": [span["label"]],
            },
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "id": f"rm{index}_{number}",
        }
        if _attributes(span):
            item["meta"] = _attributes(span)
        result.append(item)
    entry: Record = {"result": result}
    if target == "predictions":
        entry["model_version"] = f"reportminer {__version__}"
    return {"data": {"text": text, **_extras(record)}, target: [entry]}


def labelstudio_config(labels: Iterable[str] = LABELS) -> str:
    """A Label Studio labelling configuration for these labels (for a new project)."""
    tags = "".join(f'\n    <Label value="{label}"/>' for label in labels)
    return (
        '<View>\n  <Labels name="label" toName="text">' + tags + "\n  </Labels>\n"
        '  <Text name="text" value="$text"/>\n</View>\n'
    )


def write_records(
    records: list[Record], path: str, fmt: str, ls_target: str = "predictions"
) -> None:
    if fmt == "labelstudio":
        tasks = [to_labelstudio(r, i, ls_target) for i, r in enumerate(records)]
        payload = json.dumps(tasks, ensure_ascii=False, indent=1) + "\n"
    else:
        rows = records if fmt == "annotation" else [to_doccano(r) for r in records]
        payload = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if path == "-":
        import sys

        sys.stdout.write(payload)
    else:
        Path(path).write_text(payload, encoding="utf-8")


def read_records(
    path: str, fmt: str, report: ConversionReport, ls_text_key: str = "text"
) -> list[Record]:
    if fmt == "annotation":
        records = read_annotation(path, report)
    elif fmt == "doccano":
        records = read_doccano(path, report)
    elif fmt == "labelstudio":
        records = read_labelstudio(path, report, ls_text_key)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    report.documents += len(records)
    report.spans += sum(len(r["spans"]) for r in records)
    if fmt == "annotation":
        from reportminer.evaluation.documents import unresolved_ids

        keyed = [{**r, "id": record_id(r, i)} for i, r in enumerate(records)]
        for doc_id in unresolved_ids(path, keyed):
            report.notes.append(
                f"{path}: record {doc_id!r}: stand-off text not found (set REPORTMINER_CORPUS); "
                "record skipped"
            )
    unknown: dict[str, int] = {}
    for record in records:
        for span in record["spans"]:
            if span["label"] not in LABELS:
                unknown[span["label"]] = unknown.get(span["label"], 0) + 1
    for label, count in sorted(unknown.items()):
        report.notes.append(
            f"{path}: label {label!r} ({count} spans) is not an ANNOTATION.md label"
        )
    return records


def convert_file(
    source: str,
    target: str,
    from_format: str,
    to_format: str,
    *,
    ls_target: str = "predictions",
    ls_text_key: str = "text",
) -> ConversionReport:
    report = ConversionReport()
    records = read_records(source, from_format, report, ls_text_key)
    write_records(records, target, to_format, ls_target)
    return report


__all__ = [
    "FORMATS",
    "ConversionReport",
    "convert_file",
    "detect_format",
    "labelstudio_config",
    "read_records",
    "to_doccano",
    "to_labelstudio",
    "write_records",
]
