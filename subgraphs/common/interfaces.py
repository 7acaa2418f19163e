"""The sector-neutral interfaces every sector subgraph implements (DOMAIN §11.2).

``AdgangsStyret`` carries the access metadata the gateway's policy decides on, resolved by
the subgraph that owns the object. ``TidslinjeElement`` adds the instant and label an item
sits at on the cross-sector timeline. ``Sag``, ``Indsats``, ``Tilstand``, ``Maal``,
``Aftale`` and ``Plan`` are interfaces (not §11's single types) because each sector owns its
own implementations: federation routes an entity by type, never by a ``sektor`` value.

Values are built eagerly from one mock record, so these are plain fields, not resolvers.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

import strawberry

from subgraphs.common.scalars import CVR, KLE
from subgraphs.common.types import (
    AftaleStatus,
    AftaleType,
    Foelsomhed,
    Funktionsevneniveau,
    GodkendelseInfo,
    Hjemmel,
    IndsatsStatus,
    Kilde,
    Kode,
    MaalStatus,
    MaalType,
    Opfoelgning,
    Periode,
    PlanStatus,
    PlanType,
    SagFremdrift,
    Sektor,
    Stoettebehov,
    Synlighed,
    Tilbud,
    TilstandStatus,
    VurderetAf,
)

__all__ = ["AdgangsFelter", "AdgangsStyret", "Aftale", "Indsats", "Maal", "Plan", "Sag",
           "TidslinjeElement", "TidslinjeFelter", "Tilstand"]


@strawberry.type
class AdgangsFelter:
    """``AdgangsStyret``'s fields, declared once for the interface and for hoi's objects
    (whose interfaces in hoi are id-only references)."""

    id: uuid.UUID
    kommune_cvr: CVR
    sektor: Sektor
    kle: KLE | None
    foelsomhed: Foelsomhed
    ansvarlig_enhed: uuid.UUID | None
    kilde: Kilde
    synlighed: Synlighed
    borger_id: uuid.UUID | None = strawberry.field(
        description="Internal id of the citizen this object concerns (never the CPR); the "
                    "gateway's access policy reads it.")


@strawberry.type
class TidslinjeFelter(AdgangsFelter):
    """``TidslinjeElement``'s fields, declared once as :class:`AdgangsFelter` is."""

    tidslinje_tid: datetime = strawberry.field(
        description="The instant this item sits at on the timeline (its main date).")
    tidslinje_tekst: str = strawberry.field(description="A short, public-safe label.")


@strawberry.interface(description="Access-control metadata on every object (DOMAIN §11, §12).")
class AdgangsStyret(AdgangsFelter):
    pass


@strawberry.interface(description="A dated item on the cross-sector timeline (SAPA-style).")
class TidslinjeElement(TidslinjeFelter, AdgangsStyret):
    pass


@strawberry.interface(description="A case in a sector system (SDI Sag).")
class Sag(TidslinjeElement):
    sagsnummer: str
    titel: str
    kle_titel: str | None
    fremdrift: SagFremdrift
    hjemmel: list[Hjemmel]
    kategorier: list[Kode]
    er_hoi_sag: bool
    oprettet: datetime
    virkning: Periode | None
    indsatser: list[Indsats]


@strawberry.interface(description="Anything started to change or maintain a state.")
class Indsats(TidslinjeElement):
    type: Kode
    titel: str
    hjemmel: list[Hjemmel]
    status: IndsatsStatus
    bevilget_periode: Periode | None
    faktisk_periode: Periode | None
    leverandoer: Tilbud | None
    maalgrupper: list[Kode]
    opfoelgning: list[Opfoelgning]


@strawberry.interface(description="A functional (or nursing) state at a point in time.")
class Tilstand(TidslinjeElement):
    tema: Kode
    niveau: Funktionsevneniveau | None
    niveau_kilde: Kode | None
    stoettebehov: Stoettebehov | None
    vurderet_af: VurderetAf
    borgerens_oplevelse: str | None
    faglig_vurdering: str | None
    tidspunkt: datetime
    status: TilstandStatus


@strawberry.interface(description="A goal (a målsætnings-tilstand).")
class Maal(TidslinjeElement):
    type: MaalType
    maaltype: Kode | None
    beskrivelse: str
    formuleret_af: VurderetAf
    forventet_niveau: Funktionsevneniveau | None
    frist: date | None
    status: MaalStatus


@strawberry.interface(description="An appointment, agreement or deadline (an Aktivitet).")
class Aftale(TidslinjeElement):
    type: AftaleType
    titel: str
    tidspunkt: Periode
    sted: str | None
    status: AftaleStatus
    aftalt_indhold: str | None
    aarsagstekst: str | None


@strawberry.interface(description="A plan: goals, indsatser and aftaler for one citizen.")
class Plan(TidslinjeElement):
    type: PlanType
    status: PlanStatus
    periode: Periode | None
    maal: list[Maal]
    indsatser: list[Indsats]
    aftaler: list[Aftale]
    borger_godkendt: GodkendelseInfo | None
    version: int
