"""Score MEASURE / PROGRAM / DOCUMENT extraction against ANNOTATION.md gold.

Usage: python bench/score_measures_programs.py GOLD.jsonl [--headings gold|parser] [-v]

Each document is normalised, the find_* functions run over the whole text with the
document's headings (gold HEADING spans, or the section parser's), and offsets are mapped
back to the original text. Strict F1 = exact (start, end) match; MEASURE also reports
ordinal and marker accuracy over matched spans.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from reportminer.annotations import read_annotations
from reportminer.extractors.documents import find_documents
from reportminer.extractors.measures import find_measures
from reportminer.extractors.programs import find_programs
from reportminer.normalise import normalise
from reportminer.types import Heading

FINDERS = {"MEASURE": find_measures, "PROGRAM": find_programs, "DOCUMENT": find_documents}


def _headings(doc: dict, norm, mode: str) -> list[Heading]:
    if mode == "parser":
        from reportminer.sections import find_headings

        return find_headings(norm.text, 0, len(norm.text))
    # gold: map original offsets to normalised ones
    out = []
    for s in doc["spans"]:
        if s["label"] == "HEADING":
            a, b = _to_norm(norm, s["start"]), _to_norm(norm, s["end"])
            out.append(Heading(start=a, end=b, level=s.get("level", 1)))
    return out


def _to_norm(norm, offset: int) -> int:
    lo, hi = 0, len(norm.text)
    while lo < hi:  # first normalised offset whose original offset >= offset
        mid = (lo + hi) // 2
        if norm.offsets.to_original(mid) < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _report_ranges(doc: dict, norm) -> list[tuple[int, int]]:
    """The gold REPORT ranges in normalised offsets (the whole text when there are none)."""
    ranges = [
        (_to_norm(norm, s["start"]), _to_norm(norm, s["end"]))
        for s in doc["spans"]
        if s["label"] == "REPORT"
    ]
    return ranges or [(0, len(norm.text))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold", nargs="+")
    parser.add_argument("--headings", choices=("gold", "parser"), default="gold")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument(
        "--no-nesting",
        action="store_true",
        help="score PROGRAM without dropping names inside HONOR/DOCUMENT",
    )
    parser.add_argument("--labels", default="MEASURE,PROGRAM,DOCUMENT")
    args = parser.parse_args()
    labels = args.labels.split(",")
    tp, fp, fn = Counter(), Counter(), Counter()
    ordinal_ok = marker_ok = matched_measures = 0
    for path in args.gold:
        for doc in read_annotations(path):
            text = doc["text"]
            norm = normalise(text)
            headings = _headings(doc, norm, args.headings)
            for label in labels:
                gold = {(s["start"], s["end"]): s for s in doc["spans"] if s["label"] == label}
                items = []
                for a, b in _report_ranges(doc, norm):
                    inside = [h for h in headings if a <= h.start < b]
                    found = FINDERS[label](norm.text, a, b, inside)
                    if label == "PROGRAM" and not args.no_nesting:
                        # As the pipeline does: a PROGRAM inside (or equal to) an HONOR or
                        # DOCUMENT name is dropped.
                        from reportminer.extractors import drop_nested_names
                        from reportminer.extractors.honors import find_honors

                        outer = {
                            "DOCUMENT": find_documents(norm.text, a, b, inside),
                            "HONOR": find_honors(norm.text, a, b, inside),
                            "PROGRAM": found,
                        }
                        found = [it for it in drop_nested_names(outer) if it.label == "PROGRAM"]
                    items.extend(found)
                pred = {}
                for it in items:
                    a, b = norm.span_to_original(it.start, it.end)
                    pred[(a, b)] = it
                for key in sorted(set(gold) | set(pred)):
                    if key in gold and key in pred:
                        tp[label] += 1
                        if label == "MEASURE":
                            matched_measures += 1
                            g, p = gold[key], pred[key]
                            ordinal_ok += g.get("ordinal") == p.ordinal
                            marker_ok += g.get("marker") == p.marker
                            if args.verbose and (
                                g.get("ordinal") != p.ordinal or g.get("marker") != p.marker
                            ):
                                print(
                                    f"  ATTR {label} {text[key[0] : key[1]]!r} gold={g.get('marker')}/{g.get('ordinal')} pred={p.marker}/{p.ordinal}"
                                )
                    elif key in gold:
                        fn[label] += 1
                        if args.verbose:
                            ctx = text[max(0, key[0] - 8) : key[0]]
                            print(
                                f"  FN {label} {doc['id'][-24:]} {key} …{ctx!r}[{text[key[0] : key[1]]}]"
                            )
                    else:
                        fp[label] += 1
                        if args.verbose:
                            ctx = text[max(0, key[0] - 8) : key[0]]
                            print(
                                f"  FP {label} {doc['id'][-24:]} {key} …{ctx!r}[{text[key[0] : key[1]]}]"
                            )
    result = {}
    for label in labels:
        p = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        r = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        result[label] = {
            "tp": tp[label],
            "fp": fp[label],
            "fn": fn[label],
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(f, 3),
        }
    if "MEASURE" in labels and matched_measures:
        result["MEASURE"]["ordinal_accuracy"] = round(ordinal_ok / matched_measures, 3)
        result["MEASURE"]["marker_accuracy"] = round(marker_ok / matched_measures, 3)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
