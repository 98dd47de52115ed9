"""coder.rules.v2: what it adds to the frozen v1 (fictional countries), and that v1 stays as
it was for the same sentences."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from fictional import COUNTRIES, annotate_fictional

from parley.coding import DEFAULT_CODER, get_coder
from parley.models import EventMention

PUBLISHED = dt.date(2025, 3, 5)  # a Wednesday
NAMES = {
    **COUNTRIES,
    "Anna Berg": ("RUR", "person", "actor", "foreign_minister"),
    "Ivo Lenz": ("SYL", "person", "actor", "foreign_minister"),
    "Otto Kranz": ("RUR", "person", "actor"),
    "Strelsau": ("RUR", "capital", "place"),
    "Tarnov": ("SYL", "capital", "place"),
}
# what the coder needs of a knowledge base for a seat of government
KB = SimpleNamespace(capitals={"Strelsau": "RUR", "Tarnov": "SYL"})


def _code(text: str, coder: str = "coder.rules.v2") -> list[tuple[str, str | None, str | None]]:
    ann = annotate_fictional(text, NAMES, published=PUBLISHED)
    out: tuple[EventMention, ...] = get_coder(coder)(ann, KB)
    return [
        (
            m.event_type,
            m.source.country if m.source else None,
            m.target.country if m.target else None,
        )
        for m in out
    ]


def test_v2_is_the_default_and_v1_is_still_registered():
    assert DEFAULT_CODER == "coder.rules.v2"
    assert get_coder("coder.rules.v1") is not get_coder("coder.rules.v2")


@pytest.mark.parametrize(
    "text",
    [
        "In a telephone conversation on Monday, Ruritanian Foreign Minister Anna Berg and "
        "Sylvanian Foreign Minister Ivo Lenz reviewed ties.",
        "In a phone call today, Foreign Minister of Ruritania Anna Berg and Foreign Minister of "
        "Sylvania, Ivo Lenz reviewed bilateral ties.",
        "During a phone call on Monday, Ruritania's Anna Berg and Sylvania's Ivo Lenz reviewed "
        "ties with Sylvania.",
    ],
)
def test_a_fronted_talk_takes_the_two_parties_named_after_it(text):
    assert _code(text) == [("CONSULT", "RUR", "SYL")]
    assert _code(text, "coder.rules.v1") == []


@pytest.mark.parametrize(
    "text",
    [
        # the words after the phrase are a clause of its own, not two parties
        "During a conversation with reporters on Monday, Otto Kranz criticised Ruritania and "
        "Sylvania.",
        # one party only
        "In a telephone conversation on Monday, Anna Berg reviewed the situation.",
        # two people of one country
        "In a telephone conversation on Monday, Anna Berg and Otto Kranz reviewed ties.",
        "In a telephone conversation on Monday, Ruritania's Anna Berg and Otto Kranz reviewed "
        "ties.",
    ],
)
def test_a_fronted_talk_needs_two_parties_of_two_countries_right_after_it(text):
    assert not any(t == "CONSULT" and s and g for t, s, g in _code(text))


def test_a_sanction_on_a_countrys_firms_targets_that_country():
    text = "Ruritania imposed sanctions on 28 Sylvanian companies and officials on Sunday."
    assert _code(text) == [("SANCTION", "RUR", "SYL")]
    assert _code(text, "coder.rules.v1") == []


def test_firms_are_still_no_party_to_talks():
    # only a sanction reaches a country through its firms
    text = "Ruritania held talks with Sylvanian companies on Monday."
    assert ("CONSULT", "RUR", "SYL") not in _code(text)


def test_a_ministry_named_by_its_capital_acts_for_its_country():
    text = "The foreign ministry in Strelsau summoned Sylvania's ambassador on Monday."
    assert _code(text) == [("ACCUSE", "RUR", "SYL")]
    assert _code(text, "coder.rules.v1") != [("ACCUSE", "RUR", "SYL")]
