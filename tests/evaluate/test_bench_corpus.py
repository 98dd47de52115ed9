"""The synthetic benchmark corpus: deterministic, and its gold agrees with its text."""

from __future__ import annotations

import itertools
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


def test_every_report_of_a_happening_names_the_same_people():
    # who met is a fact of the event: reports differ in wording, never in the cast
    casts: dict[str, set[frozenset[tuple[str, str]]]] = {}
    for _, gold in corpus.generate(3000, seed=1):
        if gold["cluster"] is None:
            continue
        for event in gold["events"]:
            if event["is_main"] and event["actors"]:
                cast = frozenset((a["name"], a["country"]) for a in event["actors"])
                casts.setdefault(gold["cluster"], set()).add(cast)
    assert sum(len(c) > 1 for c in casts.values()) == 0
    assert sum(1 for c in casts.values() if c) > 100


def test_happenings_of_one_pair_are_days_apart():
    # two such happenings within a few days could not be told apart by anyone
    rng = corpus.random.Random(2)
    stream = corpus.happenings(rng)
    seen: dict[tuple[int, int], list[int]] = {}
    for _ in range(20000):
        h = next(stream)
        key = (min(h.src, h.tgt), max(h.src, h.tgt))
        seen.setdefault(key, []).append(h.date.toordinal())
    gaps = [b - a for days in map(sorted, seen.values()) for a, b in itertools.pairwise(days)]
    assert gaps, "the stream should repeat some pairs"
    assert min(gaps) > corpus.APART


def test_country_names_keep_their_capitals_at_the_start_of_a_sentence():
    text = "\n".join(doc["text"] for doc, _ in PAIRS)
    assert "The united states" not in text and "South korea" not in text
    assert "The United States" in text or "South Korea" in text


def test_office_holders_have_distinct_surnames():
    world = corpus.World(corpus.random.Random(0))
    cast = world.leaders + world.ministers
    assert len({p.name.split()[-1] for p in cast}) == len(cast) == 2 * len(corpus.COUNTRIES)
