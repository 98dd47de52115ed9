"""Analytics over a real store: timelines, dyads, balance of engagement, actors, role ranks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from parley import analytics
from parley.errors import ConfigError, StoreError
from parley.serve.sample import build_sample_store

D = dt.date


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    path = build_sample_store(tmp_path_factory.mktemp("analytics") / "sample.duckdb")
    with analytics.open_readonly(path) as connection:
        yield connection


@pytest.mark.parametrize(
    ("interval", "periods", "counts"),
    [
        ("month", [D(2025, 9, 1), D(2025, 10, 1), D(2025, 11, 1)], [1, 2, 1]),
        ("year", [D(2025, 1, 1)], [4]),
    ],
    ids=["month", "year"],
)
def test_timeline_counts_per_period(
    con: duckdb.DuckDBPyConnection, interval: str, periods: list[dt.date], counts: list[int]
) -> None:
    result = analytics.timeline(con, country="KAZ", interval=interval)
    assert [p.period for p in result.points] == periods
    assert [p.events for p in result.points] == counts
    assert result.total == 4


def test_timeline_weeks_start_on_monday_and_fill_gaps(con: duckdb.DuckDBPyConnection) -> None:
    result = analytics.timeline(con, dyad=("KAZ", "RUS"), interval="week", until=D(2025, 11, 2))
    assert result.points[0].period == D(2025, 10, 20)  # Tuesday 21 Oct -> week of Monday 20
    assert all(p.period.weekday() == 0 for p in result.points)
    assert [p.events for p in result.points] == [1, 0]


def test_timeline_splits_quad_classes(con: duckdb.DuckDBPyConnection) -> None:
    (point,) = analytics.timeline(con, country="SYL", interval="year").points
    assert (point.verbal_conflict, point.material_conflict) == (1, 1)
    assert point.goldstein == -6.0


def test_dyads_are_directed_with_cooperation_and_conflict(con: duckdb.DuckDBPyConnection) -> None:
    stats = {(d.source, d.target): d for d in analytics.dyads(con)}
    assert stats[("FRD", "KAZ")].events == 2
    assert stats[("FRD", "KAZ")].visits == 1
    assert stats[("SYL", "RRT")].conflict == 1
    assert stats[("SYL", "RRT")].material_conflict == 1
    assert ("KAZ", "FRD") not in stats


def test_balance_counts_visits_and_shares(con: duckdb.DuckDBPyConnection) -> None:
    result = analytics.balance(con, "KAZ", ["RUS", "CHN", "FRD"])
    october = {c.partner: c for c in result.rows if c.period == D(2025, 10, 1)}
    assert (october["RUS"].visits_out, october["CHN"].visits_out) == (1, 1)
    assert october["CHN"].share == 0.5
    assert october["FRD"].events == 0
    totals = {t.partner: t for t in result.totals}
    assert totals["FRD"].visits_in == 1
    assert totals["FRD"].top_official is not None
    assert totals["FRD"].top_official.level == "head of state"
    assert sum(t.share for t in result.totals) == pytest.approx(1.0, abs=1e-3)


def test_balance_with_no_events_is_empty(con: duckdb.DuckDBPyConnection) -> None:
    result = analytics.balance(con, "KAZ", ["USA"])
    assert result.periods == ()
    assert result.totals[0].events == 0


@pytest.mark.parametrize(
    ("on", "country", "names"),
    [
        (D(2025, 10, 28), "SYL", ["Flavia Elphberg"]),
        (D(2024, 1, 1), "SYL", ["Ruprecht Hentzau"]),
        (D(2025, 10, 28), "KAZ", ["Yermek Kosherbayev"]),
        (D(2025, 8, 1), "KAZ", []),
    ],
    ids=["successor", "predecessor", "learned-role", "not-yet-in-office"],
)
def test_actors_hold_roles_on_a_date(
    con: duckdb.DuckDBPyConnection, on: dt.date, country: str, names: list[str]
) -> None:
    assert [a.name for a in analytics.actors(con, on=on, country=country)] == names


def test_actors_name_filter_and_ranking(con: duckdb.DuckDBPyConnection) -> None:
    people = analytics.actors(con, on=D(2025, 12, 1))
    assert people[0].name == "Rufus Firefly"  # a head of state first
    assert [a.name for a in analytics.actors(con, on=D(2025, 12, 1), name="WANG")] == ["Wang Yi"]


@pytest.mark.parametrize(
    ("role", "rank"),
    [
        ("President", 1),
        ("Prime Minister", 2),
        ("Minister of Foreign Affairs", 3),
        ("Member of the Politburo and Minister of Foreign Affairs", 3),
        ("Deputy Prime Minister", 4),
        ("Ambassador", 5),
        ("poet", None),
        (None, None),
    ],
    ids=["president", "pm", "fm", "compound", "deputy-pm", "ambassador", "unknown", "none"],
)
def test_role_rank_uses_the_knowledge_table(role: str | None, rank: int | None) -> None:
    assert analytics.role_rank(role) == rank


@pytest.mark.parametrize(
    "call",
    [
        lambda c: analytics.timeline(c, interval="fortnight"),
        lambda c: analytics.timeline(c, event_type="HUG"),
        lambda c: analytics.timeline(c, since=D(2025, 2, 1), until=D(2025, 1, 1)),
        lambda c: analytics.timeline(c, interval="day", since=D(1900, 1, 1), until=D(2025, 1, 1)),
        lambda c: analytics.balance(c, "KAZAKHSTAN", ["RUS"]),
        lambda c: analytics.balance(c, "KAZ", []),
        lambda c: analytics.dyads(c, country="K"),
    ],
    ids=["interval", "type", "range", "too-many-periods", "country", "no-partners", "dyad-country"],
)
def test_bad_arguments_raise_config_errors(con: duckdb.DuckDBPyConnection, call: object) -> None:
    with pytest.raises(ConfigError):
        call(con)  # type: ignore[operator]


def test_parse_dyad_and_partners() -> None:
    assert analytics.parse_dyad("kaz-chn") == ("KAZ", "CHN")
    assert analytics.parse_partners("RUS, chn,RUS") == ("RUS", "CHN")
    with pytest.raises(ConfigError, match="KAZ-CHN"):
        analytics.parse_dyad("KAZ")


def test_open_readonly_names_a_missing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="parley run"):
        analytics.open_readonly(tmp_path / "none.duckdb")


def test_balance_on_the_seeds_shows_both_october_visits(seeds_dir: Path, tmp_path: Path) -> None:
    from parley.pipeline import run

    db = tmp_path / "seeds.duckdb"
    run([str(seeds_dir)], str(db), workers=1)
    with analytics.open_readonly(db) as seeds:
        result = analytics.balance(seeds, "KAZ", ["RUS", "CHN"])
    october = {c.partner: c.visits_out for c in result.rows if c.period == D(2025, 10, 1)}
    assert october == {"RUS": 1, "CHN": 1}
