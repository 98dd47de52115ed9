"""What runs on a Dask worker: one partition in, one Parquet shard per store table out.

A task reads its partition, runs :func:`parley.pipeline.process_chunk` on every document it
has not seen (the knowledge base comes from the worker's cached loader; the run's role book and
the ids already stored come from one context file per run, read once per worker), and writes the
store rows that builds (:func:`parley.store.tables.document_tables`), one file per table::

    SHARDS/documents/p00000003-1c9e....parquet
    SHARDS/mentions/p00000003-1c9e....parquet   (role_assertions, event_mentions, failures too)

Each file is written under a hidden temporary name and renamed into place, and its name comes
from the partition key only, so a task that is retried (its worker died, or it raised) overwrites
its own shards: no document is lost or written twice.
"""

from __future__ import annotations

import functools
import os
import pickle
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from parley.errors import ConfigError
from parley.models import Document, Failure, Model
from parley.pipeline import default_stages, load_kb, process_chunk
from parley.scale.partitions import Partition, partition_items
from parley.store import tables

SHARD_TABLES: tuple[str, ...] = (
    "documents",
    "mentions",
    "role_assertions",
    "event_mentions",
    "failures",
)
"""Store tables a partition writes one shard of (same columns and types as the store's)."""
FAULT_ENV = "PARLEY_SCALE_FAULT"
"""Test hook: ``kill:FILE`` or ``raise:FILE`` makes the first task that finds no FILE create it
and then die (``os._exit``) or raise, after writing its first shard."""


@dataclass(frozen=True)
class RunContext:
    """Read-only inputs every task of a run shares: the role book and the stored ids."""

    roles: Any
    known: frozenset[str]


def save_context(path: Path, context: RunContext) -> None:
    """Write a run's context where every worker can read it (the shards folder).

    Args:
        path: the file to write (replaced atomically).
        context: the role book and stored document ids.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "wb") as fh:
        pickle.dump(context, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


@functools.lru_cache(maxsize=2)
def load_context(path: str) -> RunContext:
    """Read a run's context once per worker process (cached: tasks of a run share it).

    Args:
        path: the file :func:`save_context` wrote.

    Returns:
        The context.

    Raises:
        ConfigError: the file is not there (the shards folder is not shared with this worker).
    """
    try:
        with open(path, "rb") as fh:
            context = pickle.load(fh)
    except FileNotFoundError as err:
        raise ConfigError(
            f"a Dask worker cannot find the run context '{path}'.",
            fix="Put --shards on storage every worker mounts at the same path.",
        ) from err
    assert isinstance(context, RunContext)
    return context


class PartitionResult(Model):
    """What one task did: counts, and its first failure (for --strict)."""

    key: str
    index: int
    read: int = 0  # documents read (repeats and known ones included)
    known: int = 0  # already in the store before this run
    repeats: int = 0  # the same id earlier in this partition
    processed: int = 0  # written to the documents shard
    failed: int = 0  # failures of any stage (ingest included)
    processing_failed: int = 0  # documents read that a later stage could not process
    mentions: int = 0
    first_failure: Failure | None = None


def shard_path(shards: Path, table: str, key: str) -> Path:
    """Where a partition's shard of one table lives.

    Args:
        shards: the shards folder.
        table: one of :data:`SHARD_TABLES` (or ``events``).
        key: the partition key.

    Returns:
        ``shards/table/key.parquet``.
    """
    return shards / table / f"{key}.parquet"


def write_shard(data: pa.Table, path: Path) -> None:
    """Write a Parquet file atomically: a hidden temporary name, then a rename.

    Args:
        data: the rows.
        path: the final file (replaced if it exists, e.g. by a retried task).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    pq.write_table(data, tmp, compression="zstd")
    os.replace(tmp, path)


def _inject_fault() -> None:
    """Die or raise once per marker file when the test hook asks for it."""
    spec = os.environ.get(FAULT_ENV)
    if not spec or ":" not in spec:
        return
    mode, marker = spec.split(":", 1)
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return
    os.close(fd)
    if mode == "kill":
        os._exit(70)
    raise RuntimeError(f"injected failure ({FAULT_ENV}={spec})")


def process_partition(
    part: Partition,
    context_path: str,
    shards: str,
    run_id: str,
    max_bytes: int,
    offsets: Sequence[int] | None = None,
) -> PartitionResult:
    """Read, clean, annotate and code one partition and write its shards (a Dask task).

    Args:
        part: the partition.
        context_path: the run context file (role book, stored ids).
        shards: the shards folder (shared by the client and every worker).
        run_id: the run, recorded in the rows.
        max_bytes: the largest single document accepted.
        offsets: for a byte range, the line breaks before each range of its file.

    Returns:
        The counts of the partition.
    """
    kb = load_kb()
    context = load_context(context_path)
    lines_before = offsets[part.piece] if offsets is not None else 0
    ingest_failures: list[Failure] = []
    todo: dict[str, Document] = {}
    read = known = repeats = 0
    for item in partition_items(part, max_bytes=max_bytes, lines_before=lines_before):
        if isinstance(item, Failure):
            ingest_failures.append(item)
        elif item.id in context.known:
            read, known = read + 1, known + 1
        elif item.id in todo:
            read, repeats = read + 1, repeats + 1
        else:
            read += 1
            todo[item.id] = item
    chunk = process_chunk(list(todo.values()), kb, context.roles, default_stages(), run_id)
    failed = [f for f in chunk.failures if f is not None]
    failures = [*ingest_failures, *failed]
    rows = {**chunk.rows, "failures": tables.failures_table(failures, run_id)}
    root = Path(shards)
    for number, table in enumerate(SHARD_TABLES):
        write_shard(rows[table], shard_path(root, table, part.key))
        if number == 0:
            _inject_fault()
    return PartitionResult(
        key=part.key,
        index=part.index,
        read=read,
        known=known,
        repeats=repeats,
        processed=rows["documents"].num_rows,
        failed=len(failures),
        processing_failed=len(failed),
        mentions=rows["event_mentions"].num_rows,
        first_failure=failures[0] if failures else None,
    )


def noop(value: int) -> int:
    """A task that does nothing, to measure the cluster's per-task overhead.

    Args:
        value: any number.

    Returns:
        The same number.
    """
    return value
