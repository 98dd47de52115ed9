"""Fusion fills its output models without validation: they must equal validated ones exactly."""

from __future__ import annotations

from fuse_builders import docs_for, mention, person, qty
from pydantic import BaseModel

from parley.fuse import fuse_mentions
from parley.models import Event, Evidence


def assert_as_validated(model: BaseModel) -> None:
    """``model`` has the fields, field order, value types and fields set validation gives."""
    again = type(model).model_validate(model.model_dump())
    assert model == again
    assert list(model.__dict__) == list(again.__dict__)
    if not isinstance(model, Evidence):  # evidence passes through from the mentions as given
        assert model.model_fields_set == again.model_fields_set
    for name, value in model.__dict__.items():
        other = again.__dict__[name]
        assert type(value) is type(other), (type(model).__name__, name)
        items = value if isinstance(value, tuple) else (value,)
        for item, validated in zip(
            items, other if isinstance(other, tuple) else (other,), strict=True
        ):
            assert type(item) is type(validated), (type(model).__name__, name)
            if isinstance(item, BaseModel):
                assert_as_validated(item)


def test_fused_events_equal_validated_events() -> None:
    scholz = person("Olaf Scholz", "Chancellor", "DEU")
    tokayev = person("Kassym-Jomart Tokayev", "President", "KAZ")
    mentions = [
        mention(
            "a#0",
            "a",
            source=scholz,
            target=tokayev,
            date="2024-09-16",
            city="Astana",
            country="KAZ",
            topics=("trade", "energy"),
            quantities=(qty("$4bn", 4e9, "USD", "trade deals"), qty("50 agreements", 50, "count")),
            evidence=(("event_type", "visited"), ("organisation", "EAEU")),
        ),
        mention(
            "b#0",
            "b",
            source=person("Olaf Scholz", "Federal Chancellor", "DEU"),
            target=tokayev,
            actors=(person("Annalena Baerbock", "Foreign Minister", "DEU"),),
            date="2024-09",
            precision="month",
            city="Almaty",
            country="KAZ",
            topics=("trade",),
            quantities=(qty("$4.5bn", 4.5e9, "USD", "trade deals"),),
            confidence=0.9,
            evidence=(("event_type", "arrived in"), ("date", "September")),
        ),
        mention(
            "c#0",
            "c",
            source=tokayev,
            target=scholz,
            date="2024-09-16",
            city="Astana",
            country="KAZ",
            confidence=0.5,
        ),
    ]
    events = fuse_mentions(mentions, docs_for(mentions))
    assert any(e.discrepancies for e in events) and any(e.quantities for e in events)
    for event in events:
        assert isinstance(event, Event)
        assert_as_validated(event)
