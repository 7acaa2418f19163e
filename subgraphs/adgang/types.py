"""GraphQL types of the adgang subgraph (DOMAIN §11.2 ``Samtykke`` and ``Adgangslog``).

Built from :mod:`authz.store` records. The enums mirror the store's by value. Two views of
the adgangslog: :class:`Adgangslog` for the auditor (who looked included) and
:class:`BorgerAdgang` for the citizen (organisation and purpose, never the employee's
identity: CJEU C-579/21, DOMAIN §9.3 and §12 G4).
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

import strawberry

from authz import store
from subgraphs.common.scalars import CVR, KLE
from subgraphs.common.types import Hjemmel, Kode, Periode, Sektor

__all__ = [
    "Adgangslog", "AdgangslogConnection", "AdgangslogEdge", "AktoerType", "BorgerAdgang",
    "BorgerAdgangConnection", "BorgerAdgangEdge", "LogAfvisning", "LogEntitet", "LogHandling",
    "LogViewerType", "MyndighedRef", "PageInfo", "Samtykke", "SamtykkeAktoer", "SamtykkeForm",
    "SamtykkeGiver", "SamtykkeGiverType", "SamtykkeHandling", "SamtykkeStatus",
    "SamtykkeStatusHaendelse", "SamtykkeType", "kode_of",
]


@strawberry.enum(description="What a samtykke permits.")
class SamtykkeHandling(enum.Enum):
    SE = "SE"
    INDHENTE = "INDHENTE"
    VIDEREGIVE = "VIDEREGIVE"
    BEHANDLE = "BEHANDLE"


@strawberry.enum(description="Consent given, or an objection (frabedelse).")
class SamtykkeType(enum.Enum):
    GIVET = "GIVET"
    FRABEDT = "FRABEDT"


@strawberry.enum(description="Life-cycle status; UDLOEBET is derived from gyldighed.til.")
class SamtykkeStatus(enum.Enum):
    UDKAST = "UDKAST"
    AFVENTER_BORGER = "AFVENTER_BORGER"
    AKTIV = "AKTIV"
    AFVIST = "AFVIST"
    TILBAGEKALDT = "TILBAGEKALDT"
    UDLOEBET = "UDLOEBET"
    FEJLREGISTRERET = "FEJLREGISTRERET"


@strawberry.enum(description="How the samtykke was given.")
class SamtykkeForm(enum.Enum):
    DIGITAL_MITID = "DIGITAL_MITID"
    SKRIFTLIG = "SKRIFTLIG"
    MUNDTLIG = "MUNDTLIG"


@strawberry.enum(description="Who gave a samtykke.")
class SamtykkeGiverType(enum.Enum):
    BORGER = "BORGER"
    VAERGE = "VAERGE"
    FORAELDREMYNDIGHED = "FORAELDREMYNDIGHED"
    FULDMAGTSHAVER = "FULDMAGTSHAVER"


@strawberry.enum(description="Who registered or changed a samtykke.")
class AktoerType(enum.Enum):
    MEDARBEJDER = "MEDARBEJDER"
    BORGER = "BORGER"
    SYSTEM = "SYSTEM"


@strawberry.enum(description="Who looked (adgangslog).")
class LogViewerType(enum.Enum):
    MEDARBEJDER = "MEDARBEJDER"
    BORGER = "BORGER"
    REVISOR = "REVISOR"
    SYSTEM = "SYSTEM"


@strawberry.enum(description="The kind of use of personal data (Datatilsynet's list).")
class LogHandling(enum.Enum):
    LAES = "LAES"
    SOEG = "SOEG"
    OPRET = "OPRET"
    AENDR = "AENDR"
    UDTRAEK = "UDTRAEK"
    SLET = "SLET"
    AFSLOER_BESKYTTET = "AFSLOER_BESKYTTET"


@strawberry.federation.type(shareable=True, description="An authority, optionally narrowed.")
class MyndighedRef:
    cvr: CVR
    org_enhed: uuid.UUID | None = None
    sektor: Sektor | None = None


@strawberry.type(description="Who gave the samtykke (the citizen or a representative).")
class SamtykkeGiver:
    type: SamtykkeGiverType
    reference: str | None = None


@strawberry.type(description="Who registered or changed a samtykke. An employee's user id is "
                             "hidden from citizens (rule C3): only the municipality shows.")
class SamtykkeAktoer:
    type: AktoerType
    id: str | None
    cvr: CVR | None


@strawberry.type(description="One status change, appended (nothing is overwritten).")
class SamtykkeStatusHaendelse:
    status: SamtykkeStatus
    tid: datetime
    aktoer: SamtykkeAktoer
    kanal: str | None
    aarsag: str | None


@strawberry.type(description="A samtykke (DOMAIN §8.1, FHIR Consent-mappable).")
class Samtykke:
    id: uuid.UUID
    borger_id: strawberry.Private[str]
    givet_af: SamtykkeGiver
    formaal: Kode
    handlinger: list[SamtykkeHandling]
    type: SamtykkeType
    omraader: list[Sektor]
    kle_afgraensning: list[KLE] | None
    afgivere: list[MyndighedRef]
    modtagere: list[MyndighedRef]
    gyldighed: Periode
    status: SamtykkeStatus
    status_tid: datetime = strawberry.field(description="Since when the status holds.")
    form: SamtykkeForm
    skabelon: Kode | None
    informations_tekst: str | None
    hjemmel: list[Hjemmel]
    registreret_af: SamtykkeAktoer
    registreret_tid: datetime
    tilbagekaldt_tid: datetime | None
    tilbagekaldt_kanal: str | None
    ekstern_reference: str | None
    historik: list[SamtykkeStatusHaendelse]


@strawberry.type(description="An object disclosed or refused.")
class LogEntitet:
    type: str
    id: str | None


@strawberry.type(description="Something refused within an otherwise answered request.")
class LogAfvisning:
    type: str
    id: str | None
    code: str


@strawberry.type(description="One use of personal data, as the auditor sees it.")
class Adgangslog:
    id: uuid.UUID
    tid: datetime
    transaktions_id: str
    viewer: str = strawberry.field(description="The user id (token subject) who looked.")
    viewer_type: LogViewerType
    kommune_cvr: CVR | None
    org_enhed: str | None
    formaal: str | None
    borger: uuid.UUID | None = strawberry.field(description="The citizen's internal id.")
    handling: LogHandling
    entiteter: list[LogEntitet]
    felter: list[str]
    soegekriterium: str | None
    samtykker: list[uuid.UUID]
    hjemmel: list[str]
    afvist: bool
    afvisnings_aarsag: str | None
    afviste: list[LogAfvisning]


@strawberry.type(description="One use of the citizen's data, as the citizen sees it: when, "
                             "which organisation, why, what kind of use; not who.")
class BorgerAdgang:
    tid: datetime
    kommune_cvr: CVR | None
    org_enhed: str | None
    formaal: str | None
    handling: LogHandling
    viewer_type: LogViewerType
    felter: list[str]
    samtykker: list[uuid.UUID]
    hjemmel: list[str]
    afvist: bool


@strawberry.federation.type(shareable=True, description="Relay-style page information.")
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class AdgangslogEdge:
    cursor: str
    node: Adgangslog


@strawberry.type(description="Adgangslog records, newest first.")
class AdgangslogConnection:
    edges: list[AdgangslogEdge]
    page_info: PageInfo


@strawberry.type
class BorgerAdgangEdge:
    cursor: str
    node: BorgerAdgang


@strawberry.type(description="The citizen's own access history, newest first.")
class BorgerAdgangConnection:
    edges: list[BorgerAdgangEdge]
    page_info: PageInfo


def kode_of(kode: store.Kode) -> Kode:
    """A GraphQL :class:`Kode` from the store's."""
    return Kode(system=kode.system, kode=kode.kode, tekst=kode.tekst, version=kode.version)
