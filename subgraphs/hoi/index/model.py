"""The index's values: an access key, one metadata row, and the kinds of row (``Art``)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from authz.principal import Foelsomhed

__all__ = ["PLANTYPE_SYSTEM", "AccessKey", "Art", "MetadataRow"]

PLANTYPE_SYSTEM = "urn:helhed:plantype"
"""Code system of a plan row's type: the unified model's ``PlanType`` values (our own)."""


class Art(enum.StrEnum):
    """What a metadata row describes."""

    SAG = "SAG"
    INDSATS = "INDSATS"
    PLAN = "PLAN"
    KONTAKTGRUPPE = "KONTAKTGRUPPE"
    """DFDG's kontaktgruppe: the LAB målgruppe, and so the ydelse the citizen receives."""


@dataclass(frozen=True, slots=True)
class AccessKey:
    """What rule A1 looks at for one row: sector, municipality, KLE, følsomhed, unit."""

    sektor: str
    kommune_cvr: str
    kle: str | None
    foelsomhed: Foelsomhed
    ansvarlig_enhed: str | None

    @property
    def text(self) -> str:
        """The canonical text form (unique per key in ``hoi_mg_noegle``)."""
        return "|".join((self.sektor, self.kommune_cvr, self.kle or "",
                         str(int(self.foelsomhed)), self.ansvarlig_enhed or ""))


@dataclass(frozen=True, slots=True, kw_only=True)
class MetadataRow:
    """The metadata of one object of one citizen in one source system (no content)."""

    art: Art
    objekt_id: str | None
    """The object's id in the graph (None for a kontaktgruppe, which is not an object)."""
    key: AccessKey
    aktiv: bool
    """Whether the object is current (see :mod:`subgraphs.hoi.index.extract` per art)."""
    status: str | None
    """The object's status as the unified model spells it (``IGANGVAERENDE``, ``AFGJORT``)."""
    fra: date | None = None
    til: date | None = None
    type_system: str | None = None
    type_kode: str | None = None
    type_tekst: str | None = None
    """The code's display text from its catalogue (FFB, DFDG lists), not case content."""
    hjemmel_lov: str | None = None
    hjemmel_paragraf: str | None = None
