"""Who took part in an event and what it was about: participants and topics of EventMentions."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.annotate.dates import find_dates
from parley.annotate.sentences import split_sentences
from parley.annotate.topics import find_topics
from parley.coding import code_document
from parley.models import Annotation, CleanDocument, EventMention, Mention

PUBLISHED = dt.date(2025, 3, 5)
# surface -> (country, actor_type, kind)
NAMES = {
    "Ruritania": ("RUR", "country", "actor"),
    "Sylvania": ("SYL", "country", "actor"),
    "Anna Berg": ("RUR", "person", "actor"),
    "Otto Kern": ("SYL", "person", "actor"),
    "Sylvanian Embassy": ("SYL", "organisation", "actor"),
    "Ruritanian Foreign Office": ("RUR", "organisation", "actor"),
    "Tarnov": ("SYL", "capital", "place"),
}


def _annotate(text: str) -> Annotation:
    sentences = split_sentences(text)
    mentions: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for name in sorted(NAMES, key=len, reverse=True):
        country, atype, kind = NAMES[name]
        pos = text.find(name)
        while pos >= 0:
            end = pos + len(name)
            if all(end <= a or pos >= b for a, b in taken):
                taken.append((pos, end))
                mentions.append(
                    Mention(
                        kind=kind,  # type: ignore[arg-type]
                        start=pos,
                        end=end,
                        text=name,
                        value=name,
                        country=country,
                        actor_type=atype if kind == "actor" else None,
                    )
                )
            pos = text.find(name, end)
    mentions += find_dates(text, sentences, published=PUBLISHED, dateline_date=None)
    mentions += find_topics(text, sentences)
    doc = CleanDocument(doc_id="t", text=text, published=PUBLISHED)
    return Annotation(doc=doc, sentences=sentences, mentions=tuple(mentions))


def _events(text: str) -> tuple[EventMention, ...]:
    return code_document(_annotate(text), None)


def _names(ev: EventMention) -> list[str]:
    return [a.name for a in ev.actors]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ruritania expelled Otto Kern of the Sylvanian Embassy on Tuesday.",
            ["Otto Kern"],
        ),
        (
            "Ruritania expelled the head of the Sylvanian Embassy on Tuesday.",
            ["Sylvanian Embassy"],
        ),
        (
            "The Ruritanian Foreign Office and Anna Berg met Otto Kern in Tarnov on Tuesday.",
            ["Anna Berg", "Otto Kern"],
        ),
    ],
    ids=["person-over-own-institution", "institution-when-nobody-named", "office-beside-minister"],
)
def test_participants_are_people_when_a_side_names_one(text: str, expected: list[str]) -> None:
    (ev,) = _events(text)
    assert _names(ev) == expected


def test_topics_in_a_sentence_of_several_events_go_to_the_nearest_act() -> None:
    text = (
        "Anna Berg said on Tuesday that Ruritania promised to send troops to fight drug "
        "trafficking, and Sylvania agreed to pause its tariffs on Ruritania."
    )
    by_type = {e.event_type: e for e in _events(text)}
    assert set(by_type) == {"AGREE", "CONCEDE"}
    assert "security" in by_type["AGREE"].topics and "trade" not in by_type["AGREE"].topics
    assert "trade" in by_type["CONCEDE"].topics and "security" not in by_type["CONCEDE"].topics


@pytest.mark.parametrize(
    ("text", "implied"),
    [
        ("Anna Berg held talks with Otto Kern in Tarnov on Tuesday.", ["bilateral_relations"]),
        ("Ruritania expelled Sylvania's ambassador on Tuesday.", ["bilateral_relations"]),
        ("Ruritania signed an agreement with Sylvania on Tuesday.", []),
    ],
    ids=["visit-042", "expulsion-161", "signing-057"],
)
def test_topics_implied_by_the_event_code(text: str, implied: list[str]) -> None:
    (ev,) = _events(text)
    assert list(ev.topics) == implied
