"""``reportminer train``: retrain the classifiers from ANNOTATION.md JSONL."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from reportminer.classifiers import TRAINERS, split_by_document, train_component


@click.command(
    epilog=(
        "Examples:\n\n"
        "\b\n"
        "  reportminer train --data corpora/annotated/samples.jsonl --out my-models/\n"
        "  reportminer train program --data mine.jsonl --dev dev.jsonl --out my-models/\n"
        "  reportminer train --data corpora/annotated/samples.jsonl \\\n"
        "      --holdout ../shared/corpus/annotated/dev.jsonl --out models/\n"
        "  reportminer extract reports/ -o out/ --models my-models/\n"
    )
)
@click.argument("components", nargs=-1)
@click.option(
    "--data",
    "data_files",
    multiple=True,
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Annotated documents (ANNOTATION.md JSONL; stand-off records are resolved). Repeatable.",
)
@click.option(
    "--dev",
    "dev_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Held-out documents to score on; default: a split of --data by document.",
)
@click.option(
    "--holdout",
    "holdout_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Documents split by id hash: the larger part joins the training data, the rest is dev.",
)
@click.option(
    "--out",
    "out_dir",
    default="models",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Directory the models are written to (one folder per component).",
)
@click.option(
    "--corpus-root",
    "roots",
    multiple=True,
    type=click.Path(file_okay=False),
    help="Where stand-off sources are looked up (default: ../shared/corpus, $REPORTMINER_CORPUS).",
)
def train(
    components: tuple[str, ...],
    data_files: tuple[str, ...],
    dev_files: tuple[str, ...],
    holdout_files: tuple[str, ...],
    out_dir: str,
    roots: tuple[str, ...],
) -> None:
    """Retrain COMPONENTS (all when none is named) and store them with their dev scores.

    Components: report_genre, honor_status, honor_candidate, program, figure_filter.
    Documents are split into train and dev by a hash of their id, so the split is stable.
    Use the result with `--models DIR` on extract and evaluate.
    """
    from reportminer.annotations import read_annotations

    unknown = [c for c in components if c not in TRAINERS]
    if unknown:
        raise click.UsageError(
            f"unknown component(s) {', '.join(unknown)}; known: {', '.join(TRAINERS)}"
        )
    docs = [doc for path in data_files for doc in read_annotations(path, roots)]
    dev_docs = [doc for path in dev_files for doc in read_annotations(path, roots)]
    for path in holdout_files:
        held_train, held_dev = split_by_document(read_annotations(path, roots))
        docs += held_train
        dev_docs += held_dev
    if not docs:
        raise click.UsageError("no documents in --data")
    if dev_docs:
        train_docs = docs
    else:
        train_docs, dev_docs = split_by_document(docs)
    click.echo(f"{len(train_docs)} training documents, {len(dev_docs)} dev documents", err=True)
    failed = False
    for name in components or tuple(TRAINERS):
        try:
            scores = train_component(name, train_docs, Path(out_dir), dev_docs=dev_docs)
        except (ValueError, KeyError) as exc:
            click.echo(f"{name}: not trained: {exc}", err=True)
            failed = True
            continue
        click.echo(f"{name}: {json.dumps(scores, ensure_ascii=False, sort_keys=True)}")
    if failed:
        sys.exit(1)
