"""Fusion output does not depend on Python's string hashing (PYTHONHASHSEED)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

# Each outlet gives one figure twice with different ``about`` texts: which ``about`` the fused
# quantity keeps must not follow set iteration order.
_SCRIPT = """
import json
from parley.fuse import fuse_mentions
from parley.models import Actor, EventMention, Evidence, Quantity

def report(n, about):
    return EventMention(
        id=f"d{n}#0", doc_id=f"d{n}", event_type="AGREE", date="2024-03-05",
        date_precision="day",
        source=Actor(name="Ruritania", country="RUR"), target=Actor(name="Freedonia", country="FRE"),
        quantities=(
            Quantity(text="$2 billion", value=2e9, unit="USD", about=about),
            Quantity(text="$2 billion", value=2e9, unit="USD", about=f"{about} {n}"),
            Quantity(text="$2 billion", value=2e9, unit="USD", about=None),
            Quantity(text="12%", value=12.0, unit="percent", about=f"growth {n}"),
        ),
        evidence=(Evidence(field="event_type", text="signed a deal", start=0, end=13),),
    )

mentions = [report(1, "a loan for the port"), report(2, "credit line"), report(3, "port loan")]
print(json.dumps([e.to_json() for e in fuse_mentions(mentions, {})], sort_keys=True))
"""


def _fused(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout


@pytest.mark.parametrize("seeds", [("0", "1"), ("2", "12345")], ids=["0-vs-1", "2-vs-12345"])
def test_fuse_mentions_json_is_the_same_under_any_hash_seed(seeds: tuple[str, str]) -> None:
    first, second = (_fused(s) for s in seeds)
    assert '"quantities"' in first
    assert first == second
