"""Running extraction over many files: one process, a pool of worker processes, or Dask.

The unit of work is one input file (a :class:`Task`); a worker loads it, extracts every
document in it and returns a :class:`FileOutcome` holding the output lines already serialised,
so the parent only writes text. Outcomes are yielded in input order whatever the engine, which
makes ``-j N`` output byte-identical to ``-j 1``; at most a small window of tasks is in flight,
so memory stays bounded however many files there are.

A file that takes longer than the timeout becomes an error record: inside the worker a
``SIGALRM`` (in a Dask worker's thread, an asynchronous exception) interrupts the pipeline
between Python steps; a pool worker stuck in C code past the deadline (plus a grace period) is
killed and replaced by the pool.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path, PurePosixPath
from typing import Any

from reportminer.load import LoadOptions, iter_paths
from reportminer.types import ErrorRecord, Result, SourceInfo

log = logging.getLogger(__name__)

FORMATS = ("json", "jsonl", "spans")
CORPUS_SUFFIXES = frozenset({".jsonl", ".csv"})
KILL_GRACE_SECONDS = 5.0
PARENT_CHECK_SECONDS = 1.0


@dataclass(slots=True)
class RunOptions:
    """Everything a worker needs besides the task; picklable, sent once per worker."""

    load: LoadOptions = field(default_factory=LoadOptions)
    fmt: str = "json"
    models_dir: str | None = None
    timeout: float | None = None


@dataclass(slots=True)
class Task:
    index: int
    path: str  # a local path or an fsspec URL
    display_id: str


@dataclass(slots=True)
class FileOutcome:
    """What one input file gave: serialised output lines and the manifest figures."""

    index: int
    path: str
    display_id: str
    corpus: bool = False
    sha256: str | None = None
    status: str = "ok"  # ok | error
    error: str | None = None
    documents: int = 0
    errors: int = 0
    reports: int = 0
    items: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    lines: list[str] = field(default_factory=list)  # one per document or error record
    messages: list[str] = field(default_factory=list)  # one per error, for stderr


class ExtractionTimeout(BaseException):
    """Raised by the alarm; a BaseException so the pipeline's error handling lets it pass."""


# --- the work of one file -------------------------------------------------------------------

_configured_models_dir: object = object()  # sentinel: never configured in this process


def configure_worker(options: RunOptions) -> None:
    """Per-process setup (models directory); cheap to call again with the same options."""
    global _configured_models_dir
    if options.models_dir != _configured_models_dir:
        from reportminer.classifiers.store import set_models_dir

        set_models_dir(options.models_dir)
        _configured_models_dir = options.models_dir


def process_task(
    task: Task, options: RunOptions, tick: Callable[[], None] | None = None
) -> FileOutcome:
    """Load and extract one input file; never raises for a bad file."""
    from reportminer.api import extract_or_error
    from reportminer.writers import dumps

    configure_worker(options)
    began = time.perf_counter()
    outcome = _new_outcome(task)
    labels: Counter[str] = Counter()
    loaded_iter = _load(task, options)
    while True:
        loaded = None
        try:
            with time_limit(options.timeout):
                loaded = next(loaded_iter, None)
                if loaded is None:
                    break
                result = extract_or_error(loaded)
        except ExtractionTimeout:
            if loaded is None:  # interrupted while reading: the reader's state is unknown
                result = timeout_record(task.display_id, task.path, options.timeout)
                loaded_iter = iter(())
            else:  # one document of a corpus file: the others still get their turn
                result = timeout_record(loaded.id, task.path, options.timeout, loaded.source)
        _account(outcome, result, labels, options.fmt, dumps)
        if tick is not None:
            tick()
    outcome.items = dict(sorted(labels.items()))
    if outcome.errors:
        outcome.status = "error"
        if outcome.documents == 1:
            outcome.error = outcome.messages[0]
        else:
            outcome.error = f"{outcome.errors} of {outcome.documents} records failed"
    outcome.seconds = round(time.perf_counter() - began, 3)
    return outcome


def timeout_record(
    doc_id: str, path: str, seconds: float | None, source: SourceInfo | None = None
) -> ErrorRecord:
    return ErrorRecord(
        doc_id,
        path,
        "timed out",
        f"extraction took longer than {seconds:g} s",
        hint="raise --timeout, or report this file to the reportminer developers",
        source=source,
    )


def _account(
    outcome: FileOutcome,
    result: Result,
    labels: Counter[str],
    fmt: str,
    dumps: Callable[..., str],
) -> None:
    outcome.documents += 1
    if outcome.sha256 is None and result.source is not None:
        outcome.sha256 = result.source.sha256
    if isinstance(result, ErrorRecord):
        outcome.errors += 1
        outcome.messages.append(str(result))
        if fmt != "spans":  # the spans format is ANNOTATION.md records only
            outcome.lines.append(
                dumps(result.to_dict(), pretty=fmt == "json" and not outcome.corpus)
            )
        return
    outcome.reports += len(result.reports)
    for item in result.items():
        labels[item.label] += 1
    if fmt == "spans":
        outcome.lines.append(dumps(result.to_spans_record()))
    else:
        outcome.lines.append(dumps(result.to_dict(), pretty=fmt == "json" and not outcome.corpus))


def _load(task: Task, options: RunOptions) -> Iterator[Any]:
    from reportminer.load import load_bytes, load_path

    if not is_url(task.path):
        yield from load_path(Path(task.path), display_id=task.display_id, options=options.load)
        return
    import fsspec

    try:
        with fsspec.open(task.path, "rb") as handle:
            data = handle.read(options.load.max_bytes + 1)
    except (OSError, ValueError) as exc:
        yield ErrorRecord(task.display_id, task.path, "cannot read input", str(exc))
        return
    name = PurePosixPath(task.path.split("://", 1)[1])
    yield from load_bytes(
        Path(name.name),
        data,
        display_id=task.display_id,
        options=options.load,
        source_path=task.path,
    )


def is_url(path: str) -> bool:
    return "://" in path


def _suffix(path: str) -> str:
    return PurePosixPath(path).suffix.lower()


class time_limit:
    """Raise :class:`ExtractionTimeout` in this thread after ``seconds``.

    In a process's main thread a ``SIGALRM`` does it; in any other thread (Dask runs tasks in
    worker threads) a timer thread raises the exception asynchronously in this one
    (``PyThreadState_SetAsyncExc``). Either way the pipeline stops between two Python steps; a
    thread stuck inside one long C call is only stopped when the call returns.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.use_alarm = hasattr(signal, "SIGALRM") and (
            threading.current_thread() is threading.main_thread()
        )
        self._lock = threading.Lock()
        self._active = False
        self._fired = False
        self._timer: threading.Timer | None = None

    def __enter__(self) -> None:
        if not self.seconds:
            return
        if self.use_alarm:
            self.previous = signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            return
        self._thread_id = threading.get_ident()
        self._active = True
        self._timer = threading.Timer(self.seconds, self._interrupt)
        self._timer.daemon = True
        self._timer.start()

    def _interrupt(self) -> None:
        with self._lock:
            if self._active:
                self._fired = _raise_in_thread(self._thread_id, ExtractionTimeout)

    def __exit__(self, *exc: object) -> None:
        if not self.seconds:
            return
        if self.use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
            return
        with self._lock:
            self._active = False
            if self._timer is not None:
                self._timer.cancel()
            if self._fired and exc[0] is None:
                # The block finished before the exception arrived: it must not surface later.
                _raise_in_thread(self._thread_id, None)


def _raise_in_thread(thread_id: int, exception: type[BaseException] | None) -> bool:
    """Schedule ``exception`` in thread ``thread_id`` (None clears a pending one)."""
    import ctypes

    done = ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None
    )
    return done == 1


def _on_alarm(signum: int, frame: object) -> None:
    raise ExtractionTimeout


def file_sha256(path: str) -> str | None:
    """sha256 of a local file's bytes (None when it cannot be read), streamed."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


# --- engines ----------------------------------------------------------------------------------


def run_serial(tasks: Iterable[Task], options: RunOptions) -> Iterator[FileOutcome]:
    """All in this process: the fastest start, what ``-j 1`` uses."""
    for task in tasks:
        yield process_task(task, options)


def _worker_main(conn: Connection, options: RunOptions, inherited: list[Connection]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    for other in inherited:  # other workers' pipe ends, copied by fork: keep EOF working
        other.close()
    parent = os.getppid()
    configure_worker(options)
    while True:
        try:
            while not conn.poll(PARENT_CHECK_SECONDS):
                if os.getppid() != parent:
                    return  # the parent was killed: end instead of lingering as an orphan
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            outcome = process_task(task, options, tick=lambda i=task.index: conn.send(("tick", i)))
            conn.send(("done", outcome))
        except (BrokenPipeError, EOFError, OSError):
            return  # the parent is gone (killed): nobody wants the result


@dataclass(slots=True)
class _Worker:
    process: Any
    conn: Connection
    tasks: deque[Task] = field(default_factory=deque)  # sent, not yet answered; [0] runs
    deadline: float | None = None  # for tasks[0]


class ProcessPool:
    """N worker processes, each fed over its own pipe, two tasks queued per worker.

    Unlike ``concurrent.futures``, a worker that hangs or dies costs only its current file:
    it is killed or reaped, the file gets an error record, the task queued behind it goes to
    another worker, and a fresh worker takes its place. The second queued task keeps a
    worker busy while the parent writes the previous result.
    """

    DEPTH = 2

    def __init__(self, jobs: int, options: RunOptions) -> None:
        self.jobs = max(1, jobs)
        self.options = options
        self.method = "fork" if sys.platform.startswith("linux") else "spawn"
        self.context = multiprocessing.get_context(self.method)
        self.workers: list[_Worker] = []
        self.retry: deque[Task] = deque()  # queued behind a file that killed its worker

    def _start_worker(self) -> _Worker:
        parent, child = self.context.Pipe()
        # A forked child holds copies of the other workers' pipe ends; it closes them.
        inherited = [w.conn for w in self.workers] if self.method == "fork" else []
        process = self.context.Process(
            target=_worker_main, args=(child, self.options, inherited), daemon=True
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def _deadline(self) -> float | None:
        if not self.options.timeout:
            return None
        return time.monotonic() + self.options.timeout + KILL_GRACE_SECONDS

    def run(self, tasks: Iterable[Task], window: int | None = None) -> Iterator[FileOutcome]:
        window = window or max(16, self.jobs * 8)  # room for a slow file at the head
        pending = iter(tasks)
        exhausted = False
        done: dict[int, FileOutcome] = {}
        order: deque[int] = deque()  # indexes dispatched, in input order
        self.workers = []
        for _ in range(self.jobs):
            self.workers.append(self._start_worker())
        try:
            while True:
                for worker in list(self.workers):
                    while len(worker.tasks) < self.DEPTH:
                        if self.retry:
                            task = self.retry.popleft()
                        elif exhausted or len(order) >= window:
                            break
                        else:
                            task = next(pending, None)
                            if task is None:
                                exhausted = True
                                break
                            order.append(task.index)
                        if not self._send(worker, task, done):
                            break
                while order and order[0] in done:
                    yield done.pop(order.popleft())
                busy = [w for w in self.workers if w.tasks]
                if not busy:
                    if exhausted and not self.retry:
                        return
                    continue
                self._wait(busy, done)
        finally:
            self.close()

    def _send(self, worker: _Worker, task: Task, done: dict[int, FileOutcome]) -> bool:
        worker.tasks.append(task)
        if len(worker.tasks) == 1:
            worker.deadline = self._deadline()
        try:
            worker.conn.send(task)
        except OSError:
            self._replace(worker, done, "the worker process died")
            return False
        return True

    def _wait(self, busy: list[_Worker], done: dict[int, FileOutcome]) -> None:
        deadlines = [w.deadline for w in busy if w.deadline is not None]
        timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        ready = set(wait([w.conn for w in busy], timeout=timeout))
        for worker in busy:
            if worker.conn in ready:
                try:
                    kind, payload = worker.conn.recv()
                except (EOFError, OSError):
                    self._replace(worker, done, "the worker process died")
                    continue
                if kind == "done":
                    done[worker.tasks.popleft().index] = payload
                worker.deadline = self._deadline() if worker.tasks else None
            elif worker.deadline is not None and time.monotonic() >= worker.deadline:
                self._replace(worker, done, "timed out")

    def _replace(self, worker: _Worker, done: dict[int, FileOutcome], why: str) -> None:
        worker.process.kill()
        worker.process.join()
        code = worker.process.exitcode
        task = worker.tasks.popleft()
        if why == "timed out":
            record = timeout_record(task.display_id, task.path, self.options.timeout)
        else:
            record = ErrorRecord(
                task.display_id,
                task.path,
                "extraction failed",
                f"{why} (exit code {code}) while processing this file",
                hint="the file may need more memory than available; report it if it recurs",
            )
        done[task.index] = error_outcome(task, record, self.options.fmt)
        self.retry.extendleft(reversed(worker.tasks))  # queued behind it: run elsewhere
        worker.conn.close()
        self.workers[self.workers.index(worker)] = self._start_worker()

    def close(self) -> None:
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        for worker in self.workers:
            worker.process.join(timeout=2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self.workers = []


def error_outcome(task: Task, record: ErrorRecord, fmt: str) -> FileOutcome:
    from reportminer.writers import dumps

    outcome = _new_outcome(task)
    _account(outcome, record, Counter(), fmt, dumps)
    outcome.status, outcome.error = "error", str(record)
    return outcome


def _new_outcome(task: Task) -> FileOutcome:
    corpus = _suffix(task.path) in CORPUS_SUFFIXES  # one JSONL line per record, not pretty
    return FileOutcome(task.index, task.path, task.display_id, corpus=corpus)


WARM_UP_TEXT = "工作总结\n一、基本情况\n一是投入资金13万余元，荣获“文明单位”称号。\n"


def warm_up(options: RunOptions) -> None:
    """Run the pipeline once so that lazy imports, rule files and models are loaded.

    Done in the parent before forking, workers share all of it (copy-on-write) instead of
    each paying the start-up again.
    """
    from reportminer.api import extract_text
    from reportminer.classifiers import TRAINERS
    from reportminer.classifiers.store import load_scorer
    from reportminer.errors import ModelError

    configure_worker(options)
    for name in TRAINERS:
        try:
            load_scorer(name)
        except ModelError as exc:  # reported per file when a file needs the model
            log.debug("warm-up: %s", exc)
    try:
        extract_text(WARM_UP_TEXT)
    except Exception as exc:  # the files themselves will show it as error records
        log.warning("warm-up extraction failed: %s: %s", type(exc).__name__, exc)


def run_local(tasks: Iterable[Task], options: RunOptions, jobs: int) -> Iterator[FileOutcome]:
    """``jobs`` worker processes (or this process for one job), outcomes in input order."""
    if jobs <= 1:
        yield from run_serial(tasks, options)
        return
    warm_up(options)
    gc.freeze()  # what the workers inherit is never collected: no copy-on-write by the GC
    try:
        yield from ProcessPool(jobs, options).run(tasks)
    finally:
        gc.unfreeze()


# --- Dask -------------------------------------------------------------------------------------


def run_dask(
    tasks: Iterable[Task], options: RunOptions, client: Any, window: int | None = None
) -> Iterator[FileOutcome]:
    """Outcomes in input order from a Dask cluster, with a bounded number of tasks in flight.

    Workers read inputs themselves (paths they can see, or fsspec URLs). Dask runs tasks in
    worker threads; the timeout interrupts them there too (:class:`time_limit`).
    """
    if window is None:
        window = max(4, 4 * sum(client.nthreads().values()))
    in_flight: deque[Any] = deque()
    for task in tasks:
        in_flight.append(client.submit(process_task, task, options, pure=False))
        if len(in_flight) >= window:
            yield in_flight.popleft().result()
    while in_flight:
        yield in_flight.popleft().result()


def build_tasks(paths: Iterable[str | os.PathLike[str]], glob: str | None = None) -> list[Task]:
    """One task per input file: folders are walked (sorted), URLs are taken as they are."""
    tasks: list[Task] = []
    local: list[Path] = []

    def flush() -> None:
        for found, display_id in iter_paths(local, glob=glob):
            path = found.path if isinstance(found, ErrorRecord) else found
            tasks.append(Task(len(tasks), str(path), display_id))
        local.clear()

    for path in paths:
        text = os.fspath(path)
        if is_url(text):
            flush()
            tasks.append(Task(len(tasks), text, PurePosixPath(text.split("://", 1)[1]).name))
        else:
            local.append(Path(text))
    flush()
    return tasks


def extract_with_dask(
    paths: Iterable[str | os.PathLike[str]],
    client: Any,
    *,
    glob: str | None = None,
    options: RunOptions | None = None,
) -> Iterator[Result]:
    """Extract files, folders or fsspec URLs on a Dask cluster; yields results in input order.

    For notebooks::

        from dask.distributed import Client
        client = Client("tcp://scheduler:8786")
        for doc in reportminer.scale.extract_with_dask(["s3://bucket/reports/a.txt"], client):
            print(doc.id, len(doc.reports))

    One result (a :class:`Document` or :class:`ErrorRecord`) per document: a corpus file
    (.jsonl/.csv) gives one per record.
    """
    options = options or RunOptions(fmt="jsonl")
    tasks = build_tasks(paths, glob)
    in_flight: deque[Any] = deque()
    window = max(4, 4 * sum(client.nthreads().values()))
    for task in tasks:
        in_flight.append(client.submit(_results_of, task, options, pure=False))
        if len(in_flight) >= window:
            yield from in_flight.popleft().result()
    while in_flight:
        yield from in_flight.popleft().result()


def _results_of(task: Task, options: RunOptions) -> list[Result]:
    from reportminer.api import extract_or_error

    configure_worker(options)
    results: list[Result] = []
    for loaded in _load(task, options):
        with time_limit(options.timeout):
            try:
                results.append(extract_or_error(loaded))
            except ExtractionTimeout:
                results.append(timeout_record(loaded.id, task.path, options.timeout, loaded.source))
    return results
