"""The JSON Schema of what ``reportminer extract`` writes, and validation against it.

The schema is a committed data file (``reportminer/data/output.schema.json``) so that users
and other tools can read it without running Python; ``reportminer schema`` prints it.
``SCHEMA_VERSION`` changes whenever the output shape changes (major: incompatible).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

SCHEMA_VERSION = "1.0"

SCHEMA_FILE = "output.schema.json"

# The record kinds the schema defines (``$defs`` names), for ``validate(obj, kind=...)``.
KINDS = ("document", "error", "spans_record")


def schema_text() -> str:
    """The schema file as shipped (what ``reportminer schema`` prints)."""
    return resources.files("reportminer").joinpath("data", SCHEMA_FILE).read_text("utf-8")


@cache
def load_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_text())
    return schema


@cache
def _validator(kind: str | None) -> Any:
    import jsonschema  # slow to import; only validation needs it

    schema = load_schema()
    if kind is not None:
        if kind not in KINDS:
            raise ValueError(f"unknown record kind {kind!r}; one of {', '.join(KINDS)}")
        schema = {**schema, "oneOf": [{"$ref": f"#/$defs/{kind}"}]}
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate(obj: dict[str, Any], kind: str | None = None) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``obj`` is a valid output record.

    ``kind`` ("document", "error" or "spans_record") narrows the check to one record kind;
    by default any of them is accepted. The error names the offending part, e.g.
    ``reports/0/sections/items/3/kind``.
    """
    import jsonschema

    validator = _validator(kind or _kind_of(obj))
    best = jsonschema.exceptions.best_match(validator.iter_errors(obj))
    if best is not None:
        raise best


def errors(obj: dict[str, Any], kind: str | None = None) -> list[str]:
    """Every validation problem of ``obj`` as "path: message" strings (empty when valid)."""
    validator = _validator(kind or _kind_of(obj))
    found = []
    for error in validator.iter_errors(obj):
        # oneOf hides the cause; report the deepest messages of the matching branch.
        leaves = _leaves(error)
        for leaf in leaves:
            where = "/".join(str(part) for part in leaf.absolute_path) or "(top)"
            found.append(f"{where}: {leaf.message}")
    return found


def _kind_of(obj: Any) -> str | None:
    """The record kind ``obj`` claims to be, so errors speak about that kind only."""
    if not isinstance(obj, dict):
        return None
    status = obj.get("status")
    if status == "ok":
        return "document"
    if status == "error":
        return "error"
    if "spans" in obj:
        return "spans_record"
    return None


def _leaves(error: Any) -> list[Any]:
    if not error.context:
        return [error]
    import jsonschema

    best = jsonschema.exceptions.best_match(error.context)
    return _leaves(best) if best is not None else [error]
