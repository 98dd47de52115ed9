"""Get predictions for a gold set: run the pipeline (or open a store) and align document ids.

Gold ids are matched to parley's document ids in this order: the document id itself, the
document URL, then the input file name (with or without extension) when only one document came
from that file. So a gold file can name ``.txt``/``.html`` files by file name and feed items by
their link, while JSON documents keep their own ``id``.
"""

from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from parley.errors import ConfigError, EvalError
from parley.evaluate.gold import GoldDoc
from parley.evaluate.predicted import PredEvent, pred_from_mention


class DocRef(BaseModel):
    """What identifies an ingested document: its id, URL and the file it came from."""

    model_config = ConfigDict(frozen=True)

    id: str
    url: str | None = None
    origin: str | None = None


_LINE_SUFFIX = re.compile(r"(?::\d+|#\d+|\s*\(line \d+\))$")


def _file_names(origin: str | None) -> tuple[str, ...]:
    """An origin may carry a line number ('feed.jsonl:3'); the file name is what users write."""
    if not origin:
        return ()
    name = Path(_LINE_SUFFIX.sub("", origin)).name
    stem = Path(name).stem
    return (name, stem) if stem != name else (name,)


def align_ids(gold_ids: Iterable[str], docs: Iterable[DocRef]) -> dict[str, str]:
    """Map parley document ids to gold ids.

    Args:
        gold_ids: the ids used in the gold file.
        docs: the documents parley ingested.

    Returns:
        parley document id -> gold id, for every gold id that names a document.

    Example:
        >>> align_ids(["a.txt"], [DocRef(id="9f2c", origin="examples/a.txt")])
        {'9f2c': 'a.txt'}
    """
    docs = list(docs)
    by_id = {d.id: d.id for d in docs}
    by_url = {d.url: d.id for d in docs if d.url}
    by_file: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        for name in _file_names(d.origin):
            by_file[name].add(d.id)
    out: dict[str, str] = {}
    for gid in gold_ids:
        doc_id = by_id.get(gid) or by_url.get(gid)
        if doc_id is None and len(by_file.get(gid, ())) == 1:
            doc_id = next(iter(by_file[gid]))
        if doc_id is not None:
            out[doc_id] = gid
    return out


def _missing(module: str, err: ImportError) -> ConfigError:
    """The evaluator needs the pipeline; say plainly when it is not installed."""
    return ConfigError(
        f"parley eval needs {module}, which cannot be imported ({err}).",
        fix="Reinstall parley (pip install -e .) and try again.",
    )


def _assignments(store: Any) -> dict[str, str]:
    """mention id -> fused event id, from whichever listing the store offers."""
    if hasattr(store, "mention_assignments"):
        raw = store.mention_assignments()
        items = raw.items() if isinstance(raw, Mapping) else raw
        return {str(m): str(e) for m, e in items}
    out: dict[str, str] = {}
    for event in store.query_events():
        for mid in event.mention_ids:
            out[mid] = event.id
    return out


def _store_refs(store: Any, page: int = 1000) -> list[DocRef]:
    """Document references kept in the store (every page of them)."""
    if not hasattr(store, "documents") or not hasattr(store, "count_documents"):
        return []
    refs = []
    for offset in range(0, store.count_documents(), page):
        for d in store.documents(limit=page, offset=offset):
            refs.append(DocRef(id=d.id, url=d.url, origin=d.origin))
    return refs


def read_store(db: str | Path) -> tuple[list[PredEvent], list[DocRef]]:
    """Read every event mention (with its fused event) from a parley store.

    Args:
        db: the DuckDB file written by ``parley run``.

    Returns:
        The predictions (with parley's document ids) and the documents the store knows.

    Raises:
        EvalError: the file does not exist.
    """
    if not Path(db).exists():
        raise EvalError(
            f"store '{db}' does not exist.",
            fix="Run 'parley run INPUT --db FILE' first, or pass the inputs to parley eval.",
        )
    try:
        from parley.store import Store
    except ImportError as err:
        raise _missing("parley.store", err) from None
    store = Store(str(db), read_only=True)
    try:
        assigned = _assignments(store)
        preds = [pred_from_mention(m, assigned.get(m.id)) for m in store.all_event_mentions()]
        refs = _store_refs(store)
    finally:
        close = getattr(store, "close", None)
        if close is not None:
            close()
    return preds, refs


def run_inputs(inputs: Sequence[str | Path], db: str | Path) -> None:
    """Run the whole pipeline on the inputs into a store.

    Args:
        inputs: files and folders.
        db: the DuckDB file to write.
    """
    try:
        from parley.pipeline import run
    except ImportError as err:
        raise _missing("parley.pipeline", err) from None
    run([str(p) for p in inputs], str(db))


def collect(
    gold: Sequence[GoldDoc], inputs: Sequence[str | Path] = (), db: str | Path | None = None
) -> tuple[list[PredEvent], set[str] | None]:
    """Predictions for a gold set, with document ids rewritten to the gold ids.

    With inputs and no ``db``, parley runs into a temporary store; with inputs and a ``db``, it
    runs into that store (kept afterwards); with only a ``db``, the store is read as it is.

    Args:
        gold: the gold documents.
        inputs: files and folders to run parley on.
        db: a store to write to or read from.

    Returns:
        The predictions of gold documents, and the gold ids that were found among the
        documents (None when the store cannot list its documents).

    Raises:
        EvalError: neither inputs nor a store were given.
    """
    if not inputs and db is None:
        raise EvalError(
            "nothing to evaluate: give input files/folders or --db FILE.",
            fix="Example: parley eval eval/examples-gold.jsonl examples",
        )
    gold_ids = [d.id for d in gold]
    if inputs and db is not None:
        run_inputs(inputs, db)
    if inputs and db is None:
        with tempfile.TemporaryDirectory(prefix="parley-eval-") as tmp:
            path = Path(tmp) / "eval.duckdb"
            run_inputs(inputs, path)
            preds, refs = read_store(path)
    else:
        preds, refs = read_store(str(db))
    # A store that cannot list its documents only tells us about documents with events.
    seen_known = bool(refs)
    refs = refs or [DocRef(id=doc_id) for doc_id in {p.doc_id for p in preds}]
    mapping = align_ids(gold_ids, refs)
    aligned = [
        p.model_copy(update={"doc_id": mapping[p.doc_id]}) for p in preds if p.doc_id in mapping
    ]
    return aligned, (set(mapping.values()) if seen_known else None)
