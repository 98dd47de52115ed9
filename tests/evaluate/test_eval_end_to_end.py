"""``parley eval`` on the bundled examples: every gold id finds its document through ingest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from parley.evaluate import evaluate_paths
from parley.evaluate.cli import register

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

pytest.importorskip("parley.pipeline")


@pytest.fixture(scope="module", autouse=True)
def _pipeline_complete() -> None:
    try:
        from parley.coding import code_document  # noqa: F401
    except ImportError:
        pytest.skip("parley.coding.code_document is not there yet: the pipeline is incomplete")


def test_eval_on_examples_aligns_every_document(tmp_path):
    report = evaluate_paths(
        ROOT / "eval" / "examples-gold.jsonl", [EXAMPLES], db=tmp_path / "ex.duckdb"
    )
    assert report.docs == 25
    assert report.missing_docs == ()
    assert report.predicted_events > 0
    # the store written with --db can be scored again without re-running
    again = evaluate_paths(ROOT / "eval" / "examples-gold.jsonl", db=tmp_path / "ex.duckdb")
    assert again.flat() == report.flat()


def test_eval_command_prints_json(tmp_path):
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def _noop() -> None:
        """Nothing."""

    db = tmp_path / "cli.duckdb"
    result = CliRunner().invoke(
        app,
        [
            "eval",
            str(ROOT / "eval" / "examples-gold.jsonl"),
            str(EXAMPLES),
            "--db",
            str(db),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["docs"] == 25
    assert 0.0 <= data["summary"]["events_typed_f1"] <= 1.0
