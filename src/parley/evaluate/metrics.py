"""Scores of predicted events against gold events: pure functions over simple models.

Matching is one-to-one inside each document (:func:`match_events`) at three levels:

- ``pair``  — the unordered country pair agrees (used for the type confusion table);
- ``typed`` — plus the PLOVER type;
- ``full``  — plus the date (within one day; a ``YYYY-MM`` gold date needs the same month) and,
  for CONSULT, the mode.

Actor, topic, quantity and date scores are measured on the ``typed`` pairs, so they say how good
an event's fields are once the event was found. Fusion is scored on the documents' main events:
two documents are merged when the predicted mentions matched to their main events sit in the
same fused event.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from typing import Literal

from pydantic import BaseModel, ConfigDict

from parley.evaluate.gold import GoldDoc, GoldEvent
from parley.evaluate.matching import max_weight_matching
from parley.evaluate.predicted import PredEvent

Level = Literal["pair", "typed", "full"]
LEVELS: tuple[Level, ...] = ("pair", "typed", "full")
NONE = "-"  # the confusion table's row/column for a missed or spurious event


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Scores(_Frozen):
    """Precision, recall and F1 (0.0 when undefined)."""

    precision: float
    recall: float
    f1: float


class PRF(Scores):
    """Scores with the counts they come from."""

    tp: int
    fp: int
    fn: int


class DocResult(_Frozen):
    """What went wrong in one document (events described as ``TYPE/mode SRC-TGT date``)."""

    doc_id: str
    errors: int
    missed: tuple[str, ...] = ()
    spurious: tuple[str, ...] = ()
    partial: tuple[str, ...] = ()  # found with the right type and pair, wrong date or mode


class EvalReport(_Frozen):
    """Every number ``parley eval`` reports."""

    docs: int
    gold_events: int
    predicted_events: int
    missing_docs: tuple[str, ...] = ()
    events_typed: PRF
    events_full: PRF
    main_events: int
    main_recall_typed: float
    main_recall_full: float
    negative_docs: int
    negative_docs_with_events: int
    negative_events: int
    actors: PRF
    topics: PRF
    quantities: PRF
    dated_pairs: int
    date_accuracy: float
    confusion: dict[str, dict[str, int]]
    fusion_pairwise: PRF
    fusion_bcubed: Scores
    confounder_pairs: int
    confounder_merges: int
    worst: tuple[DocResult, ...] = ()

    def flat(self) -> dict[str, float]:
        """The headline numbers as one flat mapping (what the evaluation gate pins)."""
        return {
            "events_typed_f1": self.events_typed.f1,
            "events_typed_precision": self.events_typed.precision,
            "events_typed_recall": self.events_typed.recall,
            "events_full_f1": self.events_full.f1,
            "main_recall_typed": self.main_recall_typed,
            "main_recall_full": self.main_recall_full,
            "negative_events": float(self.negative_events),
            "actors_f1": self.actors.f1,
            "topics_f1": self.topics.f1,
            "quantities_f1": self.quantities.f1,
            "date_accuracy": self.date_accuracy,
            "fusion_pairwise_f1": self.fusion_pairwise.f1,
            "fusion_bcubed_f1": self.fusion_bcubed.f1,
            "confounder_merges": float(self.confounder_merges),
        }


# --------------------------------------------------------------------------- small pieces


def _ratio(num: float, den: float) -> float:
    """Division that reads 0/0 as 0 so empty sets never crash a report."""
    return num / den if den else 0.0


def harmonic(precision: float, recall: float) -> float:
    """F1 of a precision and a recall.

    Args:
        precision: between 0 and 1.
        recall: between 0 and 1.

    Returns:
        Their harmonic mean (0.0 when both are 0).
    """
    return _ratio(2 * precision * recall, precision + recall)


def prf(tp: int, fp: int, fn: int) -> PRF:
    """Precision, recall and F1 from counts.

    Args:
        tp: true positives.
        fp: false positives.
        fn: false negatives.

    Returns:
        The scores with their counts (undefined ratios are 0.0).

    Example:
        >>> prf(3, 1, 1).f1
        0.75
    """
    p = _ratio(tp, tp + fp)
    r = _ratio(tp, tp + fn)
    return PRF(precision=p, recall=r, f1=harmonic(p, r), tp=tp, fp=fp, fn=fn)


def pair_key(source: str | None, target: str | None) -> tuple[str, str]:
    """The unordered country pair of an event (``""`` stands for a missing side).

    Args:
        source: ISO3 of the source side, or None.
        target: ISO3 of the target side, or None.

    Returns:
        The two codes, upper-cased and sorted.
    """
    a, b = (source or "").upper(), (target or "").upper()
    return (a, b) if a <= b else (b, a)


def _parse_day(value: str) -> dt.date | None:
    """Predicted dates come from another stage; a malformed one is simply wrong, not fatal."""
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def date_matches(gold: str | None, pred: str | None, precision: str | None = None) -> bool:
    """Whether a predicted date agrees with a gold date.

    A ``YYYY-MM-DD`` gold date accepts a prediction within one day; a ``YYYY-MM`` gold date
    accepts any prediction in that month; a null gold date accepts no date or a year-only one
    (the gold leaves year-only mentions null).

    Args:
        gold: the gold date (``YYYY-MM-DD``, ``YYYY-MM`` or None).
        pred: the predicted ``YYYY-MM-DD`` date (or a prefix of it), or None.
        precision: the predicted date's precision (day, week, month, year).

    Returns:
        True when they agree.

    Example:
        >>> date_matches("2024-09-16", "2024-09-17", "day")
        True
    """
    if precision == "year":
        pred = None
    if gold is None or pred is None:
        return gold is None and pred is None
    if len(gold) == 7:
        return pred[:7] == gold
    if len(pred) < 10:
        return False
    g, p = _parse_day(gold), _parse_day(pred)
    return g is not None and p is not None and abs((g - p).days) <= 1


def is_compatible(gold: GoldEvent, pred: PredEvent, level: Level) -> bool:
    """Whether a prediction may be matched with a gold event at a level.

    Args:
        gold: the gold event.
        pred: the predicted event of the same document.
        level: ``pair``, ``typed`` or ``full`` (see the module docstring).

    Returns:
        True when the two agree on everything the level checks.
    """
    if pair_key(gold.source_country, gold.target_country) != pair_key(
        pred.source_country, pred.target_country
    ):
        return False
    if level == "pair":
        return True
    if gold.plover != pred.event_type:
        return False
    if level == "typed":
        return True
    if gold.plover == "CONSULT" and gold.mode != pred.mode:
        return False
    return date_matches(gold.date, pred.date, pred.date_precision)


def _bonus(gold: GoldEvent, pred: PredEvent) -> float:
    """Tie-breaker in [0, 1) so that among equally valid matchings the closest pairs win.

    A matching date outweighs every other agreement together, so a look-alike with the right
    date is never passed over for one that merely shares flags.
    """
    score = 0.0
    score += 0.25 if gold.plover == pred.event_type else 0.0
    score += 0.35 if date_matches(gold.date, pred.date, pred.date_precision) else 0.0
    score += 0.1 if gold.mode == pred.mode else 0.0
    score += 0.1 if gold.is_main == pred.is_main else 0.0
    gold_actors = {actor_key(a.name, a.country) for a in gold.actors}
    pred_actors = {actor_key(a.name, a.country) for a in pred.actors}
    if gold_actors:
        score += 0.1 * len(gold_actors & pred_actors) / len(gold_actors)
    score += 0.05 if (gold.source_country or "") == (pred.source_country or "") else 0.0
    return score


def match_events(
    gold: Sequence[GoldEvent], preds: Sequence[PredEvent], level: Level
) -> list[tuple[int, int]]:
    """Match one document's gold events with its predicted events, one-to-one.

    The matching first maximises the number of compatible pairs, then their closeness (date,
    mode, main flag, actors) so that two reports of the same pair land on the right events.

    Args:
        gold: the gold events of the document.
        preds: the predicted events of the same document.
        level: what must agree (``pair``, ``typed`` or ``full``).

    Returns:
        ``(gold_index, pred_index)`` pairs.
    """
    scale = 1.0 / (max(len(gold), len(preds)) + 1)
    weights = [
        [1.0 + scale * _bonus(g, p) if is_compatible(g, p, level) else 0.0 for p in preds]
        for g in gold
    ]
    return max_weight_matching(weights)


_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_TOKEN = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def surname(name: str) -> str:
    """The family name of a person as written, lower-cased.

    Upper-case family names written first (``KAMIKAWA Yoko``) are recognised, and suffixes such
    as ``Jr.`` are skipped. For institutions this is the last word, which is good enough to
    compare two spellings of the same institution.

    Args:
        name: a person's or an institution's name.

    Returns:
        The surname, case-folded (``""`` for an empty name).

    Example:
        >>> surname("Gilberto C. Teodoro, Jr.")
        'teodoro'
    """
    tokens = _TOKEN.findall(name)
    for tok in tokens:
        if len(tok) > 1 and tok.isupper() and any(t for t in tokens if not t.isupper()):
            return tok.casefold()
    words = [t for t in tokens if t.casefold() not in _SUFFIXES]
    return words[-1].casefold() if words else ""


def actor_key(name: str, country: str | None) -> tuple[str, str]:
    """How actors are compared: surname and country, case-insensitive.

    Args:
        name: the actor's name.
        country: its ISO3 code, or None.

    Returns:
        ``(surname, COUNTRY)``.
    """
    return surname(name), (country or "").upper()


def _name_tokens(name: str) -> set[str]:
    """Comparable name tokens: case and accents folded, Arabic article prefixes dropped."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    out: set[str] = set()
    for tok in _TOKEN.findall(plain):
        out.add(tok)
        out.update(part for part in re.split(r"['’-]", tok) if len(part) > 2)
    return out - {"al", "el"}


def _same_actor(gold: tuple[str, str | None], pred: tuple[str, str | None]) -> bool:
    """Same country, and one name's surname is a token of the other name.

    Outlets write the same person as "Claudia Sheinbaum Pardo" and "Claudia Sheinbaum",
    "Abdel Fattah Al-Sisi" and "el-Sisi", "KAMIKAWA Yoko" and "Yoko Kamikawa".
    """
    (g_name, g_country), (p_name, p_country) = gold, pred
    if (g_country or "").upper() != (p_country or "").upper():
        return False
    g_tokens, p_tokens = _name_tokens(g_name), _name_tokens(p_name)
    return bool(_name_tokens(surname(g_name)) & p_tokens) or bool(
        _name_tokens(surname(p_name)) & g_tokens
    )


def actor_counts(
    gold: Iterable[tuple[str, str | None]], pred: Iterable[tuple[str, str | None]]
) -> tuple[int, int, int]:
    """True positives, false positives and false negatives of actors, matched one to one.

    Args:
        gold: ``(name, country)`` of the gold actors.
        pred: ``(name, country)`` of the predicted actors.

    Returns:
        ``(tp, fp, fn)``.

    Example:
        >>> actor_counts([("Claudia Sheinbaum Pardo", "MEX")], [("Claudia Sheinbaum", "MEX")])
        (1, 0, 0)
    """
    g, p = list(dict.fromkeys(gold)), list(dict.fromkeys(pred))
    used: set[int] = set()
    tp = 0
    for ga in g:
        hit = next((i for i, pa in enumerate(p) if i not in used and _same_actor(ga, pa)), None)
        if hit is not None:
            used.add(hit)
            tp += 1
    return tp, len(p) - tp, len(g) - tp


def set_counts(gold: Iterable[object], pred: Iterable[object]) -> tuple[int, int, int]:
    """True positives, false positives and false negatives of two sets.

    Args:
        gold: the expected items.
        pred: the predicted items.

    Returns:
        ``(tp, fp, fn)``.
    """
    g, p = set(gold), set(pred)
    return len(g & p), len(p - g), len(g - p)


def _norm_text(text: str) -> str:
    """Quantities differ in spacing and case between outlets, never in meaning."""
    return " ".join(text.casefold().split())


def quantity_counts(gold: Sequence[str], pred: Sequence[str]) -> tuple[int, int, int]:
    """Compare quantity texts one-to-one; two texts match when one contains the other.

    Args:
        gold: the gold quantity texts of an event.
        pred: the predicted quantity texts of the matched event.

    Returns:
        ``(tp, fp, fn)``.

    Example:
        >>> quantity_counts(["$30.68 billion"], ["30.68 billion", "5.7%"])
        (1, 1, 0)
    """
    gn = [_norm_text(t) for t in gold]
    pn = [_norm_text(t) for t in pred]
    weights = [[1.0 if g and p and (g in p or p in g) else 0.0 for p in pn] for g in gn]
    tp = len(max_weight_matching(weights))
    return tp, len(pred) - tp, len(gold) - tp


# --------------------------------------------------------------------------- fusion


def _members(assignment: Mapping[str, str]) -> dict[str, set[str]]:
    """Cluster label -> the documents carrying it."""
    groups: dict[str, set[str]] = defaultdict(set)
    for doc, label in assignment.items():
        groups[label].add(doc)
    return groups


def _labels(clusters: Mapping[str, str | None]) -> dict[str, str]:
    """Give every unclustered document a singleton label of its own."""
    return {doc: (f"\0{doc}" if label is None else label) for doc, label in clusters.items()}


def pairwise_scores(gold: Mapping[str, str | None], pred: Mapping[str, str | None]) -> PRF:
    """Pairwise precision/recall of document merges.

    Args:
        gold: document -> gold cluster (None: a cluster of its own).
        pred: document -> predicted fused event (None: not merged with anything). Documents
            missing here count as unmerged.

    Returns:
        Scores over the pairs of documents put together.

    Example:
        >>> pairwise_scores({"a": "C1", "b": "C1"}, {"a": "e1", "b": "e1"}).f1
        1.0
    """
    g = _labels(gold)
    p = _labels({doc: pred.get(doc) for doc in gold})
    # Count pairs per cluster instead of enumerating them: linear in the number of documents.
    both: dict[tuple[str, str], int] = defaultdict(int)
    for doc in g:
        both[(g[doc], p[doc])] += 1
    tp = sum(_pairs(n) for n in both.values())
    gold_pairs = sum(_pairs(len(m)) for m in _members(g).values())
    pred_pairs = sum(_pairs(len(m)) for m in _members(p).values())
    return prf(tp, pred_pairs - tp, gold_pairs - tp)


def _pairs(n: int) -> int:
    """Unordered pairs among n items."""
    return n * (n - 1) // 2


def bcubed_scores(gold: Mapping[str, str | None], pred: Mapping[str, str | None]) -> Scores:
    """B-cubed precision/recall of document clusters.

    Args:
        gold: document -> gold cluster (None: a cluster of its own).
        pred: document -> predicted fused event (None or missing: a cluster of its own).

    Returns:
        Averages over documents of the overlap of their gold and predicted clusters.
    """
    g = _labels(gold)
    p = _labels({doc: pred.get(doc) for doc in gold})
    gm, pm = _members(g), _members(p)
    if not g:
        return Scores(precision=0.0, recall=0.0, f1=0.0)
    precision = sum(len(gm[g[d]] & pm[p[d]]) / len(pm[p[d]]) for d in g) / len(g)
    recall = sum(len(gm[g[d]] & pm[p[d]]) / len(gm[g[d]]) for d in g) / len(g)
    return Scores(precision=precision, recall=recall, f1=harmonic(precision, recall))


def confounders(gold_docs: Sequence[GoldDoc], pred: Mapping[str, str | None]) -> tuple[int, int]:
    """Count look-alike documents that must stay apart, and how many were merged anyway.

    A confounder pair is two documents whose main events have the same type and country pair
    but belong to different gold clusters (the Modi–Xi meetings in Kazan and in Tianjin).

    Args:
        gold_docs: the gold documents.
        pred: document -> predicted fused event of its main event.

    Returns:
        ``(confounder_pairs, merged_pairs)``.
    """
    groups: dict[tuple[str, tuple[str, str]], list[tuple[str, str | None]]] = defaultdict(list)
    for d in gold_docs:
        if (m := d.main) is not None:
            groups[(m.plover, pair_key(m.source_country, m.target_country))].append(
                (d.id, d.cluster)
            )
    pairs = merged = 0
    for members in groups.values():
        for (a, ca), (b, cb) in combinations(members, 2):
            if ca is not None and ca == cb:
                continue
            pairs += 1
            pa, pb = pred.get(a), pred.get(b)
            merged += pa is not None and pa == pb
    return pairs, merged


# --------------------------------------------------------------------------- the whole report


def describe(
    event_type: str, mode: str | None, source: str | None, target: str | None, date: str | None
) -> str:
    """A short human description of an event, as used in the worst-documents list.

    Args:
        event_type: PLOVER type.
        mode: the mode, if any.
        source: source ISO3.
        target: target ISO3.
        date: the date, if any.

    Returns:
        e.g. ``CONSULT/visit DEU-KAZ 2024-09-16``.
    """
    kind = f"{event_type}/{mode}" if mode else event_type
    return f"{kind} {source or '?'}-{target or '?'} {date or 'no date'}"


def _gold_desc(e: GoldEvent) -> str:
    """Gold and predicted events are described alike so the worst-documents list reads evenly."""
    return describe(e.plover, e.mode, e.source_country, e.target_country, e.date)


def _pred_desc(e: PredEvent) -> str:
    """See :func:`_gold_desc`."""
    return describe(e.event_type, e.mode, e.source_country, e.target_country, e.date)


def evaluate(
    gold_docs: Sequence[GoldDoc],
    preds: Iterable[PredEvent],
    *,
    seen_docs: Iterable[str] | None = None,
    worst: int = 10,
) -> EvalReport:
    """Score predicted events against a gold set.

    Args:
        gold_docs: the gold documents.
        preds: every predicted event mention (``doc_id`` must use the gold ids; mentions of
            documents not in the gold are ignored).
        seen_docs: ids of the gold documents that were actually processed; the others are
            listed in ``missing_docs`` (and still scored, as misses).
        worst: how many of the worst documents to describe.

    Returns:
        The full report.
    """
    by_doc: dict[str, list[PredEvent]] = defaultdict(list)
    gold_ids = {d.id for d in gold_docs}
    for p in preds:
        if p.doc_id in gold_ids:
            by_doc[p.doc_id].append(p)
    for events in by_doc.values():
        events.sort(key=lambda e: e.id)

    counts: dict[str, list[int]] = {k: [0, 0, 0] for k in ("typed", "full", "act", "top", "qty")}
    main_hits = {"typed": 0, "full": 0}
    main_events = dated = dated_ok = 0
    neg_docs = neg_with = neg_events = 0
    confusion: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    fused_main: dict[str, str | None] = {}
    doc_results: list[DocResult] = []

    for doc in gold_docs:
        gold, pred = list(doc.events), by_doc.get(doc.id, [])
        if doc.is_negative:
            neg_docs += 1
            neg_with += bool(pred)
            neg_events += len(pred)
        matches = {level: match_events(gold, pred, level) for level in LEVELS}
        for level in ("typed", "full"):
            tp = len(matches[level])
            c = counts[level]
            c[0] += tp
            c[1] += len(pred) - tp
            c[2] += len(gold) - tp

        typed = dict(matches["typed"])
        full = dict(matches["full"])
        main_i = next((i for i, e in enumerate(gold) if e.is_main), None)
        if main_i is not None:
            main_events += 1
            main_hits["typed"] += main_i in typed
            main_hits["full"] += main_i in full
            if main_i in typed:
                fused_main[doc.id] = pred[typed[main_i]].event_id
            else:
                flagged = next((p for p in pred if p.is_main), None)
                fused_main[doc.id] = flagged.event_id if flagged else None

        for gi, pi in typed.items():
            g, p = gold[gi], pred[pi]
            for key, (tp, fp, fn) in (
                (
                    "act",
                    actor_counts(
                        ((a.name, a.country) for a in g.actors),
                        ((a.name, a.country) for a in p.actors),
                    ),
                ),
                ("top", set_counts(g.topics, p.topics)),
                ("qty", quantity_counts([q.text for q in g.quantities], p.quantities)),
            ):
                counts[key][0] += tp
                counts[key][1] += fp
                counts[key][2] += fn
            if g.date is not None:
                dated += 1
                dated_ok += date_matches(g.date, p.date, p.date_precision)

        paired = dict(matches["pair"])
        for gi, g in enumerate(gold):
            confusion[g.plover][pred[paired[gi]].event_type if gi in paired else NONE] += 1
        hit = set(paired.values())
        for pi, p in enumerate(pred):
            if pi not in hit:
                confusion[NONE][p.event_type] += 1

        matched_preds = set(typed.values())
        missed = tuple(_gold_desc(g) for gi, g in enumerate(gold) if gi not in typed)
        spurious = tuple(_pred_desc(p) for pi, p in enumerate(pred) if pi not in matched_preds)
        partial = tuple(
            f"{_gold_desc(gold[gi])} predicted as {_pred_desc(pred[pi])}"
            for gi, pi in typed.items()
            if gi not in full
        )
        errors = len(missed) + len(spurious) + len(partial)
        if errors:
            doc_results.append(
                DocResult(
                    doc_id=doc.id, errors=errors, missed=missed, spurious=spurious, partial=partial
                )
            )

    gold_clusters = {d.id: d.cluster for d in gold_docs if d.main is not None}
    conf_pairs, conf_merged = confounders(gold_docs, fused_main)
    seen = set(seen_docs) if seen_docs is not None else None
    doc_results.sort(key=lambda r: (-r.errors, r.doc_id))
    return EvalReport(
        docs=len(gold_docs),
        gold_events=sum(len(d.events) for d in gold_docs),
        predicted_events=sum(len(v) for v in by_doc.values()),
        missing_docs=tuple(d.id for d in gold_docs if seen is not None and d.id not in seen),
        events_typed=prf(*counts["typed"]),
        events_full=prf(*counts["full"]),
        main_events=main_events,
        main_recall_typed=_ratio(main_hits["typed"], main_events),
        main_recall_full=_ratio(main_hits["full"], main_events),
        negative_docs=neg_docs,
        negative_docs_with_events=neg_with,
        negative_events=neg_events,
        actors=prf(*counts["act"]),
        topics=prf(*counts["top"]),
        quantities=prf(*counts["qty"]),
        dated_pairs=dated,
        date_accuracy=_ratio(dated_ok, dated),
        confusion={k: dict(v) for k, v in sorted(confusion.items())},
        fusion_pairwise=pairwise_scores(gold_clusters, fused_main),
        fusion_bcubed=bcubed_scores(gold_clusters, fused_main),
        confounder_pairs=conf_pairs,
        confounder_merges=conf_merged,
        worst=tuple(doc_results[:worst]),
    )
