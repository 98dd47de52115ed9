"""annotate_document: composes the finders; every mention slices the text exactly."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from parley.annotate import annotate_document
from parley.annotate.mentions import new_annotation, new_mention, new_sentence
from parley.knowledge import load_knowledge
from parley.models import Annotation, CleanDocument, Mention, Sentence

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


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "actor", "start": 0, "end": 6, "text": "Borduk", "value": "BRD"},
        {"kind": "date", "start": 3, "end": 9, "text": "Monday", "sentence": 2, "number": -7.0},
        {"kind": "quantity", "start": 1, "end": 4, "text": "$4bn", "number": 4e9, "unit": "USD"},
    ],
    ids=["actor", "anaphoric-date", "money"],
)
def test_new_mention_equals_the_validated_model(fields: dict[str, object]) -> None:
    fast = new_mention(**fields)  # type: ignore[arg-type]
    slow = Mention(**fields)  # type: ignore[arg-type]
    assert fast == slow
    assert fast.model_dump_json() == slow.model_dump_json()
    assert pickle.loads(pickle.dumps(fast)) == slow
    assert Mention.model_validate(fast.model_dump()) == fast
    with pytest.raises(ValidationError):
        fast.start = 5  # type: ignore[misc]  # frozen like the validated model


def test_new_sentence_equals_the_validated_model() -> None:
    assert new_sentence(3, 9) == Sentence(start=3, end=9)
    assert new_sentence(3, 9).model_dump_json() == Sentence(start=3, end=9).model_dump_json()


def test_new_annotation_equals_the_validated_model(kb) -> None:
    doc = CleanDocument(doc_id="d", text="Borduk's minister met Ames on Monday.")
    ann = annotate_document(doc, kb)
    slow = Annotation(doc=doc, sentences=ann.sentences, mentions=ann.mentions, roles=ann.roles)
    fast = new_annotation(doc, ann.sentences, ann.mentions, ann.roles)
    assert fast == slow
    assert fast.model_dump_json() == slow.model_dump_json()
    assert fast.model_fields_set == slow.model_fields_set
    assert pickle.loads(pickle.dumps(fast)) == slow


def test_annotate_document_mentions_survive_validation(kb, seeds_dir: Path) -> None:
    # the finders build mentions without validation: each must be exactly what validation gives
    for path in sorted(seeds_dir.iterdir()):
        doc = CleanDocument(
            doc_id=path.stem,
            text=path.read_text(encoding="utf-8"),
            published=dt.date(2025, 10, 28),
        )
        ann = annotate_document(doc, kb)
        assert Annotation.model_validate_json(ann.model_dump_json()) == ann
        for m in ann.mentions:
            assert m.model_dump_json() == Mention.model_validate(m.model_dump()).model_dump_json()
            assert type(m.start) is int and type(m.end) is int and type(m.sentence) is int
            assert m.number is None or type(m.number) is float
