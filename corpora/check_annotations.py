"""Validate ANNOTATION.md JSONL files: offsets, overlaps, attributes and surface sanity.

Hand annotation goes wrong in a few typical ways (an offset off by one, a FIGURE value
without its 万 scaling, a HEADING that runs past the sentence end, a MEASURE whose marker
is not in front of it). This checker catches those mechanically so that a reviewer only
has to judge the decisions, not count characters.

Usage::

    python corpora/check_annotations.py [--complete] FILE.jsonl...

``--complete`` is for samples written for the project (``corpora/annotated/samples.jsonl``):
it also requires every attribute of every label, spans sorted by (start, end, label), headings
at the start of their line, both marks around a DOCUMENT and FIGURE values that agree with
the number in the surface. Annotations of scraped text are checked without it: the gold keeps
the text's quirks (titles glued to the body, a decimal point typed as 。, a missing 》).
Records without ``text`` (stand-off records) are skipped: their text lives in the shared
corpus. Exit status 1 when any error is found.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reportminer.types import SPAN_ATTRIBUTES as ATTRIBUTES

GENRES = {"summary", "plan", "speech", "profile", "other"}
ROLES = {"overview", "measures", "results", "problems", "plans", "other"}
KINDS = {
    "money",
    "length",
    "area",
    "volume",
    "weight",
    "duration",
    "percent",
    "people",
    "count",
    "other",
}
APPROX = {None, "over", "about", "under"}
STATUSES = {"received", "granted", "sought", "other"}
LEVELS = {None, "national", "province", "city", "county", "township", "unit"}

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CN_NUM = "一二三四五六七八九十百"

# The section markers of ANNOTATION.md, one alternative per family.
HEADING_MARKER = re.compile(
    rf"^(?:[{_CN_NUM}]+、"
    rf"|[(（][{_CN_NUM}]+[)）]"
    r"|[0-9０-９]+[、.．]"
    r"|[(（][0-9０-９]+[)）]"
    rf"|[{_CIRCLED}]"
    rf"|第[{_CN_NUM}]+(?:[，,、]|项议程[：:]|阶段[：:])"
    r"|\?\??|？|[●■◆□])"
)
_HEADING_END = set("。；;：:！!？?")
_MEASURE_MARKER = re.compile(
    rf"(?:[{_CN_NUM}]+[是要]|首先是?|其次是?|再次是?|最后是?|第[{_CN_NUM}]+|[{_CIRCLED}]|另?一方面)$"
)
_QUOTES = '“”"‘’「」'
_NUMERAL = re.compile(r"[0-9０-９零〇一二两兩三四五六七八九十百千万萬亿億xX×*_]")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _attribute_errors(span: dict[str, Any], complete: bool) -> list[str]:
    label = span["label"]
    allowed = ATTRIBUTES[label]
    errors = [
        f"unknown attribute {key!r}"
        for key in span
        if key not in ("start", "end", "label", *allowed)
    ]
    if complete:
        errors += [f"missing attribute {name!r}" for name in allowed if name not in span]

    def bad(name: str, ok: bool) -> None:
        if name in span and not ok:
            errors.append(f"{name}={span[name]!r} not allowed")

    if label == "REPORT":
        bad("title", span.get("title") is None or isinstance(span.get("title"), str))
        bad("genre", span.get("genre") in GENRES)
    elif label == "HEADING":
        level = span.get("level")
        bad("level", isinstance(level, int) and not isinstance(level, bool) and level >= 1)
        bad("role", span.get("role") in ROLES)
    elif label == "MEASURE":
        bad("marker", isinstance(span.get("marker"), str) and bool(span.get("marker")))
        ordinal = span.get("ordinal")
        bad("ordinal", isinstance(ordinal, int) and not isinstance(ordinal, bool) and ordinal >= 1)
    elif label == "FIGURE":
        value = span.get("value")
        is_range = (
            isinstance(value, list)
            and len(value) == 2
            and all(map(_is_number, value))
            and value[0] <= value[1]
        )
        bad("value", value is None or _is_number(value) or is_range)
        bad(
            "unit",
            span.get("unit") is None or (isinstance(span.get("unit"), str) and span["unit"] != ""),
        )
        bad("kind", span.get("kind") in KINDS)
        bad("approx", span.get("approx") in APPROX)
        bad("masked", isinstance(span.get("masked"), bool))
        if span.get("masked") is True and value is not None:
            errors.append("masked figure with a value")
        if span.get("masked") is False and "value" in span and value is None:
            errors.append("unmasked figure without a value")
    elif label == "HONOR":
        year = span.get("year")
        bad("status", span.get("status") in STATUSES)
        bad("level", span.get("level") in LEVELS)
        bad(
            "year",
            year is None
            or (isinstance(year, int) and not isinstance(year, bool) and 1949 <= year <= 2100),
        )
    return errors


def _marker_ordinal(marker: str) -> int | None:
    """The number a marker states (一是 → 1, ③ → 3, 其次 → 2), or None (最后)."""
    if marker[0] in _CIRCLED:
        return _CIRCLED.index(marker[0]) + 1
    if marker.startswith("首先"):
        return 1
    if marker.startswith("其次"):
        return 2
    if marker.startswith("再次"):
        return 3
    digits = marker.strip("第是要")
    if digits in _CN_DIGITS:
        return _CN_DIGITS[digits]
    if digits == "十":
        return 10
    if len(digits) == 2 and digits[0] == "十" and digits[1] in _CN_DIGITS:
        return 10 + _CN_DIGITS[digits[1]]
    return None


def _outside_quotes(surface: str) -> str:
    """The surface with quoted stretches and 《》 titles removed (their commas don't end a name)."""
    surface = re.sub(r"“[^”]*”|\"[^\"]*\"|《[^》]*》|「[^」]*」", "", surface)
    return surface


def _leading_number(surface: str) -> float | None:
    match = re.search(r"\d+(?:\.\d+)?", surface.translate(_FULL_WIDTH))
    return float(match.group()) if match else None


def _surface_errors(text: str, span: dict[str, Any], complete: bool) -> list[str]:
    start, end, label = span["start"], span["end"], span["label"]
    surface = text[start:end]
    errors = []
    if surface != surface.strip():
        errors.append("surface starts or ends with whitespace")
    if label != "REPORT" and ("\n" in surface or "\r" in surface):
        errors.append("surface crosses a line break")
    if label == "REPORT":
        title = span.get("title")
        first_line = surface.splitlines()[0].strip() if surface else ""
        # Scraped pages glue the title to the body ("…讲话同志们:"): the title is a prefix.
        if title is not None and not first_line.startswith(title):
            errors.append(f"title {title!r} does not open the first line {first_line!r}")
        if complete and title is not None and title != first_line:
            errors.append(f"title {title!r} is not the whole first line {first_line!r}")
    elif label == "HEADING":
        match = HEADING_MARKER.match(surface)
        if not match:
            errors.append("no section marker at the start")
        elif _HEADING_END & set(surface[match.end() :]):
            errors.append("runs past a sentence end")
        line_start = text.rfind("\n", 0, start) + 1
        if complete and text[line_start:start].strip():
            errors.append("does not start its line")
    elif label == "MEASURE":
        marker = span.get("marker")
        before = text[max(0, start - 8) : start]
        if marker and not before.endswith(marker):
            errors.append(f"marker {marker!r} is not in front of the span")
        if marker and not _MEASURE_MARKER.search(marker):
            errors.append(f"{marker!r} is not an enumerator")
        stated = _marker_ordinal(marker) if marker else None
        if stated is not None and span.get("ordinal") not in (None, stated):
            errors.append(f"ordinal {span.get('ordinal')} but marker {marker!r} says {stated}")
        if set("。；;！!") & set(surface) or set("，,") & set(_outside_quotes(surface)):
            errors.append("runs past the end of the measure name")
    elif label in ("PROGRAM", "HONOR"):
        # Quotes inside a name stay (“四五”普法, 除“四害”); a pair around the whole name does not.
        opening, closing = surface.count("“"), surface.count("”")
        wrapped = surface[:1] == "“" and surface[-1:] == "”" and opening == closing == 1
        if wrapped or opening != closing or surface[:1] in '"「' or surface[-1:] in '"」':
            errors.append("enclosing or unbalanced quotation marks")
        if surface[:1] in "、，," or surface[-1:] in "、，,":
            errors.append("list punctuation included")
        year = span.get("year")
        if (
            label == "HONOR"
            and year is not None
            and str(year) not in surface.translate(_FULL_WIDTH)
        ):
            errors.append(f"year {year} does not appear in the title")
    elif label == "DOCUMENT":
        closed = text[end : end + 1] == "》"
        opened = start > 0 and text[start - 1] in "《?？"
        if complete and not closed:
            errors.append("not followed by 》")
        if complete and not opened:
            errors.append("not preceded by 《 (or the ? of a broken mark)")
        if not (opened or closed):
            errors.append("neither 《 before nor 》 after")
    elif label == "FIGURE":
        if not _NUMERAL.search(surface):
            errors.append("no number in the surface")
        value = span.get("value")
        number = _leading_number(surface)
        low = value[0] if isinstance(value, list) and value else value
        if complete and _is_number(low) and number and not span.get("masked"):
            if not any(math.isclose(low, number * scale, rel_tol=1e-9) for scale in (1, 1e4, 1e8)):
                errors.append(
                    f"value {value!r} does not match the number {number:g} in the surface"
                )
    return errors


def check_record(record: dict[str, Any], complete: bool = False) -> list[str]:
    """Errors of one annotated document; empty when it is valid."""
    errors: list[str] = []
    text = record.get("text")
    if not isinstance(text, str):
        return ["no text"]
    if not isinstance(record.get("id"), str) or not record["id"]:
        errors.append("missing id")
    spans = record.get("spans")
    if not isinstance(spans, list):
        return [*errors, "spans is not a list"]
    valid: list[dict[str, Any]] = []
    for number, span in enumerate(spans):
        where = f"span {number}"
        if not isinstance(span, dict):
            errors.append(f"{where}: not an object")
            continue
        start, end, label = span.get("start"), span.get("end"), span.get("label")
        if label not in ATTRIBUTES:
            errors.append(f"{where}: unknown label {label!r}")
            continue
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            errors.append(f"{where} {label}: offsets {start!r}-{end!r} outside 0-{len(text)}")
            continue
        where = f"{label} {start}-{end} {text[start:end][:30]!r}"
        errors += [f"{where}: {e}" for e in _attribute_errors(span, complete)]
        errors += [f"{where}: {e}" for e in _surface_errors(text, span, complete)]
        valid.append(span)
    by_label: dict[str, list[dict[str, Any]]] = {}
    for span in valid:
        by_label.setdefault(span["label"], []).append(span)
    for label, group in by_label.items():
        group.sort(key=lambda s: (s["start"], s["end"]))
        for previous, current in zip(group, group[1:], strict=False):
            if current["start"] < previous["end"]:
                errors.append(
                    f"{label} {previous['start']}-{previous['end']} overlaps {current['start']}-{current['end']}"
                )
    reports = by_label.get("REPORT", [])
    if reports:
        for span in valid:
            if span["label"] != "REPORT" and not any(
                r["start"] <= span["start"] and span["end"] <= r["end"] for r in reports
            ):
                errors.append(
                    f"{span['label']} {span['start']}-{span['end']}: outside every REPORT"
                )
    if complete:
        keys = [
            (s.get("start"), s.get("end"), s.get("label")) for s in spans if isinstance(s, dict)
        ]
        if keys != sorted(keys, key=lambda k: (k[0], k[1], str(k[2]))):
            errors.append("spans not sorted by (start, end, label)")
    return errors


def check_file(path: str | Path, complete: bool = False) -> tuple[int, list[str]]:
    """(number of records checked, errors prefixed with the record id); stand-off records skipped."""
    checked = 0
    errors: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{path}:{line_number}: not JSON ({exc.msg})")
                continue
            if not isinstance(record, dict) or "text" not in record:
                continue
            checked += 1
            name = record.get("id", f"line {line_number}")
            errors += [f"{path}:{line_number} {name}: {e}" for e in check_record(record, complete)]
    return checked, errors


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument(
        "--complete", action="store_true", help="require every attribute and sorted spans"
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    failed = False
    for path in args.files:
        checked, errors = check_file(path, complete=args.complete)
        for error in errors:
            print(error)
        print(f"{path}: {checked} records with text, {len(errors)} errors", file=sys.stderr)
        failed = failed or bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
