"""Contract-3 dyad classification: sentences/s and accuracy of rules, learned model and hybrid.

Rows come from our own data (training/generated.jsonl, training/fresh_eval.jsonl), repeated to
``--rows``. The first pass after loading runs on a cold word cache (``cold``); the timed passes
run warm. Accuracy is on the fresh evaluation set and on the held-out patterns (note: the shipped
model saw the held-out patterns in training; scripts/train_classifier.py reports the honest
held-out score of a model fitted without them).

    .venv/bin/python bench/bench_classify.py            # 50,000 rows, one process
    .venv/bin/python bench/bench_classify.py --rows 10000
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from parley.coding import Classification, classify_many
from parley.learn import classify_learned_many, hybrid_many, load_learned

ROOT = Path(__file__).resolve().parents[1]
Rows = Sequence[Mapping[str, str]]


def _read(path: Path) -> list[dict[str, str]]:
    """JSONL rows."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _rate(fn: Callable[[Rows], list[Classification]], rows: Rows, batch: int) -> float:
    """Rows per second, classifying in batches of ``batch``."""
    t0 = time.perf_counter()
    for i in range(0, len(rows), batch):
        fn(rows[i : i + batch])
    return len(rows) / (time.perf_counter() - t0)


def _accuracy(fn: Callable[[Rows], list[Classification]], rows: Rows) -> float:
    """Share of rows whose type is the gold label."""
    got = fn(rows)
    return sum(c.event_type == r["label"] for c, r in zip(got, rows, strict=True)) / len(rows)


def main() -> None:
    """Print load time, throughput and accuracy."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--batch", type=int, default=1000)
    args = ap.parse_args()

    generated = _read(ROOT / "training" / "generated.jsonl")
    fresh = _read(ROOT / "training" / "fresh_eval.jsonl")
    pool = generated + fresh
    rows = (pool * (args.rows // len(pool) + 1))[: args.rows]

    t0 = time.perf_counter()
    load_learned()
    print(f"load artifacts: {time.perf_counter() - t0:.2f}s")
    cold = _rate(classify_learned_many, pool, args.batch)
    print(f"learned, cold word cache ({len(pool)} rows): {cold:,.0f} rows/s")
    fns = {"rules": classify_many, "learned": classify_learned_many, "hybrid": hybrid_many}
    for name, fn in fns.items():
        print(f"{name:8s} {_rate(fn, rows, args.batch):>9,.0f} rows/s  ({len(rows)} rows)")
    one = _rate(classify_learned_many, rows[:2000], 1)
    print(f"learned one row per call: {one:,.0f} rows/s")
    held = [r for r in generated if r["split"] == "test"]
    for name, fn in fns.items():
        print(
            f"accuracy {name:8s} fresh {_accuracy(fn, fresh):.3f}  "
            f"held-out patterns (seen by the shipped model) {_accuracy(fn, held):.3f}"
        )


if __name__ == "__main__":
    main()
