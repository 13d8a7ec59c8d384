"""Outputs over extract results: tables (CSV/XLSX), a review page, corpus statistics.

``write_tables(results, out_dir)`` is the hook for ``reportminer extract --tables DIR``:
``results`` is any iterable of Documents, ErrorRecords or their JSON dicts.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["write_tables"]


def write_tables(results: Iterable[Any], out_dir: str | Path, **options: Any) -> list[Path]:
    """See :func:`reportminer.outputs.tables.write_tables` (imported lazily: openpyxl is slow)."""
    from reportminer.outputs.tables import write_tables as _write_tables

    return _write_tables(results, out_dir, **options)
