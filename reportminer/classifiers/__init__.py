"""Trained classifiers: the judgement calls rules cannot settle.

Each component module exposes ``train(train_docs, dev_docs, out_dir) -> dict`` (dev scores,
after saving the model with :func:`reportminer.classifiers.store.save_model`). Documents are
ANNOTATION.md records (``{"id", "text", "spans"}``). ``train_component`` splits by document,
deterministically, so the same data gives the same model.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# component name -> "module:function"
TRAINERS: dict[str, str] = {}
# component name -> the label its training examples come from
COMPONENT_LABELS: dict[str, str] = {}


def register(name: str, target: str, label: str) -> None:
    TRAINERS[name] = target
    COMPONENT_LABELS[name] = label


def usable_for(name: str, docs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Documents annotated for the component's label (``annotated_labels`` limits a record)."""
    label = COMPONENT_LABELS.get(name)
    return [d for d in docs if label is None or label in d.get("annotated_labels", [label])]


def trainer(name: str) -> Callable[..., dict[str, Any]]:
    if name not in TRAINERS:
        known = ", ".join(sorted(TRAINERS)) or "none"
        raise KeyError(f"unknown component {name!r} (known: {known})")
    module, _, function = TRAINERS[name].partition(":")
    return getattr(importlib.import_module(module), function)  # type: ignore[no-any-return]


def split_by_document(
    docs: Sequence[dict[str, Any]], dev_fraction: float = 0.2
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Deterministic train/dev split by a hash of each document's id."""
    train, dev = [], []
    for doc in docs:
        digest = hashlib.sha256(str(doc.get("id", "")).encode("utf-8")).digest()
        (dev if digest[0] / 256 < dev_fraction else train).append(doc)
    if not dev and len(train) > 1:
        dev.append(train.pop())
    return train, dev


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def train_component(
    name: str,
    docs: Sequence[dict[str, Any]],
    out_dir: str | Path,
    dev_docs: Sequence[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Train one component; returns its dev scores (also stored in its meta.json)."""
    if dev_docs is None:
        train_docs, dev_list = split_by_document(docs)
    else:
        train_docs, dev_list = list(docs), list(dev_docs)
    return trainer(name)(usable_for(name, train_docs), usable_for(name, dev_list), Path(out_dir))


def _register_builtin() -> None:
    register("report_genre", "reportminer.classifiers.genre:train", "REPORT")
    register("line_furniture", "reportminer.classifiers.lines:train", "REPORT")
    register("honor_status", "reportminer.classifiers.honors:train", "HONOR")
    register("honor_candidate", "reportminer.classifiers.honors:train_candidates", "HONOR")
    register("program", "reportminer.classifiers.programs:train", "PROGRAM")
    register("figure_filter", "reportminer.classifiers.figures:train", "FIGURE")


_register_builtin()
