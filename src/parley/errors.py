"""parley's exceptions, one tree::

    ParleyError                 base of everything parley raises on purpose
    ├── InputError              a document or file cannot be read (names file and line, says the fix)
    │   ├── EncodingError       bytes that decode in no known charset, or a binary file
    │   └── FormatError         malformed JSON / JSONL line / feed / missing required field
    ├── KnowledgeError          a knowledge file under parley/data is missing or malformed
    ├── StoreError              the DuckDB store cannot be opened, migrated or written
    │   └── NotFoundError       an event / document id that is not in the store
    ├── ConfigError             a bad option or setting value (lists the valid choices)
    └── EvalError               a gold file that does not follow the gold schema

The CLI turns any ``ParleyError`` into a one-line message; no traceback reaches a user.
"""

from __future__ import annotations


class ParleyError(Exception):
    """Base class; ``str(err)`` is a complete, user-facing sentence."""

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        self.fix = fix
        super().__init__(message if fix is None else f"{message} {fix}")


class InputError(ParleyError):
    """A document or input file cannot be read."""

    def __init__(
        self, origin: str, reason: str, *, line: int | None = None, fix: str | None = None
    ) -> None:
        self.origin = origin
        self.line = line
        self.reason = reason
        where = f"'{origin}'" + (f" (line {line})" if line else "")
        super().__init__(f"cannot read {where}: {reason}.", fix=fix)


class EncodingError(InputError):
    """Bytes that are binary or decode in no known charset."""


class FormatError(InputError):
    """Malformed JSON/JSONL/feed content or a missing required field."""


class KnowledgeError(ParleyError):
    """A knowledge file under ``parley/data`` is missing or malformed."""


class StoreError(ParleyError):
    """The store cannot be opened, migrated or written."""


class NotFoundError(StoreError):
    """An id that is not in the store."""


class ConfigError(ParleyError):
    """A bad option or setting value."""


class EvalError(ParleyError):
    """A gold file that does not follow the gold schema."""
