"""The Dask engine on a LocalCluster: same events as the local engine, idempotent, fault-proof."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from parley.config import load_settings
from parley.export import EVENT_SCHEMA, event_from_row
from parley.pipeline import RunSummary, StrictStop, run
from parley.scale import dask_client, run_dask
from parley.scale.tasks import FAULT_ENV
from parley.store import Store

pytestmark = pytest.mark.slow
pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = str(ROOT / "examples")
SMALL = {"files_per_partition": 6, "bytes_per_partition": 2500}  # many tasks, JSONL ranges
COUNTS = ("documents_read", "stored", "skipped", "failed", "event_mentions", "events", "fused")


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with dask_client(workers=2) as connected:
        yield connected


@pytest.fixture(scope="module")
def serial() -> object:
    return load_settings(env={}, workers=1)


def _state(db: Path) -> dict[str, object]:
    """What a store holds that both engines must agree on."""
    with Store(db, read_only=True) as store:
        return {
            "events": [e.to_json() for e in store.query_events(limit=100_000)],
            "assignments": store.mention_assignments(),
            "documents": sorted(d.id for d in store.documents(limit=100_000)),
            "failures": sorted(
                (f.origin, f.line or 0, f.stage, f.reason) for f in store.failures()
            ),
            "roles": store.role_assertions(),
        }


def _shard_events(shards: Path) -> list[dict[str, object]]:
    """The events of the shards, as contract-2 JSON, by id."""
    table = (
        duckdb.sql(f"SELECT * FROM read_parquet('{shards}/events/*.parquet')").arrow().read_all()
    )
    return sorted((event_from_row(r).to_json() for r in table.to_pylist()), key=_by_id)


def _by_id(event: dict[str, object]) -> str:
    return str(event["id"])


def _counts(summary: RunSummary) -> dict[str, object]:
    return {k: getattr(summary, k) for k in COUNTS}


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory, dev_dir: Path, serial) -> dict[str, object]:
    db = tmp_path_factory.mktemp("local") / "local.duckdb"
    first = run([str(dev_dir), EXAMPLES], str(db), settings=serial)
    state = _state(db)
    again = run([str(dev_dir), EXAMPLES], str(db), settings=serial)
    return {"first": _counts(first), "again": _counts(again), "state": state, "rerun": _state(db)}


def test_dask_engine_gives_the_local_engines_events(
    client, local, tmp_path: Path, dev_dir: Path, serial
) -> None:
    db, shards = tmp_path / "dask.duckdb", tmp_path / "shards"
    kwargs = dict(SMALL)
    first = run_dask(
        [str(dev_dir), EXAMPLES], str(db), client=client, shards=shards, settings=serial, **kwargs
    )
    assert _counts(first) == local["first"]
    assert _state(db) == local["state"]
    expected = sorted(local["state"]["events"], key=_by_id)  # type: ignore[arg-type]
    assert _shard_events(shards) == expected
    again = run_dask(
        [str(dev_dir), EXAMPLES], str(db), client=client, shards=shards, settings=serial, **kwargs
    )
    assert _counts(again) == local["again"]
    assert again.stored == 0 and again.skipped == again.documents_read
    assert _state(db) == local["rerun"]


def _figures_unordered(events: list[dict]) -> list[dict]:
    """Events without the 'about' of their figures.

    parley.fuse.merge._fuse_quantities picks the 'about' of two equal figures in set order,
    which changes with PYTHONHASHSEED, so a fusion in another process may pick the other one.
    """
    return [{**e, "quantities": [{**q, "about": None} for q in e["quantities"]]} for e in events]


def test_fusion_on_the_cluster_gives_the_global_events_and_event_shards(
    client, tmp_path: Path, serial
) -> None:
    from parley.fuse import fuse_mentions
    from parley.pipeline import doc_infos

    db, shards = tmp_path / "dask.duckdb", tmp_path / "shards"
    run_dask(
        [EXAMPLES],
        str(db),
        client=client,
        shards=shards,
        settings=serial,
        fuse_on_client_below=0,
        fuse_block_mentions=4,
    )
    with Store(db, read_only=True) as store:
        stored = sorted((e.to_json() for e in store.query_events(limit=1000)), key=_by_id)
        here = fuse_mentions(list(store.all_event_mentions()), doc_infos(store))
    assert _shard_events(shards) == stored  # rows built on the workers, ids assigned after
    assert _figures_unordered(stored) == _figures_unordered(
        sorted((e.to_json() for e in here), key=_by_id)
    )


def test_dask_shards_are_plain_parquet(client, tmp_path: Path, serial) -> None:
    db, shards = tmp_path / "dask.duckdb", tmp_path / "shards"
    summary = run_dask([EXAMPLES], str(db), client=client, shards=shards, settings=serial, **SMALL)
    con = duckdb.connect()
    docs = con.execute(f"SELECT count(*) FROM read_parquet('{shards}/documents/*.parquet')")
    assert docs.fetchone() == (summary.stored,)
    events = con.execute(f"SELECT * FROM read_parquet('{shards}/events/*.parquet') ORDER BY id")
    assert [d[0] for d in events.description] == EVENT_SCHEMA.names
    names = [d[0] for d in events.description]
    rows = [dict(zip(names, r, strict=True)) for r in events.fetchall()]
    with Store(db, read_only=True) as store:
        stored = sorted(store.query_events(limit=1000), key=lambda e: e.id)
    assert [event_from_row(r) for r in rows] == stored
    assert not list(shards.rglob("*.tmp")) and not list((shards / "_context").iterdir())


@pytest.mark.parametrize("mode", ["kill", "raise"], ids=["worker-killed", "task-raised"])
def test_a_failed_task_loses_and_duplicates_nothing(
    client, tmp_path: Path, serial, mode: str
) -> None:
    plain = run_dask(
        [EXAMPLES],
        str(tmp_path / "plain.duckdb"),
        client=client,
        shards=tmp_path / "plain",
        settings=serial,
        **SMALL,
    )
    marker = tmp_path / "fault-happened"
    spec = f"{mode}:{marker}"
    # Lambdas travel by value, so they change the workers' own environment.
    client.run(lambda: os.environ.update({FAULT_ENV: spec}))  # type: ignore[attr-defined]
    try:
        faulty = run_dask(
            [EXAMPLES],
            str(tmp_path / "faulty.duckdb"),
            client=client,
            shards=tmp_path / "faulty",
            settings=serial,
            **SMALL,
        )
    finally:
        client.run(lambda: os.environ.pop(FAULT_ENV, None))  # type: ignore[attr-defined]
    assert marker.exists()
    assert _counts(faulty) == _counts(plain)
    assert _state(tmp_path / "faulty.duckdb") == _state(tmp_path / "plain.duckdb")


def test_strict_stops_and_stores_nothing(client, tmp_path: Path, serial) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, corpus)
    (corpus / "broken.jsonl").write_text('{"id": "ok", "text": "Fine."}\n{"id": "bad", "te\n')
    db = tmp_path / "strict.duckdb"
    with pytest.raises(StrictStop, match=r"broken\.jsonl"):
        run_dask(
            [str(corpus)],
            str(db),
            client=client,
            shards=tmp_path / "s",
            settings=serial,
            strict=True,
        )
    with Store(db, read_only=True) as store:
        assert store.count_documents() == 0


def test_cli_runs_the_dask_engine_on_a_local_cluster(tmp_path: Path) -> None:
    from parley.cli import main

    db = tmp_path / "cli.duckdb"
    code = main(
        [
            "run",
            EXAMPLES,
            "--db",
            str(db),
            "--engine",
            "dask",
            "--workers",
            "1",
            "--shards",
            str(tmp_path / "cli-shards"),
        ]
    )
    assert code == 0
    with Store(db, read_only=True) as store:
        assert store.count_documents() > 20 and store.count_events() > 5
    assert (tmp_path / "cli-shards" / "events").is_dir()
