"""Train the shipped HONOR models and score them on held-out data.

    python bench/train_honors.py [--out models]

Training data: the team's HONOR annotations (corpora/annotated/honors.standoff.jsonl, stand-off
over /work/shared/corpus/raw, and honors.jsonl, team-written samples) plus the training side of
/work/shared/corpus/annotated/dev.jsonl (``split_by_document``). Dev: the dev side of that
split. The seed (/work/shared/corpus/annotated/seed.jsonl) is never trained on; its scores are
added to each model's meta.json as ``seed_scores``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportminer.annotations import read_annotations  # noqa: E402
from reportminer.classifiers import split_by_document, train_component  # noqa: E402
from reportminer.classifiers.honors import evaluate_candidates, evaluate_status  # noqa: E402

SHARED = Path("/work/shared/corpus/annotated")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "models"))
    args = parser.parse_args()
    dev_train, dev_held = split_by_document(read_annotations(SHARED / "dev.jsonl"))
    own = read_annotations(ROOT / "corpora/annotated/honors.standoff.jsonl") + read_annotations(
        ROOT / "corpora/annotated/honors.jsonl"
    )
    train_docs = own + dev_train
    seed = read_annotations(SHARED / "seed.jsonl")
    print(f"train {len(train_docs)} docs, dev {len(dev_held)} docs, seed {len(seed)} doc(s)")
    import joblib

    for name, evaluate in (
        ("honor_candidate", evaluate_candidates),
        ("honor_status", evaluate_status),
    ):
        scores = train_component(name, train_docs, args.out, dev_docs=dev_held)
        folder = Path(args.out) / name
        model = joblib.load(folder / "model.joblib")
        seed_scores = evaluate(model, seed, prefix="seed_")
        meta = json.loads((folder / "meta.json").read_text("utf-8"))
        meta["seed_scores"] = seed_scores
        (folder / "meta.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8"
        )
        print(name, json.dumps(scores, ensure_ascii=False), json.dumps(seed_scores))


if __name__ == "__main__":
    main()
