"""Stage 1, ingest: files, folders and stdin to :class:`~parley.models.Document` (contract 1).

:func:`read_inputs` streams documents and :class:`~parley.models.Failure` records; a bad file,
line or feed item never stops a run.
"""

from __future__ import annotations

from parley.ingest.dates import parse_published
from parley.ingest.decode import decode_bytes
from parley.ingest.formats import document_from_object, html_fragment_to_text
from parley.ingest.ids import document_id, normalise_content
from parley.ingest.reader import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_EXTENSIONS,
    read_file,
    read_inputs,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_EXTENSIONS",
    "decode_bytes",
    "document_from_object",
    "document_id",
    "html_fragment_to_text",
    "normalise_content",
    "parse_published",
    "read_file",
    "read_inputs",
]
