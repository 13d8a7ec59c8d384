"""reportminer: structured JSON from Chinese work reports.

Public API::

    import reportminer
    doc = reportminer.extract_text("一、基本情况\\n共投入资金13万余元。")
    doc.spans()                       # ANNOTATION.md spans
    reportminer.parse_figure("13万余元")  # Figure(value=130000, unit="元", approx="over", ...)
"""

from __future__ import annotations

__version__ = "0.1.0"

from reportminer.api import extract_file, extract_folder, extract_text  # noqa: E402
from reportminer.extractors.figures import parse_figure  # noqa: E402
from reportminer.types import (  # noqa: E402
    Document,
    DocumentRef,
    ErrorRecord,
    Figure,
    Heading,
    Honor,
    Measure,
    Program,
    Report,
    Section,
)

__all__ = [
    "Document",
    "DocumentRef",
    "ErrorRecord",
    "Figure",
    "Heading",
    "Honor",
    "Measure",
    "Program",
    "Report",
    "Section",
    "__version__",
    "extract_file",
    "extract_folder",
    "extract_text",
    "parse_figure",
]
