"""Analytics over the event store: timelines, dyad networks, balance of engagement, actors.

Every function is one or two parameterised SQL aggregates over the store's tables (``events``,
``event_actors``, ``role_assertions``), so they stay fast on 100k+ events; Python only fills
empty periods and ranks officials. They take an open DuckDB connection (read-only is enough)::

    >>> con = open_readonly("parley.duckdb")
    >>> balance(con, "KAZ", ["RUS", "CHN"], interval="month").rows[0]
    BalanceCell(period=datetime.date(2025, 10, 1), partner='CHN', events=1, ... visits_out=1 ...)

The CLI commands ``parley timeline|dyads|balance|actors`` and the REST API call these functions
and nothing else.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import duckdb
from pydantic import BaseModel, ConfigDict

from parley.errors import ConfigError, KnowledgeError, StoreError
from parley.models import CONSULT_MODES, PLOVER_TYPES

__all__ = [
    "INTERVALS",
    "ActorRole",
    "Balance",
    "BalanceCell",
    "BalanceTotal",
    "DyadStat",
    "Official",
    "Summary",
    "Timeline",
    "TimelinePoint",
    "actors",
    "balance",
    "check_country",
    "dyads",
    "open_readonly",
    "parse_dyad",
    "parse_partners",
    "role_level",
    "role_rank",
    "summary",
    "timeline",
]

Interval = Literal["day", "week", "month", "year"]
INTERVALS: tuple[str, ...] = ("day", "week", "month", "year")
_COUNTRY = re.compile(r"^[A-Z]{3}$")
_MAX_PERIODS = 5000
# The store keeps only full days in ``date``; a month- or year-precision event ("2025-09")
# is placed on the first day of its period so timelines and balances still count it.
_DAY = (
    "coalesce(date, TRY_CAST(date_text || '-01' AS DATE), TRY_CAST(date_text || '-01-01' AS DATE))"
)


class _Result(BaseModel):
    """Base of analytics results: immutable, serialisable to JSON as they are."""

    model_config = ConfigDict(frozen=True)


class TimelinePoint(_Result):
    """Events in one period; quad classes split cooperation from conflict."""

    period: dt.date
    events: int = 0
    verbal_cooperation: int = 0
    material_cooperation: int = 0
    verbal_conflict: int = 0
    material_conflict: int = 0
    goldstein: float = 0.0


class Timeline(_Result):
    """Event counts per period (empty periods included) for the chosen filters."""

    interval: str
    points: tuple[TimelinePoint, ...]
    undated: int = 0
    total: int = 0


class DyadStat(_Result):
    """One directed pair of countries (source → target) and how they dealt with each other."""

    source: str
    target: str
    events: int
    cooperation: int
    conflict: int
    verbal_cooperation: int
    material_cooperation: int
    verbal_conflict: int
    material_conflict: int
    goldstein: float
    visits: int


class Official(_Result):
    """The highest-ranking official seen in a set of events (rank 1 = head of state)."""

    name: str
    role: str | None
    country: str | None
    rank: int | None
    level: str


class BalanceCell(_Result):
    """Engagement of the focal country with one partner in one period."""

    period: dt.date
    partner: str
    events: int = 0
    share: float = 0.0
    cooperation: int = 0
    conflict: int = 0
    goldstein: float = 0.0
    visits_out: int = 0
    visits_in: int = 0
    top_official: Official | None = None


class BalanceTotal(_Result):
    """Engagement with one partner over the whole range."""

    partner: str
    events: int
    share: float
    visits_out: int
    visits_in: int
    top_official: Official | None = None


class Balance(_Result):
    """A country's balance of engagement with chosen partners over time."""

    country: str
    partners: tuple[str, ...]
    interval: str
    periods: tuple[dt.date, ...]
    rows: tuple[BalanceCell, ...]
    totals: tuple[BalanceTotal, ...]


class ActorRole(_Result):
    """A person, the role they held on a date, and how many stored events involve them."""

    name: str
    role: str | None
    country: str | None
    sector: str | None = None
    since: dt.date | None = None
    as_of: dt.date | None = None
    events: int = 0
    rank: int | None = None
    level: str = "unknown"
    learned_from: str | None = None  # doc id of the role assertion, if any


class Summary(_Result):
    """Headline numbers of a store."""

    events: int
    documents: int
    countries: int
    first_date: dt.date | None
    last_date: dt.date | None
    multi_source_events: int


# --------------------------------------------------------------------------- validation


def open_readonly(path: Path | str) -> duckdb.DuckDBPyConnection:
    """Open a store file read-only for queries (DuckDB allows many readers, one writer).

    Args:
        path: the ``.duckdb`` file written by ``parley run``.

    Returns:
        A read-only DuckDB connection.

    Raises:
        StoreError: the file is missing or cannot be opened.
    """
    p = Path(path)
    if not p.is_file():
        raise StoreError(
            f"no store at '{p}'.",
            fix="Build one first with `parley run PATH --db FILE`, or pass the right --db.",
        )
    try:
        return duckdb.connect(str(p), read_only=True)
    except duckdb.Error as err:
        raise StoreError(
            f"cannot open the store '{p}' read-only: {err}.",
            fix="Close any program writing to it (only one writer is allowed), then retry.",
        ) from err


def check_country(code: str, what: str = "country") -> str:
    """Validate a country code (ISO 3166-1 alpha-3 or EUU/UNO/IGO), normalising case.

    Args:
        code: e.g. ``kaz`` or ``KAZ``.
        what: the name of the option, for the message.

    Returns:
        The upper-case code.

    Raises:
        ConfigError: the code is not three letters.
    """
    norm = code.strip().upper()
    if not _COUNTRY.match(norm):
        raise ConfigError(
            f"bad {what} code {code!r}: expected three letters.",
            fix="Use ISO 3166-1 alpha-3 codes (KAZ, CHN, USA), EUU, UNO or IGO.",
        )
    return norm


def parse_dyad(text: str) -> tuple[str, str]:
    """Parse ``KAZ-CHN`` (or ``KAZ,CHN``) into a pair of country codes.

    Args:
        text: two codes joined by ``-``, ``,`` or ``>``.

    Returns:
        The two upper-case codes.

    Raises:
        ConfigError: not two valid codes.
    """
    parts = [p for p in re.split(r"[-,>/]", text) if p.strip()]
    if len(parts) != 2:
        raise ConfigError(
            f"bad dyad {text!r}: expected two country codes such as KAZ-CHN.",
            fix="Write the pair as SOURCE-TARGET, e.g. --dyad KAZ-CHN.",
        )
    return check_country(parts[0], "dyad"), check_country(parts[1], "dyad")


def parse_partners(text: str | Iterable[str]) -> tuple[str, ...]:
    """Parse a partner list (``RUS,CHN,USA`` or an iterable of codes).

    Args:
        text: comma-separated codes, or codes.

    Returns:
        Unique upper-case codes in the given order.

    Raises:
        ConfigError: the list is empty or holds a bad code.
    """
    items = text.split(",") if isinstance(text, str) else list(text)
    codes = tuple(dict.fromkeys(check_country(c, "partner") for c in items if c.strip()))
    if not codes:
        raise ConfigError(
            "no partners given.", fix="List partner countries, e.g. --partners RUS,CHN,USA."
        )
    return codes


def _check_interval(interval: str) -> str:
    if interval not in INTERVALS:
        raise ConfigError(
            f"unknown interval {interval!r}.", fix=f"Choose one of: {', '.join(INTERVALS)}."
        )
    return interval


def _check_type(event_type: str | None) -> str | None:
    if event_type is None:
        return None
    norm = event_type.strip().upper()
    if norm not in PLOVER_TYPES:
        raise ConfigError(
            f"unknown event type {event_type!r}.",
            fix=f"Choose one of the PLOVER types: {', '.join(PLOVER_TYPES)}.",
        )
    return norm


def _check_range(since: dt.date | None, until: dt.date | None) -> None:
    if since and until and since > until:
        raise ConfigError(
            f"the date range is empty: since {since} is after until {until}.",
            fix="Swap the two dates.",
        )


# --------------------------------------------------------------------------- filters


def _filters(
    *,
    country: str | None = None,
    dyad: tuple[str, str] | None = None,
    event_type: str | None = None,
    mode: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    any_actor: bool = False,
) -> tuple[str, list[Any]]:
    """WHERE clause of fixed fragments; every user value travels as a parameter."""
    clauses: list[str] = []
    params: list[Any] = []
    if country is not None and any_actor:
        # As Store.query_events does: the country may be a party or any coded actor.
        clauses.append(
            "(source_country = ? OR target_country = ? OR id IN "
            "(SELECT event_id FROM event_actors WHERE country = ?))"
        )
        params += [country, country, country]
    elif country is not None:
        clauses.append("(source_country = ? OR target_country = ?)")
        params += [country, country]
    if dyad is not None:
        clauses.append(
            "((source_country = ? AND target_country = ?) "
            "OR (source_country = ? AND target_country = ?))"
        )
        params += [dyad[0], dyad[1], dyad[1], dyad[0]]
    if event_type is not None:
        clauses.append("event_type = ?")
        params.append(event_type)
    if mode is not None:
        clauses.append("mode = ?")
        params.append(mode)
    if since is not None:
        clauses.append(f"{_DAY} >= ?")
        params.append(since)
    if until is not None:
        clauses.append(f"{_DAY} <= ?")
        params.append(until)
    return (" AND ".join(clauses) or "TRUE"), params


def _query(
    con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any]
) -> list[tuple[Any, ...]]:
    try:
        return con.execute(sql, list(params)).fetchall()
    except duckdb.CatalogException as err:
        raise StoreError(
            f"the store has no event tables ({err}).",
            fix="Open a file written by `parley run`, or re-run the pipeline into it.",
        ) from err


# --------------------------------------------------------------------------- periods


def period_start(day: dt.date, interval: str) -> dt.date:
    """The first day of the period (ISO week starts Monday) that contains ``day``.

    Args:
        day: any date.
        interval: one of :data:`INTERVALS`.

    Returns:
        The period's first day.
    """
    if interval == "day":
        return day
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def _next_period(day: dt.date, interval: str) -> dt.date:
    if interval == "day":
        return day + dt.timedelta(days=1)
    if interval == "week":
        return day + dt.timedelta(days=7)
    if interval == "month":
        return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return dt.date(day.year + 1, 1, 1)


def _periods(first: dt.date, last: dt.date, interval: str) -> list[dt.date]:
    """Every period between two dates, so charts show the gaps as zeros."""
    out: list[dt.date] = []
    cur = period_start(first, interval)
    end = period_start(last, interval)
    while cur <= end:
        out.append(cur)
        if len(out) > _MAX_PERIODS:
            raise ConfigError(
                f"the range {first}..{last} has more than {_MAX_PERIODS} {interval} periods.",
                fix="Choose a longer interval (week, month, year) or a shorter range.",
            )
        cur = _next_period(cur, interval)
    return out


# --------------------------------------------------------------------------- timeline

_QUADS = (
    "count(*) FILTER (WHERE quad_class = 1), count(*) FILTER (WHERE quad_class = 2), "
    "count(*) FILTER (WHERE quad_class = 3), count(*) FILTER (WHERE quad_class = 4), "
    "coalesce(sum(goldstein), 0)"
)


def timeline(
    con: duckdb.DuckDBPyConnection,
    *,
    country: str | None = None,
    dyad: tuple[str, str] | None = None,
    event_type: str | None = None,
    mode: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    interval: str = "month",
) -> Timeline:
    """Count events per day/week/month/year for a country, a dyad or an event type.

    Args:
        con: an open store connection.
        country: events with this country as source, target or any other actor.
        dyad: events between the two countries, in either direction.
        event_type: a PLOVER type (``CONSULT``...).
        mode: a PLOVER mode (``visit``...).
        since: first day included.
        until: last day included.
        interval: ``day``, ``week`` (ISO, from Monday), ``month`` or ``year``.

    Returns:
        A :class:`Timeline` with one point per period from the first to the last (empty
        periods count zero); undated events are counted apart.

    Raises:
        ConfigError: a bad interval, type or range.

    Example:
        >>> timeline(con, country="KAZ", interval="month").points[0].events
        2
    """
    _check_interval(interval)
    _check_range(since, until)
    where, params = _filters(
        country=None if country is None else check_country(country),
        any_actor=True,
        dyad=dyad,
        event_type=_check_type(event_type),
        mode=mode,
        since=since,
        until=until,
    )
    rows = _query(
        con,
        f"SELECT CAST(date_trunc(?, {_DAY}) AS DATE) AS p, count(*), {_QUADS} "
        f"FROM events WHERE {where} AND {_DAY} IS NOT NULL GROUP BY p ORDER BY p",
        [interval, *params],
    )
    undated = 0
    if since is None and until is None:
        found = _query(con, f"SELECT count(*) FROM events WHERE {where} AND {_DAY} IS NULL", params)
        undated = int(found[0][0])
    by_period = {r[0]: r for r in rows}
    points: list[TimelinePoint] = []
    if rows or (since and until):
        first = since or rows[0][0]
        last = until or rows[-1][0]
        for period in _periods(first, last, interval):
            r = by_period.get(period)
            if r is None:
                points.append(TimelinePoint(period=period))
                continue
            points.append(
                TimelinePoint(
                    period=period,
                    events=r[1],
                    verbal_cooperation=r[2],
                    material_cooperation=r[3],
                    verbal_conflict=r[4],
                    material_conflict=r[5],
                    goldstein=round(float(r[6]), 3),
                )
            )
    total = sum(p.events for p in points) + undated
    return Timeline(interval=interval, points=tuple(points), undated=undated, total=total)


# --------------------------------------------------------------------------- dyads


def dyads(
    con: duckdb.DuckDBPyConnection,
    *,
    country: str | None = None,
    event_type: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 50,
) -> list[DyadStat]:
    """The dyad network: directed country pairs with counts by quad class and Goldstein sums.

    Args:
        con: an open store connection.
        country: only pairs with this country on either side.
        event_type: only this PLOVER type.
        since: first day included.
        until: last day included.
        limit: at most this many pairs, the busiest first.

    Returns:
        :class:`DyadStat` rows sorted by event count (then by pair).

    Example:
        >>> dyads(con, country="KAZ")[0].target
        'CHN'
    """
    _check_range(since, until)
    where, params = _filters(
        country=None if country is None else check_country(country),
        event_type=_check_type(event_type),
        since=since,
        until=until,
    )
    rows = _query(
        con,
        "SELECT source_country, target_country, count(*), "
        f"{_QUADS}, count(*) FILTER (WHERE event_type = 'CONSULT' AND mode = 'visit') "
        f"FROM events WHERE {where} AND source_country IS NOT NULL "
        "AND target_country IS NOT NULL AND source_country <> target_country "
        "GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ?",
        [*params, max(1, int(limit))],
    )
    return [
        DyadStat(
            source=r[0],
            target=r[1],
            events=r[2],
            cooperation=r[3] + r[4],
            conflict=r[5] + r[6],
            verbal_cooperation=r[3],
            material_cooperation=r[4],
            verbal_conflict=r[5],
            material_conflict=r[6],
            goldstein=round(float(r[7]), 3),
            visits=r[8],
        )
        for r in rows
    ]


# --------------------------------------------------------------------------- role rank

_LEVEL_NAMES = {
    1: "head of state",
    2: "head of government",
    3: "minister",
    4: "deputy",
    5: "ambassador or envoy",
    6: "spokesperson",
}


@functools.cache
def _role_ranks() -> tuple[re.Pattern[str], dict[str, int]]:
    """Phrase -> rank from the knowledge file ``data/roles.tsv`` (read once, immutable)."""
    try:
        text = (resources.files("parley") / "data" / "roles.tsv").read_text(encoding="utf-8")
    except OSError as err:
        raise KnowledgeError(
            f"cannot read the role table parley/data/roles.tsv: {err}.",
            fix="Reinstall parley; the file ships with the package.",
        ) from err
    ranks: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        try:
            rank = int(cols[3])
        except (IndexError, ValueError) as err:
            raise KnowledgeError(
                f"parley/data/roles.tsv line {number}: the rank column (4th) is not a number.",
                fix="Give every role a rank from 1 (head of state) to 6 (spokesperson).",
            ) from err
        for phrase in [cols[5], *(cols[6].split("|") if len(cols) > 6 else [])]:
            key = phrase.strip().lower()
            if key:
                ranks[key] = min(rank, ranks.get(key, rank))
    alternation = "|".join(re.escape(p) for p in sorted(ranks, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE), ranks


@functools.lru_cache(maxsize=8192)
def role_rank(role: str | None) -> int | None:
    """Rank an office by the knowledge base's levels: 1 head of state ... 6 spokesperson.

    Args:
        role: a role title such as ``Deputy Foreign Minister``.

    Returns:
        The highest level (smallest number) of any role phrase in the title ("Member of the
        Politburo and Minister of Foreign Affairs" ranks as a minister, 3), or ``None`` when
        the title names no known office.

    Example:
        >>> role_rank("President"), role_rank("Deputy Prime Minister"), role_rank("poet")
        (1, 4, None)
    """
    if not role:
        return None
    pattern, ranks = _role_ranks()
    found = [ranks[m.group(0).lower()] for m in pattern.finditer(role)]
    return min(found) if found else None


def role_level(rank: int | None) -> str:
    """Name of a role rank ("head of state", "minister"...).

    Args:
        rank: from :func:`role_rank`.

    Returns:
        The level's name, ``unknown`` for ``None``.
    """
    return "unknown" if rank is None else _LEVEL_NAMES.get(rank, "unknown")


def _rank_key(rank: int | None) -> int:
    # Sort key: rank 1 first, unknown offices last.
    return 99 if rank is None else rank


def _official(name: str, role: str | None, country: str | None) -> Official:
    rank = role_rank(role)
    return Official(name=name, role=role, country=country, rank=rank, level=role_level(rank))


def _better(a: Official | None, b: Official | None) -> Official | None:
    # Highest rank wins; ties go to the alphabetically first name so output is stable.
    if a is None:
        return b
    if b is None:
        return a
    return a if (_rank_key(a.rank), a.name) <= (_rank_key(b.rank), b.name) else b


# --------------------------------------------------------------------------- balance


def balance(
    con: duckdb.DuckDBPyConnection,
    country: str,
    partners: Sequence[str],
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    interval: str = "month",
) -> Balance:
    """A country's balance of engagement with chosen partners over time.

    For each period and partner: events between the two (either direction), the partner's
    share of the period's events with all chosen partners, cooperation/conflict counts,
    visits each way (PLOVER CONSULT/visit: the visitor is the source), and the highest
    official involved (by :func:`role_rank`).

    Args:
        con: an open store connection.
        country: the focal country, e.g. ``KAZ``.
        partners: partner codes, e.g. ``["RUS", "CHN", "USA", "EUU"]``.
        since: first day included.
        until: last day included.
        interval: ``day``, ``week``, ``month`` or ``year``.

    Returns:
        A :class:`Balance` with a cell per (period, partner) and totals per partner.

    Raises:
        ConfigError: a bad code, interval or range.

    Example:
        >>> b = balance(con, "KAZ", ["RUS", "CHN"])
        >>> [(c.partner, c.visits_out) for c in b.rows]
        [('RUS', 1), ('CHN', 1)]
    """
    focal = check_country(country)
    chosen = parse_partners(partners)
    _check_interval(interval)
    _check_range(since, until)
    where, params = _filters(since=since, until=until)
    # One row per (period, partner) with every count; the partner is whichever side isn't us.
    base = (
        f"WITH e AS (SELECT id, event_type, mode, quad_class, goldstein, source_name, source_role, "
        "source_country, target_name, target_role, target_country, "
        f"CAST(date_trunc(?, {_DAY}) AS DATE) AS p, "
        "CASE WHEN source_country = ? THEN target_country ELSE source_country END AS partner, "
        "source_country = ? AS outgoing FROM events "
        f"WHERE {where} AND {_DAY} IS NOT NULL AND ("
        "(source_country = ? AND list_contains(?, target_country)) OR "
        "(target_country = ? AND list_contains(?, source_country))) "
        "AND source_country <> target_country) "
    )
    base_params = [interval, focal, focal, *params, focal, list(chosen), focal, list(chosen)]
    counts = _query(
        con,
        base + "SELECT p, partner, count(*), "
        "count(*) FILTER (WHERE quad_class IN (1, 2)), "
        "count(*) FILTER (WHERE quad_class IN (3, 4)), coalesce(sum(goldstein), 0), "
        "count(*) FILTER (WHERE event_type = 'CONSULT' AND mode = 'visit' AND outgoing), "
        "count(*) FILTER (WHERE event_type = 'CONSULT' AND mode = 'visit' AND NOT outgoing) "
        "FROM e GROUP BY 1, 2",
        base_params,
    )
    people = (
        base + ", people AS (SELECT p, partner, source_name AS name, source_role AS role, "
        "source_country AS country FROM e UNION ALL SELECT p, partner, target_name, "
        "target_role, target_country FROM e UNION ALL SELECT e.p, e.partner, a.name, a.role, "
        "a.country FROM e JOIN event_actors a ON a.event_id = e.id) "
    )
    # Ranks come from the knowledge table (Python); only the few distinct role titles travel
    # to SQL, which then keeps the best-ranked person per (period, partner).
    roles = [
        r[0]
        for r in _query(
            con, people + "SELECT DISTINCT role FROM people WHERE role IS NOT NULL", base_params
        )
    ]
    winners = _query(
        con,
        people + ", ranks AS (SELECT unnest(?::VARCHAR[]) AS role, unnest(?::INTEGER[]) AS rank) "
        "SELECT p, partner, arg_min(struct_pack(name, role, country), struct_pack(rank, name)) "
        "FROM people JOIN ranks USING (role) WHERE name IS NOT NULL GROUP BY 1, 2",
        [*base_params, roles, [_rank_key(role_rank(r)) for r in roles]],
    )
    top = {
        (period, partner): _official(who["name"], who["role"], who["country"])
        for period, partner, who in winners
    }
    cells = {(r[0], r[1]): r for r in counts}
    dates = sorted({r[0] for r in counts})
    periods: list[dt.date] = []
    if dates or (since and until):
        periods = _periods(since or dates[0], until or dates[-1], interval)
    rows: list[BalanceCell] = []
    for period in periods:
        in_period = sum(cells[(period, p)][2] for p in chosen if (period, p) in cells)
        for partner in chosen:
            r = cells.get((period, partner))
            if r is None:
                rows.append(BalanceCell(period=period, partner=partner))
                continue
            rows.append(
                BalanceCell(
                    period=period,
                    partner=partner,
                    events=r[2],
                    share=round(r[2] / in_period, 4) if in_period else 0.0,
                    cooperation=r[3],
                    conflict=r[4],
                    goldstein=round(float(r[5]), 3),
                    visits_out=r[6],
                    visits_in=r[7],
                    top_official=top.get((period, partner)),
                )
            )
    grand = sum(c.events for c in rows)
    totals = []
    for partner in chosen:
        mine = [c for c in rows if c.partner == partner]
        n = sum(c.events for c in mine)
        best: Official | None = None
        for c in mine:
            best = _better(best, c.top_official)
        totals.append(
            BalanceTotal(
                partner=partner,
                events=n,
                share=round(n / grand, 4) if grand else 0.0,
                visits_out=sum(c.visits_out for c in mine),
                visits_in=sum(c.visits_in for c in mine),
                top_official=best,
            )
        )
    return Balance(
        country=focal,
        partners=chosen,
        interval=interval,
        periods=tuple(periods),
        rows=tuple(rows),
        totals=tuple(totals),
    )


# --------------------------------------------------------------------------- actors


def actors(
    con: duckdb.DuckDBPyConnection,
    *,
    on: dt.date | None = None,
    country: str | None = None,
    name: str | None = None,
    limit: int = 100,
) -> list[ActorRole]:
    """People and the role each held on a date, with how many stored events involve them.

    The role comes from the latest role assertion parley read on or before ``on`` ("appointed
    in September", "Kazakhstan's Minister of Foreign Affairs X"); someone whose office (same
    title, same country) was later asserted for another person is no longer listed. People
    with no assertion get the role they were coded with in their latest event up to ``on``.

    Args:
        con: an open store connection.
        on: the date (default: today).
        country: only people of this country.
        name: only names containing this text (case-insensitive).
        limit: at most this many people, highest office first.

    Returns:
        :class:`ActorRole` rows sorted by rank, then event count, then name.

    Example:
        >>> actors(con, country="CHN", on=dt.date(2025, 10, 28))[0].name
        'Wang Yi'
    """
    day = on or dt.date.today()
    code = None if country is None else check_country(country)
    needle = None if not name else name.strip().lower()
    rows = _query(
        con,
        f"""
        WITH asserted AS (
            SELECT person AS name, role, country, sector, since, as_of, doc_id,
                   coalesce(since, as_of) AS start
            FROM role_assertions
            WHERE coalesce(since, as_of) IS NULL OR coalesce(since, as_of) <= ?
            QUALIFY row_number() OVER (
                PARTITION BY person, country ORDER BY start DESC NULLS LAST, doc_id) = 1
        ),
        superseded AS (
            SELECT s.name, s.country FROM asserted s JOIN asserted t
              ON t.country = s.country AND lower(t.role) = lower(s.role)
             AND t.name <> s.name AND t.start > s.start
            WHERE NOT regexp_matches(lower(s.role), 'deputy|vice|member|ambassador|adviser')
        ),
        current AS (
            SELECT * FROM asserted ANTI JOIN superseded USING (name, country)
        ),
        dated AS (SELECT id, {_DAY} AS day FROM events),
        counted AS (
            SELECT a.name, a.country, count(DISTINCT a.event_id) AS n,
                   arg_max(a.role, coalesce(e.day, DATE '0001-01-01')) AS role,
                   arg_max(a.sector, coalesce(e.day, DATE '0001-01-01')) AS sector
            FROM event_actors a JOIN dated e ON e.id = a.event_id
            WHERE e.day IS NULL OR e.day <= ?
            GROUP BY a.name, a.country
        ),
        joined AS (
            SELECT coalesce(s.name, c.name) AS name, coalesce(s.role, c.role) AS role,
                   coalesce(s.country, c.country) AS country,
                   coalesce(s.sector, c.sector) AS sector,
                   s.since, s.as_of, coalesce(c.n, 0) AS n, s.doc_id
            FROM current s FULL OUTER JOIN counted c
              ON s.name = c.name AND s.country IS NOT DISTINCT FROM c.country
        )
        SELECT * FROM joined
        WHERE (CAST(? AS VARCHAR) IS NULL OR country = ?)
          AND (CAST(? AS VARCHAR) IS NULL OR contains(lower(name), ?))
          AND (name, country) NOT IN (SELECT (name, country) FROM superseded)
        """,
        [day, day, code, code, needle, needle],
    )
    ranked = sorted(rows, key=lambda r: (_rank_key(role_rank(r[1])), -r[6], r[0]))
    out: list[ActorRole] = []
    for r in ranked[: max(1, int(limit))]:
        rank = role_rank(r[1])
        out.append(
            ActorRole(
                name=r[0],
                role=r[1],
                country=r[2],
                sector=r[3],
                since=r[4],
                as_of=r[5],
                events=int(r[6]),
                rank=rank,
                level=role_level(rank),
                learned_from=r[7],
            )
        )
    return out


# --------------------------------------------------------------------------- summary


def summary(con: duckdb.DuckDBPyConnection) -> Summary:
    """Headline numbers of a store: events, documents, countries, date range.

    Args:
        con: an open store connection.

    Returns:
        A :class:`Summary`.
    """
    ev = _query(
        con,
        f"SELECT count(*), min({_DAY}), max({_DAY}), count(*) FILTER (WHERE n_sources > 1) "
        "FROM events",
        [],
    )[0]
    docs = _query(con, "SELECT count(*) FROM documents", [])[0][0]
    countries = _query(
        con,
        "SELECT count(DISTINCT c) FROM (SELECT source_country AS c FROM events "
        "UNION ALL SELECT target_country FROM events) WHERE c IS NOT NULL",
        [],
    )[0][0]
    return Summary(
        events=ev[0],
        documents=docs,
        countries=countries,
        first_date=ev[1],
        last_date=ev[2],
        multi_source_events=ev[3],
    )


def check_mode(mode: str | None) -> str | None:
    """Normalise a mode filter (``visit``, ``phone``...), lower-case.

    Args:
        mode: a PLOVER mode or ``None``.

    Returns:
        The lower-case mode, or ``None``.

    Raises:
        ConfigError: an empty string.
    """
    if mode is None:
        return None
    norm = mode.strip().lower()
    if not norm:
        raise ConfigError(
            "empty mode filter.", fix=f"Use a PLOVER mode such as {', '.join(CONSULT_MODES)}."
        )
    return norm
