"""REST API over real HTTP (uvicorn on 127.0.0.1): every endpoint, every error case, one shape."""

from __future__ import annotations

from typing import Any

import duckdb
import httpx
import pytest

from parley.serve.sample import BEIJING_EVENT, HOSTILE_DOC, sample_events

ERROR_KEYS = {"status", "code", "message", "detail"}


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The one error shape, with the HTTP status repeated inside."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == ERROR_KEYS
    assert body["error"]["status"] == status
    assert body["error"]["code"] == code
    assert body["error"]["message"].strip()
    return dict(body["error"])


@pytest.mark.parametrize(
    "path",
    [
        "/api/events",
        f"/api/events/{BEIJING_EVENT}",
        "/api/documents/steppe-wire-1028",
        "/api/timeline",
        "/api/dyads",
        "/api/balance?country=KAZ&partners=RUS,CHN",
        "/api/actors",
        "/api/summary",
        "/openapi.json",
    ],
    ids=[
        "events",
        "event",
        "document",
        "timeline",
        "dyads",
        "balance",
        "actors",
        "summary",
        "openapi",
    ],
)
def test_endpoint_answers_json(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")


ERROR_CASES = [
    # events
    ("/api/events?limit=0", 422, "invalid_parameter"),
    ("/api/events?limit=501", 422, "invalid_parameter"),
    ("/api/events?limit=ten", 422, "invalid_parameter"),
    ("/api/events?offset=-1", 422, "invalid_parameter"),
    ("/api/events?country=KA", 422, "invalid_parameter"),
    ("/api/events?country=K1Z", 422, "invalid_parameter"),
    ("/api/events?dyad=KAZ", 422, "invalid_parameter"),
    ("/api/events?type=MEET", 422, "invalid_parameter"),
    ("/api/events?mode=VISIT;DROP", 422, "invalid_parameter"),
    ("/api/events?since=2025-13-01", 422, "invalid_parameter"),
    ("/api/events?q=", 422, "invalid_parameter"),
    ("/api/events?since=2025-12-01&until=2025-01-01", 400, "bad_request"),
    ("/api/events/no-such-event", 404, "not_found"),
    # documents
    ("/api/documents/no-such-doc", 404, "not_found"),
    # timeline
    ("/api/timeline?interval=decade", 422, "invalid_parameter"),
    ("/api/timeline?country=12", 422, "invalid_parameter"),
    ("/api/timeline?dyad=KAZ+CHN", 422, "invalid_parameter"),
    ("/api/timeline?since=2025-12-01&until=2025-01-01", 400, "bad_request"),
    ("/api/timeline?interval=day&since=1900-01-01&until=2025-01-01", 400, "bad_request"),
    # dyads
    ("/api/dyads?limit=0", 422, "invalid_parameter"),
    ("/api/dyads?type=hug", 422, "invalid_parameter"),
    ("/api/dyads?since=2025-12-01&until=2025-01-01", 400, "bad_request"),
    # balance
    ("/api/balance?partners=RUS", 422, "invalid_parameter"),
    ("/api/balance?country=KAZ", 422, "invalid_parameter"),
    ("/api/balance?country=KAZ&partners=RUS,CHINA", 422, "invalid_parameter"),
    ("/api/balance?country=KAZ&partners=RUS&interval=hour", 422, "invalid_parameter"),
    ("/api/balance?country=KAZ&partners=RUS&since=2025-12-01&until=2025-01-01", 400, "bad_request"),
    # actors
    ("/api/actors?on=yesterday", 422, "invalid_parameter"),
    ("/api/actors?limit=501", 422, "invalid_parameter"),
    ("/api/actors?country=KAZAKHSTAN", 422, "invalid_parameter"),
    # routing
    ("/api/nowhere", 404, "not_found"),
]


@pytest.mark.parametrize(
    ("path", "status", "code"), ERROR_CASES, ids=[c[0].removeprefix("/api/") for c in ERROR_CASES]
)
def test_errors_share_one_shape(client: httpx.Client, path: str, status: int, code: str) -> None:
    assert_error(client.get(path), status, code)


def test_wrong_method_is_405_in_the_error_shape(client: httpx.Client) -> None:
    assert_error(client.post("/api/events", json={}), 405, "method_not_allowed")


def test_invalid_parameter_names_the_parameter(client: httpx.Client) -> None:
    error = assert_error(client.get("/api/events?limit=9999"), 422, "invalid_parameter")
    assert "'limit'" in error["message"]
    assert error["detail"][0]["name"] == "limit"
    assert error["detail"][0]["in"] == "query"


def test_not_found_names_the_id_without_server_paths(client: httpx.Client) -> None:
    error = assert_error(client.get("/api/events/ev-missing"), 404, "not_found")
    assert "ev-missing" in error["message"]
    assert ".duckdb" not in error["message"]


def test_events_page_through_every_event_once(client: httpx.Client) -> None:
    seen: list[str] = []
    url: str | None = "/api/events?limit=2"
    pages = 0
    while url:
        body = client.get(url).json()
        assert body["total"] == len(sample_events())
        assert len(body["events"]) <= 2
        seen += [e["id"] for e in body["events"]]
        url = body["next"]
        pages += 1
    assert pages == 3
    assert sorted(seen) == sorted(e.id for e in sample_events())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=RRT", {"ev-rrt-syl-20250915", "ev-syl-rrt-20250919"}),
        ("dyad=CHN-KAZ", {BEIJING_EVENT}),
        ("type=SANCTION", {"ev-syl-rrt-20250919"}),
        ("mode=phone", {"ev-frd-kaz-20251105"}),
        ("since=2025-10-01&until=2025-10-31", {BEIJING_EVENT, "ev-kaz-rus-20251021"}),
        ("q=wang yi", {BEIJING_EVENT}),
    ],
    ids=["country", "dyad-either-order", "type", "mode", "date-range", "text"],
)
def test_events_filters(client: httpx.Client, query: str, expected: set[str]) -> None:
    body = client.get(f"/api/events?{query}").json()
    assert {e["id"] for e in body["events"]} == expected
    assert body["total"] == len(expected)


def test_event_is_contract_json_with_provenance(client: httpx.Client) -> None:
    event = client.get(f"/api/events/{BEIJING_EVENT}").json()
    assert event["event_type"] == "CONSULT"
    assert event["mode"] == "visit"
    assert event["location"] == {"name": "Beijing", "country": "CHN"}
    assert [s["doc_id"] for s in event["sources"]] == ["steppe-wire-1028", "mfa-kz-1028"]
    assert all(s["evidence"] for s in event["sources"])
    assert event["discrepancies"][0]["field"] == "target.role"
    assert "mention_ids" not in event


def test_document_has_texts_offsets_and_events(client: httpx.Client) -> None:
    doc = client.get(f"/api/documents/{HOSTILE_DOC}").json()
    assert doc["title"].startswith("<script>")  # JSON carries the text as it is
    assert doc["text"] and doc["raw"]
    assert doc["offsets"] == [[0, 0, len(doc["text"])]]
    assert doc["events"] == ["ev-frd-kaz-20251105"]
    assert "signature" not in doc


def test_balance_counts_visits_each_way(client: httpx.Client) -> None:
    body = client.get("/api/balance?country=kaz&partners=RUS,CHN,FRD").json()
    cells = {(c["period"], c["partner"]): c for c in body["rows"] if c["events"]}
    assert cells[("2025-10-01", "RUS")]["visits_out"] == 1
    assert cells[("2025-10-01", "CHN")]["visits_out"] == 1
    assert cells[("2025-09-01", "FRD")]["visits_in"] == 1
    assert cells[("2025-10-01", "CHN")]["share"] == 0.5


def test_timeline_fills_empty_periods(client: httpx.Client) -> None:
    body = client.get("/api/timeline?since=2025-08-01&until=2025-12-31").json()
    assert [p["period"] for p in body["points"]] == [
        "2025-08-01",
        "2025-09-01",
        "2025-10-01",
        "2025-11-01",
        "2025-12-01",
    ]
    assert [p["events"] for p in body["points"]] == [0, 3, 2, 1, 0]


def test_dyads_and_actors(client: httpx.Client) -> None:
    dyads = client.get("/api/dyads?country=RRT").json()
    assert {(d["source"], d["target"]) for d in dyads} == {("RRT", "SYL"), ("SYL", "RRT")}
    people = client.get("/api/actors?country=SYL&on=2025-10-01").json()
    assert [p["name"] for p in people] == ["Flavia Elphberg"]


def test_openapi_documents_every_endpoint(client: httpx.Client) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    assert {
        "/api/events",
        "/api/events/{event_id}",
        "/api/documents/{doc_id}",
        "/api/timeline",
        "/api/dyads",
        "/api/balance",
        "/api/actors",
    } <= paths


def test_docs_page_works_offline(client: httpx.Client) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/api/balance" in page.text
    assert "cdn" not in page.text.lower()


def test_server_connection_is_read_only(live: Any) -> None:
    cur = live.app.state.db.cursor()
    try:
        with pytest.raises(duckdb.Error, match="read-only"):
            cur.execute("CREATE TABLE intruder (x INTEGER)")
    finally:
        cur.close()
