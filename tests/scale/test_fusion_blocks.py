"""Fusion in independent blocks gives exactly the events of one global pass."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from parley.fuse import DocInfo, assignments, fuse_mentions
from parley.ingest import read_inputs
from parley.models import Actor, Document, EventMention, Evidence
from parley.pipeline import process_texts
from parley.scale.fusion import fuse_blocked, fusion_blocks

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
bench_fusion = pytest.importorskip("bench_fusion")


@pytest.fixture(scope="module")
def dev_mentions(dev_dir: Path) -> tuple[list[EventMention], dict[str, DocInfo]]:
    from parley.fuse import describe_document

    docs = [d for d in read_inputs([str(dev_dir)]) if isinstance(d, Document)]
    done = process_texts(docs)
    return list(done.event_mentions), {
        a.doc.doc_id: describe_document(a.doc) for a in done.annotations
    }


@pytest.mark.parametrize("target", [1, 7, 50, 10_000], ids=lambda t: f"target-{t}")
def test_fuse_blocked_equals_fuse_mentions_on_the_dev_set(dev_mentions, target: int) -> None:
    mentions, docs = dev_mentions
    assert fuse_blocked(mentions, docs, {}, target=target) == fuse_mentions(mentions, docs)


def test_fuse_blocked_keeps_the_ids_of_earlier_runs(dev_mentions) -> None:
    mentions, docs = dev_mentions
    earlier = assignments(fuse_mentions(mentions[::2], docs))
    assert fuse_blocked(mentions, docs, earlier, target=5) == fuse_mentions(mentions, docs, earlier)


def test_fuse_blocked_equals_fuse_mentions_on_synthetic_mentions() -> None:
    mentions, docs, _ = bench_fusion.corpus(1500)
    blocks = fusion_blocks(mentions, 100)
    assert len(blocks) > 5
    assert sorted(m.id for b in blocks for m in b) == sorted({m.id for m in mentions})
    assert fuse_blocked(mentions, docs, {}, target=100) == fuse_mentions(mentions, docs)


def _talks(n: int, date: str | None, who: str) -> EventMention:
    """Ruritania's minister visiting Freedonia, in our own words."""
    return EventMention(
        id=f"doc{n:04d}#0",
        doc_id=f"doc{n:04d}",
        event_type="CONSULT",
        mode="visit",
        source=Actor(name=who, role="Foreign Minister", country="RUR"),
        target=Actor(name="Freedonia", country="FRE"),
        date=date,
        date_precision="day" if date else None,
        evidence=(Evidence(field="event_type", text="visited", start=0, end=7),),
    )


def test_fusion_blocks_keep_a_big_block_whole_for_its_undated_mentions() -> None:
    start = dt.date(2024, 1, 1)
    dated = [
        _talks(n, (start + dt.timedelta(days=3 * n)).isoformat(), f"Envoy {n % 7}")
        for n in range(300)
    ]
    undated = [_talks(1000 + n, None, f"Envoy {n}") for n in range(3)]
    mentions = dated + undated
    blocks = fusion_blocks(mentions, 10)
    with_undated = [b for b in blocks if any(m.date is None for m in b)]
    assert len(with_undated) == 1 and len(with_undated[0]) == len(mentions)
    assert fuse_blocked(mentions, {}, {}, target=10) == fuse_mentions(mentions, {})


def test_fusion_blocks_split_unrelated_happenings() -> None:
    one = _talks(1, "2024-05-01", "Envoy A")
    far = _talks(2, "2024-09-01", "Envoy B")
    assert [len(b) for b in fusion_blocks([far, one], 1)] == [1, 1]
    assert [[m.id for m in b] for b in fusion_blocks([far, one], 2)] == [[one.id, far.id]]
