"""The sundhed mock app (routes under ``/spo/v1``).

* ``POST /spo/v1/patienter/opslag`` ``{"cpr": [...]}`` or ``{"ider": [...]}`` →
  ``{"patienter": [record, ...]}`` (batch)
* ``GET /spo/v1/aftaler/{id}`` → one appointment from the aftaleoversigt
* ``GET /spo/v1/aendringer?siden=&efter=&antal=`` → change feed
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

SECTOR = "sundhed"


async def _aftale(request: Request) -> Response:
    record_call(request, 1)
    aftale_id = request.path_params["aftale_id"]
    for record in records_by_object_id(request.app.state.population, SECTOR, [aftale_id]):
        for aftale in record["aftaler"]:
            if aftale["aftaleId"] == aftale_id:
                return JSONResponse(aftale)
    raise HTTPException(404, "aftale ikke fundet")


def create_app(population: Population | None = None,
               fault: FaultConfig | None = None) -> Starlette:
    """The sundhed mock over ``population``."""
    routes = [
        lookup_route("/spo/v1/patienter/opslag", SECTOR, cpr_key="cpr", id_key="ider",
                     result_key="patienter", cpr_of=lambda record: str(record["patient"]["cpr"])),
        Route("/spo/v1/aftaler/{aftale_id}", _aftale, methods=["GET"]),
        change_feed_route("/spo/v1/aendringer", SECTOR, lambda r: str(r["sidstAendret"])),
    ]
    return build_mock_app("Sundhed (aftaleoversigt/EOJ)", population or Population(), routes,
                          fault)
