"""``OUT/manifest.jsonl``: one line per input with its fate, and what ``--resume`` trusts.

Lines are appended as inputs finish, in input order; a run killed mid-line leaves at most
one partial last line, which the next run drops. ``--resume`` first compacts the old
manifest (last entry per input wins), then appends; at the end the manifest is rewritten
atomically with exactly one entry per input, in input order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from reportminer.writers import atomic_write_text, dumps

MANIFEST_NAME = "manifest.jsonl"
DONE_STATUSES = frozenset({"ok", "skipped"})


def read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """Entries by input path; damaged lines (a killed run's last line) are ignored."""
    entries: dict[str, dict[str, Any]] = {}
    try:
        handle = path.open(encoding="utf-8")
    except FileNotFoundError:
        return entries
    with handle:
        for line in handle:
            if not line.endswith("\n"):
                break  # cut off by a kill: the input it names is redone
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                entries[entry["path"]] = entry
    return entries


class Manifest:
    """Appends entries to ``OUT/manifest.jsonl`` as inputs finish."""

    def __init__(self, out_dir: Path, *, resume: bool) -> None:
        self.path = out_dir / MANIFEST_NAME
        self.previous = read_manifest(self.path) if resume else {}
        # Start from a clean file: the compacted old entries (resume) or nothing.
        atomic_write_text(self.path, "".join(dumps(e) for e in self.previous.values()))
        self.handle: IO[str] = self.path.open("a", encoding="utf-8")

    def append(self, entry: dict[str, Any]) -> None:
        self.handle.write(dumps(entry))
        self.handle.flush()

    def finish(self, input_order: Iterable[str]) -> None:
        """Rewrite with one entry per input, in input order (entries of this run win)."""
        self.handle.close()
        entries = read_manifest(self.path)
        lines = [dumps(entries[path]) for path in input_order if path in entries]
        atomic_write_text(self.path, "".join(lines))

    def close(self) -> None:
        if not self.handle.closed:
            self.handle.close()
