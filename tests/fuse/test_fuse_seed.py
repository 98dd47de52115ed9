"""The seed situation built by hand: two reports of the Beijing talks and a week-old Moscow visit."""

from __future__ import annotations

import pytest
from fuse_builders import docs_for, mention, person, qty

from parley.fuse import fuse_mentions
from parley.models import Event

KOSH = person("Yermek Kosherbayev", "Minister of Foreign Affairs", "KAZ")
WANG = person("Wang Yi", "Foreign Minister", "CHN")

NEWS_BEIJING = mention(
    "news#0",
    "news",
    source=KOSH,
    target=WANG,
    date="2025-10-28",
    city="Beijing",
    country="CHN",
    topics=("trade", "investment", "transport_logistics", "energy", "technology"),
    quantities=(
        qty("$30.68 billion", 30.68e9, "USD", "bilateral trade January-August 2025"),
        qty("5.7%", 5.7, "percent", "growth of bilateral trade"),
        qty("$43.82 billion", 43.82e9, "USD", "bilateral trade in 2024"),
    ),
    evidence=(
        ("event_type", "held talks with his Chinese counterpart"),
        ("location", "Beijing"),
        ("source", "Yermek Kosherbayev"),
        ("target", "Wang Yi"),
        ("quantity", "$30.68 billion"),
    ),
)
NEWS_MOSCOW = mention(
    "news#1",
    "news",
    source=person("Kosherbayev", None, "KAZ"),
    target=person("Sergey Lavrov", "Foreign Minister", "RUS"),
    date="2025-10-21",
    precision="week",
    city="Moscow",
    country="RUS",
    is_main=False,
    evidence=(("event_type", "a week before, the minister travelled to Moscow for talks"),),
    at=2000,
)
MFA_BEIJING = mention(
    "mfa#0",
    "mfa",
    source=person("Yermek Kosherbayev", "Minister of Foreign Affairs", "KAZ"),
    target=person("Wang Yi", "Member of the Politburo and Foreign Minister", "CHN"),
    date="2025-10-28",
    city="Beijing",
    country="CHN",
    topics=("trade", "economy", "energy", "transport_logistics", "multilateral_cooperation"),
    evidence=(
        ("event_type", "negotiations were held with Wang Yi"),
        ("topic", "cooperation within multilateral platforms"),
    ),
)
MENTIONS = (NEWS_BEIJING, NEWS_MOSCOW, MFA_BEIJING)


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return fuse_mentions(MENTIONS, docs_for(MENTIONS))


def _event_with(events: list[Event], mention_id: str) -> Event:
    return next(e for e in events if mention_id in e.mention_ids)


def test_seed_beijing_reports_fuse_into_one_event_with_both_sources(events: list[Event]) -> None:
    beijing = _event_with(events, "news#0")
    assert beijing.mention_ids == ("mfa#0", "news#0")
    assert [s.doc_id for s in beijing.sources] == ["mfa", "news"]
    assert (beijing.date, beijing.date_precision) == ("2025-10-28", "day")
    assert (beijing.event_type, beijing.mode, beijing.cameo) == ("CONSULT", "visit", "042")
    assert beijing.location is not None and beijing.location.name == "Beijing"
    assert beijing.source is not None and beijing.source.country == "KAZ"
    assert beijing.target is not None and beijing.target.name == "Wang Yi"


def test_seed_moscow_visit_is_a_separate_event(events: list[Event]) -> None:
    moscow = _event_with(events, "news#1")
    assert moscow.mention_ids == ("news#1",)
    assert (moscow.date, moscow.date_precision) == ("2025-10-21", "week")
    assert moscow.target is not None and moscow.target.country == "RUS"
    assert len(events) == 2


def test_seed_trade_figures_come_only_from_the_news_report(events: list[Event]) -> None:
    beijing = _event_with(events, "news#0")
    assert {q.text: q.doc_ids for q in beijing.quantities} == {
        "$30.68 billion": ("news",),
        "$43.82 billion": ("news",),
        "5.7%": ("news",),
    }
    quantity_facts = {f.value: f.doc_ids for f in beijing.facts if f.field == "quantity"}
    assert quantity_facts["$30.68 billion"] == ("news",)


def test_seed_multilateral_platforms_come_only_from_the_ministry(events: list[Event]) -> None:
    beijing = _event_with(events, "news#0")
    topics = {f.value: f.doc_ids for f in beijing.facts if f.field == "topic"}
    assert topics["multilateral_cooperation"] == ("mfa",)
    assert topics["trade"] == ("mfa", "news")
    assert "technology" in beijing.topics and "economy" in beijing.topics


def test_seed_keeps_the_most_complete_role_and_lists_the_variant(events: list[Event]) -> None:
    beijing = _event_with(events, "news#0")
    wang = next(a for a in beijing.actors if a.name == "Wang Yi")
    assert wang.role == "Member of the Politburo and Foreign Minister"
    roles = [d for d in beijing.discrepancies if d.field == "role"]
    assert [v.value for v in roles[0].values] == [
        "Wang Yi: Foreign Minister",
        "Wang Yi: Member of the Politburo and Foreign Minister",
    ]


def test_seed_every_fused_value_is_a_fact_with_its_documents(events: list[Event]) -> None:
    beijing = _event_with(events, "news#0")
    fields = {f.field for f in beijing.facts}
    assert {"date", "location", "event_type", "mode", "actor", "topic", "quantity"} <= fields
    assert {"source", "target"} <= fields
    facts = {(f.field, f.value): f.doc_ids for f in beijing.facts}
    assert facts[("date", "2025-10-28")] == ("mfa", "news")
    assert facts[("location", "Beijing, CHN")] == ("mfa", "news")
    assert facts[("actor", "Yermek Kosherbayev")] == ("mfa", "news")


def test_seed_sources_carry_their_evidence(events: list[Event]) -> None:
    beijing = _event_with(events, "news#0")
    news = next(s for s in beijing.sources if s.doc_id == "news")
    assert {e.field for e in news.evidence} >= {"event_type", "location", "quantity"}
    assert all(e.doc_id == "news" for e in news.evidence)
    assert news.url == "https://news.example.org/news" and news.duplicate_of is None


def test_seed_two_independent_voices_raise_confidence(events: list[Event]) -> None:
    beijing = _event_with(events, "news#0")
    moscow = _event_with(events, "news#1")
    assert beijing.confidence == pytest.approx(1 - 0.3 * 0.3)
    assert moscow.confidence == pytest.approx(0.7)


def test_seed_later_direct_report_of_moscow_joins_the_week_precision_mention() -> None:
    direct = mention(
        "wire#0",
        "wire",
        source=person("Yermek Kosherbaev", "Foreign Minister", "KAZ"),
        target=person("Sergei Lavrov", "Foreign Minister", "RUS"),
        date="2025-10-22",
        city="Moscow",
        country="RUS",
    )
    mentions = (*MENTIONS, direct)
    events = fuse_mentions(mentions, docs_for(mentions))
    moscow = _event_with(events, "news#1")
    assert moscow.mention_ids == ("news#1", "wire#0")
    assert (moscow.date, moscow.date_precision) == ("2025-10-22", "day")
    assert not [d for d in moscow.discrepancies if d.field == "date"]
