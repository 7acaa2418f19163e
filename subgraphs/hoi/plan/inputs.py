"""Inputs of the HOI plan mutations, and their translation into plan edits."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import strawberry

from authz.store import Kode as StoreKode
from authz.store import Sektor as StoreSektor
from subgraphs.common.scalars import CVR
from subgraphs.common.types import (
    AftaleStatus,
    AftaleType,
    Funktionsevneniveau,
    MaalStatus,
    MaalType,
    Sektor,
    Synlighed,
    VurderetAf,
)
from subgraphs.hoi import plan_state as state

__all__ = ["AendrHoiAftaleInput", "AendrHoiMaalInput", "KodeInput", "KoordinatorInput",
           "TilfoejHoiAftaleInput", "TilfoejHoiMaalInput", "store_sektor"]


def store_sektor(value: Sektor | None) -> StoreSektor | None:
    """The store's sector for a GraphQL one."""
    return None if value is None else StoreSektor(value.value)


def _synlighed(value: Synlighed | None) -> state.Synlighed | None:
    return None if value is None else state.Synlighed(value.value)


@strawberry.input(description="The koordinator: a worker's user id (token subject) and CVR.")
class KoordinatorInput:
    bruger_id: str
    cvr: CVR

    def to_store(self) -> state.Koordinator:
        """The store's koordinator."""
        return state.Koordinator(bruger_id=self.bruger_id, cvr=self.cvr)


@strawberry.input(description="A code from an external catalogue.")
class KodeInput:
    system: str
    kode: str
    tekst: str | None = None
    version: str | None = None


@strawberry.input(description="A goal to add. Employees add FAGPERSON or FAELLES goals; a "
                              "citizen's own goal is always formuleretAf BORGER.")
class TilfoejHoiMaalInput:
    plan_id: uuid.UUID
    version: int = strawberry.field(description="The plan version the change is based on.")
    type: MaalType
    beskrivelse: str
    formuleret_af: VurderetAf | None = strawberry.field(
        default=None, description="Default: BORGER for the citizen, FAGPERSON for employees.")
    maaltype: KodeInput | None = None
    forventet_niveau: Funktionsevneniveau | None = None
    frist: date | None = None
    fagomraade: Sektor | None = strawberry.field(
        default=None, description="The sector whose system the goal belongs to (written back "
                                  "there); null: the HOI plan only.")
    synlighed: Synlighed = Synlighed.BORGER_SYNLIG
    aarsag: str | None = None

    def to_edit(self, citizen: bool) -> state.TilfoejMaal:
        """The plan edit."""
        formuleret = self.formuleret_af or (VurderetAf.BORGER if citizen
                                            else VurderetAf.FAGPERSON)
        kode = self.maaltype
        return state.TilfoejMaal(
            type=state.MaalType(self.type.value), beskrivelse=self.beskrivelse,
            formuleret_af=state.VurderetAf(formuleret.value),
            maaltype=None if kode is None else StoreKode(system=kode.system, kode=kode.kode,
                                                         tekst=kode.tekst, version=kode.version),
            forventet_niveau=None if self.forventet_niveau is None
            else self.forventet_niveau.value, frist=self.frist,
            fagomraade=store_sektor(self.fagomraade),
            synlighed=state.Synlighed(self.synlighed.value))


@strawberry.input(description="A change of a goal; fields left out stay as they are.")
class AendrHoiMaalInput:
    plan_id: uuid.UUID
    version: int
    maal_id: uuid.UUID
    beskrivelse: str | None = None
    status: MaalStatus | None = None
    frist: date | None = None
    forventet_niveau: Funktionsevneniveau | None = None
    fagomraade: Sektor | None = None
    synlighed: Synlighed | None = None
    aarsag: str | None = None

    def to_edit(self) -> state.AendrMaal:
        """The plan edit."""
        return state.AendrMaal(
            maal_id=str(self.maal_id), beskrivelse=self.beskrivelse,
            status=None if self.status is None else state.MaalStatus(self.status.value),
            frist=self.frist, forventet_niveau=None if self.forventet_niveau is None
            else self.forventet_niveau.value, fagomraade=store_sektor(self.fagomraade),
            synlighed=_synlighed(self.synlighed))


@strawberry.input(description="An aftale to add (employees).")
class TilfoejHoiAftaleInput:
    plan_id: uuid.UUID
    version: int
    type: AftaleType
    titel: str
    fra: datetime
    til: datetime | None = None
    sted: str | None = None
    aftalt_indhold: str | None = None
    fagomraade: Sektor | None = None
    synlighed: Synlighed = Synlighed.BORGER_SYNLIG
    aarsag: str | None = None

    def to_edit(self) -> state.TilfoejAftale:
        """The plan edit."""
        return state.TilfoejAftale(
            type=state.AftaleType(self.type.value), titel=self.titel, fra=self.fra,
            til=self.til, sted=self.sted, aftalt_indhold=self.aftalt_indhold,
            fagomraade=store_sektor(self.fagomraade),
            synlighed=state.Synlighed(self.synlighed.value))


@strawberry.input(description="A change of an aftale (employees); fields left out stay.")
class AendrHoiAftaleInput:
    plan_id: uuid.UUID
    version: int
    aftale_id: uuid.UUID
    titel: str | None = None
    fra: datetime | None = None
    til: datetime | None = None
    sted: str | None = None
    status: AftaleStatus | None = None
    aftalt_indhold: str | None = None
    fagomraade: Sektor | None = None
    synlighed: Synlighed | None = None
    aarsag: str | None = None

    def to_edit(self) -> state.AendrAftale:
        """The plan edit."""
        return state.AendrAftale(
            aftale_id=str(self.aftale_id), titel=self.titel, fra=self.fra, til=self.til,
            sted=self.sted,
            status=None if self.status is None else state.AftaleStatus(self.status.value),
            aftalt_indhold=self.aftalt_indhold, fagomraade=store_sektor(self.fagomraade),
            synlighed=_synlighed(self.synlighed))
