"""Hand-built event mentions for fusion tests (our own words; facts modelled on the dev clusters)."""

from __future__ import annotations

from collections.abc import Sequence

from parley.fuse import DocInfo, doc_signature
from parley.models import Actor, EventMention, Evidence, Location, Quantity


def person(name: str, role: str | None = None, country: str | None = None) -> Actor:
    """An actor as the coder would give it."""
    return Actor(name=name, role=role, country=country, sector="GOV" if role else None)


def qty(text: str, value: float | None, unit: str | None, about: str | None = None) -> Quantity:
    """A quantity as the annotator would give it."""
    return Quantity(text=text, value=value, unit=unit, about=about)


def mention(
    mid: str,
    doc: str,
    event_type: str = "CONSULT",
    mode: str | None = "visit",
    *,
    source: Actor | None = None,
    target: Actor | None = None,
    actors: Sequence[Actor] = (),
    date: str | None = None,
    precision: str | None = "day",
    city: str | None = None,
    country: str | None = None,
    topics: Sequence[str] = (),
    quantities: Sequence[Quantity] = (),
    confidence: float = 0.7,
    is_main: bool = True,
    evidence: Sequence[tuple[str, str]] = (),
    at: int = 0,
    cameo: str | None = None,
) -> EventMention:
    """An EventMention with evidence spans laid out one after the other from offset ``at``."""
    spans = []
    pos = at
    for field, text in evidence:
        spans.append(Evidence(field=field, text=text, start=pos, end=pos + len(text), doc_id=doc))
        pos += len(text) + 1
    default_cameo = {"visit": "042", "phone": "041", "third-party": "044"}.get(mode or "")
    everyone = [a for a in (source, target) if a is not None] + [
        a for a in actors if a not in (source, target)
    ]
    return EventMention(
        id=mid,
        doc_id=doc,
        event_type=event_type,
        mode=mode,
        cameo=cameo or default_cameo,
        source=source,
        target=target,
        actors=tuple(everyone),
        date=date,
        date_precision=precision if date else None,  # type: ignore[arg-type]
        location=Location(name=city, country=country) if (city or country) else None,
        topics=tuple(topics),
        quantities=tuple(quantities),
        confidence=confidence,
        is_main=is_main,
        sentence_start=at,
        sentence_end=pos,
        evidence=tuple(spans),
    )


def info(
    doc: str, text: str | None = None, published: str | None = None, outlet: str = ""
) -> DocInfo:
    """DocInfo for a test document; the signature comes from ``text`` (default: unique words)."""
    body = text if text is not None else f"unique text of document {doc} " * 3 + doc
    return DocInfo(
        doc_id=doc,
        url=f"https://news.example.org/{doc}",
        outlet=outlet or f"Outlet {doc}",
        published=published,
        signature=doc_signature(body),
    )


def docs_for(mentions: Sequence[EventMention], **texts: str) -> dict[str, DocInfo]:
    """DocInfo for every document of some mentions (texts by doc id when given)."""
    return {m.doc_id: info(m.doc_id, texts.get(m.doc_id)) for m in mentions}
