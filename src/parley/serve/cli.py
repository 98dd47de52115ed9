"""CLI commands of the analysts' surfaces: timeline, dyads, balance, actors, serve, export.

:func:`register` adds them to the ``parley`` app (``parley.cli`` calls it). The commands only
parse options and print; the work is done by :mod:`parley.analytics`, :mod:`parley.export` and
:func:`parley.serve.app.create_app`, and their :class:`~parley.errors.ParleyError` messages are
printed by the app's error handling as one line.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from parley import analytics
from parley.errors import ConfigError

__all__ = ["register"]

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Store file. Default: $PARLEY_DB or parley.duckdb."),
]
SinceOption = Annotated[str | None, typer.Option("--since", help="First day included, YYYY-MM-DD.")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Last day included, YYYY-MM-DD.")]
IntervalOption = Annotated[str, typer.Option("--interval", "-i", help="day, week, month or year.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _db(ctx: typer.Context, db: Path | None) -> Path:
    """The store: --db, else $PARLEY_DB, else the ``db`` setting (as every parley command)."""
    if db is not None:
        return db
    from parley.config import load_settings

    config = (ctx.find_root().obj or {}).get("config") if ctx.find_root().obj else None
    return Path(load_settings(config).db)


def _day(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(
            f"{option} {value!r} is not a date.", fix="Write it as YYYY-MM-DD, e.g. 2025-10-28."
        ) from None


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    from rich.table import Table

    from parley.cli import _console

    table = Table(title=title, title_justify="left", header_style="bold")
    for i, col in enumerate(columns):
        numeric = bool(rows) and all(
            isinstance(r[i], int | float) or str(r[i]).rstrip("%").replace(".", "").isdigit()
            for r in rows
        )
        table.add_column(col, justify="right" if numeric else "left")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    _console().print(table)


def timeline_command(
    ctx: typer.Context,
    db: DbOption = None,
    country: Annotated[
        str | None, typer.Option("--country", "-c", help="Events with this country.")
    ] = None,
    dyad: Annotated[
        str | None, typer.Option("--dyad", help="Events between two countries: KAZ-CHN.")
    ] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", "-t", help="PLOVER type, e.g. CONSULT.")
    ] = None,
    mode: Annotated[str | None, typer.Option("--mode", help="Mode, e.g. visit.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    interval: IntervalOption = "month",
    as_json: JsonOption = False,
) -> None:
    """Count events per day, week, month or year, split into cooperation and conflict.

    Examples:
      parley timeline --country KAZ --interval month
      parley timeline --dyad KAZ-CHN --type CONSULT --since 2025-01-01 --json
    """
    with analytics.open_readonly(_db(ctx, db)) as con:
        result = analytics.timeline(
            con,
            country=analytics.check_country(country) if country else None,
            dyad=analytics.parse_dyad(dyad) if dyad else None,
            event_type=event_type,
            mode=analytics.check_mode(mode),
            since=_day(since, "--since"),
            until=_day(until, "--until"),
            interval=interval,
        )
    if as_json:
        _print_json(result.model_dump(mode="json"))
        return
    rows = [
        [
            p.period.isoformat(),
            p.events,
            p.verbal_cooperation + p.material_cooperation,
            p.verbal_conflict + p.material_conflict,
            f"{p.goldstein:.1f}",
        ]
        for p in result.points
    ]
    title = f"Events per {interval}" + (f" ({result.undated} undated)" if result.undated else "")
    _table(title, ["period", "events", "cooperation", "conflict", "goldstein"], rows)


def dyads_command(
    ctx: typer.Context,
    db: DbOption = None,
    country: Annotated[
        str | None, typer.Option("--country", "-c", help="Only pairs with this country.")
    ] = None,
    event_type: Annotated[str | None, typer.Option("--type", "-t", help="PLOVER type.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Busiest pairs.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """List the dyad network: who did what to whom, cooperation vs conflict, Goldstein sums.

    Examples:
      parley dyads --country KAZ
      parley dyads --type SANCTION --since 2025-01-01 --json
    """
    with analytics.open_readonly(_db(ctx, db)) as con:
        result = analytics.dyads(
            con,
            country=analytics.check_country(country) if country else None,
            event_type=event_type,
            since=_day(since, "--since"),
            until=_day(until, "--until"),
            limit=limit,
        )
    if as_json:
        _print_json([d.model_dump(mode="json") for d in result])
        return
    rows = [
        [d.source, d.target, d.events, d.cooperation, d.conflict, d.visits, f"{d.goldstein:.1f}"]
        for d in result
    ]
    _table(
        "Dyads (source → target)",
        ["source", "target", "events", "cooperation", "conflict", "visits", "goldstein"],
        rows,
    )


def balance_command(
    ctx: typer.Context,
    country: Annotated[str, typer.Argument(help="The focal country, e.g. KAZ.")],
    partners: Annotated[
        str, typer.Option("--partners", "-p", help="Comma-separated partners: RUS,CHN,USA,EUU.")
    ],
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    interval: IntervalOption = "month",
    as_json: JsonOption = False,
) -> None:
    """Show a country's balance of engagement with partners over time.

    Per period and partner: events, share, visits each way (the visitor is the source) and the
    highest-level official involved.

    Examples:
      parley balance KAZ --partners RUS,CHN
      parley balance KAZ --partners RUS,CHN,USA,EUU --interval year --json
    """
    with analytics.open_readonly(_db(ctx, db)) as con:
        result = analytics.balance(
            con,
            country,
            analytics.parse_partners(partners),
            since=_day(since, "--since"),
            until=_day(until, "--until"),
            interval=interval,
        )
    if as_json:
        _print_json(result.model_dump(mode="json"))
        return
    rows = []
    for c in result.rows:
        if not c.events:
            continue
        top = c.top_official
        rows.append(
            [
                c.period.isoformat(),
                c.partner,
                c.events,
                f"{100 * c.share:.0f}%",
                c.visits_out,
                c.visits_in,
                f"{top.name} ({top.role})" if top else "",
            ]
        )
    _table(
        f"{result.country}: engagement per {result.interval}",
        ["period", "partner", "events", "share", "visits to", "visits from", "highest level"],
        rows,
    )


def actors_command(
    ctx: typer.Context,
    db: DbOption = None,
    on: Annotated[
        str | None, typer.Option("--on", help="The date, YYYY-MM-DD (default: today).")
    ] = None,
    country: Annotated[
        str | None, typer.Option("--country", "-c", help="Only this country.")
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="Only names containing this.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 50,
    as_json: JsonOption = False,
) -> None:
    """List people and the roles they held on a date, as learned from the texts.

    Examples:
      parley actors --country KAZ --on 2025-10-28
      parley actors --name lavrov --json
    """
    with analytics.open_readonly(_db(ctx, db)) as con:
        result = analytics.actors(
            con,
            on=_day(on, "--on"),
            country=analytics.check_country(country) if country else None,
            name=name,
            limit=limit,
        )
    if as_json:
        _print_json([a.model_dump(mode="json") for a in result])
        return
    rows = [[a.name, a.role, a.country, a.level, a.since or a.as_of, a.events] for a in result]
    _table("Actors", ["name", "role", "country", "level", "since", "events"], rows)


def serve_command(
    ctx: typer.Context,
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
) -> None:
    """Serve the dashboard and the REST API (OpenAPI at /docs) over a store, read-only.

    Examples:
      parley serve --db events.duckdb
      parley serve --db events.duckdb --host 0.0.0.0 --port 8080
    """
    import uvicorn

    from parley.serve.app import create_app

    app = create_app(_db(ctx, db))
    typer.echo(f"parley: dashboard on http://{host}:{port}/  ·  API docs on /docs  ·  Ctrl-C stops")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def export_command(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write.")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="gdelt, polecat, csv or parquet.")
    ] = "csv",
    db: DbOption = None,
) -> None:
    """Export every fused event as GDELT 2.0 TSV, POLECAT JSONL, CSV or Parquet.

    Examples:
      parley export --db events.duckdb --format gdelt --out events.tsv
      parley export --db events.duckdb --format parquet --out events.parquet
    """
    from parley.export import EXPORT_FORMATS, export_events, iter_store_events

    if fmt not in EXPORT_FORMATS:
        raise ConfigError(
            f"unknown export format {fmt!r}.", fix=f"Choose one of: {', '.join(EXPORT_FORMATS)}."
        )
    count = export_events(iter_store_events(_db(ctx, db)), fmt, out)
    typer.echo(f"parley: wrote {count} event{'s' * (count != 1)} to {out} ({fmt}).")


def register(app: typer.Typer) -> None:
    """Add ``timeline``, ``dyads``, ``balance``, ``actors``, ``serve`` and ``export`` to ``app``.

    Args:
        app: the ``parley`` Typer application.
    """
    app.command("timeline")(timeline_command)
    app.command("dyads")(dyads_command)
    app.command("balance")(balance_command)
    app.command("actors")(actors_command)
    app.command("serve")(serve_command)
    app.command("export")(export_command)
