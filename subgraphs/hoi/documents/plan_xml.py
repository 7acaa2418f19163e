"""The plan as structured XML for systems that cannot ask the graph (schema: hoi-plan-1.xsd).

Namespace ``urn:helhed:hoi:plan:1``; built from :class:`.content.PlanUdskrift` only (nothing
internal, no employee identities, no CPR number). Every document is validated against the
schema in this package before it is handed out: an invalid one is a bug, reported as
:class:`InvalidPlanXml`, never served.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from lxml import etree

from subgraphs.hoi.documents.content import PlanUdskrift

__all__ = ["PLAN_NAMESPACE", "SCHEMA_PATH", "InvalidPlanXml", "plan_schema", "plan_xml"]

PLAN_NAMESPACE = "urn:helhed:hoi:plan:1"
SCHEMA_PATH = Path(__file__).resolve().parent / "hoi-plan-1.xsd"


class InvalidPlanXml(Exception):
    """The document does not match its schema (a bug in this module, never served)."""


@lru_cache(maxsize=1)
def plan_schema() -> etree.XMLSchema:
    """The parsed XSD."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def _q(name: str) -> str:
    return f"{{{PLAN_NAMESPACE}}}{name}"


def _el(parent: etree._Element, name: str, text: str | None = None,
        **attributes: str | None) -> etree._Element:
    element = etree.SubElement(parent, _q(name), {k: v for k, v in attributes.items()
                                                  if v is not None})
    if text is not None:
        element.text = text
    return element


def _instant(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def _periode(parent: etree._Element, name: str, fra: datetime, til: datetime | None) -> None:
    periode = _el(parent, name)
    _el(periode, "Fra", _instant(fra))
    if til is not None:
        _el(periode, "Til", _instant(til))


def _items(root: etree._Element, plan: PlanUdskrift) -> None:
    maal = _el(root, "Maal")
    for m in plan.maal:
        element = _el(maal, "Maal", id=m.id, type=m.type.value, status=m.status.value,
                      formuleretAf=m.formuleret_af.value,
                      fagomraade=None if m.fagomraade is None else m.fagomraade.value)
        _el(element, "Beskrivelse", m.beskrivelse)
        if m.frist is not None:
            _el(element, "Frist", m.frist.isoformat())
    aftaler = _el(root, "Aftaler")
    for a in plan.aftaler:
        element = _el(aftaler, "Aftale", id=a.id, type=a.type.value, status=a.status.value,
                      fagomraade=None if a.fagomraade is None else a.fagomraade.value)
        _el(element, "Titel", a.titel)
        _periode(element, "Tidspunkt", a.fra, a.til)
        for name, value in (("Sted", a.sted), ("AftaltIndhold", a.aftalt_indhold)):
            if value is not None:
                _el(element, name, value)
        if a.borger_bekraeftet is not None:
            _el(element, "BorgerBekraeftet", _instant(a.borger_bekraeftet.tid))
    indsatser = _el(root, "Indsatser")
    for ref in plan.indsatser:
        _el(indsatser, "Indsats", id=ref.id, type=ref.type, sektor=ref.sektor.value)
    bidrag = _el(root, "BorgerBidrag")
    for b in plan.bidrag:
        _el(_el(bidrag, "Bidrag", id=b.id, type=b.type.value, tid=_instant(b.tid),
                relateretTil=b.relateret_til), "Tekst", b.tekst)


def plan_xml(plan: PlanUdskrift) -> bytes:
    """The plan as a schema-valid XML document (UTF-8)."""
    root = etree.Element(_q("HoiPlan"), {"planId": plan.plan_id, "version": str(plan.version),
                                         "udskrevet": _instant(plan.udskrevet)},
                         nsmap={None: PLAN_NAMESPACE})
    _el(root, "Status", plan.status.value)
    borger = _el(root, "Borger", id=plan.borger.id)
    if plan.borger.navn:
        _el(borger, "Navn", plan.borger.navn)
    _el(root, "Kommune", cvr=plan.kommune_cvr)
    _periode(root, "Periode", plan.oprettet, plan.afsluttet)
    omraader = _el(root, "Omraader")
    for sektor in plan.omraader:
        _el(omraader, "Sektor", sektor.value)
    if plan.godkendelse is not None:
        _el(root, "Godkendelse", version=str(plan.godkendelse.version),
            tid=_instant(plan.godkendelse.tid), kanal=plan.godkendelse.kanal,
            gaelder="true" if plan.godkendt else "false")
    _items(root, plan)
    schema = plan_schema()
    if not schema.validate(root):
        error = schema.error_log.last_error  # its path only: a message may quote plan text
        raise InvalidPlanXml(f"the plan XML does not match {SCHEMA_PATH.name} at "
                             f"{getattr(error, 'path', '?')}")
    document: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                     pretty_print=True)
    return document
