"""Value types and small enums of the unified model (DOMAIN §11), shared by all subgraphs.

Codes from external catalogues (KLE, FFB, FSIII, DFDG, STIL) are :class:`Kode`, never
enums; enums are only our own small, stable vocabularies.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

import strawberry

__all__ = [
    "AftaleStatus",
    "AftaleType",
    "Foelsomhed",
    "Funktionsevneniveau",
    "GodkendelseInfo",
    "Hjemmel",
    "IndsatsStatus",
    "Kilde",
    "Kode",
    "MaalStatus",
    "MaalType",
    "Opfoelgning",
    "Periode",
    "PlanStatus",
    "PlanType",
    "SagFremdrift",
    "Sektor",
    "Stoettebehov",
    "Synlighed",
    "Tilbud",
    "TilstandStatus",
    "VurderetAf",
]


@strawberry.federation.type(shareable=True,
                            description=("A code from an external catalogue (KLE, FFB, FSIII, "
                                         "DFDG, STIL)."))
class Kode:
    system: str
    kode: str
    tekst: str | None = None
    version: str | None = None


@strawberry.federation.type(shareable=True,
                            description="A period; til = null means open-ended.")
class Periode:
    fra: datetime | None = None
    til: datetime | None = None


@strawberry.federation.type(shareable=True,
                            description=("Where a value came from (mirrors SDI's IT-system "
                                         "relation)."))
class Kilde:
    it_system_uuid: uuid.UUID | None
    system_navn: str
    kilde_id: str | None
    hentet_tid: datetime


@strawberry.federation.type(shareable=True,
                            description='Legal basis, e.g. lov: "SEL", paragraf: "85".')
class Hjemmel:
    lov: str
    paragraf: str
    stk: str | None = None
    tekst: str | None = None


@strawberry.federation.type(shareable=True,
                            description="Provider of an indsats (FFB tilbudstype + name/CVR).")
class Tilbud:
    navn: str
    tilbudstype: Kode | None = None
    cvr: str | None = None


@strawberry.federation.type(shareable=True,
                            description=("A follow-up on an indsats (FFB 'status på indsats' + "
                                         "date)."))
class Opfoelgning:
    tid: datetime
    resultat: Kode
    naeste_opfoelgning: datetime | None = None


@strawberry.federation.type(shareable=True,
                            description="The citizen's approval of a plan.")
class GodkendelseInfo:
    godkendt: bool
    tid: datetime | None = None
    kanal: str | None = None


@strawberry.enum
class Sektor(enum.Enum):
    BESKAEFTIGELSE = "BESKAEFTIGELSE"
    SOCIAL = "SOCIAL"
    UDDANNELSE = "UDDANNELSE"
    SUNDHED = "SUNDHED"
    FORSOERGELSE = "FORSOERGELSE"
    TVAERGAAENDE = "TVAERGAAENDE"


@strawberry.enum(description="The SDI sensitivity scale (1–4), hierarchical.")
class Foelsomhed(enum.Enum):
    IKKE_FORTROLIGE_DATA = "IKKE_FORTROLIGE_DATA"
    FORTROLIGE_PERSONOPLYSNINGER = "FORTROLIGE_PERSONOPLYSNINGER"
    FOELSOMME_PERSONOPLYSNINGER = "FOELSOMME_PERSONOPLYSNINGER"
    VIP_SAGER = "VIP_SAGER"


@strawberry.enum(description="Whether the citizen may see the object (rule C3).")
class Synlighed(enum.Enum):
    INTERN = "INTERN"
    BORGER_SYNLIG = "BORGER_SYNLIG"


@strawberry.enum
class SagFremdrift(enum.Enum):
    OPSTAAET = "OPSTAAET"
    OPLYST = "OPLYST"
    AFGJORT = "AFGJORT"
    AFSLUTTET = "AFSLUTTET"


@strawberry.enum
class IndsatsStatus(enum.Enum):
    ANSOEGT = "ANSOEGT"
    VISITERET = "VISITERET"
    BEVILGET = "BEVILGET"
    PLANLAGT = "PLANLAGT"
    IGANGVAERENDE = "IGANGVAERENDE"
    PAUSE = "PAUSE"
    AFSLUTTET = "AFSLUTTET"
    AFBRUDT = "AFBRUDT"
    AFSLAAET = "AFSLAAET"
    ANNULLERET = "ANNULLERET"


@strawberry.enum
class Funktionsevneniveau(enum.Enum):
    INGEN = "INGEN"
    LET = "LET"
    MODERAT = "MODERAT"
    SVAER = "SVAER"
    FULDSTAENDIG = "FULDSTAENDIG"
    IKKE_VURDERET = "IKKE_VURDERET"
    IKKE_RELEVANT = "IKKE_RELEVANT"


@strawberry.enum
class Stoettebehov(enum.Enum):
    INTET = "INTET"
    LET = "LET"
    MODERAT = "MODERAT"
    HOEJT = "HOEJT"
    FULDSTAENDIGT = "FULDSTAENDIGT"
    IKKE_VURDERET = "IKKE_VURDERET"


@strawberry.enum
class VurderetAf(enum.Enum):
    FAGPERSON = "FAGPERSON"
    BORGER = "BORGER"
    FAELLES = "FAELLES"


@strawberry.enum
class TilstandStatus(enum.Enum):
    AKTIV = "AKTIV"
    INAKTIV = "INAKTIV"
    FEJLREGISTRERET = "FEJLREGISTRERET"


@strawberry.enum
class MaalType(enum.Enum):
    BESKAEFTIGELSESMAAL = "BESKAEFTIGELSESMAAL"
    UDDANNELSESMAAL = "UDDANNELSESMAAL"
    INDSATSMAAL = "INDSATSMAAL"
    LIVSMESTRINGSMAAL = "LIVSMESTRINGSMAAL"
    BORGERENS_EGET_MAAL = "BORGERENS_EGET_MAAL"
    DELMAAL = "DELMAAL"


@strawberry.enum
class MaalStatus(enum.Enum):
    AKTIV = "AKTIV"
    OPNAAET = "OPNAAET"
    DELVIST_OPNAAET = "DELVIST_OPNAAET"
    IKKE_OPNAAET = "IKKE_OPNAAET"
    OPGIVET = "OPGIVET"
    ERSTATTET = "ERSTATTET"


@strawberry.enum
class AftaleType(enum.Enum):
    SAMTALE = "SAMTALE"
    MOEDE = "MOEDE"
    AKTIVITET = "AKTIVITET"
    FRIST = "FRIST"
    SUNDHEDSAFTALE = "SUNDHEDSAFTALE"
    OPFOELGNING = "OPFOELGNING"


@strawberry.enum
class AftaleStatus(enum.Enum):
    PLANLAGT = "PLANLAGT"
    BEKRAEFTET = "BEKRAEFTET"
    AFHOLDT = "AFHOLDT"
    AFLYST = "AFLYST"
    UDEBLEVET = "UDEBLEVET"
    FLYTTET = "FLYTTET"


@strawberry.enum
class PlanType(enum.Enum):
    HELHEDSORIENTERET_PLAN = "HELHEDSORIENTERET_PLAN"
    MIN_PLAN = "MIN_PLAN"
    UDDANNELSESPLAN = "UDDANNELSESPLAN"
    UDDANNELSESPAALAEG = "UDDANNELSESPAALAEG"
    REHABILITERINGSPLAN_INDSATSDEL = "REHABILITERINGSPLAN_INDSATSDEL"
    SOCIAL_HANDLEPLAN = "SOCIAL_HANDLEPLAN"
    FFB_INDSATSPLAN = "FFB_INDSATSPLAN"
    SUNDHEDSFAGLIG_PLAN = "SUNDHEDSFAGLIG_PLAN"


@strawberry.enum
class PlanStatus(enum.Enum):
    UDKAST = "UDKAST"
    AKTIV = "AKTIV"
    TIL_GODKENDELSE = "TIL_GODKENDELSE"
    AFSLUTTET = "AFSLUTTET"
    ERSTATTET = "ERSTATTET"
