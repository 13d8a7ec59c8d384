"""Span scoring: strict and overlap matching, P/R/F1 per label, attribute accuracy.

Definitions (the contract the tests check by hand):

- **strict**: a predicted span matches a gold span when start, end and label are equal.
  Matching is one-to-one (a duplicate prediction of a matched span is a false alarm).
- **overlap**: one-to-one matching of spans of the same label that share at least one
  character (nervaluate's ``ent_type`` scheme). The assignment is greedy and deterministic:
  candidate pairs are taken in the order (1) exact pairs first, (2) larger overlap first,
  (3) earlier gold span (start, end), (4) earlier predicted span (start, end). Exact pairs
  first makes every strict match an overlap match, so overlap scores are never lower.
- **partial** (JSON only): nervaluate's ``partial`` scheme on the same assignment — a
  boundary mismatch counts half: P = (strict + 0.5 * (overlap - strict)) / pred.
- P = tp / pred, R = tp / gold, F1 = 2PR / (P + R); a zero denominator gives 0, except
  that nothing in gold and nothing predicted scores 1 (nothing to find, nothing found).
- **micro** sums tp, gold and pred over labels; **macro** is the unweighted mean of the
  per-label P, R and F1 over the labels present in gold or predictions.
- **attributes** are scored on strict matches only, for each attribute the gold span
  carries (ANNOTATION.md: a missing attribute is not scored). A predicted span without the
  attribute counts as null. FIGURE ``value`` compares numbers with a relative tolerance of
  1e-6 (ranges element-wise); booleans compare only with booleans; everything else by ``==``.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportminer.types import LABELS, SPAN_ATTRIBUTES

Span = dict[str, Any]

VALUE_REL_TOL = 1e-6
# Keys of a span that are never attributes (ANNOTATION.md: keys beyond start, end, label).
_NOT_ATTRIBUTES = frozenset({"start", "end", "label", "text"})


# --------------------------------------------------------------------------- matching


@dataclass(slots=True)
class Matching:
    """The one-to-one assignment between the gold and predicted spans of one document.

    ``pairs`` holds (gold index, pred index, exact) for every overlap match; indices refer
    to the ``gold``/``pred`` lists as given.
    """

    gold: list[Span]
    pred: list[Span]
    pairs: list[tuple[int, int, bool]]

    def gold_partner(self) -> dict[int, tuple[int, bool]]:
        return {g: (p, exact) for g, p, exact in self.pairs}

    def pred_partner(self) -> dict[int, tuple[int, bool]]:
        return {p: (g, exact) for g, p, exact in self.pairs}


def match_spans(gold: Sequence[Span], pred: Sequence[Span]) -> Matching:
    """Assign predicted spans to gold spans of the same label (see the module docstring)."""
    pairs: list[tuple[int, int, bool]] = []
    for label in sorted({s["label"] for s in gold} & {s["label"] for s in pred}):
        gold_idx = [i for i, s in enumerate(gold) if s["label"] == label]
        pred_idx = sorted(
            (i for i, s in enumerate(pred) if s["label"] == label),
            key=lambda i: (pred[i]["start"], pred[i]["end"], i),
        )
        pairs.extend(_match_label(gold, pred, gold_idx, pred_idx))
    pairs.sort()
    return Matching(list(gold), list(pred), pairs)


def _match_label(
    gold: Sequence[Span], pred: Sequence[Span], gold_idx: list[int], pred_idx: list[int]
) -> list[tuple[int, int, bool]]:
    pred_starts = [pred[i]["start"] for i in pred_idx]
    reach: list[int] = []  # reach[k]: the furthest end among predictions 0..k
    furthest = -1
    for i in pred_idx:
        furthest = max(furthest, pred[i]["end"])
        reach.append(furthest)
    candidates: list[tuple[int, int, int, int, int, int, int, int]] = []
    for gi in gold_idx:
        g_start, g_end = gold[gi]["start"], gold[gi]["end"]
        # Predictions are sorted by start: those that can overlap start before the gold end
        # and come after every prefix that ends at or before the gold start.
        for k in range(bisect_right(reach, g_start), bisect_right(pred_starts, g_end - 1)):
            pi = pred_idx[k]
            p_start, p_end = pred[pi]["start"], pred[pi]["end"]
            overlap = min(g_end, p_end) - max(g_start, p_start)
            if overlap <= 0:
                continue
            exact = 0 if (p_start, p_end) == (g_start, g_end) else 1
            candidates.append((exact, -overlap, g_start, g_end, p_start, p_end, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    out = []
    for exact, _, _, _, _, _, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        out.append((gi, pi, exact == 0))
    return out


# --------------------------------------------------------------------------- attributes


def attribute_names(span: Span) -> list[str]:
    """The attributes a gold span carries, in ANNOTATION.md's order for known labels."""
    known = SPAN_ATTRIBUTES.get(span["label"])
    if known is not None:
        return [name for name in known if name in span]
    return sorted(k for k in span if k not in _NOT_ATTRIBUTES)


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def values_equal(gold: Any, pred: Any, rel_tol: float = VALUE_REL_TOL) -> bool:
    """FIGURE values: numbers within ``rel_tol``, ranges element-wise, null only with null."""
    if _is_number(gold) and _is_number(pred):
        return math.isclose(gold, pred, rel_tol=rel_tol, abs_tol=0.0)
    if isinstance(gold, list | tuple) and isinstance(pred, list | tuple):
        return len(gold) == len(pred) and all(
            values_equal(g, p, rel_tol) for g, p in zip(gold, pred, strict=True)
        )
    return attribute_equal("", gold, pred)


def attribute_equal(name: str, gold: Any, pred: Any) -> bool:
    if name == "value":
        return values_equal(gold, pred)
    if isinstance(gold, bool) or isinstance(pred, bool):
        return isinstance(gold, bool) and isinstance(pred, bool) and gold == pred
    return bool(gold == pred)


def attribute_errors(gold: Span, pred: Span) -> list[str]:
    """Names of the attributes the gold span carries that the prediction gets wrong."""
    return [
        name
        for name in attribute_names(gold)
        if not attribute_equal(name, gold[name], pred.get(name))
    ]


# --------------------------------------------------------------------------- counts


def prf(tp: float, n_gold: int, n_pred: int) -> tuple[float, float, float]:
    """Precision, recall, F1 with the conventions of the module docstring."""
    if n_gold == 0 and n_pred == 0:
        return 1.0, 1.0, 1.0
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass(slots=True)
class LabelCounts:
    """Counts of one label (in one document or summed over documents)."""

    gold: int = 0
    pred: int = 0
    strict: int = 0
    overlap: int = 0
    # attribute -> [correct, total] over strict matches whose gold carries it
    attributes: dict[str, list[int]] = field(default_factory=dict)
    # strict matches whose gold carries attributes / of those, with all of them right
    with_attributes: int = 0
    all_attributes_right: int = 0

    def add(self, other: LabelCounts) -> None:
        self.gold += other.gold
        self.pred += other.pred
        self.strict += other.strict
        self.overlap += other.overlap
        for name, (correct, total) in other.attributes.items():
            slot = self.attributes.setdefault(name, [0, 0])
            slot[0] += correct
            slot[1] += total
        self.with_attributes += other.with_attributes
        self.all_attributes_right += other.all_attributes_right

    def strict_prf(self) -> tuple[float, float, float]:
        return prf(self.strict, self.gold, self.pred)

    def overlap_prf(self) -> tuple[float, float, float]:
        return prf(self.overlap, self.gold, self.pred)

    def partial_prf(self) -> tuple[float, float, float]:
        return prf(self.strict + 0.5 * (self.overlap - self.strict), self.gold, self.pred)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"gold": self.gold, "pred": self.pred}
        for scheme, tp, scores in (
            ("strict", self.strict, self.strict_prf()),
            ("overlap", self.overlap, self.overlap_prf()),
            ("partial", self.strict + 0.5 * (self.overlap - self.strict), self.partial_prf()),
        ):
            out[scheme] = {"tp": tp, **_scores_dict(scores)}
        out["attributes"] = {
            name: {"correct": c, "total": t, "accuracy": c / t if t else None}
            for name, (c, t) in self.attributes.items()
        }
        out["all_attributes"] = {
            "correct": self.all_attributes_right,
            "total": self.with_attributes,
            "accuracy": (
                self.all_attributes_right / self.with_attributes if self.with_attributes else None
            ),
        }
        return out


def _scores_dict(scores: tuple[float, float, float]) -> dict[str, float]:
    return {"precision": scores[0], "recall": scores[1], "f1": scores[2]}


def label_order(labels: Iterable[str]) -> list[str]:
    """ANNOTATION.md's labels in their order, then any others alphabetically."""
    present = set(labels)
    return [lb for lb in LABELS if lb in present] + sorted(present - set(LABELS))


def count_matching(matching: Matching) -> dict[str, LabelCounts]:
    """Per-label counts of one document's matching."""
    counts: dict[str, LabelCounts] = {}
    for span in matching.gold:
        counts.setdefault(span["label"], LabelCounts()).gold += 1
    for span in matching.pred:
        counts.setdefault(span["label"], LabelCounts()).pred += 1
    for gi, pi, exact in matching.pairs:
        gold = matching.gold[gi]
        c = counts[gold["label"]]
        c.overlap += 1
        if not exact:
            continue
        c.strict += 1
        names = attribute_names(gold)
        if not names:
            continue
        wrong = set(attribute_errors(gold, matching.pred[pi]))
        for name in names:
            slot = c.attributes.setdefault(name, [0, 0])
            slot[0] += name not in wrong
            slot[1] += 1
        c.with_attributes += 1
        c.all_attributes_right += not wrong
    # Attribute order: ANNOTATION.md's, whatever order documents met them in.
    for label, c in counts.items():
        order = SPAN_ATTRIBUTES.get(label, ())
        c.attributes = dict(
            sorted(
                c.attributes.items(),
                key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0]),
            )
        )
    return counts


@dataclass(slots=True)
class Summary:
    """Per-label counts with micro and macro averages."""

    labels: dict[str, LabelCounts]

    @classmethod
    def of(cls, per_label: Iterable[dict[str, LabelCounts]]) -> Summary:
        total: dict[str, LabelCounts] = {}
        for counts in per_label:
            for label, c in counts.items():
                total.setdefault(label, LabelCounts()).add(c)
        for label, c in total.items():
            order = SPAN_ATTRIBUTES.get(label, ())
            c.attributes = dict(
                sorted(
                    c.attributes.items(),
                    key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0]),
                )
            )
        return cls({label: total[label] for label in label_order(total)})

    def micro(self) -> LabelCounts:
        out = LabelCounts()
        for c in self.labels.values():
            out.gold += c.gold
            out.pred += c.pred
            out.strict += c.strict
            out.overlap += c.overlap
        return out

    def macro(self, scheme: str) -> tuple[float, float, float]:
        """Mean per-label P, R, F1 of ``scheme`` (strict/overlap/partial); 1.0 when empty."""
        present = [c for c in self.labels.values() if c.gold or c.pred]
        if not present:
            return 1.0, 1.0, 1.0
        scores = [getattr(c, f"{scheme}_prf")() for c in present]
        n = len(scores)
        return tuple(sum(s[i] for s in scores) / n for i in range(3))  # type: ignore[return-value]

    def strict_f1(self, name: str) -> float | None:
        """Strict F1 of a label, or of ``micro``/``macro``; None for a label never seen."""
        if name == "micro":
            return self.micro().strict_prf()[2]
        if name == "macro":
            return self.macro("strict")[2]
        c = self.labels.get(name)
        return c.strict_prf()[2] if c is not None else None

    def floor_value(self, name: str) -> float | None:
        """The score a ``--fail-under`` name refers to, None when there is nothing to score.

        ``micro``/``macro``/``LABEL``: strict F1; ``LABEL.attribute``: that attribute's accuracy
        on strict matches; ``LABEL.all``: the share of strict matches with every attribute right.
        """
        label, _, attribute = name.partition(".")
        if not attribute:
            return self.strict_f1(name)
        c = self.labels.get(label)
        if c is None:
            return None
        if attribute == "all":
            return c.all_attributes_right / c.with_attributes if c.with_attributes else None
        correct, total = c.attributes.get(attribute, (0, 0))
        return correct / total if total else None

    def to_dict(self) -> dict[str, Any]:
        micro = self.micro()
        return {
            "labels": {label: c.to_dict() for label, c in self.labels.items()},
            "micro": {
                "gold": micro.gold,
                "pred": micro.pred,
                "strict": {"tp": micro.strict, **_scores_dict(micro.strict_prf())},
                "overlap": {"tp": micro.overlap, **_scores_dict(micro.overlap_prf())},
                "partial": _scores_dict(micro.partial_prf()),
            },
            "macro": {
                scheme: _scores_dict(self.macro(scheme))
                for scheme in ("strict", "overlap", "partial")
            },
        }


# --------------------------------------------------------------------------- documents


@dataclass(slots=True)
class DocumentScore:
    """One scored document: its text, matching and per-label counts."""

    id: str
    text: str
    matching: Matching
    counts: dict[str, LabelCounts]

    def summary(self) -> Summary:
        return Summary.of([self.counts])

    def errors(self) -> list[dict[str, Any]]:
        """Misses, false alarms, boundary and attribute errors, in text order."""
        m = self.matching
        out: list[dict[str, Any]] = []
        gold_partner = m.gold_partner()
        pred_partner = m.pred_partner()
        for gi, gold in enumerate(m.gold):
            partner = gold_partner.get(gi)
            if partner is None:
                out.append(_error("missed", gold, None, gi, None, self.text))
                continue
            pi, exact = partner
            pred = m.pred[pi]
            if not exact:
                out.append(_error("boundary", gold, pred, gi, pi, self.text))
                continue
            wrong = attribute_errors(gold, pred)
            if wrong:
                error = _error("attribute", gold, pred, gi, pi, self.text)
                error["attributes"] = {
                    name: {"gold": gold[name], "pred": pred.get(name)} for name in wrong
                }
                out.append(error)
        for pi, pred in enumerate(m.pred):
            if pi not in pred_partner:
                out.append(_error("false alarm", None, pred, None, pi, self.text))
        out.sort(key=lambda e: (e["start"], e["end"], e["label"], e["kind"]))
        return out


def _error(
    kind: str, gold: Span | None, pred: Span | None, gi: int | None, pi: int | None, text: str
) -> dict[str, Any]:
    anchor = gold if gold is not None else pred
    assert anchor is not None
    out: dict[str, Any] = {
        "kind": kind,
        "label": anchor["label"],
        "start": anchor["start"],
        "end": anchor["end"],
        "gold_index": gi,
        "pred_index": pi,
        "gold": None,
        "pred": None,
    }
    if gold is not None:
        out["gold"] = {
            "start": gold["start"],
            "end": gold["end"],
            "text": text[gold["start"] : gold["end"]],
        }
    if pred is not None:
        out["pred"] = {
            "start": pred["start"],
            "end": pred["end"],
            "text": text[pred["start"] : pred["end"]],
        }
    return out


def score_document(
    doc_id: str, text: str, gold: Sequence[Span], pred: Sequence[Span]
) -> DocumentScore:
    matching = match_spans(gold, pred)
    return DocumentScore(doc_id, text, matching, count_matching(matching))


def filter_labels(spans: Iterable[Span], labels: Iterable[str] | None) -> list[Span]:
    if labels is None:
        return list(spans)
    keep = set(labels)
    return [s for s in spans if s["label"] in keep]
