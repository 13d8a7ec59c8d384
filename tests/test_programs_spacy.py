"""The optional spaCy component gives the same spans as the extractors."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from reportminer.extractors.spacy_spans import SPANS_KEY, make_nlp  # noqa: E402


def test_spacy_component_spans() -> None:
    nlp = make_nlp()
    doc = nlp("一是全面落实河长制，深入开展“清河行动”。二是学习《公民道德建设实施纲要》。")
    found = [(span.text, span.label_) for span in doc.spans[SPANS_KEY]]
    assert ("全面落实河长制", "MEASURE") in found
    assert ("河长制", "PROGRAM") in found
    assert ("清河行动", "PROGRAM") in found
    assert ("公民道德建设实施纲要", "DOCUMENT") in found
    measures = [s for s in doc.spans[SPANS_KEY] if s.label_ == "MEASURE"]
    assert [s._.attrs["ordinal"] for s in measures] == [1, 2]
    assert [s._.attrs["marker"] for s in measures] == ["一是", "二是"]
