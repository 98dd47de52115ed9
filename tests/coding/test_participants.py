"""Who took part in an event and what it was about: participants and topics of EventMentions."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from fictional import annotate_fictional

from parley.coding import code_document
from parley.models import Annotation, EventMention

PUBLISHED = dt.date(2025, 3, 5)
# surface -> (country, actor_type, kind, role)
NAMES: dict[str, tuple[str, str, str, str | None]] = {
    "Ruritania": ("RUR", "country", "actor", None),
    "Sylvania": ("SYL", "country", "actor", None),
    "Freedonia": ("FRE", "country", "actor", None),
    "Anna Berg": ("RUR", "person", "actor", "Foreign Minister"),
    "Lena Vos": ("RUR", "person", "actor", "spokeswoman"),
    "Mark Ruud": ("RUR", "person", "actor", "Prime Minister"),
    "Otto Kern": ("SYL", "person", "actor", "Foreign Minister"),
    "Karl Ode": ("SYL", "person", "actor", "deputy"),
    "Piet Hane": ("FRE", "person", "actor", "President"),
    "Sylvania's ambassador": ("SYL", "person", "actor", "ambassador"),
    "Sylvanian Embassy": ("SYL", "organisation", "actor", None),
    "Ruritanian Foreign Office": ("RUR", "organisation", "actor", None),
    "the Palace": ("RUR", "organisation", "actor", None),
    "Tarnov": ("SYL", "capital", "place", None),
}
# the Palace stands for Ruritania's government, as "the Kremlin" does for Russia's
KB = SimpleNamespace(metonyms={"Palace": SimpleNamespace(canonical="the Palace", country="RUR")})


def _annotate(text: str) -> Annotation:
    return annotate_fictional(text, NAMES, published=PUBLISHED, topics=True)


def _events(text: str) -> tuple[EventMention, ...]:
    return code_document(_annotate(text), KB)


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


def _event(text: str, plover: str) -> EventMention:
    (ev,) = [e for e in _events(text) if e.event_type == plover]
    return ev


@pytest.mark.parametrize(
    ("text", "plover", "expected"),
    [
        (
            "Anna Berg, who had phoned Mark Ruud, met Otto Kern in Tarnov on Tuesday.",
            "CONSULT",
            ["Anna Berg", "Otto Kern"],
        ),
        (
            "Anna Berg met Otto Kern in Tarnov on Tuesday, hours after Karl Ode criticised "
            "the plan.",
            "CONSULT",
            ["Anna Berg", "Otto Kern"],
        ),
        (
            "Anna Berg held talks in Tarnov on Tuesday with Otto Kern's deputy Karl Ode.",
            "CONSULT",
            ["Anna Berg", "Karl Ode"],
        ),
        (
            "Ruritania expelled Otto Kern on Tuesday, spokeswoman Lena Vos said.",
            "SANCTION",
            ["Otto Kern"],
        ),
        (
            "Mark Ruud told reporters on Tuesday that Otto Kern had been expelled from Ruritania.",
            "SANCTION",
            ["Mark Ruud", "Otto Kern"],
        ),
    ],
    ids=["relative-clause", "after-clause", "possessive", "spokesperson", "reporting-official"],
)
def test_participants_are_the_parties_of_the_event_clause(
    text: str, plover: str, expected: list[str]
) -> None:
    assert sorted(_names(_event(text, plover))) == sorted(expected)


LEAD = "Anna Berg held talks with Otto Kern in Tarnov on Tuesday. "


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (LEAD + "The two leaders signed a trade agreement.", ["Anna Berg", "Otto Kern"]),
        (LEAD + "The two sides signed a trade agreement.", []),
        (LEAD + "Three agreements were signed.", []),
        (
            LEAD + "Later the Palace signed a trade agreement with Sylvania.",
            ["Anna Berg", "Otto Kern"],
        ),
    ],
    ids=["two-leaders", "two-sides", "passive", "metonym-and-country"],
)
def test_signing_during_talks_takes_the_people_the_text_refers_to(
    text: str, expected: list[str]
) -> None:
    assert sorted(_names(_event(text, "SUPPORT"))) == sorted(expected)


def test_witness_of_a_signing_is_a_participant() -> None:
    text = (
        "Anna Berg and Otto Kern signed a peace agreement in Tarnov on Tuesday in the "
        "presence of Piet Hane."
    )
    ev = _event(text, "SUPPORT")
    assert sorted(_names(ev)) == ["Anna Berg", "Otto Kern", "Piet Hane"]
    assert (ev.source and ev.source.name, ev.target and ev.target.name) == (
        "Anna Berg",
        "Otto Kern",
    )


def test_pronoun_subject_is_the_person_of_the_main_clause() -> None:
    text = "Anna Berg arrived in Tarnov on Tuesday, where she held talks with Otto Kern."
    assert sorted(_names(_event(text, "CONSULT"))) == ["Anna Berg", "Otto Kern"]


@pytest.mark.parametrize(
    "text",
    [
        "Ruritania expelled Sylvania's ambassador on Tuesday.",
        "On Tuesday the Palace expelled Sylvania's ambassador.",
    ],
    ids=["country-and-unnamed-envoy", "metonym-alone"],
)
def test_countries_and_unnamed_envoys_are_no_actors(text: str) -> None:
    ev = _event(text, "SANCTION")
    assert all(a.country != a.name for a in ev.actors)
    assert "Sylvania's ambassador" not in _names(ev)
    assert "Ruritania" not in _names(ev)
