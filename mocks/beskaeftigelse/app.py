"""The DFDG / Min Plan mock app (routes under ``/dfdg/v1``).

* ``POST /dfdg/v1/borgere/opslag`` ``{"cprNumre": [...]}`` or ``{"objektIder": [...]}`` →
  ``{"borgere": [record, ...]}`` (batch; CPR numbers travel in the body, never the URL)
* ``GET /dfdg/v1/borger`` with header ``x-civilregistrationIdentifier`` → one record
* ``GET /dfdg/v1/minplan/{planId}`` → Min Plan as JSON, or XML with ``Accept: application/xml``
* ``POST /dfdg/v1/minplan/aftaler`` and ``.../maal`` → another system delivers an aftale or a
  mål in the Min Plan XML format, idempotently (:mod:`.minplan_writes`)
* ``GET /dfdg/v1/aendringer?siden=&efter=&antal=`` → change feed
"""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mocks.beskaeftigelse.minplan_writes import MinPlanWrites, write_routes
from mocks.beskaeftigelse.minplan_xml import minplan_to_xml
from mocks.common.app import JSONResponse, build_mock_app, change_feed_route, record_call
from mocks.common.faults import FaultConfig
from mocks.common.lookup import lookup_route, records_by_cpr, records_by_object_id
from mocks.population import Population

__all__ = ["SECTOR", "create_app"]

SECTOR = "beskaeftigelse"
_CPR_HEADER = "x-civilregistrationIdentifier"


def _current(request: Request, record: dict[str, Any]) -> dict[str, Any]:
    """The record with what other systems wrote into its Min Plan."""
    writes: MinPlanWrites = request.app.state.minplan
    return writes.merged(record)


async def _borger(request: Request) -> Response:
    record_call(request, 1)
    cpr = request.headers.get(_CPR_HEADER)
    if not cpr:
        raise HTTPException(400, f"header {_CPR_HEADER} required")
    records = records_by_cpr(request.app.state.population, SECTOR, [cpr])
    if not records:
        raise HTTPException(404, "borger ikke fundet")
    return JSONResponse(_current(request, records[0]))


async def _minplan(request: Request) -> Response:
    record_call(request, 1)
    plan_id = request.path_params["plan_id"]
    records = records_by_object_id(request.app.state.population, SECTOR, [plan_id])
    if not records or records[0]["minPlan"]["planId"] != plan_id:
        raise HTTPException(404, "plan ikke fundet")
    record = _current(request, records[0])
    if "xml" in request.headers.get("accept", ""):
        return Response(minplan_to_xml(record), media_type="application/xml")
    return JSONResponse(record["minPlan"])


def create_app(population: Population | None = None,
               fault: FaultConfig | None = None) -> Starlette:
    """The DFDG mock over ``population`` (default: seed default, 1,000 citizens)."""
    routes = [
        lookup_route("/dfdg/v1/borgere/opslag", SECTOR, cpr_key="cprNumre",
                     id_key="objektIder", result_key="borgere",
                     cpr_of=lambda record: str(record["cprNummer"]), amend=_current),
        Route("/dfdg/v1/borger", _borger, methods=["GET"]),
        *write_routes("/dfdg/v1/minplan"),
        Route("/dfdg/v1/minplan/{plan_id}", _minplan, methods=["GET"]),
        change_feed_route("/dfdg/v1/aendringer", SECTOR, lambda r: str(r["sidstAendret"])),
    ]
    app = build_mock_app("DFDG", population or Population(), routes, fault)
    app.state.minplan = MinPlanWrites()
    return app
