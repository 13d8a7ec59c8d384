"""Train the ``program`` classifier and write models/program/.

Training data: the training split of the shared dev.jsonl (split_by_document, by id hash),
our stand-off annotations of other raw pages (corpora/annotated/programs.standoff.jsonl)
and our own samples (corpora/annotated/programs.jsonl). Dev scores: the held-out split of
dev.jsonl. The seed is never used here.

Usage: python bench/train_program.py [--out models] [--shared /work/shared/corpus]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from reportminer.annotations import read_annotations
from reportminer.classifiers import split_by_document
from reportminer.classifiers.programs import train

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(REPO / "models"))
    parser.add_argument("--shared", default="/work/shared/corpus")
    args = parser.parse_args()
    dev_all = read_annotations(Path(args.shared) / "annotated/dev.jsonl", roots=[args.shared])
    dev_train, dev_held = split_by_document(dev_all)
    ours = read_annotations(REPO / "corpora/annotated/programs.standoff.jsonl", roots=[args.shared])
    ours += read_annotations(REPO / "corpora/annotated/programs.jsonl")
    scores = train(dev_train + ours, dev_held, Path(args.out))
    print(json.dumps(scores, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
