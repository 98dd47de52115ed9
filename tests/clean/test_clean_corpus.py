"""The seeds and the 46 dev documents read and clean as the worked example says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from parley.clean import clean_document
from parley.ingest import read_inputs
from parley.models import CleanDocument, Document, Failure

# Strings that are only ever boilerplate in the dev set (its README lists the styles).
BOILERPLATE_STRINGS = (
    "uses cookies",
    "use cookies",
    "Advertisement",
    "ADVERTISEMENT",
    "Read also",
    "Share on",
    "Share:",
    "Share this article",
    "Tags:",
    "Related:",
    "(Reporting by",
)


def read_all(*paths: Path) -> list[Document]:
    """All documents of ``paths``; any Failure fails the test with its message."""
    items = list(read_inputs([str(p) for p in paths]))
    assert [i.message() for i in items if isinstance(i, Failure)] == []
    return [i for i in items if isinstance(i, Document)]


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, tuple[Document, CleanDocument]]:
    docs = read_all(seeds_dir)
    return {Path(d.origin or "").name[:3]: (d, clean_document(d)) for d in docs}


@pytest.fixture(scope="module")
def dev(dev_dir: Path) -> list[tuple[Document, CleanDocument]]:
    # the 46 documents; gold.jsonl beside them is the answer key, not input
    docs = read_all(*sorted(dev_dir.glob("*.json")))
    return [(d, clean_document(d)) for d in docs]


def test_seed_000_loses_title_caption_credits_and_tags(
    seeds: dict[str, tuple[Document, CleanDocument]],
) -> None:
    doc, clean = seeds["000"]
    assert doc.title is not None and doc.title.startswith("Kazakh foreign minister visits Beijing")
    kinds = [r.kind for r in clean.removed if r.kind != "whitespace"]
    assert kinds == ["title", "caption", "credit", "credit", "tags"]
    assert "MFA KZ" not in clean.text and "28th Oct 2025" not in clean.text
    assert not clean.text.endswith("Tags")
    assert clean.text.startswith("Kazakhstan's Minister of Foreign Affairs Yermek Kosherbayev met")
    assert "Beijing expressed its readiness" in clean.text


def test_seed_001_date_prefix_is_published(
    seeds: dict[str, tuple[Document, CleanDocument]],
) -> None:
    doc, clean = seeds["001"]
    assert doc.published == dt.date(2025, 10, 28)
    assert clean.published == dt.date(2025, 10, 28)
    assert clean.text.startswith("During the visit")
    assert [r.kind for r in clean.removed] == ["metadata"]
    assert doc.raw.startswith(" date 2025-10-28 ")  # raw is the file, offsets lead back to it
    assert doc.raw[clean.to_raw(0) :].startswith("During the visit")


def test_dev_set_reads_46_documents_with_their_ids(
    dev: list[tuple[Document, CleanDocument]],
) -> None:
    assert [d.id for d, _ in dev] == [f"{i:03d}" for i in range(1, 47)]
    assert all(d.format == "json" for d, _ in dev)


def test_dev_set_no_known_boilerplate_survives(dev: list[tuple[Document, CleanDocument]]) -> None:
    survivors = [(d.id, s) for d, c in dev for s in BOILERPLATE_STRINGS if s in c.text]
    assert survivors == []


def test_dev_set_offsets_map_back(dev: list[tuple[Document, CleanDocument]]) -> None:
    for doc, clean in dev:
        assert all(doc.raw[clean.to_raw(i)] == ch for i, ch in enumerate(clean.text))


def test_dev_set_cleaning_keeps_most_text(dev: list[tuple[Document, CleanDocument]]) -> None:
    for doc, clean in dev:
        assert len(clean.text) >= 0.75 * len(doc.raw.strip()), doc.id


@pytest.mark.parametrize(
    ("doc_id", "place", "date"),
    [
        ("019", "ASTANA", dt.date(2024, 9, 16)),
        ("013", "BEIJING", dt.date(2024, 4, 2)),
        ("007", "RIYADH", None),
        ("031", "New Delhi", None),
        ("004", "Berlin", None),
        ("036", "Guwahati/New Delhi", dt.date(2025, 3, 30)),
        ("024", "KAZAN, Russia", dt.date(2024, 10, 23)),
        ("008", "Cairo", dt.date(2024, 3, 17)),
        ("043", "KAZAN", dt.date(2024, 10, 23)),
        ("010", "MANILA", None),
        ("014", None, None),
    ],
    ids=lambda v: v if isinstance(v, str) and v.isdigit() else "",
)
def test_dev_set_datelines(
    dev: list[tuple[Document, CleanDocument]], doc_id: str, place: str | None, date: dt.date | None
) -> None:
    clean = next(c for d, c in dev if d.id == doc_id)
    assert (clean.dateline, clean.dateline_date) == (place, date)
    if place is not None:
        assert clean.text.startswith(place.split(",")[0])


@pytest.mark.parametrize(
    ("doc_id", "kinds"),
    [
        ("010", ["caption", "byline", "advertisement", "advertisement"]),
        ("014", ["title", "caption", "credit", "byline", "tags"]),
        ("028", ["byline", "timestamp", "share", "related", "marker"]),
        ("042", ["cookie", "related"]),
        ("020", ["cookie", "share"]),
        ("003", ["advertisement", "related", "share"]),
        ("004", ["advertisement", "related", "related", "related"]),
        ("045", ["tags"]),
        ("037", ["tags"]),
        ("036", ["related"]),
        ("019", ["editing"]),
        ("029", ["label", "metadata"]),
        ("022", ["metadata"]),
        ("041", ["metadata"]),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_dev_set_removed_kinds(
    dev: list[tuple[Document, CleanDocument]], doc_id: str, kinds: list[str]
) -> None:
    clean = next(c for d, c in dev if d.id == doc_id)
    assert [r.kind for r in clean.removed if r.kind != "whitespace"] == kinds
