"""Stage 2, clean: boilerplate out, offsets kept (``Document`` -> ``CleanDocument``).

The rules are data (``boilerplate.toml`` beside this file); :func:`clean_document` applies them
and records every removed span, so any offset in the cleaned text maps back to ``Document.raw``.
"""

from __future__ import annotations

from parley.clean.cleaner import clean_document
from parley.clean.datelines import Dateline, find_dateline, resolve_month_day
from parley.clean.metadata import TextHeader, parse_text_header
from parley.clean.rules import Rules, default_rules, read_rules

__all__ = [
    "Dateline",
    "Rules",
    "TextHeader",
    "clean_document",
    "default_rules",
    "find_dateline",
    "parse_text_header",
    "read_rules",
    "resolve_month_day",
]
