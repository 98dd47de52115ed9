"""Metrics on hand-made gold/prediction pairs (fictional countries ARC, BOR, CAL, DUN)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.evaluate.gold import GoldActor, GoldDoc, GoldEvent, GoldQuantity
from parley.evaluate.metrics import (
    actor_counts,
    actor_key,
    bcubed_scores,
    confounders,
    date_matches,
    evaluate,
    match_events,
    pairwise_scores,
    prf,
    quantity_counts,
    surname,
)
from parley.evaluate.predicted import PredActor, PredEvent


def gold(plover, src, tgt, date=None, mode=None, *, main=False, actors=(), topics=(), qty=()):
    return GoldEvent(
        plover=plover,
        source_country=src,
        target_country=tgt,
        date=date,
        mode=mode,
        is_main=main,
        actors=tuple(GoldActor(name=n, country=c) for n, c in actors),
        topics=tuple(topics),
        quantities=tuple(GoldQuantity(text=t) for t in qty),
    )


_counter = iter(range(10**6))


def pred(
    doc,
    etype,
    src,
    tgt,
    date=None,
    mode=None,
    *,
    main=False,
    event=None,
    actors=(),
    topics=(),
    qty=(),
    precision="day",
):
    return PredEvent(
        id=f"m{next(_counter):05d}",
        doc_id=doc,
        event_type=etype,
        source_country=src,
        target_country=tgt,
        date=date,
        date_precision=precision if date else None,
        mode=mode,
        is_main=main,
        event_id=event,
        actors=tuple(PredActor(name=n, country=c) for n, c in actors),
        topics=tuple(topics),
        quantities=tuple(qty),
    )


@pytest.mark.parametrize(
    ("tp", "fp", "fn", "p", "r", "f1"),
    [(3, 1, 1, 0.75, 0.75, 0.75), (0, 0, 0, 0.0, 0.0, 0.0), (2, 0, 2, 1.0, 0.5, 2 / 3)],
    ids=["balanced", "empty", "perfect-precision"],
)
def test_prf_values(tp, fp, fn, p, r, f1):
    s = prf(tp, fp, fn)
    assert (s.precision, s.recall, s.f1) == pytest.approx((p, r, f1))


@pytest.mark.parametrize(
    ("g", "p", "precision", "ok"),
    [
        ("2024-09-16", "2024-09-16", "day", True),
        ("2024-09-16", "2024-09-17", "day", True),
        ("2024-09-16", "2024-09-18", "day", False),
        ("2024-03-01", "2024-02-29", "day", True),
        ("2024-09", "2024-09-30", "day", True),
        ("2024-09", "2024-10-01", "month", False),
        ("2024-09-16", None, None, False),
        (None, None, None, True),
        (None, "2010-01-01", "year", True),
        (None, "2024-09-16", "day", False),
        ("2024-09-16", "garbage!!", "day", False),
    ],
    ids=[
        "same",
        "plus-one",
        "plus-two",
        "leap-boundary",
        "month",
        "wrong-month",
        "missing",
        "both-null",
        "year-only-is-null",
        "invented",
        "malformed",
    ],
)
def test_date_matches(g, p, precision, ok):
    assert date_matches(g, p, precision) is ok


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Olaf Scholz", "scholz"),
        ("KAMIKAWA Yoko", "kamikawa"),
        ("Gilberto C. Teodoro, Jr.", "teodoro"),
        ("Gilberto Teodoro Jr.", "teodoro"),
        ("Mohammed bin Salman", "salman"),
        ("Ahmed al-Sharaa", "al-sharaa"),
        ("Federal Foreign Office", "office"),
        ("", ""),
    ],
    ids=["plain", "caps-first", "jr-comma", "jr", "bin", "hyphen", "institution", "empty"],
)
def test_surname(name, expected):
    assert surname(name) == expected


def test_actor_key_ignores_case_and_given_names():
    assert actor_key("yoko kamikawa", "jpn") == actor_key("KAMIKAWA Yoko", "JPN")
    assert actor_key("Yoko Kamikawa", "JPN") != actor_key("Yoko Kamikawa", "PHL")


@pytest.mark.parametrize(
    ("g", "p", "expected"),
    [
        (["$4bn"], ["$4bn"], (1, 0, 0)),
        (["about $4bn"], ["$4bn"], (1, 0, 0)),
        (["EUR 7.4  billion"], ["eur 7.4 billion"], (1, 0, 0)),
        (["15 tonnes", "15 tonnes"], ["15 tonnes"], (1, 0, 1)),
        (["25%"], ["10,000"], (0, 1, 1)),
        ([], ["7%"], (0, 1, 0)),
    ],
    ids=["exact", "contained", "spacing-case", "one-to-one", "disjoint", "spurious"],
)
def test_quantity_counts(g, p, expected):
    assert quantity_counts(g, p) == expected


def test_match_events_treats_the_pair_as_unordered():
    g = [gold("CONSULT", "ARC", "BOR", "2024-01-02", "phone")]
    p = [pred("d", "CONSULT", "BOR", "ARC", "2024-01-02", "phone")]
    assert match_events(g, p, "full") == [(0, 0)]


def test_match_events_prefers_the_closer_date_between_look_alikes():
    g = [
        gold("CONSULT", "ARC", "BOR", "2024-01-02", "visit"),
        gold("CONSULT", "ARC", "BOR", "2023-05", "visit"),
    ]
    p = [
        pred("d", "CONSULT", "ARC", "BOR", "2023-05-10", "visit"),
        pred("d", "CONSULT", "ARC", "BOR", "2024-01-02", "visit"),
    ]
    assert match_events(g, p, "typed") == [(0, 1), (1, 0)]
    assert match_events(g, p, "full") == [(0, 1), (1, 0)]


@pytest.mark.parametrize(
    ("p", "typed", "full"),
    [
        (pred("d", "CONSULT", "ARC", "BOR", "2024-01-02", "visit"), True, True),
        (pred("d", "CONSULT", "ARC", "BOR", "2024-01-02", "phone"), True, False),
        (pred("d", "CONSULT", "ARC", "BOR", "2024-01-05", "visit"), True, False),
        (pred("d", "AGREE", "ARC", "BOR", "2024-01-02"), False, False),
        (pred("d", "CONSULT", "ARC", "CAL", "2024-01-02", "visit"), False, False),
    ],
    ids=["exact", "wrong-mode", "wrong-date", "wrong-type", "wrong-pair"],
)
def test_match_events_levels(p, typed, full):
    g = [gold("CONSULT", "ARC", "BOR", "2024-01-02", "visit")]
    assert bool(match_events(g, [p], "typed")) is typed
    assert bool(match_events(g, [p], "full")) is full


def test_mode_is_ignored_outside_consult():
    g = [gold("SANCTION", "ARC", "BOR", "2024-01-02")]
    assert match_events(g, [pred("d", "SANCTION", "ARC", "BOR", "2024-01-02", "x")], "full")


def test_pairwise_and_bcubed_on_a_split_cluster():
    g = {"a": "C1", "b": "C1", "c": "C1", "d": None}
    p = {"a": "e1", "b": "e1", "c": "e2", "d": "e2"}
    pw = pairwise_scores(g, p)
    # gold pairs ab ac bc; predicted pairs ab cd -> tp=1 fp=1 fn=2
    assert (pw.tp, pw.fp, pw.fn) == (1, 1, 2)
    b3 = bcubed_scores(g, p)
    assert b3.precision == pytest.approx((1 + 1 + 0.5 + 0.5) / 4)
    assert b3.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)


def test_fusion_counts_unfused_documents_as_singletons():
    g = {"a": "C1", "b": "C1"}
    assert pairwise_scores(g, {"a": None, "b": None}).fn == 1
    assert pairwise_scores(g, {}).tp == 0
    assert bcubed_scores({"a": None, "b": None}, {"a": "e", "b": "e"}).precision == 0.5


def test_confounders_count_merges_of_same_pair_different_clusters():
    docs = [
        GoldDoc(
            id="k1",
            cluster="K",
            events=(gold("CONSULT", "ARC", "BOR", "2024-10-23", "third-party", main=True),),
        ),
        GoldDoc(
            id="k2",
            cluster="K",
            events=(gold("CONSULT", "BOR", "ARC", "2024-10-23", "third-party", main=True),),
        ),
        GoldDoc(
            id="t1",
            cluster=None,
            events=(gold("CONSULT", "ARC", "BOR", "2025-08-31", "visit", main=True),),
        ),
        GoldDoc(id="x", cluster=None, events=(gold("AID", "ARC", "BOR", "2025-08-31", main=True),)),
    ]
    assert confounders(docs, {"k1": "e1", "k2": "e1", "t1": "e2", "x": "e2"}) == (2, 0)
    assert confounders(docs, {"k1": "e1", "k2": "e1", "t1": "e1", "x": "e1"}) == (2, 2)


def _corpus():
    return [
        GoldDoc(
            id="1",
            cluster="C1",
            events=(
                gold(
                    "CONSULT",
                    "ARC",
                    "BOR",
                    "2024-01-02",
                    "visit",
                    main=True,
                    actors=[("Ana Vell", "ARC"), ("Bo Rusk", "BOR")],
                    topics=["trade", "energy"],
                    qty=["$4bn"],
                ),
                gold("SUPPORT", "ARC", "BOR", "2024-01-02"),
            ),
        ),
        GoldDoc(
            id="2",
            cluster="C1",
            events=(gold("CONSULT", "ARC", "BOR", "2024-01-02", "visit", main=True),),
        ),
        GoldDoc(
            id="3", cluster=None, events=(gold("ACCUSE", "CAL", "DUN", "2024-02-01", main=True),)
        ),
        GoldDoc(id="n", cluster=None, events=()),
    ]


def test_evaluate_perfect_prediction_scores_one():
    docs = _corpus()
    preds = []
    for d in docs:
        for i, e in enumerate(d.events):
            preds.append(
                pred(
                    d.id,
                    e.plover,
                    e.source_country,
                    e.target_country,
                    e.date,
                    e.mode,
                    main=e.is_main,
                    event=(d.cluster or d.id) if e.is_main else f"s{i}",
                    actors=[(a.name, a.country) for a in e.actors],
                    topics=e.topics,
                    qty=[q.text for q in e.quantities],
                )
            )
    r = evaluate(docs, preds)
    flat = r.flat()
    for key in (
        "events_typed_f1",
        "events_full_f1",
        "main_recall_typed",
        "actors_f1",
        "topics_f1",
        "quantities_f1",
        "date_accuracy",
        "fusion_pairwise_f1",
        "fusion_bcubed_f1",
    ):
        assert flat[key] == pytest.approx(1.0), key
    assert r.negative_events == 0
    assert r.worst == ()
    assert r.confusion["CONSULT"] == {"CONSULT": 2}


def test_evaluate_counts_errors_where_they_happen():
    docs = _corpus()
    preds = [
        # doc 1: main found (date off by 3 days, one actor wrong), signing missed
        pred(
            "1",
            "CONSULT",
            "BOR",
            "ARC",
            "2024-01-05",
            "visit",
            main=True,
            event="e1",
            actors=[("Ana VELL", "ARC"), ("Bo Rusk", "CAL")],
            topics=["trade"],
            qty=["4bn"],
        ),
        # doc 2: main found and fused with doc 1
        pred("2", "CONSULT", "ARC", "BOR", "2024-01-02", "visit", main=True, event="e1"),
        # doc 3: wrong type
        pred("3", "SANCTION", "CAL", "DUN", "2024-02-01", main=True, event="e3"),
        # negative doc: one spurious event
        pred("n", "CONSULT", "ARC", "CAL", "2024-03-01", "visit", event="e9"),
        # a document that is not in the gold is ignored
        pred("zz", "AID", "ARC", "BOR", "2024-01-01", event="e8"),
    ]
    r = evaluate(docs, preds, seen_docs={"1", "2", "3"})
    assert (r.events_typed.tp, r.events_typed.fp, r.events_typed.fn) == (2, 2, 2)
    assert (r.events_full.tp, r.events_full.fp, r.events_full.fn) == (1, 3, 3)
    assert r.main_recall_typed == pytest.approx(2 / 3)
    assert r.main_recall_full == pytest.approx(1 / 3)
    assert (r.negative_docs, r.negative_docs_with_events, r.negative_events) == (1, 1, 1)
    assert (r.actors.tp, r.actors.fp, r.actors.fn) == (1, 1, 1)
    assert (r.topics.tp, r.topics.fp, r.topics.fn) == (1, 0, 1)
    assert (r.quantities.tp, r.quantities.fp, r.quantities.fn) == (1, 0, 0)
    assert (r.dated_pairs, r.date_accuracy) == (2, 0.5)
    assert r.confusion["ACCUSE"] == {"SANCTION": 1}
    assert r.confusion["SUPPORT"] == {"-": 1}
    assert r.confusion["-"] == {"CONSULT": 1}
    assert r.fusion_pairwise.f1 == pytest.approx(1.0)
    assert r.missing_docs == ("n",)
    assert r.predicted_events == 4
    worst = {d.doc_id: d for d in r.worst}
    assert worst["1"].missed == ("SUPPORT ARC-BOR 2024-01-02",)
    assert worst["1"].partial == (
        "CONSULT/visit ARC-BOR 2024-01-02 predicted as CONSULT/visit BOR-ARC 2024-01-05",
    )
    assert worst["3"].spurious == ("SANCTION CAL-DUN 2024-02-01",)
    assert "2" not in worst


def test_evaluate_uses_the_flagged_main_mention_when_the_main_event_is_missed():
    docs = _corpus()[:2]
    preds = [
        pred("1", "AID", "ARC", "BOR", main=True, event="e1"),
        pred("2", "AID", "ARC", "BOR", main=True, event="e1"),
    ]
    r = evaluate(docs, preds)
    assert r.fusion_pairwise.tp == 1
    assert r.main_recall_typed == 0.0


def test_evaluate_worst_is_sorted_and_truncated():
    docs = _corpus()
    r = evaluate(docs, [], worst=2)
    assert [d.doc_id for d in r.worst] == ["1", "2"]
    assert r.events_typed.recall == 0.0


_types = st.sampled_from(["CONSULT", "AGREE", "SANCTION"])
_countries = st.sampled_from(["ARC", "BOR", "CAL"])
_dates = st.sampled_from([None, "2024-01", "2024-01-02", "2024-01-03", "2024-02-10"])


@st.composite
def _gold_event(draw, main=False):
    plover = draw(_types)
    mode = draw(st.sampled_from(["visit", "phone"])) if plover == "CONSULT" else None
    return gold(
        plover,
        draw(_countries),
        draw(_countries),
        draw(_dates),
        mode,
        main=main,
        topics=draw(st.lists(st.sampled_from(["trade", "energy"]), unique=True)),
    )


@st.composite
def _gold_corpus(draw):
    docs = []
    for i in range(draw(st.integers(1, 4))):
        events = [draw(_gold_event(main=True)), *draw(st.lists(_gold_event(), max_size=2))]
        if draw(st.booleans()):
            events = []
        docs.append(
            GoldDoc(
                id=f"d{i}",
                cluster=draw(st.sampled_from([None, "K1", "K2"])) if events else None,
                events=tuple(events),
            )
        )
    return docs


def _echo(docs):
    return [
        pred(
            d.id,
            e.plover,
            e.source_country,
            e.target_country,
            e.date + "-15" if e.date and len(e.date) == 7 else e.date,
            e.mode,
            main=e.is_main,
            event=(d.cluster or d.id) if e.is_main else None,
            topics=e.topics,
        )
        for d in docs
        for e in d.events
    ]


@settings(max_examples=60, deadline=None)
@given(_gold_corpus(), st.randoms(use_true_random=False))
def test_evaluate_scores_an_exact_echo_perfectly_in_any_order(docs, rnd):
    preds = _echo(docs)
    rnd.shuffle(preds)
    r = evaluate(docs, preds)
    n = sum(len(d.events) for d in docs)
    assert (r.events_typed.tp, r.events_full.tp) == (n, n)
    assert r.events_typed.fp == r.events_typed.fn == 0
    assert r.confounder_merges == 0
    assert evaluate(docs, list(reversed(preds))).flat() == r.flat()


@settings(max_examples=60, deadline=None)
@given(_gold_corpus(), _gold_corpus())
def test_evaluate_scores_stay_in_range_and_full_never_beats_typed(docs, other):
    ids = [d.id for d in docs]
    preds = [p.model_copy(update={"doc_id": ids[i % len(ids)]}) for i, p in enumerate(_echo(other))]
    r = evaluate(docs, preds)
    for key, value in r.flat().items():
        if key not in ("negative_events", "confounder_merges"):
            assert 0.0 <= value <= 1.0, key
    assert r.events_full.tp <= r.events_typed.tp


@settings(max_examples=80, deadline=None)
@given(
    st.dictionaries(st.sampled_from("abcdefgh"), st.sampled_from([None, "C1", "C2"])),
    st.dictionaries(st.sampled_from("abcdefgh"), st.sampled_from([None, "e1", "e2", "e3"])),
)
def test_pairwise_scores_equal_counting_every_pair(g, p):
    from itertools import combinations

    def same(labels, a, b):
        return labels.get(a) is not None and labels.get(a) == labels.get(b)

    pairs = list(combinations(sorted(g), 2))
    tp = sum(same(g, a, b) and same(p, a, b) for a, b in pairs)
    fp = sum(same(p, a, b) and not same(g, a, b) for a, b in pairs)
    fn = sum(same(g, a, b) and not same(p, a, b) for a, b in pairs)
    s = pairwise_scores(g, p)
    assert (s.tp, s.fp, s.fn) == (tp, fp, fn)


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ([("Claudia Sheinbaum Pardo", "MEX")], [("Claudia Sheinbaum", "MEX")], (1, 0, 0)),
        ([("Abdel Fattah Al-Sisi", "EGY")], [("Abdel Fattah el-Sisi", "EGY")], (1, 0, 0)),
        ([("KAMIKAWA Yoko", "JPN")], [("Yoko Kamikawa", "JPN")], (1, 0, 0)),
        ([("António Costa", "EUU")], [("Antonio Costa", "EUU")], (1, 0, 0)),
        ([("Li Qiang", "CHN")], [("Li Keqiang", "CHN")], (0, 1, 1)),
        ([("Olaf Scholz", "DEU")], [("Olaf Scholz", "AUT")], (0, 1, 1)),
        ([("Wang Yi", "CHN")], [("Wang Yi", "CHN"), ("Wang Yi", "CHN")], (1, 0, 0)),
        ([("Xi Jinping", "CHN"), ("Joe Biden", "USA")], [("Joe Biden", "USA")], (1, 0, 1)),
    ],
    ids=[
        "double-surname",
        "arabic-article",
        "surname-first",
        "accents",
        "other-person",
        "other-country",
        "duplicate-pred",
        "one-missed",
    ],
)
def test_actor_counts_match_name_variants_one_to_one(gold, pred, expected) -> None:
    assert actor_counts(gold, pred) == expected


def test_pred_from_mention_skips_countries_standing_for_unnamed_sides() -> None:
    from parley.evaluate.predicted import pred_from_mention
    from parley.models import Actor, EventMention

    mention = EventMention(
        id="d:0",
        doc_id="d",
        event_type="AGREE",
        source=Actor(name="India", country="IND"),
        target=Actor(name="Mohamed Muizzu", role="President", country="MDV"),
        actors=(Actor(name="EUU", country="EUU"), Actor(name="European Union", country="EUU")),
    )
    assert [a.name for a in pred_from_mention(mention).actors] == ["Mohamed Muizzu"]
