"""Fusion on the cluster: parley.fuse's independent blocks, mapped over Dask workers.

The blocking itself (components of fusion's candidate graph, packed into blocks) is
:mod:`parley.fuse.blocks`, the one implementation both engines use; this module only holds the
cluster's sizing.
"""

from __future__ import annotations

from parley.fuse.blocks import (
    FUSE_BLOCK_MENTIONS,
    MapBlocks,
    fuse_block,
    fuse_blocked,
    fusion_blocks,
    serial_map,
)

FUSE_ON_CLIENT_BELOW = 4_000
"""A fusion of fewer mentions runs in the client: shipping it would cost more than it saves."""

__all__ = [
    "FUSE_BLOCK_MENTIONS",
    "FUSE_ON_CLIENT_BELOW",
    "MapBlocks",
    "fuse_block",
    "fuse_blocked",
    "fusion_blocks",
    "serial_map",
]
