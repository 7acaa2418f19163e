"""Min Plan takes aftaler and mål from other systems (a HOI plan's write-back), idempotently.

* ``POST /dfdg/v1/minplan/aftaler`` and ``POST /dfdg/v1/minplan/maal``, body one ``Aftale`` /
  ``Maal`` in the Min Plan XML format (:mod:`.minplan_in`), header
  ``x-civilregistrationIdentifier`` (the citizen: CPR never in the URL) and
  ``Idempotency-Key`` (the deliverer's key for this delivery).
* The first delivery of an item (by its ``Kilde``) creates it in the citizen's Min Plan with
  a DFDG id (201); a later version of the same ``Kilde`` updates that item in place (200); an
  older or equal version changes nothing and answers the item as stored (200): DFDG is the
  master, a late delivery never overwrites a newer one.
* The same ``Idempotency-Key`` again answers exactly the first answer (status and body, header
  ``Idempotent-Replayed: true``) and changes nothing; with another body it is 422.
* The answer is the item as stored, in the same XML format, with ``id`` = the DFDG id.

Written items are kept in memory (per app) and show in Min Plan (``GET /dfdg/v1/minplan``,
XML and JSON) and in the batch lookup, after the population's own items.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mocks.beskaeftigelse.minplan_in import AFTALE, MAAL, InvalidItem, ItemKind, Kilde, parse_item
from mocks.beskaeftigelse.minplan_xml import item_to_xml
from mocks.common.app import record_call
from mocks.population import Population
from mocks.population.common import SECTOR_CODES
from mocks.population.ids import IdKind, make_id

__all__ = ["MinPlanWrites", "write_routes"]

SECTOR = "beskaeftigelse"
MAX_BODY = 64 * 1024
MAX_KEY = 255
_CPR_HEADER = "x-civilregistrationIdentifier"
_FIRST_WRITTEN_SEQ = 0x8000
"""Written items get id numbers above the population's own, so their ids decode to the
citizen (a lookup by the item's id finds the record)."""
_ID_KIND = {"aftaler": IdKind.AFTALE, "maal": IdKind.MAAL}


@dataclass(frozen=True, slots=True)
class _Reply:
    fingerprint: str
    status: int
    body: bytes


@dataclass(slots=True)
class MinPlanWrites:
    """The items other systems wrote into Min Plan, and the answers given per key."""

    items: dict[tuple[str, str], dict[str, dict[str, Any]]] = field(default_factory=dict)
    """(planId, ``aftaler``/``maal``) → Kilde (``system|id``) → the stored item."""
    changes: dict[str, int] = field(default_factory=dict)
    """planId → how many changes were applied (added to Min Plan's version)."""
    updated: dict[str, str] = field(default_factory=dict)
    replies: dict[str, _Reply] = field(default_factory=dict)
    _next_seq: dict[tuple[int, str], int] = field(default_factory=dict)

    def written(self, plan_id: str, plan_key: str) -> list[dict[str, Any]]:
        """The written items of one Min Plan list, in the order they were first written."""
        return list(self.items.get((plan_id, plan_key), {}).values())

    def merged(self, record: dict[str, Any]) -> dict[str, Any]:
        """The DFDG record with the written items in its Min Plan (a copy; the input stays)."""
        plan = record["minPlan"]
        extra = self.changes.get(plan["planId"], 0)
        if not extra:
            return record
        merged = {**plan, "version": plan["version"] + extra,
                  "senestOpdateret": self.updated[plan["planId"]],
                  "maal": [*plan["maal"], *self.written(plan["planId"], "maal")],
                  "aftaler": [*plan["aftaler"], *self.written(plan["planId"], "aftaler")]}
        return {**record, "minPlan": merged}

    def _new_id(self, kind: ItemKind, index: int) -> str:
        seq = self._next_seq.get((index, kind.plan_key), _FIRST_WRITTEN_SEQ)
        self._next_seq[(index, kind.plan_key)] = seq + 1
        return str(make_id(SECTOR_CODES[SECTOR], _ID_KIND[kind.plan_key], index, seq))

    def apply(self, kind: ItemKind, record: dict[str, Any], index: int,
              fields: dict[str, Any], kilde: Kilde, now: datetime) -> tuple[int, dict[str, Any]]:
        """Create or update the item of this Kilde; (HTTP status, the item as stored)."""
        plan_id = record["minPlan"]["planId"]
        bucket = self.items.setdefault((plan_id, kind.plan_key), {})
        ref = f"{kilde.system}|{kilde.id}"
        existing = bucket.get(ref)
        if existing is not None and existing["kilde"]["version"] >= kilde.version:
            return 200, existing
        item_id = self._new_id(kind, index) if existing is None else existing[kind.id_key]
        item = {kind.id_key: item_id, **_completed(kind, record, fields, existing, now),
                "kilde": {"system": kilde.system, "id": kilde.id, "version": kilde.version}}
        bucket[ref] = item
        self.changes[plan_id] = self.changes.get(plan_id, 0) + 1
        self.updated[plan_id] = now.isoformat()
        return (201 if existing is None else 200), item


def _completed(kind: ItemKind, record: dict[str, Any], fields: dict[str, Any],
               existing: dict[str, Any] | None, now: datetime) -> dict[str, Any]:
    """The delivered fields plus what DFDG fills in itself, in Min Plan's field order."""
    if kind is AFTALE:
        kle = record["sager"][0]["kle"] if record["sager"] else None
        order = ("samtaletype", "tidspunkt", "varighedMinutter", "sted", "status")
        return {**{k: fields[k] for k in order if k in fields}, "kle": kle,
                **{k: fields[k] for k in ("aftaltIndhold", "synligIJobnet") if k in fields}}
    oprettet = existing["oprettet"] if existing is not None else now.date().isoformat()
    frist = fields.get("frist") or (date.fromisoformat(oprettet)
                                    + timedelta(days=365)).isoformat()
    return {"maaltype": fields["maaltype"], "beskrivelse": fields["beskrivelse"],
            "oprettet": oprettet, "frist": frist, "status": fields["status"],
            "synligIJobnet": fields["synligIJobnet"]}


def _header(request: Request, name: str, limit: int = MAX_KEY) -> str:
    value = request.headers.get(name, "").strip()
    if not value or len(value) > limit:
        raise HTTPException(400, f"header {name} required")
    return value


def _deliver(kind: ItemKind) -> Any:
    async def deliver(request: Request) -> Response:
        record_call(request, 1)
        key = _header(request, "idempotency-key")
        cpr = _header(request, _CPR_HEADER)
        raw = await request.body()
        if len(raw) > MAX_BODY:
            raise HTTPException(413, "body too large")
        writes: MinPlanWrites = request.app.state.minplan
        fingerprint = hashlib.sha256(b"\0".join((kind.element.encode(), cpr.encode(), raw)))
        reply = writes.replies.get(key)
        if reply is not None:
            if reply.fingerprint != fingerprint.hexdigest():
                raise HTTPException(422, "Idempotency-Key reused for another delivery")
            return Response(reply.body, reply.status, media_type="application/xml",
                            headers={"idempotent-replayed": "true"})
        population: Population = request.app.state.population
        person = population.by_cpr(cpr)
        record = None if person is None else population.record(SECTOR, person)
        if person is None or record is None:
            raise HTTPException(404, "borger ikke fundet")
        try:
            fields, kilde = parse_item(kind, raw)
        except InvalidItem as error:
            raise HTTPException(400, str(error)) from None
        status, item = writes.apply(kind, record, person.index, fields, kilde,
                                    datetime.now(UTC))
        body = item_to_xml(kind.element, item, kind.id_key)
        writes.replies[key] = _Reply(fingerprint.hexdigest(), status, body)
        return Response(body, status, media_type="application/xml")

    return deliver


def write_routes(prefix: str) -> list[Route]:
    """The two delivery routes under ``prefix`` (``/dfdg/v1/minplan``)."""
    return [Route(f"{prefix}/aftaler", _deliver(AFTALE), methods=["POST"]),
            Route(f"{prefix}/maal", _deliver(MAAL), methods=["POST"])]
