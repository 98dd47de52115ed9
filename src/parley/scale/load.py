"""Bulk-load a run's Parquet shards into the store, from the one writer (the client).

Shards are read in partition order (shard names sort in input order) and handed to the store's
bulk writer, :meth:`parley.store.Store.write_rows`, a few thousand documents per transaction.
Like the local engine, the first occurrence of a document id wins and stored documents are left
alone: a group never holds one id twice (a repeat starts the next group), and the writer skips
ids it already has, together with their mentions, role assertions and event mentions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from parley.errors import StoreError
from parley.models import Failure
from parley.scale.tasks import SHARD_TABLES, shard_path
from parley.store import Store

LOAD_DOCUMENTS = 4_000
"""Documents per write transaction (bounds the client's memory while loading)."""


@dataclass(frozen=True)
class Loaded:
    """What a load added to the store."""

    documents: int
    event_mentions: int
    failures: int


def stored_ids(store: Store) -> frozenset[str]:
    """Every document id the store holds (workers skip them).

    Args:
        store: an open store.

    Returns:
        The ids.
    """
    return frozenset(store.document_ids())


def _read(shards: Path, key: str) -> dict[str, pa.Table]:
    """One partition's shards, or a StoreError naming the missing file."""
    out: dict[str, pa.Table] = {}
    for table in SHARD_TABLES:
        path = shard_path(shards, table, key)
        try:
            out[table] = pq.read_table(path)
        except (OSError, pa.ArrowInvalid) as err:
            raise StoreError(
                f"cannot read the shard '{path}': {err}.",
                fix="Run again: the partition is read again and its shards rewritten. Check that "
                "--shards is on storage the workers and this machine share.",
            ) from err
    return out


def _failures(data: pa.Table) -> list[Failure]:
    """Failure models back from a failures shard (the writer takes models)."""
    return [
        Failure(
            origin=r["origin"], line=r["line"], stage=r["stage"], reason=r["reason"], fix=r["fix"]
        )
        for r in data.to_pylist()
    ]


def _groups(shards: Path, keys: Sequence[str]) -> Iterator[list[dict[str, pa.Table]]]:
    """Partitions' shards grouped for one transaction each, never one id twice in a group."""
    group: list[dict[str, pa.Table]] = []
    ids: set[str] = set()
    size = 0
    for key in sorted(keys):
        part = _read(shards, key)
        these = set(part["documents"].column("id").to_pylist())
        if group and (size + len(these) > LOAD_DOCUMENTS or these & ids):
            yield group
            group, ids, size = [], set(), 0
        group.append(part)
        ids |= these
        size += len(these)
    if group:
        yield group


def load_shards(
    store: Store, shards: Path, keys: Sequence[str], run_id: str | None = None
) -> Loaded:
    """Insert the shards of the given partitions into the store.

    Args:
        store: a read-write store.
        shards: the shards folder.
        keys: partition keys whose tasks finished (any order).
        run_id: the run the failures are recorded under.

    Returns:
        How many documents, event mentions and failures were added.

    Raises:
        StoreError: a shard is missing or unreadable, or DuckDB refuses a write (groups
            written before it stay; running again skips them).
    """
    documents = mentions = failed = 0
    for group in _groups(shards, keys):
        rows = {t: pa.concat_tables([p[t] for p in group]) for t in SHARD_TABLES if t != "failures"}
        failures = [f for p in group for f in _failures(p["failures"])]
        new_docs, new_mentions = store.write_rows(rows, failures, run_id=run_id)
        documents += new_docs
        mentions += new_mentions
        failed += len(failures)
    return Loaded(documents, mentions, failed)
