"""The changes a plan takes, each a pure function from one version's content to the next.

Each change also enforces who may make it by the kind of actor (rule C4): the citizen adds
own goals, comments and wishes, confirms aftaler and approves a version, and changes only
goals they formulated; employees change professional goals, aftaler and indsats references,
never the citizen's own words. Which employee may touch which sector is decided before, by
the caller (the subgraph checks roles and samtykke); optimistic versioning makes that check
hold for exactly the content being changed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import ClassVar, Protocol, TypeVar

from authz.store import ActorKind, Kode, Sektor
from subgraphs.hoi.plan_state.errors import InvalidChange, NotFound, NotPermitted
from subgraphs.hoi.plan_state.plan import (
    AftaleStatus,
    AftaleType,
    Bekraeftelse,
    BorgerBidrag,
    BorgerBidragType,
    Godkendelse,
    IndsatsReference,
    MaalStatus,
    MaalType,
    PlanAendring,
    PlanAftale,
    PlanIndhold,
    PlanMaal,
    Stempel,
    Synlighed,
    VurderetAf,
)

__all__ = ["AendrAftale", "AendrMaal", "BekraeftAftale", "FjernIndsats", "Godkend", "PlanEdit",
           "TilfoejAftale", "TilfoejBidrag", "TilfoejIndsats", "TilfoejMaal", "touched_item"]

MAX_TEXT = 4000
MAX_TITLE = 255
CITIZEN_BIDRAG = frozenset({BorgerBidragType.KOMMENTAR, BorgerBidragType.OENSKE,
                            BorgerBidragType.STATUS_OPDATERING})
"""Bidrag the citizen adds directly (own goals and confirmations come with their change)."""


class PlanEdit(Protocol):
    """One change: what it is, and the content after it."""

    aendring: ClassVar[PlanAendring]

    def apply(self, indhold: PlanIndhold, stempel: Stempel,
              new_id: str) -> tuple[PlanIndhold, str | None]:
        """The content after the change, and the id of the item it concerned."""
        ...


def _text(value: str, what: str, limit: int = MAX_TEXT) -> str:
    text = value.strip()
    if not text:
        raise InvalidChange(f"{what} must not be empty")
    if len(text) > limit:
        raise InvalidChange(f"{what} is longer than {limit} characters")
    return text


def _opt_text(value: str | None, what: str) -> str | None:
    return None if value is None or not value.strip() else _text(value, what)


def _citizen(stempel: Stempel) -> bool:
    return stempel.aktoer.kind is ActorKind.BORGER


def _employee_only(stempel: Stempel, what: str) -> None:
    if stempel.aktoer.kind is not ActorKind.MEDARBEJDER:
        raise NotPermitted(f"only an employee may {what}")


def _citizen_only(stempel: Stempel, what: str) -> None:
    if not _citizen(stempel):
        raise NotPermitted(f"only the citizen may {what}")


def _substance(indhold: PlanIndhold, stempel: Stempel, **changes: object) -> PlanIndhold:
    """A change of maal, aftaler or indsatser: an earlier approval no longer covers it."""
    return replace(indhold, indhold_version=stempel.version, **changes)  # type: ignore[arg-type]


def _maal_index(indhold: PlanIndhold, maal_id: str) -> int:
    for index, maal in enumerate(indhold.maal):
        if maal.id == maal_id:
            return index
    raise NotFound("maal")


def _aftale_index(indhold: PlanIndhold, aftale_id: str) -> int:
    for index, aftale in enumerate(indhold.aftaler):
        if aftale.id == aftale_id:
            return index
    raise NotFound("aftale")


T = TypeVar("T")


def _replace_at(items: tuple[T, ...], index: int, item: T) -> tuple[T, ...]:
    return (*items[:index], item, *items[index + 1:])


@dataclass(frozen=True, slots=True, kw_only=True)
class TilfoejMaal:
    """Add a goal: the citizen's own (BORGER) or a professional one (FAGPERSON/FAELLES)."""

    aendring: ClassVar[PlanAendring] = PlanAendring.MAAL_TILFOEJET
    type: MaalType
    beskrivelse: str
    formuleret_af: VurderetAf
    maaltype: Kode | None = None
    forventet_niveau: str | None = None
    frist: date | None = None
    fagomraade: Sektor | None = None
    synlighed: Synlighed = Synlighed.BORGER_SYNLIG

    def apply(self, indhold: PlanIndhold, stempel: Stempel,
              new_id: str) -> tuple[PlanIndhold, str | None]:
        citizen = _citizen(stempel)
        if citizen != (self.formuleret_af is VurderetAf.BORGER):
            raise NotPermitted("a citizen's goal is formulated by the citizen (BORGER), "
                               "an employee's is FAGPERSON or FAELLES")
        if citizen and (self.synlighed is Synlighed.INTERN or self.fagomraade is not None):
            raise NotPermitted("a citizen's own goal is visible to them and sector-neutral")
        if not citizen:
            _employee_only(stempel, "add a professional goal")
        maal = PlanMaal(id=new_id, type=self.type, beskrivelse=_text(self.beskrivelse,
                                                                      "beskrivelse"),
                        formuleret_af=self.formuleret_af, maaltype=self.maaltype,
                        forventet_niveau=self.forventet_niveau, frist=self.frist,
                        fagomraade=self.fagomraade, synlighed=self.synlighed,
                        oprettet=stempel, aendret=stempel)
        bidrag = indhold.bidrag
        if citizen:
            bidrag = (*bidrag, BorgerBidrag(id=new_id, type=BorgerBidragType.EGET_MAAL,
                                            tekst=maal.beskrivelse, tid=stempel.tid,
                                            relateret_til=new_id, version=stempel.version))
        return _substance(indhold, stempel, maal=(*indhold.maal, maal), bidrag=bidrag), new_id


@dataclass(frozen=True, slots=True, kw_only=True)
class AendrMaal:
    """Change a goal; ``None`` leaves a field as it is."""

    aendring: ClassVar[PlanAendring] = PlanAendring.MAAL_AENDRET
    maal_id: str
    beskrivelse: str | None = None
    status: MaalStatus | None = None
    frist: date | None = None
    forventet_niveau: str | None = None
    fagomraade: Sektor | None = None
    synlighed: Synlighed | None = None

    def apply(self, indhold: PlanIndhold, stempel: Stempel,
              new_id: str) -> tuple[PlanIndhold, str | None]:
        index = _maal_index(indhold, self.maal_id)
        maal = indhold.maal[index]
        own = maal.formuleret_af is VurderetAf.BORGER
        if _citizen(stempel) and not own:
            raise NotPermitted("a citizen may not change a professional goal")
        if not _citizen(stempel):
            _employee_only(stempel, "change a professional goal")
            if own:
                raise NotPermitted("the citizen's own goal is changed by the citizen")
        if own and (self.fagomraade is not None or self.synlighed is Synlighed.INTERN):
            raise NotPermitted("a citizen's own goal is visible to them and sector-neutral")
        changed = replace(
            maal, beskrivelse=maal.beskrivelse if self.beskrivelse is None
            else _text(self.beskrivelse, "beskrivelse"),
            status=self.status or maal.status, frist=self.frist or maal.frist,
            forventet_niveau=self.forventet_niveau or maal.forventet_niveau,
            fagomraade=self.fagomraade or maal.fagomraade,
            synlighed=self.synlighed or maal.synlighed, aendret=stempel)
        if changed == replace(maal, aendret=stempel):
            raise InvalidChange("nothing to change")
        return _substance(indhold, stempel, maal=_replace_at(indhold.maal, index, changed)), \
            maal.id


@dataclass(frozen=True, slots=True, kw_only=True)
class TilfoejAftale:
    """Add an aftale (employees only)."""

    aendring: ClassVar[PlanAendring] = PlanAendring.AFTALE_TILFOEJET
    type: AftaleType
    titel: str
    fra: datetime
    til: datetime | None = None
    sted: str | None = None
    aftalt_indhold: str | None = None
    fagomraade: Sektor | None = None
    synlighed: Synlighed = Synlighed.BORGER_SYNLIG

    def apply(self, indhold: PlanIndhold, stempel: Stempel,
              new_id: str) -> tuple[PlanIndhold, str | None]:
        _employee_only(stempel, "add an aftale")
        if self.til is not None and self.til < self.fra:
            raise InvalidChange("an aftale cannot end before it starts")
        aftale = PlanAftale(id=new_id, type=self.type, titel=_text(self.titel, "titel",
                                                                   MAX_TITLE),
                            fra=self.fra, til=self.til, sted=_opt_text(self.sted, "sted"),
                            aftalt_indhold=_opt_text(self.aftalt_indhold, "aftaltIndhold"),
                            fagomraade=self.fagomraade, synlighed=self.synlighed,
                            oprettet=stempel, aendret=stempel)
        return _substance(indhold, stempel, aftaler=(*indhold.aftaler, aftale)), new_id


@dataclass(frozen=True, slots=True, kw_only=True)
class AendrAftale:
    """Change an aftale (employees only); ``None`` leaves a field as it is."""

    aendring: ClassVar[PlanAendring] = PlanAendring.AFTALE_AENDRET
    aftale_id: str
    titel: str | None = None
    fra: datetime | None = None
    til: datetime | None = None
    sted: str | None = None
    status: AftaleStatus | None = None
    aftalt_indhold: str | None = None
    fagomraade: Sektor | None = None
    synlighed: Synlighed | None = None

    def apply(self, indhold: PlanIndhold, stempel: Stempel,
              new_id: str) -> tuple[PlanIndhold, str | None]:
        _employee_only(stempel, "change an aftale")
        index = _aftale_index(indhold, self.aftale_id)
        aftale = indhold.aftaler[index]
        changed = replace(
            aftale, titel=aftale.titel if self.titel is None
            else _text(self.titel, "titel", MAX_TITLE),
            fra=self.fra or aftale.fra, til=self.til or aftale.til,
            sted=_opt_text(self.sted, "sted") or aftale.sted, status=self.status or aftale.status,
            aftalt_indhold=_opt_text(self.aftalt_indhold, "aftaltIndhold")
            or aftale.aftalt_indhold, fagomraade=self.fagomraade or aftale.fagomraade,
            synlighed=self.synlighed or aftale.synlighed, aendret=stempel)
        if changed.til is not None and changed.til < changed.fra:
            raise InvalidChange("an aftale cannot end before it starts")
        if changed == replace(aftale, aendret=stempel):
            raise InvalidChange("nothing to change")
        return _substance(indhold, stempel,
                          aftaler=_replace_at(indhold.aftaler, index, changed)), aftale.id


@dataclass(frozen=True, slots=True, kw_only=True)
class BekraeftAftale:
    """The citizen confirms an aftale (recorded on it and as a bidrag)."""

    aendring: ClassVar[PlanAendring] = PlanAendring.AFTALE_BEKRAEFTET
    aftale_id: str
    kanal: str | None = None
    kommentar: str | None = None

    def apply(self, indhold: PlanIndhold, stempel: Stempel,
              new_id: str) -> tuple[PlanIndhold, str | None]:
        _citizen_only(stempel, "confirm an aftale")
        index = _aftale_index(indhold, self.aftale_id)
        aftale = indhold.aftaler[index]
        if aftale.synlighed is Synlighed.INTERN:
            raise NotFound("aftale")
        status = AftaleStatus.BEKRAEFTET if aftale.status in (
            AftaleStatus.PLANLAGT, AftaleStatus.FLYTTET) else aftale.status
        changed = replace(aftale, status=status, aendret=stempel,
                          borger_bekraeftet=Bekraeftelse(tid=stempel.tid, kanal=self.kanal))
        bidrag = BorgerBidrag(id=new_id, type=BorgerBidragType.AFTALE_BEKRAEFTELSE,
                              tekst=_opt_text(self.kommentar, "kommentar") or "Bekræftet",
                              tid=stempel.tid, relateret_til=aftale.id, version=stempel.version)
        return replace(indhold, aftaler=_replace_at(indhold.aftaler, index, changed),
                       bidrag=(*indhold.bidrag, bidrag)), aftale.id


@dataclass(frozen=True, slots=True, kw_only=True)
class TilfoejIndsats:
    """Reference a sector indsats the plan coordinates (employees only)."""

    aendring: ClassVar[PlanAendring] = PlanAendring.INDSATS_TILFOEJET
    indsats_id: str
    type: str
    sektor: Sektor

    def apply(self, indhold: PlanIndhold, stempel: Stempel,
              new_id: str) -> tuple[PlanIndhold, str | None]:
        _employee_only(stempel, "reference an indsats")
        if any(ref.id == self.indsats_id for ref in indhold.indsatser):
            raise InvalidChange("the plan already references this indsats")
        ref = IndsatsReference(id=self.indsats_id, type=self.type, sektor=self.sektor,
                               oprettet=stempel)
        return _substance(indhold, stempel, indsatser=(*indhold.indsatser, ref)), ref.id


@dataclass(frozen=True, slots=True, kw_only=True)
class FjernIndsats:
    """Stop referencing an indsats (employees only; earlier versions keep it)."""

    aendring: ClassVar[PlanAendring] = PlanAendring.INDSATS_FJERNET
    indsats_id: str

    def apply(self, indhold: PlanIndhold, stempel: Stempel,
              new_id: str) -> tuple[PlanIndhold, str | None]:
        _employee_only(stempel, "remove an indsats reference")
        kept = tuple(ref for ref in indhold.indsatser if ref.id != self.indsats_id)
        if len(kept) == len(indhold.indsatser):
            raise NotFound("indsats reference")
        return _substance(indhold, stempel, indsatser=kept), self.indsats_id


@dataclass(frozen=True, slots=True, kw_only=True)
class TilfoejBidrag:
    """The citizen adds a comment, a wish or a status update."""

    aendring: ClassVar[PlanAendring] = PlanAendring.BIDRAG_TILFOEJET
    type: BorgerBidragType
    tekst: str
    relateret_til: str | None = None

    def apply(self, indhold: PlanIndhold, stempel: Stempel,
              new_id: str) -> tuple[PlanIndhold, str | None]:
        _citizen_only(stempel, "add a borgerbidrag")
        if self.type not in CITIZEN_BIDRAG:
            raise InvalidChange("own goals are added as maal and confirmations with "
                                "bekraeftAftale")
        known = {m.id for m in indhold.maal if m.synlighed is Synlighed.BORGER_SYNLIG} | {
            a.id for a in indhold.aftaler if a.synlighed is Synlighed.BORGER_SYNLIG} | {
            i.id for i in indhold.indsatser}
        if self.relateret_til is not None and self.relateret_til not in known:
            raise NotFound("the related plan item")
        bidrag = BorgerBidrag(id=new_id, type=self.type, tekst=_text(self.tekst, "tekst"),
                              tid=stempel.tid, relateret_til=self.relateret_til,
                              version=stempel.version)
        return replace(indhold, bidrag=(*indhold.bidrag, bidrag)), new_id


@dataclass(frozen=True, slots=True, kw_only=True)
class Godkend:
    """The citizen approves the version they saw (the one the change names)."""

    aendring: ClassVar[PlanAendring] = PlanAendring.GODKENDT
    kanal: str | None = None

    def apply(self, indhold: PlanIndhold, stempel: Stempel,
              new_id: str) -> tuple[PlanIndhold, str | None]:
        _citizen_only(stempel, "approve the plan")
        if indhold.godkendt:
            raise InvalidChange("this plan version is approved already")
        godkendelse = Godkendelse(version=stempel.version - 1, tid=stempel.tid, kanal=self.kanal)
        return replace(indhold, godkendelse=godkendelse), None


def touched_item(indhold: PlanIndhold, item_id: str | None) -> PlanMaal | PlanAftale | None:
    """The goal or aftale with this id in ``indhold`` (for write-back), if any."""
    if item_id is None:
        return None
    items: tuple[PlanMaal | PlanAftale, ...] = (*indhold.maal, *indhold.aftaler)
    return next((item for item in items if item.id == item_id), None)
