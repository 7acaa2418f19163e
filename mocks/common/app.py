"""Build a mock system's Starlette app: its own routes plus admin, health and change feed.

Admin routes (never faulted): ``GET|POST /_admin/faults`` read or arm a fault,
``GET /_admin/calls`` lists recorded calls, ``DELETE /_admin/calls`` clears them.
``GET /health`` answers 200 (and is faulted like any other route).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from mocks.common.faults import FaultConfig, FaultMiddleware, MockState, RecordedCall
from mocks.population import Person, Population

__all__ = ["JSONResponse", "build_mock_app", "change_feed_route", "read_json", "record_call"]

_FEED_SCAN = 5000
_FEED_PAGE = 500


class JSONResponse(Response):
    """A JSON response serialised with orjson (UTF-8, no escaping of æøå)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


async def read_json(request: Request) -> Any:
    """The request's JSON body (HTTP 400 when it is not JSON)."""
    try:
        return orjson.loads(await request.body())
    except orjson.JSONDecodeError as error:
        raise HTTPException(400, "body is not JSON") from error


def record_call(request: Request, keys: int = 0) -> None:
    """Log this request (method, path, number of batch keys) in the app's :class:`MockState`."""
    state: MockState = request.app.state.mock
    state.record(RecordedCall(method=request.method, path=request.url.path, keys=keys))


async def _faults(request: Request) -> Response:
    state: MockState = request.app.state.mock
    if request.method == "POST":
        try:
            state.fault = FaultConfig.from_json(await read_json(request))
        except ValueError as error:
            raise HTTPException(400, str(error)) from error
    return JSONResponse(state.fault.as_json())


async def _calls(request: Request) -> Response:
    state: MockState = request.app.state.mock
    if request.method == "DELETE":
        state.calls.clear()
    return JSONResponse([{"method": c.method, "path": c.path, "keys": c.keys}
                         for c in state.calls])


async def _http_error(_request: Request, error: Exception) -> Response:
    status = error.status_code if isinstance(error, HTTPException) else 500
    detail = error.detail if isinstance(error, HTTPException) else "intern fejl"
    return JSONResponse({"fejl": detail}, status_code=status)


async def _health(request: Request) -> Response:
    record_call(request)
    return JSONResponse({"status": "ok", "system": request.app.state.system})


def change_feed_route(path: str, sector: str,
                      changed_at: Callable[[dict[str, Any]], str]) -> Route:
    """``GET path?siden=ISO&efter=N&antal=M``: citizens whose record changed after ``siden``.

    Pages through the population by index (``efter`` is the cursor from ``naeste``); each
    page scans a bounded number of citizens, so it may hold fewer than ``antal`` entries
    while ``naeste`` is not ``null``.
    """

    async def feed(request: Request) -> Response:
        record_call(request)
        population: Population = request.app.state.population
        try:
            since = datetime.fromisoformat(request.query_params.get("siden", "1970-01-01T00:00Z"))
            start = int(request.query_params.get("efter", "-1")) + 1
            limit = min(int(request.query_params.get("antal", "100")), _FEED_PAGE)
        except ValueError as error:
            raise HTTPException(400, "bad siden/efter/antal") from error
        entries, last = _scan(population, sector, changed_at, since, start, limit)
        more = last + 1 < population.size
        return JSONResponse({"aendringer": entries, "naeste": last if more else None})

    return Route(path, feed, methods=["GET"])


def _scan(population: Population, sector: str, changed_at: Callable[[dict[str, Any]], str],
          since: datetime, start: int, limit: int) -> tuple[list[dict[str, Any]], int]:
    entries: list[dict[str, Any]] = []
    last = start - 1
    for person in population.people(start):
        last = person.index
        record = population.record(sector, person)
        if record is not None and datetime.fromisoformat(changed_at(record)) > since:
            entries.append(_feed_entry(person, changed_at(record)))
        if len(entries) >= limit or last - start >= _FEED_SCAN:
            break
    return entries, last


def _feed_entry(person: Person, changed: str) -> dict[str, Any]:
    return {"sekvens": person.index, "cpr": person.cpr, "sidstAendret": changed}


def build_mock_app(system: str, population: Population, routes: Sequence[BaseRoute],
                   fault: FaultConfig | None = None) -> Starlette:
    """A mock system app: ``routes`` plus admin/health, wrapped in fault injection."""
    state = MockState(fault=fault or FaultConfig())
    admin = [Route("/_admin/faults", _faults, methods=["GET", "POST"]),
             Route("/_admin/calls", _calls, methods=["GET", "DELETE"]),
             Route("/health", _health, methods=["GET"])]
    app = Starlette(routes=[*admin, *routes],
                    middleware=[Middleware(FaultMiddleware, state=state)],
                    exception_handlers={HTTPException: _http_error})
    app.state.mock = state
    app.state.population = population
    app.state.system = system
    return app
