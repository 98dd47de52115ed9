"""annotate_document: composes the finders; every mention slices the text exactly."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.annotate import annotate_document
from parley.knowledge import load_knowledge
from parley.models import CleanDocument

WORDS = [
    "Kazakhstan's",
    "Minister",
    "Yermek",
    "Kosherbayev",
    "met",
    "Wang",
    "Yi",
    "in",
    "Beijing",
    "on",
    "Tuesday",
    "28",
    "October",
    "2025",
    "$30.68",
    "billion",
    "5.7%",
    "trade",
    "energy",
    "A",
    "week",
    "earlier",
    ",",
    ".",
    "\n\n",
    "U.S.",
    "Dr.",
    "visited",
    "Moscow",
    "talks",
]


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(WORDS), max_size=40))
def test_annotate_document_offsets_slice_exactly(kb, words: list[str]) -> None:
    text = " ".join(words)
    doc = CleanDocument(doc_id="h", text=text, published=dt.date(2025, 10, 28))
    ann = annotate_document(doc, kb)
    for m in ann.mentions:
        assert doc.text[m.start : m.end] == m.text


def test_annotate_document_dev_docs_have_every_kind(kb, dev_dir: Path) -> None:
    obj = json.loads((dev_dir / "019.json").read_text(encoding="utf-8"))
    doc = CleanDocument(
        doc_id=obj["id"], text=obj["text"], published=dt.date.fromisoformat(obj["published"])
    )
    ann = annotate_document(doc, kb)
    kinds = {m.kind for m in ann.mentions}
    assert {"actor", "date", "quantity", "topic"} <= kinds
    assert all(doc.text[m.start : m.end] == m.text for m in ann.mentions)
    assert ann.sentences and all(s.start < s.end for s in ann.sentences)
