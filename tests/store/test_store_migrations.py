"""Schema versions: migrations apply once, newer stores are refused, bad files explained."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from parley.errors import StoreError
from parley.store import MIGRATIONS, SCHEMA_VERSION, Store
from parley.store import migrations as migrations_module
from parley.store.migrations import Migration


def _versions(db: Path) -> list[int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [
            r[0] for r in con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
        ]
    finally:
        con.close()


def test_migrations_are_numbered_in_order() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert MIGRATIONS[-1].version == SCHEMA_VERSION


def test_migrations_apply_once_on_reopen(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    for _ in range(3):
        with Store(db) as store:
            assert store.schema_version == SCHEMA_VERSION
    assert _versions(db) == list(range(1, SCHEMA_VERSION + 1))


def test_migrations_upgrade_an_older_store(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description VARCHAR, "
        "applied_at TIMESTAMP)"
    )
    for statement in MIGRATIONS[0].statements:
        con.execute(statement)
    con.execute("INSERT INTO schema_version VALUES (1, 'v1', now())")
    con.close()
    with pytest.raises(StoreError, match="Open it once for writing"):
        Store(db, read_only=True)
    with Store(db) as store:
        assert store.schema_version == SCHEMA_VERSION
    assert _versions(db) == list(range(1, SCHEMA_VERSION + 1))


def test_migrations_refuse_a_newer_store(tmp_path: Path) -> None:
    db = tmp_path / "new.duckdb"
    Store(db).close()
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_version VALUES (?, 'from the future', now())", [99])
    con.close()
    for read_only in (False, True):
        with pytest.raises(StoreError, match=r"schema version 99.*Upgrade parley"):
            Store(db, read_only=read_only)


def test_migrations_failed_step_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = (*MIGRATIONS, Migration(SCHEMA_VERSION + 1, "broken", ("CREATE TABLE x (",)))
    monkeypatch.setattr(migrations_module, "MIGRATIONS", broken)
    db = tmp_path / "b.duckdb"
    with pytest.raises(StoreError, match=f"schema version {SCHEMA_VERSION + 1} \\(broken\\)"):
        Store(db)
    assert _versions(db) == list(range(1, SCHEMA_VERSION + 1))


@pytest.mark.parametrize(
    ("setup", "read_only", "message"),
    [
        (lambda p: None, True, "there is no store.*parley run"),
        (lambda p: p.write_bytes(b"not a database" * 500), False, "not a parley store"),
    ],
    ids=["missing-read-only", "not-duckdb"],
)
def test_store_open_explains_bad_files(
    tmp_path: Path, setup, read_only: bool, message: str
) -> None:
    db = tmp_path / "x.duckdb"
    setup(db)
    with pytest.raises(StoreError, match=message):
        Store(db, read_only=read_only)


def test_store_open_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "nowhere" / "x.duckdb")


def test_store_open_locked_by_another_process(tmp_path: Path) -> None:
    db = tmp_path / "locked.duckdb"
    Store(db).close()
    holder = textwrap.dedent(
        f"""
        import sys, duckdb
        con = duckdb.connect({str(db)!r})
        print("locked", flush=True)
        sys.stdin.readline()
        """
    )
    with subprocess.Popen(
        [sys.executable, "-c", holder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdin is not None
        assert proc.stdout is not None
        try:
            assert proc.stdout.readline().strip() == "locked"
            with pytest.raises(StoreError, match="in use by another parley process"):
                Store(db, read_only=True)
        finally:
            proc.stdin.close()
            proc.wait(timeout=10)


def _store_at_version(db: Path, version: int) -> duckdb.DuckDBPyConnection:
    """A store file as the first ``version`` migrations left it, open for filling."""
    con = duckdb.connect(str(db))
    con.execute(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description VARCHAR, "
        "applied_at TIMESTAMP)"
    )
    for step in MIGRATIONS[:version]:
        for statement in step.statements:
            con.execute(statement)
        con.execute("INSERT INTO schema_version VALUES (?, 'old', now())", [step.version])
    return con


def test_migration_3_gives_stored_events_their_date_periods(tmp_path: Path) -> None:
    db = tmp_path / "v2.duckdb"
    con = _store_at_version(db, 2)
    con.execute(
        "INSERT INTO events (id, date_text, date_precision, json) VALUES "
        "('d', '2025-10-28', 'day', '{}'), ('m', '2024-02', 'month', '{}'), "
        "('y', '2023', 'year', '{}'), ('n', NULL, NULL, '{}')"
    )
    con.close()
    with Store(db) as store:
        rows = store._con.execute(
            "SELECT id, date_start, date_end FROM events ORDER BY id"
        ).fetchall()
    day = dt.date
    assert rows == [
        ("d", day(2025, 10, 28), day(2025, 10, 28)),
        ("m", day(2024, 2, 1), day(2024, 2, 29)),
        ("n", None, None),
        ("y", day(2023, 1, 1), day(2023, 12, 31)),
    ]


def _indexes(db: Path) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
    finally:
        con.close()


def test_migration_5_drops_the_indexes_no_query_uses(tmp_path: Path) -> None:
    db = tmp_path / "v4.duckdb"
    con = _store_at_version(db, 4)
    con.execute("INSERT INTO events (id, source_country, json) VALUES ('e1', 'KAZ', '{}')")
    con.execute("INSERT INTO evidence VALUES ('e1', 'd1', 'type', 'met', 0, 3)")
    con.execute("INSERT INTO discrepancies VALUES ('e1', 'date', '{}')")
    con.close()
    assert len(_indexes(db)) == 14  # what versions 2 and 4 built
    with Store(db) as store:
        assert store.schema_version == SCHEMA_VERSION
        kept = store._con.execute("SELECT count(*) FROM evidence WHERE event_id = 'e1'").fetchone()
    assert kept == (1,)
    # the look-up of an event's discrepancies by id keeps its index
    assert _indexes(db) == {"discrepancies_event"}
    # and a new store never keeps the others
    Store(tmp_path / "new.duckdb").close()
    assert _indexes(tmp_path / "new.duckdb") == {"discrepancies_event"}
