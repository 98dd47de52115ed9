"""The worked example (DESIGN.md) on the two seeds, end to end: ingest, clean, annotate, code."""

from __future__ import annotations

from pathlib import Path

from parley.annotate import annotate_document
from parley.clean import clean_document
from parley.coding import code_document
from parley.ingest import read_file
from parley.knowledge import load_knowledge


def _events(path: Path):
    kb = load_knowledge()
    (doc,) = [d for d in read_file(path)]
    clean = clean_document(doc)
    return clean, code_document(annotate_document(clean, kb), kb)


def test_seeds_code_few_events_and_none_from_boilerplate(seeds_dir: Path) -> None:
    total = 0
    for path in sorted(seeds_dir.glob("*.txt")):
        clean, events = _events(path)
        total += len(events)
        for ev in events:
            for e in ev.evidence:
                assert clean.text[e.start : e.end] == e.text
                assert "MFA KZ" not in e.text and "Tags" not in e.text
        assert sum(e.is_main for e in events) == (1 if events else 0)
    assert total <= 5


def test_seed_000_visit_to_beijing_and_week_earlier_moscow(seeds_dir: Path) -> None:
    _, events = _events(sorted(seeds_dir.glob("000_*.txt"))[0])
    main = [e for e in events if e.is_main]
    assert [(e.event_type, e.mode, e.cameo, e.source.country, e.target.country) for e in main] == [
        ("CONSULT", "visit", "042", "KAZ", "CHN")
    ]
    assert main[0].source.name == "Yermek Kosherbayev" and main[0].target.name == "Wang Yi"
    moscow = [e for e in events if e.target and e.target.country == "RUS"]
    assert [(e.event_type, e.mode, e.source.country) for e in moscow] == [
        ("CONSULT", "visit", "KAZ")
    ]
    assert any(q.text == "$30.68 billion" for q in main[0].quantities)


def test_seeds_worked_example_dates_and_place(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        _, events = _events(path)
        main = next(e for e in events if e.is_main)
        assert (main.date, main.location and main.location.name) == ("2025-10-28", "Beijing")
        assert (main.source.name, main.target.name) == ("Yermek Kosherbayev", "Wang Yi")
    _, events = _events(sorted(seeds_dir.glob("000_*.txt"))[0])
    moscow = next(e for e in events if e.target and e.target.country == "RUS")
    assert (moscow.date, moscow.date_precision) == ("2025-10-21", "week")
