"""The worked example of DESIGN.md end to end: one Beijing event, each fact with its sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.pipeline import run
from parley.store import Store


@pytest.fixture(scope="module")
def beijing(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("seeds") / "seeds.duckdb"
    run([str(seeds_dir)], str(db))
    with Store(db, read_only=True) as store:
        events = store.query_events(limit=50)
        news = next(
            d.id
            for d in store.documents(limit=10)
            if "$30.68 billion" in store.get_document(d.id).text
        )
    (event,) = [e for e in events if e.location and e.location.name == "Beijing"]
    return event, news


def test_seed_reports_fuse_into_one_beijing_event_with_both_sources(beijing) -> None:
    event, _ = beijing
    assert (event.event_type, event.mode, event.cameo, event.date) == (
        "CONSULT",
        "visit",
        "042",
        "2025-10-28",
    )
    assert len({s.doc_id for s in event.sources}) == 2


def test_seed_trade_figures_come_from_the_news_site_only(beijing) -> None:
    event, news = beijing
    figures = {f.value: f.doc_ids for f in event.facts if f.field == "quantity"}
    assert figures["$30.68 billion"] == (news,)
    assert figures["$43.82 billion"] == (news,)


def test_seed_multilateral_platforms_come_from_the_ministry_only(beijing) -> None:
    event, news = beijing
    ministry = next(s.doc_id for s in event.sources if s.doc_id != news)
    platforms = {f.value: f.doc_ids for f in event.facts if f.field == "organisation"}
    for name in ("United Nations", "Central Asia – China"):
        assert platforms[name] == (ministry,)
