"""Batch lookups shared by the mock systems: records by CPR numbers or by object ids."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mocks.common.app import JSONResponse, read_json, record_call
from mocks.population import Person, Population

__all__ = [
    "MAX_BATCH",
    "lookup_route",
    "records_by_cpr",
    "records_by_object_id",
    "string_list",
]

MAX_BATCH = 1000
"""Most keys one lookup may carry (larger batches get HTTP 413)."""


def string_list(body: Any, key: str) -> list[str] | None:
    """``body[key]`` as a list of strings, ``None`` when absent; HTTP 400/413 when malformed."""
    if not isinstance(body, dict) or key not in body:
        return None
    values = body[key]
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise HTTPException(400, f"{key} must be a list of strings")
    if len(values) > MAX_BATCH:
        raise HTTPException(413, f"at most {MAX_BATCH} keys per lookup")
    return values


def _unique(people: Iterable[Person | None]) -> list[Person]:
    seen: dict[int, Person] = {}
    for person in people:
        if person is not None:
            seen.setdefault(person.index, person)
    return list(seen.values())


def records_by_cpr(population: Population, sector: str,
                   cprs: Iterable[str]) -> list[dict[str, Any]]:
    """The sector records of the citizens with these CPR numbers (unknown ones skipped)."""
    people = _unique(population.by_cpr(cpr) for cpr in cprs)
    records = (population.record(sector, person) for person in people)
    return [record for record in records if record is not None]


def records_by_object_id(population: Population, sector: str,
                         ids: Iterable[str]) -> list[dict[str, Any]]:
    """The sector records holding objects with these ids (each record once)."""
    people = _unique(population.owner_of(sector, object_id) for object_id in ids)
    records = (population.record(sector, person) for person in people)
    return [record for record in records if record is not None]


def lookup_route(path: str, sector: str, *, cpr_key: str, id_key: str, result_key: str,
                 cpr_of: Callable[[dict[str, Any]], str],
                 amend: Callable[[Request, dict[str, Any]], dict[str, Any]] | None = None,
                 ) -> Route:
    """``POST path`` with ``{cpr_key: [...]}`` and/or ``{id_key: [...]}`` → ``{result_key: [...]}``.

    One call answers a whole batch, each citizen's record at most once. CPR numbers travel
    in the body, never in the URL (DOMAIN rule G5). ``amend`` gives each record as the
    system holds it now (e.g. with what others wrote into it since).
    """

    async def lookup(request: Request) -> Response:
        body = await read_json(request)
        population: Population = request.app.state.population
        cprs, ids = string_list(body, cpr_key), string_list(body, id_key)
        if cprs is None and ids is None:
            raise HTTPException(400, f"{cpr_key} or {id_key} required")
        record_call(request, len(cprs or ()) + len(ids or ()))
        records = records_by_cpr(population, sector, cprs or ())
        records += records_by_object_id(population, sector, ids or ())
        unique = list({cpr_of(record): record for record in records}.values())
        if amend is not None:
            unique = [amend(request, record) for record in unique]
        return JSONResponse({result_key: unique})

    return Route(path, lookup, methods=["POST"])
