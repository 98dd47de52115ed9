"""Store behaviour: idempotent bulk writes, event replacement, parameterised queries, errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from store_strategies import clean_doc, event_for, mention_for

from parley.errors import ConfigError, NotFoundError, StoreError
from parley.models import Annotation, Mention, RoleAssertion
from parley.store import Store, tables


@pytest.fixture
def store() -> Store:
    with Store(":memory:") as s:
        yield s


def _count(store: Store, table: str) -> int:
    row = store._con.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert row is not None
    return int(row[0])


def _batch(doc_ids: list[str]) -> tuple[list, list, list]:
    docs = [clean_doc(d) for d in doc_ids]
    anns = [
        Annotation(
            doc=d,
            mentions=(Mention(kind="actor", start=0, end=9, text="Ruritania", country="RUR"),),
        )
        for d in docs
    ]
    return docs, anns, [mention_for(d) for d in doc_ids]


def test_store_write_batch_counts_new_documents(store: Store) -> None:
    docs, anns, coded = _batch(["a", "b"])
    assert store.write_batch(docs, anns, coded) == 2
    assert (_count(store, "documents"), _count(store, "mentions")) == (2, 2)
    assert _count(store, "event_mentions") == 2


def test_store_write_batch_twice_adds_nothing(store: Store) -> None:
    docs, anns, coded = _batch(["a", "b"])
    store.write_batch(docs, anns, coded)
    assert store.write_batch(docs, anns, coded) == 0
    assert [_count(store, t) for t in ("documents", "mentions", "event_mentions")] == [2, 2, 2]


def test_store_write_batch_keeps_first_of_duplicate_ids(store: Store) -> None:
    first, second = clean_doc("a", "First text."), clean_doc("a", "Second text.")
    assert store.write_batch([first, second]) == 1
    assert store.get_document("a").text == "First text."


def test_store_write_batch_skips_children_of_known_documents(store: Store) -> None:
    docs, anns, coded = _batch(["a"])
    store.write_batch(docs, anns, coded)
    new_docs, new_anns, new_coded = _batch(["a", "b"])
    assert store.write_batch(new_docs, new_anns, new_coded) == 1
    assert _count(store, "mentions") == 2
    assert {m.doc_id for m in store.all_event_mentions()} == {"a", "b"}


def test_store_write_batch_keeps_a_stored_event_mention_id(store: Store) -> None:
    # parley makes mention ids from document ids; a coder of one's own may give one again
    store.write_batch([clean_doc("a")], event_mentions=[mention_for("a")])
    again = mention_for("a").model_copy(update={"doc_id": "b", "date": "2025-05-06"})
    assert store.write_batch([clean_doc("b")], event_mentions=[again]) == 1
    assert [(m.doc_id, m.date) for m in store.all_event_mentions()] == [("a", "2025-03-04")]
    assert _count(store, "documents") == 2


def test_store_write_batch_keeps_the_first_of_a_repeated_event_mention_id(store: Store) -> None:
    twice = [mention_for("a"), mention_for("a").model_copy(update={"doc_id": "b"})]
    assert store.write_batch([clean_doc("a"), clean_doc("b")], event_mentions=twice) == 2
    assert [m.doc_id for m in store.all_event_mentions()] == ["a"]


def test_store_known_ids_returns_stored_subset(store: Store) -> None:
    store.write_batch([clean_doc("a"), clean_doc("b")])
    assert store.known_ids(["a", "c", "b", "a"]) == {"a", "b"}
    assert store.known_ids([]) == set()


def test_store_rejects_signature_outside_uint64(store: Store) -> None:
    with pytest.raises(StoreError, match="unsigned 64-bit"):
        store.write_batch([clean_doc("a")], signatures={"a": [-1]})
    assert _count(store, "documents") == 0


def test_store_replace_events_is_idempotent(store: Store) -> None:
    event = event_for("e1", ("a#0", "b#0"))
    store.replace_events([event])
    store.replace_events([event])
    assert [_count(store, t) for t in ("events", "event_actors", "event_sources")] == [1, 1, 2]
    assert [_count(store, t) for t in ("evidence", "discrepancies", "mention_events")] == [2, 1, 2]
    assert store.mention_assignments() == {"a#0": "e1", "b#0": "e1"}


def test_store_replace_events_drops_events_merged_away(store: Store) -> None:
    store.replace_events([event_for("e1", ("a#0",)), event_for("e2", ("b#0",))])
    store.replace_events([event_for("e1", ("a#0", "b#0"))])
    assert [e.id for e in store.query_events()] == ["e1"]
    assert store.mention_assignments() == {"a#0": "e1", "b#0": "e1"}
    assert _count(store, "event_sources") == 2


def test_store_replace_events_keeps_untouched_events(store: Store) -> None:
    store.replace_events([event_for("e1", ("a#0",)), event_for("e2", ("b#0",))])
    store.replace_events([event_for("e1", ("a#0",), topics=("energy",))])
    assert store.get_event("e1").topics == ("energy",)
    assert store.get_event("e2").topics == ("trade",)


def test_store_replace_events_keeps_the_first_of_a_repeated_event(store: Store) -> None:
    store.replace_events([event_for("e1", ("a#0",)), event_for("e1", ("a#0",), topics=("energy",))])
    assert _count(store, "events") == 1
    assert store.get_event("e1").topics == ("trade",)


def _tables(store: Store) -> dict[str, list[tuple[object, ...]]]:
    names = ("events", "mention_events", *("event_actors", "event_topics", "event_sources"))
    return {
        t: store._con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
        for t in (*names, "evidence", "discrepancies")
    }


def test_store_replace_event_rows_equals_replace_events() -> None:
    first = [event_for("e1", ("a#0",)), event_for("e2", ("b#0",)), event_for("e3", ("c#0",))]
    # e1 changes, e2 stays, e3 is merged into e1, e4 is new
    second = [
        event_for("e1", ("a#0", "c#0"), topics=("energy",)),
        event_for("e2", ("b#0",)),
        event_for("e4", ("d#0",)),
    ]
    with Store(":memory:") as by_models, Store(":memory:") as by_rows:
        for events in (first, second):
            written = by_models.replace_events(events)
            links = tables.mention_events_table({m: e.id for e in events for m in e.mention_ids})
            assert by_rows.replace_event_rows(tables.event_tables(events), links) == written
        assert _tables(by_rows) == _tables(by_models)
        assert [e.id for e in by_rows.query_events()] == ["e1", "e2", "e4"]


def test_store_replace_event_rows_events_merged_into_a_new_event() -> None:
    # no stored event changes, yet both lose their mentions to a new one: they must go
    first = [event_for("e1", ("a#0",)), event_for("e2", ("b#0",))]
    second = [event_for("e3", ("a#0", "b#0"))]
    with Store(":memory:") as by_models, Store(":memory:") as by_rows:
        for events in (first, second):
            by_models.replace_events(events)
            links = tables.mention_events_table({m: e.id for e in events for m in e.mention_ids})
            by_rows.replace_event_rows(tables.event_tables(events), links)
        assert _tables(by_rows) == _tables(by_models)
        assert [e.id for e in by_rows.query_events()] == ["e3"]
        assert by_rows.mention_assignments() == {"a#0": "e3", "b#0": "e3"}
        assert {r[0] for r in _tables(by_rows)["evidence"]} == {"e3"}


@pytest.fixture
def events_store(store: Store) -> Store:
    store.replace_events(
        [
            event_for("kaz-chn", ("a#0",), date="2025-10-28", source="KAZ", target="CHN"),
            event_for("chn-kaz", ("b#0",), date="2025-10-01", source="CHN", target="KAZ"),
            event_for("kaz-rus", ("c#0",), date="2025-10-21", source="KAZ", target="RUS"),
            event_for(
                "aus-irn",
                ("d#0",),
                date="2025-08-26",
                event_type="SANCTION",
                source="AUS",
                target="IRN",
            ),
            event_for("undated", ("e#0",), date=None, source="RUR", target=None),
        ]
    )
    return store


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["kaz-chn", "kaz-rus", "chn-kaz", "aus-irn", "undated"]),
        ({"country": "kaz"}, ["kaz-chn", "kaz-rus", "chn-kaz"]),
        ({"country": "GFW"}, ["kaz-chn", "kaz-rus", "chn-kaz", "aus-irn", "undated"]),
        ({"dyad": ("CHN", "KAZ")}, ["kaz-chn", "chn-kaz"]),
        ({"dyad": ("KAZ", "CHN")}, ["kaz-chn", "chn-kaz"]),
        ({"event_type": "sanction"}, ["aus-irn"]),
        ({"mode": "visit"}, ["kaz-chn", "kaz-rus", "chn-kaz", "undated"]),
        ({"since": "2025-10-01", "until": dt.date(2025, 10, 21)}, ["kaz-rus", "chn-kaz"]),
        ({"text": "minister of aus"}, ["aus-irn"]),
        ({"text": "STRELSAU"}, ["kaz-chn", "kaz-rus", "chn-kaz", "aus-irn", "undated"]),
        ({"text": "100%_' OR 1=1 --"}, []),
        ({"country": "KAZ", "since": "2025-10-20"}, ["kaz-chn", "kaz-rus"]),
    ],
    ids=[
        "all-newest-first",
        "country-either-side",
        "country-any-actor",
        "dyad-unordered",
        "dyad-reversed",
        "type-case-insensitive",
        "mode",
        "date-range-inclusive",
        "text-in-names",
        "text-in-place",
        "text-is-literal",
        "combined",
    ],
)
def test_store_query_events_filters(
    events_store: Store, filters: dict, expected: list[str]
) -> None:
    assert [e.id for e in events_store.query_events(**filters)] == expected
    assert events_store.count_events(**filters) == len(expected)


def test_store_query_events_pages(events_store: Store) -> None:
    first = events_store.query_events(limit=2)
    second = events_store.query_events(limit=2, offset=2)
    assert [e.id for e in first + second] == ["kaz-chn", "kaz-rus", "chn-kaz", "aus-irn"]


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"country": "Kazakhstan"}, "ISO 3166-1 alpha-3"),
        ({"dyad": ("KAZ",)}, "pair of countries"),
        ({"event_type": "MEET"}, "AGREE, CONSULT"),
        ({"since": "28/10/2025"}, "YYYY-MM-DD"),
        ({"limit": -1}, "must not be negative"),
    ],
    ids=["country-name", "dyad-one", "unknown-type", "bad-date", "negative-limit"],
)
def test_store_query_events_rejects_bad_filters(
    events_store: Store, filters: dict, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        events_store.query_events(**filters)


@pytest.mark.parametrize(
    ("lookup", "hint"),
    [("get_event", "parley events"), ("get_document", "parley docs")],
    ids=["event", "document"],
)
def test_store_missing_id_names_id_and_command(store: Store, lookup: str, hint: str) -> None:
    with pytest.raises(NotFoundError) as err:
        getattr(store, lookup)("no-such-id")
    assert "'no-such-id'" in str(err.value)
    assert hint in str(err.value)


def test_store_documents_lists_newest_first(store: Store) -> None:
    old = clean_doc("old").model_copy(update={"published": dt.date(2020, 1, 1)})
    undated = clean_doc("undated").model_copy(update={"published": None})
    store.write_batch([old, undated, clean_doc("new")])
    assert [d.id for d in store.documents()] == ["new", "old", "undated"]
    assert [d.id for d in store.documents(limit=1, offset=1)] == ["old"]
    assert store.count_documents() == 3


def _role(person: str, as_of: dt.date | None, since: dt.date | None = None) -> RoleAssertion:
    return RoleAssertion(
        person=person,
        role="Minister of Foreign Affairs",
        country="RUR",
        as_of=as_of,
        since=since,
        doc_id="a",
        text=f"{person}, Minister of Foreign Affairs",
        start=0,
        end=10,
    )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["Rudolf", "Flavia", "Sapt"]),
        ({"person": "flavia"}, ["Flavia"]),
        ({"country": "RUR"}, ["Rudolf", "Flavia", "Sapt"]),
        ({"country": "FRE"}, []),
        ({"on": "2024-06-01"}, ["Rudolf", "Flavia"]),
    ],
    ids=["all", "person-any-case", "country", "other-country", "held-on-day"],
)
def test_store_role_assertions_filters(store: Store, filters: dict, expected: list[str]) -> None:
    roles = (
        _role("Rudolf", None),
        _role("Flavia", dt.date(2024, 5, 1)),
        _role("Sapt", dt.date(2025, 1, 1), since=dt.date(2024, 9, 1)),
    )
    store.write_batch([clean_doc("a")], [Annotation(doc=clean_doc("a"), roles=roles)])
    assert [r.person for r in store.role_assertions(**filters)] == expected


def test_store_stats_counts_rows(events_store: Store) -> None:
    docs, anns, coded = _batch(["a", "b"])
    events_store.write_batch(docs, anns, coded)
    stats = events_store.stats()
    assert (stats.documents, stats.mentions, stats.event_mentions, stats.events) == (2, 2, 2, 5)
    assert (stats.first_event, stats.last_event) == (dt.date(2025, 8, 26), dt.date(2025, 10, 28))


def test_store_runs_record_counts(tmp_path: Path) -> None:
    db = tmp_path / "runs.duckdb"
    with Store(db) as store:
        run_id = store.start_run()
        store.finish_run(run_id, {"documents_read": 3})
    with Store(db, read_only=True) as store:
        row = store._con.execute("SELECT id, counts, finished FROM runs").fetchone()
    assert row is not None
    assert row[0] == run_id
    assert '"documents_read":3' in row[1].replace(" ", "")
    assert row[2] is not None


@pytest.mark.parametrize(
    "write",
    [
        lambda s: s.write_batch([clean_doc("a")]),
        lambda s: s.replace_events([]),
        lambda s: s.start_run(),
    ],
    ids=["write_batch", "replace_events", "start_run"],
)
def test_store_read_only_refuses_writes(tmp_path: Path, write) -> None:
    db = tmp_path / "ro.duckdb"
    Store(db).close()
    with Store(db, read_only=True) as store, pytest.raises(StoreError, match="read-only"):
        write(store)


def test_store_persists_across_opens(tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    docs, anns, coded = _batch(["a"])
    with Store(db) as store:
        store.write_batch(docs, anns, coded)
        store.replace_events([event_for("e1", ("a#0",))])
    with Store(db, read_only=True) as store:
        assert store.get_document("a").text == docs[0].text
        assert store.get_event("e1").mention_ids == ("a#0",)


def test_store_memory_limit_is_applied(tmp_path: Path) -> None:
    with Store(tmp_path / "m.duckdb", memory_limit="256MB") as store:
        row = store._con.execute("SELECT current_setting('memory_limit')").fetchone()
    assert row is not None
    assert row[0].replace(" ", "") in {"256.0MiB", "244.1MiB", "256MB"}


def test_store_written_file_has_small_row_groups_and_its_own_temp_directory(
    tmp_path: Path,
) -> None:
    db = tmp_path / "rg.duckdb"
    with Store(db) as store:
        store._con.execute("CREATE TABLE numbers AS SELECT range AS n FROM range(40000)")
        groups = store._cursor().execute(
            "SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('numbers')"
        )
        assert groups.fetchone() == (3,)  # 16384-row groups, not DuckDB's 122880
        row = store._con.execute("SELECT current_setting('temp_directory')").fetchone()
    assert row == (f"{db}.tmp",)
    with Store(db, read_only=True) as store:
        assert store._con.execute("SELECT count(*) FROM numbers").fetchone() == (40000,)


def test_store_second_writer_in_one_process_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "twice.duckdb"
    with Store(db), pytest.raises(StoreError, match="already open for writing"):
        Store(db)


def test_store_bad_memory_limit_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="store_memory_limit"):
        Store(tmp_path / "m.duckdb", memory_limit="lots")


@pytest.fixture
def periods_store(store: Store) -> Store:
    month = event_for("month", ("m#0",), date="2025-10-01", source="KAZ", target="CHN")
    year = event_for("year", ("y#0",), date="2024", source="KAZ", target="CHN")
    store.replace_events(
        [
            event_for("day", ("d#0",), date="2025-10-20", source="KAZ", target="CHN"),
            month.model_copy(update={"date": "2025-10", "date_precision": "month"}),
            year.model_copy(update={"date_precision": "year"}),
            event_for("undated", ("u#0",), date=None, source="KAZ", target="CHN"),
        ]
    )
    return store


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["day", "month", "year", "undated"]),
        ({"since": "2025-10-15"}, ["day", "month"]),
        ({"until": "2025-10-05"}, ["month", "year"]),
        ({"since": "2025-10-25", "until": "2025-11-30"}, ["month"]),
        ({"since": "2024-06-01", "until": "2024-06-30"}, ["year"]),
        ({"since": "2025-11-01"}, []),
    ],
    ids=["sorted-by-first-day", "month-overlaps-since", "until", "inside-month", "year", "after"],
)
def test_store_query_events_dates_months_and_years_by_their_days(
    periods_store: Store, filters: dict, expected: list[str]
) -> None:
    assert [e.id for e in periods_store.query_events(**filters)] == expected
    assert periods_store.count_events(**filters) == len(expected)


def test_store_document_ids_lists_every_document(store: Store) -> None:
    docs, anns, coded = _batch(["b", "a", "c"])
    store.write_batch(docs, anns, coded)
    assert list(store.document_ids(chunk=2)) == ["a", "b", "c"]


def test_store_reads_back_the_fusion_key_of_each_mention(store: Store) -> None:
    from parley.fuse.blocks import block_key
    from parley.models import Actor, Location

    two = mention_for("a")
    one = mention_for("b").model_copy(update={"target": None})
    none = mention_for("c").model_copy(
        update={
            "source": Actor(name="Ruritania"),
            "target": None,
            "location": Location(name="Strelsau"),
        }
    )
    undated = mention_for("d").model_copy(update={"date": None})
    docs, anns, _ = _batch(["a", "b", "c", "d"])
    store.write_batch(docs, anns, [two, one, none, undated])
    keys = store.fusion_keys(unfused=True)
    assert keys == [block_key(m) for m in (two, one, none, undated)]
    assert [k.countries for k in keys] == [("FRE", "RUR"), ("RUR",), (), ("FRE", "RUR")]
    assert keys[2].tokens and keys[3].lo is None
    assert store.related_blocks() == []  # nothing fused yet


def test_store_keeps_fusion_keys_and_blocks(store: Store) -> None:
    docs, anns, coded = _batch(["a", "b"])
    store.write_batch(docs, anns, coded)
    keys = store.fusion_keys(unfused=True)
    assert [k.mention_id for k in keys] == ["a#0", "b#0"]
    assert store.unfused_mentions() == 2
    store.replace_events([event_for("e1", ("a#0", "b#0"))], blocks={"a#0": "a#0", "b#0": "a#0"})
    assert store.unfused_mentions() == 0
    assert store.fusion_keys(blocks=["a#0"]) == keys
    assert [m.id for m in store.event_mentions_by_id(["b#0", "zz#0"])] == ["b#0"]
    assert store.mention_assignments(["a#0"]) == {"a#0": "e1"}
