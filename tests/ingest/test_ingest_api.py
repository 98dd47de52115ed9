"""The public surface of parley.ingest and parley.clean, and their purity."""

from __future__ import annotations

import io
import json
import pickle

import pytest

import parley.clean
import parley.ingest
from parley.clean import clean_document
from parley.ingest import read_inputs
from parley.models import Document, Failure


@pytest.mark.parametrize(
    ("module", "names"),
    [
        (
            parley.ingest,
            {
                "DEFAULT_MAX_BYTES",
                "SUPPORTED_EXTENSIONS",
                "decode_bytes",
                "document_from_object",
                "document_id",
                "html_fragment_to_text",
                "normalise_content",
                "parse_published",
                "read_file",
                "read_inputs",
            },
        ),
        (
            parley.clean,
            {
                "Dateline",
                "Rules",
                "TextHeader",
                "clean_document",
                "default_rules",
                "find_dateline",
                "parse_text_header",
                "read_rules",
                "resolve_month_day",
            },
        ),
    ],
    ids=["ingest", "clean"],
)
def test_public_all_is_exact_and_importable(module: object, names: set[str]) -> None:
    assert set(module.__all__) == names  # type: ignore[attr-defined]
    assert all(hasattr(module, name) for name in names)


def test_read_inputs_stdin_broken_line_names_stdin_and_line() -> None:
    stream = io.StringIO(json.dumps({"id": "a", "text": "Fine."}) + "\n{broken\n")
    items = list(read_inputs(["-"], stdin=stream))
    assert isinstance(items[0], Document) and items[0].id == "a"
    assert isinstance(items[1], Failure)
    assert (items[1].origin, items[1].line) == ("<stdin>", 2)
    assert items[1].message().startswith("cannot read '<stdin>' (line 2): line is not valid JSON")


def test_clean_document_is_pure_and_picklable() -> None:
    doc = Document(id="t", raw="Advertisement\n\nBERLIN -- Talks were held.\n", format="json")
    first, second = clean_document(doc), clean_document(doc)
    assert first == second
    assert pickle.loads(pickle.dumps(first)) == first
    assert pickle.loads(pickle.dumps(clean_document)) is clean_document
    assert pickle.loads(pickle.dumps(parley.clean.default_rules())) == parley.clean.default_rules()
