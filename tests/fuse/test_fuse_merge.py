"""Fused fields, discrepancies, voices and ids (scenarios modelled on dev clusters C01, C04, C14)."""

from __future__ import annotations

import hashlib

import pytest
from fuse_builders import docs_for, info, mention, person, qty

from parley.errors import InputError
from parley.fuse import assignments, fuse_mentions
from parley.models import Event, EventMention

TOKAYEV = person("Kassym-Jomart Tokayev", "President", "KAZ")


def scholz_visit(mid: str, doc: str, role: str, *quantities, **kw) -> EventMention:
    return mention(
        mid,
        doc,
        source=person("Olaf Scholz", role, "DEU"),
        target=TOKAYEV,
        date=kw.pop("date", "2024-09-16"),
        city=kw.pop("city", "Astana"),
        country="KAZ",
        quantities=quantities,
        **kw,
    )


def one(*mentions: EventMention, **texts: str) -> Event:
    events = fuse_mentions(mentions, docs_for(mentions, **texts))
    assert len(events) == 1, [e.mention_ids for e in events]
    return events[0]


def test_fuse_role_variants_keep_the_most_complete_and_become_a_discrepancy() -> None:
    event = one(
        scholz_visit("wire#0", "wire", "Chancellor"),
        scholz_visit("akorda#0", "akorda", "Federal Chancellor"),
        scholz_visit("news#0", "news", "Chancellor"),
    )
    assert event.source is not None and event.source.role == "Federal Chancellor"
    role = next(d for d in event.discrepancies if d.field == "role")
    assert [(v.value, v.doc_ids) for v in role.values] == [
        ("Olaf Scholz: Chancellor", ("news", "wire")),
        ("Olaf Scholz: Federal Chancellor", ("akorda",)),
    ]


@pytest.mark.parametrize(
    ("first", "second", "merged"),
    [
        (qty("about 4 billion US dollars", 4e9, "USD"), qty("$4bn", 4e9, "USD"), True),
        (qty("INR 30 billion", 30e9, "INR"), qty("₹3,000 crore", 30e9, "INR"), True),
        (qty("10,000", 10_000, "count"), qty("10 thousand", 10_000, "count"), True),
        (qty("25%", 25, "percent"), qty("25 percent", 25, "percent"), True),
        (qty("$4bn", 4e9, "USD"), qty("$6.7bn", 6.7e9, "USD"), False),
        (qty("15 tonnes", 15, "tonnes"), qty("15 percent", 15, "percent"), False),
    ],
    ids=["usd-wording", "crore", "thousand", "percent-sign", "other-figure", "other-unit"],
)
def test_fuse_equal_figures_from_two_reports_are_one_quantity(first, second, merged: bool) -> None:
    event = one(
        scholz_visit("a#0", "a", "Chancellor", first),
        scholz_visit("b#0", "b", "Chancellor", second),
    )
    if merged:
        assert [(q.text, q.doc_ids) for q in event.quantities] == [(first.text, ("a", "b"))]
    else:
        assert sorted(q.doc_ids for q in event.quantities) == [("a",), ("b",)]


def egypt_deal(mid: str, doc: str, *quantities, **kw) -> EventMention:
    return mention(
        mid,
        doc,
        "SUPPORT",
        None,
        source=person("Ursula von der Leyen", "President of the European Commission", "EUU"),
        target=person("Abdel Fattah El-Sisi", "President", "EGY"),
        date="2024-03-17",
        city="Cairo",
        country="EGY",
        cameo="057",
        quantities=quantities,
        **kw,
    )


def test_fuse_different_values_for_one_figure_are_a_discrepancy() -> None:
    event = one(
        egypt_deal(
            "eu#0", "eu", qty("EUR 7.4 billion", 7.4e9, "EUR"), qty("EUR 5 billion", 5e9, "EUR")
        ),
        egypt_deal("eg#0", "eg", qty("about 8 billion dollars", 8e9, "USD")),
    )
    figures = [d for d in event.discrepancies if d.field == "quantity"]
    assert [[(v.value, v.doc_ids) for v in d.values] for d in figures] == [
        [("EUR 7.4 billion", ("eu",)), ("about 8 billion dollars", ("eg",))]
    ]


def test_fuse_figures_with_the_same_about_differ_even_when_far_apart() -> None:
    event = one(
        egypt_deal("eu#0", "eu", qty("EUR 600 million", 600e6, "EUR", "grants")),
        egypt_deal("eg#0", "eg", qty("400 million euros", 400e6, "EUR", "grants")),
    )
    assert [d.field for d in event.discrepancies] == ["quantity"]


def test_fuse_a_document_giving_both_values_is_not_a_discrepancy() -> None:
    event = one(
        egypt_deal("eu#0", "eu", qty("EUR 7.4 billion", 7.4e9, "EUR")),
        egypt_deal("eg#0", "eg", qty("about 8 billion dollars", 8e9, "USD")),
        egypt_deal(
            "wi#0", "wi", qty("7.4 billion euros", 7.4e9, "EUR"), qty("$8 billion", 8e9, "USD")
        ),
    )
    assert not [d for d in event.discrepancies if d.field == "quantity"]
    assert {q.text: q.doc_ids for q in event.quantities} == {
        "EUR 7.4 billion": ("eu", "wi"),
        "about 8 billion dollars": ("eg", "wi"),
    }


RELEASE = (
    "The President held talks with the Prime Minister of the host country this afternoon at the "
    "palace. The leaders reviewed cooperation in trade, health, maritime security and energy, and "
    "agreed on a currency swap arrangement and a new line of credit for infrastructure projects. "
    "Both sides welcomed the opening of a consulate and further flights between the two capitals."
)
REPRINT = RELEASE.replace("this afternoon", "on Monday").replace("further flights", "more flights")
OTHER = "An independent report on the state visit, written in entirely different words by a site."


def muizzu(mid: str, doc: str, confidence: float) -> EventMention:
    return mention(
        mid,
        doc,
        source=person("Mohamed Muizzu", "President", "MDV"),
        target=person("Narendra Modi", "Prime Minister", "IND"),
        date="2024-10-07",
        city="New Delhi",
        country="IND",
        confidence=confidence,
    )


def test_fuse_a_republished_release_is_one_voice() -> None:
    mentions = [muizzu("pres#0", "pres", 0.8), muizzu("reprint#0", "reprint", 0.6)]
    docs = {
        "pres": info("pres", RELEASE, published="2024-10-07"),
        "reprint": info("reprint", REPRINT, published="2024-10-08"),
    }
    event = fuse_mentions(mentions, docs)[0]
    assert {s.doc_id: s.duplicate_of for s in event.sources} == {"pres": None, "reprint": "pres"}
    assert event.confidence == pytest.approx(0.8)


def test_fuse_an_independent_report_adds_a_voice() -> None:
    mentions = [
        muizzu("pres#0", "pres", 0.8),
        muizzu("reprint#0", "reprint", 0.6),
        muizzu("site#0", "site", 0.5),
    ]
    docs = {
        "pres": info("pres", RELEASE, published="2024-10-07"),
        "reprint": info("reprint", REPRINT, published="2024-10-08"),
        "site": info("site", OTHER, published="2024-10-08"),
    }
    event = fuse_mentions(mentions, docs)[0]
    assert event.confidence == pytest.approx(1 - 0.2 * 0.5)
    assert next(s for s in event.sources if s.doc_id == "site").duplicate_of is None


def test_fuse_most_specific_date_and_place_win() -> None:
    event = one(
        scholz_visit("a#0", "a", "Chancellor", date="2024-09", precision="month", city=None),
        scholz_visit("b#0", "b", "Chancellor", date="2024-09-16"),
    )
    assert (event.date, event.date_precision) == ("2024-09-16", "day")
    assert event.location is not None and (event.location.name, event.location.country) == (
        "Astana",
        "KAZ",
    )
    facts = {(f.field, f.value): f.doc_ids for f in event.facts}
    assert facts[("date", "2024-09-16")] == ("a", "b")
    assert facts[("location", "Astana, KAZ")] == ("a", "b")
    assert not event.discrepancies


def test_fuse_type_is_a_confidence_weighted_vote() -> None:
    kw = {
        "source": person("Ana Ruiz", "Minister", "ESP"),
        "target": person("Joao Pinto", "Minister", "PRT"),
        "date": "2025-01-10",
        "city": "Lisbon",
        "country": "PRT",
    }
    event = one(
        mention("a#0", "a", "CONSULT", "visit", confidence=0.9, **kw),
        mention("b#0", "b", "CONSULT", "third-party", confidence=0.4, **kw),
        mention("c#0", "c", "CONSULT", "third-party", confidence=0.4, **kw),
    )
    assert (event.mode, event.cameo) == ("visit", "042")
    mode = next(d for d in event.discrepancies if d.field == "mode")
    assert [(v.value, v.doc_ids) for v in mode.values] == [
        ("third-party", ("b", "c")),
        ("visit", ("a",)),
    ]


def test_fuse_new_event_id_is_sha256_of_the_smallest_mention_id() -> None:
    event = one(scholz_visit("b#0", "b", "Chancellor"), scholz_visit("a#0", "a", "Chancellor"))
    assert event.id == "ev-" + hashlib.sha256(b"a#0").hexdigest()[:16]


def test_fuse_keeps_previous_ids_and_the_largest_wins() -> None:
    mentions = [scholz_visit(f"{d}#0", d, "Chancellor") for d in "abc"]
    previous = {"a#0": "ev-old-small", "b#0": "ev-old-big", "c#0": "ev-old-big"}
    event = fuse_mentions(mentions, docs_for(mentions), previous)[0]
    assert event.id == "ev-old-big"
    tie = {"a#0": "ev-zzz", "b#0": "ev-aaa"}
    assert fuse_mentions(mentions, docs_for(mentions), tie)[0].id == "ev-aaa"


def test_fuse_an_old_id_goes_to_one_event_only() -> None:
    first = scholz_visit("a#0", "a", "Chancellor")
    second = scholz_visit("b#0", "b", "Chancellor", date="2024-11-20")
    events = fuse_mentions(
        [first, second], docs_for([first, second]), {"a#0": "ev-x", "b#0": "ev-x"}
    )
    assert sorted(e.id for e in events) == sorted(
        ["ev-x", "ev-" + hashlib.sha256(b"b#0").hexdigest()[:16]]
    )


def test_fuse_assignments_cover_every_mention() -> None:
    mentions = [
        scholz_visit("a#0", "a", "Chancellor"),
        scholz_visit("b#0", "b", "Chancellor", date="2024-12-01"),
    ]
    events = fuse_mentions(mentions, docs_for(mentions))
    assert sorted(assignments(events)) == ["a#0", "b#0"]


def test_fuse_works_without_document_metadata() -> None:
    event = fuse_mentions([scholz_visit("a#0", "a", "Chancellor")], {})[0]
    assert event.sources[0].doc_id == "a" and event.sources[0].url is None


def test_fuse_rejects_two_different_mentions_with_one_id() -> None:
    with pytest.raises(InputError, match="share the id 'a#0'"):
        fuse_mentions(
            [scholz_visit("a#0", "a", "Chancellor"), scholz_visit("a#0", "b", "Chancellor")], {}
        )


def test_fuse_counts_an_identical_repeated_mention_once() -> None:
    m = scholz_visit("a#0", "a", "Chancellor")
    assert fuse_mentions([m, m], {})[0].mention_ids == ("a#0",)


def test_fuse_output_is_contract_json() -> None:
    event = one(
        scholz_visit("a#0", "a", "Chancellor"), scholz_visit("b#0", "b", "Federal Chancellor")
    )
    data = event.to_json()
    assert "mention_ids" not in data
    assert data["sources"][0]["evidence"] == [] and data["date_precision"] == "day"


@pytest.mark.parametrize(
    ("first", "second", "rival"),
    [
        (
            qty("$4bn", 4e9, "USD", "trade in 2023"),
            qty("2.3 billion dollars", 2.3e9, "USD", "trade in 2024"),
            False,
        ),
        (
            qty("$4bn", 4e9, "USD", "trade in 2023"),
            qty("$3.6bn", 3.6e9, "USD", "bilateral trade in 2023"),
            True,
        ),
        (
            qty("116 individuals and entities", 116, "count"),
            qty("more than 110", 110, "count"),
            True,
        ),
    ],
    ids=["other-year", "same-about", "close-counts"],
)
def test_fuse_rival_figures_need_the_same_thing(first, second, rival: bool) -> None:
    event = one(
        scholz_visit("a#0", "a", "Chancellor", first),
        scholz_visit("b#0", "b", "Chancellor", second),
    )
    assert bool([d for d in event.discrepancies if d.field == "quantity"]) is rival


def test_fuse_figures_without_values_match_on_their_numbers() -> None:
    event = one(
        scholz_visit(
            "a#0", "a", "Chancellor", qty("$4bn", None, None, "trade with Germany in 2023")
        ),
        scholz_visit(
            "b#0",
            "b",
            "Chancellor",
            qty("about 4 billion US dollars", None, None, "trade with Germany in 2023"),
        ),
    )
    assert [q.doc_ids for q in event.quantities] == [("a", "b")]
