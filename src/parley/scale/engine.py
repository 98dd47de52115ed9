"""``run_dask``: the local engine's pipeline on a Dask cluster, with Parquet shards in between.

1. The client plans partitions from file names and sizes (no document is read there).
2. Each partition is a task: read, clean, annotate, code, and write one Parquet shard per store
   table (:mod:`parley.scale.tasks`). Big JSONL files are byte ranges; small tasks first count
   the line breaks of the ranges before them, so failures name the true line.
3. The client loads the shards into the DuckDB store (the single writer), then fuses in
   independent blocks mapped over the cluster (:mod:`parley.scale.fusion`), replaces the stored
   events and writes them as Parquet shards in the export schema (:data:`parley.export.EVENT_SCHEMA`).
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc

from parley.config import Settings, load_settings
from parley.errors import ConfigError
from parley.models import Event, Failure
from parley.pipeline import RunSummary, StrictStop, doc_infos, load_kb
from parley.scale.fusion import FUSE_BLOCK_MENTIONS, FUSE_ON_CLIENT_BELOW, fuse_block, fuse_blocked
from parley.scale.load import load_shards, stored_ids
from parley.scale.partitions import (
    BYTES_PER_PARTITION,
    FILES_PER_PARTITION,
    Partition,
    count_newlines,
    line_offsets,
    plan_partitions,
)
from parley.scale.tasks import (
    PartitionResult,
    RunContext,
    process_partition,
    save_context,
    write_shard,
)
from parley.store import Store

if TYPE_CHECKING:
    from distributed import Client, Future

    from parley.pipeline import ProgressFn

TASK_RETRIES = 2
"""Extra attempts for a task that raised (a worker that dies is retried by the scheduler)."""
EVENTS_PER_SHARD = 50_000
_KEPT_FAILURES = 10_000


def default_shards(db: str) -> Path:
    """Where a store's shards go by default: beside it (``events.duckdb`` -> ``events.shards``).

    Args:
        db: the store path.

    Returns:
        The shards folder.
    """
    path = Path(db if db != ":memory:" else "parley.duckdb")
    return path.with_name(path.stem + ".shards")


def _distributed() -> Any:
    """Import distributed, or say how to install it."""
    try:
        import distributed
    except ImportError as err:
        raise ConfigError(
            f"the dask engine needs dask and distributed ({err}).",
            fix="Install them with pip install 'parley[dask]', or use --engine local.",
        ) from None
    return distributed


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int = 0) -> Iterator[Client]:
    """Connect to a scheduler, or start a LocalCluster of single-threaded worker processes.

    Args:
        scheduler: ``tcp://HOST:PORT`` of a running ``dask scheduler``; ``None`` starts a
            local cluster.
        workers: worker processes of the local cluster (0: one per core).

    Yields:
        A connected ``distributed.Client`` (closed, with its local cluster, on exit).

    Raises:
        ConfigError: dask is not installed, or the scheduler cannot be reached.
    """
    distributed = _distributed()
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout="20s", set_as_default=False)
        except (OSError, TimeoutError) as err:
            raise ConfigError(
                f"cannot reach the Dask scheduler at {scheduler!r} ({err}).",
                fix="Start one with `dask scheduler` and give its tcp://HOST:PORT address, "
                "or use --workers N for a cluster on this machine.",
            ) from None
        with client:
            yield client
        return
    import os

    n = workers or os.cpu_count() or 1
    cluster = distributed.LocalCluster(
        n_workers=n,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # any free port: never collide with another cluster
        silence_logs=logging.ERROR,
    )
    with cluster, distributed.Client(cluster, set_as_default=False) as client:
        yield client


def _submit(
    client: Client,
    parts: Sequence[Partition],
    context: str,
    shards: Path,
    run_id: str,
    max_bytes: int,
) -> list[Future]:
    """One task per partition; ranges after the first of a file wait for the line counts."""
    counts: dict[str, list[Future]] = {}
    offsets: dict[str, Future] = {}
    pieces: dict[str, int] = {}
    for part in parts:
        if part.is_range:
            pieces[part.paths[0]] = max(pieces.get(part.paths[0], 0), part.piece + 1)
    for part in parts:
        path = part.paths[0] if part.is_range else ""
        if part.is_range and part.piece < pieces[path] - 1:
            assert part.start is not None and part.end is not None
            counts.setdefault(path, []).append(
                client.submit(
                    count_newlines,
                    path,
                    part.start,
                    part.end,
                    key=f"count-{run_id}-{part.key}",
                    retries=TASK_RETRIES,
                )
            )
    for path, before in counts.items():
        offsets[path] = client.submit(_offsets, *before, key=f"offsets-{before[0].key}")
    futures: list[Future] = []
    for part in parts:
        extra = offsets.get(part.paths[0]) if part.is_range and part.piece > 0 else None
        futures.append(
            client.submit(
                process_partition,
                part,
                context,
                str(shards),
                run_id,
                max_bytes,
                extra,
                key=f"parley-{run_id}-{part.key}",
                retries=TASK_RETRIES,
            )
        )
    return futures


def _offsets(*counts: int) -> list[int]:
    """Line breaks before each range of a file (a tiny task joining the counts)."""
    return line_offsets(counts)


def _task_failure(part: Partition, err: BaseException) -> Failure:
    """A partition whose task failed on every attempt: its documents are not stored."""
    what = f"bytes {part.start}-{part.end} of it" if part.is_range else f"{len(part.paths)} files"
    return Failure(
        origin=part.paths[0] if part.paths else part.key,
        stage="ingest",
        reason=f"the Dask task for partition {part.key} ({what}) failed on every attempt "
        f"({type(err).__name__}: {err})",
        fix="Run again: stored documents are skipped and the rest are read",
    )


def _gather(
    client: Client,
    parts: Sequence[Partition],
    futures: Sequence[Future],
    strict: bool,
    progress: ProgressFn | None,
) -> tuple[list[PartitionResult], list[Failure]]:
    """Wait for the partition tasks; with ``strict`` stop at the first failure."""
    distributed = _distributed()
    by_key = {f.key: p for f, p in zip(futures, parts, strict=True)}
    done: list[PartitionResult] = []
    lost: list[Failure] = []
    read = 0
    with client.as_current():
        for future in distributed.as_completed(futures):
            part = by_key[future.key]
            try:
                result: PartitionResult = future.result()
            except Exception as err:  # a task that raised on every attempt, or a lost worker
                lost.append(_task_failure(part, err))
                if strict:
                    break
                continue
            done.append(result)
            read += result.read
            if progress:
                progress("read", read)
            if strict and result.failed:
                break
    if strict and (lost or any(r.failed for r in done)):
        client.cancel(list(futures))
    return done, lost


def _write_event_shards(tables: Sequence[pa.Table], shards: Path, run_id: str) -> None:
    """Replace the events folder of the shards with this run's events (export schema)."""
    final = shards / "events"
    fresh = shards / f".events-{run_id}"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    for n, table in enumerate(tables):
        write_shard(table, fresh / f"e{n:06d}.parquet")
    old = shards / f".events-old-{uuid.uuid4().hex}"
    if final.exists():
        final.rename(old)
    fresh.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _with_final_ids(table: pa.Table, final: Mapping[str, str]) -> pa.Table:
    """A block's event rows with the ids assigned over all blocks (keyed by first mention)."""
    firsts = pc.list_element(table.column("mention_ids"), 0).to_pylist()
    ids = pa.array([final[f] for f in firsts], pa.string())
    return table.set_column(table.schema.get_field_index("id"), "id", ids)


def _fuse(
    store: Store,
    client: Client,
    shards: Path,
    run_id: str,
    fuse_on_client_below: int,
    fuse_block_mentions: int,
    progress: ProgressFn | None,
) -> int:
    """Fuse every stored mention (in blocks over the cluster when there are many)."""
    from parley.export import events_to_table
    from parley.fuse import assignments, block_key, component_labels

    store.fill_fusion_keys()
    mentions = list(store.all_event_mentions())
    if progress:
        progress("fuse", len(mentions))
    infos = doc_infos(store)
    previous = store.mention_assignments()
    block_tables: list[pa.Table] = []

    def on_cluster(fn: Any, args: list[tuple[Any, ...]]) -> list[list[Event]]:
        del fn  # the block function is fixed: _fuse_packed calls fuse_block
        data = client.scatter(args)
        futures = client.map(_fuse_packed, data, pure=False, retries=TASK_RETRIES)
        results = client.gather(futures)
        block_tables.extend(table for _, table in results)
        return [events for events, _ in results]

    if len(mentions) < fuse_on_client_below:
        events = fuse_blocked(mentions, infos, previous, target=max(len(mentions), 1))
    else:
        events = fuse_blocked(
            mentions, infos, previous, target=fuse_block_mentions, map_blocks=on_cluster
        )
    # Record each mention's fusion block: the next local run then fuses only what it touches.
    blocks = component_labels([block_key(m) for m in mentions])
    store.replace_events(events, assignments(events), blocks=blocks)
    if block_tables:
        final = {e.mention_ids[0]: e.id for e in events}
        rows = [_with_final_ids(t, final) for t in block_tables]
    else:
        rows = [
            events_to_table(events[i : i + EVENTS_PER_SHARD])
            for i in range(0, max(len(events), 1), EVENTS_PER_SHARD)
        ]
    _write_event_shards(rows, shards, run_id)
    return len(events)


def _fuse_packed(args: tuple[Any, ...]) -> tuple[list[Event], pa.Table]:
    """One fusion task: the block's events and their export rows (built on the worker)."""
    from parley.export import events_to_table

    events = fuse_block(*args)
    return events, events_to_table(events)


def run_dask(
    paths: Sequence[str],
    db: str | None = None,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    strict: bool = False,
    settings: Settings | None = None,
    shards: str | Path | None = None,
    client: Client | None = None,
    progress: ProgressFn | None = None,
    files_per_partition: int = FILES_PER_PARTITION,
    bytes_per_partition: int = BYTES_PER_PARTITION,
    fuse_on_client_below: int = FUSE_ON_CLIENT_BELOW,
    fuse_block_mentions: int = FUSE_BLOCK_MENTIONS,
) -> RunSummary:
    """Run the whole pipeline on a Dask cluster into a store (``parley run --engine dask``).

    Same result as :func:`parley.pipeline.run`: documents already stored are skipped, re-running
    changes nothing, and the fused events are identical.

    Args:
        paths: files, folders or glob patterns on storage every worker can read.
        db: the DuckDB store (default: ``settings.db``); only this process writes it.
        scheduler: ``tcp://HOST:PORT`` of a running scheduler (default: a LocalCluster).
        workers: LocalCluster worker processes (default: ``settings.workers``, 0 = per core).
        strict: stop at the first failure; nothing of this run is stored then.
        settings: run settings (default: :func:`parley.config.load_settings`).
        shards: the Parquet shards folder, shared with the workers (default: beside the store).
        client: an already connected ``distributed.Client`` (``scheduler``/``workers`` unused).
        progress: callback ``progress(stage, count)``: ``("read", documents)``, ``("fuse", n)``.
        files_per_partition: small files per task.
        bytes_per_partition: bytes per task; bigger JSONL files are split in byte ranges.
        fuse_on_client_below: fuse in this process below this many event mentions.
        fuse_block_mentions: event mentions per fusion task.

    Returns:
        The run summary.

    Raises:
        StrictStop: ``strict`` and something failed.
        ConfigError: dask is missing, the scheduler unreachable, or a bad input such as ``-``.
        StoreError: the store cannot be opened or written.

    Example:
        >>> run_dask(["corpus/"], "events.duckdb", workers=2).events  # doctest: +SKIP
        1843
    """
    started = time.perf_counter()
    settings = settings or load_settings(workers=workers)
    db = db or settings.db
    shards_dir = Path(shards) if shards is not None else default_shards(db)
    parts, missing = plan_partitions(
        paths, files_per_partition=files_per_partition, bytes_per_partition=bytes_per_partition
    )
    if strict and missing:
        raise StrictStop(missing[0], RunSummary(db=str(db), run_id="-", failed=len(missing)))
    kb = load_kb()
    with Store(db) as store:
        run_id = store.start_run()
        context = shards_dir / "_context" / f"{run_id}.pickle"
        try:
            save_context(context, RunContext(roles=store.role_book(kb), known=stored_ids(store)))
        except OSError as err:
            raise ConfigError(
                f"cannot write to the shards folder '{shards_dir}': {err.strerror or err}.",
                fix="Choose a writable --shards folder that every worker can read.",
            ) from None
        try:
            with contextlib.ExitStack() as stack:
                if client is None:
                    count = workers if workers is not None else settings.workers
                    client = stack.enter_context(dask_client(scheduler, count))
                futures = _submit(
                    client, parts, str(context), shards_dir, run_id, settings.max_document_bytes
                )
                done, lost = _gather(client, parts, futures, strict, progress)
                summary = _finish(
                    store,
                    client,
                    shards_dir,
                    run_id,
                    started,
                    done,
                    lost,
                    missing,
                    strict,
                    fuse_on_client_below,
                    fuse_block_mentions,
                    progress,
                )
        finally:
            context.unlink(missing_ok=True)
    return summary


def _finish(
    store: Store,
    client: Client,
    shards: Path,
    run_id: str,
    started: float,
    done: list[PartitionResult],
    lost: list[Failure],
    missing: list[Failure],
    strict: bool,
    fuse_on_client_below: int,
    fuse_block_mentions: int,
    progress: ProgressFn | None,
) -> RunSummary:
    """Load the shards, fuse, and record the run (or stop, for --strict)."""
    done.sort(key=lambda r: r.index)
    read = sum(r.read for r in done)
    if strict:
        first = next((r.first_failure for r in done if r.first_failure is not None), None)
        first = missing[0] if missing else (lost[0] if lost else first)
        if first is not None:
            failed = len(lost) + sum(r.failed for r in done)
            summary = RunSummary(
                db=store.path,
                run_id=run_id,
                documents_read=read,
                failed=failed,
                elapsed=time.perf_counter() - started,
            )
            store.finish_run(run_id, summary.counts())
            raise StrictStop(first, summary)
    if missing or lost:
        store.write_batch([], failures=[*missing, *lost], run_id=run_id)
    loaded = load_shards(store, shards, [r.key for r in done], run_id)
    processing_failed = sum(r.processing_failed for r in done)
    fused = bool(loaded.event_mentions or store.unfused_mentions())
    if fused:
        events = _fuse(
            store, client, shards, run_id, fuse_on_client_below, fuse_block_mentions, progress
        )
    else:
        events = store.count_events()
    summary = RunSummary(
        db=store.path,
        run_id=run_id,
        documents_read=read,
        stored=loaded.documents,
        skipped=read - loaded.documents - processing_failed,
        failed=len(missing) + len(lost) + loaded.failures,
        event_mentions=loaded.event_mentions,
        events=events,
        fused=fused,
        failures=tuple(store.failures(run_id)[:_KEPT_FAILURES]),
        elapsed=time.perf_counter() - started,
    )
    store.finish_run(run_id, summary.counts())
    return summary
