"""The gold reader: accepts the dev set, names the file and line of every schema error."""

from __future__ import annotations

import json

import pytest

from parley.errors import EvalError
from parley.evaluate.gold import load_gold, parse_gold

GOOD = {
    "id": "x1",
    "cluster": "C1",
    "events": [
        {
            "date": "2024-05",
            "location": {"city": None, "country": "ARC"},
            "plover": "CONSULT",
            "mode": "visit",
            "cameo": "042",
            "actors": [{"name": "Ana Vell", "role": None, "country": "ARC"}],
            "source_country": "ARC",
            "target_country": "BOR",
            "topics": ["trade"],
            "quantities": [{"text": "$1bn", "what": "trade"}],
            "is_main": True,
        }
    ],
}


def _line(**changes):
    doc = json.loads(json.dumps(GOOD))
    doc["id"] = "x2"
    doc["events"][0].update(changes)
    return json.dumps(doc)


def test_parse_gold_reads_a_valid_line():
    (doc,) = parse_gold([json.dumps(GOOD), ""])
    assert doc.main is not None and doc.main.quantities[0].text == "$1bn"
    assert not doc.is_negative


def test_load_gold_reads_the_dev_set(dev_dir):
    docs = load_gold(dev_dir / "gold.jsonl")
    assert len(docs) == 46
    assert sum(len(d.events) for d in docs) == 127
    assert sum(d.is_negative for d in docs) == 4


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"events": []}), "id"),
        (_line(plover="MEET"), "plover 'MEET'"),
        (_line(mode="zoom"), "mode 'zoom'"),
        (_line(date="2024"), "date '2024'"),
        (json.dumps({**GOOD, "id": "x2", "events": GOOD["events"] * 2}), "more than one event"),
    ],
    ids=["bad-json", "no-id", "bad-plover", "bad-mode", "year-only", "two-mains"],
)
def test_parse_gold_names_file_and_line(line, needle):
    with pytest.raises(EvalError) as err:
        parse_gold([json.dumps(GOOD), line], "g.jsonl")
    assert needle in str(err.value)
    assert "'g.jsonl' (line 2)" in str(err.value)


def test_parse_gold_rejects_repeated_ids():
    with pytest.raises(EvalError, match="appears twice"):
        parse_gold([json.dumps(GOOD), json.dumps(GOOD)])


@pytest.mark.parametrize("content", [None, ""], ids=["missing", "empty"])
def test_load_gold_rejects_missing_or_empty_files(tmp_path, content):
    path = tmp_path / "gold.jsonl"
    if content is not None:
        path.write_text(content)
    with pytest.raises(EvalError, match="gold file"):
        load_gold(path)
