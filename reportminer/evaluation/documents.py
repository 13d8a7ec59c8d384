"""Load gold and predicted annotations, check them, and pair documents for scoring.

Documents are paired by ``id``; a gold document with no prediction of the same id is paired
by its file name without extension (from ``id`` or ``source``) when exactly one prediction
has that name. Pairs whose texts differ are not scored but listed, as are documents
missing on either side: a score over silently dropped documents would look better than it is.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from reportminer.errors import InputError

log = logging.getLogger(__name__)

Record = dict[str, Any]


def record_id(record: Record, index: int) -> str:
    """The document id: ``id``, else ``source``, else ``#<line>``."""
    for key in ("id", "source"):
        value = record.get(key)
        if value not in (None, ""):
            return str(value)
    return f"#{index + 1}"


def file_stem(name: str) -> str:
    """``raw/pages/a.txt`` -> ``a``: the file name without directory and extension."""
    return PurePosixPath(name.replace("\\", "/")).stem


def span_problem(span: Any, text: str) -> str | None:
    """Why ``span`` is not a valid span of ``text``, or None when it is."""
    if not isinstance(span, dict):
        return "a span must be an object"
    start, end, label = span.get("start"), span.get("end"), span.get("label")
    if not (_is_int(start) and _is_int(end)):
        return "'start' and 'end' must be integers"
    if not isinstance(label, str) or not label:
        return "'label' must be a non-empty string"
    if not 0 <= start < end <= len(text):
        return f"offsets out of range (need 0 <= start < end <= {len(text)})"
    return None


def check_spans(record: Record, path: str, doc_id: str) -> None:
    """Raise :class:`InputError` naming file, record and span when a span is malformed."""
    text = record.get("text")
    spans = record.get("spans")
    if not isinstance(text, str):
        raise InputError(f"{path}: record {doc_id!r}: 'text' must be a string")
    if not isinstance(spans, list):
        raise InputError(f"{path}: record {doc_id!r}: 'spans' must be a list")
    for number, span in enumerate(spans):
        problem = span_problem(span, text)
        if problem is not None:
            raise InputError(f"{path}: record {doc_id!r}: span {number} {_short(span)}: {problem}")


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _short(span: Any) -> str:
    if isinstance(span, dict):
        return f"[{span.get('start')}, {span.get('end')}, {span.get('label')!r}]"
    return repr(span)[:60]


def load_annotation_file(path: str | os.PathLike[str]) -> list[Record]:
    """Records of an ANNOTATION.md JSONL file (stand-off resolved), checked, ids unique."""
    from reportminer.annotations import read_annotations

    path_str = os.fspath(path)
    try:
        records = read_annotations(path_str)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path_str}: not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise InputError(f"{path_str}: cannot read ({exc.strerror or exc})") from exc
    seen: set[str] = set()
    out = []
    for index, record in enumerate(records):
        doc_id = record_id(record, index)
        if doc_id in seen:
            raise InputError(f"{path_str}: document id {doc_id!r} occurs more than once")
        seen.add(doc_id)
        check_spans(record, path_str, doc_id)
        out.append({**record, "id": doc_id})
    return out


def unresolved_ids(path: str | os.PathLike[str], records: Sequence[Record]) -> list[str]:
    """Ids of the stand-off records of ``path`` whose texts were not found (so not loaded)."""
    import json

    loaded = {r["id"] for r in records}
    out = []
    with open(path, encoding="utf-8-sig") as handle:
        for index, line in enumerate(ln for ln in handle if ln.strip()):
            raw = json.loads(line)
            if isinstance(raw, dict) and "text" not in raw:
                doc_id = record_id(raw, index)
                if doc_id not in loaded:
                    out.append(doc_id)
    return out


@dataclass(slots=True)
class Pairing:
    """Gold documents with their predictions, and the documents that cannot be scored."""

    pairs: list[tuple[Record, Record]] = field(default_factory=list)
    text_differs: list[dict[str, Any]] = field(default_factory=list)
    missing_in_pred: list[str] = field(default_factory=list)
    missing_in_gold: list[str] = field(default_factory=list)
    extraction_failed: list[dict[str, str]] = field(default_factory=list)
    # stand-off records whose source text was not found: {"file", "id"}
    text_not_found: list[dict[str, str]] = field(default_factory=list)

    def unscored_count(self) -> int:
        return (
            len(self.text_differs)
            + len(self.missing_in_pred)
            + len(self.missing_in_gold)
            + len(self.text_not_found)
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "text_differs": self.text_differs,
            "missing_in_pred": self.missing_in_pred,
            "missing_in_gold": self.missing_in_gold,
            "extraction_failed": self.extraction_failed,
            "text_not_found": self.text_not_found,
        }


def pair_documents(gold: Sequence[Record], pred: Sequence[Record]) -> Pairing:
    """Pair by id, then by file name without extension where that is unambiguous."""
    pairing = Pairing()
    pred_by_id = {r["id"]: r for r in pred}
    matched: list[tuple[Record, Record | None]] = []
    used: set[str] = set()
    for g in gold:
        p = pred_by_id.get(g["id"])
        if p is not None:
            used.add(p["id"])
        matched.append((g, p))
    by_stem: dict[str, list[Record]] = {}
    for p in pred:
        if p["id"] in used:
            continue
        for key in _stems(p):
            by_stem.setdefault(key, []).append(p)
    resolved: list[tuple[Record, Record | None]] = []
    for g, p in matched:
        if p is None:
            candidates = {id(c): c for key in _stems(g) for c in by_stem.get(key, [])}
            if len(candidates) == 1:
                only = next(iter(candidates.values()))
                if only["id"] not in used:
                    p = only
                    used.add(only["id"])
        resolved.append((g, p))
    for g, p in resolved:
        if p is None:
            pairing.missing_in_pred.append(g["id"])
        elif p["text"] != g["text"]:
            pairing.text_differs.append(
                {
                    "id": g["id"],
                    "pred_id": p["id"],
                    "detail": describe_difference(g["text"], p["text"]),
                }
            )
        else:
            pairing.pairs.append((g, p))
    pairing.missing_in_gold = [p["id"] for p in pred if p["id"] not in used]
    return pairing


def _stems(record: Record) -> set[str]:
    keys = {file_stem(record["id"])}
    if record.get("source"):
        keys.add(file_stem(str(record["source"])))
    keys.discard("")
    return keys


def describe_difference(gold: str, pred: str) -> str:
    """Where two texts first differ, and a likely cause a user can fix."""
    if gold.replace("\r\n", "\n") == pred.replace("\r\n", "\n"):
        return "line endings differ (\\r\\n versus \\n): decode the file without folding them"
    if gold.lstrip("\ufeff") == pred.lstrip("\ufeff"):
        return "a byte-order mark differs: it is not part of the text"
    limit = min(len(gold), len(pred))
    first = next((i for i in range(limit) if gold[i] != pred[i]), limit)
    return (
        f"texts differ from offset {first} (gold {len(gold)} characters, pred {len(pred)}): "
        f"gold {gold[first : first + 12]!r} vs pred {pred[first : first + 12]!r}"
    )


def extract_predictions(
    gold: Sequence[Record],
    pairing: Pairing,
    extract: Callable[[str, str], list[dict[str, Any]]] | None = None,
) -> None:
    """Run the extractor on every gold text and pair the results (in place).

    A document the extractor fails on is scored with no predictions (that is what a user
    gets for it) and listed in ``extraction_failed``.
    """
    run = extract or _extract_spans
    for g in gold:
        try:
            spans = run(g["text"], g["id"])
        except Exception as exc:  # one failing document must not hide the others' scores
            log.error("%s: extraction failed: %s: %s", g["id"], type(exc).__name__, exc)
            pairing.extraction_failed.append(
                {"id": g["id"], "error": f"{type(exc).__name__}: {exc}"}
            )
            spans = []
        valid = [s for s in spans if span_problem(s, g["text"]) is None]
        if len(valid) != len(spans):
            bad = [_short(s) for s in spans if span_problem(s, g["text"]) is not None]
            log.error(
                "%s: extractor gave %d invalid spans: %s", g["id"], len(bad), ", ".join(bad[:5])
            )
            pairing.extraction_failed.append(
                {"id": g["id"], "error": f"{len(bad)} invalid spans dropped: {', '.join(bad[:5])}"}
            )
        pairing.pairs.append((g, {"id": g["id"], "text": g["text"], "spans": valid}))


def _extract_spans(text: str, doc_id: str) -> list[dict[str, Any]]:
    import reportminer

    return reportminer.extract_text(text, id=doc_id).spans()
