"""Fusion: one event per happening, every fact traced to its sources, disagreements shown.

Public API::

    fuse_mentions(mentions, docs, previous={}) -> list[Event]
    assignments(events) -> dict[mention_id, event_id]
    DocInfo, describe_document(clean_doc) -> DocInfo
    doc_signature(text) -> tuple[int, ...]; is_near_duplicate(a, b); signature_similarity(a, b)
"""

from parley.fuse.fusion import assignments, fuse_mentions
from parley.fuse.signature import (
    DocInfo,
    describe_document,
    doc_signature,
    is_near_duplicate,
    signature_similarity,
)

__all__ = [
    "DocInfo",
    "assignments",
    "describe_document",
    "doc_signature",
    "fuse_mentions",
    "is_near_duplicate",
    "signature_similarity",
]
