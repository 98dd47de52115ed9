"""Dashboard pages over real HTTP: they render, link up, flag discrepancies, escape hostile text."""

from __future__ import annotations

import re

import httpx
import pytest

from parley.serve.sample import BEIJING_EVENT, HOSTILE_DOC


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?interval=day",
        "/events",
        "/events?country=KAZ&type=CONSULT&since=2025-10-01",
        "/events?q=beijing",
        f"/events/{BEIJING_EVENT}",
        "/countries/KAZ",
        "/countries/kaz?partners=RUS,CHN&interval=week",
        "/countries/ZZZ",
        "/actors",
        "/actors?on=2024-01-01&country=SYL",
        f"/documents/{HOSTILE_DOC}",
        "/docs",
    ],
    ids=[
        "overview",
        "overview-daily",
        "events",
        "events-filtered",
        "events-search",
        "event",
        "country",
        "country-partners",
        "country-without-events",
        "actors",
        "actors-on-date",
        "document",
        "api-docs",
    ],
)
def test_page_renders(client: httpx.Client, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200, page.text[:500]
    assert page.headers["content-type"].startswith("text/html")
    assert "</html>" in page.text


def test_event_page_shows_sources_side_by_side_with_marks(client: httpx.Client) -> None:
    html = client.get(f"/events/{BEIJING_EVENT}").text
    assert html.count('class="source-doc"') == 2
    assert "Steppe Wire Service" in html and "Foreign Ministry Press Office" in html
    marks = re.findall(r'<mark class="ev [^"]*" title="([^"]*)">([^<]*)</mark>', html)
    marked = {text for _, text in marks}
    assert {"held talks with", "On 28 October", "$30.68 billion", "Wang Yi"} <= marked
    assert "Sources disagree" in html
    assert "Member of the Politburo and Minister of Foreign Affairs" in html


def test_event_page_escapes_hostile_title_and_text(client: httpx.Client) -> None:
    html = client.get("/events/ev-frd-kaz-20251105").text
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "Freedonia &lt;Gazette&gt; &amp; Co" in html


def test_document_page_escapes_and_marks(client: httpx.Client) -> None:
    html = client.get(f"/documents/{HOSTILE_DOC}").text
    assert "<script" not in html
    assert '<mark class="ev ev-event" title="event_type">spoke by phone with</mark>' in html


def test_search_for_markup_is_shown_as_text(client: httpx.Client) -> None:
    html = client.get("/events", params={"q": "<script>alert(1)</script>"}).text
    assert "<script" not in html
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_unknown_event_is_an_html_404(client: httpx.Client) -> None:
    page = client.get("/events/no-such-event")
    assert page.status_code == 404
    assert "Not found" in page.text and "no-such-event" in page.text


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/events?type=MEET", "unknown event type"),
        ("/events?since=2025-12-01&until=2025-01-01", "date range is empty"),
        ("/events?country=KAZAKHSTAN", "bad country code"),
        ("/countries/K1", "bad country code"),
        ("/actors?on=soon", "is not a date"),
    ],
    ids=["type", "range", "country", "country-page", "actors-date"],
)
def test_bad_form_values_explain_themselves(client: httpx.Client, path: str, words: str) -> None:
    page = client.get(path)
    assert page.status_code == 400
    assert words in page.text


def test_country_page_has_balance_and_network(client: httpx.Client) -> None:
    html = client.get("/countries/KAZ?partners=RUS,CHN,FRD").text
    assert "Balance of engagement" in html
    assert html.count("<svg") >= 3
    assert 'href="/countries/CHN"' in html
    assert "Rufus Firefly" in html  # highest-level contact with FRD


def test_overview_paginates_to_events(client: httpx.Client) -> None:
    html = client.get("/").text
    assert f'href="/events/{BEIJING_EVENT}"' in html
    assert "/events?since=" in html  # timeline bars link to their period
