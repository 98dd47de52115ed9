"""Incremental fusion in the store: block by block, only what new mentions touch, same events.

``parley.pipeline.fuse_store`` fuses the mentions of a run with the stored blocks they can join;
whatever the batches, the stored events must equal one fusion of every mention at once, with
the same ids, and running it again must change nothing.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.fuse import (
    DocInfo,
    assignments,
    block_key,
    components_by_family,
    describe_document,
    fuse_mentions,
    fusion_components,
)
from parley.ingest import read_inputs
from parley.models import Actor, CleanDocument, Document, Event, EventMention, Evidence
from parley.pipeline import doc_infos, fuse_store, process_texts
from parley.store import Store
from parley.store.tables import parse_day

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
bench_fusion = pytest.importorskip("bench_fusion")


def _write(store: Store, mentions: Sequence[EventMention], docs: dict[str, DocInfo]) -> None:
    """Store mentions with just the document metadata fusion reads."""
    ids = sorted({m.doc_id for m in mentions})
    cleans = [
        CleanDocument(
            doc_id=d,
            text="",
            url=docs[d].url if d in docs else None,
            outlet=docs[d].outlet if d in docs else None,
            published=parse_day(docs[d].published) if d in docs else None,
        )
        for d in ids
    ]
    signatures = {d: docs[d].signature for d in ids if d in docs}
    store.write_batch(cleans, event_mentions=mentions, signatures=signatures)


def _stored(store: Store) -> list[Event]:
    return sorted(store.query_events(limit=10**6), key=lambda e: e.id)


def _global(
    store: Store, mentions: Sequence[EventMention], previous: dict[str, str] | None = None
) -> list[Event]:
    """One fusion of every mention, with the documents as the store describes them."""
    events = fuse_mentions(mentions, doc_infos(store), previous or {})
    return sorted(events, key=lambda e: e.id)


def _batches(items: Sequence[EventMention], cuts: Iterable[int]) -> Iterator[list[EventMention]]:
    """Slices of the mentions, cut only between documents (a stored document takes no more)."""
    order = {d: n for n, d in reversed(list(enumerate(m.doc_id for m in items)))}
    grouped = sorted(items, key=lambda m: order[m.doc_id])
    start = 0
    for wanted in [*cuts, len(grouped)]:
        cut = wanted
        while 0 < cut < len(grouped) and grouped[cut].doc_id == grouped[cut - 1].doc_id:
            cut += 1
        if cut > start:
            yield grouped[start:cut]
            start = cut


@pytest.fixture(scope="module")
def synthetic() -> tuple[list[EventMention], dict[str, DocInfo]]:
    mentions, docs, _ = bench_fusion.corpus(800, seed=11)
    return mentions, docs


@pytest.fixture(scope="module")
def dev(dev_dir: Path) -> tuple[list[EventMention], dict[str, DocInfo]]:
    docs = [d for d in read_inputs([str(dev_dir)]) if isinstance(d, Document)]
    done = process_texts(docs)
    infos = {a.doc.doc_id: describe_document(a.doc) for a in done.annotations}
    return list(done.event_mentions), infos


@pytest.mark.parametrize(
    ("corpus", "parts", "piece"),
    [
        ("synthetic", 1, 2000),
        ("synthetic", 4, 2000),
        ("synthetic", 9, 50),
        ("dev", 1, 2000),
        ("dev", 5, 7),
    ],
    ids=["synthetic-1-run", "synthetic-4-runs", "synthetic-9-runs-small-pieces", "dev-1", "dev-5"],
)
def test_fuse_store_in_runs_equals_one_global_fusion(
    request: pytest.FixtureRequest, corpus: str, parts: int, piece: int
) -> None:
    mentions, docs = request.getfixturevalue(corpus)
    size = -(-len(mentions) // parts)
    with Store(":memory:") as store:
        for batch in _batches(mentions, range(size, len(mentions), size)):
            _write(store, batch, docs)
            previous = store.mention_assignments()
            fuse_store(store, piece=piece)
        assert store.unfused_mentions() == 0
        # Ids come from the runs before; everything else from the mentions alone.
        assert _stored(store) == _global(store, mentions, previous)


def test_fuse_store_keeps_event_ids_like_a_global_fusion_with_previous_ids(synthetic) -> None:
    mentions, docs = synthetic
    half = len(mentions) // 2
    with Store(":memory:") as store:
        _write(store, mentions[:half], docs)
        fuse_store(store)
        earlier = store.mention_assignments()
        _write(store, mentions[half:], docs)
        fuse_store(store)
        expected = fuse_mentions(mentions, doc_infos(store), earlier)
        assert _stored(store) == sorted(expected, key=lambda e: e.id)
        kept = {m for m, e in earlier.items() if store.mention_assignments()[m] == e}
        assert len(kept) > 0.9 * len(earlier)


def _talks(
    n: int, day: str | None, who: str, pair: tuple[str, str] = ("RUR", "FRE")
) -> EventMention:
    """A minister of one fictional state visiting another, in our own words."""
    return EventMention(
        id=f"doc{n:04d}#0",
        doc_id=f"doc{n:04d}",
        event_type="CONSULT",
        mode="visit",
        source=Actor(name=who, role="Foreign Minister", country=pair[0]),
        target=Actor(name=pair[1], country=pair[1]),
        date=day,
        date_precision="day" if day else None,
        evidence=(Evidence(field="event_type", text="visited", start=0, end=7),),
    )


def _fused_counts(store: Store) -> list[int]:
    counts: list[int] = []
    fuse_store(store, lambda stage, n: counts.append(n))
    return counts


def test_fuse_store_refuses_only_the_blocks_new_mentions_touch() -> None:
    start = dt.date(2024, 1, 1)
    old = [
        _talks(n, (start + dt.timedelta(days=10 * n)).isoformat(), f"Envoy Number{n}")
        for n in range(40)
    ]
    with Store(":memory:") as store:
        _write(store, old, {})
        assert _fused_counts(store) == [40]
        before = {e.id: e for e in _stored(store)}
        # A second report of the talks of day 50 joins that event alone.
        again = _talks(500, (start + dt.timedelta(days=50)).isoformat(), "Envoy Number5")
        _write(store, [again], {})
        assert _fused_counts(store) == [2]
        after = {e.id: e for e in _stored(store)}
        assert set(after) == set(before)
        changed = [i for i in after if after[i] != before[i]]
        assert len(changed) == 1 and set(after[changed[0]].mention_ids) == {old[5].id, again.id}
        # Another dyad touches nothing stored.
        _write(store, [_talks(501, "2024-03-01", "Envoy Other", ("GFW", "FRE"))], {})
        assert _fused_counts(store) == [1]
        # Nothing new: nothing fused, nothing changed.
        assert _fused_counts(store) == []
        assert len(_stored(store)) == 41


def test_fuse_store_joins_two_stored_blocks_through_an_undated_report() -> None:
    old = [_talks(1, "2024-02-01", "Envoy Alpha"), _talks(2, "2024-08-01", "Envoy Alpha")]
    with Store(":memory:") as store:
        _write(store, old, {})
        fuse_store(store)
        labels = store._con.execute("SELECT DISTINCT block FROM event_mentions").fetchall()
        assert len(labels) == 2
        previous = store.mention_assignments()
        _write(store, [_talks(3, None, "Envoy Alpha")], {})
        assert _fused_counts(store) == [3]
        assert _stored(store) == _global(store, [*old, _talks(3, None, "Envoy Alpha")], previous)


def test_fuse_store_upgrades_mentions_stored_without_keys(synthetic) -> None:
    mentions, docs = synthetic
    with Store(":memory:") as store:
        _write(store, mentions[:300], docs)
        fuse_store(store)
        store._con.execute("UPDATE event_mentions SET family = NULL, tokens = NULL, block = NULL")
        previous = store.mention_assignments()
        fuse_store(store)
        assert store.unfused_mentions() == 0
        assert _stored(store) == _global(store, mentions[:300], previous)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_fuse_store_does_not_depend_on_how_mentions_arrive(synthetic, data: st.DataObject) -> None:
    mentions, docs = synthetic
    subset = data.draw(st.permutations(mentions[:120]), label="order")
    cuts = sorted(data.draw(st.sets(st.integers(1, len(subset) - 1), max_size=4), label="cuts"))
    with Store(":memory:") as store:
        for batch in _batches(subset, cuts):
            _write(store, batch, docs)
            previous = store.mention_assignments()
            fuse_store(store, piece=20)
        first = _stored(store)
        assert first == _global(store, subset, previous)
        fuse_store(store)
        assert _stored(store) == first
        assert assignments(first) == store.mention_assignments()


@pytest.mark.parametrize(
    ("workers", "piece", "write_every"),
    [(1, 2000, 4000), (2, 2000, 4000), (2, 60, 150), (3, 25, 1)],
    ids=["one-worker", "two-workers", "small-pieces-grouped-writes", "write-each-piece"],
)
def test_fuse_store_on_an_executor_equals_one_global_fusion(
    synthetic, monkeypatch: pytest.MonkeyPatch, workers: int, piece: int, write_every: int
) -> None:
    # Threads stand in for the process pool: fuse_piece takes and gives plain data either way.
    from concurrent.futures import ThreadPoolExecutor

    import parley.pipeline

    monkeypatch.setattr(parley.pipeline, "_WRITE_MENTIONS", write_every)
    monkeypatch.setattr(parley.pipeline, "_SMALLEST_PIECE", 1)
    mentions, docs = synthetic
    half = len(mentions) // 2
    with Store(":memory:") as store, ThreadPoolExecutor(workers) as pool:
        for batch in _batches(mentions, [half]):
            _write(store, batch, docs)
            previous = store.mention_assignments()
            fuse_store(store, piece=piece, executor=pool, workers=workers)
        assert store.unfused_mentions() == 0
        assert _stored(store) == _global(store, mentions, previous)
        assert fuse_store(store, executor=pool, workers=workers) == store.count_events()
        assert _stored(store) == _global(store, mentions, previous)


def test_components_by_family_are_the_components_of_all(synthetic) -> None:
    mentions, _ = synthetic
    keys = [block_key(m) for m in sorted(mentions, key=lambda m: m.id)]
    families = list(components_by_family(keys))
    assert len(families) > 1
    found = [c for components in families for c in components]
    assert sorted(found) == fusion_components(keys)
    # each yield is one family, the smallest first
    names = [{keys[i].family for c in components for i in c} for components in families]
    assert all(len(n) == 1 for n in names)
    sizes = [sum(map(len, components)) for components in families]
    assert sizes == sorted(sizes)


@pytest.mark.parametrize(("group", "first"), [(1, 1), (7, 3), (10**9, 12), (10**9, 10**9)])
def test_fusion_inputs_are_the_same_whatever_is_staged_at_a_time(
    synthetic, group: int, first: int
) -> None:
    # staging bounds fusion's memory; it must not change what each piece gets, or its order
    mentions, docs = synthetic
    with Store(":memory:") as store:
        _write(store, mentions, docs)
        ids = sorted(m.id for m in mentions)
        pieces = [ids[i : i + 5] for i in range(0, len(ids), 5)]
        pieces.insert(3, ids[:40])  # one piece bigger than a small group stays whole
        # pieces may come from a generator that is still finding them
        staged = list(store.fusion_inputs(iter(pieces), group=group, first=first))
        whole = list(store.fusion_inputs(pieces, group=10**9, first=10**9))
    assert len(staged) == len(pieces)
    assert staged == whole
    by_id = {m.id: m for m in mentions}
    for piece, (got, _, _) in zip(pieces, staged, strict=True):
        # each piece gets the stored JSON of exactly its mentions, by id
        assert [EventMention.model_validate_json(text) for _, text in got] == [
            by_id[i] for i in piece
        ]


def test_fusion_out_of_store_memory_says_how_to_go_on(synthetic, tmp_path: Path) -> None:
    from parley.errors import StoreError

    mentions, docs = synthetic
    with Store(tmp_path / "small.duckdb") as store:
        _write(store, mentions, docs)
    ids = sorted(m.id for m in mentions)
    with (
        Store(tmp_path / "small.duckdb", memory_limit="2MB") as store,
        pytest.raises(StoreError) as caught,
    ):
        list(store.fusion_inputs([ids]))
    assert "store_memory_limit" in caught.value.fix
