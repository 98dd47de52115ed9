"""The bundled example corpus: complete, labelled consistently, in our own words."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from parley.evaluate.gold import load_gold

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
GOLD = ROOT / "eval" / "examples-gold.jsonl"
_TAG = re.compile(r"<[^>]+>")


def _strip_html(markup: str) -> str:
    body = re.sub(r"(?is)<(head|nav|header|footer)\b.*?</\1>", " ", markup)
    return html.unescape(_TAG.sub(" ", body))


def _documents() -> dict[str, tuple[str, str]]:
    """gold id -> (file suffix, text), read without parley so the test checks the files only."""
    docs: dict[str, tuple[str, str]] = {}
    for path in sorted(EXAMPLES.iterdir()):
        if path.name == "README.md":
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".txt":
            docs[path.name] = (".txt", text)
        elif path.suffix == ".html":
            docs[path.name] = (".html", _strip_html(text))
        elif path.suffix == ".json":
            obj = json.loads(text)
            docs[obj["id"]] = (".json", obj["text"])
        elif path.suffix == ".jsonl":
            for line in text.splitlines():
                obj = json.loads(line)
                docs[obj["id"]] = (".jsonl", obj["text"])
        elif path.suffix == ".xml":
            for item in ET.fromstring(text).iter("item"):
                docs[item.findtext("link", "")] = (
                    ".xml",
                    _strip_html(item.findtext("description", "")),
                )
        else:
            pytest.fail(f"unexpected file in examples/: {path.name}")
    return docs


DOCS = _documents()
GOLD_DOCS = load_gold(GOLD)


def test_every_document_has_gold_and_every_gold_line_a_document():
    assert sorted(DOCS) == sorted(d.id for d in GOLD_DOCS)


def test_corpus_shape():
    clusters = Counter(d.cluster for d in GOLD_DOCS if d.cluster)
    assert len(DOCS) >= 24
    assert len(clusters) >= 8
    assert all(2 <= n <= 3 for n in clusters.values()), clusters
    assert sum(d.is_negative for d in GOLD_DOCS) == 3
    assert {suffix for suffix, _ in DOCS.values()} == {".txt", ".html", ".json", ".jsonl", ".xml"}
    types = {e.plover for d in GOLD_DOCS for e in d.events if e.is_main}
    assert {"CONSULT", "ACCUSE", "SANCTION", "SUPPORT", "AID"} <= types
    modes = {e.mode for d in GOLD_DOCS for e in d.events if e.is_main}
    assert {"visit", "phone", "third-party"} <= modes


@pytest.mark.parametrize("doc_id", sorted(DOCS))
def test_report_length_is_120_to_350_words(doc_id):
    assert 120 <= len(DOCS[doc_id][1].split()) <= 350


@pytest.mark.parametrize("doc", GOLD_DOCS, ids=lambda d: d.id)
def test_gold_names_and_quantities_are_verbatim(doc):
    text = DOCS[doc.id][1]
    flat = " ".join(text.split())
    for event in doc.events:
        for actor in event.actors:
            assert actor.name.casefold() in flat.casefold(), actor.name
        for q in event.quantities:
            assert q.text in flat, q.text


@pytest.mark.parametrize("doc", [d for d in GOLD_DOCS if d.cluster], ids=lambda d: d.id)
def test_cluster_members_share_the_main_event(doc):
    mates = [d for d in GOLD_DOCS if d.cluster == doc.cluster]
    keys = {
        (m.main.plover, tuple(sorted((m.main.source_country or "", m.main.target_country or ""))))
        for m in mates
        if m.main
    }
    assert len(keys) == 1


def _shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_no_eight_word_run_is_shared_with_the_dev_set_or_seeds(dev_dir: Path, seeds_dir: Path):
    shared: set[tuple[str, ...]] = set()
    for path in [*dev_dir.glob("*.json"), *seeds_dir.glob("*.txt")]:
        raw = path.read_text(encoding="utf-8")
        shared |= _shingles(json.loads(raw)["text"] if path.suffix == ".json" else raw)
    for doc_id, (_, text) in DOCS.items():
        common = _shingles(text) & shared
        assert not common, (doc_id, sorted(common)[:3])
