"""Evidence highlighting: marks go in by offset, every character of the text stays text."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.models import Evidence
from parley.serve.highlight import Span, highlight, safe_url, spans_for

_TAG = re.compile(r'<mark class="ev [a-z -]+" title="[^"<>]*">|</mark>')


def unmark(markup: str) -> str:
    """The text back from highlighted markup: drop our tags, unescape the rest."""
    return html.unescape(_TAG.sub("", markup))


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("a b c", [Span(2, 3, "target")], 'a <mark class="ev ev-actor" title="target">b</mark> c'),
        ("<b>", [Span(0, 3, "date")], '<mark class="ev ev-date" title="date">&lt;b&gt;</mark>'),
        ("abc", [], "abc"),
        ("abc", [Span(2, 99, "x")], 'ab<mark class="ev ev-other" title="x">c</mark>'),
        ("abc", [Span(2, 1, "x")], "abc"),
    ],
    ids=["plain", "markup-escaped", "no-spans", "clipped", "empty-span"],
)
def test_highlight_examples(text: str, spans: list[Span], expected: str) -> None:
    assert str(highlight(text, spans)) == expected


def test_highlight_overlaps_merge_fields() -> None:
    out = str(highlight("abcdef", [Span(0, 4, "source"), Span(2, 6, "date")]))
    assert 'title="date, source">cd</mark>' in out
    assert unmark(out) == "abcdef"


@given(
    text=st.text(alphabet=st.sampled_from("ab <>&\"'\n"), max_size=40),
    cuts=st.lists(
        st.tuples(st.integers(-5, 45), st.integers(-5, 45), st.sampled_from(["date", "t<x>"])),
        max_size=6,
    ),
)
def test_highlight_keeps_text_and_opens_no_tag(text: str, cuts: list[tuple[int, int, str]]) -> None:
    out = str(highlight(text, [Span(a, b, f) for a, b, f in cuts]))
    assert unmark(out) == text
    assert "<" not in _TAG.sub("", out)


def test_spans_for_repairs_stale_offsets_and_drops_missing() -> None:
    text = "Talks in Beijing ended."
    found = spans_for(
        text,
        [
            Evidence(field="location", text="Beijing", start=0, end=7),  # stale offsets
            Evidence(field="date", text="Tuesday", start=0, end=7),  # not in the text
            Evidence(field="event_type", text="Talks", start=0, end=5),
        ],
    )
    assert [(s.start, s.end, s.field) for s in found] == [(0, 5, "event_type"), (9, 16, "location")]


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://wire.example.kz/a", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        (" JaVaScRiPt:alert(1)", False),
        ("data:text/html,<b>", False),
        ("", False),
        (None, False),
    ],
    ids=["https", "http", "javascript", "javascript-mixed-case", "data", "empty", "none"],
)
def test_safe_url(url: str | None, kept: bool) -> None:
    assert (safe_url(url) is not None) is kept
