"""Small GraphQL types of the HOI sag and plan: enums, actors, versions, write-back, results.

Enums mirror :mod:`subgraphs.hoi.plan_state`'s by value. Employees' user ids are shown to
employees only; a citizen sees the municipality (rule C3, as in the adgang subgraph).
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from subgraphs.common.scalars import CVR
from subgraphs.common.types import Sektor

if TYPE_CHECKING:
    from subgraphs.hoi.plan.objects import HoiPlan, HoiSag

__all__ = [
    "BorgerBidrag", "BorgerBidragType", "HoiAfslutningsKode", "HoiAktoer", "HoiAktoerType",
    "HoiIndsatsReference", "HoiKoordinator", "HoiPlanAendring", "HoiPlanResultat",
    "HoiSagHaendelse", "HoiSagResultat", "HoiSagStatus", "HoiSagVersion", "HoiSamtykkeOphoer",
    "HoiStempel", "PlanDokument", "PlanDokumentFormat", "Tilbageskrivning",
    "TilbageskrivningStatus",
]


@strawberry.enum(description="A HOI case's life cycle.")
class HoiSagStatus(enum.Enum):
    AKTIV = "AKTIV"
    SAMTYKKE_OPHOERT = "SAMTYKKE_OPHOERT"
    AFSLUTTET = "AFSLUTTET"


@strawberry.enum(description="Why a HOI case was closed (for reporting; aarsag says it in "
                             "words).")
class HoiAfslutningsKode(enum.Enum):
    MAAL_NAAET = "MAAL_NAAET"
    BORGERENS_OENSKE = "BORGERENS_OENSKE"
    ANDEN_INDSATS = "ANDEN_INDSATS"
    FRAFLYTNING = "FRAFLYTNING"
    ANDET = "ANDET"


@strawberry.enum(description="What a HOI case version records.")
class HoiSagHaendelse(enum.Enum):
    OPRETTET = "OPRETTET"
    AENDRET = "AENDRET"
    SAMTYKKE_OPHOERT = "SAMTYKKE_OPHOERT"
    AFSLUTTET = "AFSLUTTET"


@strawberry.enum(description="What one HOI plan version changed.")
class HoiPlanAendring(enum.Enum):
    OPRETTET = "OPRETTET"
    MAAL_TILFOEJET = "MAAL_TILFOEJET"
    MAAL_AENDRET = "MAAL_AENDRET"
    AFTALE_TILFOEJET = "AFTALE_TILFOEJET"
    AFTALE_AENDRET = "AFTALE_AENDRET"
    AFTALE_BEKRAEFTET = "AFTALE_BEKRAEFTET"
    INDSATS_TILFOEJET = "INDSATS_TILFOEJET"
    INDSATS_FJERNET = "INDSATS_FJERNET"
    BIDRAG_TILFOEJET = "BIDRAG_TILFOEJET"
    GODKENDT = "GODKENDT"


@strawberry.enum(description="Who made a change: an employee, the citizen, or the system.")
class HoiAktoerType(enum.Enum):
    MEDARBEJDER = "MEDARBEJDER"
    BORGER = "BORGER"
    SYSTEM = "SYSTEM"


@strawberry.enum(description="What the citizen contributed (DOMAIN §11.2).")
class BorgerBidragType(enum.Enum):
    EGET_MAAL = "EGET_MAAL"
    KOMMENTAR = "KOMMENTAR"
    OENSKE = "OENSKE"
    STATUS_OPDATERING = "STATUS_OPDATERING"
    AFTALE_BEKRAEFTELSE = "AFTALE_BEKRAEFTELSE"


@strawberry.enum(description="Where writing a plan item back to its sector's system stands.")
class TilbageskrivningStatus(enum.Enum):
    AFVENTER = "AFVENTER"
    I_GANG = "I_GANG"
    GENNEMFOERT = "GENNEMFOERT"
    FEJLET = "FEJLET"
    OPGIVET = "OPGIVET"
    ERSTATTET = "ERSTATTET"


@strawberry.type(description="The HOI koordinator. The user id is shown to employees only.")
class HoiKoordinator:
    bruger_id: str | None = strawberry.field(description="The worker's user id (token "
                                                         "subject); null for the citizen.")
    cvr: CVR


@strawberry.type(description="Who made a change. An employee's user id is hidden from the "
                             "citizen (rule C3): only the municipality shows.")
class HoiAktoer:
    type: HoiAktoerType
    id: str | None
    cvr: CVR | None


@strawberry.type(description="Who did something to a plan item, when, in which plan version.")
class HoiStempel:
    tid: datetime
    aktoer: HoiAktoer
    version: int


@strawberry.type(description="One version of a HOI case: its state after a change, and who, "
                             "when and why (nothing is overwritten).")
class HoiSagVersion:
    version: int
    haendelse: HoiSagHaendelse
    status: HoiSagStatus
    koordinator: HoiKoordinator
    samtykke_id: uuid.UUID
    omraader: list[Sektor]
    aarsag: str
    tid: datetime
    registreret_tid: datetime
    aktoer: HoiAktoer


@strawberry.type(description="The samtykke of a case has stopped (withdrawn or expired): its "
                             "access is closed and the plan frozen.")
class HoiSamtykkeOphoer:
    status: str = strawberry.field(description="The samtykke's status, e.g. TILBAGEKALDT.")
    tid: datetime | None = strawberry.field(description="Since when.")


@strawberry.type(description="Writing a plan item back to its sector's system (Min Plan for "
                             "beskæftigelse); the sector system stays the master.")
class Tilbageskrivning:
    status: TilbageskrivningStatus
    forsoeg: int = strawberry.field(description="Attempts so far (0 while queued).")
    sidst_forsoegt: datetime | None = strawberry.field(
        description="When the latest attempt was made or ended (null while queued).")
    plan_version: int = strawberry.field(description="The plan version being written back.")
    sektor: Sektor
    fejl: str | None = strawberry.field(
        description="Why the latest attempt failed (null once written).")
    ekstern_id: str | None = strawberry.field(
        description="The sector system's id of the item (Min Plan's), once written.")


@strawberry.enum(description="The form of a plan document.")
class PlanDokumentFormat(enum.Enum):
    PDF = "PDF"
    XML = "XML"


@strawberry.type(description="The plan as a document: a one-page PDF in plain Danish (the "
                             "køleskabsplan) or XML (schema urn:helhed:hoi:plan:1, "
                             "hoi-plan-1.xsd). Nothing internal, no employee names.")
class PlanDokument:
    filnavn: str
    media_type: str
    indhold: str = strawberry.field(description="The document, base64-encoded.")
    stoerrelse: int = strawberry.field(description="Bytes before encoding.")
    sha256: str = strawberry.field(description="SHA-256 of the bytes, hex.")
    plan_version: int


@strawberry.type(description="Something the citizen added to the plan (rule C4).")
class BorgerBidrag:
    id: uuid.UUID
    type: BorgerBidragType
    tekst: str
    tid: datetime
    relateret_til: uuid.UUID | None
    version: int = strawberry.field(description="The plan version that added it.")


@strawberry.type(description="A sector indsats the plan coordinates: a reference (type and id), "
                             "completed by the sector's subgraph through `indsatser`.")
class HoiIndsatsReference:
    indsats_id: uuid.UUID
    type: str = strawberry.field(description="The sector type name, e.g. SocialIndsats.")
    sektor: Sektor
    tilfoejet: HoiStempel


@strawberry.type(description="The outcome of a change of a HOI case.")
class HoiSagResultat:
    sag_id: uuid.UUID
    plan_id: uuid.UUID
    version: int = strawberry.field(description="The case's version after the change.")
    sag: Annotated[HoiSag, strawberry.lazy("subgraphs.hoi.plan.objects")] | None = \
        strawberry.field(description="The case (null when the caller may not see it).")


@strawberry.type(description="The outcome of a change of a HOI plan.")
class HoiPlanResultat:
    plan_id: uuid.UUID
    version: int = strawberry.field(description="The plan's version after the change: pass it "
                                                "with the next change.")
    element_id: uuid.UUID | None = strawberry.field(description="The item the change concerned.")
    plan: Annotated[HoiPlan, strawberry.lazy("subgraphs.hoi.plan.objects")] | None = \
        strawberry.field(description="The plan (null when the caller may not see it).")
