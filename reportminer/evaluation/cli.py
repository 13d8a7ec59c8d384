"""``reportminer evaluate`` and ``reportminer convert``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from reportminer.errors import InputError


class BadInput(click.ClickException):
    """A malformed input file: exit code 2, the message names the file."""

    exit_code = 2


_METRIC_NAMES = ("micro", "macro")


def _parse_fail_under(values: tuple[str, ...]) -> list[tuple[str, float]]:
    floors = []
    for raw in values:
        name, sep, number = raw.partition("=")
        name = name.strip()
        try:
            floor = float(number)
        except ValueError:
            floor = -1.0
        if not sep or not name or not 0.0 <= floor <= 1.0:
            raise click.BadParameter(
                f"{raw!r}: expected LABEL=F1 with F1 between 0 and 1 (e.g. FIGURE=0.8, micro=0.7)",
                param_hint="--fail-under",
            )
        label, dot, attribute = name.partition(".")
        if name not in _METRIC_NAMES:
            name = label.upper() + (dot + attribute.lower() if dot else "")
        floors.append((name, floor))
    return floors


def _parse_labels(value: str | None) -> list[str] | None:
    if value is None:
        return None
    labels = [part.strip().upper() for part in value.split(",") if part.strip()]
    if not labels:
        raise click.BadParameter(
            "give at least one label, e.g. FIGURE,HONOR", param_hint="--labels"
        )
    return labels


@click.command(
    epilog=(
        "\b\n"
        "Matching (see reportminer.evaluation.scorer):\n"
        "  strict   same start, end and label; one-to-one.\n"
        "  overlap  same label, at least one shared character; one-to-one, greedy:\n"
        "           exact pairs first, then larger overlap, then earlier gold, earlier pred.\n"
        "  Attributes are scored on strict matches, for the attributes the gold carries\n"
        "  (FIGURE value with relative tolerance 1e-6). Macro = mean over labels present.\n"
        '  A gold record with "annotated_labels": [...] is scored on those labels only.\n'
        "\b\n"
        "JSON (--json to stdout, --json-file FILE): {gold, pred, extracted, labels_filter,\n"
        "  documents_scored, labels: {LABEL: {gold, pred, strict|overlap|partial: {tp,\n"
        "  precision, recall, f1}, attributes: {NAME: {correct, total, accuracy}},\n"
        "  all_attributes}}, micro, macro, unscored: {text_differs, missing_in_pred,\n"
        "  missing_in_gold, extraction_failed, text_not_found}, documents: [{id, labels,\n"
        "  micro, macro, errors: [{kind, label, start, end, gold, pred, attributes?}]}]}\n"
        "  partial = nervaluate's partial scheme (a boundary mismatch counts half).\n"
        "\b\n"
        "Exit codes: 0 scored; 1 a --fail-under floor not reached; 2 bad input or usage.\n"
        "\b\n"
        "Examples:\n"
        "  reportminer evaluate gold.jsonl                  # extract gold's texts, score\n"
        "  reportminer evaluate gold.jsonl pred.jsonl --html errors.html\n"
        "  reportminer evaluate gold.jsonl --fail-under FIGURE=0.8 --fail-under micro=0.7\n"
    )
)
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("pred", type=click.Path(exists=True, dir_okay=False), required=False)
@click.option("--labels", help="Score only these labels (comma-separated, e.g. FIGURE,HONOR).")
@click.option("--per-doc", is_flag=True, help="Add one line per document to the table.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON to stdout instead of the table.")
@click.option(
    "--json-file",
    type=click.Path(dir_okay=False, writable=True),
    help="Also write the JSON report to this file.",
)
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, writable=True),
    help="Write a self-contained page with gold and predicted spans side by side.",
)
@click.option(
    "--fail-under",
    multiple=True,
    metavar="LABEL=F1",
    help=(
        "Exit 1 when the strict F1 of LABEL (or micro, macro) is below F1; LABEL.attribute "
        "(e.g. FIGURE.value, HONOR.all) checks attribute accuracy instead. Repeatable."
    ),
)
@click.option(
    "--models",
    "models_dir",
    type=click.Path(exists=True, file_okay=False),
    help="Use trained models from DIR instead of the shipped ones (when extracting).",
)
def evaluate(
    gold: str,
    pred: str | None,
    labels: str | None,
    per_doc: bool,
    as_json: bool,
    json_file: str | None,
    html_file: str | None,
    fail_under: tuple[str, ...],
    models_dir: str | None,
) -> None:
    """Score predictions PRED against annotated GOLD (both ANNOTATION.md JSONL).

    Without PRED, runs the extractor on GOLD's texts. Documents are paired by id (else by
    file name without extension); documents whose texts differ, or that are missing on
    either side, are listed and not scored.
    """
    from reportminer.evaluation import evaluate_files
    from reportminer.evaluation.report import render_table, to_json_dict

    floors = _parse_fail_under(fail_under)
    wanted = _parse_labels(labels)
    if models_dir is not None:
        from reportminer.classifiers.store import set_models_dir

        set_models_dir(models_dir)
    try:
        evaluation = evaluate_files(gold, pred, labels=wanted)
    except InputError as exc:
        hint = f" ({exc.hint})" if exc.hint else ""
        raise BadInput(f"{exc}{hint}") from exc

    if as_json or json_file:
        payload = json.dumps(to_json_dict(evaluation), ensure_ascii=False, indent=1) + "\n"
        if json_file:
            Path(json_file).write_text(payload, encoding="utf-8")
        if as_json:
            click.echo(payload, nl=False)
    if not as_json:
        click.echo(render_table(evaluation, per_doc=per_doc), nl=False)
    if html_file:
        from reportminer.evaluation.html import render_html

        Path(html_file).write_text(render_html(evaluation), encoding="utf-8")
        click.echo(f"wrote {html_file}", err=True)

    failed = False
    for name, floor in floors:
        score = evaluation.summary.floor_value(name)
        what = "attribute accuracy" if "." in name else "strict F1"
        if score is None:
            click.echo(
                f"fail-under: {name}: nothing to score in gold or predictions; not checked",
                err=True,
            )
            continue
        if score < floor:
            click.echo(f"FAIL: {name} {what} {score:.3f} < {floor:.3f}", err=True)
            failed = True
    if failed:
        sys.exit(1)


@click.command(
    epilog=(
        "\b\n"
        "Formats:\n"
        "  annotation   ANNOTATION.md JSONL: {id, text, spans: [{start, end, label, attrs}]}\n"
        "  doccano      JSONL: {text, label: [[start, end, LABEL]], meta: {id, ...,\n"
        '               attributes: {"start:end:LABEL": {attrs}}}}\n'
        "  labelstudio  JSON list of tasks: {data: {text, id, ...}, predictions|annotations:\n"
        "               [{result: [{type: labels, value: {start, end, text, labels},\n"
        "               meta: {attrs}}]}]}\n"
        "Formats are inferred from the extension (.json = labelstudio) and, for inputs, from\n"
        "the first record; .jsonl outputs need --to. Spans whose offsets do not fit the text\n"
        "are listed on stderr and skipped.\n"
        "\b\n"
        "Exit codes: 0 converted; 1 spans skipped with --strict; 2 bad input or usage.\n"
        "\b\n"
        "Examples:\n"
        "  reportminer convert gold.jsonl tasks.json            # to Label Studio\n"
        "  reportminer convert export.json gold.jsonl --to annotation\n"
        "  reportminer convert gold.jsonl doccano.jsonl --to doccano\n"
    )
)
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.argument("target", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--from", "from_format", type=click.Choice(["annotation", "doccano", "labelstudio"]))
@click.option("--to", "to_format", type=click.Choice(["annotation", "doccano", "labelstudio"]))
@click.option(
    "--ls-target",
    type=click.Choice(["predictions", "annotations"]),
    default="predictions",
    show_default=True,
    help="Where Label Studio output puts the spans (predictions = pre-annotation to correct).",
)
@click.option(
    "--ls-text-key",
    default="text",
    show_default=True,
    help="The data field of Label Studio tasks holding the text.",
)
@click.option(
    "--ls-config",
    type=click.Path(dir_okay=False, writable=True),
    help="Also write a Label Studio labelling configuration (XML) for the labels.",
)
@click.option("--strict", is_flag=True, help="Exit 1 when any span was skipped.")
def convert(
    source: str,
    target: str,
    from_format: str | None,
    to_format: str | None,
    ls_target: str,
    ls_text_key: str,
    ls_config: str | None,
    strict: bool,
) -> None:
    """Convert annotations SOURCE -> TARGET between ANNOTATION.md, doccano and Label Studio."""
    from reportminer.evaluation import convert as conv

    from_format = from_format or conv.detect_format(source)
    if from_format is None:
        raise click.UsageError(f"{source}: cannot tell its format; give --from")
    to_format = to_format or conv.detect_format(target, for_output=True)
    if to_format is None:
        # a doccano file is converted back; .jsonl from anything else is ambiguous
        if from_format == "doccano" and target.lower().endswith(".jsonl"):
            to_format = "annotation"
        else:
            raise click.UsageError(f"{target}: cannot tell the output format; give --to")
    try:
        report = conv.convert_file(
            source, target, from_format, to_format, ls_target=ls_target, ls_text_key=ls_text_key
        )
    except InputError as exc:
        hint = f" ({exc.hint})" if exc.hint else ""
        raise BadInput(f"{exc}{hint}") from exc
    if ls_config:
        Path(ls_config).write_text(conv.labelstudio_config(), encoding="utf-8")
    for line in report.lines():
        click.echo(line, err=True)
    if strict and report.skipped:
        sys.exit(1)
