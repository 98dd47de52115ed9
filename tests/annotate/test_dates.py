"""Date mentions: absolute, relative, anaphoric, year-only and no-year cases."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.annotate.dates import find_dates, resolve_offset
from parley.annotate.sentences import split_sentences

WED = dt.date(2024, 4, 3)  # a Wednesday


def _dates(text: str, published: dt.date | None = WED, dateline: dt.date | None = None):
    return find_dates(text, split_sentences(text), published=published, dateline_date=dateline)


@pytest.mark.parametrize(
    ("text", "value", "precision", "expression"),
    [
        ("They met on 28 October 2025.", "2025-10-28", "day", "absolute"),
        ("They met on Oct. 28.", "2023-10-28", "day", "absolute"),
        ("It was 28th Oct 2025.", "2025-10-28", "day", "absolute"),
        ("They met on 17 March 2024.", "2024-03-17", "day", "absolute"),
        ("They met on Nov. 15.", "2023-11-15", "day", "absolute"),
        ("The call of July 2022 was short.", "2022-07-01", "month", "absolute"),
        ("He was appointed in September.", "2023-09-01", "month", "relative"),
        ("They met on Tuesday.", "2024-04-02", "day", "relative"),
        ("They met on Wednesday.", "2024-04-03", "day", "relative"),
        ("She is due to arrive on Friday.", "2024-04-05", "day", "relative"),
        ("He left yesterday.", "2024-04-02", "day", "relative"),
        ("He spoke this afternoon.", "2024-04-03", "day", "relative"),
        ("He spoke today.", "2024-04-03", "day", "relative"),
        ("They met last month.", "2024-03-01", "month", "relative"),
        ("They met late last month.", "2024-03-01", "month", "relative"),
        ("They met earlier this month.", "2024-04-01", "month", "relative"),
        ("They met last November.", "2023-11-01", "month", "relative"),
        ("It happened two weeks ago.", "2024-03-20", "week", "relative"),
        ("The report was dated 25.06.2024.", "2024-06-25", "day", "absolute"),
        ("Before coming to the capital, he spent Sunday at home.", "2024-03-31", "day", "relative"),
        ("Angry at a planned law, students marched on Monday.", "2024-04-01", "day", "relative"),
        ("In the coming week, on Friday, they meet.", "2024-04-05", "day", "relative"),
    ],
    ids=[
        "day-month-year",
        "month-day-no-year",
        "ordinal",
        "on-day-month",
        "nov-past",
        "month-year",
        "in-month",
        "weekday-past",
        "weekday-same-day",
        "weekday-future",
        "yesterday",
        "this-afternoon",
        "today",
        "last-month",
        "late-last-month",
        "earlier-this-month",
        "last-november",
        "weeks-ago",
        "numeric",
        "before-coming-is-past",
        "planned-adjective-is-past",
        "the-coming-week-is-future",
    ],
)
def test_find_dates_resolves(text: str, value: str, precision: str, expression: str) -> None:
    found = _dates(text)
    assert [(m.value, m.precision, m.expression) for m in found] == [(value, precision, expression)]
    assert all(text[m.start : m.end] == m.text for m in found)


@pytest.mark.parametrize(
    ("text", "offset", "precision"),
    [
        ("A week earlier, the minister visited Sylvania.", -7, "week"),
        ("The day before, they spoke.", -1, "day"),
        ("Two days later, they signed.", 2, "day"),
        ("Earlier in the day, he was welcomed.", 0, "day"),
    ],
    ids=["week-earlier", "day-before", "days-later", "earlier-in-the-day"],
)
def test_find_dates_anaphoric_carries_offset(text: str, offset: int, precision: str) -> None:
    (m,) = _dates(text)
    assert (m.expression, m.number, m.unit, m.precision) == ("anaphoric", offset, "day", precision)


def test_resolve_offset_anchors_on_event_date() -> None:
    assert resolve_offset("2025-10-28", -7, "week") == "2025-10-21"


def test_find_dates_year_only_has_year_precision() -> None:
    (m,) = _dates("He first came in 2010.")
    assert (m.value, m.precision) == ("2010-01-01", "year")


@pytest.mark.parametrize(
    "text", ["They met on Tuesday.", "They met on 4 May.", "It was in September."], ids=str
)
def test_find_dates_no_year_knowable_gives_no_date(text: str) -> None:
    assert _dates(text, published=None) == []


@pytest.mark.parametrize(
    "text",
    ["It cost $30 and rose 7%.", "Trade reached $30.68 billion.", "At 10:45 a.m. sharp."],
    ids=str,
)
def test_find_dates_never_reads_money_or_percent(text: str) -> None:
    assert _dates(text) == []


def test_find_dates_dateline_is_the_reference() -> None:
    text = "KAZAN, Oct 23 -- The leaders met on Wednesday."
    found = _dates(text, published=dt.date(2024, 10, 24))
    assert [(m.expression, m.value) for m in found] == [
        ("dateline", "2024-10-23"),
        ("relative", "2024-10-23"),
    ]


def test_find_dates_past_perfect_weekday_is_past() -> None:
    text = "The tariffs, which he had signed on Saturday, were due to start on Tuesday."
    found = _dates(text, published=dt.date(2025, 2, 3))
    assert [m.value for m in found] == ["2025-02-01", "2025-02-04"]


# Every alternative of the patterns that open with a first-character look-ahead, in several
# casings: the look-ahead must list the first character of each (a stale class drops matches).
_LOOKAHEAD_SAMPLES = (
    "They will meet. She shall go. They'll sign. It is due to open, scheduled and expected. "
    "He plans to, they plan to and planned to or planned for it; set to, is to, are to, going "
    "to, intends to, intend to; next week, the upcoming talks, the coming days, this coming "
    "week. Last year, two weeks ago, earlier, previous, previously, had, was, were, did, said, "
    "met and held. From Monday, next Tuesday, coming Friday, upcoming Sunday, until Monday, "
    "till Friday. Early last week, late this month, earlier this year, later next week, last "
    "week, this weekend, next month, past year. Two days later, a week earlier, an hour, a few "
    "days before, several months after, few years previously, 3 days later, days later, one "
    "day, three, four, five, six, seven, eight, nine, ten, eleven and twelve weeks earlier. "
    "Then days later, so weeks after, then months before, and years earlier."
)


def test_date_lookaheads_list_every_first_character() -> None:
    import re

    from parley.annotate import dates

    opened = [dates._FUTURE, dates._PAST, dates._FUTURE_PREP]
    opened += [p for p, _h, _g in dates._PATTERNS if p.pattern.startswith(r"\b(?=[")]
    assert len(opened) == 5
    texts = [_LOOKAHEAD_SAMPLES, _LOOKAHEAD_SAMPLES.upper(), _LOOKAHEAD_SAMPLES.lower()]
    for pattern in opened:
        plain = re.compile(re.sub(r"^\\b\(\?=\[[^\]]*\]\)", r"\\b", pattern.pattern), pattern.flags)
        assert plain.pattern != pattern.pattern
        for text in texts:
            spans = [m.span() for m in pattern.finditer(text)]
            assert spans == [m.span() for m in plain.finditer(text)]
            ends = range(len(text) + 1)  # the $-anchored prefix test
            assert [bool(pattern.search(text, 0, k)) for k in ends] == [
                bool(plain.search(text, 0, k)) for k in ends
            ]
