"""Properties of fusion: order does not matter, rerunning changes nothing, ids survive new documents."""

from __future__ import annotations

from collections.abc import Sequence

from fuse_builders import docs_for, mention, person, qty
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.fuse import assignments, doc_signature, fuse_mentions, is_near_duplicate
from parley.models import Event, EventMention

PEOPLE = {
    "ARV": ["Tomas Arkady", "Lena Vostrikova", "Arkady", "ARKADY Tomas"],
    "BLM": ["Marta Quellen", "Idris Halloway", "Quellen", "Marta Quelen"],
    "CRV": ["Oskar Brandt", "Ines Morrow"],
}
KINDS = [
    ("CONSULT", "visit"),
    ("CONSULT", "phone"),
    ("CONSULT", "third-party"),
    ("SUPPORT", None),
    ("AGREE", None),
    ("SANCTION", None),
]
DATES = [
    (None, None),
    ("2025-03-04", "day"),
    ("2025-03-05", "day"),
    ("2025-03-08", "day"),
    ("2025-03-04", "week"),
    ("2025-03", "month"),
]
PHRASES = [
    "held talks on trade",
    "signed a partnership",
    "expelled two diplomats",
    "spoke by phone",
]


@st.composite
def one_mention(draw: st.DrawFn, k: int) -> EventMention:
    doc = draw(st.sampled_from(["d1", "d2", "d3", "d4", "d5"]))
    event_type, mode = draw(st.sampled_from(KINDS))
    src, tgt = draw(st.permutations(["ARV", "BLM", "CRV"]))[:2]
    if draw(st.booleans()):
        tgt = None
    date, precision = draw(st.sampled_from(DATES))
    source = person(
        draw(st.sampled_from(PEOPLE[src])), draw(st.sampled_from([None, "Minister"])), src
    )
    target = person(draw(st.sampled_from(PEOPLE[tgt])), None, tgt) if tgt else None
    return mention(
        f"{doc}#{k}",
        doc,
        event_type,
        mode,
        source=source,
        target=target,
        date=date,
        precision=precision,
        city=draw(st.sampled_from([None, "Belport", "Arvgrad"])),
        country=draw(st.sampled_from([None, "BLM"])),
        topics=draw(st.lists(st.sampled_from(["trade", "energy", "security"]), max_size=2)),
        quantities=draw(
            st.lists(
                st.sampled_from(
                    [qty("$4bn", 4e9, "USD"), qty("4.2 billion dollars", 4.2e9, "USD")]
                ),
                max_size=1,
            )
        ),
        confidence=draw(st.sampled_from([0.5, 0.7, 0.9])),
        evidence=[("event_type", draw(st.sampled_from(PHRASES)))],
        at=100 * k,
    )


@st.composite
def mention_sets(draw: st.DrawFn) -> list[EventMention]:
    n = draw(st.integers(min_value=1, max_value=12))
    return [draw(one_mention(k)) for k in range(n)]


def fuse(mentions: Sequence[EventMention], previous: dict[str, str] | None = None) -> list[Event]:
    return fuse_mentions(mentions, docs_for(mentions), previous or {})


def partition(events: Sequence[Event]) -> list[tuple[str, ...]]:
    return sorted(e.mention_ids for e in events)


@settings(max_examples=100, deadline=None)
@given(mentions=mention_sets(), data=st.data())
def test_fuse_is_independent_of_input_order(
    mentions: list[EventMention], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(mentions))
    assert fuse(shuffled) == fuse(mentions)


@settings(max_examples=60, deadline=None)
@given(mentions=mention_sets())
def test_fuse_twice_changes_nothing(mentions: list[EventMention]) -> None:
    first = fuse(mentions)
    assert fuse(mentions, assignments(first)) == first


@settings(max_examples=60, deadline=None)
@given(mentions=mention_sets())
def test_fuse_every_mention_lands_in_exactly_one_event(mentions: list[EventMention]) -> None:
    events = fuse(mentions)
    ids = [m for e in events for m in e.mention_ids]
    assert sorted(ids) == sorted(m.id for m in mentions)
    assert len({e.id for e in events}) == len(events)
    for event in events:
        assert sorted({s.doc_id for s in event.sources}) == sorted(
            {m.doc_id for m in mentions if m.id in event.mention_ids}
        )


@settings(max_examples=80, deadline=None)
@given(mentions=mention_sets(), data=st.data())
def test_fuse_incremental_keeps_ids_of_earlier_events(
    mentions: list[EventMention], data: st.DataObject
) -> None:
    later_docs = data.draw(st.sets(st.sampled_from(["d1", "d2", "d3", "d4", "d5"])))
    early = [m for m in mentions if m.doc_id not in later_docs]
    before = fuse(early)
    after = fuse(mentions, assignments(before))
    assert partition(after) == partition(fuse(mentions))
    old = assignments(before)
    restricted = sorted(
        tuple(m for m in e.mention_ids if m in old)
        for e in after
        if any(m in old for m in e.mention_ids)
    )
    if restricted == partition(before):
        # nothing bridged or split the earlier events: every one keeps its id
        kept = {e.id for e in after}
        assert {e.id for e in before} <= kept
        for event in after:
            for mention_id in event.mention_ids:
                if mention_id in old:
                    assert event.id == old[mention_id]


@given(text=st.text(min_size=0, max_size=300))
def test_doc_signature_is_deterministic_and_self_similar(text: str) -> None:
    signature = doc_signature(text)
    assert signature == doc_signature(text)
    assert is_near_duplicate(signature, signature) is bool(signature)
