"""GraphQL types of the target-group search: the filter input and the Relay connection."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from subgraphs.common.types import Foelsomhed, Hjemmel, Kode, Sektor
from subgraphs.hoi.index.model import PLANTYPE_SYSTEM, Art, MetadataRow
from subgraphs.hoi.index.search import Hit

if TYPE_CHECKING:
    from subgraphs.hoi.schema import Borger

__all__ = ["IndsatsKriterium", "KodeKriterium", "MaalgruppeConnection", "MaalgruppeEdge",
           "MaalgruppeFilter", "MaalgruppeMetadata", "MaalgruppePageInfo",
           "MaalgruppeTraeffer", "MetadataArt", "traeffer_of"]

_SECTOR_ORDER = ("BESKAEFTIGELSE", "FORSOERGELSE", "SOCIAL", "UDDANNELSE", "SUNDHED")


@strawberry.input(description="An indsats type: by code (system + kode), by hjemmel "
                              "(lov + paragraf), or both. Examples: lov SEL paragraf 85 "
                              "(socialpædagogisk støtte), system urn:dk:star:dfdg:tilbudstype "
                              "kode MENTOR (LAB §78), system urn:helhed:plantype kode "
                              "UDDANNELSESPAALAEG.")
class IndsatsKriterium:
    system: str | None = None
    kode: str | None = None
    lov: str | None = None
    paragraf: str | None = None


@strawberry.input(description="A code from a catalogue, e.g. a DFDG kontaktgruppe.")
class KodeKriterium:
    system: str
    kode: str


@strawberry.input(description="Who to find; every given part must hold, counted only over "
                              "the metadata the caller's privileges cover (rule A1/H2).")
class MaalgruppeFilter:
    min_aktive_sektorer: int | None = strawberry.field(
        default=None, description="Active sager in at least this many sectors.")
    indsatser: list[IndsatsKriterium] | None = strawberry.field(
        default=None, description="An active indsats (or sag, for a hjemmel; or plan, for a "
                                  "plan type) matching any of these.")
    kontaktgrupper: list[KodeKriterium] | None = strawberry.field(
        default=None, description="An active DFDG kontaktgruppe (the ydelse) among these.")
    har_min_plan: bool | None = strawberry.field(
        default=None, description="Has an active Min Plan (true) or none visible (false).")
    min_alder: int | None = strawberry.field(default=None, description="Age at least this.")
    max_alder: int | None = strawberry.field(default=None, description="Age at most this.")
    skal_maalgruppe: bool | None = strawberry.field(
        default=False, description="The HOI skal-målgruppe (DOMAIN §10) from configuration: "
                                   "25+, Min Plan, a listed ydelse and a listed social indsats.")


@strawberry.enum(description="What a metadata row describes.")
class MetadataArt(enum.Enum):
    SAG = "SAG"
    INDSATS = "INDSATS"
    PLAN = "PLAN"
    KONTAKTGRUPPE = "KONTAKTGRUPPE"


@strawberry.type(description="Metadata of one sag, indsats, plan or kontaktgruppe (no "
                             "content: no titles, notes or descriptions).")
class MaalgruppeMetadata:
    art: MetadataArt
    sektor: Sektor
    kommune_cvr: str
    kle: str | None
    foelsomhed: Foelsomhed
    ansvarlig_enhed: uuid.UUID | None
    objekt_id: uuid.UUID | None = strawberry.field(
        description="The object's id in the graph (null for a kontaktgruppe).")
    status: str | None
    aktiv: bool
    fra: date | None
    til: date | None
    type: Kode | None = strawberry.field(description="FFB ydelse, DFDG tilbudstype or "
                                                     "kontaktgruppe, plan type, ...")
    hjemmel: Hjemmel | None


def _metadata(row: MetadataRow) -> MaalgruppeMetadata:
    key = row.key
    return MaalgruppeMetadata(
        art=MetadataArt(row.art.value), sektor=Sektor(key.sektor), kommune_cvr=key.kommune_cvr,
        kle=key.kle, foelsomhed=Foelsomhed(key.foelsomhed.name),
        ansvarlig_enhed=None if key.ansvarlig_enhed is None else uuid.UUID(key.ansvarlig_enhed),
        objekt_id=None if row.objekt_id is None else uuid.UUID(row.objekt_id), status=row.status,
        aktiv=row.aktiv, fra=row.fra, til=row.til,
        type=None if row.type_system is None or row.type_kode is None else Kode(
            system=row.type_system, kode=row.type_kode, tekst=row.type_tekst),
        hjemmel=None if row.hjemmel_lov is None or row.hjemmel_paragraf is None else Hjemmel(
            lov=row.hjemmel_lov, paragraf=row.hjemmel_paragraf))


def _age(born: date | None, today: date) -> int | None:
    if born is None:
        return None
    return today.year - born.year - int((today.month, today.day) < (born.month, born.day))


@strawberry.type(description="A citizen found by the search, with the metadata the caller "
                             "may see.")
class MaalgruppeTraeffer:
    borger_id: uuid.UUID = strawberry.field(
        description="The citizen's internal id (never the CPR): what the gateway's audit "
                    "reads, whichever fields the client selected.")
    borger: Annotated[Borger, strawberry.lazy("subgraphs.hoi.schema")]
    foedselsdato: date | None
    alder: int | None
    aktive_sektorer: list[Sektor] = strawberry.field(
        description="Sectors with an active sag the caller may see, in sector order.")
    har_min_plan: bool = strawberry.field(description="An active Min Plan the caller may see.")
    rows: strawberry.Private[tuple[MetadataRow, ...]]

    @strawberry.field(description="The citizen's metadata rows the caller may see (by "
                                  "default only the active ones).")
    def metadata(self, kun_aktive: bool = True) -> list[MaalgruppeMetadata]:
        return [_metadata(row) for row in self.rows if row.aktiv or not kun_aktive]


def traeffer_of(hit: Hit, today: date) -> MaalgruppeTraeffer:
    """The node for one hit."""
    from subgraphs.hoi.schema import Borger  # the entity's module imports this one

    active = {row.key.sektor for row in hit.rows if row.art is Art.SAG and row.aktiv}
    return MaalgruppeTraeffer(
        borger_id=uuid.UUID(hit.borger_id), borger=Borger(id=uuid.UUID(hit.borger_id)),
        foedselsdato=hit.foedselsdato,
        alder=_age(hit.foedselsdato, today),
        aktive_sektorer=[Sektor(s) for s in _SECTOR_ORDER if s in active],
        har_min_plan=any(row.art is Art.PLAN and row.aktiv and row.type_kode == "MIN_PLAN"
                         and row.type_system == PLANTYPE_SYSTEM for row in hit.rows),
        rows=hit.rows)


@strawberry.type
class MaalgruppeEdge:
    cursor: str
    node: MaalgruppeTraeffer


@strawberry.type
class MaalgruppePageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="One page of the target-group search (Relay connection).")
class MaalgruppeConnection:
    edges: list[MaalgruppeEdge]
    page_info: MaalgruppePageInfo
    kriterier: str = strawberry.field(description="The search criteria as the adgangslog "
                                                  "records them (no CPR numbers).")
    counter: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many citizens match in all (counted on request).")
    async def total_count(self) -> int:
        return await self.counter()
