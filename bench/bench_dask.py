"""Benchmark the Dask engine: throughput with 1 and 2 workers, and the cost of one task.

Writes a synthetic corpus (bench/corpus.py: JSONL shards of news-length documents), runs the
local engine once for reference, then ``run_dask`` on a LocalCluster of 1 and of 2 worker
processes (threads_per_worker=1), each on a fresh store, and times the phases from the progress
callback: tasks (read, clean, annotate, code, write shards), load (shards into DuckDB) and fusion.
Cluster start-up is timed apart. The per-task overhead is measured with tasks that do nothing and
with empty partitions (which still write their five empty shards).

Usage::

    .venv/bin/python bench/bench_dask.py                  # 4000 documents
    .venv/bin/python bench/bench_dask.py --docs 20000 --workers 1 2
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus
from parley.config import load_settings
from parley.pipeline import run
from parley.scale import dask_client, run_dask
from parley.scale.partitions import Partition
from parley.scale.tasks import RunContext, noop, process_partition, save_context


def local_engine(docs: Path, db: Path, workers: int) -> dict[str, float]:
    """The default engine on the same corpus, for reference."""
    start = time.perf_counter()
    summary = run([str(docs)], str(db), settings=load_settings(env={}, workers=workers))
    return {"docs": summary.documents_read, "total": time.perf_counter() - start}


def dask_engine(docs: Path, work: Path, workers: int) -> dict[str, float]:
    """One run_dask on a fresh LocalCluster; phases timed from the progress callback."""
    marks: dict[str, float] = {}
    started = time.perf_counter()
    with dask_client(workers=workers) as client:
        up = time.perf_counter()

        def progress(stage: str, count: int) -> None:
            marks[stage] = time.perf_counter()

        begin = time.perf_counter()
        summary = run_dask(
            [str(docs)],
            str(work / f"dask{workers}.duckdb"),
            client=client,
            shards=work / f"shards{workers}",
            settings=load_settings(env={}, workers=workers),
            progress=progress,
        )
        end = time.perf_counter()
        overhead = task_overhead(client, work)
    tasks_done = marks.get("read", end)
    fuse_start = marks.get("fuse", end)
    return {
        "docs": summary.documents_read,
        "events": summary.events,
        "startup": up - started,
        "tasks": tasks_done - begin,
        "load": fuse_start - tasks_done,
        "fuse": end - fuse_start,
        "total": end - begin,
        **overhead,
    }


def task_overhead(client: object, work: Path, n: int = 400) -> dict[str, float]:
    """Seconds per task for no-op tasks and for empty partitions (shards still written)."""
    start = time.perf_counter()
    futures = client.map(noop, range(n), pure=False)  # type: ignore[attr-defined]
    client.gather(futures)  # type: ignore[attr-defined]
    per_noop = (time.perf_counter() - start) / n
    context = work / "overhead" / "context.pickle"
    save_context(context, RunContext(roles=None, known=frozenset()))
    parts = [Partition(key=f"p{i:08d}-empty", index=i, paths=()) for i in range(n // 4)]
    start = time.perf_counter()
    futures = [
        client.submit(  # type: ignore[attr-defined]
            process_partition, p, str(context), str(work / "overhead"), "bench", 2**20, pure=False
        )
        for p in parts
    ]
    client.gather(futures)  # type: ignore[attr-defined]
    per_empty = (time.perf_counter() - start) / len(parts)
    return {"noop_ms": per_noop * 1000, "empty_ms": per_empty * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=4000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--no-local", action="store_true", help="skip the local-engine run")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="parley-bench-dask-"))
    try:
        write_corpus(work / "corpus", args.docs, seed=11, shard_size=2000)
        docs = work / "corpus" / "docs"
        size = sum(p.stat().st_size for p in docs.iterdir()) / 2**20
        print(f"corpus: {args.docs} documents, {size:.1f} MiB JSONL; {os.cpu_count()} cores")
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        if not args.no_local:
            ref = local_engine(docs, work / "local.duckdb", 0)
            print(
                f"local engine (pool): {ref['total']:.1f} s, {ref['docs'] / ref['total']:.0f} docs/s"
            )
        print(
            f"{'workers':>7} {'start s':>7} {'tasks s':>7} {'load s':>6} {'fuse s':>6} "
            f"{'total s':>7} {'docs/s':>6} {'task docs/s':>11} {'noop ms':>7} {'empty ms':>8}"
        )
        for n in args.workers:
            r = dask_engine(docs, work, n)
            print(
                f"{n:>7} {r['startup']:>7.1f} {r['tasks']:>7.1f} {r['load']:>6.1f} "
                f"{r['fuse']:>6.1f} {r['total']:>7.1f} {r['docs'] / r['total']:>6.0f} "
                f"{r['docs'] / r['tasks']:>11.0f} {r['noop_ms']:>7.2f} {r['empty_ms']:>8.2f}"
            )
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
