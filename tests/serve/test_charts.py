"""SVG charts: right shapes for the data, and labels from data are escaped."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.analytics import DyadStat, TimelinePoint
from parley.serve.charts import network_svg, period_label, timeline_svg


def dyad(source: str, target: str, events: int, conflict: int = 0) -> DyadStat:
    return DyadStat(
        source=source,
        target=target,
        events=events,
        cooperation=events - conflict,
        conflict=conflict,
        verbal_cooperation=events - conflict,
        material_cooperation=0,
        verbal_conflict=conflict,
        material_conflict=0,
        goldstein=0.0,
        visits=0,
    )


def test_timeline_draws_cooperation_and_conflict_bars() -> None:
    points = [
        TimelinePoint(
            period=dt.date(2025, 9, 1), events=3, verbal_cooperation=2, verbal_conflict=1
        ),
        TimelinePoint(period=dt.date(2025, 10, 1)),
    ]
    svg = str(timeline_svg(points, "month", href=lambda p: f"/events?since={p.period}&x=<y>"))
    assert svg.count("<rect") == 2
    assert "Sep 2025: 3 events (2 cooperation, 1 conflict" in svg
    assert "x=&lt;y&gt;" in svg and "x=<y>" not in svg


def test_timeline_without_events_says_so() -> None:
    assert "No dated events" in str(timeline_svg([], "month"))


def test_network_escapes_codes_and_links_nodes() -> None:
    svg = str(network_svg([dyad("<s>", "KAZ", 3, conflict=3)], href=lambda c: f"/countries/{c}"))
    assert "<s>" not in svg and "&lt;s&gt;" in svg
    assert 'stroke="#c2362f"' in svg  # all conflict: red


def test_network_puts_focus_in_the_middle() -> None:
    svg = str(network_svg([dyad("KAZ", "CHN", 2), dyad("RUS", "KAZ", 1)], focus="KAZ", size=400))
    assert '<circle cx="200.0" cy="200.0"' in svg


@pytest.mark.parametrize(
    ("interval", "label"),
    [("day", "8 Oct"), ("week", "w/c 8 Oct"), ("month", "Oct 2025"), ("year", "2025")],
    ids=["day", "week", "month", "year"],
)
def test_period_label(interval: str, label: str) -> None:
    assert period_label(dt.date(2025, 10, 8), interval) == label
