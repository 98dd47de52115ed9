"""Partition tasks run in this process: shards per table, atomic and idempotent, bulk load."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from parley.scale.load import load_shards
from parley.scale.partitions import plan_partitions
from parley.scale.tasks import (
    SHARD_TABLES,
    RunContext,
    process_partition,
    save_context,
    shard_path,
)
from parley.store import Store, tables

EXAMPLE_FILES = ["e1-modi-warsaw-wire.txt", "e2-scholz-putin-call-wire.txt", "regional-batch.jsonl"]


def _run(paths: list[str], shards: Path, known: frozenset[str] = frozenset()) -> list:
    """Plan and process partitions in this process, as the workers would."""
    context = shards / "_context" / "test.pickle"
    save_context(context, RunContext(roles=None, known=known))
    parts, _ = plan_partitions(paths, files_per_partition=1)
    return [process_partition(p, str(context), str(shards), "run-test", 5 * 2**20) for p in parts]


@pytest.fixture
def example_paths() -> list[str]:
    root = Path(__file__).resolve().parents[2] / "examples"
    return [str(root / name) for name in EXAMPLE_FILES]


def test_process_partition_writes_one_shard_per_table(tmp_path: Path, example_paths) -> None:
    results = _run(example_paths, tmp_path)
    for result in results:
        for table in SHARD_TABLES:
            assert shard_path(tmp_path, table, result.key).is_file()
    assert not list(tmp_path.rglob("*.tmp"))
    docs = duckdb.sql(f"SELECT * FROM read_parquet('{tmp_path}/documents/*.parquet')")
    assert docs.columns == [f.name for f in tables.DOCUMENTS]
    assert len(docs.fetchall()) == sum(r.processed for r in results) > 5
    mentions = duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{tmp_path}/event_mentions/*.parquet')"
    )
    assert mentions.fetchone() == (sum(r.mentions for r in results),)


def test_a_retried_partition_overwrites_its_own_shards(tmp_path: Path, example_paths) -> None:
    first = _run(example_paths, tmp_path)
    files = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.parquet"))
    again = _run(example_paths, tmp_path)
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.parquet")) == files
    assert [r.model_dump() for r in again] == [r.model_dump() for r in first]


def test_load_shards_is_idempotent(tmp_path: Path, example_paths) -> None:
    results = _run(example_paths, tmp_path / "shards")
    keys = [r.key for r in results]
    with Store(tmp_path / "s.duckdb") as store:
        first = load_shards(store, tmp_path / "shards", keys)
        again = load_shards(store, tmp_path / "shards", keys)
        stats = store.stats()
    assert first.documents == stats.documents == sum(r.processed for r in results)
    assert first.event_mentions == stats.event_mentions > 0
    assert (again.documents, again.event_mentions) == (0, 0)


def test_load_shards_keeps_the_first_copy_of_a_repeated_document(
    tmp_path: Path, example_paths
) -> None:
    twice = [*example_paths, example_paths[0]]
    results = _run(twice, tmp_path / "shards")
    with Store(tmp_path / "s.duckdb") as store:
        loaded = load_shards(store, tmp_path / "shards", [r.key for r in results])
        mentions = store.stats().mentions
    with Store(tmp_path / "once.duckdb") as store:
        once = _run(example_paths, tmp_path / "once")
        load_shards(store, tmp_path / "once", [r.key for r in once])
        assert store.stats().mentions == mentions
    assert loaded.documents == sum(r.processed for r in results[:-1])


def test_known_documents_are_skipped_by_the_task(tmp_path: Path, example_paths) -> None:
    first = _run(example_paths[:1], tmp_path / "a")
    known = frozenset(
        r[0]
        for r in duckdb.sql(
            f"SELECT id FROM read_parquet('{tmp_path}/a/documents/*.parquet')"
        ).fetchall()
    )
    again = _run(example_paths[:1], tmp_path / "b", known=known)
    assert (again[0].known, again[0].processed) == (first[0].processed, 0)


def test_load_shards_names_a_missing_shard(tmp_path: Path) -> None:
    from parley.errors import StoreError

    with Store(tmp_path / "s.duckdb") as store, pytest.raises(StoreError, match="shards"):
        load_shards(store, tmp_path, ["p00000000-nothing"])
