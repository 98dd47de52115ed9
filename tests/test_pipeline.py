"""The pipeline: streaming batches, skip-known, failures per document, pool = serial, re-runs.

Most tests run the pipeline with small stage functions over fictional countries (so they test
the wiring, batching, failure handling, store writes and the real fusion), and the last ones run
parley's own stages on the seeds and the dev set.
"""

from __future__ import annotations

import gc
import itertools
import json
import pickle
import re
import weakref
from pathlib import Path

import pytest

from parley.config import load_settings
from parley.errors import KnowledgeError
from parley.models import (
    Actor,
    Annotation,
    CleanDocument,
    Document,
    EventMention,
    Evidence,
    Failure,
    Sentence,
)
from parley.pipeline import (
    _WORKER,
    DocResult,
    Stages,
    StrictStop,
    _batches,
    _chunk_in_worker,
    _init_worker,
    process_chunk,
    process_document,
    process_texts,
    run,
)
from parley.store import Store

KB = {"Ruritania": "RUR", "Freedonia": "FRE", "Grand Fenwick": "GFW"}
_MET = re.compile(r"(Ruritania|Freedonia|Grand Fenwick) met (Ruritania|Freedonia|Grand Fenwick)")


def fictional_clean(doc: Document) -> CleanDocument:
    """Keep the text; a document saying EXPLODE breaks this stage like a bug would."""
    if "EXPLODE" in doc.raw:
        raise ValueError("unexpected token")
    return CleanDocument(
        doc_id=doc.id,
        text=doc.raw,
        title=doc.title,
        url=doc.url,
        outlet=doc.outlet,
        published=doc.published,
        published_raw=doc.published_raw,
        origin=doc.origin,
        offsets=((0, 0, len(doc.raw)),),
    )


def fictional_signature(text: str) -> tuple[int, ...]:
    """A stand-in signature: one number per word; OVERFLOW cannot be stored (not a uint64)."""
    if "OVERFLOW" in text:
        return (-1,)
    return tuple(len(w) for w in text.split())


def fictional_annotate(doc: CleanDocument, kb: dict[str, str], roles: object) -> Annotation:
    """One sentence; a document naming Atlantis is outside the knowledge base."""
    if "Atlantis" in doc.text:
        raise KnowledgeError("Atlantis is not in countries.tsv.", fix="Add it to the data file.")
    return Annotation(doc=doc, sentences=(Sentence(start=0, end=len(doc.text)),))


def fictional_code(ann: Annotation, kb: dict[str, str]) -> tuple[EventMention, ...]:
    """'X met Y' is a CONSULT from X to Y on the publication day."""
    doc = ann.doc
    out = []
    for n, m in enumerate(_MET.finditer(doc.text)):
        out.append(
            EventMention(
                id=f"{doc.doc_id}#{n}",
                doc_id=doc.doc_id,
                event_type="CONSULT",
                mode="visit",
                source=Actor(name=m[1], country=kb[m[1]]),
                target=Actor(name=m[2], country=kb[m[2]]),
                date=doc.published.isoformat() if doc.published else None,
                date_precision="day" if doc.published else None,
                is_main=n == 0,
                evidence=(Evidence(field="event_type", text=m[0], start=m.start(), end=m.end()),),
            )
        )
    return tuple(out)


STAGES = Stages(
    clean=fictional_clean,
    signature=fictional_signature,
    annotate=fictional_annotate,
    code=fictional_code,
)


def _docs(*texts: str, published: str = "2025-03-04") -> list[dict[str, str]]:
    return [
        {"id": f"d{i}", "text": t, "published": published, "outlet": f"Wire {i}"}
        for i, t in enumerate(texts)
    ]


def _jsonl(path: Path, docs: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def _run(paths: list[Path], db: Path, **kwargs: object) -> object:
    settings = load_settings(env={}, workers=kwargs.pop("workers", 1), **kwargs.pop("settings", {}))
    return run([str(p) for p in paths], str(db), settings=settings, stages=STAGES, kb=KB, **kwargs)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    _jsonl(
        folder / "a.jsonl",
        _docs(
            "Ruritania met Freedonia in Strelsau.",
            "Officials said Ruritania met Freedonia on Tuesday.",
            "Grand Fenwick met Ruritania. Later Freedonia met Grand Fenwick.",
            "Nothing happened today.",
        ),
    )
    return folder


def _event_rows(db: Path) -> list[tuple[str, tuple[str, ...]]]:
    with Store(db, read_only=True) as store:
        return sorted((e.id, e.mention_ids) for e in store.query_events(limit=1000))


def test_pipeline_run_stores_and_fuses(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    summary = _run([corpus], db)
    assert (summary.documents_read, summary.stored, summary.skipped, summary.failed) == (4, 4, 0, 0)
    assert summary.event_mentions == 4
    # the two reports of Ruritania meeting Freedonia fuse into one event
    assert summary.events == 3
    assert summary.fused
    with Store(db, read_only=True) as store:
        assert store.count_documents() == 4
        assert store.stats().events == 3
        assert set(store.mention_assignments()) == {"d0#0", "d1#0", "d2#0", "d2#1"}


def test_pipeline_run_leaves_the_callers_collector_as_it_was(corpus: Path, tmp_path: Path) -> None:
    # the run freezes what exists and collects less often while it writes, then restores both
    before = gc.get_threshold()
    gc.set_threshold(500, 7, 9)
    try:
        _run([corpus], tmp_path / "p.duckdb")
        assert gc.get_threshold() == (500, 7, 9)
        assert gc.get_freeze_count() == 0
        gc.freeze()  # objects a caller froze itself stay frozen
        frozen = gc.get_freeze_count()
        _run([corpus], tmp_path / "q.duckdb")
        # (not unfrozen wholesale; a frozen object freed by its reference count leaves the count)
        assert gc.get_freeze_count() > frozen // 2
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


class _Node:
    """An object in a reference cycle (only the cyclic collector frees it)."""

    loop: _Node


def test_pool_worker_collects_a_chunks_cyclic_garbage() -> None:
    # a worker holds the automatic collector off during a chunk and collects once it is done
    cycles: list[weakref.ref[_Node]] = []

    def annotate(doc: CleanDocument, kb: dict[str, str], roles: object) -> Annotation:
        node = _Node()
        node.loop = node
        cycles.append(weakref.ref(node))
        return fictional_annotate(doc, kb, roles)

    stages = Stages(fictional_clean, fictional_signature, annotate, fictional_code)
    before = gc.get_threshold()
    try:
        _init_worker(KB, None, stages, "run")
        chunk = _chunk_in_worker([Document(id="a", raw="Ruritania met Freedonia.")])
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
        _WORKER.clear()
    assert chunk.ids == ("a",)
    assert len(cycles) == 1
    assert cycles[0]() is None


def test_pipeline_rerun_changes_nothing(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    _run([corpus], db)
    before = _event_rows(db)
    again = _run([corpus], db)
    assert (again.documents_read, again.stored, again.skipped, again.event_mentions) == (4, 0, 4, 0)
    assert not again.fused
    assert again.events == 3
    assert _event_rows(db) == before


def test_pipeline_new_report_joins_existing_event(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    _run([corpus], db)
    before = dict((tuple(sorted(m)), e) for e, m in _event_rows(db))
    extra = _jsonl(
        tmp_path / "late.jsonl",
        [
            {
                "id": "late",
                "text": "Ruritania met Freedonia, a wire said.",
                "published": "2025-03-04",
            }
        ],
    )
    summary = _run([extra], db)
    assert (summary.stored, summary.events) == (1, 3)
    after = {e: m for e, m in _event_rows(db)}
    event_id = before[("d0#0", "d1#0")]
    assert set(after[event_id]) == {"d0#0", "d1#0", "late#0"}


def test_pipeline_batches_give_the_same_events(corpus: Path, tmp_path: Path) -> None:
    one = _run([corpus], tmp_path / "one.duckdb", settings={"batch_size": 1})
    big = _run([corpus], tmp_path / "big.duckdb", settings={"batch_size": 1000})
    assert one.model_dump(exclude={"db", "run_id", "elapsed"}) == big.model_dump(
        exclude={"db", "run_id", "elapsed"}
    )
    assert _event_rows(tmp_path / "one.duckdb") == _event_rows(tmp_path / "big.duckdb")


def test_pipeline_pool_gives_the_same_events_as_serial(corpus: Path, tmp_path: Path) -> None:
    serial = _run([corpus], tmp_path / "serial.duckdb", workers=1)
    pooled = _run(
        [corpus],
        tmp_path / "pool.duckdb",
        workers=2,
        settings={"serial_below": 0, "batch_size": 2, "chunk_size": 1},
    )
    assert pooled.events == serial.events
    assert _event_rows(tmp_path / "pool.duckdb") == _event_rows(tmp_path / "serial.duckdb")


def test_pipeline_pool_groups_writes_like_serial_batches(
    corpus: Path, bad_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Several batches per transaction, a repeated file whose documents arrive in a later batch
    # of the same write, and failures: counts, failures and events as batch-by-batch writes.
    import parley.pipeline

    monkeypatch.setattr(parley.pipeline, "WRITE_DOCUMENTS", 3)
    inputs = [corpus, bad_corpus, corpus / "a.jsonl"]
    settings = {"serial_below": 0, "batch_size": 2, "chunk_size": 1}
    serial = _run(inputs, tmp_path / "serial.duckdb", workers=1, settings=settings)
    pooled = _run(inputs, tmp_path / "pool.duckdb", workers=2, settings=settings)
    assert pooled.model_dump(exclude={"db", "run_id", "elapsed"}) == serial.model_dump(
        exclude={"db", "run_id", "elapsed"}
    )
    assert (pooled.stored, pooled.skipped, pooled.failed) == (4, 6, serial.failed)
    assert pooled.failed >= 4
    assert _event_rows(tmp_path / "pool.duckdb") == _event_rows(tmp_path / "serial.duckdb")


def test_pipeline_skips_repeated_ids_within_a_run(tmp_path: Path) -> None:
    docs = _docs("Ruritania met Freedonia.")
    first = _jsonl(tmp_path / "a.jsonl", docs)
    second = _jsonl(tmp_path / "b.jsonl", docs)
    summary = _run([first, second, first], tmp_path / "p.duckdb", settings={"batch_size": 1})
    assert (summary.documents_read, summary.stored, summary.skipped) == (3, 1, 2)
    assert summary.event_mentions == 1


def test_pipeline_counts_known_documents_alike_when_it_tracks_them_or_asks_the_store(
    corpus: Path, bad_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A run into an empty store keeps the ids it stored instead of asking the store, up to a
    # number: repeated files (failing documents among them) count the same either way.
    import parley.pipeline

    inputs = [corpus, bad_corpus, corpus / "a.jsonl", bad_corpus / "stages.jsonl", corpus]
    summaries = []
    for tracked in (1_000, 1):
        monkeypatch.setattr(parley.pipeline, "_TRACKED_IDS", tracked)
        summary = _run(inputs, tmp_path / f"{tracked}.duckdb", settings={"batch_size": 2})
        summaries.append(summary.model_dump(exclude={"db", "run_id", "elapsed"}))
    assert summaries[0] == summaries[1]
    assert (summaries[0]["stored"], summaries[0]["skipped"], summaries[0]["failed"]) == (4, 10, 7)


@pytest.fixture
def bad_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.txt").write_text("")
    lines = [json.dumps(d) for d in _docs("Ruritania met Freedonia.", "Freedonia met Ruritania.")]
    (folder / "mixed.jsonl").write_text(f"{lines[0]}\n{{broken\n{lines[1]}\n", encoding="utf-8")
    _jsonl(
        folder / "stages.jsonl",
        [
            {"id": "explodes", "text": "EXPLODE Ruritania met Freedonia."},
            {"id": "atlantis", "text": "Atlantis met Ruritania."},
        ],
    )
    return folder


def test_pipeline_bad_inputs_become_failures(bad_corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    summary = _run([bad_corpus], db)
    assert (summary.stored, summary.failed) == (2, 5)
    by_origin = {(Path(f.origin).name, f.line, f.stage) for f in summary.failures}
    assert by_origin == {
        ("blob.txt", None, "ingest"),
        ("empty.txt", None, "ingest"),
        ("mixed.jsonl", 2, "ingest"),
        ("stages.jsonl", 1, "clean"),
        ("stages.jsonl", 2, "annotate"),
    }
    with Store(db, read_only=True) as store:
        assert len(store.failures(summary.run_id)) == 5
        assert store.known_ids(["d0", "d1", "explodes", "atlantis"]) == {"d0", "d1"}


@pytest.mark.parametrize(
    ("doc_id", "stage", "reason", "fix"),
    [
        (
            "explodes",
            "clean",
            "internal error in the clean stage (ValueError: unexpected token)",
            "Please report it",
        ),
        ("atlantis", "annotate", "Atlantis is not in countries.tsv", "Add it to the data file."),
    ],
    ids=["bug-in-a-stage", "parley-error-in-a-stage"],
)
def test_pipeline_stage_failure_names_document_stage_and_fix(
    bad_corpus: Path, tmp_path: Path, doc_id: str, stage: str, reason: str, fix: str
) -> None:
    summary = _run([bad_corpus / "stages.jsonl"], tmp_path / "p.duckdb")
    failure = next(f for f in summary.failures if f"'{doc_id}'" in f.reason)
    assert failure.stage == stage
    assert reason in failure.reason
    assert failure.fix.startswith(fix)


def test_pipeline_failed_documents_are_retried_next_run(bad_corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    _run([bad_corpus / "stages.jsonl"], db)
    again = _run([bad_corpus / "stages.jsonl"], db)
    assert (again.skipped, again.failed) == (0, 2)


def test_pipeline_strict_stops_at_first_failure_keeping_earlier_batches(
    bad_corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "p.duckdb"
    good = _jsonl(tmp_path / "good.jsonl", [{"id": "good", "text": "Grand Fenwick met Freedonia."}])
    with pytest.raises(StrictStop) as stop:
        _run([good, bad_corpus / "mixed.jsonl"], db, strict=True, settings={"batch_size": 1})
    assert stop.value.failure.line == 2
    assert "--strict" in str(stop.value)
    assert stop.value.summary.failed == 1
    with Store(db, read_only=True) as store:
        # good.jsonl and line 1 of mixed.jsonl were read before the bad line
        assert store.count_documents() == 2
        assert store.count_events() == 2


def test_pipeline_reports_progress(corpus: Path, tmp_path: Path) -> None:
    seen: list[tuple[str, int]] = []
    _run(
        [corpus],
        tmp_path / "p.duckdb",
        progress=lambda s, n: seen.append((s, n)),
        settings={"batch_size": 2},
    )
    assert seen == [("read", 2), ("read", 4), ("fuse", 4)]


def test_pipeline_batches_stream_lazily() -> None:
    endless = (Document(id=str(i), raw="x") for i in itertools.count())
    docs, failures = next(_batches(endless, 3, strict=False))
    assert [d.id for d in docs] == ["0", "1", "2"]
    assert failures == []


def test_pipeline_batches_strict_stop_reading_at_failure() -> None:
    bad = Failure(origin="f.jsonl", line=2, stage="ingest", reason="bad", fix="fix")
    items = [Document(id="a", raw="x"), bad, Document(id="b", raw="y")]
    assert list(_batches(items, 10, strict=True)) == [([items[0]], [bad])]


def test_pipeline_process_document_is_picklable() -> None:
    doc = Document(id="x", raw="Ruritania met Freedonia.", origin="in.jsonl:7")
    result = process_document(doc, KB, None, STAGES)
    assert pickle.loads(pickle.dumps(result)) == result
    assert pickle.loads(pickle.dumps(process_document)) is process_document
    assert pickle.loads(pickle.dumps(STAGES)) == STAGES
    assert [m.id for m in result.mentions] == ["x#0"]


def test_pipeline_process_document_with_parley_signature_equals_the_validated_result() -> None:
    from dataclasses import replace

    from parley.fuse import doc_signature

    doc = Document(id="x", raw="Ruritania met Freedonia in the capital on Monday.")
    result = process_document(doc, KB, None, replace(STAGES, signature=doc_signature))
    validated = DocResult(
        doc_id=result.doc_id,
        annotation=result.annotation,
        mentions=result.mentions,
        signature=result.signature,
    )
    assert result == validated
    assert result.model_dump_json() == validated.model_dump_json()
    assert result.model_fields_set == validated.model_fields_set
    assert pickle.loads(pickle.dumps(result)) == validated


def test_pipeline_process_document_failure_keeps_file_and_line() -> None:
    doc = Document(id="x", raw="EXPLODE", origin="in.jsonl:7")
    result = process_document(doc, KB, None, STAGES)
    assert isinstance(result, DocResult)
    assert result.failure is not None
    assert (result.failure.origin, result.failure.line) == ("in.jsonl", 7)


def test_pipeline_process_texts_fuses_in_memory() -> None:
    result = process_texts(
        [
            {"text": "Ruritania met Freedonia.", "published": "2025-03-04"},
            {"text": "Reports say Ruritania met Freedonia.", "published": "2025-03-04"},
            {"text": "EXPLODE"},
            {"title": "no text"},
        ],
        kb=KB,
        stages=STAGES,
    )
    assert len(result.events) == 1
    assert len(result.events[0].sources) == 2
    assert [f.stage for f in result.failures] == ["clean", "ingest"]


def test_pipeline_unstorable_document_fails_alone() -> None:
    docs = [
        Document(id="a", raw="Ruritania met Freedonia."),
        Document(id="b", raw="OVERFLOW Freedonia met Ruritania.", origin="x.jsonl:2"),
        Document(id="c", raw="Grand Fenwick met Ruritania."),
    ]
    chunk = process_chunk(docs, KB, None, STAGES, "run")
    assert chunk.rows["documents"].column("id").to_pylist() == ["a", "c"]
    assert [f.stage if f else None for f in chunk.failures] == [None, "store", None]
