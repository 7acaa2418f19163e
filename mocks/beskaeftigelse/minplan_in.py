"""Reading a Min Plan ``Aftale`` or ``Maal`` another system delivers, in the Min Plan XML format.

The body is one element in namespace ``urn:dk:star:minplan:1``, spelled as the mock serves
Min Plan (JSON field names in PascalCase), plus a ``Kilde`` saying which system delivers it,
its id there and the version::

    <Aftale xmlns="urn:dk:star:minplan:1">
      <Samtaletype>Samtale om praktik</Samtaletype>
      <Tidspunkt>2026-06-01T07:00:00+00:00</Tidspunkt>
      <VarighedMinutter>60</VarighedMinutter>
      <Sted>Jobcenter Korsbæk</Sted>              (optional)
      <Status>planlagt</Status>                   (planlagt | afholdt | aflyst | udeblevet)
      <AftaltIndhold>...</AftaltIndhold>          (optional)
      <SynligIJobnet>true</SynligIJobnet>
      <Kilde><System>urn:helhed:hoi</System><Id>UUID</Id><Version>7</Version></Kilde>
    </Aftale>

    <Maal xmlns="urn:dk:star:minplan:1">
      <Maaltype>JOBMAAL</Maaltype>                (JOBMAAL | UDDANNELSESMAAL)
      <Beskrivelse>...</Beskrivelse>
      <Frist>2027-06-01</Frist>                   (optional)
      <Status>aktiv</Status>                      (aktiv | opnaaet | opgivet)
      <SynligIJobnet>true</SynligIJobnet>
      <Kilde>...</Kilde>
    </Maal>

Anything malformed is :class:`InvalidItem` (HTTP 400), naming the element, never its text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from xml.etree import ElementTree as ET

from mocks.beskaeftigelse.minplan_xml import MINPLAN_NAMESPACE

__all__ = ["AFTALE", "MAAL", "InvalidItem", "ItemKind", "Kilde", "parse_item"]

MAX_TEXT = 4000


class InvalidItem(ValueError):
    """The delivered document is not a valid Min Plan item."""


@dataclass(frozen=True, slots=True)
class Kilde:
    """Who delivers an item: their system, the item's id there, and its version."""

    system: str
    id: str
    version: int


@dataclass(frozen=True, slots=True)
class _Field:
    key: str
    """The JSON field name (the element is its PascalCase)."""
    parse: Callable[[str], Any]
    required: bool = True


@dataclass(frozen=True, slots=True)
class ItemKind:
    """One kind of Min Plan item: its element, id field, plan list and fields."""

    element: str
    id_key: str
    plan_key: str
    """The list in ``minPlan`` it belongs to (``aftaler`` or ``maal``)."""
    fields: tuple[_Field, ...]


def _text(value: str) -> str:
    text = value.strip()
    if not text or len(text) > MAX_TEXT:
        raise ValueError("empty or too long")
    return text


def _one_of(*allowed: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value.strip() not in allowed:
            raise ValueError("not an allowed value")
        return value.strip()
    return parse


def _instant(value: str) -> str:
    parsed = datetime.fromisoformat(value.strip())
    if parsed.tzinfo is None:
        raise ValueError("an instant needs a UTC offset")
    return parsed.isoformat()


def _date(value: str) -> str:
    return date.fromisoformat(value.strip()).isoformat()


def _minutes(value: str) -> int:
    minutes = int(value.strip())
    if not 1 <= minutes <= 24 * 60:
        raise ValueError("out of range")
    return minutes


def _bool(value: str) -> bool:
    return {"true": True, "false": False}[value.strip()]


AFTALE = ItemKind("Aftale", "aftaleId", "aftaler", (
    _Field("samtaletype", _text), _Field("tidspunkt", _instant),
    _Field("varighedMinutter", _minutes), _Field("sted", _text, required=False),
    _Field("status", _one_of("planlagt", "afholdt", "aflyst", "udeblevet")),
    _Field("aftaltIndhold", _text, required=False), _Field("synligIJobnet", _bool)))
MAAL = ItemKind("Maal", "maalId", "maal", (
    _Field("maaltype", _one_of("JOBMAAL", "UDDANNELSESMAAL")), _Field("beskrivelse", _text),
    _Field("frist", _date, required=False),
    _Field("status", _one_of("aktiv", "opnaaet", "opgivet")), _Field("synligIJobnet", _bool)))


def _q(name: str) -> str:
    return f"{{{MINPLAN_NAMESPACE}}}{name}"


def _pascal(key: str) -> str:
    return key[:1].upper() + key[1:]


def _kilde(root: ET.Element) -> Kilde:
    element = root.find(_q("Kilde"))
    if element is None:
        raise InvalidItem("Kilde is required")
    values = {name: (element.findtext(_q(name)) or "").strip()
              for name in ("System", "Id", "Version")}
    try:
        version = int(values["Version"])
    except ValueError:
        raise InvalidItem("Kilde/Version must be an integer") from None
    if not values["System"] or not values["Id"] or version < 1:
        raise InvalidItem("Kilde needs System, Id and a Version of at least 1")
    return Kilde(system=values["System"], id=values["Id"], version=version)


def parse_item(kind: ItemKind, raw: bytes) -> tuple[dict[str, Any], Kilde]:
    """The item's fields (JSON names, in the kind's order) and its Kilde; InvalidItem if bad."""
    try:
        root = ET.fromstring(raw)
    except ET.ParseError:
        raise InvalidItem("the body is not well-formed XML") from None
    if root.tag != _q(kind.element):
        raise InvalidItem(f"expected one {kind.element} element in {MINPLAN_NAMESPACE}")
    fields: dict[str, Any] = {}
    for spec in kind.fields:
        text = root.findtext(_q(_pascal(spec.key)))
        if text is None or not text.strip():
            if spec.required:
                raise InvalidItem(f"{_pascal(spec.key)} is required")
            continue
        try:
            fields[spec.key] = spec.parse(text)
        except (ValueError, KeyError):
            raise InvalidItem(f"{_pascal(spec.key)} is not valid") from None
    return fields, _kilde(root)
