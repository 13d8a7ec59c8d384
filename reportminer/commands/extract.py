"""``reportminer extract``: files and folders in, JSON / JSONL / ANNOTATION.md spans out."""

from __future__ import annotations

import codecs
import logging
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import click

from reportminer.load import DEFAULT_MAX_BYTES, LoadOptions
from reportminer.writers import FORMATS

DEFAULT_TIMEOUT = 300.0

EPILOG = """\
Examples:

\b
  reportminer extract reports/ -o out/                 # out/<relative path>.json per file
  reportminer extract reports/ --glob '*.txt' -j 4 -o out/ --resume
  reportminer extract report.txt --format spans -o pred.jsonl
  reportminer extract corpus.jsonl --text-field content --format jsonl -o - | jq .id
  reportminer extract s3://bucket/reports/a.txt --engine dask --scheduler tcp://host:8786 -o out/

\b
Output (--format json, the default): OUT/<path relative to the input folder>.json per input
file (a single file given directly: OUT/<file name>.json); a corpus file (.jsonl/.csv) gives
OUT/<name>.jsonl with one record per document. An input that fails gives
OUT/<name>.error.json naming file and cause. OUT/manifest.jsonl lists every input with its
sha256, status (ok/error/skipped), error, counts and seconds; --resume skips inputs whose
output is up to date (same sha256 and reportminer version) and retries failed ones.

\b
--format jsonl / spans write one file (-o pred.jsonl, written atomically) or stdout (-o -):
jsonl holds documents and error records; spans holds ANNOTATION.md records (id = path relative
to the input folder, text, spans) for the inputs that succeeded, errors go to stderr.

\b
Exit status: 0 all inputs succeeded, 1 some failed (see their error records), 2 usage error.
"""


class ByteSize(click.ParamType):
    """A size in bytes with an optional K/M/G suffix (powers of 1024)."""

    name = "SIZE"
    _FACTORS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().upper().removesuffix("B")
        number, unit = (text[:-1], text[-1]) if text and text[-1] in "KMG" else (text, "")
        try:
            size = int(float(number) * self._FACTORS[unit])
        except ValueError:
            self.fail(f"{value!r} is not a size like 1000000, 500K or 50M", param, ctx)
        if size <= 0:
            self.fail("must be positive", param, ctx)
        return size


@click.command(epilog=EPILOG, context_settings={"max_content_width": 100})
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    metavar="OUT",
    help="Folder for --format json (or - to print the documents); a file or - for jsonl/spans.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="json",
    show_default=True,
    help="json: a document per input file; jsonl: one line per document; spans: ANNOTATION.md.",
)
@click.option("--glob", metavar="PATTERN", help="Only files matching, e.g. '*.txt' or '**/2024/*'.")
@click.option("--encoding", help="Decode text files with this codec instead of detecting.")
@click.option("--text-field", help="Field holding the text in .jsonl/.csv corpus files.")
@click.option("--id-field", help="Field holding the document id in .jsonl/.csv corpus files.")
@click.option(
    "--models",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    metavar="DIR",
    help="Load trained models from DIR (from `reportminer train`) instead of the shipped ones.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: the machine's cores). Output is identical for any N.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: processes on this machine; dask: a Dask cluster (see --scheduler).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Dask scheduler, e.g. tcp://10.0.0.5:8786 (implies --engine dask). Without it, "
    "--engine dask starts a local cluster of -j workers.",
)
@click.option("--resume", is_flag=True, help="Skip inputs whose output in OUT is up to date.")
@click.option(
    "--max-bytes",
    type=ByteSize(),
    default=DEFAULT_MAX_BYTES,
    show_default="50M",
    help="Inputs larger than this give an error record instead of being read.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Wall time per document; a slower one gives an error record and the batch goes on.",
)
@click.option(
    "--tables",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Also write CSV/XLSX tables of the results into DIR.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no per-error lines.")
def extract(
    paths: tuple[str, ...],
    output: str,
    fmt: str,
    glob: str | None,
    encoding: str | None,
    text_field: str | None,
    id_field: str | None,
    models: Path | None,
    jobs: int | None,
    engine: str,
    scheduler: str | None,
    resume: bool,
    max_bytes: int,
    timeout: float,
    tables: Path | None,
    quiet: bool,
) -> None:
    """Extract reports, section trees and items from files or folders (walked recursively).

    Reads .txt (UTF-8/16, GB18030/GBK, Big5, detected), .docx, .pdf, .html and corpus files
    (.jsonl/.csv, one document per record). Every offset refers to the decoded text.
    """
    from reportminer.scale import RunOptions, build_tasks, configure_worker, is_url

    _check_usage(paths, output, fmt, resume, is_url)
    _check_options(encoding, tables, fmt, output)
    if scheduler:
        engine = "dask"
    options = RunOptions(
        load=LoadOptions(
            encoding=encoding, text_field=text_field, id_field=id_field, max_bytes=max_bytes
        ),
        fmt=fmt,
        models_dir=str(models) if models else None,
        timeout=timeout,
    )
    started = time.perf_counter()
    tasks = build_tasks(paths, glob)
    if not tasks:
        raise click.UsageError("no input files found" + (f" matching {glob!r}" if glob else ""))
    jobs = min(jobs or _cores(), len(tasks))
    run = _Run(tasks, options, output, resume, quiet)
    try:
        outcomes = _engine_outcomes(run.pending(), options, engine, scheduler, jobs)
        run.consume(outcomes)
    except BaseException:
        run.abort()
        raise
    finally:
        if (
            models is not None
        ):  # a caller in the same process (tests, notebooks) gets the default back
            configure_worker(RunOptions())
    run.finish()
    if tables is not None:
        _write_tables(run, tables)
    click.echo(run.summary(time.perf_counter() - started), err=True)
    sys.exit(1 if run.failed else 0)


def _check_usage(paths: tuple[str, ...], output: str, fmt: str, resume: bool, is_url: Any) -> None:
    for path in paths:
        if not is_url(path) and not os.path.lexists(path):
            raise click.BadParameter(f"{path}: no such file or folder", param_hint="PATH")
    if fmt == "json":
        if output != "-" and Path(output).exists() and not Path(output).is_dir():
            raise click.BadParameter(
                f"{output} is a file; --format json writes a folder (or - for stdout)",
                param_hint="-o",
            )
    elif output != "-" and Path(output).is_dir():
        raise click.BadParameter(
            f"{output} is a folder; --format {fmt} writes one file (or - for stdout)",
            param_hint="-o",
        )
    if resume and (fmt != "json" or output == "-"):
        raise click.UsageError("--resume needs --format json and an output folder (-o OUT)")


def _check_options(encoding: str | None, tables: Path | None, fmt: str, output: str) -> None:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise click.BadParameter(
                f"unknown encoding {encoding!r}", param_hint="--encoding"
            ) from None
    if tables is not None and (fmt != "json" or output == "-"):
        raise click.UsageError("--tables needs --format json and an output folder (-o OUT)")


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _engine_outcomes(
    tasks: Any, options: Any, engine: str, scheduler: str | None, jobs: int
) -> Any:
    from reportminer import scale

    if engine == "local":
        yield from scale.run_local(tasks, options, jobs)
        return
    from dask.distributed import Client, LocalCluster

    if not logging.getLogger().isEnabledFor(logging.INFO):  # -v shows Dask's own messages
        logging.getLogger("distributed").setLevel(logging.ERROR)
    if scheduler:
        with Client(scheduler) as client:
            yield from scale.run_dask(tasks, options, client)
        return
    with (
        LocalCluster(
            n_workers=jobs,
            threads_per_worker=1,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield from scale.run_dask(tasks, options, client)


class _Run:
    """Writes outcomes as they come, keeps the manifest and the counts for the summary."""

    def __init__(self, tasks: list[Any], options: Any, output: str, resume: bool, quiet: bool):
        from reportminer.writers import LinesWriter

        self.tasks = tasks
        self.options = options
        self.quiet = quiet
        self.counts: Counter[str] = Counter()
        self.labels: Counter[str] = Counter()
        self.names = _output_names(tasks)
        self.out_dir: Path | None = None
        self.manifest: Any = None
        self.lines: Any = None
        self.skip: set[int] = set()
        if options.fmt == "json" and output != "-":
            self._open_folder(Path(output), resume)
        else:
            self.lines = LinesWriter(output)
        self.progress = _progress(len(tasks), quiet)

    @property
    def failed(self) -> bool:
        return self.counts["error"] > 0

    def _open_folder(self, out_dir: Path, resume: bool) -> None:
        from reportminer.manifest import Manifest
        from reportminer.writers import remove_stale_temp_files

        out_dir.mkdir(parents=True, exist_ok=True)
        remove_stale_temp_files(out_dir)
        self.out_dir = out_dir
        self.manifest = Manifest(out_dir, resume=resume)
        if resume:
            self._skip_up_to_date()

    def _skip_up_to_date(self) -> None:
        from reportminer import __version__
        from reportminer.manifest import DONE_STATUSES
        from reportminer.scale import file_sha256, is_url

        for task in self.tasks:
            entry = self.manifest.previous.get(task.path)
            if (
                entry is None
                or entry.get("status") not in DONE_STATUSES
                or entry.get("reportminer_version") != __version__
                or entry.get("output") != self._ok_name(task)
                or not (self.out_dir / entry["output"]).is_file()  # type: ignore[operator]
                or is_url(task.path)
                or entry.get("sha256") != file_sha256(task.path)
            ):
                continue
            self.skip.add(task.index)
            self.manifest.append({**entry, "status": "skipped", "seconds": 0.0})
            self.counts["skipped"] += 1
            self.counts["files"] += 1
            self.counts["reports"] += entry.get("reports", 0)
            self.labels.update(entry.get("items", {}))

    def pending(self) -> Any:
        return (task for task in self.tasks if task.index not in self.skip)

    def _ok_name(self, task: Any) -> str:
        from reportminer.scale import CORPUS_SUFFIXES, _suffix

        corpus = _suffix(task.path) in CORPUS_SUFFIXES
        return self.names[task.index] + (".jsonl" if corpus else ".json")

    def consume(self, outcomes: Any) -> None:
        if self.skip:
            self.progress.update(len(self.skip))
        for outcome in outcomes:
            self._write(outcome)
            self.counts["files"] += 1
            self.counts[outcome.status] += 1
            self.counts["reports"] += outcome.reports
            self.counts["documents"] += outcome.documents
            self.labels.update(outcome.items)
            if not self.quiet:
                for message in outcome.messages:
                    self.progress.write(f"error: {message}", file=sys.stderr)
            self.progress.update(1)

    def _write(self, outcome: Any) -> None:
        from reportminer import __version__
        from reportminer.writers import atomic_write_text

        if self.lines is not None:
            for line in outcome.lines:
                self.lines.write(line)
            return
        assert self.out_dir is not None
        name = self.names[outcome.index]
        ok_path = self.out_dir / self._ok_name(self.tasks[outcome.index])
        error_path = self.out_dir / (name + ".error.json")
        written: Path | None = None
        if outcome.lines:
            written = ok_path if outcome.corpus or outcome.status == "ok" else error_path
            atomic_write_text(written, "".join(outcome.lines))
        for stale in (ok_path, error_path):
            if stale != written and stale.exists():
                stale.unlink()
        self.manifest.append(
            {
                "path": outcome.path,
                "id": outcome.display_id,
                "output": written.relative_to(self.out_dir).as_posix() if written else None,
                "sha256": outcome.sha256,
                "status": outcome.status,
                "error": outcome.error,
                "documents": outcome.documents,
                "reports": outcome.reports,
                "items": outcome.items,
                "seconds": outcome.seconds,
                "reportminer_version": __version__,
            }
        )

    def finish(self) -> None:
        self.progress.close()
        if self.lines is not None:
            self.lines.close(ok=True)
        if self.manifest is not None:
            self.manifest.finish(task.path for task in self.tasks)

    def abort(self) -> None:
        """An interrupted run: no partial JSONL file; the manifest keeps what was done."""
        self.progress.close()
        if self.lines is not None:
            self.lines.close(ok=False)
        if self.manifest is not None:
            self.manifest.close()

    def summary(self, seconds: float) -> str:
        items = ", ".join(
            f"{label} {n}" for label, n in sorted(self.labels.items()) if label != "REPORT"
        )
        skipped = f", {self.counts['skipped']} skipped" if self.counts["skipped"] else ""
        return (
            f"reportminer: {self.counts['files']} files ({self.counts['ok']} ok, "
            f"{self.counts['error']} errors{skipped}), {self.counts['reports']} reports; "
            f"items: {items or 'none'}; {seconds:.1f} s"
        )


def _output_names(tasks: list[Any]) -> list[str]:
    """Safe output names per task (relative to OUT, no suffix); clashes get ~2, ~3..."""
    from reportminer.writers import safe_relpath

    names: list[str] = []
    used: set[str] = set()
    for task in tasks:
        base = safe_relpath(task.display_id)
        name, number = base, 1
        while name.casefold() in used:  # case-insensitive file systems clash too
            number += 1
            name = f"{base}~{number}"
        used.add(name.casefold())
        names.append(name)
    return names


def _progress(total: int, quiet: bool) -> Any:
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked
    return tqdm(
        total=total,
        unit="file",
        file=sys.stderr,
        disable=quiet or not sys.stderr.isatty(),
        dynamic_ncols=True,
    )


def _write_tables(run: _Run, tables: Path) -> None:
    try:
        from reportminer.outputs.results import read_results
        from reportminer.outputs.tables import write_tables
    except ImportError:
        raise click.UsageError("--tables needs reportminer.outputs.tables, missing") from None
    assert run.out_dir is not None
    # The results just written, read back one file at a time (nothing held in memory).
    write_tables(read_results([run.out_dir], run_pipeline=False), tables)
