"""coding.rules: word-screened patterns find exactly what their patterns find."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.coding import rules
from parley.coding.rules import _Screened

_SCREENED = {name: v for name, v in vars(rules).items() if isinstance(v, _Screened)}
_FILLER = ["Berg", "X", "a", "the", "ſince", "WHO", "Who", "İ", "“", "’s"]
_GLUE = [" ", "  ", ", ", "; ", ",", "-", ".", "\n"]


def _vocabulary(pattern: re.Pattern[str]) -> list[str]:
    """The literal words of a pattern's source (every alternative is made of them)."""
    return sorted(set(re.findall(r"(?<!\\)[a-z]{2,}", pattern.pattern)))


@pytest.mark.parametrize("name", sorted(_SCREENED))
def test_screened_patterns_find_what_their_patterns_find(name: str) -> None:
    screened = _SCREENED[name]
    words = _vocabulary(screened.pattern)

    @given(
        st.lists(st.tuples(st.sampled_from(words + _FILLER), st.sampled_from(_GLUE)), max_size=12),
        st.booleans(),
        st.integers(min_value=0, max_value=8),
    )
    def check(pieces: list[tuple[str, str]], upper: bool, cut: int) -> None:
        text = "".join(w + g for w, g in pieces)
        text = text.upper() if upper else text
        end = max(cut, len(text) - cut)
        found = screened.search(text, cut, end)
        expected = screened.pattern.search(text, cut, end)
        assert (found and found.span()) == (expected and expected.span())
        spans = [m.span() for m in screened.finditer(text, cut, end)]
        assert spans == [m.span() for m in screened.pattern.finditer(text, cut, end)]

    check()


def test_screened_words_drop_the_redundant_ones() -> None:
    screened = _Screened(re.compile(r"\b(?:where|whereas|when)\b"), ["where", "whereas", "when"])
    assert screened.words == ("where", "when")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("_COUNTER", "In a tit-for-tat move"),
        ("_COUNTER", "Sylvania HIT BACK BY"),
        ("_COUNTER", "in retaliation, Sylvania"),
        ("_OTHER_AFTER", " at the invitation of Berg"),
        ("_OTHER_AFTER", " flanked by aides"),
        ("_OTHER_AFTER", ", two days after the vote"),
        ("_OTHER_AFTER", ", describing the talks"),
        ("_CLAUSE_SPLIT", "met Lenz whereas Kern"),
        ("_FIRST", "their FIRST phone "),
        ("_SIDES_REF", "the two parties"),
        ("_RELATIVE", ", whom"),
        ("_REPORT_ANY", "according to"),
        ("_FRAME_BEFORE", "Berg wrote that"),
        ("_OTHER_BEFORE", "Following the talks"),
    ],
)
def test_screened_patterns_find_their_rare_alternatives(name: str, text: str) -> None:
    screened = _SCREENED[name]
    found = screened.search(text, 0, len(text))
    expected = screened.pattern.search(text)
    assert found is not None and expected is not None
    assert found.span() == expected.span()


@pytest.mark.parametrize("alternatives", ["he|she|they", "that|which|ahead of|as|from"])
def test_words_lookahead_keeps_the_matches(alternatives: str) -> None:
    """The first-letter look-ahead only skips places where no alternative can start, whatever
    the case folding makes of a letter ("ſ" is an "s", "K" a "k")."""
    led = re.compile(rules._words(alternatives), re.IGNORECASE)
    plain = re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)
    text = "He said ſhe and THEY met; Whom? that-which AHEAD OF as, from ASx xas Kelvin"
    assert [m.span() for m in led.finditer(text)] == [m.span() for m in plain.finditer(text)]
    letters = sorted({w[:1] for w in alternatives.split("|")})
    lead = re.compile(f"[{''.join(letters)}]", re.IGNORECASE)
    for c in map(chr, range(0x2200)):  # (U+212A, the Kelvin sign, folds to "k")
        assert bool(lead.match(c)) == any(re.match(x, c, re.IGNORECASE) for x in letters)
