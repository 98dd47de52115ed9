"""Fusion: one event per happening, every fact traced to its sources, disagreements shown.

Public API::

    fuse_mentions(mentions, docs, previous={}) -> list[Event]
    assignments(events) -> dict[mention_id, event_id]
    DocInfo, describe_document(clean_doc) -> DocInfo
    doc_signature(text) -> tuple[int, ...]; is_near_duplicate(a, b); signature_similarity(a, b)

Block by block (the same events as one pass; see :mod:`parley.fuse.blocks`)::

    BlockKey, block_key(mention) -> BlockKey          what blocking needs, kept in the store
    fusion_components(keys) -> list[list[int]]         independent pieces of a fusion
    components_by_family(keys)                         the same, a type family at a time
    component_labels(keys) -> dict[mention_id, label]  which piece each mention is in
    pack_components(components, target)                whole components packed into pieces
    fusion_blocks(mentions, target); fuse_blocked(mentions, docs, previous, ...)
"""

from parley.fuse.blocks import (
    BlockKey,
    block_key,
    component_labels,
    components_by_family,
    fuse_block,
    fuse_blocked,
    fusion_blocks,
    fusion_components,
    pack_components,
)
from parley.fuse.fusion import assignments, fuse_mentions
from parley.fuse.signature import (
    DocInfo,
    describe_document,
    doc_signature,
    is_near_duplicate,
    signature_similarity,
)

__all__ = [
    "BlockKey",
    "DocInfo",
    "assignments",
    "block_key",
    "component_labels",
    "components_by_family",
    "describe_document",
    "doc_signature",
    "fuse_block",
    "fuse_blocked",
    "fuse_mentions",
    "fusion_blocks",
    "fusion_components",
    "is_near_duplicate",
    "pack_components",
    "signature_similarity",
]
