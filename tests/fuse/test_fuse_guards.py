"""Guards that keep apart what only looks alike, and the merges that must still happen."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from fuse_builders import docs_for, mention, person

from parley.fuse import fuse_mentions
from parley.models import Event, EventMention

# Fictional states for logic cases: Arvenia (ARV), Belmora (BLM), Corvath (CRV).
ARV_PM = person("Tomas Arkady", "Prime Minister", "ARV")
ARV_FM = person("Lena Vostrikova", "Foreign Minister", "ARV")
BLM_FM = person("Idris Halloway", "Foreign Minister", "BLM")
BLM_PRES = person("Marta Quellen", "President", "BLM")
BLM_DEF = person("Osric Fenwald", "Defence Minister", "BLM")


def partition(events: Sequence[Event]) -> list[tuple[str, ...]]:
    return sorted(e.mention_ids for e in events)


def fuse(*mentions: EventMention) -> list[Event]:
    return fuse_mentions(mentions, docs_for(mentions))


def visit(
    mid: str, doc: str, *people, date: str = "2025-03-04", city: str | None = "Belport", **kw
):
    return mention(
        mid,
        doc,
        source=people[0],
        target=people[1] if len(people) > 1 else None,
        actors=(*people, *kw.pop("actors", ())),
        date=date,
        city=city,
        country=kw.pop("country", "BLM"),
        **kw,
    )


def expel(mid: str, doc: str, src: str, tgt: str, *people, date: str = "2025-05-02", **kw):
    return mention(
        mid,
        doc,
        "SANCTION",
        None,
        source=person(f"{src} government", None, src),
        target=person(f"{tgt} embassy staff", None, tgt),
        actors=people,
        date=date,
        cameo="161",
        **kw,
    )


def call(mid: str, doc: str, a, b, date: str, **kw):
    return mention(mid, doc, "CONSULT", "phone", source=a, target=b, date=date, **kw)


CASES = {
    "same-day-same-city-different-counterparts": (
        [
            visit("a#0", "a", ARV_FM, BLM_FM),
            visit("a#1", "a", ARV_FM, BLM_PRES, at=500),
            visit("b#0", "b", person("Lena Vostrikova", "Foreign Minister", "ARV"), BLM_FM),
            visit("b#1", "b", ARV_FM, person("Marta Quellen", "head of state", "BLM"), at=500),
        ],
        [("a#0", "b#0"), ("a#1", "b#1")],
    ),
    "courtesy-call-vs-two-plus-two": (
        [
            visit("p#0", "p", ARV_FM, BLM_PRES, actors=(ARV_PM,)),
            visit("p#1", "p", ARV_FM, BLM_FM, BLM_DEF, at=700),
            visit("j#0", "j", ARV_FM, BLM_DEF, BLM_FM),
        ],
        [("j#0", "p#1"), ("p#0",)],
    ),
    "reciprocal-expulsions-same-day": (
        [
            expel("x#0", "x", "ARV", "BLM"),
            expel("x#1", "x", "BLM", "ARV", at=900),
            expel("y#0", "y", "BLM", "ARV"),
            expel("y#1", "y", "ARV", "BLM", at=900),
        ],
        [("x#0", "y#1"), ("x#1", "y#0")],
    ),
    "monthly-calls-same-dyad": (
        [
            call("m1#0", "m1", ARV_PM, BLM_PRES, "2025-01-15"),
            call("m2#0", "m2", BLM_PRES, ARV_PM, "2025-01-15"),
            call("m3#0", "m3", ARV_PM, BLM_PRES, "2025-02-14"),
            call("m4#0", "m4", BLM_PRES, ARV_PM, "2025-02-14"),
            call("m5#0", "m5", ARV_PM, BLM_PRES, "2025-03-16"),
        ],
        [("m1#0", "m2#0"), ("m3#0", "m4#0"), ("m5#0",)],
    ),
    "kazan-third-party-vs-tianjin-visit": (
        [
            mention(
                "in#0",
                "in",
                "CONSULT",
                "third-party",
                source=person("Narendra Modi", "Prime Minister", "IND"),
                target=person("Xi Jinping", "President", "CHN"),
                date="2024-10-23",
                city="Kazan",
                country="RUS",
            ),
            mention(
                "cn#0",
                "cn",
                "CONSULT",
                "third-party",
                source=person("Xi Jinping", "President", "CHN"),
                target=person("Narendra Modi", "Prime Minister", "IND"),
                date="2024-10-23",
                city="Kazan",
                country="RUS",
            ),
            mention(
                "tj#0",
                "tj",
                "CONSULT",
                "visit",
                source=person("Narendra Modi", "Prime Minister", "IND"),
                target=person("Xi Jinping", "President", "CHN"),
                date="2025-08-31",
                city="Tianjin",
                country="CHN",
            ),
            mention(
                "tj#1",
                "tj",
                "CONSULT",
                "third-party",
                source=person("Modi", None, "IND"),
                target=person("Xi", None, "CHN"),
                date="2024-10",
                precision="month",
                city="Kazan",
                country="RUS",
                is_main=False,
                at=800,
            ),
        ],
        [("cn#0", "in#0", "tj#1"), ("tj#0",)],
    ),
    "phone-and-visit-same-day-stay-apart": (
        [
            call("c#0", "c", ARV_PM, BLM_PRES, "2025-03-04"),
            visit("v#0", "v", ARV_PM, BLM_PRES),
        ],
        [("c#0",), ("v#0",)],
    ),
    "return-visit-in-the-other-capital": (
        [
            visit("r1#0", "r1", ARV_FM, BLM_FM, city="Belport", country="BLM"),
            visit("r2#0", "r2", BLM_FM, ARV_FM, city="Arvgrad", country="ARV"),
        ],
        [("r1#0",), ("r2#0",)],
    ),
    "consecutive-days-two-cities": (
        [
            visit("s1#0", "s1", ARV_PM, BLM_PRES, date="2024-06-16", city="Northhaven"),
            visit("s2#0", "s2", ARV_PM, BLM_PRES, date="2024-06-17", city="Belport"),
        ],
        [("s1#0",), ("s2#0",)],
    ),
    "protest-and-summons-opposite-directions": (
        [
            mention(
                "q#0",
                "q",
                "PROTEST",
                None,
                source=person("Demonstrators", "protesters", "ARV"),
                target=person("Belmoran embassy", None, "BLM"),
                date="2025-06-01",
                city="Arvgrad",
                country="ARV",
                cameo="145",
            ),
            mention(
                "q#1",
                "q",
                "ACCUSE",
                None,
                source=person("Belmoran foreign ministry", None, "BLM"),
                target=person("Arvenian charge d'affaires", None, "ARV"),
                date="2025-06-01",
                cameo="114",
                at=600,
            ),
        ],
        [("q#0",), ("q#1",)],
    ),
    "expulsion-and-embassy-suspension-same-day": (
        [
            expel("e1#0", "e1", "ARV", "BLM", ARV_PM, person("Nils Ortega", "Ambassador", "BLM")),
            expel("e1#1", "e1", "ARV", "BLM", ARV_FM, at=900),
            expel("e2#0", "e2", "ARV", "BLM", ARV_PM, person("Nils Ortega", "ambassador", "BLM")),
            expel("e2#1", "e2", "ARV", "BLM", person("Lena Vostrikova", None, "ARV"), at=900),
        ],
        [("e1#0", "e2#0"), ("e1#1", "e2#1")],
    ),
}


@pytest.mark.parametrize(("mentions", "expected"), CASES.values(), ids=CASES.keys())
def test_fuse_guard_partition(
    mentions: list[EventMention], expected: list[tuple[str, ...]]
) -> None:
    assert partition(fuse(*mentions)) == sorted(expected)


def test_fuse_symmetric_call_with_swapped_pair_keeps_one_direction() -> None:
    events = fuse(
        call("us#0", "us", ARV_PM, BLM_PRES, "2025-01-15"),
        call("cn#0", "cn", BLM_PRES, ARV_PM, "2025-01-15", confidence=0.9),
    )
    assert len(events) == 1
    event = events[0]
    assert event.source is not None and event.source.country == "BLM"
    assert not [d for d in event.discrepancies if d.field == "direction"]


def test_fuse_one_day_apart_merges_and_lists_the_date_discrepancy() -> None:
    protest = {
        "event_type": "PROTEST",
        "mode": None,
        "cameo": "145",
        "city": "Baghdad",
        "country": "IRQ",
    }
    events = fuse(
        mention(
            "w#0",
            "w",
            **protest,
            source=person("Protesters", None, "IRQ"),
            target=person("Swedish embassy", None, "SWE"),
            date="2023-07-20",
        ),
        mention(
            "m#0",
            "m",
            **protest,
            source=person("Sadr supporters", None, "IRQ"),
            target=person("embassy of Sweden", None, "SWE"),
            date="2023-07-19",
        ),
        mention(
            "g#0",
            "g",
            **protest,
            source=person("Demonstrators", None, None),
            target=person("Sweden's embassy", None, "SWE"),
            date="2023-07-20",
        ),
    )
    assert len(events) == 1
    event = events[0]
    assert event.date == "2023-07-20"
    date = next(d for d in event.discrepancies if d.field == "date")
    assert [(v.value, v.doc_ids) for v in date.values] == [
        ("2023-07-19", ("m",)),
        ("2023-07-20", ("g", "w")),
    ]
    assert next(f for f in event.facts if f.field == "date").doc_ids == ("g", "w")


def test_fuse_two_days_apart_stay_apart() -> None:
    events = fuse(
        visit("a#0", "a", ARV_FM, BLM_FM, date="2025-03-04"),
        visit("b#0", "b", ARV_FM, BLM_FM, date="2025-03-06"),
    )
    assert len(events) == 2


@pytest.mark.parametrize(
    ("undated", "merges"),
    [
        (visit("u#0", "u", ARV_PM, BLM_PRES, date=None), True),
        (
            visit(
                "u#0", "u", person("Arvenian delegation", None, "ARV"), None, date=None, city=None
            ),
            False,
        ),
    ],
    ids=["undated-with-city-and-people-joins", "undated-with-only-the-dyad-stays-alone"],
)
def test_fuse_undated_report_needs_other_evidence(undated: EventMention, merges: bool) -> None:
    dated = visit("d#0", "d", ARV_PM, BLM_PRES, date="2025-05-19")
    events = fuse(dated, undated)
    assert (len(events) == 1) is merges


def test_fuse_undated_report_in_a_big_block_still_finds_its_event() -> None:
    crowd = [
        visit(
            f"n{k:03d}#0",
            f"n{k:03d}",
            person(f"Envoy Number{k}", "Envoy", "ARV"),
            BLM_FM,
            date=f"2024-{1 + k % 12:02d}-{1 + k % 28:02d}",
            city=None,
        )
        for k in range(300)
    ]
    dated = visit("d#0", "d", ARV_PM, BLM_PRES, date="2025-05-19")
    undated = visit("u#0", "u", ARV_PM, BLM_PRES, date=None)
    events = fuse(*crowd, dated, undated)
    assert ("d#0", "u#0") in partition(events)


def test_fuse_duplicate_mentions_in_one_document_become_one_event_with_one_source() -> None:
    events = fuse(
        visit("a#0", "a", ARV_FM, BLM_FM, topics=("trade",)),
        visit("a#1", "a", person("Vostrikova", None, "ARV"), None, topics=("energy",), at=400),
        visit("b#0", "b", ARV_FM, BLM_FM),
    )
    assert partition(events) == [("a#0", "a#1", "b#0")]
    assert [s.doc_id for s in events[0].sources] == ["a", "b"]
    assert events[0].topics == ("energy", "trade")


def test_fuse_two_unrelated_mentions_in_one_document_stay_apart() -> None:
    events = fuse(
        expel("a#0", "a", "ARV", "BLM"),
        expel("a#1", "a", "ARV", "BLM", at=900),
    )
    assert len(events) == 2


def test_fuse_confusable_types_merge_on_strong_evidence_and_show_the_disagreement() -> None:
    signing = {
        "source": ARV_PM,
        "target": BLM_PRES,
        "date": "2025-04-01",
        "city": "Belport",
        "country": "BLM",
        "evidence": (("event_type", "signed a strategic partnership"),),
    }
    events = fuse(
        mention("a#0", "a", "SUPPORT", None, cameo="057", **signing),
        mention("b#0", "b", "AGREE", None, **signing),
        mention("c#0", "c", "SUPPORT", None, cameo="057", confidence=0.8, **signing),
    )
    assert len(events) == 1
    assert events[0].event_type == "SUPPORT"
    kinds = next(d for d in events[0].discrepancies if d.field == "event_type")
    assert [(v.value, v.doc_ids) for v in kinds.values] == [
        ("AGREE", ("b",)),
        ("SUPPORT", ("a", "c")),
    ]


def test_fuse_confusable_types_without_strong_evidence_stay_apart() -> None:
    events = fuse(
        mention("a#0", "a", "SUPPORT", None, source=ARV_PM, target=BLM_PRES, date="2025-04-01"),
        mention("b#0", "b", "AGREE", None, source=ARV_PM, target=BLM_PRES, date="2025-04-01"),
    )
    assert len(events) == 2


def test_fuse_countryless_mentions_meet_through_names() -> None:
    events = fuse(
        call(
            "a#0",
            "a",
            person("Tomas Arkady", "Prime Minister"),
            person("Marta Quellen"),
            "2025-01-15",
        ),
        call("b#0", "b", ARV_PM, BLM_PRES, "2025-01-15"),
        call("c#0", "c", person("Ivo Strand"), person("Pia Lunde"), "2025-01-15"),
    )
    assert partition(events) == [("a#0", "b#0"), ("c#0",)]


def test_fuse_reversed_visit_with_both_leaders_same_day_and_city_merges_as_a_direction_discrepancy() -> (
    None
):
    events = fuse(
        visit("a#0", "a", ARV_PM, BLM_PRES),
        visit("b#0", "b", ARV_PM, BLM_PRES, confidence=0.9),
        visit("c#0", "c", BLM_PRES, ARV_PM),
    )
    assert len(events) == 1
    event = events[0]
    assert event.source is not None and event.source.country == "ARV"
    direction = next(d for d in event.discrepancies if d.field == "direction")
    assert [(v.value, v.doc_ids) for v in direction.values] == [
        ("ARV -> BLM", ("a", "b")),
        ("BLM -> ARV", ("c",)),
    ]


def test_fuse_reversed_visit_without_both_leaders_stays_apart() -> None:
    events = fuse(
        visit("a#0", "a", ARV_PM, BLM_PRES),
        visit("c#0", "c", person("Belmoran delegation", None, "BLM"), ARV_PM),
    )
    assert len(events) == 2


def test_fuse_summit_reports_without_a_target_merge() -> None:
    host = person("Vera Lind", "President", "CRV")
    summit = {
        "event_type": "CONSULT",
        "mode": "multilateral",
        "source": host,
        "city": "Corvo",
        "country": "CRV",
    }
    events = fuse(
        mention("a#0", "a", **summit, date="2024-10-22"),
        mention("b#0", "b", **summit, date="2024-10-22"),
        mention("c#0", "c", **summit, date="2024-10-29"),
    )
    assert partition(events) == [("a#0", "b#0"), ("c#0",)]


def test_fuse_report_with_one_country_joins_the_full_dyad() -> None:
    events = fuse(
        expel("a#0", "a", "ARV", "BLM", ARV_FM),
        mention(
            "b#0",
            "b",
            "SANCTION",
            None,
            source=person("Lena Vostrikova", "Foreign Minister", "ARV"),
            date="2025-05-02",
            cameo="161",
        ),
    )
    assert partition(events) == [("a#0", "b#0")]


def test_fuse_country_put_in_for_nobody_is_not_a_shared_person() -> None:
    australia, iran = (
        person("Australia", None, "AUS"),
        person("Iran, Islamic Republic of", None, "IRN"),
    )
    events = fuse(
        mention("a#0", "a", "SANCTION", None, source=australia, target=iran, date="2025-08-26"),
        mention(
            "a#1", "a", "SANCTION", None, source=australia, target=iran, date="2025-08-26", at=900
        ),
    )
    assert len(events) == 2


def test_fuse_country_put_in_for_nobody_does_not_look_like_a_different_person() -> None:
    events = fuse(
        visit("a#0", "a", person("Korea, Republic of", None, "KOR"), BLM_PRES),
        visit("b#0", "b", person("Yoon Suk Yeol", "President", "KOR"), BLM_PRES),
    )
    assert len(events) == 1
    assert events[0].source is not None and events[0].source.name == "Yoon Suk Yeol"
    assert [a.name for a in events[0].actors] == ["Yoon Suk Yeol", "Marta Quellen"]


def test_fuse_same_day_rival_places_merge_on_strong_evidence_as_a_discrepancy() -> None:
    events = fuse(
        visit("s1#0", "s1", ARV_FM, BLM_FM, city="Belport"),
        visit("s2#0", "s2", ARV_FM, BLM_FM, city="Belport"),
        visit("s3#0", "s3", ARV_FM, BLM_FM, city="Northhaven"),
    )
    assert len(events) == 1
    assert events[0].location is not None and events[0].location.name == "Belport"
    place = next(d for d in events[0].discrepancies if d.field == "location")
    assert [(v.value, v.doc_ids) for v in place.values] == [
        ("Belport", ("s1", "s2")),
        ("Northhaven", ("s3",)),
    ]
