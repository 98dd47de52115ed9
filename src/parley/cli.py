"""The ``parley`` command line: parses options, calls the library, prints friendly results.

All behaviour lives in the library (:mod:`parley.pipeline`, :mod:`parley.store`...). Every
command runs inside :class:`ParleyGroup`, which turns a :class:`~parley.errors.ParleyError` into
one ``parley: ...`` line on stderr and any other exception into an "internal error" line saying
how to report it: no traceback reaches a user (``PARLEY_DEBUG=1`` shows it).

Other modules add their commands with a ``register(app)`` function; :func:`build_app` calls it
for each module of :data:`PLUGIN_MODULES` that is installed.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from parley import __version__
from parley.errors import ConfigError, ParleyError

if TYPE_CHECKING:
    from rich.console import Console

    from parley.config import Settings
    from parley.models import Event, Failure
    from parley.pipeline import RunSummary
    from parley.store import Store

# Where users report bugs: the maintainers of their parley install (no public tracker yet).
REPORT_TO = "the parley maintainers"
PLUGIN_MODULES = ("parley.evaluate.cli", "parley.serve.cli", "parley.scale.cli")
EVENT_FORMATS = ("table", "json", "jsonl")
ENGINES = ("local", "dask")
SHOWN_FAILURES = 20  # failures printed after a run; the store keeps all of them


# ------------------------------------------------------------------------------ errors


def _say(message: str) -> None:
    """One line on stderr, prefixed like every parley message."""
    typer.echo(f"parley: {message}", err=True)


class ParleyGroup(TyperGroup):
    """The command group: runs a command and turns any exception into a one-line message."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # exits, usage errors and --help are Typer's to print
        except ParleyError as err:
            _say(str(err))
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            _say("interrupted. What was already written to the store is kept.")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # The reader of our output went away (`parley events | head`): not an error.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except Exception as err:
            if os.environ.get("PARLEY_DEBUG"):
                traceback.print_exc()
            _say(
                f"internal error ({type(err).__name__}: {err}). This is a bug in parley, not in "
                f"your input; please report it to {REPORT_TO} with the command you ran "
                "(PARLEY_DEBUG=1 shows the details)."
            )
            raise typer.Exit(1) from None


# ------------------------------------------------------------------------------ helpers


# Tables written to a pipe or a file (no terminal to measure) get this width instead of rich's
# 80 columns, so that names and roles are not folded over several lines.
PIPE_WIDTH = 160


def _console(stderr: bool = False) -> Console:
    """A rich console on the current stdout/stderr (created per call so tests can capture)."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() or os.environ.get("COLUMNS") else PIPE_WIDTH
    return Console(stderr=stderr, highlight=False, width=width)


def _settings(ctx: typer.Context, **overrides: Any) -> Settings:
    """Settings from defaults, --config/PARLEY_CONFIG, PARLEY_* variables and options."""
    from parley.config import load_settings

    config = (ctx.find_root().obj or {}).get("config")
    return load_settings(config, **overrides)


def _db(ctx: typer.Context, db: Path | None) -> str:
    """The store to use: --db, else PARLEY_DB, else the ``db`` setting."""
    return str(db) if db is not None else _settings(ctx).db


def _open_store(ctx: typer.Context, db: Path | None) -> Store:
    """Open the store read-only (readers never block each other)."""
    from parley.store import Store

    return Store(_db(ctx, db), read_only=True)


def _dyad(value: str | None) -> tuple[str, str] | None:
    """Read ``KAZ,CHN`` (or ``KAZ-CHN``) as a pair of country codes."""
    if not value:
        return None
    parts = [p.strip() for p in value.replace("-", ",").split(",") if p.strip()]
    if len(parts) != 2:
        raise ConfigError(
            f"--dyad {value!r} is not a pair of countries.",
            fix="Give two ISO3 codes separated by a comma, e.g. --dyad KAZ,CHN.",
        )
    return parts[0], parts[1]


def _choice(value: str, option: str, choices: Sequence[str]) -> str:
    """Check an option against its valid values, listing them when it is wrong."""
    if value not in choices:
        raise ConfigError(
            f"{option} {value!r} is not known.", fix=f"Use one of: {', '.join(choices)}."
        )
    return value


def _actor(actor: Any) -> str:
    """``Name (Role, ISO3)`` of an actor, or a dash."""
    if actor is None:
        return "-"
    extra = ", ".join(x for x in (actor.role, actor.country) if x)
    return f"{actor.name} ({extra})" if extra else actor.name


def _kind(event: Event) -> str:
    """``CONSULT/visit 042`` of an event."""
    kind = event.event_type + (f"/{event.mode}" if event.mode else "")
    return kind + (f" {event.cameo}" if event.cameo else "")


def _place(event: Event) -> str:
    """``Beijing, CHN`` of an event, or a dash."""
    if event.location is None:
        return "-"
    return ", ".join(x for x in (event.location.name, event.location.country) if x) or "-"


def _where(failure: Failure) -> str:
    """``'file' (line 3)`` of a failure."""
    return f"'{failure.origin}'" + (f" (line {failure.line})" if failure.line else "")


def failure_line(failure: Failure, ingested: int) -> str:
    """The one-line message for a document that was skipped.

    Args:
        failure: what failed.
        ingested: how many other documents made it into the store.

    Returns:
        ``cannot read 'x.jsonl' (line 3): reason. Fix. Skipped it; N other documents were
        ingested. Use --strict to stop at the first bad file.``
    """
    verb = "cannot read" if failure.stage == "ingest" else f"cannot {failure.stage}"
    fix = failure.fix.strip().rstrip(".")
    return (
        f"{verb} {_where(failure)}: {failure.reason.rstrip('.')}. "
        + (f"{fix}. " if fix else "")
        + f"Skipped it; {ingested} other documents were ingested. "
        "Use --strict to stop at the first bad file."
    )


# ------------------------------------------------------------------------------ the app


def _version(value: bool) -> None:
    """--version: print and stop."""
    if value:
        typer.echo(f"parley {__version__}")
        raise typer.Exit()


def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="Settings file (TOML; see parley/config/defaults.toml). Default: $PARLEY_CONFIG.",
        ),
    ] = None,
) -> None:
    """Deduplicated, source-linked diplomatic events from news and press releases.

    Example:

      parley run examples/ --db demo.duckdb && parley events --db demo.duckdb
    """
    ctx.obj = {"config": config}


def run_command(
    ctx: typer.Context,
    paths: Annotated[
        list[str], typer.Argument(help="Files, folders (read recursively) or - for JSONL on stdin.")
    ],
    db: Annotated[
        Path | None, typer.Option("--db", help="Store file. Default: $PARLEY_DB or parley.duckdb.")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Stop at the first file or document that fails.")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=0, help="Worker processes (0 = one per core)."),
    ] = None,
    batch_size: Annotated[
        int | None, typer.Option("--batch-size", min=1, help="Documents per batch.")
    ] = None,
    engine: Annotated[
        str, typer.Option("--engine", help=f"Where to run: {' or '.join(ENGINES)}.")
    ] = "local",
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler address (--engine dask).")
    ] = None,
    shards: Annotated[
        Path | None,
        typer.Option("--shards", help="Shards folder for --engine dask (default: beside --db)."),
    ] = None,
) -> None:
    """Read documents, code their events, fuse reports of one event, and store it all.

    Documents already in the store are skipped, so running again on the same input changes
    nothing. A file or document that cannot be read is reported and skipped.

    Example:

      parley run news/ releases.jsonl --db events.duckdb

      cat feed.jsonl | parley run - --db events.duckdb --strict
    """
    settings = _settings(ctx, workers=workers, batch_size=batch_size)
    store_path = str(db) if db is not None else settings.db
    _choice(engine, "--engine", ENGINES)
    if engine == "dask":
        summary = _run_dask(
            paths, store_path, strict=strict, scheduler=scheduler, settings=settings, shards=shards
        )
    else:
        summary = _run_local(paths, store_path, strict=strict, settings=settings)
    _print_summary(summary)
    _print_failures(summary.failures, summary.failed, summary.stored + summary.skipped)


def _run_local(paths: list[str], db: str, *, strict: bool, settings: Settings) -> RunSummary:
    """Run in this machine's processes with a progress display on a terminal."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from parley.pipeline import StrictStop, run

    err_console = _console(stderr=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed:,} documents"),
        TimeElapsedColumn(),
        console=err_console,
        disable=not err_console.is_terminal,
        transient=True,
    ) as bar:
        task = bar.add_task("reading and coding", total=None)

        def progress(stage: str, count: int) -> None:
            if stage == "fuse":
                bar.update(task, description=f"fusing {count:,} event mentions")
            else:
                bar.update(task, completed=count)

        try:
            return run(paths, db, strict=strict, progress=progress, settings=settings)
        except StrictStop as stop:
            bar.stop()
            _print_summary(stop.summary)
            _say(str(stop))
            raise typer.Exit(1) from None


def _run_dask(
    paths: list[str],
    db: str,
    *,
    strict: bool,
    scheduler: str | None,
    settings: Settings,
    shards: Path | None = None,
) -> RunSummary:
    """Hand the run to the Dask engine of parley.scale (installed with parley[dask])."""
    try:
        scale = importlib.import_module("parley.scale")
        run_dask = scale.run_dask
    except (ImportError, AttributeError) as err:
        raise ConfigError(
            f"the dask engine is not available ({err}).",
            fix="Install it with pip install 'parley[dask]', or use --engine local.",
        ) from None
    summary: RunSummary = run_dask(
        paths, db, scheduler=scheduler, strict=strict, settings=settings, shards=shards
    )
    return summary


def _print_summary(summary: RunSummary) -> None:
    """The counts of a run as a small table."""
    from rich.table import Table

    table = Table(title="parley run", show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("documents read", f"{summary.documents_read:,}")
    table.add_row("stored (new)", f"{summary.stored:,}")
    table.add_row("skipped (already stored)", f"{summary.skipped:,}")
    table.add_row("failed", f"{summary.failed:,}")
    table.add_row("event mentions found", f"{summary.event_mentions:,}")
    fused = "" if summary.fused else " (unchanged)"
    table.add_row("events in store" + fused, f"{summary.events:,}")
    table.add_row("time", f"{summary.elapsed:.1f} s ({summary.docs_per_second:,.0f} docs/s)")
    table.add_row("store", summary.db)
    _console().print(table)


def _print_failures(failures: Sequence[Failure], failed: int, ingested: int) -> None:
    """One line per problem; repeats of one problem in one file are counted, not repeated."""
    groups: dict[tuple[str, str, str], list[Failure]] = {}
    for failure in failures:
        groups.setdefault((failure.origin, failure.stage, failure.reason), []).append(failure)
    shown = 0
    for (origin, _, _), group in groups.items():
        if shown >= SHOWN_FAILURES:
            break
        line = failure_line(group[0], ingested)
        if len(group) > 1:
            line += f" The same problem is on {len(group) - 1} more lines of '{origin}'."
        _say(line)
        shown += 1
    hidden = failed - sum(len(g) for g in list(groups.values())[:shown])
    if hidden > 0:
        _say(f"... and {hidden} more skipped; `parley failures` lists them all.")


def events_command(
    ctx: typer.Context,
    db: Annotated[Path | None, typer.Option("--db", help="Store file.")] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="table, json (an array) or jsonl (one per line).")
    ] = "table",
    country: Annotated[
        str | None, typer.Option("--country", help="A party's ISO3 code (KAZ).")
    ] = None,
    dyad: Annotated[
        str | None, typer.Option("--dyad", help="Two ISO3 codes, either order (KAZ,CHN).")
    ] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="PLOVER event type (CONSULT, SANCTION...).")
    ] = None,
    mode: Annotated[str | None, typer.Option("--mode", help="visit, phone...")] = None,
    since: Annotated[str | None, typer.Option("--since", help="First day, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last day, YYYY-MM-DD.")] = None,
    text: Annotated[
        str | None, typer.Option("--text", help="Words in names, places, topics or evidence.")
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=0, help="At most N events (0 = all; default 50 for table)."),
    ] = None,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip the first N.")] = 0,
) -> None:
    """List fused events, newest first, as a table or as contract-2 JSON.

    Example:

      parley events --dyad KAZ,CHN --since 2025-01-01

      parley events --format json --type SANCTION > sanctions.json
    """
    _choice(fmt, "--format", EVENT_FORMATS)
    filters: dict[str, Any] = {
        "country": country,
        "dyad": _dyad(dyad),
        "event_type": event_type,
        "mode": mode,
        "since": since,
        "until": until,
        "text": text,
    }
    if limit is None:
        limit = 50 if fmt == "table" else 0
    with _open_store(ctx, db) as store:
        total = store.count_events(**filters)
        if fmt == "table":
            shown = store.query_events(**filters, limit=limit or total, offset=offset)
            _print_events(shown, total, offset)
            return
        _write_json_events(_iter_events(store, filters, limit, offset), fmt)


def _iter_events(
    store: Store, filters: dict[str, Any], limit: int, offset: int, page: int = 1000
) -> Iterator[Event]:
    """Events page by page, so exporting a large store keeps memory flat."""
    left = limit or sys.maxsize
    while left > 0:
        batch = store.query_events(**filters, limit=min(page, left), offset=offset)
        yield from batch
        if len(batch) < min(page, left):
            return
        left -= len(batch)
        offset += len(batch)


def _write_json_events(events: Iterator[Event], fmt: str) -> None:
    """Contract 2: a JSON array, or one event object per line."""
    out = sys.stdout
    if fmt == "jsonl":
        for event in events:
            out.write(json.dumps(event.to_json(), ensure_ascii=False) + "\n")
        return
    out.write("[")
    for n, event in enumerate(events):
        out.write(("," if n else "") + "\n  " + json.dumps(event.to_json(), ensure_ascii=False))
    out.write("\n]\n")


def _print_events(events: Sequence[Event], total: int, offset: int) -> None:
    """Events as a table, with how many there are in all."""
    from rich.table import Table

    table = Table(
        caption=f"{len(events)} of {total} events"
        + (f" (from {offset + 1})" if offset else "")
        + ". `parley show ID` gives one in full.",
        caption_justify="left",
    )
    for name in ("date", "event", "source", "target", "place", "sources", "id"):
        table.add_column(name, overflow="fold")
    for e in events:
        table.add_row(
            e.date or "-",
            _kind(e),
            _actor(e.source),
            _actor(e.target),
            _place(e),
            str(len(e.sources)),
            e.id,
        )
    _console().print(table)


def show_command(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(help="The event id (see `parley events`).")],
    db: Annotated[Path | None, typer.Option("--db", help="Store file.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Show one fused event: its facts, which source says what, evidence and disagreements.

    Example:

      parley show ev-3f2a9c81 --db events.duckdb
    """
    _choice(fmt, "--format", ("text", "json"))
    with _open_store(ctx, db) as store:
        event = store.get_event(event_id)
    if fmt == "json":
        typer.echo(json.dumps(event.to_json(), ensure_ascii=False, indent=2))
        return
    _print_event(event)


def _print_event(event: Event) -> None:
    """An event in full: summary, facts by source, evidence, discrepancies."""
    from rich.table import Table

    console = _console()
    date = (event.date or "undated") + (
        f" ({event.date_precision})" if event.date_precision else ""
    )
    console.print(f"[bold]{_kind(event)}[/bold]  {date}  {_place(event)}")
    console.print(f"  {_actor(event.source)}  ->  {_actor(event.target)}")
    details = [f"id {event.id}", f"confidence {event.confidence:.2f}"]
    if event.goldstein is not None:
        details.append(f"Goldstein {event.goldstein:+.1f}")
    if event.quad_class is not None:
        details.append(f"quad class {event.quad_class}")
    console.print("  " + ", ".join(details))
    if event.topics:
        console.print("  topics: " + ", ".join(event.topics))
    for actor in event.actors:
        console.print(f"  actor: {_actor(actor)}")
    for q in event.quantities:
        about = f" ({q.about})" if q.about else ""
        console.print(f"  quantity: {q.text}{about} [{', '.join(q.doc_ids) or '-'}]")

    sources = list(event.sources)
    if sources:
        side = Table(title="What each source says", title_justify="left")
        side.add_column("field")
        for s in sources:
            side.add_column(s.outlet or s.doc_id, overflow="fold")
        fields = list(dict.fromkeys(ev.field for s in sources for ev in s.evidence))
        for field in fields:
            cells = []
            for s in sources:
                said = [ev.text for ev in s.evidence if ev.field == field]
                cells.append(" / ".join(f"“{t}”" for t in said) if said else "-")
            side.add_row(field, *cells)
        console.print(side)
    if event.facts:
        facts = Table(title="Facts and who reports them", title_justify="left")
        for name in ("field", "value", "documents"):
            facts.add_column(name, overflow="fold")
        for fact in event.facts:
            facts.add_row(fact.field, fact.value, ", ".join(fact.doc_ids))
        console.print(facts)
    listing = Table(title="Sources", title_justify="left")
    for name in ("document", "outlet", "published", "url"):
        listing.add_column(name, overflow="fold")
    for s in sources:
        dup = f" (near-copy of {s.duplicate_of})" if s.duplicate_of else ""
        listing.add_row(s.doc_id + dup, s.outlet or "-", s.published or "-", s.url or "-")
    console.print(listing)
    if event.discrepancies:
        console.print("[bold]Sources disagree[/bold]")
        for d in event.discrepancies:
            values = "; ".join(f"{v.value} ({', '.join(v.doc_ids)})" for v in d.values)
            console.print(f"  {d.field}: {values}")


def docs_command(
    ctx: typer.Context,
    doc_id: Annotated[
        str | None, typer.Argument(help="Show this document's cleaned text instead.")
    ] = None,
    db: Annotated[Path | None, typer.Option("--db", help="Store file.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most N documents.")] = 50,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip the first N.")] = 0,
) -> None:
    """List stored documents (newest first), or show one document's cleaned text.

    Example:

      parley docs --db events.duckdb --limit 20

      parley docs 014 --db events.duckdb
    """
    from rich.table import Table

    with _open_store(ctx, db) as store:
        if doc_id is not None:
            doc = store.get_document(doc_id)
            console = _console()
            console.print(f"[bold]{doc.title or doc.id}[/bold]")
            meta = [doc.id, doc.outlet, doc.published and doc.published.isoformat(), doc.url]
            console.print("  " + " | ".join(m for m in meta if m))
            if doc.removed:
                kinds = sorted({r.kind for r in doc.removed})
                console.print(f"  removed as boilerplate: {', '.join(kinds)}")
            typer.echo("")
            typer.echo(doc.text)
            return
        total = store.count_documents()
        docs = store.documents(limit=limit, offset=offset)
    table = Table(caption=f"{len(docs)} of {total} documents", caption_justify="left")
    for name in ("id", "published", "outlet", "title", "chars"):
        table.add_column(name, overflow="fold")
    for d in docs:
        published = d.published.isoformat() if d.published else "-"
        table.add_row(d.id, published, d.outlet or "-", d.title or "-", f"{len(d.text):,}")
    _console().print(table)


def failures_command(
    ctx: typer.Context,
    db: Annotated[Path | None, typer.Option("--db", help="Store file.")] = None,
    all_runs: Annotated[
        bool, typer.Option("--all", help="Failures of every run, not only the last.")
    ] = False,
) -> None:
    """List the files and documents that runs skipped, and how to fix them.

    Example:

      parley failures --db events.duckdb
    """
    with _open_store(ctx, db) as store:
        run_id = None if all_runs else store.last_run_id()
        failures = store.failures(run_id) if (all_runs or run_id) else []
    for failure in failures:
        typer.echo(f"{failure.stage}\t{_where(failure)}\t{failure.reason}. {failure.fix}")
    if not failures:
        _say("no failures recorded" + ("" if all_runs else " in the last run") + ".")


def classify_command(
    strict: Annotated[
        bool, typer.Option("--strict", help="Stop at the first malformed line.")
    ] = False,
) -> None:
    """Classify dyads: JSONL {"id", "text", "source", "target"} on stdin, one result per line.

    Prints {"id", "event_type", "mode", "cameo", "score"}: what source did to target in the
    sentence (contract 3).

    Example:

      echo '{"id": 1, "text": "Ruritania expelled Freedonia's envoy.", "source": "Ruritania",
      "target": "Freedonia"}' | parley classify
    """
    # The hybrid (rules + distilled-embedding model) beat the rules alone on both held-out sets
    # (docs/learned.md); contract 3 and the Python API use the same function.
    from parley.learn import hybrid_many as classify_many

    rows: list[dict[str, Any]] = []
    bad = 0
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            rows.append(_dyad_row(line, number))
        except ConfigError as err:
            bad += 1
            if strict:
                raise
            _say(f"{err} Skipped it.")
        if len(rows) >= 1000:
            _write_classified(rows, classify_many(rows))
            rows = []
    if rows:
        _write_classified(rows, classify_many(rows))
    if bad and strict:
        raise typer.Exit(1)


def _dyad_row(line: str, number: int) -> dict[str, Any]:
    """Check one contract-3 input line; name the line and the missing piece when it is wrong."""
    where = f"stdin line {number}"
    try:
        row = json.loads(line)
    except json.JSONDecodeError as err:
        raise ConfigError(
            f"{where} is not valid JSON ({err.msg}).",
            fix='Write one {"id", "text", "source", "target"} object per line.',
        ) from None
    if not isinstance(row, dict):
        raise ConfigError(f"{where} is not a JSON object.", fix='Write {"id": ..., "text": ...}.')
    for key in ("text", "source", "target"):
        if not isinstance(row.get(key), str) or not row[key]:
            raise ConfigError(
                f'{where} has no "{key}" text.',
                fix='Each line needs "text", "source" and "target" strings.',
            )
    for key in ("source", "target"):
        if row[key] not in row["text"]:
            raise ConfigError(
                f'{where}: "{key}" {row[key]!r} does not occur in "text".',
                fix="source and target must be written exactly as in the sentence.",
            )
    return row


def _write_classified(rows: Sequence[dict[str, Any]], results: Sequence[Any]) -> None:
    """Contract 3 output: the input id with the classification."""
    for row, result in zip(rows, results, strict=True):
        out = {
            "id": row.get("id"),
            "event_type": result.event_type,
            "mode": result.mode,
            "cameo": result.cameo,
            "score": result.score,
        }
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")


def kb_command(
    ctx: typer.Context,
    db: Annotated[
        Path | None, typer.Option("--db", help="Also count what a store has learned.")
    ] = None,
) -> None:
    """Summarise the knowledge base: data files, version, counts (and a store's contents).

    Example:

      parley kb --db events.duckdb
    """
    from rich.table import Table

    from parley.pipeline import load_kb

    kb = load_kb()
    table = Table(title=f"knowledge base {kb.version}", title_justify="left", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("data folder", str(kb.data_dir))
    for name in ("countries", "cities", "organisations", "roles", "officeholders", "venues"):
        table.add_row(name, f"{len(getattr(kb, name, ())):,}")
    data = Path(kb.data_dir)
    files = sorted(p.name for p in data.iterdir() if p.is_file() and not p.name.startswith("."))
    table.add_row("files", ", ".join(files))
    if db is not None or os.environ.get("PARLEY_DB"):
        with _open_store(ctx, db) as store:
            stats = store.stats()
        table.add_row("store", f"{stats.path} (schema v{stats.schema_version})")
        table.add_row("documents stored", f"{stats.documents:,}")
        table.add_row("events stored", f"{stats.events:,}")
        table.add_row("roles learned from text", f"{stats.role_assertions:,}")
    _console().print(table)


def build_app() -> typer.Typer:
    """Build the ``parley`` app: the built-in commands plus those other modules register.

    Returns:
        The Typer application.
    """
    app = typer.Typer(
        name="parley",
        cls=ParleyGroup,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_root)
    app.command("run")(run_command)
    app.command("events")(events_command)
    app.command("show")(show_command)
    app.command("docs")(docs_command)
    app.command("failures")(failures_command)
    app.command("classify")(classify_command)
    app.command("kb")(kb_command)
    for name in PLUGIN_MODULES:
        _register(app, name)
    return app


def _register(app: typer.Typer, name: str) -> None:
    """Add a module's commands; a broken module costs its own commands, never the whole CLI."""
    try:
        importlib.import_module(name).register(app)
    except ModuleNotFoundError as err:
        missing = err.name or ""
        if missing == name or not missing.startswith("parley"):
            return  # not part of this install, or its optional extra is not installed
        _say(f"the commands of {name} are unavailable ({err}); please report it to {REPORT_TO}.")
    except Exception as err:
        _say(
            f"the commands of {name} are unavailable ({type(err).__name__}: {err}); "
            f"please report it to {REPORT_TO}."
        )


app = build_app()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``parley`` command.

    Args:
        argv: arguments (default: ``sys.argv[1:]``).

    Returns:
        The exit code.
    """
    try:
        command = typer.main.get_command(app)
        command.main(args=list(argv) if argv is not None else None, prog_name="parley")
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except Exception as err:  # a failure outside any command (building the app, a plugin)
        if os.environ.get("PARLEY_DEBUG"):
            traceback.print_exc()
        _say(
            f"internal error ({type(err).__name__}: {err}). Please report it to {REPORT_TO} "
            "(PARLEY_DEBUG=1 shows the details)."
        )
        return 1
    return 0
