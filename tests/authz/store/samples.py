"""Sample samtykker, actors and audit records for the store tests."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from authz.store import (
    Actor,
    ActorKind,
    AuditRecord,
    GivetAf,
    Hjemmel,
    Kode,
    LogHandling,
    MyndighedRef,
    NewSamtykke,
    PartType,
    Periode,
    SamtykkeForm,
    SamtykkeHandling,
    SamtykkeType,
    Sektor,
    ViewerKind,
)

KOMMUNE = "11111111"
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
WORKER = Actor(kind=ActorKind.MEDARBEJDER, id="socialraadgiver", cvr=KOMMUNE)


def borger_id() -> str:
    """A fresh citizen UUID."""
    return str(uuid.uuid4())


def new_samtykke(borger: str, **changes: Any) -> NewSamtykke:
    """A HOI samtykke for social + uddannelse data to the municipality, valid for a month."""
    now = datetime.now(UTC)
    base = NewSamtykke(
        borger_id=borger, givet_af=GivetAf(type=PartType.BORGER),
        formaal=Kode(system="urn:helhed:formaal", kode="hoi-udredning",
                     tekst="Helhedsorienteret udredning og plan"),
        handlinger=(SamtykkeHandling.SE, SamtykkeHandling.INDHENTE),
        type=SamtykkeType.GIVET, omraader=(Sektor.SOCIAL, Sektor.UDDANNELSE),
        kle_afgraensning=("27.*", "17.*"),
        afgivere=(MyndighedRef(cvr=KOMMUNE, sektor=Sektor.SOCIAL),),
        modtagere=(MyndighedRef(cvr=KOMMUNE, org_enhed=str(uuid.uuid4()),
                                sektor=Sektor.BESKAEFTIGELSE),),
        gyldighed=Periode(fra=now - timedelta(days=1), til=now + timedelta(days=30)),
        form=SamtykkeForm.SKRIFTLIG,
        skabelon=Kode(system="urn:digst:samtykke:skabelon", kode="HOI-1", version="2"),
        informations_tekst="Du giver samtykke til ...",
        hjemmel=(Hjemmel(lov="HOI", paragraf="3", stk="2"),),
        ekstern_reference="ds-123", kanal="papir")
    return replace(base, **changes)


def audit_record(**changes: Any) -> AuditRecord:
    """A read by a jobcenter worker at T0."""
    base = AuditRecord(
        tid=T0, transaktions_id=str(uuid.uuid4()), viewer_kind=ViewerKind.MEDARBEJDER,
        viewer_id="jobcenter", handling=LogHandling.LAES, kommune_cvr=KOMMUNE,
        formaal="Beskæftigelsesindsats", borger_id=borger_id())
    return replace(base, **changes)
