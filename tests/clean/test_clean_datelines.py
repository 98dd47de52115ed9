"""Datelines are recorded (place and resolved date) and left in the cleaned text."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.clean import clean_document, resolve_month_day
from parley.models import Document

PUB = dt.date(2024, 12, 1)


@pytest.mark.parametrize(
    ("lead", "place", "date"),
    [
        ("ASTANA, Sept 16 (SWS) -- Talks began.", "ASTANA", dt.date(2024, 9, 16)),
        ("BEIJING, April 2 -- Talks began.", "BEIJING", dt.date(2024, 4, 2)),
        ("RIYADH -- Talks began.", "RIYADH", None),
        ("New Delhi: India on Monday signed a deal.", "New Delhi", None),
        ("Berlin. After the attack the ministry acted.", "Berlin", None),
        (
            "Guwahati/New Delhi, March 30: India sent aid.",
            "Guwahati/New Delhi",
            dt.date(2024, 3, 30),
        ),
        ("KAZAN, Russia, Oct 23 (PPW) -- Leaders met.", "KAZAN, Russia", dt.date(2024, 10, 23)),
        ("Cairo, 17 March 2024\n\nThe ceremony was held today.", "Cairo", dt.date(2024, 3, 17)),
        ("BAKU/ALMATY, Oct 15 (CMW) -- The tenge eased.", "BAKU/ALMATY", dt.date(2024, 10, 15)),
        ("MEXICO CITY, Feb 3 (MNA) -- The president spoke.", "MEXICO CITY", dt.date(2024, 2, 3)),
        ("BRASÍLIA -- The president received his guest.", "BRASÍLIA", None),
        ("LONDON (Wire) - The prime minister spoke.", "LONDON", None),
        ("RIO DE JANEIRO, Nov 18 -- Leaders gathered.", "RIO DE JANEIRO", dt.date(2024, 11, 18)),
        ("Freedonia City, May 14: The talks ended.", "Freedonia City", dt.date(2024, 5, 14)),
    ],
    ids=lambda v: v.split(" ")[0] if isinstance(v, str) and len(v) > 20 else "",
)
def test_clean_document_dateline_recorded_and_kept(
    lead: str, place: str, date: dt.date | None
) -> None:
    raw = f"{lead}\n\nMore text follows here.\n"
    result = clean_document(Document(id="t", raw=raw, published=PUB, format="json"))
    assert (result.dateline, result.dateline_date) == (place, date)
    assert result.text.startswith(lead)


@pytest.mark.parametrize(
    "lead",
    [
        "Mr. Example said the talks had gone well.",
        "Freedonia and Sylvania held talks on Monday.",
        "Update: the talks were postponed.",
        "Yes. The minister confirmed it.",
        "The president said: we will talk again.",
        "In 2024 -- a year of elections -- the talks stalled.",
    ],
    ids=["mr", "plain", "update", "yes", "colon-later", "dash-later"],
)
def test_clean_document_no_dateline(lead: str) -> None:
    result = clean_document(Document(id="t", raw=lead, published=PUB, format="json"))
    assert result.dateline is None and result.dateline_date is None


def test_clean_document_dateline_after_removed_byline() -> None:
    raw = "By Ann Example\n\nMANILA -- The two sides signed a pact.\n"
    result = clean_document(Document(id="t", raw=raw, published=PUB, format="json"))
    assert result.dateline == "MANILA"
    assert result.text.startswith("MANILA --")


def test_clean_document_dateline_without_published_has_no_date() -> None:
    raw = "ASTANA, Sept 16 (SWS) -- Talks began."
    result = clean_document(Document(id="t", raw=raw, format="json"))
    assert (result.dateline, result.dateline_date) == ("ASTANA", None)


@pytest.mark.parametrize(
    ("month", "day", "year", "published", "expected"),
    [
        (12, 31, None, dt.date(2025, 1, 2), dt.date(2024, 12, 31)),
        (1, 2, None, dt.date(2024, 12, 31), dt.date(2025, 1, 2)),
        (9, 16, None, dt.date(2024, 9, 17), dt.date(2024, 9, 16)),
        (3, 17, 2024, None, dt.date(2024, 3, 17)),
        (2, 29, None, dt.date(2024, 3, 1), dt.date(2024, 2, 29)),
        (9, 20, None, dt.date(2024, 9, 16), dt.date(2023, 9, 20)),
        (2, 30, None, dt.date(2024, 3, 1), None),
        (5, 4, None, None, None),
    ],
    ids=[
        "dec-in-jan",
        "jan-in-dec",
        "day-before",
        "year-given",
        "leap-day",
        "not-ahead",
        "impossible",
        "no-anchor",
    ],
)
def test_resolve_month_day_year_wrap(
    month: int, day: int, year: int | None, published: dt.date | None, expected: dt.date | None
) -> None:
    assert resolve_month_day(month, day, year, published) == expected


_CAPTIONED = (
    "Ruritania's Anna Berg and Sylvania's Ivo Lenz in Tarnov, Sylvania. {date}\n"
    "MFA RU -X\n\n"
    "Anna Berg met Ivo Lenz in Tarnov, where the two held talks on trade."
)


@pytest.mark.parametrize(
    ("date", "published", "expected"),
    [
        ("3rd Mar 2025.", None, dt.date(2025, 3, 3)),
        ("March 3, 2025.", None, dt.date(2025, 3, 3)),
        ("3rd Mar 2025.", PUB, None),
    ],
    ids=["caption-date", "caption-us-order", "published-wins"],
)
def test_clean_document_page_date_from_removed_caption(
    date: str, published: dt.date | None, expected: dt.date | None
) -> None:
    doc = Document(id="t", raw=_CAPTIONED.format(date=date), published=published, format="json")
    result = clean_document(doc)
    assert result.text.startswith("Anna Berg met")
    assert result.dateline_date == expected


def test_clean_document_page_date_needs_a_year() -> None:
    raw = "Photo: Anna Berg in Tarnov on 3rd Mar.\n\nAnna Berg met Ivo Lenz in Tarnov."
    result = clean_document(Document(id="t", raw=raw, format="json"))
    assert result.text.startswith("Anna Berg met")
    assert result.dateline_date is None
