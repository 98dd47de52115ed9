"""Sentence splitting: abbreviations, initials, quotes, lines and paragraphs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.annotate.sentences import gate_windows, split_sentences


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


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("Trade grew 7% in 2023.", {"trade", "#digit", "#year", "#pct"}, {"#money"}),
        ("Aid worth $40m arrived.", {"aid", "#digit", "#money"}, {"#year", "#pct"}),
        ("They met on Tuesday.", {"met", "tuesday"}, {"#digit", "#year"}),
        ("Room 1850 was booked.", {"room", "#digit"}, {"#year"}),
        ("Room \u0663 was booked.", {"room", "#digit"}, {"#year"}),
    ],
    ids=["percent-year", "money", "words-only", "not-a-year", "non-ascii-digit"],
)
def test_gate_windows_markers(text: str, present: set[str], absent: set[str]) -> None:
    (_lo, _hi, words), *_rest = gate_windows(text, split_sentences(text))
    assert present <= words
    assert not absent & words


def test_gate_windows_one_window_per_sentence() -> None:
    text = "Freedonia met Sylvania. Talks ended on 3 May 2024."
    windows = gate_windows(text, split_sentences(text))
    assert [text[lo:hi] for lo, hi, _w in windows] == [
        "Freedonia met Sylvania.",
        "Talks ended on 3 May 2024.",
    ]
    assert "#year" not in windows[0][2] and "#year" in windows[1][2]


def test_gate_windows_vocabulary_keeps_only_those_words() -> None:
    text = "Trade grew 5% in 2024. They met on Tuesday."
    sentences = split_sentences(text)
    vocabulary = frozenset({"#pct", "#year", "tuesday", "trade"})
    full = gate_windows(text, sentences)
    kept = gate_windows(text, sentences, vocabulary)
    assert kept == [(lo, hi, words & vocabulary) for lo, hi, words in full]
    assert kept[0][2] == {"#pct", "#year", "trade"} and kept[1][2] == {"tuesday"}


@pytest.mark.parametrize(
    "text",
    [
        "Café naïve co-operation in 5bn G20 talks. Über 3rd KELVIN \u212a units.",
        "\u0130stanbul hosted talks on trade_deal. Ministers met.",
        "Straße—über’s “quoted” words.\nNew line here.",
    ],
    ids=["accents-digits", "length-changing-lower", "quotes-and-dashes"],
)
def test_gate_windows_words_are_the_lower_case_letter_runs(text: str) -> None:
    # the words a window keeps are exactly the [a-z]+ runs of the lower-cased sentence
    lower = text.lower()
    for lo, hi, words in gate_windows(text, split_sentences(text)):
        expected = set(re.findall(r"[a-z]+", lower[lo:hi]))
        assert {w for w in words if not w.startswith("#")} == expected
