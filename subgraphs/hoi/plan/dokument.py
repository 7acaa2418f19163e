"""``HoiPlan.dokument(format:)``: the plan version as a PDF or as XML, through the graph.

Served as a field of the plan, so the gateway's per-object decision on the ``HoiPlan`` and
its audit (``HoiPlan.dokument`` among the fields shown) govern the document exactly as they
govern the plan itself; the content travels base64-encoded in the GraphQL answer. Every
viewer gets the same document: what the citizen may see (it is meant to leave the system —
on paper or in another system — so it carries nothing internal and no employee's identity).
"""

from __future__ import annotations

import base64
import hashlib
import logging
from datetime import UTC, datetime
from typing import Any

from strawberry.types import Info

from subgraphs.common.errors import SubgraphError, not_found
from subgraphs.hoi.documents import Borger, InvalidPlanXml, plan_pdf, plan_xml, udskrift
from subgraphs.hoi.plan.errors import guarded
from subgraphs.hoi.plan.types import PlanDokument, PlanDokumentFormat
from subgraphs.hoi.plan.versions import reader

__all__ = ["plan_dokument"]

logger = logging.getLogger(__name__)


_MEDIA = {PlanDokumentFormat.PDF: ("application/pdf", "pdf"),
          PlanDokumentFormat.XML: ("application/xml", "xml")}


def _navn(person: dict[str, Any] | None) -> str | None:
    navn = (person or {}).get("navn") or {}
    parts = [str(navn[k]) for k in ("fornavn", "efternavn") if navn.get(k)]
    return " ".join(parts) or None


async def plan_dokument(info: Info[Any, None], plan_id: str, version: int,
                        format: PlanDokumentFormat) -> PlanDokument:
    """The document of plan ``plan_id`` at ``version`` (NOT_FOUND when the viewer may not
    read the plan)."""
    read = await reader(info)
    sag = await guarded(read.readable(await guarded(read.store.sager.for_plan(plan_id))))
    found = None if sag is None else await guarded(read.store.planer.hent(plan_id, version))
    if sag is None or found is None:
        raise not_found("HOI plan")
    person = await info.context.loaders.person_by_id.load(sag.borger_id)
    paper = udskrift(found, sag, Borger(id=sag.borger_id, navn=_navn(person)),
                     datetime.now(UTC))
    try:
        data = plan_pdf(paper) if format is PlanDokumentFormat.PDF else plan_xml(paper)
    except InvalidPlanXml:
        logger.exception("HOI plan XML failed its schema")
        raise SubgraphError("INTERNAL_SERVER_ERROR", "the plan document could not be made") \
            from None
    media_type, suffix = _MEDIA[format]
    return PlanDokument(filnavn=f"hoi-plan-{plan_id[:8]}-v{version}.{suffix}",
                        media_type=media_type, indhold=base64.b64encode(data).decode("ascii"),
                        stoerrelse=len(data), sha256=hashlib.sha256(data).hexdigest(),
                        plan_version=version)
