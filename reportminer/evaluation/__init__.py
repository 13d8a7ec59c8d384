"""Evaluation of extracted spans against annotated samples, and annotation conversion.

``evaluate_files(gold, pred)`` pairs the documents of two ANNOTATION.md JSONL files (or runs
the extractor on the gold texts when ``pred`` is None) and scores them: see
:mod:`reportminer.evaluation.scorer` for the definitions, :mod:`.report` for the table and
JSON, :mod:`.html` for the side-by-side page and :mod:`.convert` for doccano / Label Studio.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from reportminer.evaluation.documents import (
    Pairing,
    Record,
    extract_predictions,
    load_annotation_file,
    pair_documents,
    unresolved_ids,
)
from reportminer.evaluation.scorer import DocumentScore, Summary, filter_labels, score_document


@dataclass(slots=True)
class Evaluation:
    """Scored documents, their summary, and what could not be scored."""

    gold_path: str | None
    pred_path: str | None
    labels: list[str] | None
    documents: list[DocumentScore]
    summary: Summary
    pairing: Pairing

    @property
    def extracted(self) -> bool:
        return self.pred_path is None


def document_labels(gold: Record, wanted: list[str] | None) -> list[str] | None:
    """The labels a document is scored on: ``wanted`` narrowed to the gold record's
    ``annotated_labels`` when it has them (a sample annotated for some labels only must not
    count every prediction of the others as a false alarm)."""
    annotated = gold.get("annotated_labels")
    if not isinstance(annotated, list):
        return wanted
    scope = [str(label) for label in annotated]
    return scope if wanted is None else [label for label in wanted if label in scope]


def evaluate_records(
    gold: Sequence[Record],
    pred: Sequence[Record] | None = None,
    *,
    labels: Iterable[str] | None = None,
    gold_path: str | None = None,
    pred_path: str | None = None,
    extract: Callable[[str, str], list[dict[str, Any]]] | None = None,
) -> Evaluation:
    """Score records (already checked, with unique ``id``); without ``pred``, extract."""
    wanted = sorted(set(labels)) if labels is not None else None
    if pred is None:
        pairing = Pairing()
        extract_predictions(gold, pairing, extract)
    else:
        pairing = pair_documents(gold, pred)
    documents = []
    for g, p in pairing.pairs:
        scope = document_labels(g, wanted)
        documents.append(
            score_document(
                g["id"],
                g["text"],
                filter_labels(g["spans"], scope),
                filter_labels(p["spans"], scope),
            )
        )
    summary = Summary.of(doc.counts for doc in documents)
    return Evaluation(gold_path, pred_path, wanted, documents, summary, pairing)


def evaluate_files(
    gold_path: str | os.PathLike[str],
    pred_path: str | os.PathLike[str] | None = None,
    *,
    labels: Iterable[str] | None = None,
) -> Evaluation:
    """Score ``pred_path`` against ``gold_path`` (both ANNOTATION.md JSONL).

    Raises :class:`reportminer.errors.InputError` naming the file when one is malformed.
    """
    gold = load_annotation_file(gold_path)
    pred = load_annotation_file(pred_path) if pred_path is not None else None
    evaluation = evaluate_records(
        gold,
        pred,
        labels=labels,
        gold_path=os.fspath(gold_path),
        pred_path=os.fspath(pred_path) if pred_path is not None else None,
    )
    for path, records in ((gold_path, gold), (pred_path, pred)):
        if path is not None and records is not None:
            evaluation.pairing.text_not_found.extend(
                {"file": os.fspath(path), "id": doc_id} for doc_id in unresolved_ids(path, records)
            )
    return evaluation


__all__ = ["Evaluation", "evaluate_files", "evaluate_records"]
