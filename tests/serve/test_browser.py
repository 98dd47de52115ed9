"""The dashboard in a real browser: Debian's chromium driven by Playwright, on a seeds store.

The store is built by the real pipeline from ../shared/seeds; the test opens the Beijing event
from the search page and checks that both reports and their highlighted evidence are shown.
A screenshot goes to test-artifacts/ (gitignored) for a human to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from parley.pipeline import run

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def seeds_server(
    seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory, live_server: Any
) -> Iterator[Any]:
    db = tmp_path_factory.mktemp("browser") / "seeds.duckdb"
    run([str(seeds_dir)], str(db), workers=1)
    with live_server(db) as server:
        yield server


@pytest.fixture(scope="module")
def page(seeds_server: Any) -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def test_beijing_event_shows_both_sources_with_evidence(seeds_server: Any, page: Any) -> None:
    page.goto(f"{seeds_server.url}/events?q=beijing")
    page.locator("table.events a.rowlink", has_text="Wang Yi").first.click()
    page.wait_for_selector("article.source-doc")

    assert "Wang Yi" in page.locator("h1").inner_text()
    assert "BEIJING" in page.locator(".event-head .eyebrow").inner_text().upper()
    sources = page.locator("article.source-doc")
    assert sources.count() == 2
    for i in range(2):
        marks = sources.nth(i).locator("mark.ev")
        assert marks.count() > 0
        assert "Kosherbayev" in " ".join(marks.all_inner_texts())
    facts = page.locator("table.facts").inner_text()
    assert "Beijing" in facts and "CONSULT" in facts

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "event-beijing.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_overview_and_country_pages_render_charts(seeds_server: Any, page: Any) -> None:
    page.goto(f"{seeds_server.url}/")
    assert page.locator("svg.chart").count() >= 2
    page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
    page.goto(f"{seeds_server.url}/countries/KAZ?partners=RUS,CHN")
    assert "Balance of engagement" in page.content()
    page.screenshot(path=str(ARTIFACTS / "country-kaz.png"), full_page=True)
