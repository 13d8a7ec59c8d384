"""``reportminer tables``, ``reportminer show`` and ``reportminer stats``.

Each takes result files written by ``reportminer extract`` (JSON per input, a JSON list or
JSONL; error records included) or input documents, which are extracted on the fly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

_PATHS = click.argument(
    "inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)


def _load_options(
    text_field: str | None, id_field: str | None, encoding: str | None
) -> dict[str, Any]:
    return {
        k: v
        for k, v in (("text_field", text_field), ("id_field", id_field), ("encoding", encoding))
        if v is not None
    }


def _input_options(function: Any) -> Any:
    for option in reversed(
        [
            click.option("--encoding", help="Decode text inputs with this codec (else detected)."),
            click.option("--text-field", help="Text field of .jsonl/.csv corpus inputs."),
            click.option("--id-field", help="Id field of .jsonl/.csv corpus inputs."),
        ]
    ):
        function = option(function)
    return function


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@_PATHS
@click.option(
    "-o",
    "--output",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for <table>.csv files and reportminer.xlsx.",
)
@click.option("--no-xlsx", is_flag=True, help="Write CSV files only.")
@click.option("--no-csv", is_flag=True, help="Write the XLSX workbook only.")
@_input_options
def tables(
    inputs: tuple[Path, ...],
    out_dir: Path,
    no_xlsx: bool,
    no_csv: bool,
    text_field: str | None,
    id_field: str | None,
    encoding: str | None,
) -> None:
    """Write CSV (UTF-8 with BOM) and XLSX tables: figures, honours, measures, programmes,
    documents, headings, reports and errors, one row per item.

    \b
    Examples:
      reportminer extract reports/ -o out/ && reportminer tables out/ -o tables/
      reportminer tables report.docx -o tables/
    """
    from reportminer.outputs.results import read_results
    from reportminer.outputs.tables import write_tables

    results = read_results(inputs, load_options=_load_options(text_field, id_field, encoding))
    written = write_tables(
        results,
        out_dir,
        csv_files=not no_csv,
        xlsx=not no_xlsx,
        on_table=lambda name, n: click.echo(f"{name}: {n} rows", err=True),
    )
    for path in written:
        click.echo(str(path))


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The HTML page to write.",
)
@click.option("--record", help="Which document of a corpus or results file (id or number).")
@_input_options
def show(
    file: Path,
    output: Path,
    record: str | None,
    text_field: str | None,
    id_field: str | None,
    encoding: str | None,
) -> None:
    """Write a review page of one document: highlighted spans, section outline, figure table.

    FILE is an input document (.txt/.docx/.pdf/.html, a corpus file with --record) or a result
    JSON from ``reportminer extract`` whose source file is still where it was.

    \b
    Example:
      reportminer show report.docx -o page.html
    """
    from reportminer.outputs.show import render_page

    result = _one_result(file, record, _load_options(text_field, id_field, encoding))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_page(result), encoding="utf-8")
    click.echo(str(output))


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@_PATHS
@click.option(
    "-o",
    "--output",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for summary.txt, stats.json and the PNG plots.",
)
@_input_options
def stats(
    inputs: tuple[Path, ...],
    out_dir: Path,
    text_field: str | None,
    id_field: str | None,
    encoding: str | None,
) -> None:
    """Summarise results: counts per label, figures by kind and unit, honours by level and
    status, top programmes, reports per genre; as text and PNG plots.

    \b
    Example:
      reportminer stats out/ -o overview/
    """
    from reportminer.outputs.results import read_results
    from reportminer.outputs.stats import write_stats

    results = read_results(inputs, load_options=_load_options(text_field, id_field, encoding))
    written = write_stats(results, out_dir)
    click.echo(written[0].read_text(encoding="utf-8"), nl=False)
    for path in written:
        click.echo(str(path), err=True)


def _one_result(file: Path, record: str | None, load_options: dict[str, Any]) -> dict[str, Any]:
    """The result to show, with its text (from the result, its source file, or a fresh run)."""
    from reportminer.api import extract_or_error
    from reportminer.load import load_path
    from reportminer.outputs.results import as_dict, read_results

    candidates = list(read_results([file], run_pipeline=False, load_options=load_options))
    if candidates:
        chosen = _choose(candidates, record, file)
        if chosen.get("status") != "error" and chosen.get("text") is None:
            chosen = _rerun_source(chosen, load_options)
        return chosen
    # An input document: pick the record first, then extract only that one.
    loaded = list(load_path(file, **load_options))
    if not loaded:
        raise click.ClickException(f"{file}: no document in it")
    stubs = [_stub(document) for document in loaded]
    picked = _choose(stubs, record, file)
    index = next(i for i, stub in enumerate(stubs) if stub is picked)
    return as_dict(extract_or_error(loaded[index]))


def _stub(loaded: Any) -> dict[str, Any]:
    """The ids of a loaded text or error record, for :func:`_choose`."""
    source = getattr(loaded, "source", None)
    return {"id": loaded.id, "source": {"record": getattr(source, "record", None)}}


def _choose(candidates: list[dict[str, Any]], record: str | None, file: Path) -> dict[str, Any]:
    if record is None:
        if len(candidates) > 1:
            click.echo(
                f"{file}: {len(candidates)} documents, showing the first (pick one with --record)",
                err=True,
            )
        return candidates[0]
    for candidate in candidates:
        source = candidate.get("source") or {}
        ids = {str(candidate.get("id")), str(source.get("record"))}
        if record in ids or any(i.endswith(f"#{record}") for i in ids):
            return candidate
    if record.isdigit() and 1 <= int(record) <= len(candidates):
        return candidates[int(record) - 1]
    raise click.ClickException(f"{file}: no record {record!r}")


def _rerun_source(result: dict[str, Any], load_options: dict[str, Any]) -> dict[str, Any]:
    """A result JSON holds no text: load its source again, checking it is the same file."""
    from reportminer.api import extract_or_error
    from reportminer.load import load_path
    from reportminer.outputs.results import as_dict

    source = result.get("source") or {}
    path = Path(str(source.get("path") or ""))
    if not source.get("path") or not path.is_file():
        raise click.ClickException(
            f"{result.get('id')}: the result holds no text and its source "
            f"{source.get('path')!r} is not found; run show on the input file"
        )
    for loaded in load_path(path, **load_options):
        loaded_source = getattr(loaded, "source", None)
        if loaded_source is None:
            raise click.ClickException(str(loaded))
        if source.get("record") not in (None, loaded_source.record):
            continue
        if source.get("sha256") and loaded_source.sha256 != source["sha256"]:
            click.echo(f"{path}: changed since extraction; showing a fresh extraction", err=True)
            return as_dict(extract_or_error(loaded))
        text = loaded.text  # type: ignore[union-attr]
        if result.get("text_length") not in (None, len(text)):
            return as_dict(extract_or_error(loaded))
        return {**result, "text": text}
    raise click.ClickException(f"{path}: record {source.get('record')!r} not found")
