"""The composition root: load -> normalise -> split reports -> sections -> extractors -> result.

The only module that imports every step. Steps work on the normalised text; here their
offsets are mapped back to the original decoded text before anything reaches the user.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from reportminer import extractors
from reportminer.errors import InputError
from reportminer.extractors.figures import written_unit
from reportminer.load import LoadedText, iter_inputs, load_path
from reportminer.normalise import NormalisedText, normalise
from reportminer.reports import split_reports
from reportminer.sections import add_sentences, build_tree, find_headings
from reportminer.types import (
    Document,
    ErrorRecord,
    Figure,
    Item,
    Measure,
    Report,
    Result,
    SourceInfo,
)


def extract_text(
    text: str,
    *,
    id: str = "text",
    source: SourceInfo | None = None,
    hints: dict | None = None,
) -> Document:
    """Extract reports, sections and items from one decoded text.

    Examples:
        >>> doc = extract_text("一、基本情况\\n共投入资金13万余元。")
        >>> [(s["label"], s["start"], s["end"]) for s in doc.spans()]
        [('HEADING', 0, 6), ('REPORT', 0, 18), ('FIGURE', 12, 17)]
    """
    norm = normalise(text)
    reports = split_reports(norm.text, hints=hints)
    for report in reports:
        headings = find_headings(
            norm.text, report.start, report.end, hints=hints, genre=report.genre
        )
        items = extractors.find_all(norm.text, report.start, report.end, headings)
        _to_original(norm, [report, *headings, *items])
        if report.title_start is not None and report.title_end is not None:
            # The title runs to the next kept character, so a trailing gloss such as
            # "總結(jié)" stays in it; surrounding whitespace is trimmed.
            title_start = norm.offsets.to_original(report.title_start)
            title_end = norm.offsets.to_original(report.title_end)
            raw_title = text[title_start:title_end]
            report.title = raw_title.strip()
            report.title_start = title_start + len(raw_title) - len(raw_title.lstrip())
            report.title_end = report.title_start + len(report.title)
        report.body = build_tree(report, headings, items)
        add_sentences(report.body, text)
    return Document(id=id, text=text, source=source or SourceInfo(), reports=reports)


def _to_original(norm: NormalisedText, items: Iterable[Item]) -> None:
    original = norm.original
    for item in items:
        normalised_surface = norm.text[item.start : item.end]
        item.start, item.end = norm.span_to_original(item.start, item.end)
        item.text = original[item.start : item.end]
        if isinstance(item, Figure) and item.unit is not None and item.text != normalised_surface:
            # Rules read simplified forms; the unit is reported as written (畝 stays 畝).
            item.unit = written_unit(item, item.text)
        if isinstance(item, Measure):
            if item.body_end > item.body_start:
                item.body_start, item.body_end = norm.span_to_original(
                    item.body_start, item.body_end
                )
            else:
                item.body_start, item.body_end = item.start, item.end


def extract_loaded(loaded: LoadedText) -> Document:
    """Run the pipeline on a text a reader produced."""
    return extract_text(loaded.text, id=loaded.id, source=loaded.source, hints=loaded.hints)


def extract_file(path: str | os.PathLike[str], **load_options: object) -> Document:
    """Extract one file; raises :class:`reportminer.errors.InputError` on bad input.

    A corpus file (.jsonl/.csv) holding several documents gives the first; use
    :func:`extract_folder` to get them all.
    """
    for loaded in load_path(Path(path), **load_options):  # type: ignore[arg-type]
        if isinstance(loaded, ErrorRecord):
            raise InputError(str(loaded), hint=loaded.hint)
        return extract_loaded(loaded)
    raise InputError(f"{path}: no document in file")


def extract_folder(
    path: str | os.PathLike[str], *, glob: str | None = None, **load_options: object
) -> Iterator[Result]:
    """Yield one result or error record per input file (per record of a corpus file)."""
    for loaded in iter_inputs([Path(path)], glob=glob, **load_options):  # type: ignore[arg-type]
        yield extract_or_error(loaded)


def extract_or_error(loaded: LoadedText | ErrorRecord) -> Result:
    """The pipeline with its failures turned into error records, for batch runs."""
    if isinstance(loaded, ErrorRecord):
        return loaded
    try:
        return extract_loaded(loaded)
    except Exception as exc:  # a bug of ours on one file must not stop the batch
        return ErrorRecord(
            loaded.id,
            loaded.source.path,
            "extraction failed",
            f"{type(exc).__name__}: {exc}",
            hint="please report this file to the reportminer developers",
            source=loaded.source,
        )


__all__ = ["Report", "extract_file", "extract_folder", "extract_loaded", "extract_text"]
