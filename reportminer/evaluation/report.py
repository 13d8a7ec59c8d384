"""The evaluation as a terminal table and as JSON.

The table puts what matters first (a CI log often shows only its head): per-label strict and
overlap P/R/F1 with micro and macro averages, then attribute accuracy on strict matches,
then the documents that could not be scored, then (``--per-doc``) one line per document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportminer.evaluation.scorer import LabelCounts, Summary

if TYPE_CHECKING:
    from reportminer.evaluation import Evaluation

MAX_LISTED = 8  # unscored documents listed per reason; the JSON has them all


def _f(x: float) -> str:
    return f"{x:.3f}"


def _score_cells(scores: tuple[float, float, float]) -> str:
    return " ".join(f"{_f(v):>6}" for v in scores)


def summary_table(summary: Summary, title: str = "label") -> list[str]:
    header = f"{title:<9} {'gold':>6} {'pred':>6} | strict {'P':>6} {'R':>6} {'F1':>6} | overlap {'P':>6} {'R':>6} {'F1':>6}"
    lines = [header, "-" * len(header)]
    for label, c in summary.labels.items():
        lines.append(_row(label, c))
    if not summary.labels:
        lines.append("(no spans in gold or predictions)")
        return lines
    lines.append("-" * len(header))
    lines.append(_row("micro", summary.micro()))
    lines.append(
        f"{'macro':<9} {'':>6} {'':>6} | {'':6} {_score_cells(summary.macro('strict'))} "
        f"| {'':7} {_score_cells(summary.macro('overlap'))}"
    )
    return lines


def _row(name: str, c: LabelCounts) -> str:
    return (
        f"{name:<9} {c.gold:>6} {c.pred:>6} | {'':6} {_score_cells(c.strict_prf())} "
        f"| {'':7} {_score_cells(c.overlap_prf())}"
    )


def attribute_lines(summary: Summary) -> list[str]:
    """``FIGURE    n=120  all 0.900  value 0.958  unit 0.983 …`` per label with attributes.

    n is the number of strict matches whose gold carries attributes; an attribute carried by
    fewer of them shows its own count in parentheses.
    """
    lines = []
    for label, c in summary.labels.items():
        if not c.attributes:
            continue
        n = c.with_attributes
        cells = [f"all {_f(c.all_attributes_right / n)}"] if n else []
        for name, (correct, total) in c.attributes.items():
            cell = f"{name} {_f(correct / total)}"
            if total != n:
                cell += f"({total})"
            cells.append(cell)
        lines.append(f"{label:<9} n={n:<5} " + "  ".join(cells))
    return lines


def render_table(evaluation: Evaluation, per_doc: bool = False) -> str:
    ev = evaluation
    pairing = ev.pairing
    scored = len(ev.documents)
    source = "extracted from gold texts" if ev.extracted else f"pred {ev.pred_path}"
    lines = [f"gold {ev.gold_path} vs {source}"]
    status = f"documents: {scored} scored"
    if pairing.unscored_count():
        status += (
            f", NOT scored: {len(pairing.text_differs)} text differs, "
            f"{len(pairing.missing_in_pred)} missing in pred, "
            f"{len(pairing.missing_in_gold)} missing in gold"
        )
        if pairing.text_not_found:
            status += f", {len(pairing.text_not_found)} stand-off texts not found"
        status += " (listed below)"
    if pairing.extraction_failed:
        status += f", extraction failed on {len(pairing.extraction_failed)} (listed below)"
    if ev.labels is not None:
        status += f"; labels {','.join(ev.labels)}"
    lines.append(status)
    lines.append("")
    lines.extend(summary_table(ev.summary))
    attrs = attribute_lines(ev.summary)
    if attrs:
        lines.append("")
        lines.append("attribute accuracy on strict matches:")
        lines.extend(attrs)
    lines.extend(_unscored_lines(ev))
    if per_doc:
        lines.append("")
        lines.extend(per_document_lines(ev))
    return "\n".join(lines) + "\n"


def _unscored_lines(ev: Evaluation) -> list[str]:
    lines: list[str] = []
    p = ev.pairing
    sections: list[tuple[str, list[str]]] = [
        ("text differs (not scored)", [f"{d['id']}: {d['detail']}" for d in p.text_differs]),
        ("missing in pred (not scored)", list(p.missing_in_pred)),
        ("missing in gold (not scored)", list(p.missing_in_gold)),
        ("extraction failed", [f"{d['id']}: {d['error']}" for d in p.extraction_failed]),
        (
            "stand-off texts not found (not scored; set REPORTMINER_CORPUS to the corpus root)",
            [f"{d['file']}: {d['id']}" for d in p.text_not_found],
        ),
    ]
    for title, entries in sections:
        if not entries:
            continue
        lines.append("")
        lines.append(f"{title}: {len(entries)}")
        lines.extend(f"  {entry}" for entry in entries[:MAX_LISTED])
        if len(entries) > MAX_LISTED:
            lines.append(f"  … and {len(entries) - MAX_LISTED} more (see --json)")
    return lines


def per_document_lines(ev: Evaluation) -> list[str]:
    header = f"{'gold':>6} {'pred':>6} | strict {'P':>6} {'R':>6} {'F1':>6} | overlap {'F1':>6} | document"
    lines = ["per document (micro over labels):", header, "-" * len(header)]
    for doc in ev.documents:
        micro = doc.summary().micro()
        lines.append(
            f"{micro.gold:>6} {micro.pred:>6} | {'':6} {_score_cells(micro.strict_prf())} "
            f"| {'':7} {_f(micro.overlap_prf()[2]):>6} | {doc.id}"
        )
    return lines


def to_json_dict(evaluation: Evaluation, per_doc: bool = True) -> dict[str, Any]:
    """The machine-readable evaluation (documented in ``reportminer evaluate --help``)."""
    ev = evaluation
    out: dict[str, Any] = {
        "gold": ev.gold_path,
        "pred": ev.pred_path,
        "extracted": ev.extracted,
        "labels_filter": ev.labels,
        "documents_scored": len(ev.documents),
        **ev.summary.to_dict(),
        "unscored": ev.pairing.to_dict(),
    }
    if per_doc:
        out["documents"] = [
            {"id": doc.id, **doc.summary().to_dict(), "errors": doc.errors()}
            for doc in ev.documents
        ]
    return out
