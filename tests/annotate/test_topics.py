"""Topics: closed list, lexicon-driven, case-insensitive on word boundaries."""

from __future__ import annotations

import pytest

from parley.annotate.topics import TOPICS, find_topics, load_topic_lexicon


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        ("They discussed trade and energy.", ["trade", "energy"]),
        ("Talks covered the Taiwan Strait.", ["taiwan"]),
        ("A visa-free regime for tourists.", ["migration_visa"]),
        ("Nothing relevant here.", []),
    ],
    ids=["two", "multiword", "hyphen", "none"],
)
def test_find_topics_values(text: str, topics: list[str]) -> None:
    found = find_topics(text, ())
    assert [m.value for m in found] == topics
    assert all(text[m.start : m.end] == m.text for m in found)


def test_topic_lexicon_uses_only_the_closed_list() -> None:
    assert set(load_topic_lexicon().topic_of.values()) <= set(TOPICS)
