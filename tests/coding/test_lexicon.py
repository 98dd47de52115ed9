"""coding.lexicon: the tokenizer's offsets and the trigger matcher (gaps, blocks, scopes)."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from parley.coding.lexicon import (
    load_coder_lexicon,
    match_triggers,
    may_match,
    may_match_spans,
    screen_spans,
    span_words,
    tokenize,
)

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
def test_span_words_are_the_words_of_tokenize(pieces: list[str], cuts: list[int]) -> None:
    """One fold of the text gives every span the words of its own tokenize() call, also when a
    span cuts a token ("well-|known") or the text folds to another length ("İ", "Σ")."""
    text = "".join(pieces)
    edges = sorted(min(c, len(text)) for c in cuts)
    spans = [*itertools.pairwise(edges), (0, len(text))]
    assert span_words(text, spans) == [[w for w, _, _ in tokenize(text, a, b)] for a, b in spans]


_SCREENED = [
    "Berg held talks with Lenz.",
    "Berg held two days of talks with Lenz.",
    "Berg paid a courtesy call on Lenz.",
    "Berg called on Lenz to resign.",
    "Berg said that Ruritania would send troops.",
    "Berg said that the weather was fine.",
    "The two leaders agreed to deepen ties.",
    "Berg ordered a blockade of the port.",
    "Nothing happened in Tarnov.",
    "Protesters gathered on the square.",
]


@pytest.mark.parametrize("sentence", _SCREENED)
def test_may_match_never_misses_a_trigger(sentence: str) -> None:
    """The word screen lets through every sentence the matcher finds an event trigger in."""
    lex = load_coder_lexicon()
    tokens = tokenize(sentence)
    if match_triggers(lex, tokens, ("event",)):
        assert may_match(lex, [w for w, _, _ in tokens])


def test_may_match_screens_out_sentences_without_a_trigger() -> None:
    lex = load_coder_lexicon()
    assert not may_match(lex, span_words("Nothing happened in Tarnov.", [(0, 27)])[0])


def test_may_match_spans_equals_may_match_per_sentence() -> None:
    """The document-level pre-screen only skips work: every sentence gets may_match's answer."""
    lex = load_coder_lexicon()
    text = " ".join(_SCREENED)
    spans, at = [], 0
    for sentence in _SCREENED:
        spans.append((at, at + len(sentence)))
        at += len(sentence) + 1
    words = span_words(text, spans)
    assert may_match_spans(lex, words) == [may_match(lex, w) for w in words]
    assert may_match_spans(lex, words[-2:]) == [may_match(lex, w) for w in words[-2:]]


@given(
    st.lists(
        st.sampled_from(
            [
                "Berg",
                "held",
                "talks",
                "talks",
                "held",
                "with",
                "conversation",
                "had",
                "the",
                "embassy's",
                "the-embassy's",
                "suspended",
                "swearing-in",
                "the-swearing-in",
                "attended",
                "ceremony",
                "co-operate",
                '"',
                "”",
                "“",
                "«",
                ",",
                ".",
                "'",
                "-",
                "_",
                " ",
                "\n",
                "\xa0",
                "–",
                "İ",
                "ΑΣ",
                "x-",
                "call",
                "on",
                "phone",
                "telephone",
            ]
        ),
        max_size=30,
    ),
    st.lists(st.integers(min_value=0, max_value=120), max_size=6),
)
@example(["attended", " ", "the-swearing-in"], [])
@example(["suspended", " ", "the-embassy's"], [])
@example(["held", "“", "talks"], [])
@example(["Berg", "'", "call"], [])
def test_screen_spans_equals_may_match_spans(pieces: list[str], cuts: list[int]) -> None:
    """The cheap screen answers what the word screen answers, also for spans that cut a token,
    words of other shapes ("embassy's" inside "the-embassy's") and non-ASCII punctuation."""
    lex = load_coder_lexicon()
    text = "".join(pieces)
    edges = sorted(min(c, len(text)) for c in cuts)
    spans = [*itertools.pairwise(edges), (0, len(text))]
    assert screen_spans(lex, text, spans) == may_match_spans(lex, span_words(text, spans))


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
