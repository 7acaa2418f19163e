"""The access metadata of one object, read (fail closed) from what the gateway fetched."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from authz.principal import Foelsomhed, is_kle_number

__all__ = ["ObjectFacts", "SEKTORER", "read_object_facts"]

SEKTORER = frozenset({"BESKAEFTIGELSE", "SOCIAL", "UDDANNELSE", "SUNDHED", "FORSOERGELSE",
                      "TVAERGAAENDE"})
"""The values of the ``Sektor`` enum (DOMAIN §11.1)."""

_CVR = re.compile(r"\d{8}")


@dataclass(frozen=True, slots=True, kw_only=True)
class ObjectFacts:
    """What rule A1/A2/A5/C1/C3 look at: one object of one citizen (DOMAIN §11 principle 1)."""

    typename: str
    """The object's GraphQL type."""
    id: str | None
    """The object's id (for the audit)."""
    borger_id: str
    """The citizen the object belongs to (internal UUID, never a CPR)."""
    kommune_cvr: str
    """The municipality whose data it is."""
    sektor: str
    """The sector that owns it."""
    kle: str | None
    """Its KLE number, if it has one."""
    foelsomhed: Foelsomhed
    """Its sensitivity."""
    ansvarlig_enhed: str | None
    """The responsible OrgEnhed, if known."""
    intern: bool
    """True when ``synlighed`` is ``INTERN`` (hidden from the citizen, rule C3)."""


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def read_object_facts(typename: str, attrs: Mapping[str, Any]) -> ObjectFacts | None:
    """Facts from the guard fields (``kommuneCvr``, ``sektor``, …, ``borgerId``).

    Returns None when anything the rules need is missing or malformed: the caller then denies
    the object (rule G2, fail closed) — a subgraph that failed to deliver it included.
    """
    borger_id = _text(attrs.get("borgerId"))
    cvr, sektor = _text(attrs.get("kommuneCvr")), _text(attrs.get("sektor"))
    kle = attrs.get("kle")
    try:
        foelsomhed = Foelsomhed.parse(attrs.get("foelsomhed"))
    except ValueError:
        return None
    if (borger_id is None or cvr is None or not _CVR.fullmatch(cvr) or sektor not in SEKTORER
            or (kle is not None and not is_kle_number(kle))
            or attrs.get("synlighed") not in ("INTERN", "BORGER_SYNLIG")):
        return None
    return ObjectFacts(typename=typename, id=_text(attrs.get("id")), borger_id=borger_id,
                       kommune_cvr=cvr, sektor=sektor, kle=kle, foelsomhed=foelsomhed,
                       ansvarlig_enhed=_text(attrs.get("ansvarligEnhed")),
                       intern=attrs.get("synlighed") == "INTERN")
