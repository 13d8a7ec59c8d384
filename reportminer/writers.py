"""Writing results: file names that stay inside OUT, atomic writes, JSON/JSONL/spans lines.

A run can be killed at any moment (Ctrl-C, OOM killer, SIGKILL): every file is written to a
temporary file in the same folder and renamed over the target, so a reader sees either the
old file or the complete new one, never half of one.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import orjson
import regex

FORMATS = ("json", "jsonl", "spans")

# Characters that are unsafe or invalid in file names on some platform we may be copied to.
_UNSAFE_CHARS = regex.compile(r'[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}<>:"|?*\\]')
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"COM{n}" for n in range(1, 10)]
    + [f"LPT{n}" for n in range(1, 10)]
)
_MAX_COMPONENT_BYTES = 200  # leaves room for ".error.json" and temp suffixes under 255


def safe_relpath(name: str) -> str:
    """A relative POSIX path derived from ``name`` that cannot leave the folder it is joined to.

    ``..`` and ``.`` components, absolute paths, drive letters, backslashes, control and
    format characters (bidi overrides, zero-width) are neutralised; Unicode is NFC-normalised
    so that one name has one spelling; over-long components are shortened with a hash.
    """
    name = unicodedata.normalize("NFC", name).replace("\\", "/")
    parts = []
    for part in name.split("/"):
        part = _UNSAFE_CHARS.sub("_", part).strip(" ")
        if part in ("", "."):
            continue
        if set(part) == {"."}:
            part = "_" * len(part)
        part = part.rstrip(".") or "_"
        if part.split(".")[0].upper() in _WINDOWS_RESERVED:
            part = "_" + part
        parts.append(_shorten(part))
    return "/".join(parts) or "_"


def _shorten(part: str) -> str:
    encoded = part.encode("utf-8")
    if len(encoded) <= _MAX_COMPONENT_BYTES:
        return part
    digest = hashlib.sha256(encoded).hexdigest()[:12]
    head = encoded[: _MAX_COMPONENT_BYTES - 13].decode("utf-8", errors="ignore")
    return f"{head}~{digest}"


def output_path(out_dir: Path, name: str, suffix: str) -> Path:
    """``out_dir/<safe name><suffix>``, checked to lie inside ``out_dir``."""
    target = out_dir / (safe_relpath(name) + suffix)
    root = os.path.abspath(out_dir)
    if os.path.commonpath([root, os.path.abspath(target)]) != root:
        raise ValueError(f"output name {name!r} would leave {out_dir}")
    return target


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that ``path`` is never seen half-written."""
    with atomic_open(path) as handle:
        handle.write(text)


# Temp names: unique within a process by the counter, across processes by the pid.
_temp_numbers = itertools.count()
_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


class AtomicFile:
    """A text file written under a temporary name and renamed over ``path`` on commit.

    The temp file is created with mode 0666 less the umask, like any new file; one ``open``
    per output (no random names, no chmod, no mkdir unless the folder is missing), because
    the loop that feeds the workers writes every output.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        while True:
            self.temp_name = os.path.join(
                path.parent, f".tmp-{os.getpid()}-{next(_temp_numbers)}.part"
            )
            try:
                fd = os.open(self.temp_name, _TEMP_FLAGS, 0o666)
                break
            except FileExistsError:  # left by a killed run that had the same pid
                continue
            except FileNotFoundError:
                path.parent.mkdir(parents=True, exist_ok=True)
        self.handle: IO[str] = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def commit(self) -> None:
        # No fsync: the rename alone makes a kill of this process safe, and fsync per output
        # file stalls the loop that feeds the workers (durability on power loss is left to
        # the file system, as for any batch tool).
        self.handle.close()
        os.replace(self.temp_name, self.path)

    def abort(self) -> None:
        self.handle.close()
        try:
            os.unlink(self.temp_name)
        except FileNotFoundError:
            pass


@contextmanager
def atomic_open(path: Path) -> Iterator[IO[str]]:
    """A text handle on a temporary file that replaces ``path`` when the block succeeds."""
    target = AtomicFile(path)
    try:
        yield target.handle
    except BaseException:
        target.abort()
        raise
    target.commit()


def remove_stale_temp_files(out_dir: Path) -> int:
    """Delete temp files a killed run left behind (they are never valid output)."""
    removed = 0
    if not out_dir.is_dir():
        return 0
    for temp in out_dir.rglob(".tmp-*.part"):
        try:
            temp.unlink()
            removed += 1
        except OSError:
            continue
    return removed


def dumps(record: dict[str, Any], *, pretty: bool = False) -> str:
    """One record as JSON text: UTF-8 characters kept, key order as built (deterministic).

    orjson writes the same text as ``json.dumps(ensure_ascii=False)`` with ``indent=2`` or
    compact separators, many times faster (the standard library's indented form is pure
    Python, and it was a sixth of a batch run). Integers beyond 64 bits, which orjson
    refuses, fall back to the standard library.
    """
    try:
        return orjson.dumps(record, option=orjson.OPT_INDENT_2 if pretty else 0).decode() + "\n"
    except TypeError:
        pass
    if pretty:
        return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


class LinesWriter:
    """JSONL to one file (published atomically on ``close``) or to stdout (``-``)."""

    def __init__(self, target: str) -> None:
        self._file = None if target == "-" else AtomicFile(Path(target))
        self.handle: IO[str] = sys.stdout if self._file is None else self._file.handle

    def write(self, line: str) -> None:
        self.handle.write(line)

    def close(self, *, ok: bool = True) -> None:
        """Publish the file (``ok``) or drop it (an interrupted run leaves no partial file)."""
        if self._file is None:
            self.handle.flush()
        elif ok:
            self._file.commit()
        else:
            self._file.abort()
