"""Min Plan as the XML document DFDG hands to other systems (namespace ``urn:dk:star:minplan:1``).

The element names follow the JSON field names in PascalCase; the schema is ours, since the
DFDG XSD was not available [unverified], but the content is the full plan.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

__all__ = ["MINPLAN_NAMESPACE", "item_element", "item_to_xml", "minplan_to_xml"]

MINPLAN_NAMESPACE = "urn:dk:star:minplan:1"


def _pascal(name: str) -> str:
    return name[:1].upper() + name[1:]


def _add(parent: ET.Element, name: str, value: Any) -> None:
    if value is None:
        return
    element = ET.SubElement(parent, _pascal(name))
    if isinstance(value, dict):
        for key, item in value.items():
            _add(element, key, item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = str(value)


def item_element(item_name: str, item: dict[str, Any], id_key: str) -> ET.Element:
    """One ``Maal``/``Aftale``/``Tilbud`` element: the id as attribute, fields as children."""
    element = ET.Element(item_name, {"id": str(item[id_key])})
    for key, value in item.items():
        if key != id_key:
            _add(element, key, value)
    return element


def item_to_xml(item_name: str, item: dict[str, Any], id_key: str) -> bytes:
    """One Min Plan item as an XML document of its own (the answer to a delivery)."""
    element = item_element(item_name, item, id_key)
    element.set("xmlns", MINPLAN_NAMESPACE)
    document: bytes = ET.tostring(element, encoding="utf-8", xml_declaration=True)
    return document


def _add_list(parent: ET.Element, name: str, item_name: str, items: list[dict[str, Any]],
              id_key: str) -> None:
    container = ET.SubElement(parent, _pascal(name))
    for item in items:
        container.append(item_element(item_name, item, id_key))


def minplan_to_xml(record: dict[str, Any]) -> bytes:
    """Serialise the Min Plan of a DFDG citizen record as an XML document (UTF-8)."""
    plan = record["minPlan"]
    root = ET.Element("MinPlan", {"xmlns": MINPLAN_NAMESPACE, "planId": plan["planId"],
                                  "version": str(plan["version"])})
    ET.SubElement(ET.SubElement(root, "Borger"), "CPRNummer").text = record["cprNummer"]
    for key in ("sagId", "status", "oprettet", "senestOpdateret", "borgerAccept"):
        _add(root, key, plan[key])
    _add(root, "kontaktgruppe", record["kontaktgruppe"])
    _add_list(root, "maal", "Maal", plan["maal"], "maalId")
    _add_list(root, "aftaler", "Aftale", plan["aftaler"], "aftaleId")
    _add_list(root, "tilbud", "Tilbud", plan["tilbud"], "tilbudId")
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document
