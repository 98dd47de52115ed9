"""What the evaluation compares with the gold: a flat view of one predicted event mention."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from parley.knowledge import load_knowledge
from parley.models import Actor, EventMention


class PredActor(BaseModel):
    """A participant of a predicted event (name and ISO3 country)."""

    model_config = ConfigDict(frozen=True)

    name: str
    country: str | None = None


class PredEvent(BaseModel):
    """One event mention parley predicted in one document, and the fused event it went into."""

    model_config = ConfigDict(frozen=True)

    id: str
    doc_id: str
    event_type: str
    mode: str | None = None
    date: str | None = None
    date_precision: str | None = None
    source_country: str | None = None
    target_country: str | None = None
    actors: tuple[PredActor, ...] = ()
    topics: tuple[str, ...] = ()
    quantities: tuple[str, ...] = ()
    is_main: bool = False
    event_id: str | None = None  # the fused event holding this mention (None: not fused)


def _is_side_placeholder(actor: Actor) -> bool:
    """A side the text names no one for: the coder fills in the country itself ("India").

    The gold lists people, or institutions when no person is named; a country standing for an
    unnamed side is the event's source/target country, which the event metrics already score.
    """
    if actor.role is not None or actor.country is None:
        return False
    # the coder names such a side exactly as Knowledge.side_name does
    return actor.name in (actor.country, load_knowledge().side_name(actor.country))


def _actors(*groups: tuple[Actor | None, ...]) -> tuple[PredActor, ...]:
    """Source, target and the other actors, once each, in that order."""
    out: list[PredActor] = []
    seen: set[tuple[str, str | None]] = set()
    for group in groups:
        for actor in group:
            if actor is None or not actor.name or _is_side_placeholder(actor):
                continue
            key = (actor.name.casefold(), actor.country)
            if key not in seen:
                seen.add(key)
                out.append(PredActor(name=actor.name, country=actor.country))
    return tuple(out)


def pred_from_mention(mention: EventMention, event_id: str | None = None) -> PredEvent:
    """Flatten a stored event mention for scoring.

    Args:
        mention: an event mention as coded by parley.
        event_id: the id of the fused event the mention was assigned to, if any.

    Returns:
        The prediction the metrics compare with the gold.
    """
    return PredEvent(
        id=mention.id,
        doc_id=mention.doc_id,
        event_type=mention.event_type,
        mode=mention.mode,
        date=mention.date,
        date_precision=mention.date_precision,
        source_country=mention.source.country if mention.source else None,
        target_country=mention.target.country if mention.target else None,
        actors=_actors((mention.source, mention.target), mention.actors),
        topics=mention.topics,
        quantities=tuple(q.text for q in mention.quantities),
        is_main=mention.is_main,
        event_id=event_id,
    )
