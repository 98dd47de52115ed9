"""The parley command line: every command documented, friendly errors, real runs end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from parley import cli
from parley.cli import app, failure_line
from parley.models import Failure
from parley.store import Store

runner = CliRunner()
TRACEBACK = "Traceback (most recent call last)"


def invoke(*args: str, stdin: str | None = None, env: dict[str, str] | None = None):
    result = runner.invoke(app, list(args), input=stdin, env=env)
    assert TRACEBACK not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def _commands() -> list[str]:
    group = get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return sorted(group.commands)


# ------------------------------------------------------------------------------ help


@pytest.mark.parametrize("command", _commands())
def test_cli_every_command_has_help_with_an_example(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout


def test_cli_root_help_lists_the_commands() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("run", "events", "show", "docs", "classify", "failures", "kb"):
        assert command in result.stdout


def test_cli_version() -> None:
    from parley import __version__

    result = invoke("--version")
    assert (result.exit_code, result.stdout.strip()) == (0, f"parley {__version__}")


# ------------------------------------------------------------------------------ a real store


@pytest.fixture(scope="module")
def dev_store(tmp_path_factory: pytest.TempPathFactory, dev_dir: Path, seeds_dir: Path) -> Path:
    db = tmp_path_factory.mktemp("cli") / "dev.duckdb"
    inputs = [str(p) for p in sorted(dev_dir.glob("*.json"))] + [str(seeds_dir)]
    result = invoke("run", *inputs, "--db", str(db))
    assert result.exit_code == 0, result.output
    return db


def _events(db: Path, *args: str) -> list[dict]:
    result = invoke("events", "--db", str(db), "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_run_prints_summary(dev_store: Path) -> None:
    with Store(dev_store, read_only=True) as store:
        stats = store.stats()
    assert stats.documents == 48
    assert stats.events > 0


def test_cli_run_again_changes_nothing(dev_store: Path, dev_dir: Path) -> None:
    before = _events(dev_store)
    result = invoke("run", str(dev_dir / "014.json"), "--db", str(dev_store))
    assert result.exit_code == 0
    assert "skipped (already stored)" in result.stdout
    assert _events(dev_store) == before


def test_cli_events_json_is_contract_2(dev_store: Path) -> None:
    events = _events(dev_store)
    assert events
    for key in ("id", "date", "event_type", "source", "target", "sources", "confidence"):
        assert key in events[0]
    assert "mention_ids" not in events[0]


def test_cli_events_jsonl_matches_json(dev_store: Path) -> None:
    result = invoke("events", "--db", str(dev_store), "--format", "jsonl")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines == _events(dev_store)


def test_cli_events_table_shows_count(dev_store: Path) -> None:
    result = invoke("events", "--db", str(dev_store), "--limit", "3")
    assert result.exit_code == 0
    assert "3 of" in result.stdout


def test_cli_events_filters_reach_the_store(dev_store: Path) -> None:
    everything = _events(dev_store)
    some = everything[0]
    country = (some.get("source") or {}).get("country") or (some.get("target") or {}).get("country")
    filtered = _events(dev_store, "--country", country, "--type", some["event_type"])
    assert some["id"] in {e["id"] for e in filtered}
    assert all(e["event_type"] == some["event_type"] for e in filtered)
    assert _events(dev_store, "--limit", "2") == everything[:2]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--dyad", "KAZ"), "--dyad 'KAZ' is not a pair of countries"),
        (("--type", "MEET"), "Choose one of: AGREE"),
        (("--since", "yesterday"), "YYYY-MM-DD"),
        (("--format", "xml"), "Use one of: table, json, jsonl"),
    ],
    ids=["dyad", "type", "date", "format"],
)
def test_cli_events_bad_option_is_one_line(
    dev_store: Path, args: tuple[str, ...], message: str
) -> None:
    result = invoke("events", "--db", str(dev_store), *args)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("parley: ")
    assert message in result.stderr


def test_cli_show_event_sources_side_by_side(dev_store: Path) -> None:
    multi = next(e for e in _events(dev_store, "--limit", "0") if len(e["sources"]) > 1)
    result = invoke("show", multi["id"], "--db", str(dev_store))
    assert result.exit_code == 0, result.output
    assert "What each source says" in result.stdout
    for source in multi["sources"]:
        assert source["doc_id"] in result.stdout
    as_json = invoke("show", multi["id"], "--db", str(dev_store), "--format", "json")
    assert json.loads(as_json.stdout) == multi


def test_cli_show_unknown_event(dev_store: Path) -> None:
    result = invoke("show", "no-such-event", "--db", str(dev_store))
    assert result.exit_code == 1
    assert "'no-such-event'" in result.stderr
    assert "parley events" in result.stderr


def test_cli_docs_lists_and_shows(dev_store: Path) -> None:
    listing = invoke("docs", "--db", str(dev_store), "--limit", "5")
    assert listing.exit_code == 0
    assert "5 of 48 documents" in listing.stdout
    one = invoke("docs", "014", "--db", str(dev_store))
    assert one.exit_code == 0
    with Store(dev_store, read_only=True) as store:
        assert store.get_document("014").text[:40] in one.stdout


def test_cli_db_defaults_to_parley_db_env(dev_store: Path) -> None:
    result = invoke("docs", "--limit", "1", env={"PARLEY_DB": str(dev_store)})
    assert result.exit_code == 0
    assert "1 of 48 documents" in result.stdout


def test_cli_missing_store_says_how_to_build_one(tmp_path: Path) -> None:
    result = invoke("events", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 1
    assert "parley run PATH --db FILE" in result.stderr


# ------------------------------------------------------------------------------ bad input


@pytest.fixture
def bad_folder(tmp_path: Path, dev_dir: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "scan.txt").write_bytes(bytes(range(256)) * 16)
    (folder / "empty.txt").write_text("")
    good = [json.loads((dev_dir / f"{n}.json").read_text(encoding="utf-8")) for n in ("019", "046")]
    (folder / "mixed.jsonl").write_text(
        json.dumps(good[0]) + "\n{not json\n" + json.dumps(good[1]) + "\n", encoding="utf-8"
    )
    return folder


def test_cli_run_bad_inputs_skips_and_reports(bad_folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "bad.duckdb"
    result = invoke("run", str(bad_folder), "--db", str(db))
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 3
    assert all(line.startswith("parley: cannot read '") for line in lines)
    assert any("mixed.jsonl' (line 2)" in line for line in lines)
    assert all("Skipped it; 2 other documents were ingested." in line for line in lines)
    assert all("Use --strict to stop at the first bad file." in line for line in lines)
    assert "failed" in result.stdout
    with Store(db, read_only=True) as store:
        assert store.known_ids(["019", "046"]) == {"019", "046"}


def test_cli_run_strict_stops_with_exit_1(bad_folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "strict.duckdb"
    result = invoke("run", str(bad_folder / "mixed.jsonl"), "--db", str(db), "--strict")
    assert result.exit_code == 1
    assert "(line 2)" in result.stderr
    assert "--strict" in result.stderr
    with Store(db, read_only=True) as store:
        assert store.known_ids(["019", "046"]) == {"019"}


def test_cli_failures_lists_last_run(bad_folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "f.duckdb"
    invoke("run", str(bad_folder), "--db", str(db))
    result = invoke("failures", "--db", str(db))
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 3
    assert "mixed.jsonl' (line 2)" in result.stdout


def test_cli_run_reads_stdin(dev_dir: Path, tmp_path: Path) -> None:
    doc = json.loads((dev_dir / "019.json").read_text(encoding="utf-8"))
    result = invoke("run", "-", "--db", str(tmp_path / "s.duckdb"), stdin=json.dumps(doc) + "\n")
    assert result.exit_code == 0, result.output
    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        assert store.known_ids(["019"]) == {"019"}


def test_cli_repeated_failures_are_grouped(tmp_path: Path) -> None:
    bad = tmp_path / "lines.jsonl"
    bad.write_text("{oops\n" * 30, encoding="utf-8")
    result = invoke("run", str(bad), "--db", str(tmp_path / "g.duckdb"))
    assert result.exit_code == 0
    assert len(result.stderr.splitlines()) == 1
    assert "The same problem is on 29 more lines" in result.stderr


def test_cli_failure_line_for_a_stage() -> None:
    failure = Failure(
        origin="a.jsonl", line=4, stage="annotate", reason="document 'x': bad", fix="Fix it."
    )
    assert failure_line(failure, 7) == (
        "cannot annotate 'a.jsonl' (line 4): document 'x': bad. Fix it. Skipped it; 7 other "
        "documents were ingested. Use --strict to stop at the first bad file."
    )


# ------------------------------------------------------------------------------ errors


def test_cli_internal_error_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("wires crossed")

    monkeypatch.setattr("parley.pipeline.run", broken)
    result = invoke("run", str(tmp_path), "--db", str(tmp_path / "x.duckdb"))
    assert result.exit_code == 1
    assert result.stderr.startswith("parley: internal error (RuntimeError: wires crossed)")
    assert cli.REPORT_TO in result.stderr
    assert result.stderr.count("\n") == 1


def test_cli_bad_settings_file(tmp_path: Path) -> None:
    config = tmp_path / "parley.toml"
    config.write_text("batch_size = 0\n", encoding="utf-8")
    result = invoke("--config", str(config), "run", str(tmp_path), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 1
    assert "setting 'batch_size' = 0" in result.stderr


def test_cli_unknown_engine_lists_choices(tmp_path: Path) -> None:
    result = invoke("run", str(tmp_path), "--db", str(tmp_path / "x.db"), "--engine", "spark")
    assert result.exit_code == 1
    assert "Use one of: local, dask" in result.stderr


# ------------------------------------------------------------------------------ classify


def test_cli_classify_contract_3() -> None:
    rows = [
        {
            "id": "a",
            "text": "Ruritania expelled the ambassador of Freedonia.",
            "source": "Ruritania",
            "target": "Freedonia",
        },
        {
            "id": 7,
            "text": "Ruritania's minister visited Freedonia.",
            "source": "Ruritania",
            "target": "Freedonia",
        },
    ]
    stdin = "".join(json.dumps(r) + "\n" for r in rows)
    result = invoke("classify", stdin=stdin)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", 7]
    assert all(set(o) == {"id", "event_type", "mode", "cameo", "score"} for o in out)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{oops", "stdin line 1 is not valid JSON"),
        ('{"text": "A met B.", "source": "A"}', 'stdin line 1 has no "target" text'),
        ('{"text": "A met B.", "source": "A", "target": "C"}', "does not occur in"),
    ],
    ids=["json", "missing-field", "not-in-text"],
)
def test_cli_classify_bad_line_is_reported_and_skipped(line: str, message: str) -> None:
    good = json.dumps({"id": 2, "text": "A met B.", "source": "A", "target": "B"})
    result = invoke("classify", stdin=f"{line}\n{good}\n")
    assert result.exit_code == 0
    assert message in result.stderr
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == [2]
    strict = invoke("classify", "--strict", stdin=f"{line}\n{good}\n")
    assert strict.exit_code == 1


# ------------------------------------------------------------------------------ the real entry point


def test_cli_entry_point_subprocess(seeds_dir: Path, tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("parley")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "parley"]
    db = tmp_path / "seeds.duckdb"
    env = {**os.environ, "PARLEY_DB": str(db)}
    run = subprocess.run(
        [*command, "run", str(seeds_dir)], capture_output=True, text=True, env=env, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert TRACEBACK not in run.stdout + run.stderr
    events = subprocess.run(
        [*command, "events", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert events.returncode == 0, events.stderr
    fused = json.loads(events.stdout)
    assert any(len(e["sources"]) == 2 for e in fused)
    missing = subprocess.run(
        [*command, "show", "nope"], capture_output=True, text=True, env=env, timeout=60
    )
    assert missing.returncode == 1
    assert missing.stderr.startswith("parley: ")
    assert TRACEBACK not in missing.stderr
