"""Train the figure_filter model: our stand-off FIGURE annotations, dev scores on dev.jsonl.

    python bench/train_figure_filter.py [--out models]

The seed sample is never used (it is the held-out test).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from reportminer.annotations import read_annotations
from reportminer.classifiers import read_jsonl, train_component

REPO = Path(__file__).resolve().parents[1]
DEV = Path("/work/shared/corpus/annotated/dev.jsonl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "models")
    parser.add_argument("--dev", type=Path, default=DEV)
    args = parser.parse_args()
    train_docs = list(read_annotations(REPO / "corpora" / "annotated" / "figures.standoff.jsonl"))
    dev_docs = read_jsonl(args.dev) if args.dev.exists() else []
    scores = train_component("figure_filter", train_docs, args.out, dev_docs=dev_docs)
    print(json.dumps(scores, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
