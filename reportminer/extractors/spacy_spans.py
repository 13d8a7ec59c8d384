"""MEASURE, PROGRAM and DOCUMENT spans as a spaCy pipeline component (optional).

For users who work in spaCy: ``make_nlp()`` returns ``spacy.blank("zh")`` (character
segmentation, no jieba) with the ``reportminer_spans`` component, which runs the same
extractors as the pipeline over ``doc.text`` and stores the results in
``doc.spans["reportminer"]`` (labels MEASURE, PROGRAM, DOCUMENT; a span's ``_.attrs``
holds the item's attributes when the extension is registered). spaCy costs about a second
to import, so the JSON pipeline never imports this module; it is only loaded on request.
"""

from __future__ import annotations

from typing import Any

SPANS_KEY = "reportminer"
COMPONENT = "reportminer_spans"


def _register() -> None:
    """Register the factory and the span extension once (spaCy keeps a global registry)."""
    from spacy.language import Language
    from spacy.tokens import Span

    if not Span.has_extension("attrs"):
        Span.set_extension("attrs", default=None)
    if Language.has_factory(COMPONENT):
        return

    @Language.factory(COMPONENT)
    def _make(nlp: Language, name: str) -> Any:  # noqa: ARG001 - spaCy's factory signature
        return add_spans


def add_spans(doc: Any) -> Any:
    """Run the MEASURE, PROGRAM and DOCUMENT extractors on ``doc`` and store the spans."""
    from reportminer.extractors import drop_nested_names
    from reportminer.extractors.documents import find_documents
    from reportminer.extractors.measures import find_measures
    from reportminer.extractors.programs import find_programs
    from reportminer.normalise import normalise

    norm = normalise(doc.text)
    end = len(norm.text)
    documents = find_documents(norm.text, 0, end, [])
    programs = find_programs(norm.text, 0, end, [])
    names = drop_nested_names({"DOCUMENT": documents, "PROGRAM": programs})
    items = sorted(names + find_measures(norm.text, 0, end, []), key=lambda it: it.start)
    spans = []
    for item in items:
        start, stop = norm.span_to_original(item.start, item.end)
        span = doc.char_span(start, stop, label=item.label, alignment_mode="expand")
        if span is None:
            continue
        span._.attrs = {k: v for k, v in item.span().items() if k not in ("start", "end", "label")}
        spans.append(span)
    doc.spans[SPANS_KEY] = spans
    return doc


def make_nlp() -> Any:
    """``spacy.blank("zh")`` with the reportminer span component."""
    import spacy

    _register()
    nlp = spacy.blank("zh")
    nlp.add_pipe(COMPONENT)
    return nlp
