"""Sentence splitting: abbreviations, initials, quotes, lines and paragraphs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.annotate.sentences import split_sentences


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Ames left. He ran.", ["Dr. Ames left.", "He ran."]),
        (
            "U.S. President Jo Ode spoke. Then he left.",
            ["U.S. President Jo Ode spoke.", "Then he left."],
        ),
        (
            "They met on Sept. 16 in Ruritania. It rained.",
            ["They met on Sept. 16 in Ruritania.", "It rained."],
        ),
        (
            "Minister Gil C. Tedoro, Jr. attended. Fine.",
            ["Minister Gil C. Tedoro, Jr. attended.", "Fine."],
        ),
        ("Vote No. 5 passed. Next.", ["Vote No. 5 passed.", "Next."]),
        ('He said: "We agree." Then he left.', ['He said: "We agree."', "Then he left."]),
        (
            "Headline without stop\n\nBody text. More.",
            ["Headline without stop", "Body text.", "More."],
        ),
        ("Line one\nLine two", ["Line one", "Line two"]),
        ("the rate fell 3.5 percent. markets rose", ["the rate fell 3.5 percent. markets rose"]),
    ],
    ids=[
        "dr",
        "us",
        "sept",
        "initial-jr",
        "number",
        "quote",
        "paragraph",
        "line",
        "lowercase-next",
    ],
)
def test_split_sentences_boundaries(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


def test_split_sentences_empty_text_gives_none() -> None:
    assert split_sentences("  \n\n ") == ()


@given(st.text(alphabet=st.sampled_from(list('ab .!?\n"A1')), max_size=80))
def test_split_sentences_offsets_slice_stripped_nonempty(text: str) -> None:
    prev = 0
    for s in split_sentences(text):
        chunk = text[s.start : s.end]
        assert chunk and chunk == chunk.strip()
        assert s.start >= prev
        prev = s.end
