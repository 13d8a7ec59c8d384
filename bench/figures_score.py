"""Score FIGURE extraction on ANNOTATION.md gold (seed/dev): strict P/R/F1 and attribute accuracy.

Usage: python bench/figures_score.py [GOLD.jsonl ...]  (default: the shared seed and dev files)
Runs normalise + find_figures per document (whole text, no headings), drops nothing else, maps
offsets back and restores written units as the pipeline does.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reportminer.extractors.figures import find_figures, written_unit
from reportminer.normalise import normalise

DEFAULT = [
    Path("/work/shared/corpus/annotated/seed.jsonl"),
    Path("/work/shared/corpus/annotated/dev.jsonl"),
]
ATTRS = ("value", "unit", "kind", "approx", "masked")


def same_value(a, b) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        if not (isinstance(a, list) and isinstance(b, list) and len(a) == len(b)):
            return False
        return all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))


def _to_norm(norm, original_offset: int) -> int:
    """Normalised offset of an original offset (deletions before it shift it left)."""
    from bisect import bisect_left

    return original_offset - bisect_left(norm.offsets.deleted, original_offset)


def score(path: Path, verbose: bool) -> None:
    tp = fp = fn = 0
    right = dict.fromkeys(ATTRS, 0)
    for line in path.open(encoding="utf-8"):
        doc = json.loads(line)
        text = doc["text"]
        norm = normalise(text)
        gold = {(s["start"], s["end"]): s for s in doc["spans"] if s["label"] == "FIGURE"}
        found = {}
        names = [
            (s["start"], s["end"])
            for s in doc["spans"]
            if s["label"] in ("PROGRAM", "HONOR", "DOCUMENT")
        ]
        reports = [(s["start"], s["end"]) for s in doc["spans"] if s["label"] == "REPORT"]
        figures = []
        for r_start, r_end in reports or [(0, len(text))]:
            n_start = _to_norm(norm, r_start)
            n_end = _to_norm(norm, r_end)
            figures.extend(find_figures(norm.text, n_start, n_end, []))
        for fig in figures:
            start, end = norm.span_to_original(fig.start, fig.end)
            if any(a <= start and end <= b for a, b in names):
                continue  # the pipeline drops a FIGURE inside a name (gold names here)
            fig.unit = written_unit(fig, text[start:end])
            found[(start, end)] = fig
        for span, fig in found.items():
            if span in gold:
                tp += 1
                g = gold[span]
                for attr in ATTRS:
                    ok = (
                        same_value(getattr(fig, attr), g[attr])
                        if attr == "value"
                        else getattr(fig, attr) == g[attr]
                    )
                    right[attr] += ok
                    if not ok and verbose:
                        print(
                            f"  ATTR {attr}: {text[span[0] : span[1]]!r} got {getattr(fig, attr)!r} gold {g[attr]!r}"
                        )
            else:
                fp += 1
                if verbose:
                    s, e = span
                    print(f"  FP {text[max(0, s - 8) : s]!r}[{text[s:e]}]{text[e : e + 5]!r}")
        for span in gold:
            if span not in found:
                fn += 1
                if verbose:
                    s, e = span
                    print(f"  FN {text[max(0, s - 8) : s]!r}[{text[s:e]}]{text[e : e + 5]!r}")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    attrs = " ".join(f"{a}={right[a] / tp:.3f}" for a in ATTRS) if tp else ""
    print(f"{path.name}: tp={tp} fp={fp} fn={fn} P={p:.3f} R={r:.3f} F1={f1:.3f} | {attrs}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "-v"]
    for gold_path in [Path(a) for a in args] or DEFAULT:
        score(gold_path, "-v" in sys.argv)
