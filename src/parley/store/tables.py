"""Turn lists of stage models into pyarrow Tables, one per store table, for bulk inserts.

The store never inserts row by row: each writer builds one Arrow table per store table and runs
``INSERT INTO t (cols) SELECT cols FROM arrow_table``. Columns are named explicitly, so later
migrations may add columns without touching these builders.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import operator
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pyarrow as pa

from parley.fuse.blocks import BlockKey, block_key
from parley.models import (
    Annotation,
    CleanDocument,
    Document,
    Event,
    EventMention,
    Failure,
    Mention,
    RoleAssertion,
)

_STR = pa.string()
_INT = pa.int32()
_DATE = pa.date32()

DOCUMENTS = pa.schema(
    [
        ("id", _STR),
        ("url", _STR),
        ("outlet", _STR),
        ("published", _DATE),
        ("published_raw", _STR),
        ("title", _STR),
        ("origin", _STR),
        ("format", _STR),
        ("raw", _STR),
        ("text", _STR),
        ("offsets", _STR),
        ("removed", _STR),
        ("sentences", _STR),
        ("dateline", _STR),
        ("dateline_date", _DATE),
        ("signature", pa.list_(pa.uint64())),
        ("ingested_at", pa.timestamp("us")),
        ("run_id", _STR),
    ]
)

MENTIONS = pa.schema(
    [
        ("doc_id", _STR),
        ("ordinal", _INT),
        ("kind", _STR),
        ("start", _INT),
        ("end", _INT),
        ("text", _STR),
        ("sentence", _INT),
        ("value", _STR),
        ("country", _STR),
        ("role", _STR),
        ("sector", _STR),
        ("actor_type", _STR),
        ("precision", _STR),
        ("expression", _STR),
        ("number", pa.float64()),
        ("unit", _STR),
        ("about", _STR),
    ]
)

ROLE_ASSERTIONS = pa.schema(
    [
        ("doc_id", _STR),
        ("ordinal", _INT),
        ("person", _STR),
        ("role", _STR),
        ("country", _STR),
        ("sector", _STR),
        ("as_of", _DATE),
        ("since", _DATE),
        ("text", _STR),
        ("start", _INT),
        ("end", _INT),
    ]
)

EVENT_MENTIONS = pa.schema(
    [
        ("id", _STR),
        ("doc_id", _STR),
        ("event_type", _STR),
        ("mode", _STR),
        ("cameo", _STR),
        ("date", _STR),
        ("source_country", _STR),
        ("target_country", _STR),
        ("is_main", pa.bool_()),
        ("json", _STR),
        # fusion's blocking key (parley.fuse.BlockKey): the store finds a mention's fusion
        # block with these, without reading the JSON
        ("family", _STR),
        ("country_a", _STR),
        ("country_b", _STR),
        ("date_lo", _DATE),
        ("date_hi", _DATE),
        ("tokens", pa.list_(_STR)),
    ]
)

EVENTS = pa.schema(
    [
        ("id", _STR),
        ("date", _DATE),
        ("date_text", _STR),
        ("date_precision", _STR),
        ("event_type", _STR),
        ("mode", _STR),
        ("cameo", _STR),
        ("goldstein", pa.float64()),
        ("quad_class", _INT),
        ("source_name", _STR),
        ("source_role", _STR),
        ("source_country", _STR),
        ("source_sector", _STR),
        ("target_name", _STR),
        ("target_role", _STR),
        ("target_country", _STR),
        ("target_sector", _STR),
        ("location_name", _STR),
        ("location_country", _STR),
        ("confidence", pa.float64()),
        ("n_sources", _INT),
        ("n_independent", _INT),
        ("n_mentions", _INT),
        ("search", _STR),
        ("json", _STR),
        ("date_start", _DATE),
        ("date_end", _DATE),
    ]
)

EVENT_ACTORS = pa.schema(
    [("event_id", _STR), ("name", _STR), ("role", _STR), ("country", _STR), ("sector", _STR)]
)
EVENT_TOPICS = pa.schema([("event_id", _STR), ("topic", _STR)])
EVENT_SOURCES = pa.schema(
    [("event_id", _STR), ("doc_id", _STR), ("url", _STR), ("outlet", _STR), ("published", _STR)]
)
EVIDENCE = pa.schema(
    [
        ("event_id", _STR),
        ("doc_id", _STR),
        ("field", _STR),
        ("text", _STR),
        ("start", _INT),
        ("end", _INT),
    ]
)
DISCREPANCIES = pa.schema([("event_id", _STR), ("field", _STR), ("json", _STR)])
MENTION_EVENTS = pa.schema([("mention_id", _STR), ("event_id", _STR)])
FAILURES = pa.schema(
    [
        ("run_id", _STR),
        ("origin", _STR),
        ("line", _INT),
        ("stage", _STR),
        ("reason", _STR),
        ("fix", _STR),
    ]
)


def _table(schema: pa.Schema, columns: Mapping[str, Sequence[object]]) -> pa.Table:
    """Build a table in schema order so a typo in a column name fails loudly here."""
    return pa.table(
        [
            column if isinstance(column := columns[f.name], pa.Array) else pa.array(column, f.type)
            for f in schema
        ],
        schema=schema,
    )


def _columns(schema: pa.Schema) -> dict[str, list[object]]:
    """Empty column lists for a schema, filled by the builders below."""
    return {f.name: [] for f in schema}


def parse_day(value: str | None) -> dt.date | None:
    """Read a ``YYYY-MM-DD`` string as a date; anything else (``None``, partial) gives ``None``.

    Args:
        value: the date text of an event or mention.

    Returns:
        The date, or ``None`` when the text is not a full ISO day.
    """
    if not value or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def documents_table(
    docs: Sequence[CleanDocument],
    originals: Mapping[str, Document],
    annotations: Mapping[str, Annotation],
    signatures: Mapping[str, Sequence[int]],
    *,
    run_id: str | None,
    now: dt.datetime,
) -> pa.Table:
    """Rows of ``documents`` for cleaned documents (raw text and format from their originals).

    Args:
        docs: the cleaned documents.
        originals: ingested documents by id (gives ``raw`` and ``format``).
        annotations: annotations by document id (gives the sentence spans).
        signatures: MinHash signatures by document id.
        run_id: the run writing these rows.
        now: the ingestion timestamp (naive UTC).

    Returns:
        A table with the ``documents`` columns.
    """
    cols = _columns(DOCUMENTS)
    for doc in docs:
        original = originals.get(doc.doc_id)
        ann = annotations.get(doc.doc_id)
        cols["id"].append(doc.doc_id)
        cols["url"].append(doc.url)
        cols["outlet"].append(doc.outlet)
        cols["published"].append(doc.published)
        cols["published_raw"].append(doc.published_raw)
        cols["title"].append(doc.title)
        cols["origin"].append(doc.origin)
        cols["format"].append(original.format if original else None)
        cols["raw"].append(original.raw if original else None)
        cols["text"].append(doc.text)
        cols["offsets"].append(json.dumps(doc.offsets))
        # vars() of these models is their model_dump() (fields only), without copying
        cols["removed"].append(json.dumps(list(map(vars, doc.removed))))
        cols["sentences"].append(
            json.dumps([(s.start, s.end) for s in ann.sentences]) if ann else "[]"
        )
        cols["dateline"].append(doc.dateline)
        cols["dateline_date"].append(doc.dateline_date)
        cols["ingested_at"].append(now)
        cols["run_id"].append(run_id)
    return _table(
        DOCUMENTS, {**cols, "signature": _signatures([signatures.get(d.doc_id, ()) for d in docs])}
    )


def _signatures(signatures: Sequence[Sequence[int]]) -> pa.Array:
    """The signature column built from one flat numpy array (pyarrow converts nested lists of
    Python ints about 50 times slower). Values outside uint64 raise OverflowError."""
    lengths = np.fromiter(map(len, signatures), dtype=np.int32, count=len(signatures))
    offsets = np.zeros(len(signatures) + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    flat = np.fromiter(
        itertools.chain.from_iterable(signatures), dtype=np.uint64, count=int(offsets[-1])
    )
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(flat, pa.uint64()))


# A model's __dict__ holds its fields in declaration order (pydantic fills it so, and so must
# parley.models.build_trusted): when that order is the table's, the dict's values are the row.
_MENTION_COLUMNS = tuple(f.name for f in MENTIONS)[2:]
_MENTION_VALUES_ARE_ROWS = tuple(Mention.model_fields) == _MENTION_COLUMNS


def mentions_table(annotations: Iterable[Annotation]) -> pa.Table:
    """Rows of ``mentions``: every mention of every annotation, in document order.

    Args:
        annotations: annotated documents.

    Returns:
        A table with the ``mentions`` columns.
    """
    doc_ids: list[str] = []
    ordinals: list[int] = []
    rows: list[Iterable[object]] = []
    # a mention's fields are in its __dict__: reading them there is cheaper than attributes
    row = dict.values if _MENTION_VALUES_ARE_ROWS else operator.itemgetter(*_MENTION_COLUMNS)
    for ann in annotations:
        count = len(ann.mentions)
        doc_ids += [ann.doc.doc_id] * count
        ordinals += range(count)
        rows += map(row, map(vars, ann.mentions))
    # One row per mention, turned into columns at C speed (about 25 mentions per document).
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in _MENTION_COLUMNS]
    return _table(
        MENTIONS,
        {
            "doc_id": doc_ids,
            "ordinal": ordinals,
            **dict(zip(_MENTION_COLUMNS, columns, strict=True)),
        },
    )


def role_assertions_table(annotations: Iterable[Annotation]) -> pa.Table:
    """Rows of ``role_assertions``: the dated roles each document asserts.

    Args:
        annotations: annotated documents.

    Returns:
        A table with the ``role_assertions`` columns.
    """
    cols = _columns(ROLE_ASSERTIONS)
    names = [f.name for f in ROLE_ASSERTIONS][2:]
    for ann in annotations:
        for ordinal, role in enumerate(ann.roles):
            cols["doc_id"].append(role.doc_id)
            cols["ordinal"].append(ordinal)
            values = role.__dict__
            for name in names:
                cols[name].append(values[name])
    return _table(ROLE_ASSERTIONS, cols)


def event_mentions_table(mentions: Iterable[EventMention]) -> pa.Table:
    """Rows of ``event_mentions``: queryable columns plus the full model as JSON.

    Args:
        mentions: coded event mentions.

    Returns:
        A table with the ``event_mentions`` columns.
    """
    cols = _columns(EVENT_MENTIONS)
    for m in mentions:
        cols["id"].append(m.id)
        cols["doc_id"].append(m.doc_id)
        cols["event_type"].append(m.event_type)
        cols["mode"].append(m.mode)
        cols["cameo"].append(m.cameo)
        cols["date"].append(m.date)
        cols["source_country"].append(m.source.country if m.source else None)
        cols["target_country"].append(m.target.country if m.target else None)
        cols["is_main"].append(m.is_main)
        cols["json"].append(m.model_dump_json())
        key_columns(block_key(m), cols)
    return _table(EVENT_MENTIONS, cols)


def key_columns(key: BlockKey, cols: Mapping[str, list[object]]) -> None:
    """Append a blocking key to the key columns of ``event_mentions`` (see :data:`KEY_COLUMNS`).

    Args:
        key: the mention's blocking key.
        cols: column lists to append to.
    """
    countries = (*key.countries, None, None)
    cols["family"].append(key.family)
    cols["country_a"].append(countries[0])
    cols["country_b"].append(countries[1])
    cols["date_lo"].append(dt.date.fromordinal(key.lo) if key.lo is not None else None)
    cols["date_hi"].append(dt.date.fromordinal(key.hi) if key.hi is not None else None)
    cols["tokens"].append(list(key.tokens))


KEY_COLUMNS = ("id", "family", "country_a", "country_b", "date_lo", "date_hi", "tokens")
"""The ``event_mentions`` columns a :class:`~parley.fuse.BlockKey` is read back from."""


def date_period(date: str | None, precision: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day an event date stands for, for sortable, filterable columns.

    A day (or a week-precision estimate of a day) stands for that day; a month or a year for
    all of its days. ``YYYY-MM`` and ``YYYY`` texts are read as months and years.

    Args:
        date: the event date text.
        precision: day, week, month, year or ``None``.

    Returns:
        ``(first, last)``, or ``(None, None)`` for a missing or unreadable date.
    """
    if not date:
        return None, None
    parts = date.split("-")
    try:
        year = int(parts[0])
        if precision == "year" or len(parts) == 1:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        month = int(parts[1])
        if precision == "month" or len(parts) == 2:
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return dt.date(year, month, 1), following - dt.timedelta(days=1)
        day = dt.date(year, month, int(parts[2]))
    except (ValueError, IndexError):
        return None, None
    return day, day


def _search_words(event: Event) -> list[str]:
    """What a user may look an event up by, before its sources: type, names, places, topics
    and figures (:func:`event_tables` adds each source's outlet and evidence words)."""
    parts: list[str] = [event.event_type, event.mode or "", event.cameo or ""]
    for actor in (event.source, event.target, *event.actors):
        if actor is not None:
            parts += [actor.name, actor.role or "", actor.country or ""]
    if event.location is not None:
        parts += [event.location.name or "", event.location.country or ""]
    parts += event.topics
    parts += [q.text for q in event.quantities]
    return parts


def event_tables(
    events: Sequence[Event], dumped: Mapping[str, str] | None = None
) -> dict[str, pa.Table]:
    """Rows of ``events`` and its child tables for fused events.

    Args:
        events: fused events (written sorted by date so date scans skip row groups).
        dumped: each event's ``model_dump_json()`` by id, when already computed.

    Returns:
        One table per store table name (events, event_actors, event_topics, event_sources,
        evidence, discrepancies).
    """
    dumped = dumped or {}
    ev = _columns(EVENTS)
    actor_rows: list[tuple[str, str, str | None, str | None, str | None]] = []
    topic_rows: list[tuple[str, str]] = []
    source_rows: list[tuple[str, str, str | None, str | None, str | None]] = []
    evidence_rows: list[tuple[str, str, str, str, int, int]] = []
    discrepancy_rows: list[tuple[str, str, str]] = []
    ordered = sorted(events, key=lambda e: (e.date or "", e.id))
    for e in ordered:
        event_id = e.id
        src, tgt, loc = e.source, e.target, e.location
        ev["id"].append(event_id)
        ev["date"].append(parse_day(e.date))
        ev["date_text"].append(e.date)
        ev["date_precision"].append(e.date_precision)
        ev["event_type"].append(e.event_type)
        ev["mode"].append(e.mode)
        ev["cameo"].append(e.cameo)
        ev["goldstein"].append(e.goldstein)
        ev["quad_class"].append(e.quad_class)
        ev["source_name"].append(src.name if src else None)
        ev["source_role"].append(src.role if src else None)
        ev["source_country"].append(src.country if src else None)
        ev["source_sector"].append(src.sector if src else None)
        ev["target_name"].append(tgt.name if tgt else None)
        ev["target_role"].append(tgt.role if tgt else None)
        ev["target_country"].append(tgt.country if tgt else None)
        ev["target_sector"].append(tgt.sector if tgt else None)
        ev["location_name"].append(loc.name if loc else None)
        ev["location_country"].append(loc.country if loc else None)
        ev["confidence"].append(e.confidence)
        ev["n_sources"].append(len(e.sources))
        ev["n_independent"].append(sum(1 for s in e.sources if s.duplicate_of is None))
        ev["n_mentions"].append(len(e.mention_ids))
        ev["json"].append(dumped.get(event_id) or e.model_dump_json())
        first, last = date_period(e.date, e.date_precision)
        ev["date_start"].append(first)
        ev["date_end"].append(last)
        actor_rows += [(event_id, a.name, a.role, a.country, a.sector) for a in e.actors]
        topic_rows += [(event_id, topic) for topic in e.topics]
        search = _search_words(e)
        for source in e.sources:
            doc_id = source.doc_id
            source_rows.append((event_id, doc_id, source.url, source.outlet, source.published))
            search.append(source.outlet or "")
            for item in source.evidence:
                values = item.__dict__  # ~17 per mention: plain reads of the validated fields
                text = values["text"]
                search.append(text)
                evidence_rows.append(
                    (
                        event_id,
                        values["doc_id"] or doc_id,
                        values["field"],
                        text,
                        values["start"],
                        values["end"],
                    )
                )
        ev["search"].append("\n".join(p for p in search if p).lower())
        discrepancy_rows += [
            (event_id, disc.field, disc.model_dump_json()) for disc in e.discrepancies
        ]
    return {
        "events": _table(EVENTS, ev),
        "event_actors": _rows_table(EVENT_ACTORS, actor_rows),
        "event_topics": _rows_table(EVENT_TOPICS, topic_rows),
        "event_sources": _rows_table(EVENT_SOURCES, source_rows),
        "evidence": _rows_table(EVIDENCE, evidence_rows),
        "discrepancies": _rows_table(DISCREPANCIES, discrepancy_rows),
    }


def _rows_table(schema: pa.Schema, rows: Sequence[tuple[object, ...]]) -> pa.Table:
    """A table from rows given as tuples in schema order (one tuple a row, not a list a cell)."""
    if not rows:
        return schema.empty_table()
    return pa.table(
        [
            pa.array(column, f.type)
            for f, column in zip(schema, zip(*rows, strict=True), strict=True)
        ],
        schema=schema,
    )


def mention_events_table(assignments: Mapping[str, str]) -> pa.Table:
    """Rows of ``mention_events``: which fused event each event mention belongs to.

    Args:
        assignments: mention id -> event id.

    Returns:
        A table with the ``mention_events`` columns, by mention id.
    """
    ordered = sorted(assignments.items())
    return _table(
        MENTION_EVENTS,
        {"mention_id": [m for m, _ in ordered], "event_id": [e for _, e in ordered]},
    )


def document_tables(
    annotations: Sequence[Annotation],
    event_mentions: Iterable[EventMention],
    *,
    originals: Mapping[str, Document],
    signatures: Mapping[str, Sequence[int]],
    run_id: str | None,
    now: dt.datetime,
) -> dict[str, pa.Table]:
    """Every per-document table for a group of annotated documents, ready for one bulk write.

    Args:
        annotations: annotated documents (their ``doc`` is the cleaned document).
        event_mentions: the event mentions coded from them.
        originals: ingested documents by id (raw text and format).
        signatures: MinHash signature per document id.
        run_id: the run writing these rows.
        now: the ingestion timestamp (naive UTC).

    Returns:
        ``{"documents", "mentions", "role_assertions", "event_mentions"}`` Arrow tables.
    """
    return {
        "documents": documents_table(
            [a.doc for a in annotations],
            originals,
            {a.doc.doc_id: a for a in annotations},
            signatures,
            run_id=run_id,
            now=now,
        ),
        "mentions": mentions_table(annotations),
        "role_assertions": role_assertions_table(annotations),
        "event_mentions": event_mentions_table(event_mentions),
    }


def empty_document_tables() -> dict[str, pa.Table]:
    """The per-document tables with no rows (what a batch of failures writes).

    Returns:
        Empty ``documents``, ``mentions``, ``role_assertions`` and ``event_mentions`` tables.
    """
    return {
        "documents": DOCUMENTS.empty_table(),
        "mentions": MENTIONS.empty_table(),
        "role_assertions": ROLE_ASSERTIONS.empty_table(),
        "event_mentions": EVENT_MENTIONS.empty_table(),
    }


def failures_table(failures: Iterable[Failure], run_id: str | None) -> pa.Table:
    """Rows of ``failures`` for one run.

    Args:
        failures: what could not be read or processed.
        run_id: the run they happened in.

    Returns:
        A table with the ``failures`` columns.
    """
    cols = _columns(FAILURES)
    for f in failures:
        cols["run_id"].append(run_id)
        cols["origin"].append(f.origin)
        cols["line"].append(f.line)
        cols["stage"].append(f.stage)
        cols["reason"].append(f.reason)
        cols["fix"].append(f.fix)
    return _table(FAILURES, cols)


def role_assertion_from_row(row: Sequence[object]) -> RoleAssertion:
    """Rebuild a role assertion from a ``role_assertions`` row (columns after doc_id, ordinal).

    Args:
        row: ``doc_id, person, role, country, sector, as_of, since, text, start, end``.

    Returns:
        The :class:`RoleAssertion`.
    """
    doc_id, person, role, country, sector, as_of, since, text, start, end = row
    return RoleAssertion.model_validate(
        {
            "doc_id": doc_id,
            "person": person,
            "role": role,
            "country": country,
            "sector": sector,
            "as_of": as_of,
            "since": since,
            "text": text,
            "start": start,
            "end": end,
        }
    )
