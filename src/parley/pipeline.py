"""Wire the stages: read -> clean -> sign -> annotate -> code per document, then store and fuse.

``run`` streams the inputs in batches (memory does not grow with the corpus), skips documents
the store already has, processes each document with the pure, picklable
:func:`process_document` (in a process pool when there is enough work), writes each batch in
bulk from the main process (the only writer), and finally fuses every stored event mention into
events. A document that fails in any stage becomes a :class:`~parley.models.Failure`; the batch
goes on. ``process_texts`` runs the same stages in memory, without a store.
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import contextlib
import datetime as dt
import functools
import gc
import itertools
import multiprocessing
import multiprocessing.forkserver
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from parley.config import Settings, load_settings
from parley.errors import ConfigError, InputError, ParleyError
from parley.models import (
    Annotation,
    CleanDocument,
    Document,
    Event,
    EventMention,
    Failure,
    Model,
    build_trusted,
)
from parley.store import Store, tables

if TYPE_CHECKING:
    from parley.fuse import DocInfo

ProgressFn = Callable[[str, int], None]
"""``progress(stage, count)``: ``("read", documents so far)``, then ``("fuse", mentions)``."""

REPORT_URL = "https://github.com/parley-events/parley/issues"
_ORIGIN_LINE = re.compile(r"^(?P<origin>.+):(?P<line>\d+)$")
_KEPT_FAILURES = 10_000  # a summary lists this many; all of them are in the store's failures table


# ------------------------------------------------------------------------------ stages


@dataclass(frozen=True)
class Stages:
    """The per-document stage functions, in pipeline order (all module-level, so picklable).

    Each declares what it needs and gives: ``clean(Document) -> CleanDocument``,
    ``signature(text) -> tuple[int, ...]``, ``annotate(CleanDocument, kb, roles) -> Annotation``,
    ``code(Annotation, kb) -> Sequence[EventMention]``.
    """

    clean: Callable[[Document], CleanDocument]
    signature: Callable[[str], tuple[int, ...]]
    annotate: Callable[[CleanDocument, Any, Any], Annotation]
    code: Callable[[Annotation, Any], Sequence[EventMention]]


def _missing_stage(module: str, err: ImportError) -> ConfigError:
    """A stage module that cannot be imported means a broken install, not bad input."""
    return ConfigError(
        f"parley's {module} stage cannot be loaded ({err}).",
        fix="Reinstall parley (pip install -e .) and try again.",
    )


def default_stages() -> Stages:
    """Return parley's own stage functions.

    Returns:
        The stages: ``parley.clean.clean_document``, ``parley.fuse.doc_signature``,
        ``parley.annotate.annotate_document``, ``parley.coding.code_document``.

    Raises:
        ConfigError: a stage module is missing from this installation.
    """
    try:
        from parley.clean import clean_document
    except ImportError as err:
        raise _missing_stage("parley.clean", err) from err
    try:
        from parley.fuse import doc_signature
    except ImportError as err:
        raise _missing_stage("parley.fuse", err) from err
    try:
        from parley.annotate import annotate_document
    except ImportError as err:
        raise _missing_stage("parley.annotate", err) from err
    try:
        from parley.coding import code_document
    except ImportError as err:
        raise _missing_stage("parley.coding", err) from err
    return Stages(
        clean=clean_document,
        signature=doc_signature,
        annotate=annotate_document,
        code=code_document,
    )


def load_kb() -> Any:
    """Load the knowledge base (countries, roles, lexicons) every document is annotated with.

    Returns:
        The immutable ``parley.knowledge.Knowledge``.

    Raises:
        ConfigError: the knowledge module is missing from this installation.
    """
    try:
        from parley.knowledge import load_knowledge
    except ImportError as err:
        raise _missing_stage("parley.knowledge", err) from err
    return load_knowledge()


# ------------------------------------------------------------------------------ one document


class DocResult(Model):
    """What the per-document stages made of one document: an annotation with its event
    mentions and text signature, or the failure that stopped it."""

    doc_id: str
    annotation: Annotation | None = None
    mentions: tuple[EventMention, ...] = ()
    signature: tuple[int, ...] = ()
    failure: Failure | None = None


def _where(doc: Document) -> tuple[str, int | None]:
    """Split ingest's 'file.jsonl:3' origin into file and line for messages."""
    origin = doc.origin or f"document {doc.id}"
    match = _ORIGIN_LINE.match(origin)
    if match:
        return match["origin"], int(match["line"])
    return origin, None


def stage_failure(doc: Document, stage: str, err: BaseException) -> Failure:
    """Describe why a stage failed on one document, for the run summary and the store.

    Args:
        doc: the document.
        stage: the stage that raised (clean, signature, annotate, coding).
        err: what it raised.

    Returns:
        A :class:`Failure` naming the document, the stage and the fix.
    """
    origin, line = _where(doc)
    if isinstance(err, ParleyError):
        reason = str(err) if err.fix is None else str(err)[: -len(err.fix) - 1]
        return Failure(
            origin=origin,
            line=line,
            stage=stage,
            reason=f"document {doc.id!r}: {reason.rstrip('.')}",
            fix=err.fix or "Check the document and try again.",
        )
    return Failure(
        origin=origin,
        line=line,
        stage=stage,
        reason=f"document {doc.id!r}: internal error in the {stage} stage "
        f"({type(err).__name__}: {err})",
        fix=f"Please report it at {REPORT_URL} with the document attached; it was skipped",
    )


def process_document(
    doc: Document, kb: Any, roles: Any = None, stages: Stages | None = None
) -> DocResult:
    """Run the per-document stages on one document; never raises for a bad document.

    Pure and picklable: everything it needs is passed in, so it runs the same in this process,
    in a process pool or on a Dask worker.

    Args:
        doc: an ingested document.
        kb: the knowledge base (from ``parley.knowledge.load_knowledge``).
        roles: a ``RoleBook`` of dated role assertions, or ``None``.
        stages: the stage functions (default: :func:`default_stages`).

    Returns:
        The document's annotation, event mentions and signature, or its failure.

    Example:
        >>> result = process_document(doc, load_kb())  # doctest: +SKIP
        >>> [m.event_type for m in result.mentions]  # doctest: +SKIP
        ['CONSULT']
    """
    stages = stages or default_stages()
    stage = "clean"
    try:
        clean = stages.clean(doc)
        stage = "signature"
        signature = tuple(stages.signature(clean.text))
        stage = "annotate"
        annotation = stages.annotate(clean, kb, roles)
        stage = "coding"
        mentions = tuple(stages.code(annotation, kb))
    except Exception as err:
        return DocResult(doc_id=doc.id, failure=stage_failure(doc, stage, err))
    if (
        _TRUSTED_RESULT
        and stages.signature is _own_signature()
        and isinstance(annotation, Annotation)
        and all(isinstance(m, EventMention) for m in mentions)
    ):
        # What validation would give: the same instances, and parley's own signature is a
        # tuple of Python ints already (checking its 128 ints cost ~6 us a document).
        values = {
            "doc_id": doc.id,
            "annotation": annotation,
            "mentions": mentions,
            "signature": signature,
            "failure": None,
        }
        return build_trusted(DocResult, values, _RESULT_SET)
    return DocResult(doc_id=doc.id, annotation=annotation, mentions=mentions, signature=signature)


_RESULT_FIELDS = ("doc_id", "annotation", "mentions", "signature", "failure")
_RESULT_SET = frozenset(_RESULT_FIELDS[:-1])  # the fields a success sets
_TRUSTED_RESULT = tuple(DocResult.model_fields) == _RESULT_FIELDS


@functools.cache
def _own_signature() -> Callable[[str], tuple[int, ...]]:
    """parley's MinHash stage (imported on first use, as :func:`default_stages` does)."""
    from parley.fuse import doc_signature

    return doc_signature


@dataclass(frozen=True)
class ChunkRows:
    """Store-ready rows of a chunk of documents: what a pool worker sends back to the writer.

    Arrow tables pickle as flat buffers, so the writer receives rows it can insert as they are
    instead of models it would have to unpickle and convert.
    """

    rows: dict[str, pa.Table]
    ids: tuple[str, ...]  # every document of the chunk, in input order
    failures: tuple[Failure | None, ...]  # aligned with ids

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle the tables as Arrow IPC streams: the same tables come back, and writing and
        reading a stream costs ~5 times less than pickling a table (which rebuilds each column
        array through Python), ~0.04 ms per document between the worker and the writer."""
        streams = {name: _to_stream(table) for name, table in self.rows.items()}
        return _chunk_rows_from_streams, (streams, self.ids, self.failures)


def _to_stream(table: pa.Table) -> pa.Buffer:
    """A table as an Arrow IPC stream."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def _chunk_rows_from_streams(
    streams: dict[str, pa.Buffer], ids: tuple[str, ...], failures: tuple[Failure | None, ...]
) -> ChunkRows:
    """Unpickle :class:`ChunkRows` (see ``ChunkRows.__reduce__``)."""
    rows = {name: pa.ipc.open_stream(stream).read_all() for name, stream in streams.items()}
    return ChunkRows(rows, ids, failures)


def process_chunk(
    docs: Sequence[Document], kb: Any, roles: Any, stages: Stages, run_id: str | None
) -> ChunkRows:
    """Process documents and build their store rows (the unit of work of a pool worker).

    Args:
        docs: ingested documents.
        kb: the knowledge base.
        roles: a ``RoleBook`` or ``None``.
        stages: the stage functions.
        run_id: the run the rows belong to.

    Returns:
        The rows of the documents that went through, and the failure of each one that did not.
    """
    results = [process_document(d, kb, roles, stages) for d in docs]
    originals = {d.id: d for d in docs}
    failures = [r.failure for r in results]
    ok = [r for r in results if r.failure is None and r.annotation is not None]
    try:
        rows = _rows(ok, originals, run_id)
    except Exception:
        # One document the store cannot take must not sink its chunk: find it, fail it alone.
        good = []
        processed = {id(r) for r in ok}
        for n, result in enumerate(results):
            if id(result) in processed:
                try:
                    _rows([result], originals, run_id)
                    good.append(result)
                except Exception as err:
                    failures[n] = stage_failure(docs[n], "store", err)
        rows = _rows(good, originals, run_id)
    return ChunkRows(rows, tuple(d.id for d in docs), tuple(failures))


def _rows(
    ok: Sequence[DocResult], originals: Mapping[str, Document], run_id: str | None
) -> dict[str, pa.Table]:
    """Store rows of processed documents (see :func:`parley.store.tables.document_tables`)."""
    return tables.document_tables(
        [r.annotation for r in ok if r.annotation is not None],
        [m for r in ok for m in r.mentions],
        originals=originals,
        signatures={r.doc_id: r.signature for r in ok},
        run_id=run_id,
        now=dt.datetime.now(dt.UTC).replace(tzinfo=None),
    )


# Worker processes receive the knowledge base once (at start), not once per task.
_WORKER: dict[str, Any] = {}


# Garbage of the stages is almost all acyclic (freed by reference counts): with the default
# threshold the collector ran ~500 times per 2,000 documents, scanning the knowledge base each
# time. The writing process collects every 10,000 allocations (see _writer_gc).
_WRITER_GC_THRESHOLD = (10_000, 10, 10)
# A pool worker collects between chunks, when the chunk's models are gone: collections
# every 10,000 allocations fell inside chunks and scanned the models alive there, ~0.06 ms/doc
# (0.006 between chunks). The automatic collector stays as a safety net for a chunk that keeps
# more than 100,000 new objects alive; the whole heap is collected every _FULL_COLLECTION chunks.
_CHUNK_GC_THRESHOLD = (100_000, 10, 10)
_FULL_COLLECTION = 100


def _init_worker(kb: Any, roles: Any, stages: Stages, run_id: str) -> None:
    """Keep the run's read-only inputs in the worker so tasks carry only documents.

    The knowledge base lives as long as the worker: it is frozen out of the collector's scans,
    and the collector runs between chunks (see :func:`_chunk_in_worker`).
    """
    _WORKER.update(kb=kb, roles=roles, stages=stages, run_id=run_id, chunks=0)
    gc.collect()
    gc.freeze()
    gc.set_threshold(*_CHUNK_GC_THRESHOLD)


def _chunk_in_worker(docs: list[Document]) -> ChunkRows:
    """The pool task: :func:`process_chunk` with the worker's knowledge base, then a collection
    of what the chunk left (cheap now: its documents' models were freed on return)."""
    rows = process_chunk(
        docs, _WORKER["kb"], _WORKER["roles"], _WORKER["stages"], _WORKER["run_id"]
    )
    _WORKER["chunks"] += 1
    gc.collect(2 if _WORKER["chunks"] % _FULL_COLLECTION == 0 else 1)
    return rows


# ------------------------------------------------------------------------------ a run


class RunSummary(Model):
    """What a run did: counts, failures and time."""

    db: str
    run_id: str
    documents_read: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    event_mentions: int = 0
    events: int = 0
    fused: bool = False
    failures: tuple[Failure, ...] = ()
    elapsed: float = 0.0

    @property
    def docs_per_second(self) -> float:
        """Documents read per second of the whole run (0 for an empty run)."""
        return self.documents_read / self.elapsed if self.elapsed > 0 else 0.0

    def counts(self) -> dict[str, int | float]:
        """The numbers kept in the store's ``runs`` table."""
        return {
            "documents_read": self.documents_read,
            "stored": self.stored,
            "skipped": self.skipped,
            "failed": self.failed,
            "event_mentions": self.event_mentions,
            "events": self.events,
            "elapsed": round(self.elapsed, 3),
        }


class StrictStop(InputError):
    """``--strict``: the run stopped at its first failure; what was written before stays."""

    def __init__(self, failure: Failure, summary: RunSummary) -> None:
        self.failure = failure
        self.summary = summary
        super().__init__(
            failure.origin,
            failure.reason,
            line=failure.line,
            fix=f"Stopped there (--strict); {summary.stored} documents were stored before it. "
            "Fix it, or run without --strict to skip bad documents.",
        )


@dataclass
class _Tally:
    """Mutable counters of a run in progress (the summary is built from it at the end)."""

    read: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    mentions: int = 0
    events: int = 0
    fused: bool = False
    first_failure: Failure | None = None
    failures: list[Failure] = field(default_factory=list)
    # The ids of every stored document, while they are only those this run wrote (see _known).
    stored_ids: set[str] | None = None

    def fail(self, failure: Failure) -> None:
        self.failed += 1
        self.first_failure = self.first_failure or failure
        if len(self.failures) < _KEPT_FAILURES:
            self.failures.append(failure)

    def wrote(self, ids: Iterable[str]) -> None:
        """Note documents stored (new, or stored already) by a write of this run."""
        if self.stored_ids is not None:
            self.stored_ids.update(ids)
            if len(self.stored_ids) > _TRACKED_IDS:
                self.stored_ids = None  # memory must not grow with the run: ask the store


_TRACKED_IDS = 500_000  # document ids a run into an empty store keeps (~50 MB) before it asks


def _known(store: Store, tally: _Tally, ids: Sequence[str]) -> set[str]:
    """Which of ``ids`` the store holds (:meth:`Store.known_ids`).

    A run into an empty store knows them itself: a query scans every stored id, once per batch
    (at 100k documents 4 ms a batch, 0.017 ms per document, and more as the store grows).
    """
    if tally.stored_ids is None:
        return store.known_ids(ids)
    return tally.stored_ids.intersection(ids)


def _batches(
    items: Iterable[Document | Failure], size: int, strict: bool
) -> Iterator[tuple[list[Document], list[Failure]]]:
    """Group the input stream into batches; in strict mode stop reading at the first failure."""
    docs: list[Document] = []
    failed: list[Failure] = []
    for item in items:
        if isinstance(item, Failure):
            failed.append(item)
            if strict:
                break
        else:
            docs.append(item)
        if len(docs) >= size:
            yield docs, failed
            docs, failed = [], []
    if docs or failed:
        yield docs, failed


def _unique(docs: Sequence[Document]) -> tuple[list[Document], int]:
    """Drop repeats of one id inside a batch (the same file given twice, a reprinted item)."""
    seen: dict[str, Document] = {}
    for doc in docs:
        seen.setdefault(doc.id, doc)
    return list(seen.values()), len(docs) - len(seen)


def _broken_pool() -> ParleyError:
    """A worker that died takes the run down with a plain explanation."""
    return ParleyError(
        "a worker process stopped unexpectedly (out of memory, or killed).",
        fix="Run again with --workers 1 or a smaller batch_size; stored batches are kept.",
    )


# A batch's chunks: their rows, or the pool's futures of them.
_Chunks = Sequence[ChunkRows | cf.Future[ChunkRows]]


def _collect(chunks: _Chunks) -> list[ChunkRows]:
    """Results of a batch (a dead worker stops the run, see :func:`_broken_pool`)."""
    try:
        return [c.result() if isinstance(c, cf.Future) else c for c in chunks]
    except cf.process.BrokenProcessPool as err:
        raise _broken_pool() from err


def _finished(waiting: Iterable[tuple[_Chunks, list[Failure], set[str]]]) -> int:
    """How many of the oldest waiting batches are done (at least 1: the oldest is waited for)."""
    done = 0
    for chunks, _, _ in waiting:
        if not all(c.done() for c in chunks if isinstance(c, cf.Future)):
            break
        done += 1
    return max(done, 1)


WRITE_DOCUMENTS = 2_048
"""Documents written per store transaction by :func:`run` (a commit costs ~0.1 s)."""

_INGEST_CHECKPOINT = "256MB"  # write-ahead log that triggers a checkpoint while documents go in
# Batches left queued in the pool while this process writes: 8 (2k documents, ~1.5 s of the
# pool's work) outlast a write and most checkpoints, which with 2 the workers waited through.
_AHEAD = 8
_WAITING = 16  # batches waiting at most (batches of known documents hold none to write)


def _write(
    store: Store,
    run_id: str,
    batches: Sequence[tuple[_Chunks, Sequence[Failure]]],
    tally: _Tally,
    strict: bool,
) -> None:
    """Write processed batches in one bulk transaction and count them."""
    done: list[ChunkRows] = []
    failed: list[Failure] = []
    for chunks, failures in batches:
        batch = _collect(chunks)
        done += batch
        failed += [*failures, *(f for c in batch for f in c.failures if f is not None)]
    ids = [i for c in done for i in c.ids]
    outcomes = [f for c in done for f in c.failures]
    cut = len(ids)
    if strict:
        cut = next((n for n, f in enumerate(outcomes) if f is not None), cut)
        failed = [*batches[0][1], *(f for f in outcomes[: cut + 1] if f is not None)]
    rows = {
        name: pa.concat_tables([c.rows[name] for c in done])
        if done
        else tables.empty_document_tables()[name]
        for name in tables.empty_document_tables()
    }
    if cut < len(ids):
        # --strict: nothing read after the first failure goes in.
        keep = pa.array(ids[:cut], pa.string())
        column = {"documents": "id"}
        rows = {
            name: t.filter(pc.is_in(t.column(column.get(name, "doc_id")), value_set=keep))
            for name, t in rows.items()
        }
    processed = sum(1 for f in outcomes[:cut] if f is None)
    new_docs, new_mentions = store.write_rows(rows, failed, run_id=run_id)
    tally.wrote(rows["documents"].column("id").to_pylist())
    for failure in failed:
        tally.fail(failure)
    tally.stored += new_docs
    tally.skipped += processed - new_docs
    tally.mentions += new_mentions


def doc_infos(store: Store, doc_ids: Iterable[str] | None = None) -> dict[str, DocInfo]:
    """Describe stored documents for fusion.

    Args:
        store: an open store.
        doc_ids: only these documents (default: every document that has event mentions).

    Returns:
        doc id -> ``parley.fuse.DocInfo`` (url, outlet, publication date, signature).
    """
    from parley.fuse import DocInfo

    return {
        doc_id: DocInfo(
            doc_id=doc_id,
            url=meta["url"],
            outlet=meta["outlet"],
            published=meta["published"].isoformat() if meta["published"] else None,
            signature=meta["signature"],
        )
        for doc_id, meta in store.document_metadata(doc_ids)
    }


FUSE_PIECE_MENTIONS = 2_000
"""Mentions fused (and held in memory) at a time by :func:`fuse_store`; a fusion block that is
bigger is still fused whole."""

_SMALLEST_PIECE = 250  # a pool gets pieces of at least this many mentions
_POOL_PIECE = 500  # and of at most this many (a worker holds ~40 MB of models per 500)
# Pieces in flight per pool worker while this process writes. A write of _WRITE_MENTIONS takes
# longer than a worker takes to fuse 2 pieces: at 100k documents, with 2 the pool ran dry
# during 14 of 15 writes; with 8, during none (and this process held ~30 MB more).
_FLYING_PER_WORKER = 8
# Fused mentions written per transaction (~5 KB of rows each). A bigger transaction writes the
# evidence rows (~17 a mention) as whole row groups instead of through the log and the final
# checkpoint: 8k instead of 4k took commit and checkpoint from 0.047 to 0.042 ms/doc at 10k docs.
_WRITE_MENTIONS = 8_000
# Write-ahead log that triggers a checkpoint while fused events go in. Checkpointing only at the
# end left the whole fusion's rows (~1.9M evidence rows at 100k documents) to one checkpoint
# after the last piece, ~2 s with the pool idle. Checkpoints along the way fall while the pool
# fuses; at 100k documents idle core-seconds fell from 7.9-8.7 to 5.7-6.2, and this process's
# CPU did not grow (25.8-27.2 s against 27.9-29.9). This needs the store without the event
# indexes schema version 5 dropped: with them, the same threshold did not shorten the run.
_FUSE_CHECKPOINT = "64MB"


@dataclass(frozen=True)
class FusedRows:
    """Store-ready rows of the events of one fused piece: what a pool worker sends back."""

    rows: dict[str, pa.Table]  # events and its child tables (parley.store.tables.event_tables)
    links: pa.Table  # mention_events rows


_DOC_INFO_FIELDS = ("doc_id", "url", "outlet", "published", "signature")  # a piece's docs


def fuse_piece(
    mentions: Sequence[tuple[str, str]],
    docs: Sequence[tuple[str, str | None, str | None, str | None, bytes]],
    previous: Mapping[str, str],
) -> FusedRows:
    """Fuse one piece of stored event mentions and build the store rows of its events.

    The unit of work :func:`fuse_store` hands to pool workers: it takes what the store holds
    (JSON, plain tuples) and gives back Arrow rows, so no model crosses a process boundary.

    Args:
        mentions: ``(doc_id, EventMention JSON)`` of every mention of the piece.
        docs: ``(doc_id, url, outlet, published ISO date, signature)`` of their documents,
            the signature's integers as little-endian uint64 bytes (as the store gives them).
        previous: ``mention_id -> event_id`` of earlier runs.

    Returns:
        The rows of the fused events and of their mention links.
    """
    from parley.fuse.fusion import paused_gc

    # The piece's models are freed (by reference counting) when _fuse_rows returns, before the
    # collector runs again: the first collection after a pause otherwise walks every object
    # allocated during it.
    with paused_gc():
        return _fuse_rows(mentions, docs, previous)


def _fuse_rows(
    mentions: Sequence[tuple[str, str]],
    docs: Sequence[tuple[str, str | None, str | None, str | None, bytes]],
    previous: Mapping[str, str],
) -> FusedRows:
    """The work of :func:`fuse_piece`: parse, fuse, and build the rows."""
    from parley.fuse import DocInfo, assignments, fuse_mentions

    parsed = [EventMention.model_validate_json(text) for _, text in mentions]
    trusted = tuple(DocInfo.model_fields) == _DOC_INFO_FIELDS
    infos = {}
    for doc_id, url, outlet, published, packed in docs:
        signature = tuple(np.frombuffer(packed, "<u8").tolist())
        if trusted:
            # The values have the field types already (str, None, a tuple of ints):
            # validating a signature's 128 integers cost more than the rest of a DocInfo.
            info = build_trusted(
                DocInfo,
                {
                    "doc_id": doc_id,
                    "url": url,
                    "outlet": outlet,
                    "published": published,
                    "signature": signature,
                },
            )
        else:
            info = DocInfo(
                doc_id=doc_id, url=url, outlet=outlet, published=published, signature=signature
            )
        infos[doc_id] = info
    events = fuse_mentions(parsed, infos, previous=previous)
    return FusedRows(
        rows=tables.event_tables(events),
        links=tables.mention_events_table(assignments(events)),
    )


def fuse_store(
    store: Store,
    progress: ProgressFn | None = None,
    *,
    piece: int = FUSE_PIECE_MENTIONS,
    executor: cf.Executor | None = None,
    workers: int = 1,
) -> int:
    """Fuse the event mentions not fused yet, with the stored events they join.

    Only the fusion blocks the new mentions touch are read and fused again (see
    :mod:`parley.fuse.blocks`): the store finds them by the mentions' blocking keys, so neither
    the stored mentions nor the stored events are loaded as a whole. Blocks are fused and
    written a piece of about ``piece`` mentions at a time, so memory does not grow with the
    store (the mentions to fuse are staged in DuckDB, within its memory limit, sorted by
    piece: see :meth:`parley.store.Store.fusion_inputs`). The events equal those of fusing
    every stored mention at once, and event ids are kept stable across runs. With an ``executor`` the pieces are fused in its worker processes
    (:func:`fuse_piece`) while this process reads the next pieces and writes finished ones.

    Args:
        store: a read-write store.
        progress: called with ``("fuse", number of mentions fused again)``, as a family's
            pieces are found (a growing count: the last call gives the total).
        piece: mentions fused per step (at most; a pool gets smaller pieces to share).
        executor: a process pool to fuse the pieces in (default: this process).
        workers: the pool's worker processes (sizes the pieces and the pieces in flight).

    Returns:
        The number of events in the store.

    Raises:
        ConfigError: the fusion module is missing from this installation.
        ParleyError: a worker process died.
    """
    try:
        from parley.fuse import components_by_family, pack_components
    except ImportError as err:
        raise _missing_stage("parley.fuse", err) from err
    store.fill_fusion_keys()
    new = store.fusion_keys(unfused=True)
    if not new:
        return store.count_events()
    keys = sorted(
        new + store.fusion_keys(blocks=store.related_blocks()), key=lambda k: k.mention_id
    )
    is_new = {k.mention_id for k in new}
    del new
    if executor is not None:
        # Pieces small enough that every worker has one, and the next, while this process
        # writes finished ones (and small enough to keep the workers' memory low).
        share = -(-len(keys) // (2 * workers))
        piece = min(piece, _POOL_PIECE, max(share, _SMALLEST_PIECE))
    label: dict[int, str] = {}  # key position -> its component's first mention id
    parts: collections.deque[list[int]] = collections.deque()  # pieces staged, not yet fused

    def piece_ids() -> Iterator[list[str]]:
        # A type family at a time, the smallest first: the pool fuses the first families
        # while this process finds the components of the next (at 100k documents, finding
        # them all first kept the pool idle ~1 s).
        total = 0
        for components in components_by_family(keys):
            touched = [c for c in components if any(keys[i].mention_id in is_new for i in c)]
            for component in touched:
                label.update(dict.fromkeys(component, keys[component[0]].mention_id))
                total += len(component)
            if progress and touched:
                progress("fuse", total)
            for part in pack_components(touched, piece):
                parts.append(part)
                yield [keys[i].mention_id for i in part]

    ready: list[tuple[list[int], FusedRows]] = []

    def write(last: bool) -> None:
        # One transaction for several pieces: a commit costs more than the rows it writes.
        if ready and (last or sum(len(part) for part, _ in ready) >= _WRITE_MENTIONS):
            blocks = {keys[i].mention_id: label[i] for part, _ in ready for i in part}
            store.replace_event_rows(
                {
                    name: pa.concat_tables([fused.rows[name] for _, fused in ready])
                    for name in ready[0][1].rows
                },
                pa.concat_tables([fused.links for _, fused in ready]),
                blocks=blocks,
            )
            ready.clear()

    # fusion_inputs stages pieces ahead of what it yields; each yield is the oldest one staged
    inputs = store.fusion_inputs(piece_ids())
    with store.checkpoint_after(_FUSE_CHECKPOINT), contextlib.closing(inputs):
        if executor is None:
            for piece_input in inputs:
                ready.append((parts.popleft(), fuse_piece(*piece_input)))
                write(last=False)
        else:
            flying: collections.deque[tuple[list[int], cf.Future[FusedRows]]] = collections.deque()
            try:
                for piece_input in inputs:
                    part = parts.popleft()
                    flying.append((part, executor.submit(fuse_piece, *piece_input)))
                    while len(flying) > _FLYING_PER_WORKER * workers:
                        done, future = flying.popleft()
                        ready.append((done, future.result()))
                        write(last=False)
                while flying:
                    done, future = flying.popleft()
                    ready.append((done, future.result()))
                    write(last=False)
            except cf.process.BrokenProcessPool as err:
                raise _broken_pool() from err
            finally:
                for _, future in flying:
                    future.cancel()
        write(last=True)
    return store.count_events()


def run(
    paths: Sequence[str],
    db: str | None = None,
    *,
    strict: bool = False,
    workers: int | None = None,
    progress: ProgressFn | None = None,
    settings: Settings | None = None,
    stages: Stages | None = None,
    kb: Any = None,
    roles: Any = None,
) -> RunSummary:
    """Run the whole pipeline on files, folders or ``-`` (stdin) into a store.

    Re-running on the same input changes nothing: known documents are skipped and event ids are
    kept.

    Args:
        paths: inputs (contract 1).
        db: the DuckDB store (default: ``settings.db``).
        strict: stop at the first document that cannot be read or processed.
        workers: worker processes (default: ``settings.workers``; 0 = one per core).
        progress: callback ``progress(stage, count)`` for a progress display.
        settings: run settings (default: :func:`parley.config.load_settings`).
        stages: the per-document stages (default: :func:`default_stages`).
        kb: a knowledge base (default: :func:`load_kb`).
        roles: a ``RoleBook`` (default with parley's own stages: the officeholders table plus
            the roles earlier runs learned, from the store).

    Returns:
        The run summary.

    Raises:
        StrictStop: ``strict`` and something failed; earlier batches stay written.
        StoreError: the store cannot be opened or written.
        ConfigError: a bad setting, or a stage missing from this installation.

    Example:
        >>> summary = run(["examples/"], "demo.duckdb")  # doctest: +SKIP
        >>> summary.events  # doctest: +SKIP
        12
    """
    from parley.ingest import read_inputs

    started = time.perf_counter()
    settings = settings or load_settings(workers=workers)
    if workers is not None and workers != settings.workers:
        settings = settings.model_copy(update={"workers": workers})
    own_stages = stages is None
    db = db or settings.db
    tally = _Tally()
    items = read_inputs(paths, max_bytes=settings.max_document_bytes)
    batches = _batches(items, settings.batch_size, strict)
    # Look ahead one batch: a small run is faster without a pool to start.
    first = next(batches, None)
    second = next(batches, None) if first is not None else None
    stream = itertools.chain([b for b in (first, second) if b is not None], batches)
    use_pool = settings.worker_count() > 1 and (
        second is not None or (first is not None and len(first[0]) >= settings.serial_below)
    )
    if use_pool:
        _forkserver()
    # (loaded while the pool's server starts)
    stages = stages or default_stages()
    kb = kb if kb is not None else load_kb()
    # The worker processes use every core: DuckDB writes with one thread.
    threads = 1 if use_pool else None
    with (
        Store(db, memory_limit=settings.store_memory_limit, threads=threads) as store,
        _writer_gc(),
    ):
        run_id = store.start_run()
        if store.count_documents() == 0:
            tally.stored_ids = set()
        if roles is None and own_stages:
            roles = store.role_book(kb)
        executor = _pool(settings, kb, roles, stages, run_id) if use_pool else None
        try:
            # documents arrive in ~2k-document commits: a checkpoint after each would rewrite
            # the store's keys every time (quadratic in the run's size)
            with store.log_threshold(_INGEST_CHECKPOINT):
                _run_batches(
                    store,
                    run_id,
                    stream,
                    executor,
                    kb,
                    roles,
                    stages,
                    settings,
                    strict,
                    tally,
                    progress,
                )
            if tally.mentions or store.unfused_mentions():
                # The pool's workers are idle now: they fuse while this process writes. The
                # last documents are checkpointed by fusion's first write, while the pool
                # works (checkpointing them here kept it idle ~0.9 s at 100k documents).
                tally.events = fuse_store(
                    store, progress, executor=executor, workers=settings.worker_count()
                )
                tally.fused = True
            else:
                store.checkpoint()
                tally.events = store.count_events()
        finally:
            if executor is not None:
                executor.shutdown(cancel_futures=True)
        summary = RunSummary(
            db=str(db),
            run_id=run_id,
            documents_read=tally.read,
            stored=tally.stored,
            skipped=tally.skipped,
            failed=tally.failed,
            event_mentions=tally.mentions,
            events=tally.events,
            fused=tally.fused,
            failures=tuple(tally.failures),
            elapsed=time.perf_counter() - started,
        )
        store.finish_run(run_id, summary.counts())
    if strict and tally.first_failure is not None:
        raise StrictStop(tally.first_failure, summary)
    return summary


@contextlib.contextmanager
def _writer_gc() -> Iterator[None]:
    """The collector of the writing process during a run.

    What exists when the store opens (the modules and the knowledge base, objects that outlive
    the run) is frozen out of the collector's scans, and it runs less often: at 10k documents
    the writer spent 0.2 s in 430 collections, ~0.09 s with this. Both are restored afterwards, for a caller's own process (objects it froze itself stay frozen).
    """
    threshold = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    gc.set_threshold(*_WRITER_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if freeze:
            gc.unfreeze()


def _forkserver() -> multiprocessing.context.BaseContext:
    """The start method of the pool, its server started at once: it imports parley (~0.5 s)
    while this process opens the store, instead of when the first batch is handed out."""
    # forkserver: never fork a process that holds an open DuckDB connection and its threads.
    context = multiprocessing.get_context("forkserver")
    # pyarrow imports pandas (when installed) at its first conversion of a list, which every
    # worker does: imported once in the server, the workers share it (~0.19 s of CPU each).
    # The server skips a preload that is not installed. It loads parley's knowledge base too,
    # which every worker then starts with (see parley._pool_preload).
    context.set_forkserver_preload(["parley.pipeline", "pandas", "parley._pool_preload"])
    multiprocessing.forkserver.ensure_running()
    return context


def _pool(
    settings: Settings, kb: Any, roles: Any, stages: Stages, run_id: str
) -> cf.ProcessPoolExecutor:
    """A process pool whose workers hold the knowledge base from the start."""
    context = _forkserver()
    return cf.ProcessPoolExecutor(
        max_workers=settings.worker_count(),
        mp_context=context,
        initializer=_init_worker,
        initargs=(kb, roles, stages, run_id),
    )


def _run_batches(
    store: Store,
    run_id: str,
    batches: Iterable[tuple[list[Document], list[Failure]]],
    executor: cf.ProcessPoolExecutor | None,
    kb: Any,
    roles: Any,
    stages: Stages,
    settings: Settings,
    strict: bool,
    tally: _Tally,
    progress: ProgressFn | None,
) -> None:
    """Process batches; the pool works on the next batches while this process writes.

    Finished batches are written together, about :data:`WRITE_DOCUMENTS` documents per
    transaction, while the pool keeps :data:`_AHEAD` batches queued. A document id repeated
    across batches in one write is written once (like separate writes would). ``--strict``
    writes batch by batch, so that it stops right after the first failure.
    """
    waiting: collections.deque[tuple[_Chunks, list[Failure], set[str]]]
    waiting = collections.deque()
    size = settings.chunk_size
    for docs, failures in batches:
        tally.read += len(docs)
        unique, repeats = _unique(docs)
        tally.skipped += repeats
        known = _known(store, tally, [d.id for d in unique])
        todo = [d for d in unique if d.id not in known]
        tally.skipped += len(unique) - len(todo)
        chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
        results: _Chunks
        if executor is not None:
            results = [executor.submit(_chunk_in_worker, c) for c in chunks]
        else:
            results = [process_chunk(c, kb, roles, stages, run_id) for c in chunks]
        waiting.append((results, failures, {d.id for d in todo}))
        if progress:
            progress("read", tally.read)
        ahead = 1 if strict or executor is None else _AHEAD
        while len(waiting) > ahead:
            older = len(waiting) - ahead
            ready = sum(len(waiting[n][2]) for n in range(older))
            grouping = executor is not None and not strict
            if grouping and ready < WRITE_DOCUMENTS and len(waiting) <= _WAITING:
                break
            _write_ready(store, run_id, waiting, older, tally, strict)
            if strict and tally.first_failure is not None:
                return
    # The input is read: write the batches that are done while the pool finishes the rest (one
    # write of them all, once all were done, kept the pool idle ~0.3 s at the end of the input).
    while waiting:
        _write_ready(store, run_id, waiting, _finished(waiting), tally, strict)
        if strict and tally.first_failure is not None:
            return


def _write_ready(
    store: Store,
    run_id: str,
    waiting: collections.deque[tuple[_Chunks, list[Failure], set[str]]],
    count: int,
    tally: _Tally,
    strict: bool,
) -> None:
    """Write up to ``count`` of the oldest waiting batches in one transaction (a batch that
    repeats a document id of the group waits for the next write)."""
    group: list[tuple[_Chunks, list[Failure]]] = []
    ids: set[str] = set()
    while waiting and len(group) < (1 if strict else count):
        results, failures, batch_ids = waiting[0]
        if group and not ids.isdisjoint(batch_ids):
            break
        waiting.popleft()
        group.append((results, failures))
        ids |= batch_ids
    _write(store, run_id, group, tally, strict)


# ------------------------------------------------------------------------------ in memory


class Processed(Model):
    """The result of :func:`process_texts`: fused events and everything behind them."""

    events: tuple[Event, ...] = ()
    event_mentions: tuple[EventMention, ...] = ()
    annotations: tuple[Annotation, ...] = ()
    failures: tuple[Failure, ...] = ()


def _as_document(item: str | Document | Mapping[str, Any], number: int) -> Document:
    """Accept what a Python user has at hand: plain text, a Document or a contract-1 dict."""
    from parley.ingest.formats import document_from_object, read_text

    origin = f"<input {number}>"
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return read_text(item, origin)
    if isinstance(item, Mapping):
        return document_from_object(dict(item), origin, fmt="json")
    raise ConfigError(
        f"input {number} is a {type(item).__name__}, not a text.",
        fix="Pass str, dict ({'text': ..., 'published': ...}) or parley.models.Document items.",
    )


def process_texts(
    texts: Iterable[str | Document | Mapping[str, Any]],
    *,
    kb: Any = None,
    roles: Any = None,
    stages: Stages | None = None,
) -> Processed:
    """Run every stage, fusion included, on texts in memory (no store, one process).

    Args:
        texts: plain texts (a first-line title and `` date YYYY-MM-DD`` prefix are understood),
            contract-1 dicts (``{"text", "published", "url", ...}``) or Documents.
        kb: a knowledge base (default: :func:`load_kb`).
        roles: a ``RoleBook`` of known roles, or ``None``.
        stages: the per-document stages (default: :func:`default_stages`).

    Returns:
        The fused events, the event mentions and annotations behind them, and any failures.

    Example:
        >>> result = process_texts([{"text": "...", "published": "2025-10-28"}])  # doctest: +SKIP
        >>> [e.event_type for e in result.events]  # doctest: +SKIP
        ['CONSULT']
    """
    from parley.fuse import describe_document, fuse_mentions
    from parley.ingest.formats import as_failure

    stages = stages or default_stages()
    kb = kb if kb is not None else load_kb()
    annotations: list[Annotation] = []
    mentions: list[EventMention] = []
    failures: list[Failure] = []
    seen: set[str] = set()
    for number, item in enumerate(texts, start=1):
        try:
            doc = _as_document(item, number)
        except InputError as err:
            failures.append(as_failure(err))
            continue
        if doc.id in seen:
            continue
        seen.add(doc.id)
        result = process_document(doc, kb, roles, stages)
        if result.failure is not None:
            failures.append(result.failure)
        elif result.annotation is not None:
            annotations.append(result.annotation)
            mentions.extend(result.mentions)
    infos = {a.doc.doc_id: describe_document(a.doc) for a in annotations}
    events = fuse_mentions(mentions, infos)
    return Processed(
        events=tuple(events),
        event_mentions=tuple(mentions),
        annotations=tuple(annotations),
        failures=tuple(failures),
    )
