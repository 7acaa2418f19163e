"""The Ungedatabasen mock app (routes under ``/udb/v1``; STIL's PascalCase field names).

* ``POST /udb/v1/Unge/Opslag`` ``{"Cprnumre": [...]}`` or ``{"Ider": [...]}`` →
  ``{"Unge": [record, ...]}`` (batch; only 15–29-year-olds are known)
* ``GET /udb/v1/Haendelser/{id}`` → one UDB event
* ``GET /udb/v1/aendringer?siden=&efter=&antal=`` → change feed
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mocks.common.app import JSONResponse, build_mock_app, change_feed_route, record_call
from mocks.common.faults import FaultConfig
from mocks.common.lookup import lookup_route, records_by_object_id
from mocks.population import Population

__all__ = ["SECTOR", "create_app"]

SECTOR = "uddannelse"


async def _haendelse(request: Request) -> Response:
    record_call(request, 1)
    event_id = request.path_params["event_id"]
    for record in records_by_object_id(request.app.state.population, SECTOR, [event_id]):
        for event in record["Haendelser"]:
            if event["HaendelseId"] == event_id:
                return JSONResponse(event)
    raise HTTPException(404, "Haendelse ikke fundet")


def create_app(population: Population | None = None,
               fault: FaultConfig | None = None) -> Starlette:
    """The Ungedatabasen mock over ``population``."""
    routes = [
        lookup_route("/udb/v1/Unge/Opslag", SECTOR, cpr_key="Cprnumre", id_key="Ider",
                     result_key="Unge", cpr_of=lambda record: str(record["Cprnr"])),
        Route("/udb/v1/Haendelser/{event_id}", _haendelse, methods=["GET"]),
        change_feed_route("/udb/v1/aendringer", SECTOR, lambda r: str(r["SidstAendret"])),
    ]
    return build_mock_app("Ungedatabasen", population or Population(), routes, fault)
