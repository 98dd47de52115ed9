"""Publication dates as sources write them, and content-hash document ids."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.ingest import document_id, normalise_content, parse_published


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-09-16", dt.date(2024, 9, 16)),
        ("2024-09-16T10:00:00Z", dt.date(2024, 9, 16)),
        ("2024-09-16T23:30:00-05:00", dt.date(2024, 9, 16)),
        ("2024-09-16 08:15", dt.date(2024, 9, 16)),
        ("Mon, 16 Sep 2024 10:00:00 GMT", dt.date(2024, 9, 16)),
        ("Tue, 02 Jul 2024 21:30:00 -0400", dt.date(2024, 7, 2)),
        ("16 September 2024", dt.date(2024, 9, 16)),
        ("September 16, 2024", dt.date(2024, 9, 16)),
        ("16th Sept. 2024", dt.date(2024, 9, 16)),
        ("16.09.2024", dt.date(2024, 9, 16)),
        ("20240916", dt.date(2024, 9, 16)),
        ("2024-02-30", None),
        ("yesterday", None),
        ("$30", None),
        ("7%", None),
        ("", None),
        (None, None),
    ],
    ids=lambda v: repr(v) if not isinstance(v, dt.date) else "",
)
def test_parse_published_formats(value: str | None, expected: dt.date | None) -> None:
    assert parse_published(value) == expected


def test_document_id_shape() -> None:
    doc_id = document_id("Freedonia and Sylvania held talks.")
    assert doc_id.startswith("doc-") and len(doc_id) == 20
    int(doc_id[4:], 16)


@pytest.mark.parametrize(
    "variant",
    [
        "FREEDONIA and Sylvania held talks.",
        "  Freedonia and\n\nSylvania   held talks. ",
        "Freedonia\u00a0and Sylvania held talks.",
        "Ｆreedonia and Sylvania held talks.",  # fullwidth F, folded by NFKC
    ],
    ids=["case", "spacing", "nbsp", "nfkc"],
)
def test_document_id_ignores_case_spacing_and_width(variant: str) -> None:
    assert document_id(variant) == document_id("Freedonia and Sylvania held talks.")


def test_document_id_differs_for_different_text() -> None:
    assert document_id("Freedonia held talks.") != document_id("Sylvania held talks.")


@given(st.text(max_size=200))
def test_normalise_content_is_idempotent(text: str) -> None:
    once = normalise_content(text)
    assert normalise_content(once) == once
    assert document_id(once) == document_id(text)
