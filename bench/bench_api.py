"""Latency of the REST API on a store of 100k synthetic events (p50/p95 per endpoint).

Builds (once, cached in bench/out/) a store of deterministic synthetic events through
``Store.replace_events``, serves it with uvicorn on 127.0.0.1 and times real HTTP requests.

    .venv/bin/python bench/bench_api.py              # 100k events, 60 requests per query
    .venv/bin/python bench/bench_api.py --events 20000 --requests 30
"""

from __future__ import annotations

import argparse
import socket
import statistics
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from parley.errors import StoreError
from parley.serve.app import create_app
from parley.serve.sample import synthetic_events
from parley.store import Store

OUT = Path(__file__).resolve().parent / "out"
QUERIES = {
    "/api/events (latest page)": "/api/events?limit=50",
    "/api/events (country+type)": "/api/events?country=KAZ&type=CONSULT&limit=50",
    "/api/events (dyad, deep page)": "/api/events?dyad=KAZ-CHN&limit=50&offset=500",
    "/api/events (text search)": "/api/events?q=official%2012&limit=50",
    "/api/timeline (all, month)": "/api/timeline?interval=month",
    "/api/timeline (country, week)": "/api/timeline?country=KAZ&interval=week",
    "/api/balance (KAZ vs 4)": "/api/balance?country=KAZ&partners=RUS,CHN,USA,EUU",
    "/api/dyads": "/api/dyads?limit=50",
    "/api/actors": "/api/actors?country=KAZ",
    "/ (dashboard overview)": "/",
    "/countries/KAZ (dashboard)": "/countries/KAZ",
}


def build_store(path: Path, n: int) -> float:
    """Write ``n`` synthetic events in batches; returns seconds taken."""
    started = time.perf_counter()
    with Store(path) as store:
        batch = []
        for event in synthetic_events(n):
            batch.append(event)
            if len(batch) == 10_000:
                store.replace_events(batch)
                batch = []
        if batch:
            store.replace_events(batch)
    return time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()

    OUT.mkdir(exist_ok=True)
    db = OUT / f"api-{args.events}.duckdb"
    if db.exists():
        try:
            Store(db, read_only=True).close()
        except StoreError:  # written by an older parley: rebuild rather than migrate a bench file
            db.unlink()
    if not db.exists():
        took = build_store(db, args.events)
        print(f"built {db.name}: {args.events:,} events in {took:.1f} s")

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            print(f"{'query':34} {'p50 ms':>8} {'p95 ms':>8}  ({args.requests} requests each)")
            for label, url in QUERIES.items():
                client.get(url).raise_for_status()  # warm-up
                times = []
                for _ in range(args.requests):
                    t0 = time.perf_counter()
                    client.get(url).raise_for_status()
                    times.append((time.perf_counter() - t0) * 1000)
                p95 = statistics.quantiles(times, n=20)[-1]
                print(f"{label:34} {statistics.median(times):8.1f} {p95:8.1f}")
    finally:
        server.should_exit = True
        thread.join(10)


if __name__ == "__main__":
    main()
