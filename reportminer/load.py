"""Load step: input paths -> decoded texts (or error records), one per document.

Readers live in ``reportminer.readers``, one module per format, and are imported only when a
file of their format turns up (python-docx, pdfplumber and lxml are slow to import).
"""

from __future__ import annotations

import hashlib
import importlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportminer.errors import InputError
from reportminer.types import ErrorRecord, SourceInfo

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

# suffix -> "module:function"; each function is ``read(path, data, options) -> list[LoadedText]``.
READERS: dict[str, str] = {
    ".txt": "reportminer.readers.text:read_text_file",
    ".text": "reportminer.readers.text:read_text_file",
    ".md": "reportminer.readers.text:read_text_file",
    ".docx": "reportminer.readers.docx:read_docx",
    ".pdf": "reportminer.readers.pdf:read_pdf",
    ".html": "reportminer.readers.html:read_html",
    ".htm": "reportminer.readers.html:read_html",
    ".jsonl": "reportminer.readers.corpus:read_jsonl",
    ".csv": "reportminer.readers.corpus:read_csv",
}

UNSUPPORTED_HINTS: dict[str, str] = {
    ".doc": "legacy Word .doc is not supported; save it as .docx (e.g. libreoffice --convert-to docx)",
    ".wps": "WPS files are not supported; save as .docx",
    ".rtf": "RTF is not supported; save as .docx or .txt",
    ".xls": "spreadsheets are not reports; export the text as .txt",
    ".xlsx": "spreadsheets are not reports; export the text as .txt",
}


@dataclass(slots=True)
class LoadOptions:
    encoding: str | None = None
    text_field: str | None = None
    id_field: str | None = None
    group_field: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(slots=True)
class LoadedText:
    """A decoded document: ``text`` is what offsets refer to."""

    id: str
    text: str
    source: SourceInfo
    hints: dict[str, Any] = field(default_factory=dict)


def read_text_file(path: Path, data: bytes, options: LoadOptions) -> list[LoadedText]:
    from reportminer.readers.text import detect_and_decode

    text, encoding = detect_and_decode(data, options.encoding)
    return [LoadedText(id=str(path), text=text, source=_source(path, data, encoding, "txt"))]


def _source(path: Path, data: bytes, encoding: str | None, fmt: str) -> SourceInfo:
    return SourceInfo(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        format=fmt,
        size=len(data),
    )


def _reader(suffix: str):  # type: ignore[no-untyped-def]
    target = READERS[suffix]
    if target == "reportminer.readers.text:read_text_file":
        return read_text_file
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def load_path(
    path: Path, *, display_id: str | None = None, options: LoadOptions | None = None, **kw: Any
) -> Iterator[LoadedText | ErrorRecord]:
    """Load one file; every failure becomes an :class:`ErrorRecord` naming file and cause."""
    options = options or LoadOptions(**kw)
    doc_id = display_id or path.name
    try:
        _check_supported(path.suffix.lower())
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A FIFO or device would block or never end; a folder is walked, not read.
            raise InputError(f"not a regular file ({_file_kind(info.st_mode)})")
        _check_size(info.st_size, options)
        data = path.read_bytes()
    except InputError as exc:
        yield ErrorRecord(doc_id, str(path), "cannot read input", str(exc), hint=exc.hint)
        return
    except OSError as exc:
        yield ErrorRecord(doc_id, str(path), "cannot read input", exc.strerror or str(exc))
        return
    yield from load_bytes(path, data, display_id=doc_id, options=options)


def load_bytes(
    path: Path,
    data: bytes,
    *,
    display_id: str | None = None,
    options: LoadOptions | None = None,
    source_path: str | None = None,
) -> Iterator[LoadedText | ErrorRecord]:
    """Decode the bytes of one file already read (a local file, or a URL read with fsspec).

    ``path`` gives the format (its suffix); ``source_path`` replaces it in the results when
    the bytes came from elsewhere (``s3://bucket/x.txt``).
    """
    options = options or LoadOptions()
    doc_id = display_id or path.name
    shown = source_path or str(path)
    suffix = path.suffix.lower()
    try:
        _check_supported(suffix)
        _check_size(len(data), options)
        if suffix not in READERS:
            # Unknown suffix: treat as text if it decodes, else say what we support.
            suffix = ".txt"
        if not data.strip():
            raise InputError("empty file", hint="nothing to extract")
        documents = _reader(suffix)(path, data, options)
    except InputError as exc:
        yield ErrorRecord(doc_id, shown, "cannot read input", str(exc), hint=exc.hint)
        return
    except OSError as exc:
        yield ErrorRecord(doc_id, shown, "cannot read input", exc.strerror or str(exc))
        return
    except Exception as exc:  # a damaged file must not stop the batch
        yield ErrorRecord(doc_id, shown, "cannot read input", f"{type(exc).__name__}: {exc}")
        return
    for number, loaded in enumerate(documents):
        if len(documents) == 1:
            loaded.id = doc_id
        else:
            loaded.id = f"{doc_id}#{loaded.source.record or number}"
        if source_path is not None:
            loaded.source.path = source_path
        yield loaded


def _check_supported(suffix: str) -> None:
    if suffix in UNSUPPORTED_HINTS:
        raise InputError(f"unsupported format {suffix}", hint=UNSUPPORTED_HINTS[suffix])


def _check_size(size: int, options: LoadOptions) -> None:
    if size > options.max_bytes:
        raise InputError(
            f"file is {size} bytes, over the limit of {options.max_bytes}",
            hint="raise --max-bytes to process it",
        )


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((name for test, name in kinds if test(mode)), "special file")


def iter_inputs(
    roots: Iterable[Path], *, glob: str | None = None, options: LoadOptions | None = None, **kw: Any
) -> Iterator[LoadedText | ErrorRecord]:
    """Walk files and folders (recursively, sorted) and load each file."""
    options = options or LoadOptions(**kw)
    for path, display_id in iter_paths(roots, glob=glob):
        if isinstance(path, ErrorRecord):
            yield path
            continue
        yield from load_path(path, display_id=display_id, options=options)


def iter_paths(
    roots: Iterable[Path], *, glob: str | None = None
) -> Iterator[tuple[Path, str] | tuple[ErrorRecord, str]]:
    """Input files in a stable order, each with its id (path relative to its root)."""
    for root in roots:
        if root.is_dir():
            for path in _walk(root, glob):
                yield path, path.relative_to(root).as_posix()
        elif root.exists() or root.is_symlink():
            # A broken or looping link is loaded so that its error names the real cause.
            yield root, root.name
        else:
            error = ErrorRecord(str(root), str(root), "cannot read input", "no such file or folder")
            yield error, str(root)


def _walk(root: Path, glob: str | None) -> Iterator[Path]:
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in seen:  # a symlink loop
            continue
        seen.add((info.st_dev, info.st_ino))
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                subfolders.append(path)
            elif glob is None or path.match(glob):
                yield path
        stack.extend(reversed(subfolders))
