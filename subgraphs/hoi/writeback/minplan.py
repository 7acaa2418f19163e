"""Sending a HOI plan item to Min Plan (the DFDG mock) in Min Plan's own XML format.

An aftale goes to ``POST /dfdg/v1/minplan/aftaler``, a goal to ``POST /dfdg/v1/minplan/maal``
(see mocks/README.md, "Min Plan deliveries"), with the citizen's CPR in the
``x-civilregistrationIdentifier`` header (looked up in the person register; never logged or
put in an error) and ``Idempotency-Key: <item id>:<plan version>``. The item's ``Kilde``
names the HOI system, the item id and the plan version, so Min Plan updates the same item
when it changes and never lets an older version overwrite a newer one.
"""

from __future__ import annotations

from datetime import UTC
from xml.etree import ElementTree as ET

import aiohttp

from subgraphs.common.client import PersonClient, SourceUnavailable
from subgraphs.hoi import plan_state as state
from subgraphs.hoi.writeback.sender import SendFailed, WritebackItem

__all__ = ["MINPLAN_NAMESPACE", "MinPlanSender", "aftale_xml", "maal_xml"]

MINPLAN_NAMESPACE = "urn:dk:star:minplan:1"
KILDE_SYSTEM = "urn:helhed:hoi"
_DEFAULT_MINUTES = 60
_AFTALE_STATUS = {
    state.AftaleStatus.PLANLAGT: "planlagt", state.AftaleStatus.BEKRAEFTET: "planlagt",
    state.AftaleStatus.FLYTTET: "planlagt", state.AftaleStatus.AFHOLDT: "afholdt",
    state.AftaleStatus.AFLYST: "aflyst", state.AftaleStatus.UDEBLEVET: "udeblevet"}
_MAAL_STATUS = {
    state.MaalStatus.AKTIV: "aktiv", state.MaalStatus.DELVIST_OPNAAET: "aktiv",
    state.MaalStatus.OPNAAET: "opnaaet", state.MaalStatus.IKKE_OPNAAET: "opgivet",
    state.MaalStatus.OPGIVET: "opgivet", state.MaalStatus.ERSTATTET: "opgivet"}
_PERMANENT = frozenset({400, 404, 409, 413, 422})
"""Answers a retry cannot change: the item is given up (and the reason shown)."""


def _element(name: str, parent: ET.Element | None = None, text: str | None = None
             ) -> ET.Element:
    """An element of the document (the root declares the namespace as the default one)."""
    if parent is None:
        return ET.Element(name, {"xmlns": MINPLAN_NAMESPACE})
    element = ET.SubElement(parent, name)
    if text is not None:
        element.text = text
    return element


def _fields(root: ET.Element, fields: list[tuple[str, str | None]], item_id: str,
            version: int) -> bytes:
    for name, value in fields:
        if value is not None:
            _element(name, root, value)
    kilde = _element("Kilde", root)
    for name, value in (("System", KILDE_SYSTEM), ("Id", item_id), ("Version", str(version))):
        _element(name, kilde, value)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document


def _minutes(aftale: state.PlanAftale) -> int:
    if aftale.til is None or aftale.til <= aftale.fra:
        return _DEFAULT_MINUTES
    return max(1, min(24 * 60, int((aftale.til - aftale.fra).total_seconds() // 60)))


def aftale_xml(aftale: state.PlanAftale, version: int) -> bytes:
    """The aftale as a Min Plan ``Aftale`` (its titel is Min Plan's samtaletype text)."""
    return _fields(_element("Aftale"), [
        ("Samtaletype", aftale.titel),
        ("Tidspunkt", aftale.fra.astimezone(UTC).isoformat()),
        ("VarighedMinutter", str(_minutes(aftale))), ("Sted", aftale.sted),
        ("Status", _AFTALE_STATUS[aftale.status]), ("AftaltIndhold", aftale.aftalt_indhold),
        ("SynligIJobnet", _visible(aftale.synlighed))], aftale.id, version)


def maal_xml(maal: state.PlanMaal, version: int) -> bytes:
    """The goal as a Min Plan ``Maal`` (an uddannelsesmål, else a jobmål)."""
    maaltype = ("UDDANNELSESMAAL" if maal.type is state.MaalType.UDDANNELSESMAAL
                else "JOBMAAL")
    return _fields(_element("Maal"), [
        ("Maaltype", maaltype), ("Beskrivelse", maal.beskrivelse),
        ("Frist", None if maal.frist is None else maal.frist.isoformat()),
        ("Status", _MAAL_STATUS[maal.status]), ("SynligIJobnet", _visible(maal.synlighed))],
        maal.id, version)


def _visible(synlighed: state.Synlighed) -> str:
    return "true" if synlighed is state.Synlighed.BORGER_SYNLIG else "false"


class MinPlanSender:
    """Delivers goals and aftaler to Min Plan; returns Min Plan's id of the item."""

    def __init__(self, session: aiohttp.ClientSession, dfdg_url: str,
                 persons: PersonClient) -> None:
        self._session = session
        self._base = dfdg_url.rstrip("/")
        self._persons = persons

    async def _cpr(self, borger_id: str) -> str:
        try:
            found = await self._persons.by_ids([borger_id])
        except SourceUnavailable:
            raise SendFailed("the person register did not answer") from None
        cpr = (found.get(borger_id) or {}).get("cprNummer")
        if not isinstance(cpr, str):
            raise SendFailed("the citizen is not in the person register", permanent=True)
        return cpr

    async def send(self, item: WritebackItem) -> str:
        """Deliver one item; Min Plan's id for it. SendFailed when it did not succeed."""
        if isinstance(item.element, state.PlanAftale):
            path, body = "aftaler", aftale_xml(item.element, item.plan_version)
        else:
            path, body = "maal", maal_xml(item.element, item.plan_version)
        headers = {"content-type": "application/xml", "accept": "application/xml",
                   "idempotency-key": item.idempotency_key,
                   "x-civilregistrationIdentifier": await self._cpr(item.borger_id)}
        try:
            async with self._session.post(f"{self._base}/dfdg/v1/minplan/{path}", data=body,
                                          headers=headers) as response:
                status, raw = response.status, await response.read()
        except (TimeoutError, aiohttp.ClientError):
            raise SendFailed("Min Plan: no connection or timeout") from None
        if status >= 400:
            raise SendFailed(f"Min Plan: HTTP {status}", permanent=status in _PERMANENT)
        try:
            ekstern_id = ET.fromstring(raw).get("id")
        except ET.ParseError:
            ekstern_id = None
        if not ekstern_id:
            raise SendFailed("Min Plan: an answer without the item's id")
        return ekstern_id
