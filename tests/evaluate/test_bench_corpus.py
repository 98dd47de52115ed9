"""The synthetic benchmark corpus: deterministic, and its gold agrees with its text."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from parley.evaluate.gold import parse_gold

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
corpus = pytest.importorskip("corpus")

PAIRS = list(corpus.generate(400, seed=3))


def test_generate_is_deterministic_for_a_seed():
    again = list(corpus.generate(400, seed=3))
    assert again == PAIRS
    assert list(corpus.generate(50, seed=4)) != PAIRS[:50]


def test_generate_yields_exactly_the_requested_documents_with_unique_ids():
    assert len(PAIRS) == 400
    assert len({doc["id"] for doc, _ in PAIRS}) == 400


def test_gold_follows_the_schema_and_the_text():
    golds = parse_gold([json.dumps(g) for _, g in PAIRS])
    for (doc, _), gold in zip(PAIRS, golds, strict=True):
        assert doc["id"] == gold.id
        for event in gold.events:
            for actor in event.actors:
                assert actor.name in doc["text"]
            for q in event.quantities:
                assert q.text in doc["text"], (q.text, doc["id"])


def test_corpus_mixes_clusters_singletons_negatives_and_types():
    golds = parse_gold([json.dumps(g) for _, g in PAIRS])
    sizes = Counter(g.cluster for g in golds if g.cluster)
    assert sizes and max(sizes.values()) <= 4
    negatives = sum(g.is_negative for g in golds)
    assert 15 <= negatives <= 80
    types = {g.main.plover for g in golds if g.main}
    assert {"CONSULT", "SUPPORT", "AID", "ACCUSE", "SANCTION"} <= types
    styles = {doc["text"][:6] for doc, _ in PAIRS}
    assert " date " in styles


def test_write_corpus_shards_and_gold(tmp_path):
    shards = corpus.write_corpus(tmp_path, 120, seed=1, shard_size=50)
    assert [p.name for p in shards] == [
        "shard-00000.jsonl",
        "shard-00001.jsonl",
        "shard-00002.jsonl",
    ]
    lines = sum(len(p.read_text().splitlines()) for p in shards)
    assert lines == 120
    assert len((tmp_path / "gold.jsonl").read_text().splitlines()) == 120
