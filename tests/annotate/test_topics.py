"""Topics: closed list, lexicon-driven, case-insensitive on word boundaries, longest first."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.annotate.topics import (
    STOP,
    TOPICS,
    find_topics,
    load_implied_topics,
    load_topic_lexicon,
)
from parley.errors import KnowledgeError
from parley.models import Sentence


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        ("They discussed trade and energy.", ["trade", "energy"]),
        ("Talks covered the Taiwan Strait.", ["taiwan"]),
        ("A visa-free regime for tourists.", ["migration_visa"]),
        ("Nothing relevant here.", []),
        ("TRADE and Energy", ["trade", "energy"]),
        ("the Taiwan\n  Strait", ["taiwan"]),
        ("people’s people-to-people ties", ["culture_people"]),
    ],
    ids=["two", "multiword", "hyphen", "none", "case", "spaces-between-words", "curly-apostrophe"],
)
def test_find_topics_values(text: str, topics: list[str]) -> None:
    found = find_topics(text, ())
    assert [m.value for m in found] == topics
    assert all(text[m.start : m.end] == m.text for m in found)


@pytest.mark.parametrize(
    "text",
    [
        "a trade-off between speed and cost",
        "the untraded shares",
        "Freedonia's Defense Minister Rufus Firefly arrived",
        "the Ministry of Defence of Sylvania",
        "police fired tear gas at the crowd",
        "landed at Tarnov International Airport",
        "according to the General Administration of Customs",
        "a summit in the region on development",
        "a state visit with a schedule of upcoming visits",
    ],
    ids=[
        "hyphen-compound",
        "inside-word",
        "title-defense",
        "ministry-defence",
        "tear-gas",
        "airport-name",
        "customs-agency",
        "filler-words",
        "visit-words",
    ],
)
def test_find_topics_ignores_titles_names_and_filler(text: str) -> None:
    assert find_topics(text, ()) == []


def test_find_topics_prefers_the_longest_term() -> None:
    (m,) = find_topics("They spoke of the war in Ukraine.", ())
    assert (m.text, m.value) == ("war in Ukraine", "ukraine_war")


def test_find_topics_keeps_offsets_when_lower_case_changes_length() -> None:
    text = "İzmir hosted talks on energy and trade."  # "İ".lower() is two characters
    found = find_topics(text, ())
    assert [(m.text, m.value) for m in found] == [("energy", "energy"), ("trade", "trade")]
    assert all(text[m.start : m.end] == m.text for m in found)


def test_find_topics_indexes_sentences() -> None:
    text = "Trade grew. Energy talks followed."
    found = find_topics(text, (Sentence(start=0, end=11), Sentence(start=12, end=34)))
    assert [(m.value, m.sentence) for m in found] == [("trade", 0), ("energy", 1)]


@given(st.text(alphabet=st.sampled_from(list("tradeTRADE energy-’'İ\n.,")), max_size=60))
def test_find_topics_offsets_always_slice_to_the_text(text: str) -> None:
    for m in find_topics(text, ()):
        assert text[m.start : m.end] == m.text
        assert m.value in TOPICS


def test_topic_lexicon_uses_only_the_closed_list() -> None:
    assert set(load_topic_lexicon().topic_of.values()) <= {*TOPICS, STOP}


def test_load_topic_lexicon_names_the_bad_line() -> None:
    # the implied-topics table has CAMEO codes where a lexicon has topics
    with pytest.raises(KnowledgeError, match=r"topics_implied.tsv' line \d+: unknown topic '041'"):
        load_topic_lexicon.__wrapped__("topics_implied.tsv")


def test_implied_topics_are_from_the_closed_list() -> None:
    implied = load_implied_topics()
    assert implied["042"] == ("bilateral_relations",)
    assert all(t in TOPICS for ts in implied.values() for t in ts)
