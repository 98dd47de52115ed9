"""Quantities: money, percentages, counts, what they measure; never dates."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from parley.annotate.quantities import _alt, find_quantities
from parley.annotate.sentences import split_sentences


def _q(text: str):
    return find_quantities(text, split_sentences(text), published=dt.date(2025, 10, 28))


@pytest.mark.parametrize(
    ("text", "surface", "number", "unit"),
    [
        ("Trade reached $30.68 billion.", "$30.68 billion", 30.68e9, "USD"),
        ("Trade was about 4 billion US dollars.", "about 4 billion US dollars", 4e9, "USD"),
        ("Trade came to $4bn.", "$4bn", 4e9, "USD"),
        ("A package of EUR 7.4 billion, for loans.", "EUR 7.4 billion", 7.4e9, "EUR"),
        ("A €150 billion fund.", "€150 billion", 150e9, "EUR"),
        ("A swap of ₹3,000 crore, agreed.", "₹3,000 crore", 30e9, "INR"),
        ("A swap of INR 30 billion, agreed.", "INR 30 billion", 30e9, "INR"),
        ("A target of ¥10 trillion.", "¥10 trillion", 10e12, "JPY"),
        ("Growth was 5.7% this year.", "5.7%", 5.7, "percent"),
        ("Tariffs of 25 percent apply.", "25 percent", 25, "percent"),
        ("They flew in 15 tonnes of relief supplies.", "15 tonnes", 15, "tonnes"),
        ("They sent 10,000 troops.", "10,000 troops", 10000, "troops"),
    ],
    ids=[
        "usd-billion",
        "us-dollars-words",
        "bn",
        "eur-code",
        "euro-sign",
        "crore",
        "inr-code",
        "yen",
        "percent-sign",
        "percent-word",
        "tonnes",
        "troops",
    ],
)
def test_find_quantities_value_and_unit(text: str, surface: str, number: float, unit: str) -> None:
    (m,) = _q(text)
    assert (m.text, m.unit) == (surface, unit)
    assert m.number == pytest.approx(number)
    assert text[m.start : m.end] == m.text


def test_find_quantities_about_names_measure_and_period() -> None:
    text = (
        "Trade between the two nations grew by 5.7% year on year in the first eight months "
        "of 2025, reaching $30.68 billion."
    )
    money = [m for m in _q(text) if m.unit == "USD"]
    assert money[0].about == "bilateral trade Jan-Aug 2025"


def test_find_quantities_counts_keep_their_noun_phrase() -> None:
    (m,) = _q("The Council listed 116 additional individuals and entities.")
    assert (m.number, m.about) == (116, "additional individuals and entities")


@pytest.mark.parametrize(
    "text",
    ["They met on 20 July 2023.", "The two countries agreed.", "The match lasted until 2024."],
    ids=["date", "the-two", "year"],
)
def test_find_quantities_ignores_dates_years_and_the_two_sides(text: str) -> None:
    assert _q(text) == []


@pytest.mark.parametrize("ignore_case", [False, True])
def test_term_trie_matches_like_a_longest_first_alternation(ignore_case: bool) -> None:
    terms = ["per", "per cent", "percent", "pc", "US$", "$", "Rs", "Rs.", "a dozen", "a"]
    flags = re.IGNORECASE if ignore_case else 0
    flat = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    text = "5 per cent, 5 PER CENT, 6 percent, US$4, Rs. 3, Rs 2, a dozen, a, pc, Per"
    for tail in ("", r"\b", r"(?!\w)"):
        want = [m.span() for m in re.finditer(f"(?:{flat}){tail}", text, flags)]
        trie = _alt(terms, ignore_case=ignore_case)
        assert [m.span() for m in re.finditer(f"(?:{trie}){tail}", text, flags)] == want
