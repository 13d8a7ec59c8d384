"""spaCy pipeline component ``reportminer``.

    import spacy, reportminer.spacy_component  # the import registers the factory
    nlp = spacy.blank("zh")
    nlp.add_pipe("reportminer")
    doc = nlp("一、基本情况\\n共投入资金13万余元。")
    doc.spans["reportminer"]            # labelled spans (REPORT, HEADING, FIGURE, ...)
    doc._.figures[0]["value"]           # 130000
    spacy.displacy.render(doc, style="span", options={"spans_key": "reportminer"})

With the package's ``spacy_factories`` entry point the import is not needed. The extension
attributes hold plain dicts (``Item.to_dict()``), so docs stay serialisable (DocBin, pickle).
Character offsets become token spans with ``alignment_mode="expand"``; with spaCy's default
character segmentation for Chinese they are exact. ``span._.reportminer`` gives a span's
attributes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from reportminer.types import LABELS

DOC_EXTENSIONS = {
    "reports": "REPORT",
    "headings": "HEADING",
    "measures": "MEASURE",
    "programs": "PROGRAM",
    "documents": "DOCUMENT",
    "figures": "FIGURE",
    "honors": "HONOR",
}


def register_extensions() -> None:
    """Declare ``doc._.reports`` etc. and ``span._.reportminer`` (idempotent)."""
    for name in (*DOC_EXTENSIONS, "reportminer"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Span.has_extension("reportminer"):
        Span.set_extension("reportminer", getter=_span_attributes)


def _span_attributes(span: Span) -> dict[str, Any] | None:
    """The extracted item behind a span of the reportminer group (matched by label + chars)."""
    items = span.doc._.reportminer or {}
    for item in items.get("items", ()):
        if (
            item["label"] == span.label_
            and item["start"] >= span.start_char
            and item["end"] <= span.end_char
        ):
            return item
    return None


class ReportminerComponent:
    """Runs the reportminer pipeline on ``doc.text`` and writes spans and extension values."""

    def __init__(self, nlp: Language, name: str, spans_key: str, labels: Iterable[str]) -> None:
        unknown = set(labels) - set(LABELS)
        if unknown:
            raise ValueError(f"unknown labels {sorted(unknown)}; known: {', '.join(LABELS)}")
        self.name = name
        self.spans_key = spans_key
        self.labels = tuple(labels)
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        from reportminer import api

        result = api.extract_text(doc.text, id="doc")
        items = [item for item in result.items() if item.label in self.labels]
        spans = []
        dicts: dict[str, list[dict[str, Any]]] = {name: [] for name in DOC_EXTENSIONS}
        by_label = {label: name for name, label in DOC_EXTENSIONS.items()}
        all_items = []
        for item in items:
            data = item.to_dict()  # a REPORT's dict holds its section tree
            all_items.append(data)
            dicts[by_label[item.label]].append(data)
            span = doc.char_span(item.start, item.end, label=item.label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        for name, values in dicts.items():
            doc._.set(name, values)
        doc._.set("reportminer", {"id": result.id, "items": all_items})
        return doc


@Language.factory(
    "reportminer",
    default_config={"spans_key": "reportminer", "labels": list(LABELS)},
)
def make_component(
    nlp: Language, name: str, spans_key: str, labels: list[str]
) -> ReportminerComponent:
    """The ``reportminer`` factory: ``nlp.add_pipe("reportminer", config={...})``."""
    return ReportminerComponent(nlp, name, spans_key, labels)
