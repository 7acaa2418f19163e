"""The shared HOI plan's content: maal, aftaler, indsats references, borgerbidrag, approval.

A plan is a sequence of versions; each version row holds the whole content after one change
(:class:`PlanVersion`), so any earlier version can be read back as it was. Items keep who
created and last changed them (:class:`Stempel`). Vocabularies are ``StrEnum``s whose values
are the GraphQL enum names (as in :mod:`authz.store`); no GraphQL library is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from authz.store import Actor, Kode, Sektor

__all__ = [
    "AftaleStatus",
    "AftaleType",
    "Bekraeftelse",
    "BorgerBidrag",
    "BorgerBidragType",
    "Godkendelse",
    "IndsatsReference",
    "MaalStatus",
    "MaalType",
    "PlanAendring",
    "PlanAftale",
    "PlanIndhold",
    "PlanMaal",
    "PlanVersion",
    "Stempel",
    "Synlighed",
    "VurderetAf",
]


class MaalType(StrEnum):
    """DOMAIN §11.2 ``MaalType``."""

    BESKAEFTIGELSESMAAL = "BESKAEFTIGELSESMAAL"
    UDDANNELSESMAAL = "UDDANNELSESMAAL"
    INDSATSMAAL = "INDSATSMAAL"
    LIVSMESTRINGSMAAL = "LIVSMESTRINGSMAAL"
    BORGERENS_EGET_MAAL = "BORGERENS_EGET_MAAL"
    DELMAAL = "DELMAAL"


class MaalStatus(StrEnum):
    """DOMAIN §11.2 ``MaalStatus``."""

    AKTIV = "AKTIV"
    OPNAAET = "OPNAAET"
    DELVIST_OPNAAET = "DELVIST_OPNAAET"
    IKKE_OPNAAET = "IKKE_OPNAAET"
    OPGIVET = "OPGIVET"
    ERSTATTET = "ERSTATTET"


class VurderetAf(StrEnum):
    """Who formulated a goal: the citizen's own, a professional one, or made together."""

    FAGPERSON = "FAGPERSON"
    BORGER = "BORGER"
    FAELLES = "FAELLES"


class AftaleType(StrEnum):
    """DOMAIN §11.2 ``AftaleType``."""

    SAMTALE = "SAMTALE"
    MOEDE = "MOEDE"
    AKTIVITET = "AKTIVITET"
    FRIST = "FRIST"
    SUNDHEDSAFTALE = "SUNDHEDSAFTALE"
    OPFOELGNING = "OPFOELGNING"


class AftaleStatus(StrEnum):
    """DOMAIN §11.2 ``AftaleStatus``."""

    PLANLAGT = "PLANLAGT"
    BEKRAEFTET = "BEKRAEFTET"
    AFHOLDT = "AFHOLDT"
    AFLYST = "AFLYST"
    UDEBLEVET = "UDEBLEVET"
    FLYTTET = "FLYTTET"


class BorgerBidragType(StrEnum):
    """DOMAIN §11.2 ``BorgerBidragType``."""

    EGET_MAAL = "EGET_MAAL"
    KOMMENTAR = "KOMMENTAR"
    OENSKE = "OENSKE"
    STATUS_OPDATERING = "STATUS_OPDATERING"
    AFTALE_BEKRAEFTELSE = "AFTALE_BEKRAEFTELSE"


class Synlighed(StrEnum):
    """Whether the citizen sees an item (rule C3)."""

    INTERN = "INTERN"
    BORGER_SYNLIG = "BORGER_SYNLIG"


class PlanAendring(StrEnum):
    """What one plan version changed."""

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


@dataclass(frozen=True, slots=True, kw_only=True)
class Stempel:
    """Who did something to an item, when, and in which plan version."""

    tid: datetime
    aktoer: Actor
    version: int


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanMaal:
    """A goal in the plan: the citizen's own (``formuleret_af`` BORGER) or a professional one."""

    id: str
    type: MaalType
    beskrivelse: str
    formuleret_af: VurderetAf
    status: MaalStatus = MaalStatus.AKTIV
    maaltype: Kode | None = None
    forventet_niveau: str | None = None
    """A ``Funktionsevneniveau`` name, if the goal names a target level."""
    frist: date | None = None
    fagomraade: Sektor | None = None
    """The sector whose system the goal belongs to (and is written back to); None: HOI only."""
    synlighed: Synlighed = Synlighed.BORGER_SYNLIG
    oprettet: Stempel
    aendret: Stempel


@dataclass(frozen=True, slots=True, kw_only=True)
class Bekraeftelse:
    """The citizen's confirmation of an aftale."""

    tid: datetime
    kanal: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanAftale:
    """An aftale (appointment, agreement or deadline) in the plan."""

    id: str
    type: AftaleType
    titel: str
    fra: datetime
    til: datetime | None = None
    sted: str | None = None
    status: AftaleStatus = AftaleStatus.PLANLAGT
    aftalt_indhold: str | None = None
    fagomraade: Sektor | None = None
    synlighed: Synlighed = Synlighed.BORGER_SYNLIG
    borger_bekraeftet: Bekraeftelse | None = None
    oprettet: Stempel
    aendret: Stempel


@dataclass(frozen=True, slots=True, kw_only=True)
class IndsatsReference:
    """A sector indsats the plan coordinates: its GraphQL type and id, never a copy."""

    id: str
    type: str
    """The sector subgraph's type name (``SocialIndsats``); the gateway completes it."""
    sektor: Sektor
    oprettet: Stempel


@dataclass(frozen=True, slots=True, kw_only=True)
class BorgerBidrag:
    """Something the citizen added: an own goal, a comment, a wish, a confirmation."""

    id: str
    type: BorgerBidragType
    tekst: str
    tid: datetime
    relateret_til: str | None = None
    version: int
    """The plan version that added it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Godkendelse:
    """The citizen's approval of one plan version."""

    version: int
    """The version approved (the one the citizen saw)."""
    tid: datetime
    kanal: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanIndhold:
    """The plan's content at one version."""

    maal: tuple[PlanMaal, ...] = ()
    aftaler: tuple[PlanAftale, ...] = ()
    indsatser: tuple[IndsatsReference, ...] = ()
    bidrag: tuple[BorgerBidrag, ...] = ()
    godkendelse: Godkendelse | None = None
    indhold_version: int = 1
    """The last version that changed maal, aftaler or indsatser (not bidrag or approval)."""

    @property
    def godkendt(self) -> bool:
        """True when the citizen approved a version no later change of substance followed."""
        return self.godkendelse is not None and self.godkendelse.version >= self.indhold_version


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanVersion:
    """One stored plan version: the content after a change, and who, when, what and why."""

    plan_id: str
    version: int
    aendring: PlanAendring
    element_id: str | None
    """The item the change concerned (None for the plan as a whole)."""
    aarsag: str | None
    tid: datetime
    aktoer: Actor
    indhold: PlanIndhold = field(repr=False)
