"""Result types shared by every pipeline step.

Extractors build items with offsets into the *normalised* text; ``api.py`` maps them back to
the original decoded text and fills ``text`` (the original surface) and ``section_path``.
Everything a user sees therefore refers to the original text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

Value = int | float | list[int | float] | None

LABELS = ("REPORT", "HEADING", "MEASURE", "PROGRAM", "DOCUMENT", "FIGURE", "HONOR")

# Attributes that ANNOTATION.md defines per label; only these go into the spans format.
SPAN_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "REPORT": ("title", "genre"),
    "HEADING": ("level", "role"),
    "MEASURE": ("marker", "ordinal"),
    "PROGRAM": (),
    "DOCUMENT": (),
    "FIGURE": ("value", "unit", "kind", "approx", "masked"),
    "HONOR": ("status", "level", "year"),
}


@dataclass(slots=True)
class Item:
    """A labelled span. ``start``/``end`` are Python offsets, end exclusive."""

    label: ClassVar[str] = ""
    start: int
    end: int
    text: str = ""
    section_path: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"label": self.label}
        for f in fields(self):
            out[f.name] = getattr(self, f.name)
        return out

    def span(self) -> dict[str, Any]:
        """The ANNOTATION.md span of this item (contract attributes only)."""
        out: dict[str, Any] = {"start": self.start, "end": self.end, "label": self.label}
        for name in SPAN_ATTRIBUTES[self.label]:
            out[name] = getattr(self, name)
        return out


@dataclass(slots=True)
class Heading(Item):
    label: ClassVar[str] = "HEADING"
    level: int = 1
    role: str = "other"
    marker: str = ""
    family: str = ""


@dataclass(slots=True)
class Measure(Item):
    label: ClassVar[str] = "MEASURE"
    marker: str = ""
    ordinal: int = 0
    body_start: int = 0
    body_end: int = 0
    flags: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Program(Item):
    label: ClassVar[str] = "PROGRAM"
    quoted: bool = False
    score: float | None = None


@dataclass(slots=True)
class DocumentRef(Item):
    label: ClassVar[str] = "DOCUMENT"
    title: str = ""


@dataclass(slots=True)
class Figure(Item):
    label: ClassVar[str] = "FIGURE"
    value: Value = None
    unit: str | None = None
    kind: str = "other"
    approx: str | None = None
    masked: bool = False
    metric: str | None = None
    context: str | None = None


@dataclass(slots=True)
class Honor(Item):
    label: ClassVar[str] = "HONOR"
    status: str = "other"
    level: str | None = None
    year: int | None = None
    issuer: str | None = None
    recipient: str | None = None


@dataclass(slots=True)
class Section:
    """A node of a report's section tree; the root has no heading and path []."""

    start: int
    end: int
    heading: Heading | None = None
    path: list[str] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)

    def walk(self) -> list[Section]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "heading": self.heading.to_dict() if self.heading else None,
            "path": list(self.path),
            "sentences": [list(span) for span in self.sentences],
            "items": [item.to_dict() for item in self.items],
            "children": [child.to_dict() for child in self.children],
        }


@dataclass(slots=True)
class Report(Item):
    label: ClassVar[str] = "REPORT"
    title: str | None = None
    genre: str = "other"
    title_start: int | None = None
    title_end: int | None = None
    body: Section | None = None

    def items(self, label: str | None = None) -> list[Item]:
        """Every item of the report in text order, optionally of one label."""
        found: list[Item] = []
        if self.body is not None:
            for section in self.body.walk():
                if section.heading is not None:
                    found.append(section.heading)
                found.extend(section.items)
        found.sort(key=lambda it: (it.start, it.end, it.label))
        if label is not None:
            found = [it for it in found if it.label == label]
        return found

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "title": self.title,
            "title_start": self.title_start,
            "title_end": self.title_end,
            "genre": self.genre,
            "sections": self.body.to_dict() if self.body else None,
        }


@dataclass(slots=True)
class SourceInfo:
    path: str | None = None
    sha256: str | None = None
    encoding: str | None = None
    format: str | None = None
    size: int | None = None
    record: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(slots=True)
class Document:
    """The result for one input text: its reports, their section trees and items."""

    id: str
    text: str
    source: SourceInfo
    reports: list[Report] = field(default_factory=list)

    def items(self, label: str | None = None) -> list[Item]:
        out: list[Item] = []
        for report in self.reports:
            if label in (None, "REPORT"):
                out.append(report)
            out.extend(report.items(None if label == "REPORT" else label))
        if label == "REPORT":
            out = [it for it in out if it.label == "REPORT"]
        out.sort(key=lambda it: (it.start, it.end, it.label))
        return out

    def spans(self) -> list[dict[str, Any]]:
        """The ANNOTATION.md spans of this document, sorted by offset then label."""
        return [item.span() for item in self.items()]

    def to_spans_record(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source.path, "text": self.text, "spans": self.spans()}

    def to_dict(self) -> dict[str, Any]:
        from reportminer import __version__
        from reportminer.schema import SCHEMA_VERSION

        return {
            "schema_version": SCHEMA_VERSION,
            "reportminer_version": __version__,
            "id": self.id,
            "status": "ok",
            "source": self.source.to_dict(),
            "text_length": len(self.text),
            "reports": [report.to_dict() for report in self.reports],
        }

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent, sort_keys=False)


@dataclass(slots=True)
class ErrorRecord:
    """A file that gave no result, with the reason in words a user can act on."""

    id: str
    path: str | None
    error: str
    cause: str
    hint: str | None = None
    source: SourceInfo | None = None

    def to_dict(self) -> dict[str, Any]:
        from reportminer import __version__
        from reportminer.schema import SCHEMA_VERSION

        return {
            "schema_version": SCHEMA_VERSION,
            "reportminer_version": __version__,
            "id": self.id,
            "status": "error",
            "path": self.path,
            "error": self.error,
            "cause": self.cause,
            "hint": self.hint,
            "source": self.source.to_dict() if self.source else None,
        }

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def __str__(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.path or self.id}: {self.error}: {self.cause}{hint}"


Result = Document | ErrorRecord
