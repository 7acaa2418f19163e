"""The HOI plan as documents: a one-page PDF in plain Danish and XML with an XSD.

Both are made from :func:`.content.udskrift` (the plan as the citizen may see it) and served
through the graph (``HoiPlan.dokument``), so the gateway's authorization and audit govern them.
"""

from __future__ import annotations

from subgraphs.hoi.documents.content import Borger, PlanUdskrift, udskrift
from subgraphs.hoi.documents.pdf import plan_pdf
from subgraphs.hoi.documents.plan_xml import (
    PLAN_NAMESPACE,
    SCHEMA_PATH,
    InvalidPlanXml,
    plan_schema,
    plan_xml,
)

__all__ = ["PLAN_NAMESPACE", "SCHEMA_PATH", "Borger", "InvalidPlanXml", "PlanUdskrift",
           "plan_pdf", "plan_schema", "plan_xml", "udskrift"]
