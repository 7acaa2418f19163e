"""The person register mock (routes under ``/cpr/v1``).

The sector systems know a citizen by CPR number; the graph knows them by an opaque person
id (DOMAIN §11: CPR is never a key). This register is the one place that maps between them,
as a municipal CPR replica with a person index would.

* ``POST /cpr/v1/personer/opslag`` ``{"cprNumre": [...]}`` or ``{"personIder": [...]}`` →
  ``{"personer": [{"personId", "cprNummer", "navn", "foedselsdato", ...}]}`` (batch)
"""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mocks.common.app import JSONResponse, build_mock_app, read_json, record_call
from mocks.common.faults import FaultConfig
from mocks.common.lookup import string_list
from mocks.population import KOMMUNE_CVR, Person, Population

__all__ = ["create_app", "person_to_wire"]


def person_to_wire(person: Person) -> dict[str, Any]:
    """The register's JSON for one person."""
    return {
        "personId": str(person.id), "cprNummer": person.cpr,
        "navn": {"fornavn": person.fornavn, "efternavn": person.efternavn},
        "foedselsdato": person.foedselsdato.isoformat(),
        "adressebeskyttet": person.adressebeskyttet,
        "bopaelskommune": {"kommunekode": person.bopaelskommune,
                           "myndighedCvr": KOMMUNE_CVR if person.bopaelskommune == "999"
                           else None},
    }


async def _opslag(request: Request) -> Response:
    body = await read_json(request)
    population: Population = request.app.state.population
    cprs, ids = string_list(body, "cprNumre"), string_list(body, "personIder")
    if cprs is None and ids is None:
        raise HTTPException(400, "cprNumre or personIder required")
    record_call(request, len(cprs or ()) + len(ids or ()))
    found = [population.by_cpr(cpr) for cpr in cprs or ()]
    found += [population.by_id(person_id) for person_id in ids or ()]
    unique = {person.index: person for person in found if person is not None}
    return JSONResponse({"personer": [person_to_wire(p) for p in unique.values()]})


def create_app(population: Population | None = None,
               fault: FaultConfig | None = None) -> Starlette:
    """The person register mock over ``population``."""
    routes = [Route("/cpr/v1/personer/opslag", _opslag, methods=["POST"])]
    return build_mock_app("CPR", population or Population(), routes, fault)
