"""Read and write ANNOTATION.md JSONL, including stand-off records.

A stand-off record carries no ``text``; it names its source file (``source``, a path relative
to a corpus root such as ``../shared/corpus``) and the file's ``sha256``, so the project can
annotate texts it does not copy. Reading resolves the text from the first root that holds the
file with that hash, decoding it as the extractor would.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from reportminer.errors import InputError

log = logging.getLogger(__name__)

# Where stand-off sources are looked for, besides roots passed in: the shared corpus beside
# a checkout (../shared/corpus) and $REPORTMINER_CORPUS.
_DEFAULT_ROOTS = ("../shared/corpus", "../shared")


def corpus_roots(extra: Sequence[str | os.PathLike[str]] = ()) -> list[Path]:
    roots = [Path(r) for r in extra]
    env = os.environ.get("REPORTMINER_CORPUS")
    if env:
        roots.extend(Path(p) for p in env.split(os.pathsep) if p)
    repo = Path(__file__).resolve().parents[1]
    for rel in _DEFAULT_ROOTS:
        roots.append(Path.cwd() / rel)
        roots.append(repo / rel)
    return roots


def resolve_text(record: dict[str, Any], roots: Sequence[Path]) -> str | None:
    """The text of a stand-off record, or None when no root holds the file with its hash."""
    from reportminer.readers.text import detect_and_decode

    source = record.get("source")
    if not source:
        return None
    for root in roots:
        candidate = root / source
        if not candidate.is_file():
            continue
        data = candidate.read_bytes()
        if record.get("sha256") and hashlib.sha256(data).hexdigest() != record["sha256"]:
            log.warning("%s: sha256 differs from the annotation; skipped", candidate)
            continue
        text, _ = detect_and_decode(data)
        return text
    return None


def read_annotations(
    path: str | os.PathLike[str],
    roots: Sequence[str | os.PathLike[str]] = (),
    *,
    skip_unresolved: bool = True,
) -> list[dict[str, Any]]:
    """Records of an ANNOTATION.md JSONL file, stand-off texts resolved.

    Raises :class:`InputError` on malformed lines; unresolved stand-off records are skipped
    with a warning (or raise, with ``skip_unresolved=False``).
    """
    search = corpus_roots(roots)
    records = []
    with open(path, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}: not JSON ({exc.msg})") from exc
            if not isinstance(record, dict) or "spans" not in record:
                raise InputError(f"{path}:{number}: a record needs 'spans' (ANNOTATION.md)")
            if "text" not in record:
                text = resolve_text(record, search)
                if text is None:
                    message = f"{path}:{number}: source {record.get('source')!r} not found"
                    if not skip_unresolved:
                        raise InputError(message, hint="set REPORTMINER_CORPUS to the corpus root")
                    log.warning("%s; record skipped", message)
                    continue
                record = {**record, "text": text}
            records.append(record)
    return records


def standoff(record: dict[str, Any], source: str, data: bytes) -> dict[str, Any]:
    """A copy of ``record`` without its text, pointing at ``source`` by path and hash."""
    out = {k: v for k, v in record.items() if k != "text"}
    out["source"] = source
    out["sha256"] = hashlib.sha256(data).hexdigest()
    return out


def write_jsonl(records: Iterable[dict[str, Any]], path: str | os.PathLike[str]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
