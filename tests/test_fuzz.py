"""Property tests: any text gives valid spans; any bytes give a result or a clean error."""

from __future__ import annotations

from pathlib import Path

from fuzz_strategies import any_bytes, any_text
from hypothesis import HealthCheck, given, settings

from reportminer.api import extract_or_error, extract_text
from reportminer.load import LoadOptions, load_bytes
from reportminer.schema import validate
from reportminer.types import Document, ErrorRecord

FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_document(doc: Document) -> None:
    """The invariants every result must hold (also used by bench/fuzz.py)."""
    text = doc.text
    for item in doc.items():
        assert 0 <= item.start <= item.end <= len(text), item
        assert text[item.start : item.end] == item.text, item
    for span in doc.spans():
        assert 0 <= span["start"] <= span["end"] <= len(text)
    validate(doc.to_dict(), kind="document")
    validate(doc.to_spans_record(), kind="spans_record")


@FUZZ
@given(any_text)
def test_any_text_gives_valid_spans(text: str) -> None:
    check_document(extract_text(text))


@FUZZ
@given(any_bytes)
def test_any_bytes_give_a_result_or_a_clean_error(data: bytes) -> None:
    results = [
        extract_or_error(x) for x in load_bytes(Path("fuzz.txt"), data, options=LoadOptions())
    ]
    assert len(results) == 1
    (result,) = results
    if isinstance(result, ErrorRecord):
        assert result.error != "extraction failed", result  # a crash of ours, not bad input
        assert result.cause and result.path == "fuzz.txt"
        validate(result.to_dict(), kind="error")
    else:
        check_document(result)
