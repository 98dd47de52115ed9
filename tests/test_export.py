"""Exports load back: Parquet into DuckDB, GDELT TSV with 61 columns, POLECAT JSONL field names."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.errors import ConfigError, StoreError
from parley.export import (
    CSV_COLUMNS,
    EVENT_SCHEMA,
    GDELT_COLUMNS,
    POLECAT_FIELDS,
    event_from_row,
    event_to_row,
    events_to_table,
    export_events,
    gdelt_row,
    iter_store_events,
    polecat_record,
)
from parley.models import (
    PLOVER_TYPES,
    Actor,
    Discrepancy,
    DiscrepancyValue,
    Event,
    Evidence,
    Fact,
    Location,
    Quantity,
    Source,
)
from parley.serve.sample import BEIJING_EVENT, build_sample_store, sample_events


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return sample_events()


def beijing(events: list[Event]) -> Event:
    return next(e for e in events if e.id == BEIJING_EVENT)


def test_gdelt_has_61_columns_in_file_order() -> None:
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    assert GDELT_COLUMNS.index("NumMentions") == 31


def test_gdelt_row_of_the_beijing_event(events: list[Event]) -> None:
    row = dict(zip(GDELT_COLUMNS, gdelt_row(beijing(events)), strict=True))
    assert row["SQLDATE"] == "20251028"
    assert row["MonthYear"] == "202510"
    assert row["Actor1Code"] == "KAZGOV"
    assert row["Actor2CountryCode"] == "CHN"
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("042", "042", "04")
    assert (row["NumArticles"], row["NumSources"], row["NumMentions"]) == ("2", "2", "2")
    assert row["ActionGeo_FullName"] == "Beijing, China"
    assert row["ActionGeo_Type"] == "4"
    assert row["SOURCEURL"].startswith("https://wire.example.kz/")


def test_gdelt_tsv_loads_back_with_61_columns(events: list[Event], tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    assert export_events(events, "gdelt", out) == len(events)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    assert len(rows) == len(events)
    assert {len(r) for r in rows} == {61}


def test_gdelt_keeps_tabs_out_of_values() -> None:
    event = Event(id="x", event_type="CONSULT", source=Actor(name="A\tB\nC"))
    assert gdelt_row(event)[GDELT_COLUMNS.index("Actor1Name")] == "A B C"


def test_polecat_jsonl_uses_polecat_field_names(events: list[Event], tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    export_events(events, "polecat", out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(events)
    assert all(tuple(r) == POLECAT_FIELDS for r in records)
    first = next(r for r in records if r["event_id"] == BEIJING_EVENT)
    assert first["event_type"] == "CONSULT" and first["event_mode"] == "visit"
    assert first["actor_country"] == "KAZ" and first["recipient_country"] == "CHN"
    assert first["placename"] == "Beijing" and first["country"] == "CHN"
    assert first["story_ids"] == ["steppe-wire-1028", "mfa-kz-1028"]


def test_polecat_record_without_parties() -> None:
    record = polecat_record(Event(id="y", event_type="PROTEST"))
    assert record["actor_name"] is None and record["recipient_country"] is None


def test_csv_has_header_and_one_row_per_event(events: list[Event], tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    export_events(events, "csv", out)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == CSV_COLUMNS
    row = next(r for r in rows if r["id"] == BEIJING_EVENT)
    assert row["topics"] == "trade;transport_logistics;energy;culture_people"
    assert row["n_sources"] == "2"


def test_parquet_loads_into_duckdb(events: list[Event], tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    export_events(iter(events), "parquet", out)
    assert pq.read_schema(out).equals(EVENT_SCHEMA)
    con = duckdb.connect()
    n, sources = con.execute(
        "SELECT count(*), sum(len(sources)) FROM read_parquet(?)", [str(out)]
    ).fetchone() or (0, 0)
    assert (n, sources) == (len(events), sum(len(e.sources) for e in events))
    (outlet,) = con.execute(
        "SELECT sources[1].outlet FROM read_parquet(?) WHERE id = ?", [str(out), BEIJING_EVENT]
    ).fetchone() or ("",)
    assert outlet == "Steppe Wire Service"
    back = [event_from_row(r) for r in pq.read_table(out).to_pylist()]
    assert sorted(back, key=lambda e: e.id) == sorted(events, key=lambda e: e.id)


def test_empty_parquet_export_is_valid(tmp_path: Path) -> None:
    out = tmp_path / "none.parquet"
    assert export_events([], "parquet", out) == 0
    assert pq.read_table(out).num_rows == 0


def test_export_from_a_store_file(tmp_path: Path) -> None:
    db = build_sample_store(tmp_path / "s.duckdb")
    stored = list(iter_store_events(db))
    assert sorted(e.id for e in stored) == sorted(e.id for e in sample_events())


@pytest.mark.parametrize(
    ("fmt", "out", "error"),
    [("xml", "x.xml", ConfigError), ("csv", "missing/dir/x.csv", StoreError)],
    ids=["unknown-format", "unwritable-path"],
)
def test_export_errors(tmp_path: Path, fmt: str, out: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        export_events(sample_events(), fmt, tmp_path / out)


_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_OPT = st.none() | _TEXT
_DOCS = st.lists(_TEXT, max_size=3).map(tuple)
_ACTOR = st.builds(Actor, name=_TEXT, role=_OPT, country=_OPT, sector=_OPT)
_EVIDENCE = st.builds(
    Evidence,
    field=_TEXT,
    text=_TEXT,
    start=st.integers(0, 10**6),
    end=st.integers(0, 10**6),
    doc_id=_OPT,
)
_EVENT = st.builds(
    Event,
    id=_TEXT,
    date=st.none() | st.dates().map(lambda d: d.isoformat()) | st.sampled_from(["2025-09", "2025"]),
    date_precision=st.none() | st.sampled_from(["day", "week", "month", "year"]),
    location=st.none()
    | st.builds(Location, name=_TEXT, country=_OPT)
    | st.builds(Location, name=st.none(), country=_TEXT),
    event_type=st.sampled_from(PLOVER_TYPES),
    mode=_OPT,
    context=_DOCS,
    cameo=_OPT,
    goldstein=st.none() | st.floats(-10, 10),
    quad_class=st.none() | st.integers(1, 4),
    source=st.none() | _ACTOR,
    target=st.none() | _ACTOR,
    actors=st.lists(_ACTOR, max_size=3).map(tuple),
    topics=_DOCS,
    quantities=st.lists(
        st.builds(
            Quantity,
            text=_TEXT,
            value=st.none() | st.floats(allow_nan=False),
            unit=_OPT,
            about=_OPT,
            doc_ids=_DOCS,
        ),
        max_size=2,
    ).map(tuple),
    sources=st.lists(
        st.builds(
            Source,
            doc_id=_TEXT,
            url=_OPT,
            outlet=_OPT,
            published=_OPT,
            evidence=st.lists(_EVIDENCE, max_size=2).map(tuple),
            duplicate_of=_OPT,
        ),
        max_size=3,
    ).map(tuple),
    discrepancies=st.lists(
        st.builds(
            Discrepancy,
            field=_TEXT,
            values=st.lists(
                st.builds(DiscrepancyValue, value=_TEXT, doc_ids=_DOCS), max_size=2
            ).map(tuple),
        ),
        max_size=2,
    ).map(tuple),
    facts=st.lists(st.builds(Fact, field=_TEXT, value=_TEXT, doc_ids=_DOCS), max_size=2).map(tuple),
    confidence=st.floats(0, 1),
    mention_ids=_DOCS,
)


@settings(max_examples=60, deadline=None)
@given(event=_EVENT)
def test_parquet_row_round_trips_every_event(event: Event) -> None:
    assert event_from_row(event_to_row(event)) == event
    table = events_to_table([event])
    assert event_from_row(table.to_pylist()[0]) == event
