"""HTML page metadata read from the head, and pages without article text."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.ingest import read_inputs
from parley.ingest.pages import page_metadata
from parley.models import Failure

BODY = (
    "<body><article><p>Freedonia and Sylvania held talks on the river dispute.</p></article></body>"
)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            '<meta property="og:title" content="Talks held"><title>Other | Site</title>',
            {"title": "Talks held"},
        ),
        (
            "<title>Talks on the river dispute | Example Wire</title>",
            {"title": "Talks on the river dispute"},
        ),
        ('<meta content="Talks &amp; more" property="og:title">', {"title": "Talks & more"}),
        (
            '<link rel="canonical" href="https://wire.example.org/a"><meta property="og:url" content="https://m.example.org/a">',
            {"url": "https://wire.example.org/a", "sitename": "wire.example.org"},
        ),
        (
            '<meta property="og:site_name" content="Example Wire"><meta property="og:url" content="https://www.example.org/a">',
            {"url": "https://www.example.org/a", "sitename": "Example Wire"},
        ),
        (
            '<meta property="article:published_time" content="2024-03-05T09:00:00Z">',
            {"date": "2024-03-05T09:00:00Z"},
        ),
        ('<meta name="pubdate" content="2024-03-05">', {"date": "2024-03-05"}),
        (
            '<script type="application/ld+json">{"datePublished": "2024-03-06"}</script>',
            {"date": "2024-03-06"},
        ),
        (
            '</head><body><time datetime="2024-03-07T10:00">7 March</time>',
            {"date": "2024-03-07T10:00"},
        ),
        ("<title>No date here</title>", {"date": None, "url": None, "sitename": None}),
    ],
    ids=[
        "og-title",
        "title-suffix",
        "attr-order",
        "canonical",
        "site-name",
        "article-time",
        "pubdate",
        "json-ld",
        "time-tag",
        "nothing",
    ],
)
def test_page_metadata_fields(head: str, expected: dict[str, str | None]) -> None:
    meta = page_metadata(f"<html><head>{head}</head>{BODY}</html>")
    assert {k: meta[k] for k in expected} == expected


def test_read_inputs_html_without_article_text_is_failure(tmp_path: Path) -> None:
    path = tmp_path / "empty-page.html"
    path.write_text("<html><head><title>Login</title></head><body><form></form></body></html>")
    (failure,) = list(read_inputs([str(path)]))
    assert isinstance(failure, Failure)
    assert "no article text" in failure.reason
