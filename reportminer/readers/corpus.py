"""Corpus files: .jsonl and .csv holding one document per record.

The text field and the id field are taken from ``--text-field``/``--id-field`` or guessed from
the header (content, full_text, text, Text, 正文, 中文 …; id, slug, title, Date …). Each record
becomes one :class:`LoadedText` whose text is the field's value exactly as stored (offsets
refer to it) and whose ``source.record`` is the record's id (made unique by a ``~N`` suffix
when ids repeat). Records without text are skipped with a warning; a file where no record
has text is an error.

Sentence- or paragraph-aligned corpora (one row per sentence, e.g. a zh–en parallel CSV)
hold a document across many rows: with ``options.group_field`` (``--group-field 报告年份``)
consecutive-or-not rows sharing that field's value become one document, their texts joined
by newlines in file order, and the group value is the record id.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportminer.errors import InputError

if TYPE_CHECKING:
    from reportminer.load import LoadedText, LoadOptions

log = logging.getLogger(__name__)

# In order of preference; compared case-sensitively first, then case-insensitively.
TEXT_FIELDS = (
    "content",
    "full_text",
    "fulltext",
    "text",
    "Text",
    "body",
    "article",
    "正文",
    "内容",
    "全文",
    "文本",
    "中文",
    "原始中文",
)
ID_FIELDS = (
    "id",
    "ID",
    "doc_id",
    "slug",
    "title",
    "Title",
    "标题",
    "name",
    "url",
    "date",
    "Date",
    "日期",
)


def read_jsonl(path: Path, data: bytes, options: LoadOptions) -> list[LoadedText]:
    from reportminer.readers.text import detect_and_decode

    decoded, encoding = detect_and_decode(data, options.encoding)
    records = list(_json_records(decoded, path))
    return _documents(path, data, encoding, "jsonl", records, options)


def read_csv(path: Path, data: bytes, options: LoadOptions) -> list[LoadedText]:
    from reportminer.readers.text import detect_and_decode

    decoded, encoding = detect_and_decode(data, options.encoding)
    # Texts of whole reports exceed csv's default 128 KiB field limit.
    if csv.field_size_limit() < len(decoded) + 1:
        csv.field_size_limit(len(decoded) + 1)
    sample = decoded[:65536]
    try:
        dialect: Any = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(decoded, newline=""), dialect=dialect)
    try:
        records = [(number, row) for number, row in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise InputError(
            f"malformed CSV at line {reader.line_num}: {exc}",
            hint="check quoting of the text column",
        ) from exc
    if reader.fieldnames is None:
        raise InputError("empty CSV file", hint="nothing to extract")
    return _documents(path, data, encoding, "csv", records, options)


def _json_records(decoded: str, path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    bad = 0
    for number, line in enumerate(decoded.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            bad += 1
            log.warning("%s:%d: not JSON (%s); record skipped", path, number, exc.msg)
            continue
        if not isinstance(record, dict):
            log.warning("%s:%d: not a JSON object; record skipped", path, number)
            continue
        yield number, record
    if bad:
        log.warning("%s: %d malformed lines skipped", path, bad)


def pick_field(
    fields: Iterable[str], wanted: str | None, candidates: tuple[str, ...], what: str
) -> str | None:
    """The field to use: the one asked for (must exist), else the first known candidate."""
    names = [name for name in fields if name is not None]
    if wanted is not None:
        if wanted in names:
            return wanted
        raise InputError(f"no {what} field {wanted!r}", hint=f"fields are: {', '.join(names[:30])}")
    for candidate in candidates:
        if candidate in names:
            return candidate
    lowered = {name.lower().strip(): name for name in names}
    for candidate in candidates:
        if candidate.lower() in lowered:
            return lowered[candidate.lower()]
    return None


def _documents(
    path: Path,
    data: bytes,
    encoding: str,
    fmt: str,
    records: list[tuple[int, dict[str, Any]]],
    options: LoadOptions,
) -> list[LoadedText]:
    from reportminer.load import LoadedText, _source

    if not records:
        raise InputError(
            f"no records in {fmt} file", hint="one JSON object or CSV row per document"
        )
    fields: dict[str, None] = {}
    for _, record in records[:50]:
        fields.update(dict.fromkeys(record))
    text_field = pick_field(fields, options.text_field, TEXT_FIELDS, "text")
    if text_field is None:
        raise InputError(
            "cannot tell which field holds the text",
            hint=f"pass --text-field (fields: {', '.join(list(fields)[:30])})",
        )
    id_field = pick_field(fields, options.id_field, ID_FIELDS, "id")
    group_field = getattr(options, "group_field", None)
    if group_field is not None:
        group_field = pick_field(fields, group_field, (), "group")
        records = _grouped(records, text_field, group_field)
        id_field = group_field
    base = _source(path, data, encoding, fmt)
    seen: dict[str, int] = {}
    out: list[LoadedText] = []
    for number, record in records:
        text = record.get(text_field)
        if not isinstance(text, str) or not text.strip():
            log.warning("%s: record %d has no text in %r; skipped", path, number, text_field)
            continue
        raw_id = record.get(id_field) if id_field else None
        record_id = str(raw_id).strip() if raw_id not in (None, "") else str(number)
        count = seen.get(record_id, 0) + 1
        seen[record_id] = count
        if count > 1:
            record_id = f"{record_id}~{count}"
        meta = {
            key: value
            for key, value in record.items()
            if key != text_field
            and isinstance(value, (str, int, float, bool))
            and (not isinstance(value, str) or len(value) <= 500)
        }
        out.append(
            LoadedText(
                id=record_id,
                text=text.removeprefix("\ufeff"),
                source=replace(base, record=record_id),
                hints={"format": fmt, "record": number, "text_field": text_field, "metadata": meta},
            )
        )
    if not out:
        raise InputError(
            f"no record has text in field {text_field!r}",
            hint="pick the text column with --text-field",
        )
    return out


def _grouped(
    records: list[tuple[int, dict[str, Any]]], text_field: str, group_field: str
) -> list[tuple[int, dict[str, Any]]]:
    """One record per value of ``group_field``: texts joined by newlines, in file order."""
    groups: dict[str, tuple[int, dict[str, Any], list[str]]] = {}
    for number, record in records:
        text = record.get(text_field)
        if not isinstance(text, str) or not text.strip():
            continue
        key = str(record.get(group_field))
        if key not in groups:
            groups[key] = (number, {group_field: record.get(group_field)}, [])
        groups[key][2].append(text)
    return [
        (number, {**head, text_field: "\n".join(texts)}) for number, head, texts in groups.values()
    ]
