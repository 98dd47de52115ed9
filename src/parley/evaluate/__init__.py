"""Evaluation of parley against a labelled set (the gold schema of ``eval/dev/README.md``).

``evaluate_paths`` is what ``parley eval`` runs; the metrics themselves are pure functions in
:mod:`parley.evaluate.metrics` over :class:`GoldDoc` and :class:`PredEvent`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from parley.evaluate.collect import align_ids, collect
from parley.evaluate.gold import GoldActor, GoldDoc, GoldEvent, load_gold, parse_gold
from parley.evaluate.metrics import PRF, DocResult, EvalReport, Scores, evaluate
from parley.evaluate.predicted import PredActor, PredEvent, pred_from_mention
from parley.evaluate.report import render_json, render_table

__all__ = [
    "PRF",
    "DocResult",
    "EvalReport",
    "GoldActor",
    "GoldDoc",
    "GoldEvent",
    "PredActor",
    "PredEvent",
    "Scores",
    "align_ids",
    "collect",
    "evaluate",
    "evaluate_paths",
    "load_gold",
    "parse_gold",
    "pred_from_mention",
    "render_json",
    "render_table",
]


def evaluate_paths(
    gold: str | Path,
    inputs: Sequence[str | Path] = (),
    *,
    db: str | Path | None = None,
    worst: int = 10,
) -> EvalReport:
    """Run parley on the inputs (or read a store) and score it against a gold file.

    Args:
        gold: the gold JSONL file.
        inputs: files and folders to run parley on (empty: read ``db`` as it is).
        db: a store to write to (with inputs) or to read (without).
        worst: how many of the worst documents to describe.

    Returns:
        The report.

    Raises:
        EvalError: the gold file is malformed, or there is nothing to evaluate.

    Example:
        >>> evaluate_paths("eval/examples-gold.jsonl", ["examples"]).events_typed.f1  # doctest: +SKIP
    """
    docs = load_gold(gold)
    preds, seen = collect(docs, inputs, db)
    return evaluate(docs, preds, seen_docs=seen, worst=worst)
