"""Scale: parley's pipeline on a Dask cluster (``parley run --engine dask``).

Public API::

    run_dask(paths, db, *, scheduler=None, workers=None, shards=None, ...) -> RunSummary
    dask_client(scheduler=None, workers=0)            context manager: a connected Client
    plan_partitions(paths) -> (partitions, failures)   coarse tasks, no document read
    process_partition(part, context, shards, ...)      the per-partition task (one shard per table)
    load_shards(store, shards, keys)                   bulk load into the store (read_parquet)
    fuse_blocked(mentions, docs, previous, ...)        fusion in independent blocks

``dask`` and ``distributed`` are imported only when a cluster is used (``parley[dask]``).
See docs/scale.md for running on a real cluster.
"""

from parley.scale.engine import dask_client, default_shards, run_dask
from parley.scale.fusion import fuse_blocked, fusion_blocks
from parley.scale.load import load_shards
from parley.scale.partitions import Partition, partition_items, plan_partitions
from parley.scale.tasks import SHARD_TABLES, PartitionResult, process_partition, shard_path

__all__ = [
    "SHARD_TABLES",
    "Partition",
    "PartitionResult",
    "dask_client",
    "default_shards",
    "fuse_blocked",
    "fusion_blocks",
    "load_shards",
    "partition_items",
    "plan_partitions",
    "process_partition",
    "run_dask",
    "shard_path",
]
