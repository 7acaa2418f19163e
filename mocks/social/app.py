"""The FFB fagsystem mock app (routes under ``/ffb/api/v2``; codes as FHIR Codings).

* ``POST /ffb/api/v2/borgere/soeg`` ``{"cpr": [...]}`` or ``{"ider": [...]}`` →
  ``{"resultater": [record, ...]}`` (batch, one record per citizen)
* ``GET /ffb/api/v2/sager/{id}`` → one sag with its indsatser, tilstande and mål
* ``GET /ffb/api/v2/aendringer?siden=&efter=&antal=`` → change feed
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

SECTOR = "social"


async def _sag(request: Request) -> Response:
    record_call(request, 1)
    sag_id = request.path_params["sag_id"]
    for record in records_by_object_id(request.app.state.population, SECTOR, [sag_id]):
        for sag in record["sager"]:
            if sag["id"] == sag_id:
                return JSONResponse(sag)
    raise HTTPException(404, "sag ikke fundet")


def create_app(population: Population | None = None,
               fault: FaultConfig | None = None) -> Starlette:
    """The FFB fagsystem mock over ``population``."""
    routes = [
        lookup_route("/ffb/api/v2/borgere/soeg", SECTOR, cpr_key="cpr", id_key="ider",
                     result_key="resultater", cpr_of=lambda record: str(record["borger"]["cpr"])),
        Route("/ffb/api/v2/sager/{sag_id}", _sag, methods=["GET"]),
        change_feed_route("/ffb/api/v2/aendringer", SECTOR, lambda r: str(r["sidstAendret"])),
    ]
    return build_mock_app("FFB fagsystem", population or Population(), routes, fault)
