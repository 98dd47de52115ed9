"""Exports of fused events: GDELT 2.0 TSV, PLOVER/POLECAT JSONL, CSV and Parquet.

The Parquet layout (:data:`EVENT_SCHEMA`, one flat row per event plus nested lists) is defined
here once and shared with the Dask engine's shards, so DuckDB, Spark or Dask read both alike::

    >>> table = events_to_table(events)            # pyarrow.Table with EVENT_SCHEMA
    >>> event_from_row(table.to_pylist()[0])        # back to the Event model, losslessly

Every writer streams: it takes any iterable of :class:`~parley.models.Event` and writes in
batches, so memory does not grow with the number of events. The column mappings are documented
in ``docs/api.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from parley.errors import ConfigError, StoreError
from parley.models import (
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

__all__ = [
    "CSV_COLUMNS",
    "EVENT_SCHEMA",
    "EXPORT_FORMATS",
    "GDELT_COLUMNS",
    "POLECAT_FIELDS",
    "QUAD_CLASS_NAMES",
    "event_from_row",
    "event_to_row",
    "events_to_table",
    "export_events",
    "gdelt_row",
    "iter_store_events",
    "parse_event_date",
    "polecat_record",
]

EXPORT_FORMATS: tuple[str, ...] = ("gdelt", "polecat", "csv", "parquet")
QUAD_CLASS_NAMES: Mapping[int, str] = {
    1: "Verbal Cooperation",
    2: "Material Cooperation",
    3: "Verbal Conflict",
    4: "Material Conflict",
}
_BATCH = 4096

# --------------------------------------------------------------------------- Parquet schema

_STR = pa.string()
_STRS = pa.list_(pa.string())
_ACTOR = pa.struct(
    [("name", _STR), ("role", _STR), ("country", _STR), ("sector", _STR)],
)
_EVIDENCE = pa.struct(
    [
        ("field", _STR),
        ("text", _STR),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("doc_id", _STR),
        ("value", _STR),
    ]
)
_SOURCE = pa.struct(
    [
        ("doc_id", _STR),
        ("url", _STR),
        ("outlet", _STR),
        ("published", _STR),
        ("duplicate_of", _STR),
        ("evidence", pa.list_(_EVIDENCE)),
    ]
)
_QUANTITY = pa.struct(
    [
        ("text", _STR),
        ("value", pa.float64()),
        ("unit", _STR),
        ("about", _STR),
        ("doc_ids", _STRS),
    ]
)
_DISCREPANCY = pa.struct(
    [
        ("field", _STR),
        ("values", pa.list_(pa.struct([("value", _STR), ("doc_ids", _STRS)]))),
    ]
)
_FACT = pa.struct([("field", _STR), ("value", _STR), ("doc_ids", _STRS)])

#: Flat columns first (what CSV writes and what SQL filters on), nested lists after.
EVENT_SCHEMA: pa.Schema = pa.schema(
    [
        ("id", _STR),
        ("date", pa.date32()),
        ("date_text", _STR),
        ("date_precision", _STR),
        ("event_type", _STR),
        ("mode", _STR),
        ("cameo", _STR),
        ("goldstein", pa.float64()),
        ("quad_class", pa.int8()),
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
        ("n_sources", pa.int32()),
        ("n_independent", pa.int32()),
        ("n_mentions", pa.int32()),
        ("context", _STRS),
        ("topics", _STRS),
        ("actors", pa.list_(_ACTOR)),
        ("quantities", pa.list_(_QUANTITY)),
        ("sources", pa.list_(_SOURCE)),
        ("discrepancies", pa.list_(_DISCREPANCY)),
        ("facts", pa.list_(_FACT)),
        ("mention_ids", _STRS),
    ]
)

#: CSV columns: the flat part of :data:`EVENT_SCHEMA` plus lists joined with ``;``.
CSV_COLUMNS: tuple[str, ...] = (
    *(f.name for f in EVENT_SCHEMA if not pa.types.is_list(f.type)),
    "context",
    "topics",
    "source_doc_ids",
    "source_urls",
    "source_outlets",
)


def parse_event_date(text: str | None) -> dt.date | None:
    """Turn an event's date string (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) into a date.

    Args:
        text: the ``Event.date`` value; partial dates fall on the first day of their period.

    Returns:
        The date, or ``None`` when ``text`` is empty or not an ISO date.
    """
    if not text:
        return None
    parts = text.split("-")
    try:
        if len(parts) == 3:
            return dt.date.fromisoformat(text)
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 1)
        if len(parts) == 1:
            return dt.date(int(parts[0]), 1, 1)
    except ValueError:
        return None
    return None


def _n_independent(event: Event) -> int:
    # A near-duplicate voice (a reprint) is not an independent source.
    return sum(1 for s in event.sources if s.duplicate_of is None)


def event_to_row(event: Event) -> dict[str, Any]:
    """Flatten an event into one row of :data:`EVENT_SCHEMA`.

    Args:
        event: a fused event.

    Returns:
        A dict with one key per schema column (nested lists as lists of dicts).
    """
    src = event.source or Actor(name="")
    tgt = event.target or Actor(name="")
    loc = event.location or Location()
    return {
        "id": event.id,
        "date": parse_event_date(event.date),
        "date_text": event.date,
        "date_precision": event.date_precision,
        "event_type": event.event_type,
        "mode": event.mode,
        "cameo": event.cameo,
        "goldstein": event.goldstein,
        "quad_class": event.quad_class,
        "source_name": event.source.name if event.source else None,
        "source_role": src.role,
        "source_country": src.country,
        "source_sector": src.sector,
        "target_name": event.target.name if event.target else None,
        "target_role": tgt.role,
        "target_country": tgt.country,
        "target_sector": tgt.sector,
        "location_name": loc.name,
        "location_country": loc.country,
        "confidence": event.confidence,
        "n_sources": len(event.sources),
        "n_independent": _n_independent(event),
        "n_mentions": len(event.mention_ids) or len(event.sources),
        "context": list(event.context),
        "topics": list(event.topics),
        "actors": [a.model_dump() for a in event.actors],
        "quantities": [q.model_dump(mode="json") for q in event.quantities],
        "sources": [s.model_dump(mode="json") for s in event.sources],
        "discrepancies": [d.model_dump(mode="json") for d in event.discrepancies],
        "facts": [f.model_dump(mode="json") for f in event.facts],
        "mention_ids": list(event.mention_ids),
    }


def _actor_from(row: Mapping[str, Any], prefix: str) -> Actor | None:
    # A null name means the event had no such party; every other field hangs off it.
    name = row.get(f"{prefix}_name")
    if name is None:
        return None
    return Actor(
        name=name,
        role=row.get(f"{prefix}_role"),
        country=row.get(f"{prefix}_country"),
        sector=row.get(f"{prefix}_sector"),
    )


def event_from_row(row: Mapping[str, Any]) -> Event:
    """Rebuild an event from a row of :data:`EVENT_SCHEMA` (a Parquet or DuckDB record).

    Args:
        row: a mapping with the schema's column names, e.g. ``table.to_pylist()[i]``.

    Returns:
        The :class:`~parley.models.Event` that :func:`event_to_row` flattened.
    """
    location = None
    if row.get("location_name") is not None or row.get("location_country") is not None:
        location = Location(name=row.get("location_name"), country=row.get("location_country"))
    return Event(
        id=row["id"],
        date=row.get("date_text"),
        date_precision=row.get("date_precision"),
        location=location,
        event_type=row["event_type"],
        mode=row.get("mode"),
        context=tuple(row.get("context") or ()),
        cameo=row.get("cameo"),
        goldstein=row.get("goldstein"),
        quad_class=row.get("quad_class"),
        source=_actor_from(row, "source"),
        target=_actor_from(row, "target"),
        actors=tuple(Actor(**a) for a in row.get("actors") or ()),
        topics=tuple(row.get("topics") or ()),
        quantities=tuple(
            Quantity(**{**q, "doc_ids": tuple(q.get("doc_ids") or ())})
            for q in row.get("quantities") or ()
        ),
        sources=tuple(
            Source(
                **{
                    **s,
                    "evidence": tuple(Evidence(**e) for e in s.get("evidence") or ()),
                }
            )
            for s in row.get("sources") or ()
        ),
        discrepancies=tuple(
            Discrepancy(
                field=d["field"],
                values=tuple(
                    DiscrepancyValue(value=v["value"], doc_ids=tuple(v["doc_ids"] or ()))
                    for v in d.get("values") or ()
                ),
            )
            for d in row.get("discrepancies") or ()
        ),
        facts=tuple(
            Fact(field=f["field"], value=f["value"], doc_ids=tuple(f["doc_ids"] or ()))
            for f in row.get("facts") or ()
        ),
        confidence=row.get("confidence", 0.5),
        mention_ids=tuple(row.get("mention_ids") or ()),
    )


def _batches(events: Iterable[Event], size: int = _BATCH) -> Iterator[list[Event]]:
    # Fixed-size chunks keep memory flat however long the event stream is.
    batch: list[Event] = []
    for event in events:
        batch.append(event)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def events_to_table(events: Iterable[Event]) -> pa.Table:
    """Build an Arrow table with :data:`EVENT_SCHEMA` from events.

    Args:
        events: fused events (materialised in memory; use :func:`export_events` to stream).

    Returns:
        A ``pyarrow.Table``, one row per event.
    """
    return pa.Table.from_pylist([event_to_row(e) for e in events], schema=EVENT_SCHEMA)


# --------------------------------------------------------------------------- GDELT 2.0

#: The 61 columns of a GDELT 2.0 event record, in file order.
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(
        f"{actor}{col}"
        for actor in ("Actor1", "Actor2")
        for col in (
            "Code",
            "Name",
            "CountryCode",
            "KnownGroupCode",
            "EthnicCode",
            "Religion1Code",
            "Religion2Code",
            "Type1Code",
            "Type2Code",
            "Type3Code",
        )
    ),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(
        f"{geo}_{col}"
        for geo in ("Actor1Geo", "Actor2Geo", "ActionGeo")
        for col in (
            "Type",
            "FullName",
            "CountryCode",
            "ADM1Code",
            "ADM2Code",
            "Lat",
            "Long",
            "FeatureID",
        )
    ),
    "DATEADDED",
    "SOURCEURL",
)


def gdelt_event_id(event_id: str) -> int:
    """A stable positive 63-bit integer for an event id (GDELT ids are integers).

    Args:
        event_id: parley's string id.

    Returns:
        The first 8 bytes of its SHA-1, as an integer below 2**63.
    """
    digest = hashlib.sha1(event_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") & (2**63 - 1)


@functools.cache
def _country_name(code: str) -> str:
    # GDELT's geo FullName spells the country out; pseudo-codes (EUU, UNO, IGO) stay codes.
    import pycountry

    found = pycountry.countries.get(alpha_3=code)
    return str(found.name) if found is not None else code


def _actor_code(actor: Actor | None) -> str:
    # CAMEO actor codes concatenate the country and the sector/role code ("KAZGOV").
    if actor is None:
        return ""
    return (actor.country or "") + (actor.sector or "")


def _fraction_date(day: dt.date) -> str:
    # GDELT's FractionDate: YYYY + ((month - 1) * 30 + day) / 365, four decimals.
    frac = min(((day.month - 1) * 30 + day.day) / 365, 0.9999)
    return f"{day.year + frac:.4f}"


def _first_published(event: Event) -> str | None:
    dates = sorted(s.published for s in event.sources if s.published)
    return dates[0] if dates else None


def gdelt_row(event: Event) -> list[str]:
    """Map one fused event onto the 61 GDELT 2.0 columns (see ``docs/api.md``).

    Args:
        event: a fused event.

    Returns:
        61 strings in :data:`GDELT_COLUMNS` order; unknown values are empty strings.
    """
    day = parse_event_date(event.date)
    sqldate = day.strftime("%Y%m%d") if day else ""
    cameo = event.cameo or ""
    actors: list[str] = []
    for actor in (event.source, event.target):
        actors += [
            _actor_code(actor),
            actor.name if actor else "",
            (actor.country or "") if actor else "",
            "",
            "",
            "",
            "",
            (actor.sector or "") if actor else "",
            "",
            "",
        ]
    loc = event.location
    action_geo = [""] * 8
    if loc is not None and (loc.name or loc.country):
        country = loc.country or ""
        is_country = not loc.name or (country and loc.name == _country_name(country))
        full = loc.name or ""
        if country and loc.name and not is_country:
            full = f"{loc.name}, {_country_name(country)}"
        elif country and not loc.name:
            full = _country_name(country)
        action_geo = ["1" if is_country else "4", full, country, "", "", "", "", ""]
    published = _first_published(event)
    added = parse_event_date(published) or day
    row = [
        str(gdelt_event_id(event.id)),
        sqldate,
        day.strftime("%Y%m") if day else "",
        str(day.year) if day else "",
        _fraction_date(day) if day else "",
        *actors,
        "1",
        cameo,
        cameo[:3],
        cameo[:2],
        "" if event.quad_class is None else str(event.quad_class),
        "" if event.goldstein is None else f"{event.goldstein:g}",
        str(len(event.mention_ids) or len(event.sources)),
        str(_n_independent(event)),
        str(len(event.sources)),
        "",
        *([""] * 16),
        *action_geo,
        added.strftime("%Y%m%d000000") if added else "",
        next((s.url for s in event.sources if s.url), ""),
    ]
    return [_tsv_safe(v) for v in row]


def _tsv_safe(value: str) -> str:
    # GDELT files have no quoting: a tab or newline inside a name would shift every column.
    return value.replace("\t", " ").replace("\r", " ").replace("\n", " ")


# --------------------------------------------------------------------------- PLOVER / POLECAT

#: Field names of a POLECAT-style (PLOVER) JSONL record; ``parley_*`` fields are our additions.
POLECAT_FIELDS: tuple[str, ...] = (
    "event_id",
    "event_date",
    "event_type",
    "event_mode",
    "event_intensity",
    "quad_code",
    "contexts",
    "actor_name",
    "actor_country",
    "actor_sector",
    "actor_title",
    "recipient_name",
    "recipient_country",
    "recipient_sector",
    "recipient_title",
    "placename",
    "city",
    "country",
    "latitude",
    "longitude",
    "source",
    "publication_date",
    "story_ids",
    "urls",
    "parley_cameo",
    "parley_date_precision",
    "parley_topics",
    "parley_num_sources",
    "parley_num_articles",
    "parley_confidence",
)


def polecat_record(event: Event) -> dict[str, Any]:
    """Map one fused event onto POLECAT's PLOVER field names (see ``docs/api.md``).

    Args:
        event: a fused event.

    Returns:
        A dict with exactly the keys of :data:`POLECAT_FIELDS`.
    """
    loc = event.location or Location()
    src, tgt = event.source, event.target
    outlets = sorted({s.outlet for s in event.sources if s.outlet})
    record: dict[str, Any] = {
        "event_id": event.id,
        "event_date": event.date,
        "event_type": event.event_type,
        "event_mode": event.mode,
        "event_intensity": event.goldstein,
        "quad_code": event.quad_class,
        "contexts": list(event.context),
        "actor_name": src.name if src else None,
        "actor_country": src.country if src else None,
        "actor_sector": src.sector if src else None,
        "actor_title": src.role if src else None,
        "recipient_name": tgt.name if tgt else None,
        "recipient_country": tgt.country if tgt else None,
        "recipient_sector": tgt.sector if tgt else None,
        "recipient_title": tgt.role if tgt else None,
        "placename": loc.name,
        "city": loc.name if loc.name and loc.name != loc.country else None,
        "country": loc.country,
        "latitude": None,
        "longitude": None,
        "source": "; ".join(outlets) or None,
        "publication_date": _first_published(event),
        "story_ids": [s.doc_id for s in event.sources],
        "urls": [s.url for s in event.sources if s.url],
        "parley_cameo": event.cameo,
        "parley_date_precision": event.date_precision,
        "parley_topics": list(event.topics),
        "parley_num_sources": _n_independent(event),
        "parley_num_articles": len(event.sources),
        "parley_confidence": event.confidence,
    }
    return record


# --------------------------------------------------------------------------- writers


def _csv_row(event: Event) -> list[str]:
    row = event_to_row(event)
    flat = [row[c] for c in CSV_COLUMNS[:-5]]
    out = ["" if v is None else str(v) for v in flat]
    out += [
        ";".join(event.context),
        ";".join(event.topics),
        ";".join(s.doc_id for s in event.sources),
        ";".join(s.url or "" for s in event.sources),
        ";".join(s.outlet or "" for s in event.sources),
    ]
    return out


def _write_text(events: Iterable[Event], fh: IO[str], fmt: str) -> int:
    count = 0
    if fmt == "gdelt":
        writer = csv.writer(fh, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
        for event in events:
            writer.writerow(gdelt_row(event))
            count += 1
    elif fmt == "polecat":
        for event in events:
            fh.write(json.dumps(polecat_record(event), ensure_ascii=False) + "\n")
            count += 1
    else:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for event in events:
            writer.writerow(_csv_row(event))
            count += 1
    return count


def _write_parquet(events: Iterable[Event], out: Path) -> int:
    count = 0
    with pq.ParquetWriter(out, EVENT_SCHEMA, compression="zstd") as writer:
        for batch in _batches(events):
            writer.write_table(events_to_table(batch))
            count += len(batch)
        if count == 0:
            writer.write_table(EVENT_SCHEMA.empty_table())
    return count


def iter_store_events(path: Path | str, chunk: int = 2048) -> Iterator[Event]:
    """Stream every fused event of a store, by date then id, without loading them all.

    Args:
        path: the store file.
        chunk: rows fetched per round trip.

    Returns:
        An iterator of events.
    """
    from parley.analytics import open_readonly

    with open_readonly(path) as con:
        cur = con.execute("SELECT json FROM events ORDER BY date NULLS LAST, id")
        while rows := cur.fetchmany(chunk):
            for (text,) in rows:
                yield Event.model_validate_json(text)


def export_events(events: Iterable[Event], fmt: str, out: Path | str) -> int:
    """Write events to ``out`` in one of :data:`EXPORT_FORMATS`, streaming.

    Args:
        events: fused events, e.g. from the store; consumed once.
        fmt: ``gdelt`` (61-column TSV, no header, as GDELT ships it), ``polecat`` (JSONL),
            ``csv`` (header row + flat columns) or ``parquet`` (:data:`EVENT_SCHEMA`).
        out: the file to write (its folder must exist); ``-`` is not accepted.

    Returns:
        The number of events written.

    Raises:
        ConfigError: ``fmt`` is not a known format.
        StoreError: ``out`` cannot be written.

    Example:
        >>> export_events(iter_store_events("parley.duckdb"), "gdelt", "events.tsv")
        2
    """
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(
            f"unknown export format {fmt!r}.", fix=f"Choose one of: {', '.join(EXPORT_FORMATS)}."
        )
    path = Path(out)
    try:
        if fmt == "parquet":
            return _write_parquet(events, path)
        with path.open("w", encoding="utf-8", newline="") as fh:
            return _write_text(events, fh, fmt)
    except OSError as err:
        raise StoreError(
            f"cannot write export file '{path}': {err.strerror or err}.",
            fix="Check that its folder exists and is writable.",
        ) from err
