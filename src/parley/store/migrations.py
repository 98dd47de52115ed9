"""Ordered schema migrations of the DuckDB store.

Each migration is a numbered list of SQL statements applied once, in order, inside one
transaction, and recorded in ``schema_version``. Never edit a migration that has shipped: add
the next number instead (a store built by an older parley then upgrades itself on open).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from parley.errors import StoreError


@dataclass(frozen=True)
class Migration:
    """One step of the schema: its number, what it does, and the statements that do it."""

    version: int
    description: str
    statements: tuple[str, ...]


_V1_TABLES = (
    """
    CREATE TABLE IF NOT EXISTS documents (
        id VARCHAR PRIMARY KEY,
        url VARCHAR,
        outlet VARCHAR,
        published DATE,
        published_raw VARCHAR,
        title VARCHAR,
        origin VARCHAR,
        format VARCHAR,
        raw VARCHAR,
        text VARCHAR,
        offsets JSON,
        removed JSON,
        sentences JSON,
        dateline VARCHAR,
        dateline_date DATE,
        signature UBIGINT[],
        ingested_at TIMESTAMP,
        run_id VARCHAR
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS mentions (
        doc_id VARCHAR,
        ordinal INTEGER,
        kind VARCHAR,
        start INTEGER,
        "end" INTEGER,
        text VARCHAR,
        sentence INTEGER,
        value VARCHAR,
        country VARCHAR,
        role VARCHAR,
        sector VARCHAR,
        actor_type VARCHAR,
        precision VARCHAR,
        expression VARCHAR,
        number DOUBLE,
        unit VARCHAR,
        about VARCHAR
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS event_mentions (
        id VARCHAR PRIMARY KEY,
        doc_id VARCHAR,
        event_type VARCHAR,
        mode VARCHAR,
        cameo VARCHAR,
        date VARCHAR,
        source_country VARCHAR,
        target_country VARCHAR,
        is_main BOOLEAN,
        json JSON
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS events (
        id VARCHAR PRIMARY KEY,
        date DATE,
        date_text VARCHAR,
        date_precision VARCHAR,
        event_type VARCHAR,
        mode VARCHAR,
        cameo VARCHAR,
        goldstein DOUBLE,
        quad_class INTEGER,
        source_name VARCHAR,
        source_role VARCHAR,
        source_country VARCHAR,
        source_sector VARCHAR,
        target_name VARCHAR,
        target_role VARCHAR,
        target_country VARCHAR,
        target_sector VARCHAR,
        location_name VARCHAR,
        location_country VARCHAR,
        confidence DOUBLE,
        n_sources INTEGER,
        n_independent INTEGER,
        n_mentions INTEGER,
        search VARCHAR,
        json JSON
    )
    """,
    "CREATE TABLE IF NOT EXISTS event_actors "
    "(event_id VARCHAR, name VARCHAR, role VARCHAR, country VARCHAR, sector VARCHAR)",
    "CREATE TABLE IF NOT EXISTS event_topics (event_id VARCHAR, topic VARCHAR)",
    "CREATE TABLE IF NOT EXISTS event_sources "
    "(event_id VARCHAR, doc_id VARCHAR, url VARCHAR, outlet VARCHAR, published VARCHAR)",
    "CREATE TABLE IF NOT EXISTS evidence (event_id VARCHAR, doc_id VARCHAR, field VARCHAR, "
    'text VARCHAR, start INTEGER, "end" INTEGER)',
    "CREATE TABLE IF NOT EXISTS discrepancies (event_id VARCHAR, field VARCHAR, json JSON)",
    "CREATE TABLE IF NOT EXISTS mention_events (mention_id VARCHAR PRIMARY KEY, event_id VARCHAR)",
    """
    CREATE TABLE IF NOT EXISTS role_assertions (
        doc_id VARCHAR,
        ordinal INTEGER,
        person VARCHAR,
        role VARCHAR,
        country VARCHAR,
        sector VARCHAR,
        as_of DATE,
        since DATE,
        text VARCHAR,
        start INTEGER,
        "end" INTEGER
    )
    """,
    "CREATE TABLE IF NOT EXISTS failures (run_id VARCHAR, origin VARCHAR, line INTEGER, "
    "stage VARCHAR, reason VARCHAR, fix VARCHAR)",
    "CREATE TABLE IF NOT EXISTS runs "
    "(id VARCHAR PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP, counts JSON)",
)

# The serve queries filter events by date, country and dyad and join the child tables by
# event id; mentions and documents stay index-free so bulk ingest is not slowed down.
_V2_INDEXES = (
    "CREATE INDEX IF NOT EXISTS events_date ON events (date)",
    "CREATE INDEX IF NOT EXISTS events_source_country ON events (source_country)",
    "CREATE INDEX IF NOT EXISTS events_target_country ON events (target_country)",
    "CREATE INDEX IF NOT EXISTS events_dyad ON events (source_country, target_country)",
    "CREATE INDEX IF NOT EXISTS event_actors_event ON event_actors (event_id)",
    "CREATE INDEX IF NOT EXISTS event_actors_country ON event_actors (country)",
    "CREATE INDEX IF NOT EXISTS event_topics_event ON event_topics (event_id)",
    "CREATE INDEX IF NOT EXISTS event_sources_event ON event_sources (event_id)",
    "CREATE INDEX IF NOT EXISTS evidence_event ON evidence (event_id)",
    "CREATE INDEX IF NOT EXISTS discrepancies_event ON discrepancies (event_id)",
    "CREATE INDEX IF NOT EXISTS mention_events_event ON mention_events (event_id)",
    "CREATE INDEX IF NOT EXISTS role_assertions_person ON role_assertions (person)",
)

# Incremental fusion finds the fusion block of a new mention by its blocking key (family,
# countries, date window, name tokens) and loads only the mentions of the blocks it touches;
# ``block`` names a fused mention's block (NULL: not fused yet). Rows written before this
# version get their keys when the next run fuses (parley.pipeline.fuse_store). Events get the
# first and last day their date stands for, so month- and year-dated events sort and filter.
_V3_FUSION_BLOCKS = (
    "ALTER TABLE event_mentions ADD COLUMN family VARCHAR",
    "ALTER TABLE event_mentions ADD COLUMN country_a VARCHAR",
    "ALTER TABLE event_mentions ADD COLUMN country_b VARCHAR",
    "ALTER TABLE event_mentions ADD COLUMN date_lo DATE",
    "ALTER TABLE event_mentions ADD COLUMN date_hi DATE",
    "ALTER TABLE event_mentions ADD COLUMN tokens VARCHAR[]",
    "ALTER TABLE event_mentions ADD COLUMN block VARCHAR",
    "ALTER TABLE events ADD COLUMN date_start DATE",
    "ALTER TABLE events ADD COLUMN date_end DATE",
    """
    UPDATE events SET date_start = CASE
        WHEN date_precision = 'year' OR length(date_text) = 4
            THEN TRY_CAST(left(date_text, 4) || '-01-01' AS DATE)
        WHEN date_precision = 'month' OR length(date_text) = 7
            THEN TRY_CAST(left(date_text, 7) || '-01' AS DATE)
        ELSE TRY_CAST(date_text AS DATE) END
    WHERE date_text IS NOT NULL
    """,
    """
    UPDATE events SET date_end = CASE
        WHEN date_precision = 'year' OR length(date_text) = 4
            THEN CAST(date_start + INTERVAL 1 YEAR - INTERVAL 1 DAY AS DATE)
        WHEN date_precision = 'month' OR length(date_text) = 7
            THEN CAST(date_start + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE)
        ELSE date_start END
    WHERE date_start IS NOT NULL
    """,
)
# DuckDB cannot build an index in the transaction that updated its table: a step of its own.
_V4_PERIOD_INDEXES = (
    "CREATE INDEX IF NOT EXISTS events_date_start ON events (date_start)",
    "CREATE INDEX IF NOT EXISTS events_date_end ON events (date_end)",
)
# DuckDB's ART indexes serve only an equality or range filter on the indexed column itself
# (``col = ?``, ``col BETWEEN ? AND ?``), never a join, a semi-join or an OR of columns, which
# is how the event queries filter countries, dyads and child tables. Measured on a 100k-document
# store, every query of the API, the CLI and the dashboard ran as fast without these indexes
# (timeline, dyads, balance, actors, event lists by country, dyad, date and type), while
# keeping them up to date cost ~2.5 % of a run's CPU (evidence alone gains ~19 index entries
# per event mention). ``discrepancies_event`` stays: ``Store.discrepancies`` looks an event up
# by id (0.2 against 0.9 ms); so do the primary keys.
_V5_UNUSED_INDEXES = tuple(
    f"DROP INDEX IF EXISTS {name}"
    for name in (
        "events_date",
        "events_source_country",
        "events_target_country",
        "events_dyad",
        "event_actors_event",
        "event_actors_country",
        "event_topics_event",
        "event_sources_event",
        "evidence_event",
        "mention_events_event",
        "role_assertions_person",
        "events_date_start",
        "events_date_end",
    )
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "tables for documents, mentions, events and runs", _V1_TABLES),
    Migration(2, "indexes for the event queries (date, country, dyad)", _V2_INDEXES),
    Migration(3, "fusion blocking keys of event mentions; event date periods", _V3_FUSION_BLOCKS),
    Migration(4, "indexes for the event date periods", _V4_PERIOD_INDEXES),
    Migration(5, "drop the indexes no query uses (they slowed every write)", _V5_UNUSED_INDEXES),
)

SCHEMA_VERSION = MIGRATIONS[-1].version


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """Return the schema version of an open store (0 for a new, empty file).

    Args:
        con: an open DuckDB connection.

    Returns:
        The highest applied migration number.
    """
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def check_version(version: int, path: str) -> None:
    """Refuse a store written by a newer parley than this one.

    Args:
        version: the store's schema version.
        path: the store file, for the message.

    Raises:
        StoreError: when the store's schema is newer than the last migration known here.
    """
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the store '{path}' has schema version {version}, but this parley only knows "
            f"versions up to {SCHEMA_VERSION}.",
            fix="Upgrade parley (pip install -U parley) to read it.",
        )


def migrate(con: duckdb.DuckDBPyConnection, path: str) -> int:
    """Apply every migration the store lacks, each in its own transaction.

    Safe to call on every open: applied migrations are skipped.

    Args:
        con: a read-write DuckDB connection.
        path: the store file, for error messages.

    Returns:
        The schema version after migrating.

    Raises:
        StoreError: if the store is newer than this parley, or a migration fails.
    """
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version "
        "(version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)"
    )
    version = current_version(con)
    check_version(version, path)
    for step in MIGRATIONS:
        if step.version <= version:
            continue
        try:
            con.execute("BEGIN TRANSACTION")
            for statement in step.statements:
                con.execute(statement)
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, ?)",
                [step.version, step.description, dt.datetime.now(dt.UTC).replace(tzinfo=None)],
            )
            con.execute("COMMIT")
        except duckdb.Error as err:
            con.execute("ROLLBACK")
            raise StoreError(
                f"cannot upgrade the store '{path}' to schema version {step.version} "
                f"({step.description}): {err}.",
                fix="Restore a backup of the file or start a new store with --db NEW_FILE.",
            ) from err
        version = step.version
    return version
