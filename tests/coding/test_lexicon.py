"""coding.lexicon: the tokenizer's offsets and the trigger matcher (gaps, blocks, scopes)."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.coding.lexicon import load_coder_lexicon, match_triggers, tokenize, tokenize_spans

_SLOW_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]")
_FOLD = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-"})


def _reference_tokens(text: str, start: int = 0) -> list[tuple[str, int, int]]:
    """The tokenizer's definition: one regex match per token of the folded, lower-cased text
    (token by token when lower-casing changes the length, as "İ" does)."""
    folded = text[start:].lower().translate(_FOLD)
    if len(folded) == len(text) - start:
        return [
            (m.group(0), m.start() + start, m.end() + start) for m in _SLOW_TOKEN.finditer(folded)
        ]
    return [
        (m.group(0).lower().translate(_FOLD), m.start(), m.end())
        for m in _SLOW_TOKEN.finditer(text, start)
    ]


@given(
    st.lists(
        st.sampled_from(["Lenz", "met", "’s", "o'Neil", "well-known", " ", "\n", "–", "42", "İ"]),
        max_size=30,
    ),
    st.integers(min_value=0, max_value=5),
)
def test_tokenize_matches_the_token_regex(pieces: list[str], start: int) -> None:
    text = "".join(pieces)
    assert tokenize(text, start) == _reference_tokens(text, start)


@given(
    st.lists(
        st.sampled_from(
            ["Lenz", "met", "’s", "o'Neil", "well-known", "x-", " ", "\n", "–", ".", "İ", "ΑΣ"]
        ),
        max_size=20,
    ),
    st.lists(st.integers(min_value=0, max_value=80), max_size=6),
)
def test_tokenize_spans_equals_tokenize_per_span(pieces: list[str], cuts: list[int]) -> None:
    """One scan of the text gives every span the tokens of its own call, also when a span cuts
    a token ("well-|known") or the text folds to another length ("İ")."""
    text = "".join(pieces)
    edges = sorted(min(c, len(text)) for c in cuts)
    spans = [*itertools.pairwise(edges), (0, len(text))]
    assert tokenize_spans(text, spans) == [tokenize(text, a, b) for a, b in spans]


@pytest.mark.parametrize(
    ("sentence", "scopes", "expected"),
    [
        ("Berg held talks with Lenz.", ("event",), [("CONSULT", "held talks")]),
        (
            "Berg held two days of talks with Lenz.",
            ("event",),
            [("CONSULT", "held two days of talks")],
        ),
        ("Berg held, after a delay, talks with Lenz.", ("event",), [("CONSULT", "talks")]),
        ("Berg paid a courtesy call on Lenz.", ("event",), [("CONSULT", "paid a courtesy call")]),
        ("The two leaders agreed to deepen ties.", ("event",), []),
        ("Berg ordered a blockade of the port.", ("event",), []),
        ("Berg ordered a blockade of the port.", ("event", "classify"), [("COERCE", "blockade")]),
        ("Nothing happened in Tarnov.", ("event", "classify"), []),
    ],
    ids=[
        "two-words",
        "gap",
        "gap-stops-at-comma",
        "longest-wins",
        "block-cancels",
        "classify-scope-only",
        "classify-scope-kept",
        "none",
    ],
)
def test_match_triggers_finds_the_expected_hits(
    sentence: str, scopes: tuple[str, ...], expected: list[tuple[str, str]]
) -> None:
    hits = match_triggers(load_coder_lexicon(), tokenize(sentence), scopes)
    assert [(h.rule.plover, sentence[h.start : h.end]) for h in hits] == expected
