"""Score HONOR extraction against gold ANNOTATION.md files (strict spans + attributes).

    python bench/score_honors.py /work/shared/corpus/annotated/seed.jsonl [--split dev] [-v]

``--split dev|train`` keeps only that side of ``split_by_document`` (dev.jsonl's held-out part
is what the classifiers never saw). Each document is scored as one report over its whole text.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportminer.annotations import read_annotations  # noqa: E402
from reportminer.classifiers import split_by_document  # noqa: E402
from reportminer.extractors.honors import find_honors  # noqa: E402
from reportminer.normalise import normalise  # noqa: E402


def _original_to_normalised(norm):  # type: ignore[no-untyped-def]
    from bisect import bisect_left

    originals = [norm.offsets.to_original(k) for k in range(len(norm.text) + 1)]
    return lambda offset: bisect_left(originals, offset)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold", nargs="+")
    parser.add_argument("--split", choices=["train", "dev"])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument(
        "--reports",
        action="store_true",
        help="run per gold REPORT range (as the pipeline does) instead of over the whole text",
    )
    args = parser.parse_args()
    docs = [d for path in args.gold for d in read_annotations(path)]
    if args.split:
        train, dev = split_by_document(docs)
        docs = dev if args.split == "dev" else train
    tp = fp = fn = 0
    status_ok = level_ok = year_ok = 0
    for doc in docs:
        text = doc["text"]
        gold = {(s["start"], s["end"]): s for s in doc["spans"] if s["label"] == "HONOR"}
        norm = normalise(text)
        found = {}
        ranges = [(0, len(norm.text))]
        if args.reports:
            to_norm = _original_to_normalised(norm)
            ranges = [
                (to_norm(s["start"]), to_norm(s["end"]))
                for s in doc["spans"]
                if s["label"] == "REPORT"
            ]
        for start, end in ranges:
            for item in find_honors(norm.text, start, end, []):
                found[norm.span_to_original(item.start, item.end)] = item
        for key, item in found.items():
            if key in gold:
                tp += 1
                g = gold[key]
                status_ok += g.get("status") == item.status
                level_ok += g.get("level") == item.level
                year_ok += g.get("year") == item.year
                if args.verbose and (g.get("status"), g.get("level"), g.get("year")) != (
                    item.status,
                    item.level,
                    item.year,
                ):
                    print(
                        f"ATTR {doc['id'][:40]} {text[key[0] : key[1]]!r} gold="
                        f"{g.get('status')},{g.get('level')},{g.get('year')} got="
                        f"{item.status},{item.level},{item.year}"
                    )
            else:
                fp += 1
                if args.verbose:
                    s, e = key
                    print(
                        f"FP   {doc['id'][:40]} {s} {text[max(0, s - 12) : s]!r}[{text[s:e]}]"
                        f"{text[e : e + 8]!r} {item.status},{item.level}"
                    )
        for key, g in gold.items():
            if key not in found:
                fn += 1
                if args.verbose:
                    s, e = key
                    print(
                        f"FN   {doc['id'][:40]} {s} {text[max(0, s - 12) : s]!r}[{text[s:e]}]"
                        f"{text[e : e + 8]!r} {g.get('status')},{g.get('level')}"
                    )
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"docs={len(docs)} gold={tp + fn} found={tp + fp} tp={tp} "
        f"P={precision:.3f} R={recall:.3f} F1={f1:.3f} "
        f"status_acc={status_ok / tp if tp else 0:.3f} level_acc={level_ok / tp if tp else 0:.3f} "
        f"year_acc={year_ok / tp if tp else 0:.3f}"
    )


if __name__ == "__main__":
    main()
