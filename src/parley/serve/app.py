"""The web application: REST API under ``/api`` and the dashboard, over one read-only store.

DuckDB allows one writer per file, so the server never writes: it keeps one read-only
connection open for the life of the app (which keeps the database cached in memory) and gives
every request its own read-only handle on it (a ``Store`` for events and documents, a cursor
for analytics SQL). Every error the API returns has one JSON shape::

    {"error": {"status": 404, "code": "not_found", "message": "...", "detail": null}}

Example:
    >>> app = create_app("parley.duckdb")          # doctest: +SKIP
    >>> uvicorn.run(app, host="127.0.0.1", port=8000)  # doctest: +SKIP
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from parley.analytics import open_readonly
from parley.errors import ConfigError, NotFoundError, ParleyError, StoreError
from parley.store import Store

__all__ = ["Database", "ErrorBody", "ErrorInfo", "create_app", "error_body"]

log = logging.getLogger("parley.serve")
_HERE = Path(__file__).parent

_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    422: "invalid_parameter",
    500: "internal_error",
    503: "store_unavailable",
}


class ErrorInfo(BaseModel):
    """What went wrong: HTTP status, a stable machine code, a sentence, and details."""

    status: int
    code: str
    message: str
    detail: Any = None


class ErrorBody(BaseModel):
    """The one JSON shape of every API error."""

    error: ErrorInfo


def error_body(status: int, message: str, detail: Any = None) -> dict[str, Any]:
    """Build the JSON error document for a status.

    Args:
        status: the HTTP status.
        message: a complete sentence saying what happened and how to fix it.
        detail: optional structured detail (e.g. the invalid parameters).

    Returns:
        ``{"error": {"status", "code", "message", "detail"}}``.
    """
    info = ErrorInfo(
        status=status, code=_CODES.get(status, "http_error"), message=message, detail=detail
    )
    return {"error": info.model_dump()}


class Database:
    """The store file of one app: a long-lived read-only connection and per-request handles."""

    def __init__(self, path: Path | str) -> None:
        """Open the store read-only and check that it is a parley store.

        Args:
            path: the DuckDB file written by ``parley run``.

        Raises:
            StoreError: the file is missing, locked by a writer, or not a parley store.
        """
        self.path = Path(path)
        with Store(self.path, read_only=True):
            pass
        self._keep = open_readonly(self.path)

    def store(self) -> Store:
        """A read-only Store for one request (cheap: the database stays cached).

        Returns:
            An open :class:`~parley.store.Store`; close it after use.
        """
        return Store(self.path, read_only=True)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A read-only connection of its own for one request's analytics queries.

        Returns:
            A DuckDB cursor; close it after use.
        """
        return self._keep.cursor()

    def close(self) -> None:
        """Release the long-lived connection."""
        self._keep.close()


def store_dep(request: Request) -> Iterator[Store]:
    """FastAPI dependency: a read-only store handle closed when the request ends."""
    db: Database = request.app.state.db
    store = db.store()
    try:
        yield store
    finally:
        store.close()


def cursor_dep(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """FastAPI dependency: a read-only DuckDB cursor closed when the request ends."""
    db: Database = request.app.state.db
    cur = db.cursor()
    try:
        yield cur
    finally:
        cur.close()


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _validation_message(errors: list[Any]) -> tuple[str, list[dict[str, Any]]]:
    """One readable sentence plus a clean list, from pydantic's validation errors."""
    detail = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ())]
        where, name = (loc[0], ".".join(loc[1:])) if len(loc) > 1 else ("request", ".".join(loc))
        detail.append(
            {"in": where, "name": name, "message": err.get("msg", ""), "type": err.get("type")}
        )
    first = detail[0] if detail else {"in": "request", "name": "", "message": "invalid"}
    message = f"invalid {first['in']} parameter '{first['name']}': {first['message']}."
    if len(detail) > 1:
        message += f" ({len(detail) - 1} more problem{'s' * (len(detail) > 2)} in 'detail'.)"
    return message, detail


def _install_error_handlers(app: FastAPI) -> None:
    """Every error becomes the JSON shape under /api and an HTML page elsewhere."""

    def respond(request: Request, status: int, message: str, detail: Any = None) -> Response:
        if _is_api(request):
            return JSONResponse(error_body(status, message, detail), status_code=status)
        from parley.serve.dashboard import render_error

        return render_error(request, status, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"there is no page '{request.url.path}'. See /docs for the API."
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on '{request.url.path}'; use GET."
        return respond(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        message, detail = _validation_message(list(exc.errors()))
        return respond(request, 422, message, detail)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return respond(request, 404, str(exc))

    @app.exception_handler(ConfigError)
    async def bad_value(request: Request, exc: ConfigError) -> Response:
        return respond(request, 400, str(exc))

    @app.exception_handler(StoreError)
    async def store_down(request: Request, exc: StoreError) -> Response:
        return respond(request, 503, str(exc))

    @app.exception_handler(ParleyError)
    async def parley_error(request: Request, exc: ParleyError) -> Response:
        return respond(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return respond(request, 500, "unexpected server error; the details are in the server log.")


def create_app(db_path: Path | str) -> FastAPI:
    """Build the parley web app (REST API, OpenAPI at ``/docs``, dashboard) over a store.

    Args:
        db_path: the DuckDB store written by ``parley run``; opened read-only.

    Returns:
        A FastAPI application, ready for uvicorn.

    Raises:
        StoreError: the store is missing, locked by a writer or not a parley store.

    Example:
        >>> uvicorn.run(create_app("parley.duckdb"), port=8000)  # doctest: +SKIP
    """
    from parley.serve.api import router as api_router
    from parley.serve.dashboard import router as pages_router

    db = Database(db_path)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        db.close()

    app = FastAPI(
        title="parley",
        summary="Deduplicated, source-linked diplomatic events.",
        description=(
            "Read-only access to a parley store: fused events with per-fact provenance, "
            "their source documents, and analytics (timelines, dyads, balance of engagement, "
            "actors). Every error has the shape "
            '`{"error": {"status", "code", "message", "detail"}}`.'
        ),
        version="0.1.0",
        lifespan=lifespan,
        default_response_class=JSONResponse,
        # Swagger UI loads its scripts from a CDN; /docs is rendered here instead, offline.
        docs_url=None,
        redoc_url=None,
    )
    app.state.db = db
    _install_error_handlers(app)
    app.include_router(api_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=_HERE / "static"), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        return HTMLResponse(status_code=204)

    return app
