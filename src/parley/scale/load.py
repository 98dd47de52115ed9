"""Bulk-load a run's Parquet shards into the store: one writer, one transaction, read_parquet.

A document id can appear in several shards (the same file given twice, a reprinted item) and may
already be stored. Like the local engine, the first occurrence in input order wins (shard names
sort in input order; rows keep file order) and stored documents are left alone; the mentions,
role assertions and event mentions loaded are exactly those of the winning shard.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from parley.errors import StoreError
from parley.scale.tasks import shard_path
from parley.store import Store, tables

_COLUMNS = {
    "documents": tables.DOCUMENTS,
    "mentions": tables.MENTIONS,
    "role_assertions": tables.ROLE_ASSERTIONS,
    "event_mentions": tables.EVENT_MENTIONS,
}


@dataclass(frozen=True)
class Loaded:
    """What a load added to the store."""

    documents: int
    event_mentions: int
    failures: int


def _cols(table: str, alias: str = "") -> str:
    """The quoted column list of a store table (as the store's Arrow schema names them)."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(f'{prefix}"{f.name}"' for f in _COLUMNS[table])


def connection(store: Store) -> duckdb.DuckDBPyConnection:
    """The store's own connection: the load must be the store's single writer.

    Args:
        store: a read-write store.

    Returns:
        Its DuckDB connection.
    """
    # Store has no public bulk-Parquet API yet; this is the one place the engine reaches in.
    con: duckdb.DuckDBPyConnection = store._con
    return con


def stored_ids(store: Store) -> frozenset[str]:
    """Every document id the store holds (workers skip them).

    Args:
        store: an open store.

    Returns:
        The ids.
    """
    rows = connection(store).execute("SELECT id FROM documents").fetchall()
    return frozenset(r[0] for r in rows)


def load_shards(store: Store, shards: Path, keys: Sequence[str]) -> Loaded:
    """Insert the shards of the given partitions into the store, in one transaction.

    Args:
        store: a read-write store.
        shards: the shards folder.
        keys: partition keys whose tasks finished (any order).

    Returns:
        How many documents, event mentions and failures were added.

    Raises:
        StoreError: a shard is missing or unreadable, or DuckDB refuses the write; nothing of
            this load is kept then.
    """
    if not keys:
        return Loaded(0, 0, 0)
    ordered = sorted(keys)
    files = {
        t: [str(shard_path(shards, t, k)) for k in ordered]
        for t in ("documents", "mentions", "role_assertions", "event_mentions", "failures")
    }
    con = connection(store)
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _scale_new AS "
            "SELECT id, shard FROM ("
            "  SELECT id, parse_filename(filename, true) AS shard, row_number() OVER ("
            "    PARTITION BY id ORDER BY parse_filename(filename, true), file_row_number"
            "  ) AS n FROM read_parquet(?, filename = true, file_row_number = true)"
            ") s WHERE n = 1 AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = s.id)",
            [files["documents"]],
        )
        documents = _count(con, "SELECT count(*) FROM _scale_new")
        before = _count(con, "SELECT count(*) FROM event_mentions")
        for table in ("documents", "mentions", "role_assertions", "event_mentions"):
            key = "id" if table == "documents" else "doc_id"
            conflict = " ON CONFLICT DO NOTHING" if table in ("documents", "event_mentions") else ""
            con.execute(
                f"INSERT INTO {table} ({_cols(table)}) SELECT {_cols(table, 'r')} "
                "FROM read_parquet(?, filename = true, file_row_number = true) r "
                f"SEMI JOIN _scale_new n ON r.{key} = n.id "
                "AND parse_filename(r.filename, true) = n.shard "
                f"ORDER BY parse_filename(r.filename, true), r.file_row_number{conflict}",
                [files[table]],
            )
        mentions = _count(con, "SELECT count(*) FROM event_mentions") - before
        failed = _count(con, "SELECT count(*) FROM read_parquet(?)", [files["failures"]])
        names = ", ".join(f'"{f.name}"' for f in tables.FAILURES)
        con.execute(
            f"INSERT INTO failures ({names}) SELECT {names} FROM "
            "read_parquet(?, filename = true, file_row_number = true) "
            "ORDER BY parse_filename(filename, true), file_row_number",
            [files["failures"]],
        )
        con.execute("DROP TABLE _scale_new")
        con.execute("COMMIT")
    except duckdb.Error as err:
        con.execute("ROLLBACK")
        raise StoreError(
            f"cannot load the Parquet shards of '{shards}' into the store '{store.path}': {err}.",
            fix="Nothing of this load was kept. Check that the shards folder is complete and "
            "readable (run again to rewrite it) and that the disk has space.",
        ) from err
    return Loaded(documents, mentions, failed)


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> int:
    """One integer from a query."""
    row = con.execute(sql, list(params)).fetchone()
    return int(row[0]) if row else 0
