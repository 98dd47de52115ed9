"""Fusion of the dev set's gold events (as if the coder were perfect) recovers the gold clusters.

The documents and gold labels are read from ../shared at run time; nothing is copied into the repo.
Each gold event becomes an EventMention (no evidence spans, quantities without values), so this
checks the clustering logic on realistic, hand-labelled reports of 14 real events and their
confounders (Kazan vs Tianjin, reciprocal acts, same-day meetings, the undated report 025).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from parley.fuse import DocInfo, doc_signature, fuse_mentions
from parley.models import Actor, Event, EventMention, Location, Quantity


def _mention(doc_id: str, k: int, gold: dict) -> EventMention:
    actors = [Actor(name=a["name"], role=a["role"], country=a["country"]) for a in gold["actors"]]
    src_c, tgt_c = gold["source_country"], gold["target_country"]
    source = next((a for a in actors if a.country == src_c), Actor(name=src_c, country=src_c))
    target = None
    if tgt_c:
        target = next(
            (a for a in actors if a.country == tgt_c and a != source),
            Actor(name=tgt_c, country=tgt_c),
        )
    date = gold["date"]
    place = gold["location"]
    return EventMention(
        id=f"{doc_id}#{k}",
        doc_id=doc_id,
        event_type=gold["plover"],
        mode=gold["mode"],
        cameo=gold["cameo"],
        source=source,
        target=target,
        actors=tuple(actors),
        date=date,
        date_precision=("day" if len(date) == 10 else "month") if date else None,
        location=Location(name=place["city"], country=place["country"])
        if (place["city"] or place["country"])
        else None,
        topics=tuple(gold["topics"]),
        quantities=tuple(Quantity(text=q["text"], about=q["what"]) for q in gold["quantities"]),
        confidence=0.7,
        is_main=gold["is_main"],
    )


@pytest.fixture(scope="module")
def dev_fusion(dev_dir: Path) -> tuple[list[Event], dict[str, str], dict[str, str | None]]:
    mentions: list[EventMention] = []
    docs: dict[str, DocInfo] = {}
    main: dict[str, str] = {}
    clusters: dict[str, str | None] = {}
    for line in (dev_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        doc_id = gold["id"]
        doc = json.loads((dev_dir / f"{doc_id}.json").read_text(encoding="utf-8"))
        docs[doc_id] = DocInfo(
            doc_id=doc_id,
            url=doc.get("url"),
            outlet=doc.get("outlet"),
            published=doc.get("published"),
            signature=doc_signature(doc["text"]),
        )
        clusters[doc_id] = gold["cluster"]
        for k, event in enumerate(gold["events"]):
            mentions.append(_mention(doc_id, k, event))
            if event["is_main"]:
                main[doc_id] = f"{doc_id}#{k}"
    return fuse_mentions(mentions, docs), main, clusters


def test_fuse_dev_main_events_recover_the_gold_clusters(dev_fusion) -> None:
    events, main, clusters = dev_fusion
    event_of = {m: e.id for e in events for m in e.mention_ids}
    wrong = []
    for a, b in itertools.combinations(sorted(main), 2):
        fused = event_of[main[a]] == event_of[main[b]]
        same = clusters[a] is not None and clusters[a] == clusters[b]
        if fused != same:
            wrong.append((a, b, clusters[a], clusters[b]))
    assert wrong == []


def test_fuse_dev_c09_lists_the_one_day_date_discrepancy(dev_fusion) -> None:
    events, main, _ = dev_fusion
    embassy = next(e for e in events if main["042"] in e.mention_ids)
    assert embassy.date == "2023-07-20"
    date = next(d for d in embassy.discrepancies if d.field == "date")
    assert [(v.value, v.doc_ids) for v in date.values] == [
        ("2023-07-19", ("042",)),
        ("2023-07-20", ("002", "035")),
    ]


def test_fuse_dev_republished_release_is_marked_as_duplicate(dev_fusion) -> None:
    events, main, _ = dev_fusion
    visit = next(e for e in events if main["022"] in e.mention_ids)
    assert {s.doc_id: s.duplicate_of for s in visit.sources} == {
        "006": "022",
        "022": None,
        "031": None,
    }


def test_fuse_dev_kazan_and_tianjin_stay_apart(dev_fusion) -> None:
    events, main, _ = dev_fusion
    assert not any(main["027"] in e.mention_ids and main["003"] in e.mention_ids for e in events)
