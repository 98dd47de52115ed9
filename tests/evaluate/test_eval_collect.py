"""Aligning parley's document ids with gold ids, and the report renderers."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from parley.errors import EvalError
from parley.evaluate import evaluate, render_json, render_table
from parley.evaluate.cli import register
from parley.evaluate.collect import DocRef, align_ids, collect
from parley.evaluate.gold import GoldDoc, GoldEvent
from parley.evaluate.predicted import PredEvent

REFS = [
    DocRef(id="h1", origin="examples/wire-a.txt"),
    DocRef(id="h2", url="https://x.example/feed/1", origin="examples/feed.xml"),
    DocRef(id="h3", url="https://x.example/feed/2", origin="examples/feed.xml"),
    DocRef(id="017", origin="dev/017.json"),
    DocRef(id="h5", origin="examples/batch.jsonl:2"),
]


@pytest.mark.parametrize(
    ("gold_id", "doc_id"),
    [
        ("017", "017"),
        ("wire-a.txt", "h1"),
        ("wire-a", "h1"),
        ("https://x.example/feed/2", "h3"),
        ("batch.jsonl", "h5"),
    ],
    ids=["own-id", "file-name", "file-stem", "url", "line-suffix"],
)
def test_align_ids(gold_id, doc_id):
    assert align_ids([gold_id], REFS) == {doc_id: gold_id}


def test_align_ids_skips_ambiguous_file_names():
    assert align_ids(["feed.xml", "nope"], REFS) == {}


def test_collect_needs_inputs_or_a_store():
    with pytest.raises(EvalError, match="nothing to evaluate"):
        collect([GoldDoc(id="a")], (), None)


def test_collect_reports_a_missing_store(tmp_path):
    with pytest.raises(EvalError, match="does not exist"):
        collect([GoldDoc(id="a")], (), tmp_path / "none.duckdb")


def _report():
    docs = [
        GoldDoc(
            id="a",
            events=(
                GoldEvent(plover="AID", source_country="ARC", target_country="BOR", is_main=True),
            ),
        )
    ]
    preds = [
        PredEvent(
            id="m", doc_id="a", event_type="ACCUSE", source_country="ARC", target_country="BOR"
        )
    ]
    return evaluate(docs, preds)


def test_render_table_shows_scores_confusion_and_worst():
    text = render_table(_report())
    assert "type + country pair" in text
    assert "AID" in text and "ACCUSE" in text
    assert "missed    AID ARC-BOR no date" in text


def test_render_json_has_a_flat_summary():
    data = json.loads(render_json(_report()))
    assert data["summary"]["events_typed_f1"] == 0.0
    assert data["events_typed"]["fn"] == 1


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["gold.jsonl", "--format", "xml"], "unknown --format 'xml'"),
        (["missing.jsonl", "in"], "does not exist"),
    ],
    ids=["bad-format", "missing-gold"],
)
def test_cli_errors_are_one_line_messages(tmp_path, monkeypatch, args, needle):
    monkeypatch.chdir(tmp_path)
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def _noop() -> None:  # a second command keeps 'eval' a named sub-command
        """Nothing."""

    result = CliRunner().invoke(app, ["eval", *args])
    assert result.exit_code == 1
    assert needle in result.output
    assert "Traceback" not in result.output


def test_cli_has_help_with_examples():
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def _noop() -> None:
        """Nothing."""

    result = CliRunner().invoke(app, ["eval", "--help"])
    assert result.exit_code == 0
    assert "parley eval eval/examples-gold.jsonl examples" in result.output


def test_collect_reads_a_store_and_aligns_file_names(tmp_path):
    from parley.models import Actor, CleanDocument, Event, EventMention
    from parley.store import Store

    db = tmp_path / "s.duckdb"
    docs = [
        CleanDocument(doc_id="h1", text="Arcadia and Borduria met.", origin="ex/a.txt"),
        CleanDocument(doc_id="h2", text="Borduria hosted Arcadia.", origin="ex/b.txt"),
        CleanDocument(doc_id="h3", text="Rain fell.", origin="ex/rain.txt"),
    ]
    mentions = [
        EventMention(
            id=f"m{i}",
            doc_id=d,
            event_type="CONSULT",
            mode="visit",
            source=Actor(name="Ana Vell", country="ARC"),
            target=Actor(name="Bo Rusk", country="BOR"),
            date="2024-01-02",
            date_precision="day",
            is_main=True,
        )
        for i, d in ((1, "h1"), (2, "h2"))
    ]
    event = Event(id="e1", event_type="CONSULT", mode="visit", mention_ids=("m1", "m2"))
    with Store(db) as store:
        store.write_batch(docs, event_mentions=mentions)
        store.replace_events([event])
    main = GoldEvent(
        plover="CONSULT",
        mode="visit",
        source_country="ARC",
        target_country="BOR",
        date="2024-01-02",
        is_main=True,
    )
    gold = [
        GoldDoc(id="a.txt", cluster="C1", events=(main,)),
        GoldDoc(id="b", cluster="C1", events=(main,)),
        GoldDoc(id="rain.txt"),
        GoldDoc(id="absent.txt"),
    ]
    preds, seen = collect(gold, (), db)
    assert sorted(p.doc_id for p in preds) == ["a.txt", "b"]
    assert {p.event_id for p in preds} == {"e1"}
    assert seen == {"a.txt", "b", "rain.txt"}
    report = evaluate(gold, preds, seen_docs=seen)
    assert report.events_full.f1 == 1.0
    assert report.fusion_pairwise.f1 == 1.0
    assert report.missing_docs == ("absent.txt",)
