"""Render an :class:`EvalReport` as a plain-text table or as JSON."""

from __future__ import annotations

import json

from parley.evaluate.metrics import NONE, PRF, EvalReport, Scores


def _row(name: str, s: Scores, extra: str = "") -> str:
    """One aligned line per metric keeps the report diff-able between runs."""
    counts = f"  tp={s.tp} fp={s.fp} fn={s.fn}" if isinstance(s, PRF) else ""
    return f"  {name:<28} P {s.precision:5.3f}  R {s.recall:5.3f}  F1 {s.f1:5.3f}{counts}{extra}"


def _confusion(report: EvalReport) -> list[str]:
    """Gold types as rows, predicted types as columns, '-' for missed/spurious."""
    rows = sorted(t for t in report.confusion if t != NONE)
    if NONE in report.confusion:
        rows.append(NONE)
    cols = sorted({c for r in report.confusion.values() for c in r if c != NONE})
    if any(NONE in r for r in report.confusion.values()):
        cols.append(NONE)
    if not rows:
        return ["  (no events)"]
    width = max(5, *(len(c) for c in cols)) if cols else 5
    lines = ["  " + "gold \\ pred".ljust(12) + " ".join(c[:width].rjust(width) for c in cols)]
    for r in rows:
        cells = " ".join(str(report.confusion[r].get(c, 0) or ".").rjust(width) for c in cols)
        lines.append("  " + r.ljust(12) + cells)
    return lines


def render_table(report: EvalReport) -> str:
    """The human-readable report of ``parley eval``.

    Args:
        report: the scores.

    Returns:
        Multi-line text (no trailing newline).
    """
    r = report
    out = [
        f"documents {r.docs}  gold events {r.gold_events}  predicted events {r.predicted_events}",
    ]
    if r.missing_docs:
        shown = ", ".join(r.missing_docs[:10]) + (" ..." if len(r.missing_docs) > 10 else "")
        out.append(f"warning: {len(r.missing_docs)} gold documents were not in the input: {shown}")
    out += [
        "",
        "events",
        _row("type + country pair", r.events_typed),
        _row("full (+ date ±1 day, mode)", r.events_full),
        f"  main-event recall            typed {r.main_recall_typed:5.3f}  "
        f"full {r.main_recall_full:5.3f}  (of {r.main_events})",
        f"  negatives                    {r.negative_events} events predicted on "
        f"{r.negative_docs_with_events} of {r.negative_docs} negative documents",
        "",
        "fields (on matched events)",
        _row("actors (surname + country)", r.actors),
        _row("topics", r.topics),
        _row("quantities (text overlap)", r.quantities),
        f"  date accuracy                {r.date_accuracy:5.3f}  (of {r.dated_pairs} dated)",
        "",
        "fusion (main events)",
        _row("pairwise", r.fusion_pairwise),
        _row("B-cubed", r.fusion_bcubed),
        f"  merged confounders           {r.confounder_merges} of {r.confounder_pairs} pairs",
        "",
        "type confusion",
        *_confusion(r),
    ]
    if r.worst:
        out += ["", "worst documents"]
        for doc in r.worst:
            out.append(f"  {doc.doc_id}  ({doc.errors} errors)")
            out += [f"    missed    {m}" for m in doc.missed]
            out += [f"    spurious  {s}" for s in doc.spurious]
            out += [f"    partial   {p}" for p in doc.partial]
    return "\n".join(out)


def render_json(report: EvalReport) -> str:
    """The report as one JSON object (the headline numbers under ``"summary"``).

    Args:
        report: the scores.

    Returns:
        Indented JSON text.
    """
    data = report.model_dump(mode="json")
    return json.dumps({"summary": report.flat(), **data}, indent=2, ensure_ascii=False)
