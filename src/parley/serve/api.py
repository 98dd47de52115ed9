"""REST endpoints under ``/api``: events, one event, documents, and the analytics.

Every parameter is validated by its declared type and bounds (a bad one is a 422 in the common
error shape), every query is parameterised SQL in the store or in :mod:`parley.analytics`.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated, Any

import duckdb
from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel

from parley import analytics
from parley.errors import ConfigError, NotFoundError
from parley.models import PLOVER_TYPES
from parley.serve.app import ErrorBody, cursor_dep, store_dep
from parley.store import Store

__all__ = ["EventsPage", "router"]

PloverType = enum.StrEnum("PloverType", {t: t for t in PLOVER_TYPES})  # type: ignore[misc]
Interval = enum.StrEnum("Interval", {i: i for i in analytics.INTERVALS})  # type: ignore[misc]

_MONTH = Interval("month")
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "model": ErrorBody,
        "description": "A parameter value makes no sense (e.g. since > until).",
    },
    422: {"model": ErrorBody, "description": "A parameter is missing or malformed."},
    503: {"model": ErrorBody, "description": "The store cannot be read."},
}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No such id in the store."},
    **_ERRORS,
}

router = APIRouter(prefix="/api", tags=["api"], responses=_ERRORS)

Country = Annotated[
    str | None,
    Query(
        pattern=r"^[A-Za-z]{3}$",
        description="ISO 3166-1 alpha-3 code (or EUU, UNO, IGO) of a party to the event.",
        examples=["KAZ"],
    ),
]
Dyad = Annotated[
    str | None,
    Query(
        pattern=r"^[A-Za-z]{3}[-,][A-Za-z]{3}$",
        description="Two country codes, events between them in either direction.",
        examples=["KAZ-CHN"],
    ),
]
TypeParam = Annotated[PloverType | None, Query(alias="type", description="PLOVER event type.")]
Mode = Annotated[
    str | None, Query(pattern=r"^[a-z][a-z-]{0,29}$", description="Event mode (visit, phone...).")
]
Since = Annotated[dt.date | None, Query(description="First day included (YYYY-MM-DD).")]
Until = Annotated[dt.date | None, Query(description="Last day included (YYYY-MM-DD).")]
IntervalParam = Annotated[Interval, Query(description="Bucket size of the series.")]


def _dyad(text: str | None) -> tuple[str, str] | None:
    return None if text is None else analytics.parse_dyad(text)


def _upper(code: str | None) -> str | None:
    return None if code is None else code.upper()


def _check_range(since: dt.date | None, until: dt.date | None) -> None:
    if since and until and since > until:
        raise ConfigError(
            f"the date range is empty: since {since} is after until {until}.",
            fix="Swap the two dates.",
        )


class EventsPage(BaseModel):
    """One page of events (contract-2 JSON objects), newest first."""

    total: int
    limit: int
    offset: int
    next: str | None
    events: list[dict[str, Any]]


@router.get("/events", response_model=EventsPage, summary="Search fused events")
def list_events(
    request: Request,
    store: Annotated[Store, Depends(store_dep)],
    country: Country = None,
    dyad: Dyad = None,
    event_type: TypeParam = None,
    mode: Mode = None,
    since: Since = None,
    until: Until = None,
    q: Annotated[
        str | None,
        Query(min_length=1, max_length=200, description="Words in names, places, evidence."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Events to skip.")] = 0,
) -> EventsPage:
    """Fused events matching every given filter, newest first, one page at a time."""
    _check_range(since, until)
    filters: dict[str, Any] = {
        "country": _upper(country),
        "dyad": _dyad(dyad),
        "event_type": event_type.value if event_type else None,
        "mode": mode,
        "since": since,
        "until": until,
        "text": q,
    }
    total = store.count_events(**filters)
    events = store.query_events(**filters, limit=limit, offset=offset)
    nxt = None
    if offset + limit < total:
        nxt = str(request.url.include_query_params(offset=offset + limit, limit=limit))
    return EventsPage(
        total=total,
        limit=limit,
        offset=offset,
        next=nxt,
        events=[e.to_json() for e in events],
    )


@router.get(
    "/events/{event_id}",
    response_model=dict[str, Any],
    responses=_NOT_FOUND,
    summary="One fused event with its sources and evidence",
)
def get_event(
    store: Annotated[Store, Depends(store_dep)],
    event_id: Annotated[str, Path(max_length=200)],
) -> dict[str, Any]:
    """The contract-2 JSON of one event: fused fields, sources with evidence, discrepancies."""
    try:
        return store.get_event(event_id).to_json()
    except NotFoundError:
        # The store's message names its file path; an API client needs the fix instead.
        raise NotFoundError(
            f"there is no event {event_id!r}.", fix="Find event ids with GET /api/events."
        ) from None


@router.get(
    "/documents/{doc_id}",
    response_model=dict[str, Any],
    responses=_NOT_FOUND,
    summary="One source document: metadata, raw and cleaned text, offsets",
)
def get_document(
    store: Annotated[Store, Depends(store_dep)],
    con: Annotated[duckdb.DuckDBPyConnection, Depends(cursor_dep)],
    doc_id: Annotated[str, Path(max_length=200)],
) -> dict[str, Any]:
    """A stored document and the ids of the events it is a source of."""
    try:
        doc = store.get_document(doc_id)
    except NotFoundError:
        raise NotFoundError(
            f"there is no document {doc_id!r}.",
            fix="Document ids are listed in each event's sources (GET /api/events/{id}).",
        ) from None
    data = doc.model_dump(mode="json", exclude={"signature"})
    rows = con.execute(
        "SELECT DISTINCT event_id FROM event_sources WHERE doc_id = ? ORDER BY event_id",
        [doc_id],
    ).fetchall()
    data["events"] = [r[0] for r in rows]
    return data


@router.get("/timeline", response_model=analytics.Timeline, summary="Events per period")
def get_timeline(
    con: Annotated[duckdb.DuckDBPyConnection, Depends(cursor_dep)],
    country: Country = None,
    dyad: Dyad = None,
    event_type: TypeParam = None,
    mode: Mode = None,
    since: Since = None,
    until: Until = None,
    interval: IntervalParam = _MONTH,
) -> analytics.Timeline:
    """Counts per day/week/month/year split by quad class, empty periods included."""
    return analytics.timeline(
        con,
        country=_upper(country),
        dyad=_dyad(dyad),
        event_type=event_type.value if event_type else None,
        mode=mode,
        since=since,
        until=until,
        interval=interval.value,
    )


@router.get("/dyads", response_model=list[analytics.DyadStat], summary="Dyad network")
def get_dyads(
    con: Annotated[duckdb.DuckDBPyConnection, Depends(cursor_dep)],
    country: Country = None,
    event_type: TypeParam = None,
    since: Since = None,
    until: Until = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Most active pairs.")] = 50,
) -> list[analytics.DyadStat]:
    """Directed country pairs with counts by quad class and Goldstein sums, busiest first."""
    return analytics.dyads(
        con,
        country=_upper(country),
        event_type=event_type.value if event_type else None,
        since=since,
        until=until,
        limit=limit,
    )


@router.get("/balance", response_model=analytics.Balance, summary="Balance of engagement")
def get_balance(
    con: Annotated[duckdb.DuckDBPyConnection, Depends(cursor_dep)],
    country: Annotated[
        str,
        Query(pattern=r"^[A-Za-z]{3}$", description="The focal country.", examples=["KAZ"]),
    ],
    partners: Annotated[
        str,
        Query(
            pattern=r"^[A-Za-z]{3}(,[A-Za-z]{3}){0,11}$",
            description="Up to 12 comma-separated partner codes.",
            examples=["RUS,CHN,USA,EUU"],
        ),
    ],
    since: Since = None,
    until: Until = None,
    interval: IntervalParam = _MONTH,
) -> analytics.Balance:
    """Per period and partner: events, shares, visits each way, highest official."""
    return analytics.balance(
        con,
        country,
        analytics.parse_partners(partners),
        since=since,
        until=until,
        interval=interval.value,
    )


@router.get("/actors", response_model=list[analytics.ActorRole], summary="Who held which role")
def get_actors(
    con: Annotated[duckdb.DuckDBPyConnection, Depends(cursor_dep)],
    on: Annotated[dt.date | None, Query(description="The date (default: today).")] = None,
    country: Country = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=100, description="Part of a name.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> list[analytics.ActorRole]:
    """People, the role each held on a date (learned from the texts), and their event counts."""
    return analytics.actors(con, on=on, country=_upper(country), name=q, limit=limit)


@router.get("/summary", response_model=analytics.Summary, summary="What the store holds")
def get_summary(
    con: Annotated[duckdb.DuckDBPyConnection, Depends(cursor_dep)],
) -> analytics.Summary:
    """Counts of events, documents and countries, and the range of event dates."""
    return analytics.summary(con)
