"""Code catalogues the synthetic population draws from: FFB and FSIII (real, read from the
KL CodeSystems shipped in ``data/``), KLE numbers, and the few local code lists we lack.

FFB and FSIII codes are looked up by their Danish display path at run time, so a code is
never typed in here: if KL renames a concept, loading fails loudly instead of inventing one.
KLE numbers come from DOMAIN §2 (verified ones) or are marked ``[unverified]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import orjson

__all__ = [
    "DFDG_KONTAKTGRUPPE_SYSTEM",
    "DFDG_TILBUDSTYPE_SYSTEM",
    "FFB_SYSTEM",
    "FSIII_SYSTEM",
    "KLE_SYSTEM",
    "STIL_AKTIVITET_SYSTEM",
    "CodeSystem",
    "Concept",
    "ffb",
    "fsiii",
]

FFB_SYSTEM = "urn:oid:1.2.208.176.2.22"
FSIII_SYSTEM = "urn:oid:1.2.208.176.2.21"
KLE_SYSTEM = "urn:dk:kl:kle"
DFDG_TILBUDSTYPE_SYSTEM = "urn:dk:star:dfdg:tilbudstype"
DFDG_KONTAKTGRUPPE_SYSTEM = "urn:dk:star:dfdg:kontaktgruppe"
STIL_AKTIVITET_SYSTEM = "urn:dk:stil:udb:aktivitet"

_DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class Concept:
    """One concept of a code system: its code (a UUID for FFB/FSIII) and Danish display."""

    system: str
    code: str
    display: str
    children: tuple[Concept, ...]

    def child(self, display: str) -> Concept:
        """The direct child with this display text (raises ``KeyError`` if absent)."""
        for concept in self.children:
            if concept.display == display:
                return concept
        raise KeyError(f"{self.display!r} has no child {display!r}")

    def as_wire(self) -> dict[str, str]:
        """FHIR Coding shape, as the FFB/EOJ systems send it."""
        return {"system": self.system, "code": self.code, "display": self.display}


@dataclass(frozen=True, slots=True)
class CodeSystem:
    """A loaded KL CodeSystem with lookup by display path."""

    system: str
    version: str
    roots: tuple[Concept, ...]

    def path(self, *displays: str) -> Concept:
        """The concept reached by following display texts from a root (UUID-coded tree)."""
        for root in self.roots:
            if root.display == displays[0] and _is_uuid(root.code):
                concept = root
                for display in displays[1:]:
                    concept = concept.child(display)
                return concept
        raise KeyError(f"no root {displays[0]!r} in {self.system}")


def _is_uuid(code: str) -> bool:
    return len(code) == 36 and code.count("-") == 4


def _concept(system: str, raw: dict[str, Any]) -> Concept:
    children = tuple(_concept(system, child) for child in raw.get("concept", ()))
    return Concept(system=system, code=raw["code"], display=raw["display"], children=children)


def _load(filename: str) -> CodeSystem:
    raw = orjson.loads((_DATA / filename).read_bytes())
    system = raw["url"]
    roots = tuple(_concept(system, concept) for concept in raw["concept"])
    return CodeSystem(system=system, version=str(raw.get("version", "")), roots=roots)


@cache
def ffb() -> CodeSystem:
    """Fælles Faglige Begreber (``urn:oid:1.2.208.176.2.22``)."""
    return _load("CodeSystem-FFB.json")


@cache
def fsiii() -> CodeSystem:
    """Fælles Sprog III (``urn:oid:1.2.208.176.2.21``); nursing states are health data."""
    return _load("CodeSystem-FSIII.json")
