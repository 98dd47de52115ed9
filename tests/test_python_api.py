"""The public Python API: a tested ``__all__``, lazy heavy imports, and the calls users make."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import parley

EXPECTED = {
    # running parley
    "run",
    "process_texts",
    "process_document",
    "classify",
    "load_knowledge",
    "RunSummary",
    "Processed",
    # the store and settings
    "Store",
    "StoredDocument",
    "Settings",
    "load_settings",
    # the models that flow between stages
    "Document",
    "CleanDocument",
    "Annotation",
    "Mention",
    "RoleAssertion",
    "EventMention",
    "Event",
    "Actor",
    "Location",
    "Quantity",
    "Evidence",
    "Source",
    "Discrepancy",
    "Fact",
    "Failure",
    "Classification",
    # the error tree
    "ParleyError",
    "InputError",
    "EncodingError",
    "FormatError",
    "KnowledgeError",
    "StoreError",
    "NotFoundError",
    "ConfigError",
    "EvalError",
    "__version__",
}


def test_api_all_is_exactly_the_public_api() -> None:
    assert set(parley.__all__) == EXPECTED
    assert len(parley.__all__) == len(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_api_every_name_resolves(name: str) -> None:
    assert getattr(parley, name) is not None
    assert name in dir(parley)


def test_api_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        parley.nonsense  # noqa: B018


def test_api_errors_share_one_base() -> None:
    for name in EXPECTED:
        value = getattr(parley, name)
        if isinstance(value, type) and name.endswith("Error"):
            assert issubclass(value, parley.ParleyError)


def test_api_import_is_light() -> None:
    probe = (
        "import sys, parley; print(sorted({'duckdb', 'pyarrow', 'trafilatura'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _seed_texts(seeds_dir: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]


def test_api_process_texts_fuses_the_two_seed_reports(seeds_dir: Path) -> None:
    result = parley.process_texts(_seed_texts(seeds_dir))
    assert isinstance(result, parley.Processed)
    assert len(result.annotations) == 2
    assert not result.failures
    both = [e for e in result.events if len({s.doc_id for s in e.sources}) == 2]
    assert both, "the two reports of one meeting should fuse into one event"
    assert all(isinstance(e, parley.Event) for e in result.events)


def test_api_process_texts_reports_bad_items() -> None:
    result = parley.process_texts([{"title": "no text here"}, "A plain text."])
    assert [f.stage for f in result.failures] == ["ingest"]


def test_api_process_texts_rejects_non_text() -> None:
    with pytest.raises(parley.ConfigError, match="not a text"):
        parley.process_texts([b"bytes"])  # type: ignore[list-item]


def test_api_run_then_query_the_store(seeds_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "api.duckdb"
    summary = parley.run([str(seeds_dir)], str(db))
    assert isinstance(summary, parley.RunSummary)
    assert (summary.documents_read, summary.stored, summary.failed) == (2, 2, 0)
    with parley.Store(db, read_only=True) as store:
        events = store.query_events(limit=100)
        assert len(events) == summary.events
        first = events[0]
        assert store.get_event(first.id) == first
        doc = store.get_document(first.sources[0].doc_id)
        assert isinstance(doc, parley.StoredDocument)
        for source in first.sources:
            text = store.get_document(source.doc_id).text
            for ev in source.evidence:
                assert text[ev.start : ev.end] == ev.text


def test_api_classify_contract_3() -> None:
    result = parley.classify(
        "Ruritania's foreign minister visited Freedonia for talks.", "Ruritania", "Freedonia"
    )
    assert isinstance(result, parley.Classification)
    assert result.event_type in {"CONSULT", *parley.models.PLOVER_TYPES}
    assert 0.0 <= result.score <= 1.0
