"""The ``parley eval`` command; the main CLI calls :func:`register` to add it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from parley.errors import ConfigError, ParleyError

FORMATS = ("table", "json")


def eval_command(
    gold: Annotated[Path, typer.Argument(help="Gold file (JSONL, the schema of eval/dev).")],
    inputs: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders to run parley on (omit to read --db as it is)."),
    ] = None,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Store to write to (with inputs) or to read (without)."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="Output: table or json.")] = "table",
    worst: Annotated[int, typer.Option(help="How many of the worst documents to list.")] = 10,
) -> None:
    """Score parley against a labelled set: events, fields, fusion and the worst documents.

    Examples:

      parley eval eval/examples-gold.jsonl examples

      parley eval ../shared/eval/dev/gold.jsonl ../shared/eval/dev --format json

      parley eval gold.jsonl --db run.duckdb
    """
    from parley.evaluate import evaluate_paths, render_json, render_table

    try:
        if fmt not in FORMATS:
            raise ConfigError(
                f"unknown --format '{fmt}'.", fix=f"Use one of: {', '.join(FORMATS)}."
            )
        report = evaluate_paths(gold, list(inputs or ()), db=db, worst=worst)
    except ParleyError as err:
        typer.echo(f"parley: {err}", err=True)
        raise typer.Exit(code=1) from None
    typer.echo(render_json(report) if fmt == "json" else render_table(report))


def register(app: typer.Typer) -> None:
    """Add ``parley eval`` to the main command-line app.

    Args:
        app: the ``parley`` Typer application.
    """
    app.command("eval")(eval_command)
