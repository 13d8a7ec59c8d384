"""``reportminer schema``: print the JSON Schema of the extract output."""

from __future__ import annotations

import click


@click.command(
    epilog="Example:\n\n\b\n  reportminer schema > reportminer.schema.json\n",
)
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) that every output record of `extract` follows.

    It covers documents (--format json/jsonl), error records for inputs that failed, and
    ANNOTATION.md spans records (--format spans). Its version is `x-schema-version`; each
    output record carries the same value as `schema_version`.
    """
    from reportminer.schema import schema_text

    click.echo(schema_text(), nl=False)
