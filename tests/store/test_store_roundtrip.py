"""Every model the store keeps comes back equal to what was written (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from store_strategies import (
    annotations,
    clean_doc,
    clean_documents,
    documents,
    event_mentions,
    events,
    failures,
    ids,
)

from parley.models import Annotation, CleanDocument, Document, Event, EventMention, Failure
from parley.store import Store

ROUND_TRIP = settings(max_examples=30, deadline=None)
TABLES = (
    "documents",
    "mentions",
    "role_assertions",
    "event_mentions",
    "events",
    "event_actors",
    "event_topics",
    "event_sources",
    "evidence",
    "discrepancies",
    "mention_events",
    "failures",
)
_SHARED: list[Store] = []


def empty_store() -> Store:
    """One migrated in-memory store for the whole module, emptied for each example."""
    if not _SHARED:
        _SHARED.append(Store(":memory:"))
    store = _SHARED[0]
    for table in TABLES:
        store._con.execute(f"DELETE FROM {table}")
    return store


def teardown_module() -> None:
    for store in _SHARED:
        store.close()


@st.composite
def written_documents(draw: st.DrawFn) -> tuple[Document, CleanDocument, Annotation, list[int]]:
    """An ingested document, its cleaned form, its annotation and a MinHash signature."""
    doc_id = draw(ids)
    clean = draw(clean_documents(doc_id))
    # Cleaning carries the metadata over; only raw text and format are the original's own.
    original = draw(documents(doc_id)).model_copy(
        update={
            k: getattr(clean, k)
            for k in ("title", "url", "outlet", "published", "published_raw", "origin")
        }
    )
    ann = draw(annotations(clean))
    signature = draw(st.lists(st.integers(0, 2**64 - 1), max_size=8))
    return original, clean, ann, signature


@ROUND_TRIP
@given(written_documents())
def test_store_document_round_trip(
    written: tuple[Document, CleanDocument, Annotation, list[int]],
) -> None:
    original, clean, ann, signature = written
    store = empty_store()
    store.write_batch(
        [clean], [ann], signatures={clean.doc_id: signature}, originals={original.id: original}
    )
    stored = store.get_document(clean.doc_id)
    assert stored.to_clean() == clean
    assert stored.to_document() == original
    assert stored.signature == tuple(signature)
    assert store.get_annotation(clean.doc_id) == ann


@ROUND_TRIP
@given(written_documents())
def test_store_role_assertions_round_trip(
    written: tuple[Document, CleanDocument, Annotation, list[int]],
) -> None:
    _, clean, ann, _ = written
    store = empty_store()
    store.write_batch([clean], [ann])
    back = store.role_assertions()
    assert sorted(back, key=repr) == sorted(ann.roles, key=repr)


@ROUND_TRIP
@given(ids.flatmap(lambda d: st.lists(event_mentions(d), max_size=4, unique_by=lambda m: m.id)))
def test_store_event_mention_round_trip(mentions: list[EventMention]) -> None:
    doc_id = mentions[0].doc_id if mentions else "doc"
    store = empty_store()
    store.write_batch([clean_doc(doc_id)], event_mentions=mentions)
    expected = sorted(mentions, key=lambda m: m.id)
    assert store.event_mentions(doc_id) == expected
    assert list(store.all_event_mentions(chunk=2)) == expected


@ROUND_TRIP
@given(st.lists(events, max_size=4, unique_by=lambda e: e.id))
def test_store_event_round_trip(fused: list[Event]) -> None:
    store = empty_store()
    store.replace_events(fused)
    for event in fused:
        assert store.get_event(event.id) == event
    assert sorted(store.query_events(limit=10), key=lambda e: e.id) == sorted(
        fused, key=lambda e: e.id
    )
    assert store.count_events() == len(fused)


@ROUND_TRIP
@given(st.lists(failures, max_size=5))
def test_store_failure_round_trip(failed: list[Failure]) -> None:
    store = empty_store()
    store.write_batch([], failures=failed, run_id="run-1")
    assert store.failures("run-1") == failed
    assert store.failures("another-run") == []
