"""Exceptions with messages a user can act on."""

from __future__ import annotations


class ReportminerError(Exception):
    """Base class; ``str(exc)`` names the cause."""

    hint: str | None = None

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint


class InputError(ReportminerError):
    """An input file that cannot be turned into text (encoding, format, size, damage)."""


class DecodeError(InputError):
    """Bytes that no supported encoding decodes without loss."""


class UnsupportedFormat(InputError):
    """A file format reportminer has no reader for."""


class RuleDataError(ReportminerError):
    """A malformed or missing rule file in the package."""


class ModelError(ReportminerError):
    """A trained model that is missing, damaged or built for other features."""
