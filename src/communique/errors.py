"""Coded errors that name the input and say what to do.

Every failure that reaches a user is a `CommuniqueError`: the CLI prints its
message (never a traceback) and exits with its `exit_code`.
"""

from __future__ import annotations


class CommuniqueError(Exception):
    """Base error: carries a code, the input it concerns and a hint."""

    code = "E000"
    exit_code = 1

    def __init__(self, message: str, *, source: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.source = source
        self.hint = hint

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        tip = f" ({self.hint})" if self.hint else ""
        return f"[{self.code}] {where}{self.message}{tip}"


class InputError(CommuniqueError):
    """An input could not be read or is not a usable article."""

    code = "E100"


class InputTooLarge(InputError):
    """An input is above the configured size cap."""

    code = "E101"


class NotEnglish(InputError):
    """An article is not in English; the pipeline reads English only."""

    code = "E102"


class FetchError(InputError):
    """A URL or feed could not be fetched."""

    code = "E103"


class ModelMissing(CommuniqueError):
    """The spaCy model is not installed."""

    code = "E200"
    exit_code = 3


class StoreError(CommuniqueError):
    """The database could not be opened, migrated or written."""

    code = "E300"
    exit_code = 4
