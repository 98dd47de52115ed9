"""The DuckDB store: one file holding documents, mentions, event mentions and fused events.

One writer at a time (``parley run``); readers (``parley events``, the REST API, the dashboard)
open it read-only. Writes are bulk Arrow inserts inside one transaction each; reads are
parameterised SQL, never strings built from user input.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import sys
import uuid
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from parley.errors import ConfigError, NotFoundError, StoreError
from parley.fuse.blocks import BlockKey
from parley.models import (
    PLOVER_TYPES,
    Annotation,
    CleanDocument,
    Discrepancy,
    Document,
    Event,
    EventMention,
    Failure,
    Mention,
    Removed,
    RoleAssertion,
    Sentence,
)
from parley.store import tables
from parley.store.migrations import SCHEMA_VERSION, check_version, current_version, migrate
from parley.store.records import StoredDocument, StoreStats

if TYPE_CHECKING:
    from parley.annotate.roles import RoleBook

_ISO3 = re.compile(r"[A-Z]{3}")
_EVENT_CHILDREN = (
    "event_actors",
    "event_topics",
    "event_sources",
    "evidence",
    "discrepancies",
)
_KEYED = frozenset({"documents", "event_mentions", "events", "mention_events", "runs"})
_DOCUMENT_COLUMNS = (
    "id, text, raw, title, url, outlet, published, published_raw, origin, format, offsets, "
    "removed, sentences, dateline, dateline_date, signature, ingested_at, run_id"
)
_MENTION_COLUMNS = (
    'kind, start, "end", text, sentence, value, country, role, sector, actor_type, precision, '
    "expression, number, unit, about"
)
_ROLE_COLUMNS = 'doc_id, person, role, country, sector, as_of, since, text, start, "end"'


def _utcnow() -> dt.datetime:
    """Naive UTC, because DuckDB TIMESTAMP columns carry no zone."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def new_run_id() -> str:
    """Make a sortable, unique id for one ``parley run``.

    Returns:
        ``YYYYMMDDTHHMMSS-xxxxxxxx`` (UTC time plus 8 random hex digits).
    """
    return f"{_utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"


def _country(value: str, option: str) -> str:
    """Normalise a user-given country code, or say what a valid one looks like."""
    code = value.strip().upper()
    if not _ISO3.fullmatch(code):
        raise ConfigError(
            f"{option} {value!r} is not a country code.",
            fix="Use an ISO 3166-1 alpha-3 code such as KAZ, CHN or EUU.",
        )
    return code


def _day(value: dt.date | str | None, option: str) -> dt.date | None:
    """Accept a date or ``YYYY-MM-DD`` text for the since/until filters."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(
            f"{option} {value!r} is not a date.", fix="Write it as YYYY-MM-DD, e.g. 2025-10-28."
        ) from None


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` literally anywhere (``%`` and ``_`` escaped)."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


_ROW_GROUP_ROWS = 16_384
"""Rows per DuckDB row group in a store opened for writing (DuckDB's own default: 122,880).

A write transaction of the pipeline (~2k documents) appends whole row groups of the tables
with many rows per document (mentions): DuckDB writes those compressed into the file at once
(its optimistic write), not into the write-ahead log to be compressed again at the next
checkpoint. And a checkpoint rewrites only the row groups that changed: with the default size
the 100k documents of a run sat in one growing row group that every checkpoint wrote again.
Writing 100k documents (inserts, commits, checkpoints) cost the writer 0.148 ms of CPU per
document with the default, 0.102 with this size (8k: 0.115, 32k: 0.130); the file was 40 %
smaller, and the checkpoint at the end took 0.9 instead of 2.9 s. Readers do not care: DuckDB
reads row groups of any size."""


_ATTACHED = "store"  # the name of a written store in its DuckDB connection


def _connect(
    path: str, read_only: bool, config: dict[str, str | bool | int | float | list[str]]
) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file at ``path``; written stores get :data:`_ROW_GROUP_ROWS` row groups.

    The row group size is an option of ATTACH only (and not kept in the file), so a store
    opened for writing is attached to an in-memory database and made the connection's default
    one (a cursor's too: :meth:`Store._cursor`). That in-memory database would spill to
    ``.tmp`` in the working directory; the store's own ``FILE.tmp`` is kept, as a plain
    connection to the file has it.
    """
    if read_only or path == ":memory:":
        return duckdb.connect(path, read_only=read_only, config=config)
    con = duckdb.connect(":memory:", config={"temp_directory": f"{path}.tmp", **config})
    try:
        literal = path.replace("'", "''")
        con.execute(f"ATTACH '{literal}' AS {_ATTACHED} (ROW_GROUP_SIZE {_ROW_GROUP_ROWS})")
        con.execute(f"USE {_ATTACHED}")
    except BaseException:
        con.close()
        raise
    return con


FUSION_STAGE_MENTIONS = 40_000
"""Mentions whose JSON fusion copies (sorted) to a temporary table at a time."""

FUSION_FIRST_STAGE_MENTIONS = 2_000
"""Mentions of the first such copy (each next one holds twice as many, up to
:data:`FUSION_STAGE_MENTIONS`): a pool gets its first pieces soon, and is never left waiting
long while this process copies the next ones. Fusing 100k documents' mentions on a pool, the
first piece went out 0.70-0.78 s after the start with 2k (and with 0.5k or 1k), 1.01-1.05 s
with 8k."""

FusionInput = tuple[
    list[tuple[str, str]],
    list[tuple[str, str | None, str | None, str | None, bytes]],
    dict[str, str],
]
"""What fusing one piece of stored mentions needs: see :meth:`Store.fusion_inputs`."""


class Store:
    """A parley store: a DuckDB file of documents, mentions and fused events.

    Use it as a context manager; it opens (and, read-write, migrates) the file and closes it.

    Example:
        >>> with Store("parley.duckdb", read_only=True) as store:  # doctest: +SKIP
        ...     events = store.query_events(dyad=("KAZ", "CHN"), limit=10)
    """

    def __init__(
        self,
        path: str | Path,
        *,
        read_only: bool = False,
        memory_limit: str | None = None,
        threads: int | None = None,
    ) -> None:
        """Open (creating and migrating when read-write) the store at ``path``.

        Args:
            path: the DuckDB file (``:memory:`` for a throwaway store).
            read_only: open for reading only; several readers may share the file.
            memory_limit: cap on DuckDB's memory (``"1GB"``); without it DuckDB's page cache
                may grow to 80% of the machine's memory over a long ingest.
            threads: DuckDB worker threads (default: one per core). A pipeline run whose
                worker processes use every core writes with one thread.

        Raises:
            StoreError: the file is missing (read-only), locked by another process, not a
                DuckDB file, or has a schema this parley cannot read.
        """
        self.path = str(path)
        self.read_only = read_only
        if read_only and self.path != ":memory:" and not Path(self.path).is_file():
            raise StoreError(
                f"there is no store at '{self.path}'.",
                fix="Build one with `parley run PATH --db FILE`, or point --db / PARLEY_DB at it.",
            )
        if not read_only and self.path != ":memory:":
            parent = Path(self.path).parent
            if not parent.is_dir():
                raise StoreError(
                    f"cannot create the store '{self.path}': the folder '{parent}' does not exist.",
                    fix="Create the folder first or choose another --db path.",
                )
        config: dict[str, str | bool | int | float | list[str]] = {}
        if memory_limit:
            config["memory_limit"] = memory_limit
        if threads:
            config["threads"] = threads
        self._attached = not read_only and self.path != ":memory:"
        try:
            self._con = _connect(self.path, read_only, config)
        except duckdb.Error as err:
            raise StoreError(self._open_reason(err), fix=self._open_fix(err)) from err
        try:
            if read_only:
                version = current_version(self._con)
                check_version(version, self.path)
                if version < SCHEMA_VERSION:
                    raise StoreError(
                        f"the store '{self.path}' has schema version {version}; this parley "
                        f"needs version {SCHEMA_VERSION}.",
                        fix="Open it once for writing (e.g. `parley run NEW_FILES --db FILE`) "
                        "to upgrade it.",
                    )
                self.schema_version = version
            else:
                self.schema_version = migrate(self._con, self.path)
        except BaseException:
            self._con.close()
            raise

    def _open_reason(self, err: duckdb.Error) -> str:
        """Say in words why DuckDB refused the file."""
        text = str(err)
        if "lock" in text.lower():
            return f"the store '{self.path}' is in use by another parley process."
        if "already attached" in text:
            return f"the store '{self.path}' is already open for writing in this process."
        if "not a valid DuckDB database" in text:
            return f"'{self.path}' is not a parley store (not a DuckDB database file)."
        return f"cannot open the store '{self.path}': {text}."

    def _open_fix(self, err: duckdb.Error) -> str:
        """The matching fix for :meth:`_open_reason`."""
        text = str(err)
        if "lock" in text.lower():
            return "Wait for `parley run` to finish, or stop `parley serve`, then try again."
        if "already attached" in text:
            return "Close the Store that writes to it first, or write through that one."
        if "not a valid DuckDB database" in text:
            return "Choose another --db file; parley will create it."
        if "memory" in text.lower():
            return "Set store_memory_limit to a size such as 512MB or 2GB."
        return "Check the path and its permissions."

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (idempotent)."""
        self._con.close()

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        """A connection of its own to the store, e.g. to stream rows while others are read.

        A cursor starts in DuckDB's default database, which for a written store is not the
        store (see :func:`_connect`).
        """
        cursor = self._con.cursor()
        if self._attached:
            cursor.execute(f"USE {_ATTACHED}")
        return cursor

    def _require_writable(self) -> None:
        """Readers must never write: fail early with the way out."""
        if self.read_only:
            raise StoreError(
                f"the store '{self.path}' is open read-only.",
                fix="Open it with Store(path) (read-write) to write.",
            )

    def _insert(
        self, table: str, data: pa.Table, only_new: str | None = None, *, keep_stored: bool = True
    ) -> int:
        """Bulk-insert an Arrow table and return the rows added.

        ``only_new`` names the document-id column when only rows of documents listed in the
        ``_parley_new`` temp table may go in; keyed tables ignore ids already stored, unless
        ``keep_stored`` is false: then an id already stored raises :class:`_KeyConflict` (and
        the transaction must be rolled back), for a caller that knows the ids are new.
        """
        if data.num_rows == 0:
            return 0
        cols = ", ".join(f'"{name}"' for name in data.column_names)
        where = f' WHERE "{only_new}" IN (SELECT id FROM _parley_new)' if only_new else ""
        on_conflict = " ON CONFLICT DO NOTHING" if keep_stored and table in _KEYED else ""
        self._con.register("_parley_rows", data)
        try:
            row = self._con.execute(
                f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _parley_rows{where}{on_conflict}"
            ).fetchone()
        except duckdb.ConstraintException as err:
            if on_conflict or table not in _KEYED:
                raise
            raise _KeyConflict(table) from err
        finally:
            self._con.unregister("_parley_rows")
        return int(row[0]) if row else 0

    def _transaction(self, what: str) -> _Transaction:
        """One transaction; DuckDB errors become a StoreError naming what was being written."""
        return _Transaction(self._con, self.path, what)

    # ------------------------------------------------------------------ writes

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """Return which of ``ids`` are already stored documents.

        Args:
            ids: candidate document ids.

        Returns:
            The subset of ``ids`` present in ``documents``.
        """
        if not ids:
            return set()
        probe = pa.table({"id": pa.array(list(ids), pa.string())})
        self._con.register("_parley_ids", probe)
        try:
            rows = self._con.execute(
                "SELECT d.id FROM documents d SEMI JOIN _parley_ids p ON d.id = p.id"
            ).fetchall()
        finally:
            self._con.unregister("_parley_ids")
        return {r[0] for r in rows}

    def write_batch(
        self,
        docs: Sequence[CleanDocument],
        annotations: Sequence[Annotation] = (),
        event_mentions: Sequence[EventMention] = (),
        failures: Sequence[Failure] = (),
        signatures: Mapping[str, Sequence[int]] | None = None,
        *,
        originals: Mapping[str, Document] | None = None,
        run_id: str | None = None,
    ) -> int:
        """Write one batch of processed documents in a single bulk transaction.

        Documents already in the store (by id) are skipped together with their annotations
        and event mentions, so writing the same batch twice adds nothing. A document without
        an annotation is written with no mentions.

        Args:
            docs: cleaned documents.
            annotations: their annotations (mentions, sentences, role assertions).
            event_mentions: the event mentions coded from them.
            failures: documents or lines of this batch that could not be processed.
            signatures: MinHash signature per document id.
            originals: the ingested documents by id, to keep ``raw`` text and format.
            run_id: the run writing this batch.

        Returns:
            How many documents were new.

        Raises:
            StoreError: if the store is read-only or DuckDB refuses the write.
        """
        by_doc: dict[str, Annotation] = {}
        for ann in annotations:
            by_doc.setdefault(ann.doc.doc_id, ann)
        unique: dict[str, Annotation] = {}
        for doc in docs:
            unique.setdefault(doc.doc_id, by_doc.get(doc.doc_id) or Annotation(doc=doc))
        try:
            rows = tables.document_tables(
                list(unique.values()),
                [m for m in event_mentions if m.doc_id in unique],
                originals=originals or {},
                signatures={k: [int(v) for v in sig] for k, sig in (signatures or {}).items()},
                run_id=run_id,
                now=_utcnow(),
            )
        except (pa.ArrowInvalid, OverflowError) as err:
            raise StoreError(
                f"cannot write a document signature to '{self.path}': {err}.",
                fix="Signatures must be unsigned 64-bit integers (MinHash values).",
            ) from err
        return self.write_rows(rows, failures, run_id=run_id)[0]

    def write_rows(
        self,
        rows: Mapping[str, pa.Table],
        failures: Sequence[Failure] = (),
        *,
        run_id: str | None = None,
    ) -> tuple[int, int]:
        """Bulk-write prepared per-document rows (see :func:`parley.store.tables.document_tables`).

        This is the writer's fast path: process-pool workers build the Arrow rows, the one
        writer only inserts them. Rows of documents already stored are left out (an anti-join
        in SQL), so writing twice adds nothing.

        Args:
            rows: ``documents``, ``mentions``, ``role_assertions``, ``event_mentions`` tables;
                document ids must be unique within ``rows["documents"]``.
            failures: documents or lines that could not be processed.
            run_id: the run writing these rows.

        Returns:
            ``(new documents, new event mentions)``.

        Raises:
            StoreError: if the store is read-only, ids repeat, or DuckDB refuses the write.
        """
        self._require_writable()
        docs = rows.get("documents", tables.DOCUMENTS.empty_table())
        ids = docs.column("id")
        if len(ids) != pc.count_distinct(ids).as_py():
            raise StoreError(
                "one write holds the same document id twice.",
                fix="Drop repeated documents before writing (parley.pipeline does).",
            )
        try:
            # Rows go in as they are, without looking for stored documents first (an anti-join
            # of the batch with every stored id: 0.003 ms per document at 35k documents, growing
            # with the store) nor an ON CONFLICT check of the keys (0.026 at 100k): the pipeline
            # writes only documents it has not stored, and the ids of their event mentions are
            # made from theirs, so no key is stored already...
            return self._write_rows(docs, rows, failures, run_id, keep_stored=False)
        except _KeyConflict:
            # ...unless a document was stored before (the key of ``documents`` says so before
            # any child row goes in) or a coder of one's own gives a stored id again: then
            # write it all again, leaving out stored documents and keeping stored rows.
            return self._write_rows(docs, rows, failures, run_id, keep_stored=True)

    def _write_rows(
        self,
        docs: pa.Table,
        rows: Mapping[str, pa.Table],
        failures: Sequence[Failure],
        run_id: str | None,
        *,
        keep_stored: bool,
    ) -> tuple[int, int]:
        """The transaction of :meth:`write_rows`.

        Without ``keep_stored`` every row is taken to be new: a stored key raises
        :class:`_KeyConflict` (see :meth:`_insert`). With it, only the rows of documents not
        stored yet go in, and keyed rows already stored are kept.
        """
        with self._transaction("a batch of documents"):
            doc_key = child_key = None
            if keep_stored:
                self._con.register("_parley_docs", docs)
                try:
                    self._con.execute(
                        "CREATE OR REPLACE TEMP TABLE _parley_new AS SELECT id FROM _parley_docs "
                        "WHERE id NOT IN (SELECT id FROM documents)"
                    )
                finally:
                    self._con.unregister("_parley_docs")
                row = self._con.execute("SELECT count(*) FROM _parley_new").fetchone()
                # Filtering child rows costs more than inserting them: only do it when needed.
                if row is None or row[0] != docs.num_rows:
                    doc_key, child_key = "id", "doc_id"
            new_docs = self._insert("documents", docs, doc_key, keep_stored=keep_stored)
            for name in ("mentions", "role_assertions"):
                if name in rows:
                    self._insert(name, rows[name], only_new=child_key)
            new_mentions = 0
            if "event_mentions" in rows:
                new_mentions = self._insert(
                    "event_mentions", rows["event_mentions"], child_key, keep_stored=keep_stored
                )
            self._insert("failures", tables.failures_table(failures, run_id))
            if keep_stored:
                self._con.execute("DROP TABLE _parley_new")
        return new_docs, new_mentions

    def replace_events(
        self,
        events: Sequence[Event],
        assignments: Mapping[str, str] | None = None,
        *,
        blocks: Mapping[str, str] | None = None,
    ) -> int:
        """Store fused events, replacing older versions of them, in one transaction.

        Only events whose content changed are rewritten; mentions whose event changed are
        re-linked; an older event left without any mention (merged into another) is removed;
        events not given are left as they are. Storing the same events twice changes nothing.

        Args:
            events: fused events (all of them, or those of some fusion blocks).
            assignments: mention id -> event id (default: from each event's ``mention_ids``).
            blocks: mention id -> fusion block label (:func:`parley.fuse.component_labels`),
                recorded with the events so the next run fuses only the blocks it touches.

        Returns:
            How many events were written (new or changed).

        Raises:
            StoreError: if the store is read-only or DuckDB refuses the write.
        """
        self._require_writable()
        if assignments is None:
            assignments = {m: e.id for e in events for m in e.mention_ids}
        return self.replace_event_rows(
            tables.event_tables(events), tables.mention_events_table(assignments), blocks=blocks
        )

    def replace_event_rows(
        self,
        rows: Mapping[str, pa.Table],
        links: pa.Table,
        *,
        blocks: Mapping[str, str] | None = None,
    ) -> int:
        """Store prepared rows of fused events (:func:`parley.store.tables.event_tables`).

        The fast path of :meth:`replace_events`: process-pool workers fuse and build the rows,
        the one writer only compares and inserts them. Same rules: only events whose JSON
        changed are rewritten, moved mentions are re-linked, emptied events are removed.

        Args:
            rows: ``events`` and its child tables, as ``tables.event_tables`` builds them.
            links: ``mention_events`` rows (mention id -> event id).
            blocks: mention id -> fusion block label, recorded with the events.

        Returns:
            How many events were written (new or changed).

        Raises:
            StoreError: if the store is read-only or DuckDB refuses the write.
        """
        self._require_writable()
        incoming = rows["events"].select(["id", "json"])
        con = self._con
        with self._transaction("the fused events"):
            con.register("_parley_incoming", incoming)
            con.register("_parley_links", links)
            try:
                # Which incoming events are stored already, by id alone: the JSON of stored
                # events, the widest column, is then read for those only (none in a first run).
                con.execute(
                    "CREATE OR REPLACE TEMP TABLE _parley_stored AS SELECT id FROM events "
                    "WHERE id IN (SELECT id FROM _parley_incoming)"
                )
                con.execute(
                    "CREATE OR REPLACE TEMP TABLE _parley_changed AS SELECT i.id FROM "
                    "_parley_incoming i LEFT JOIN (SELECT id, json FROM events "
                    "WHERE id IN (SELECT id FROM _parley_stored)) e ON e.id = i.id "
                    "WHERE e.id IS NULL OR e.json::VARCHAR <> i.json"
                )
                con.execute(
                    "CREATE OR REPLACE TEMP TABLE _parley_moved AS SELECT l.* FROM "
                    "_parley_links l LEFT JOIN mention_events m ON m.mention_id = l.mention_id "
                    "WHERE m.event_id IS DISTINCT FROM l.event_id"
                )
                con.execute(
                    "CREATE OR REPLACE TEMP TABLE _parley_left AS SELECT DISTINCT event_id AS id "
                    "FROM mention_events WHERE mention_id IN (SELECT mention_id FROM _parley_moved)"
                )
                # Changed events that are stored: only their rows can need deleting (a new
                # event has none). Without any, and without stored links that moved, nothing
                # is deleted, and the deletes, each a scan of a whole table (evidence: ~16 rows
                # an event mention), are skipped: always so in a first run.
                con.execute(
                    "CREATE OR REPLACE TEMP TABLE _parley_redo AS SELECT id FROM _parley_changed "
                    "WHERE id IN (SELECT id FROM _parley_stored)"
                )
                counts = con.execute(
                    "SELECT (SELECT count(*) FROM _parley_left), (SELECT count(*) FROM _parley_redo)"
                ).fetchone()
                restored = counts is None or any(counts)
                if restored:
                    con.execute(
                        "DELETE FROM mention_events WHERE mention_id IN "
                        "(SELECT mention_id FROM _parley_moved) OR (event_id IN "
                        "(SELECT id FROM _parley_redo) AND mention_id NOT IN "
                        "(SELECT mention_id FROM _parley_links))"
                    )
                con.execute("INSERT INTO mention_events SELECT * FROM _parley_moved")
                if restored:
                    con.execute(
                        "CREATE OR REPLACE TEMP TABLE _parley_drop AS "
                        "SELECT id FROM _parley_redo UNION SELECT id FROM _parley_left "
                        "WHERE id NOT IN (SELECT id FROM _parley_incoming) "
                        "AND id NOT IN (SELECT event_id FROM mention_events)"
                    )
            finally:
                con.unregister("_parley_incoming")
                con.unregister("_parley_links")
            if restored:
                for child in _EVENT_CHILDREN:
                    con.execute(
                        f"DELETE FROM {child} WHERE event_id IN (SELECT id FROM _parley_drop)"
                    )
                con.execute("DELETE FROM events WHERE id IN (SELECT id FROM _parley_drop)")
            changed = [r[0] for r in con.execute("SELECT id FROM _parley_changed").fetchall()]
            # The changed events were just deleted (or never stored), so their ids cannot
            # conflict unless the rows repeat an id: then the first row stays, as before.
            # Without ON CONFLICT the insert checks its keys half as slowly.
            repeats = pc.count_distinct(incoming.column("id")).as_py() != incoming.num_rows
            for name, data in _only_events(rows, changed, incoming.num_rows).items():
                self._insert(name, data, keep_stored=name != "events" or repeats)
            for temp in (
                "_parley_stored",
                "_parley_changed",
                "_parley_moved",
                "_parley_left",
                "_parley_redo",
                "_parley_drop",
            ):
                con.execute(f"DROP TABLE IF EXISTS {temp}")
            if blocks:
                self._set_blocks(blocks)
        return len(changed)

    @contextlib.contextmanager
    def checkpoint_after(self, threshold: str = "1TB") -> Iterator[None]:
        """Commit the writes made inside without checkpointing after each, then checkpoint once.

        DuckDB checkpoints (writes its log into the database file) after every commit that
        leaves more than 16 MB in its write-ahead log, and a checkpoint costs more the bigger
        the store. Fusion commits every few thousand mentions: at 100k documents its 28
        commits took 12 s of CPU with a checkpoint each, 2.5 s without, and one checkpoint
        at the end 2.4 s. Writing 100k documents in 2k-document commits took 41 s with the
        default, 14 s checkpointing every 256 MB. (Those figures predate schema version 5,
        whose dropped indexes every checkpoint rewrote; the pipeline now lets fusion
        checkpoint every 64 MB, under the pool's work.) A committed write is safe in the log
        either way.

        Args:
            threshold: the log size that still triggers a checkpoint inside (default: none
                does); a bound keeps the log of a long run from growing without end.

        Raises:
            StoreError: if the store is read-only.
        """
        with self.log_threshold(threshold):
            yield
        self.checkpoint()

    @contextlib.contextmanager
    def log_threshold(self, threshold: str) -> Iterator[None]:
        """:meth:`checkpoint_after` without the checkpoint at the end: what is committed inside
        stays in the write-ahead log (safe there) until the next checkpoint, e.g. of a later
        :meth:`checkpoint_after`, or of closing the store.

        Args:
            threshold: the log size that triggers a checkpoint inside.

        Raises:
            StoreError: if the store is read-only.
        """
        self._require_writable()
        con = self._con
        row = con.execute("SELECT current_setting('checkpoint_threshold')").fetchone()
        con.execute(f"SET checkpoint_threshold = '{threshold}'")
        try:
            yield
        finally:
            con.execute(f"SET checkpoint_threshold = '{row[0] if row else '16MB'}'")

    def checkpoint(self) -> None:
        """Write the write-ahead log into the store file now.

        Raises:
            StoreError: if the store is read-only.
        """
        self._require_writable()
        self._con.execute("CHECKPOINT")

    def _set_blocks(self, blocks: Mapping[str, str]) -> None:
        """Record the fusion block of each mention (inside the caller's transaction)."""
        labels = pa.table(
            {
                "id": pa.array(list(blocks), pa.string()),
                "block": pa.array(list(blocks.values()), pa.string()),
            }
        )
        self._con.register("_parley_blocks", labels)
        try:
            self._con.execute(
                "UPDATE event_mentions SET block = b.block FROM _parley_blocks b "
                "WHERE event_mentions.id = b.id AND event_mentions.block IS DISTINCT FROM b.block"
            )
        finally:
            self._con.unregister("_parley_blocks")

    def start_run(self, run_id: str | None = None) -> str:
        """Record the start of a run.

        Args:
            run_id: an id to use (default: a new one).

        Returns:
            The run id.
        """
        self._require_writable()
        run_id = run_id or new_run_id()
        with self._transaction("the run record"):
            self._con.execute(
                "INSERT INTO runs VALUES (?, ?, NULL, NULL) ON CONFLICT DO NOTHING",
                [run_id, _utcnow()],
            )
        return run_id

    def finish_run(self, run_id: str, counts: Mapping[str, int | float]) -> None:
        """Record the end of a run and what it did.

        Args:
            run_id: the id returned by :meth:`start_run`.
            counts: numbers to keep (documents read, skipped, failed, events...).
        """
        self._require_writable()
        with self._transaction("the run record"):
            self._con.execute(
                "UPDATE runs SET finished = ?, counts = ? WHERE id = ?",
                [_utcnow(), json.dumps(dict(counts)), run_id],
            )

    # ------------------------------------------------------------------ reads: events

    def _event_filter(
        self,
        country: str | None,
        dyad: tuple[str, str] | None,
        event_type: str | None,
        mode: str | None,
        since: dt.date | str | None,
        until: dt.date | str | None,
        text: str | None,
    ) -> tuple[str, list[Any]]:
        """A WHERE clause of fixed SQL fragments and its parameter list."""
        clauses: list[str] = []
        params: list[Any] = []
        if country:
            code = _country(country, "country")
            clauses.append(
                "(e.source_country = ? OR e.target_country = ? OR e.id IN "
                "(SELECT event_id FROM event_actors WHERE country = ?))"
            )
            params += [code, code, code]
        if dyad:
            if len(dyad) != 2:
                raise ConfigError(
                    f"dyad {dyad!r} is not a pair of countries.",
                    fix="Give two ISO3 codes, e.g. KAZ,CHN.",
                )
            a, b = (_country(c, "dyad country") for c in dyad)
            clauses.append(
                "((e.source_country = ? AND e.target_country = ?) OR "
                "(e.source_country = ? AND e.target_country = ?))"
            )
            params += [a, b, b, a]
        if event_type:
            kind = event_type.strip().upper()
            if kind not in PLOVER_TYPES:
                raise ConfigError(
                    f"event type {event_type!r} is not a PLOVER event type.",
                    fix=f"Choose one of: {', '.join(PLOVER_TYPES)}.",
                )
            clauses.append("e.event_type = ?")
            params.append(kind)
        if mode:
            clauses.append("e.mode = ?")
            params.append(mode.strip().lower())
        start = _day(since, "since")
        end = _day(until, "until")
        # A month or a year matches when any of its days is in range.
        if start:
            clauses.append("e.date_end >= ?")
            params.append(start)
        if end:
            clauses.append("e.date_start <= ?")
            params.append(end)
        if text:
            clauses.append("e.search LIKE ? ESCAPE '\\'")
            params.append(_like(text))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def query_events(
        self,
        *,
        country: str | None = None,
        dyad: tuple[str, str] | None = None,
        event_type: str | None = None,
        mode: str | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        text: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Event]:
        """Find fused events, newest first.

        Args:
            country: ISO3 code of a party (source, target or any actor).
            dyad: two ISO3 codes, in either order (source/target).
            event_type: PLOVER type (``CONSULT``...).
            mode: event mode (``visit``, ``phone``...).
            since: first day (inclusive), date or ``YYYY-MM-DD``.
            until: last day (inclusive).
            text: words to look for in names, places, topics, outlets and evidence.
            limit: at most this many events.
            offset: skip this many first.

        Returns:
            The matching events (undated events come last). A month- or year-dated event sorts
            by its first day and matches ``since``/``until`` when any of its days is in range.

        Raises:
            ConfigError: a filter value is malformed (the message lists valid choices).
        """
        if limit < 0 or offset < 0:
            raise ConfigError(
                f"limit {limit} / offset {offset} must not be negative.",
                fix="Use --limit 50 or any other positive number.",
            )
        where, params = self._event_filter(country, dyad, event_type, mode, since, until, text)
        # Sort narrow rows, then fetch the wide JSON of one page only.
        ids = [
            r[0]
            for r in self._con.execute(
                f"SELECT e.id FROM events e{where} "
                "ORDER BY e.date_start DESC NULLS LAST, e.id LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
        ]
        if not ids:
            return []
        found = dict(
            self._con.execute(
                "SELECT id, json FROM events WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]
            ).fetchall()
        )
        return [Event.model_validate_json(found[i]) for i in ids]

    def count_events(
        self,
        *,
        country: str | None = None,
        dyad: tuple[str, str] | None = None,
        event_type: str | None = None,
        mode: str | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        text: str | None = None,
    ) -> int:
        """Count the events :meth:`query_events` would find with the same filters.

        Args:
            country: see :meth:`query_events`.
            dyad: see :meth:`query_events`.
            event_type: see :meth:`query_events`.
            mode: see :meth:`query_events`.
            since: see :meth:`query_events`.
            until: see :meth:`query_events`.
            text: see :meth:`query_events`.

        Returns:
            The number of matching events.
        """
        where, params = self._event_filter(country, dyad, event_type, mode, since, until, text)
        row = self._con.execute(f"SELECT count(*) FROM events e{where}", params).fetchone()
        return int(row[0]) if row else 0

    def get_event(self, event_id: str) -> Event:
        """Return one fused event.

        Args:
            event_id: the event id.

        Returns:
            The event.

        Raises:
            NotFoundError: no event has this id.
        """
        row = self._con.execute("SELECT json FROM events WHERE id = ?", [event_id]).fetchone()
        if row is None:
            raise NotFoundError(
                f"there is no event {event_id!r} in '{self.path}'.",
                fix="List the stored events with `parley events`.",
            )
        return Event.model_validate_json(row[0])

    def discrepancies(self, event_id: str) -> list[Discrepancy]:
        """Return where the sources of one event disagree.

        Args:
            event_id: the event id.

        Returns:
            The discrepancies (empty when every source agrees).
        """
        rows = self._con.execute(
            "SELECT json FROM discrepancies WHERE event_id = ?", [event_id]
        ).fetchall()
        return [Discrepancy.model_validate_json(r[0]) for r in rows]

    # ------------------------------------------------------------------ reads: documents

    def _document(self, row: Sequence[Any]) -> StoredDocument:
        """Rebuild a stored document from a row in ``_DOCUMENT_COLUMNS`` order."""
        fields = [c.strip() for c in _DOCUMENT_COLUMNS.split(",")]
        data = dict(zip(fields, row, strict=True))
        data["offsets"] = tuple(tuple(seg) for seg in json.loads(data["offsets"] or "[]"))
        data["removed"] = tuple(Removed(**r) for r in json.loads(data["removed"] or "[]"))
        data["sentences"] = tuple(
            Sentence(start=s, end=e) for s, e in json.loads(data["sentences"] or "[]")
        )
        data["signature"] = tuple(data["signature"] or ())
        return StoredDocument.model_validate(data)

    def get_document(self, doc_id: str) -> StoredDocument:
        """Return one stored document with its raw text, cleaned text and offsets.

        Args:
            doc_id: the document id.

        Returns:
            The stored document.

        Raises:
            NotFoundError: no document has this id.
        """
        row = self._con.execute(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE id = ?", [doc_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(
                f"there is no document {doc_id!r} in '{self.path}'.",
                fix="List the stored documents with `parley docs`.",
            )
        return self._document(row)

    def documents(self, limit: int = 50, offset: int = 0) -> list[StoredDocument]:
        """List stored documents, newest publication first.

        Args:
            limit: at most this many.
            offset: skip this many first.

        Returns:
            The documents.
        """
        rows = self._con.execute(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents "
            "ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?",
            [limit, offset],
        ).fetchall()
        return [self._document(r) for r in rows]

    def count_documents(self) -> int:
        """Count stored documents.

        Returns:
            The number of documents.
        """
        row = self._con.execute("SELECT count(*) FROM documents").fetchone()
        return int(row[0]) if row else 0

    def get_annotation(self, doc_id: str) -> Annotation:
        """Rebuild the annotation of one document (sentences, mentions, role assertions).

        Args:
            doc_id: the document id.

        Returns:
            The annotation as it was written.

        Raises:
            NotFoundError: no document has this id.
        """
        doc = self.get_document(doc_id)
        names = [c.strip().strip('"') for c in _MENTION_COLUMNS.split(",")]
        rows = self._con.execute(
            f"SELECT {_MENTION_COLUMNS} FROM mentions WHERE doc_id = ? ORDER BY ordinal",
            [doc_id],
        ).fetchall()
        mentions = tuple(Mention.model_validate(dict(zip(names, r, strict=True))) for r in rows)
        roles = self._con.execute(
            f"SELECT {_ROLE_COLUMNS} FROM role_assertions WHERE doc_id = ? ORDER BY ordinal",
            [doc_id],
        ).fetchall()
        return Annotation(
            doc=doc.to_clean(),
            sentences=doc.sentences,
            mentions=mentions,
            roles=tuple(tables.role_assertion_from_row(r) for r in roles),
        )

    def event_mentions(self, doc_id: str) -> list[EventMention]:
        """Return the event mentions coded from one document.

        Args:
            doc_id: the document id.

        Returns:
            Its event mentions, by id.
        """
        rows = self._con.execute(
            "SELECT json FROM event_mentions WHERE doc_id = ? ORDER BY id", [doc_id]
        ).fetchall()
        return [EventMention.model_validate_json(r[0]) for r in rows]

    def all_event_mentions(self, chunk: int = 4096) -> Iterator[EventMention]:
        """Stream every stored event mention (for fusion), by id.

        Args:
            chunk: rows fetched per round trip.

        Returns:
            An iterator of event mentions.
        """
        cursor = self._cursor()
        try:
            cursor.execute("SELECT json FROM event_mentions ORDER BY id")
            while rows := cursor.fetchmany(chunk):
                for (text,) in rows:
                    yield EventMention.model_validate_json(text)
        finally:
            cursor.close()

    def document_metadata(
        self, doc_ids: Iterable[str] | None = None
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        """Stream what fusion needs to know of each document that has event mentions.

        Args:
            doc_ids: only these documents (default: every document with event mentions).

        Returns:
            ``(doc_id, {"url", "outlet", "published", "title", "dateline", "signature"})``.
        """
        cursor = self._cursor()
        if doc_ids is None:
            where, params = "WHERE id IN (SELECT doc_id FROM event_mentions)", []
        else:
            # "= ANY" is a semi-join whose ids filter the scan: the wide columns of other
            # documents are not read.
            where, params = "WHERE id = ANY(?::VARCHAR[])", [sorted(set(doc_ids))]
        try:
            cursor.execute(
                "SELECT id, url, outlet, published, title, dateline, signature FROM documents "
                f"{where} ORDER BY id",
                params,
            )
            # Through Arrow: DuckDB turns a signature (a list of 128 integers) into Python
            # objects ~20 times slower itself.
            for batch in cursor.to_arrow_reader(4096):
                columns = batch.to_pydict()
                for doc_id, url, outlet, published, title, dateline, signature in zip(
                    *columns.values(), strict=True
                ):
                    yield (
                        doc_id,
                        {
                            "url": url,
                            "outlet": outlet,
                            "published": published,
                            "title": title,
                            "dateline": dateline,
                            "signature": tuple(signature or ()),
                        },
                    )
        finally:
            cursor.close()

    def unfused_mentions(self) -> int:
        """Count stored event mentions not fused yet (new, or left by an interrupted run).

        Returns:
            The number of event mentions without a fusion block.
        """
        row = self._con.execute(
            "SELECT count(*) FROM event_mentions WHERE block IS NULL"
        ).fetchone()
        return int(row[0]) if row else 0

    def mention_assignments(self, mention_ids: Sequence[str] | None = None) -> dict[str, str]:
        """Return which fused event each event mention belongs to.

        Args:
            mention_ids: only these mentions (default: all).

        Returns:
            mention id -> event id.
        """
        if mention_ids is None:
            rows = self._con.execute("SELECT mention_id, event_id FROM mention_events").fetchall()
        else:
            rows = self._con.execute(
                "SELECT mention_id, event_id FROM mention_events "
                "WHERE mention_id = ANY(?::VARCHAR[])",
                [list(mention_ids)],
            ).fetchall()
        return dict(rows)

    def event_mentions_by_id(self, mention_ids: Sequence[str]) -> list[EventMention]:
        """Return the stored event mentions with these ids (unknown ids are left out).

        Args:
            mention_ids: event mention ids.

        Returns:
            The event mentions, by id.
        """
        rows = self._con.execute(
            "SELECT json FROM event_mentions WHERE id IN (SELECT unnest(?::VARCHAR[])) ORDER BY id",
            [list(mention_ids)],
        ).fetchall()
        return [EventMention.model_validate_json(r[0]) for r in rows]

    def fusion_inputs(
        self,
        pieces: Iterable[Sequence[str]],
        group: int = FUSION_STAGE_MENTIONS,
        first: int = FUSION_FIRST_STAGE_MENTIONS,
    ) -> Generator[FusionInput, None, None]:
        """Stream, piece by piece, what fusing pieces of stored mentions needs.

        The mentions of one fusion piece, and their documents, lie all over their tables, so
        reading one piece at a time would read most of both for every piece. Instead they are
        copied, sorted by piece, to temporary tables, and each piece is then read from one
        stretch of them. The copy is made for consecutive pieces of about ``group`` mentions
        at a time: sorting every mention's JSON at once needs memory that grows with the store
        (at 100k documents it did not fit in a 256MB store_memory_limit).

        Pieces are taken from ``pieces`` only as they are staged, so a caller may still be
        finding the later ones (see :func:`parley.fuse.components_by_family`). The copies start
        small and double up to ``group``: the first pieces come sooner, and the pool is not left
        without work while a big copy is made (fusing 100k documents' mentions on a pool,
        copies of 8k then 40k mentions left it without work 0.43 s; doubling ones, 0.08 s).

        Args:
            pieces: mention ids, one list per piece.
            group: mentions staged at a time (a piece is never split).
            first: mentions of the first staging (then twice as many each time, up to
                ``group``).

        Yields:
            Per piece, in order: ``(doc_id, stored EventMention JSON)`` of each of its stored
            mentions by id; ``(doc_id, url, outlet, published ISO date, signature as
            little-endian uint64 bytes)`` of their documents by id (as
            :meth:`document_metadata`); and
            ``mention_id -> event_id`` of the mentions fused before (as
            :meth:`mention_assignments`).
        """
        pending = iter(pieces)
        limit = min(first, group)
        carried: Sequence[str] | None = None
        while True:
            staged = [] if carried is None else [carried]
            size = sum(map(len, staged))
            carried = None
            for piece in pending:
                if staged and size + len(piece) > limit:
                    carried = piece
                    break
                staged.append(piece)
                size += len(piece)
            if not staged:
                return
            yield from self._staged_inputs(staged)
            limit = min(2 * limit, group)

    def _staged_inputs(self, pieces: Sequence[Sequence[str]]) -> Iterator[FusionInput]:
        """:meth:`fusion_inputs` for pieces staged together in one copy."""
        con = self._con
        numbers = pa.table(
            {
                "id": pa.array([m for piece in pieces for m in piece], pa.string()),
                "piece": pa.array([n for n, piece in enumerate(pieces) for _ in piece], pa.int32()),
            }
        )
        con.register("_parley_pieces", numbers)
        try:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE _parley_fusion_input AS "
                "SELECT p.piece, m.id, m.doc_id, m.json::VARCHAR AS json, a.event_id "
                "FROM _parley_pieces p JOIN event_mentions m ON m.id = p.id "
                "LEFT JOIN mention_events a ON a.mention_id = m.id ORDER BY p.piece, m.id"
            )
            con.execute(
                "CREATE OR REPLACE TEMP TABLE _parley_fusion_docs AS "
                "SELECT DISTINCT i.piece, d.id, d.url, d.outlet, d.published, d.signature "
                "FROM _parley_fusion_input i JOIN documents d ON d.id = i.doc_id "
                "ORDER BY i.piece, d.id"
            )
        except duckdb.OutOfMemoryException as err:
            raise StoreError(
                f"fusion ran out of the store's memory limit in '{self.path}': {err}.",
                fix="The documents are stored; raise store_memory_limit "
                "(PARLEY_STORE_MEMORY_LIMIT=2GB) and run again: it fuses what is left.",
            ) from err
        finally:
            con.unregister("_parley_pieces")
        del numbers
        try:
            for number in range(len(pieces)):
                rows = con.execute(
                    "SELECT id, doc_id, json, event_id FROM _parley_fusion_input "
                    "WHERE piece = ? ORDER BY id",
                    [number],
                ).fetchall()
                # Through Arrow: the signatures (128 integers each) leave as bytes, which
                # cross to a pool worker as they are (no Python integers built, pickled and
                # read back); published days as ISO text (what date.isoformat() gives).
                docs = con.execute(
                    "SELECT id, url, outlet, CAST(published AS VARCHAR), signature "
                    "FROM _parley_fusion_docs WHERE piece = ? ORDER BY id",
                    [number],
                ).to_arrow_table()
                yield (
                    [(str(doc_id), str(text)) for _, doc_id, text, _ in rows],
                    list(
                        zip(
                            *(docs.column(k).to_pylist() for k in range(4)),
                            _signature_bytes(docs.column(4)),
                            strict=True,
                        )
                    ),
                    {m: e for m, _, _, e in rows if e is not None},
                )
        finally:
            con.execute("DROP TABLE IF EXISTS _parley_fusion_input")
            con.execute("DROP TABLE IF EXISTS _parley_fusion_docs")

    def fill_fusion_keys(self, chunk: int = 4096) -> int:
        """Compute the blocking keys of event mentions stored without them (older stores).

        Args:
            chunk: mentions read and updated per round trip.

        Returns:
            How many mentions got their keys.

        Raises:
            StoreError: if the store is read-only or DuckDB refuses the write.
        """
        self._require_writable()
        done = 0
        while rows := self._con.execute(
            "SELECT json FROM event_mentions WHERE family IS NULL ORDER BY id LIMIT ?", [chunk]
        ).fetchall():
            data = tables.event_mentions_table(
                EventMention.model_validate_json(r[0]) for r in rows
            ).select(list(tables.KEY_COLUMNS))
            sets = ", ".join(f"{c} = k.{c}" for c in tables.KEY_COLUMNS[1:])
            with self._transaction("the fusion keys of event mentions"):
                self._con.register("_parley_keys", data)
                try:
                    self._con.execute(
                        f"UPDATE event_mentions SET {sets} FROM _parley_keys k "
                        "WHERE event_mentions.id = k.id"
                    )
                finally:
                    self._con.unregister("_parley_keys")
            done += len(rows)
        return done

    def fusion_keys(
        self, *, unfused: bool = False, blocks: Sequence[str] = (), chunk: int = 8192
    ) -> list[BlockKey]:
        """Read back the blocking keys of event mentions (not the mentions themselves).

        Args:
            unfused: the keys of the mentions not fused yet.
            blocks: (and) the keys of every mention of these fusion blocks.
            chunk: rows fetched per round trip.

        Returns:
            The keys, by mention id.
        """
        clauses = []
        params: list[Any] = []
        if unfused:
            clauses.append("block IS NULL")
        if blocks:
            clauses.append("block IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(blocks))
        if not clauses:
            return []
        cursor = self._cursor()
        keys: list[BlockKey] = []
        intern = sys.intern  # names, families and codes repeat across many mentions
        try:
            # Days as proleptic ordinals (date.toordinal()), computed by DuckDB; the rows come
            # through Arrow, which turns them into Python objects faster than DuckDB does.
            cursor.execute(
                "SELECT id, family, country_a, country_b, "
                "date_lo - DATE '0001-01-01' + 1, date_hi - DATE '0001-01-01' + 1, tokens "
                "FROM event_mentions "
                f"WHERE family IS NOT NULL AND ({' OR '.join(clauses)}) ORDER BY id",
                params,
            )
            for batch in cursor.to_arrow_reader(chunk):
                for mention_id, family, a, b, lo, hi, tokens in zip(
                    *batch.to_pydict().values(), strict=True
                ):
                    if b is None:
                        countries: tuple[str, ...] = () if a is None else (intern(a),)
                    else:
                        countries = (intern(b),) if a is None else (intern(a), intern(b))
                    keys.append(
                        BlockKey(
                            mention_id,
                            intern(family),
                            countries,
                            lo,
                            hi,
                            tuple(map(intern, tokens)) if tokens else (),
                        )
                    )
        finally:
            cursor.close()
        return keys

    def related_blocks(self) -> list[str]:
        """The fusion blocks that mentions not fused yet may join (a superset, never less).

        Fusion compares mentions of one type family whose date windows overlap (one day of
        slack; an undated mention: any date) and that share their country pair, or a country
        when one of them names only one, or a name or city token when one names no country
        (:mod:`parley.fuse.cluster`). Every block holding such a partner of a new mention is
        returned, so fusing the new mentions with these blocks equals fusing everything.

        Returns:
            The block labels, sorted.
        """
        if (
            self._con.execute(
                "SELECT 1 FROM event_mentions WHERE block IS NOT NULL LIMIT 1"
            ).fetchone()
            is None
        ):
            return []  # nothing fused yet (a first run): no block to join, no self-joins to run
        overlap = (
            "(n.date_lo IS NULL OR o.date_lo IS NULL OR "
            "(o.date_lo <= n.date_hi + 1 AND o.date_hi >= n.date_lo - 1))"
        )
        rows = self._con.execute(
            f"""
            WITH keyed AS (
                SELECT block, family, date_lo, date_hi, country_a, country_b, tokens
                FROM event_mentions WHERE family IS NOT NULL
            ),
            sides AS (
                SELECT block, family, date_lo, date_hi, country_a AS country,
                    country_b IS NULL AS single FROM keyed WHERE country_a IS NOT NULL
                UNION ALL
                SELECT block, family, date_lo, date_hi, country_b, false
                FROM keyed WHERE country_b IS NOT NULL
            ),
            names AS (
                SELECT block, family, date_lo, date_hi, country_a IS NULL AS countryless,
                    unnest(tokens) AS token
                FROM keyed
            )
            SELECT o.block FROM keyed n JOIN keyed o
                ON n.family = o.family AND n.country_a = o.country_a
                AND n.country_b = o.country_b
                WHERE n.block IS NULL AND o.block IS NOT NULL AND {overlap}
            UNION
            SELECT o.block FROM sides n JOIN sides o
                ON n.family = o.family AND n.country = o.country
                WHERE n.block IS NULL AND o.block IS NOT NULL AND (n.single OR o.single)
                AND {overlap}
            UNION
            SELECT o.block FROM names n JOIN names o
                ON n.family = o.family AND n.token = o.token
                WHERE n.block IS NULL AND o.block IS NOT NULL
                AND (n.countryless OR o.countryless) AND {overlap}
            """
        ).fetchall()
        return sorted(r[0] for r in rows)

    def document_ids(self, chunk: int = 8192) -> Iterator[str]:
        """Stream the id of every stored document.

        Args:
            chunk: ids fetched per round trip.

        Returns:
            An iterator of document ids, sorted.
        """
        cursor = self._cursor()
        try:
            cursor.execute("SELECT id FROM documents ORDER BY id")
            while rows := cursor.fetchmany(chunk):
                for (doc_id,) in rows:
                    yield doc_id
        finally:
            cursor.close()

    # ------------------------------------------------------------------ reads: roles, stats

    def role_assertions(
        self,
        person: str | None = None,
        country: str | None = None,
        on: dt.date | str | None = None,
    ) -> list[RoleAssertion]:
        """Return the role assertions learned from stored documents.

        Args:
            person: only this person (exact name, case-insensitive).
            country: only roles for this ISO3 country.
            on: only assertions already true on this day (``since``/``as_of`` not after it).

        Returns:
            The assertions, oldest first.
        """
        clauses: list[str] = []
        params: list[Any] = []
        if person:
            clauses.append("lower(person) = ?")
            params.append(person.strip().lower())
        if country:
            clauses.append("country = ?")
            params.append(_country(country, "country"))
        day = _day(on, "on")
        if day:
            clauses.append("coalesce(since, as_of) IS NULL OR coalesce(since, as_of) <= ?")
            params.append(day)
        where = (" WHERE " + " AND ".join(f"({c})" for c in clauses)) if clauses else ""
        rows = self._con.execute(
            f"SELECT {_ROLE_COLUMNS} FROM role_assertions{where} "
            "ORDER BY coalesce(since, as_of) NULLS FIRST, doc_id, ordinal",
            params,
        ).fetchall()
        return [tables.role_assertion_from_row(r) for r in rows]

    def role_book(self, kb: Any = None) -> RoleBook:
        """Build a RoleBook: the officeholders table plus every stored role assertion.

        Args:
            kb: the knowledge base (``None``: parley's own).

        Returns:
            A :class:`parley.annotate.roles.RoleBook` knowing what earlier runs learned.

        Raises:
            StoreError: when this parley has no role book module.
        """
        try:
            from parley.annotate.roles import RoleBook
        except ImportError as err:
            raise StoreError(
                f"this parley has no role book ({err}).",
                fix="Reinstall parley (pip install -e .).",
            ) from err
        return RoleBook.from_knowledge(kb).with_assertions(self.role_assertions())

    def last_run_id(self) -> str | None:
        """Return the id of the most recent run.

        Returns:
            The run id, or ``None`` for a store no run has written.
        """
        row = self._con.execute(
            "SELECT id FROM runs ORDER BY started DESC, id DESC LIMIT 1"
        ).fetchone()
        return str(row[0]) if row else None

    def failures(self, run_id: str | None = None) -> list[Failure]:
        """Return recorded failures.

        Args:
            run_id: only those of this run (default: all runs).

        Returns:
            The failures, in the order they were written.
        """
        where, params = (" WHERE run_id = ?", [run_id]) if run_id else ("", [])
        rows = self._con.execute(
            f"SELECT origin, line, stage, reason, fix FROM failures{where}", params
        ).fetchall()
        return [Failure(origin=o, line=line, stage=s, reason=r, fix=f) for o, line, s, r, f in rows]

    def stats(self) -> StoreStats:
        """Count what the store holds.

        Returns:
            Row counts per table, the schema version and the range of event dates.
        """
        row = self._con.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM mentions), "
            "(SELECT count(*) FROM event_mentions), (SELECT count(*) FROM events), "
            "(SELECT count(*) FROM role_assertions), (SELECT count(*) FROM failures), "
            "(SELECT count(*) FROM runs), (SELECT min(date_start) FROM events), "
            "(SELECT max(date_start) FROM events)"
        ).fetchone()
        assert row is not None
        return StoreStats(
            path=self.path,
            schema_version=self.schema_version,
            documents=row[0],
            mentions=row[1],
            event_mentions=row[2],
            events=row[3],
            role_assertions=row[4],
            failures=row[5],
            runs=row[6],
            first_event=row[7],
            last_event=row[8],
        )


class _KeyConflict(Exception):
    """An insert that expected new keys met a stored one (see :meth:`Store._insert`)."""


class _Transaction:
    """BEGIN/COMMIT around a write; ROLLBACK and a StoreError when DuckDB refuses it."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, what: str) -> None:
        self._con = con
        self._path = path
        self._what = what

    def __enter__(self) -> None:
        self._con.execute("BEGIN TRANSACTION")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self._con.execute("COMMIT")
            return
        self._con.execute("ROLLBACK")
        if isinstance(exc, duckdb.OutOfMemoryException):
            raise StoreError(
                f"cannot write {self._what} to the store '{self._path}': DuckDB ran out of "
                "its memory limit.",
                fix="Nothing of this write was kept; raise store_memory_limit "
                "(PARLEY_STORE_MEMORY_LIMIT=4GB) and run again.",
            ) from exc
        if isinstance(exc, duckdb.Error):
            raise StoreError(
                f"cannot write {self._what} to the store '{self._path}': {exc}.",
                fix="Nothing of this write was kept; check free disk space and try again.",
            ) from exc


def _signature_bytes(column: pa.ChunkedArray) -> list[bytes]:
    """Each row's MinHash signature (a list of uint64, or null) as little-endian bytes."""
    array = column.combine_chunks()
    if len(array) == 0:
        return []
    lengths = pc.fill_null(pc.list_value_length(array), 0).to_numpy(zero_copy_only=False)
    data = array.flatten().to_numpy(zero_copy_only=False).astype("<u8", copy=False).tobytes()
    ends = np.cumsum(lengths, dtype=np.int64) * 8
    starts = ends - lengths.astype(np.int64) * 8
    return [data[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]


def _only_events(
    rows: Mapping[str, pa.Table], ids: Sequence[str], total: int
) -> dict[str, pa.Table]:
    """The rows of some events only (all rows, untouched, when every event is listed)."""
    if len(ids) == total:
        return dict(rows)
    keep = pa.array(ids, pa.string())
    return {
        name: data.filter(
            pc.is_in(data.column("id" if name == "events" else "event_id"), value_set=keep)
        )
        for name, data in rows.items()
    }
