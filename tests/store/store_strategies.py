"""Hypothesis strategies for the stage models, and small hand-built models, for store tests."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from parley.models import (
    PLOVER_TYPES,
    Actor,
    Annotation,
    CleanDocument,
    Discrepancy,
    DiscrepancyValue,
    Document,
    Event,
    EventMention,
    Evidence,
    Fact,
    Failure,
    Location,
    Mention,
    Quantity,
    Removed,
    RoleAssertion,
    Sentence,
    Source,
)

# Any Unicode a document may hold, NUL included; lone surrogates cannot be UTF-8 encoded.
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
short = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12)
maybe = st.none() | short
ids = st.text("abcdef0123456789-_:#", min_size=1, max_size=16)
countries = st.none() | st.sampled_from(["KAZ", "CHN", "RUS", "EUU", "UNO", "IGO", "RUR"])
offsets = st.integers(min_value=0, max_value=2**31 - 1)
dates = st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
day_text = st.none() | dates.map(lambda d: d.isoformat() if d else None) | st.just("2025-10")
numbers = st.none() | st.floats(allow_nan=False, allow_infinity=False)
precisions = st.none() | st.sampled_from(["day", "week", "month", "year"])

actors = st.builds(Actor, name=short, role=maybe, country=countries, sector=maybe)
evidence = st.builds(
    Evidence, field=short, text=texts, start=offsets, end=offsets, doc_id=st.none() | ids
)
quantities = st.builds(
    Quantity,
    text=short,
    value=numbers,
    unit=maybe,
    about=maybe,
    doc_ids=st.lists(ids, max_size=2).map(tuple),
)
locations = st.none() | st.builds(Location, name=maybe, country=countries)


def documents(doc_id: str) -> st.SearchStrategy[Document]:
    """An ingested document with the given id."""
    return st.builds(
        Document,
        id=st.just(doc_id),
        raw=texts,
        title=maybe,
        url=maybe,
        outlet=maybe,
        published=dates,
        published_raw=maybe,
        origin=maybe,
        format=st.sampled_from(["txt", "html", "json", "jsonl", "feed", "stdin"]),
    )


def clean_documents(doc_id: str) -> st.SearchStrategy[CleanDocument]:
    """A cleaned document with the given id."""
    return st.builds(
        CleanDocument,
        doc_id=st.just(doc_id),
        text=texts,
        title=maybe,
        url=maybe,
        outlet=maybe,
        published=dates,
        published_raw=maybe,
        origin=maybe,
        offsets=st.lists(st.tuples(offsets, offsets, offsets), max_size=4).map(tuple),
        removed=st.lists(
            st.builds(Removed, kind=short, start=offsets, end=offsets), max_size=3
        ).map(tuple),
        dateline=maybe,
        dateline_date=dates,
    )


mentions = st.builds(
    Mention,
    kind=st.sampled_from(["actor", "place", "date", "quantity", "topic", "trigger"]),
    start=offsets,
    end=offsets,
    text=texts,
    sentence=st.integers(0, 500),
    value=maybe,
    country=countries,
    role=maybe,
    sector=maybe,
    actor_type=maybe,
    precision=precisions,
    expression=maybe,
    number=numbers,
    unit=maybe,
    about=maybe,
)


def role_assertions(doc_id: str) -> st.SearchStrategy[RoleAssertion]:
    """A role assertion read from the given document."""
    return st.builds(
        RoleAssertion,
        person=short,
        role=short,
        country=countries,
        sector=maybe,
        as_of=dates,
        since=dates,
        doc_id=st.just(doc_id),
        text=texts,
        start=offsets,
        end=offsets,
    )


def annotations(doc: CleanDocument) -> st.SearchStrategy[Annotation]:
    """An annotation of the given cleaned document."""
    return st.builds(
        Annotation,
        doc=st.just(doc),
        sentences=st.lists(st.builds(Sentence, start=offsets, end=offsets), max_size=4).map(tuple),
        mentions=st.lists(mentions, max_size=6).map(tuple),
        roles=st.lists(role_assertions(doc.doc_id), max_size=3).map(tuple),
    )


def event_mentions(doc_id: str) -> st.SearchStrategy[EventMention]:
    """An event mention coded from the given document."""
    return st.builds(
        EventMention,
        id=ids.map(lambda i: f"{doc_id}#{i}"),
        doc_id=st.just(doc_id),
        event_type=st.sampled_from(PLOVER_TYPES),
        mode=maybe,
        context=st.lists(short, max_size=2).map(tuple),
        cameo=maybe,
        goldstein=numbers,
        quad_class=st.none() | st.integers(0, 4),
        source=st.none() | actors,
        target=st.none() | actors,
        actors=st.lists(actors, max_size=3).map(tuple),
        date=day_text,
        date_precision=precisions,
        location=locations,
        topics=st.lists(short, max_size=3).map(tuple),
        quantities=st.lists(quantities, max_size=2).map(tuple),
        confidence=st.floats(0, 1),
        is_main=st.booleans(),
        sentence_start=offsets,
        sentence_end=offsets,
        evidence=st.lists(evidence, max_size=3).map(tuple),
    )


sources = st.builds(
    Source,
    doc_id=ids,
    url=maybe,
    outlet=maybe,
    published=maybe,
    evidence=st.lists(evidence, max_size=3).map(tuple),
    duplicate_of=st.none() | ids,
)
discrepancies = st.builds(
    Discrepancy,
    field=short,
    values=st.lists(
        st.builds(DiscrepancyValue, value=short, doc_ids=st.lists(ids, max_size=2).map(tuple)),
        max_size=3,
    ).map(tuple),
)

events = st.builds(
    Event,
    id=ids,
    date=day_text,
    date_precision=precisions,
    location=locations,
    event_type=st.sampled_from(PLOVER_TYPES),
    mode=maybe,
    context=st.lists(short, max_size=2).map(tuple),
    cameo=maybe,
    goldstein=numbers,
    quad_class=st.none() | st.integers(0, 4),
    source=st.none() | actors,
    target=st.none() | actors,
    actors=st.lists(actors, max_size=3).map(tuple),
    topics=st.lists(short, max_size=3).map(tuple),
    quantities=st.lists(quantities, max_size=2).map(tuple),
    sources=st.lists(sources, max_size=3).map(tuple),
    discrepancies=st.lists(discrepancies, max_size=2).map(tuple),
    facts=st.lists(
        st.builds(Fact, field=short, value=short, doc_ids=st.lists(ids, max_size=2).map(tuple)),
        max_size=3,
    ).map(tuple),
    confidence=st.floats(0, 1),
    mention_ids=st.lists(ids, max_size=4, unique=True).map(tuple),
)

failures = st.builds(
    Failure,
    origin=short,
    line=st.none() | st.integers(1, 2**31 - 1),
    stage=st.sampled_from(["ingest", "clean", "annotate", "coding", "store"]),
    reason=texts,
    fix=texts,
)


# ---------------------------------------------------------------- hand-built models (Ruritania)


def clean_doc(
    doc_id: str, text: str = "Ruritania's minister met Freedonia's envoy."
) -> CleanDocument:
    """A small cleaned document about fictional countries."""
    return CleanDocument(
        doc_id=doc_id,
        text=text,
        published=dt.date(2025, 3, 4),
        outlet="Ruritanian Wire",
        url=f"https://wire.example.rr/{doc_id}",
        offsets=((0, 0, len(text)),),
    )


def mention_for(doc_id: str, n: int = 0, *, date: str = "2025-03-04") -> EventMention:
    """An event mention: Ruritania consults Freedonia."""
    return EventMention(
        id=f"{doc_id}#{n}",
        doc_id=doc_id,
        event_type="CONSULT",
        mode="visit",
        source=Actor(name="Ruritania", country="RUR"),
        target=Actor(name="Freedonia", country="FRE"),
        date=date,
        evidence=(Evidence(field="event_type", text="met", start=25, end=28),),
    )


def event_for(
    event_id: str,
    mention_ids: tuple[str, ...],
    *,
    date: str | None = "2025-03-04",
    event_type: str = "CONSULT",
    source: str = "RUR",
    target: str | None = "FRE",
    topics: tuple[str, ...] = ("trade",),
) -> Event:
    """A fused event between two fictional countries."""
    return Event(
        id=event_id,
        date=date,
        date_precision="day" if date else None,
        event_type=event_type,
        mode="visit" if event_type == "CONSULT" else None,
        source=Actor(name=f"Minister of {source}", country=source),
        target=Actor(name=f"Envoy of {target}", country=target) if target else None,
        actors=(Actor(name="Observer of Grand Fenwick", country="GFW"),),
        topics=topics,
        location=Location(name="Strelsau", country=source),
        sources=tuple(
            Source(
                doc_id=m.split("#")[0],
                outlet="Ruritanian Wire",
                evidence=(Evidence(field="event_type", text="met", start=25, end=28),),
            )
            for m in mention_ids
        ),
        discrepancies=(
            Discrepancy(
                field="date",
                values=(DiscrepancyValue(value=date or "?", doc_ids=("a",)),),
            ),
        ),
        mention_ids=mention_ids,
    )
