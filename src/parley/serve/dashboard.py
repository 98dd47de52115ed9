"""Server-rendered dashboard pages (Jinja2, autoescape on, SVG charts, no JavaScript build).

Pages: ``/`` overview, ``/events`` search, ``/events/{id}`` one event with its sources side by
side and the evidence marked, ``/countries/{code}`` balance and dyad network, ``/actors``,
``/documents/{id}``. Text from documents is hostile: it is only ever printed through
autoescaping or :func:`parley.serve.highlight.highlight`, never with ``|safe``.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import duckdb
import jinja2
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from parley import analytics
from parley.errors import ConfigError, NotFoundError
from parley.models import PLOVER_TYPES, Event, Evidence
from parley.serve import charts
from parley.serve.app import cursor_dep, store_dep
from parley.serve.highlight import Span, field_class, highlight, safe_url, spans_for
from parley.store import Store

__all__ = ["render_error", "router"]

_HERE = Path(__file__).parent
PAGE_SIZE = 25
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
FIELD_LABELS = {
    "event_type": "Event",
    "mode": "Mode",
    "date": "Date",
    "location": "Place",
    "source": "Actor (source)",
    "target": "Recipient (target)",
    "actors": "Other actors",
    "topics": "Topics",
    "quantities": "Figures",
    "context": "Context",
}

router = APIRouter(include_in_schema=False)


@functools.cache
def country_name(code: str | None) -> str:
    """Readable name of a country code (pseudo-codes and unknown codes stay codes).

    Args:
        code: ISO3, EUU, UNO, IGO or ``None``.

    Returns:
        The common name ("China", "European Union") or the code.
    """
    if not code:
        return ""
    special = {"EUU": "European Union", "UNO": "United Nations", "IGO": "International org."}
    if code in special:
        return special[code]
    import pycountry

    found = pycountry.countries.get(alpha_3=code)
    if found is None:
        return code
    return str(getattr(found, "common_name", None) or found.name)


def _qs(params: Mapping[str, Any] | None = None, **more: Any) -> str:
    """A query string of the non-empty parameters, for links that keep the current filters."""
    merged = {**(params or {}), **more}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def _date(value: Any) -> str:
    """A human date ("28 Oct 2025") from a date or ISO text; partial dates stay as they are."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d %b %Y").lstrip("0")
    text = str(value)
    if len(text) == 10:
        try:
            return dt.date.fromisoformat(text).strftime("%d %b %Y").lstrip("0")
        except ValueError:
            return text
    if len(text) == 7:
        try:
            return dt.date.fromisoformat(text + "-01").strftime("%b %Y")
        except ValueError:
            return text
    return text


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        country_name=country_name,
        qs=_qs,
        safe_url=safe_url,
        field_class=field_class,
        field_label=lambda f: FIELD_LABELS.get(f, f.replace("_", " ").capitalize()),
        quad_name=lambda q: QUAD_NAMES.get(q, "uncoded"),
        period_label=charts.period_label,
        plover_types=PLOVER_TYPES,
        intervals=analytics.INTERVALS,
    )
    env.filters["date"] = _date
    env.filters["pct"] = lambda v: f"{100 * float(v):.0f}%"
    return env


templates = Jinja2Templates(env=_environment())


def _page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a page; ``active`` names the nav item to highlight."""
    context.setdefault("active", "")
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    """The HTML error page (the API returns JSON instead).

    Args:
        request: the failed request.
        status: HTTP status.
        message: what happened and how to fix it.

    Returns:
        The rendered error page with that status.
    """
    titles = {404: "Not found", 400: "Bad request", 422: "Bad request", 503: "Store unavailable"}
    return _page(
        request,
        "error.html",
        status,
        status=status,
        title=titles.get(status, "Something went wrong"),
        message=message,
    )


# --------------------------------------------------------------------------- form parsing


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _form_date(value: str | None, name: str) -> dt.date | None:
    text = _blank(value)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(
            f"{name} {text!r} is not a date.", fix="Write it as YYYY-MM-DD, e.g. 2025-10-28."
        ) from None


def _form_filters(
    country: str | None,
    dyad: str | None,
    type_: str | None,
    mode: str | None,
    since: str | None,
    until: str | None,
    q: str | None,
) -> dict[str, Any]:
    """Validated filters from a search form (blank fields are no filter)."""
    code = _blank(country)
    pair = _blank(dyad)
    kind = _blank(type_)
    if kind is not None and kind.upper() not in PLOVER_TYPES:
        raise ConfigError(
            f"unknown event type {kind!r}.", fix=f"Choose one of: {', '.join(PLOVER_TYPES)}."
        )
    start, end = _form_date(since, "since"), _form_date(until, "until")
    if start and end and start > end:
        raise ConfigError(
            f"the date range is empty: since {start} is after until {end}.", fix="Swap them."
        )
    text = _blank(q)
    return {
        "country": analytics.check_country(code) if code else None,
        "dyad": analytics.parse_dyad(pair) if pair else None,
        "event_type": kind.upper() if kind else None,
        "mode": (_blank(mode) or "").lower() or None,
        "since": start,
        "until": end,
        "text": text[:200] if text else None,
    }


def _auto_interval(first: dt.date | None, last: dt.date | None) -> str:
    # About 8-60 bars whatever the span: weeks for a season, months for years.
    if first is None or last is None:
        return "month"
    days = (last - first).days
    if days <= 120:
        return "week"
    if days <= 6 * 365:
        return "month"
    return "year"


def _pick_interval(value: str | None, first: dt.date | None, last: dt.date | None) -> str:
    chosen = _blank(value)
    if chosen in analytics.INTERVALS:
        return str(chosen)
    return _auto_interval(first, last)


def _period_end(start: dt.date, interval: str) -> dt.date:
    if interval == "day":
        return start
    if interval == "week":
        return start + dt.timedelta(days=6)
    if interval == "month":
        nxt = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(start.year, 12, 31)


# --------------------------------------------------------------------------- pages

Store_ = Annotated[Store, Depends(store_dep)]
Cursor = Annotated[duckdb.DuckDBPyConnection, Depends(cursor_dep)]


@router.get("/", response_class=HTMLResponse)
def overview(
    request: Request, store: Store_, con: Cursor, interval: str | None = None
) -> HTMLResponse:
    """Overview: headline numbers, the timeline, latest events and the busiest dyads."""
    stats = analytics.summary(con)
    step = _pick_interval(interval, stats.first_date, stats.last_date)
    series = analytics.timeline(con, interval=step)

    def link(point: analytics.TimelinePoint) -> str:
        end = _period_end(point.period, step)
        return "/events?" + _qs(since=point.period.isoformat(), until=end.isoformat())

    pairs = analytics.dyads(con, limit=60)
    return _page(
        request,
        "overview.html",
        active="overview",
        stats=stats,
        interval=step,
        timeline=series,
        timeline_chart=charts.timeline_svg(series.points, step, href=link),
        latest=store.query_events(limit=12),
        dyads=pairs[:10],
        network=charts.network_svg(pairs, href=lambda c: f"/countries/{c}"),
    )


@router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request,
    store: Store_,
    con: Cursor,
    country: str | None = None,
    dyad: str | None = None,
    type: str | None = None,
    mode: str | None = None,
    since: str | None = None,
    until: str | None = None,
    q: str | None = None,
    page: int = 1,
) -> HTMLResponse:
    """Search and filter events, with a timeline of the matches and pagination."""
    form = {
        "country": country or "",
        "dyad": dyad or "",
        "type": type or "",
        "mode": mode or "",
        "since": since or "",
        "until": until or "",
        "q": q or "",
    }
    try:
        filters = _form_filters(country, dyad, type, mode, since, until, q)
    except ConfigError as err:
        return _page(
            request,
            "events.html",
            400,
            active="events",
            form=form,
            error=str(err),
            events=[],
            total=0,
            page=1,
            pages=1,
            chart=None,
        )
    total = store.count_events(**filters)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(1, page), pages)
    events = store.query_events(**filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    chart = None
    if total and not filters["text"]:
        span = analytics.timeline(
            con,
            country=filters["country"],
            dyad=filters["dyad"],
            event_type=filters["event_type"],
            mode=filters["mode"],
            since=filters["since"],
            until=filters["until"],
            interval="month",
        )
        if span.points:
            step = _auto_interval(span.points[0].period, span.points[-1].period)
            if step != "month":
                span = analytics.timeline(
                    con,
                    country=filters["country"],
                    dyad=filters["dyad"],
                    event_type=filters["event_type"],
                    mode=filters["mode"],
                    since=filters["since"],
                    until=filters["until"],
                    interval=step,
                )
            chart = charts.timeline_svg(span.points, span.interval, height=180)
    return _page(
        request,
        "events.html",
        active="events",
        form=form,
        error=None,
        events=events,
        total=total,
        page=page,
        pages=pages,
        chart=chart,
    )


def _source_numbers(event: Event) -> dict[str, int]:
    return {s.doc_id: i for i, s in enumerate(event.sources, 1)}


# Evidence and fact field names as coders write them -> the fused field they support.
_FIELD_ALIASES = {
    "actor": "actors",
    "topic": "topics",
    "quantity": "quantities",
    "place": "location",
    "mode": "event_type",
    "cameo": "event_type",
}


def _base_field(field: str) -> str:
    base = field.split(".", 1)[0]
    return _FIELD_ALIASES.get(base, base)


def _fact_rows(event: Event) -> list[dict[str, Any]]:
    """Each fused field, its value, and which sources support it (facts, else evidence)."""
    by_field: dict[str, set[str]] = {}
    quotes: dict[tuple[str, str], list[str]] = {}
    for source in event.sources:
        for item in source.evidence:
            base = _base_field(item.field)
            by_field.setdefault(base, set()).add(source.doc_id)
            seen = quotes.setdefault((base, source.doc_id), [])
            if item.text not in seen:
                seen.append(item.text)
    for fact in event.facts:
        by_field.setdefault(_base_field(fact.field), set()).update(fact.doc_ids)

    def actor(a: Any) -> str:
        if a is None:
            return ""
        bits = [a.name]
        if a.role:
            bits.append(a.role)
        if a.country:
            bits.append(country_name(a.country))
        return ", ".join(bits)

    loc = event.location
    values = [
        (
            "event_type",
            " · ".join(
                x
                for x in (
                    event.event_type,
                    event.mode or "",
                    f"CAMEO {event.cameo}" if event.cameo else "",
                )
                if x
            ),
        ),
        (
            "date",
            _date(event.date)
            + (f" ({event.date_precision})" if event.date_precision not in (None, "day") else ""),
        ),
        (
            "location",
            ", ".join(
                x
                for x in ((loc.name if loc else None), country_name(loc.country) if loc else None)
                if x
            ),
        ),
        ("source", actor(event.source)),
        ("target", actor(event.target)),
        ("topics", ", ".join(t.replace("_", " ") for t in event.topics)),
    ]
    rows = []
    order = _source_numbers(event)
    for field, value in values:
        if not value:
            continue
        docs = sorted(by_field.get(field, set()), key=lambda d: order.get(d, 99))
        rows.append(
            {
                "field": field,
                "value": value,
                "docs": docs,
                "quotes": {d: quotes.get((field, d), []) for d in docs},
            }
        )
    return rows


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, store: Store_, event_id: str) -> HTMLResponse:
    """One fused event: facts with provenance, discrepancies, sources side by side."""
    event = store.get_event(event_id)
    columns = []
    for number, source in enumerate(event.sources, 1):
        try:
            doc = store.get_document(source.doc_id)
        except NotFoundError:
            doc = None
        body = None
        if doc is not None:
            evidence = [e for e in source.evidence if e.doc_id in (None, source.doc_id)]
            body = highlight(doc.text, spans_for(doc.text, evidence))
        columns.append({"n": number, "source": source, "doc": doc, "body": body})
    return _page(
        request,
        "event.html",
        event=event,
        numbers=_source_numbers(event),
        facts=_fact_rows(event),
        columns=columns,
        independent=sum(1 for s in event.sources if s.duplicate_of is None),
    )


def _default_partners(pairs: Sequence[analytics.DyadStat], code: str, n: int = 4) -> list[str]:
    weight: dict[str, int] = {}
    for d in pairs:
        other = d.target if d.source == code else d.source
        weight[other] = weight.get(other, 0) + d.events
    return sorted(weight, key=lambda c: (-weight[c], c))[:n]


@router.get("/countries/{code}", response_class=HTMLResponse)
def country_page(
    request: Request,
    store: Store_,
    con: Cursor,
    code: str,
    partners: str | None = None,
    interval: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> HTMLResponse:
    """A country: balance of engagement with partners over time, dyad network, events."""
    focal = analytics.check_country(code)
    start, end = _form_date(since, "since"), _form_date(until, "until")
    pairs = analytics.dyads(con, country=focal, since=start, until=end, limit=80)
    wanted = _blank(partners)
    chosen = list(analytics.parse_partners(wanted)) if wanted else _default_partners(pairs, focal)
    stats = analytics.timeline(con, country=focal, since=start, until=end, interval="month")
    first = stats.points[0].period if stats.points else None
    last = stats.points[-1].period if stats.points else None
    step = _pick_interval(interval, first, last)
    series = (
        stats
        if step == "month"
        else analytics.timeline(con, country=focal, since=start, until=end, interval=step)
    )
    engagement = (
        analytics.balance(con, focal, chosen, since=start, until=end, interval=step)
        if chosen
        else None
    )
    return _page(
        request,
        "country.html",
        code=focal,
        name=country_name(focal),
        form={
            "partners": ",".join(chosen),
            "interval": _blank(interval) or "",
            "since": since or "",
            "until": until or "",
        },
        interval=step,
        total=stats.total,
        timeline_chart=charts.timeline_svg(series.points, step, width=560, height=220),
        balance=engagement,
        balance_chart=charts.balance_svg(engagement) if engagement else None,
        network=charts.network_svg(pairs, focus=focal, href=lambda c: f"/countries/{c}"),
        dyads=pairs[:12],
        latest=store.query_events(country=focal, since=start, until=end, limit=10),
    )


@router.get("/actors", response_class=HTMLResponse)
def actors_page(
    request: Request,
    con: Cursor,
    on: str | None = None,
    country: str | None = None,
    q: str | None = None,
) -> HTMLResponse:
    """People and the roles they held on a date."""
    day = _form_date(on, "on") or dt.date.today()
    code = _blank(country)
    people = analytics.actors(
        con,
        on=day,
        country=analytics.check_country(code) if code else None,
        name=_blank(q),
        limit=200,
    )
    return _page(
        request,
        "actors.html",
        active="actors",
        people=people,
        form={"on": day.isoformat(), "country": code or "", "q": q or ""},
    )


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, store: Store_, con: Cursor, doc_id: str) -> HTMLResponse:
    """One document, with the evidence of every event it supports marked in its text."""
    doc = store.get_document(doc_id)
    rows = con.execute(
        'SELECT event_id, field, text, start, "end" FROM evidence WHERE doc_id = ? ORDER BY start',
        [doc_id],
    ).fetchall()
    evidence = [Evidence(field=f, text=t, start=s, end=e, doc_id=doc_id) for _, f, t, s, e in rows]
    spans: list[Span] = spans_for(doc.text, evidence)
    event_ids = sorted({r[0] for r in rows})
    events = []
    for event_id in event_ids[:50]:
        try:
            events.append(store.get_event(event_id))
        except NotFoundError:
            continue
    return _page(
        request,
        "document.html",
        doc=doc,
        body=highlight(doc.text, spans),
        events=events,
    )


def _schema_type(schema: Mapping[str, Any]) -> str:
    """A short type name for an OpenAPI schema (enums list their values)."""
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    if "anyOf" in schema:
        return " | ".join(_schema_type(s) for s in schema["anyOf"] if s.get("type") != "null")
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    kind = str(schema.get("type", "any"))
    if schema.get("format"):
        kind += f" ({schema['format']})"
    bounds = [f"{k} {schema[k]}" for k in ("minimum", "maximum", "pattern") if k in schema]
    return kind + (f"; {', '.join(bounds)}" if bounds else "")


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The API reference, rendered from the app's OpenAPI schema (no CDN, no JavaScript)."""
    spec = request.app.openapi()
    endpoints = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {
                    "name": p["name"],
                    "in": p["in"],
                    "required": p.get("required", False),
                    "type": _schema_type(p.get("schema", {})),
                    "default": p.get("schema", {}).get("default"),
                    "description": p.get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": params,
                    "statuses": sorted(op.get("responses", {})),
                }
            )
    return _page(request, "api_docs.html", active="api", spec=spec, endpoints=endpoints)
