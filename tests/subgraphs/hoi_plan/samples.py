"""Sample actors, samtykker and cases for the HOI state tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from authz.store import (
    Actor,
    ActorKind,
    GivetAf,
    Kode,
    MyndighedRef,
    NewSamtykke,
    PartType,
    Periode,
    SamtykkeForm,
    SamtykkeHandling,
    SamtykkeType,
    Sektor,
)
from subgraphs.hoi.plan_state import HoiSag, HoiStore, Koordinator, NySag

KOMMUNE = "11111111"
KOORDINATOR = Actor(kind=ActorKind.MEDARBEJDER, id="karl-koordinator", cvr=KOMMUNE)
SOCIAL = Actor(kind=ActorKind.MEDARBEJDER, id="sofie-social", cvr=KOMMUNE)


class Clock:
    """A settable clock for a store (starts at the real now: samtykker are valid from then)."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        """Move the clock forward; the new now."""
        self.now += timedelta(**delta)
        return self.now


def borger_id() -> str:
    """A fresh citizen UUID."""
    return str(uuid.uuid4())


def citizen(borger: str) -> Actor:
    """The citizen as an actor."""
    return Actor(kind=ActorKind.BORGER, id=borger)


def hoi_samtykke(borger: str, *omraader: Sektor, **changes: Any) -> NewSamtykke:
    """A written HOI samtykke to the municipality (default: beskæftigelse, social)."""
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "borger_id": borger, "givet_af": GivetAf(type=PartType.BORGER),
        "formaal": Kode(system="urn:helhed:formaal", kode="HOI"),
        "handlinger": (SamtykkeHandling.SE,), "type": SamtykkeType.GIVET,
        "omraader": omraader or (Sektor.BESKAEFTIGELSE, Sektor.SOCIAL),
        "modtagere": (MyndighedRef(cvr=KOMMUNE),),
        "gyldighed": Periode(fra=now - timedelta(days=1), til=now + timedelta(days=365)),
        "form": SamtykkeForm.SKRIFTLIG}
    values.update(changes)
    return NewSamtykke(**values)


async def give(hoi: HoiStore, borger: str, *omraader: Sektor, **changes: Any) -> str:
    """Register a samtykke; its id."""
    given = await hoi.store.samtykker.give(hoi_samtykke(borger, *omraader, **changes),
                                           KOORDINATOR)
    return given.id


def ny_sag(borger: str, samtykke_id: str, *omraader: Sektor) -> NySag:
    """Opening a case for the koordinator persona."""
    return NySag(borger_id=borger, kommune_cvr=KOMMUNE,
                 koordinator=Koordinator(bruger_id=KOORDINATOR.id, cvr=KOMMUNE),
                 samtykke_id=samtykke_id,
                 omraader=omraader or (Sektor.BESKAEFTIGELSE, Sektor.SOCIAL),
                 aarsag="Borgeren har samtykket til HOI")


async def open_case(hoi: HoiStore, *omraader: Sektor) -> HoiSag:
    """A fresh citizen with a samtykke and an open case."""
    borger = borger_id()
    samtykke_id = await give(hoi, borger, *omraader)
    return await hoi.sager.opret(ny_sag(borger, samtykke_id, *omraader), KOORDINATOR)
