"""Mutation inputs of the adgang subgraph and their conversion to the store's records."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import strawberry

from authz import store
from subgraphs.adgang.access import bad_input
from subgraphs.adgang.types import (
    SamtykkeForm,
    SamtykkeGiverType,
    SamtykkeHandling,
    SamtykkeType,
)
from subgraphs.common.scalars import CVR, KLE
from subgraphs.common.types import Sektor

__all__ = ["HjemmelInput", "KodeInput", "MyndighedRefInput", "RegistrerSamtykkeInput",
           "SamtykkeGiverInput", "new_samtykke"]


@strawberry.input(description="A code from an external catalogue.")
class KodeInput:
    system: str
    kode: str
    tekst: str | None = None
    version: str | None = None


@strawberry.input(description='A legal basis, e.g. lov: "HOI", paragraf: "3".')
class HjemmelInput:
    lov: str
    paragraf: str
    stk: str | None = None
    tekst: str | None = None


@strawberry.input(description="An authority, optionally narrowed to a unit or a sector.")
class MyndighedRefInput:
    cvr: CVR
    org_enhed: uuid.UUID | None = None
    sektor: Sektor | None = None


@strawberry.input(description="Who gave the samtykke; a representative needs a reference.")
class SamtykkeGiverInput:
    type: SamtykkeGiverType
    reference: str | None = None


@strawberry.input(description="A new samtykke (DOMAIN §8.1). It is registered as AKTIV.")
class RegistrerSamtykkeInput:
    borger_id: uuid.UUID
    formaal: KodeInput
    handlinger: list[SamtykkeHandling]
    omraader: list[Sektor]
    modtagere: list[MyndighedRefInput]
    form: SamtykkeForm
    givet_af: SamtykkeGiverInput | None = strawberry.field(
        default=None, description="Default: the citizen themself.")
    type: SamtykkeType = SamtykkeType.GIVET
    kle_afgraensning: list[KLE] | None = None
    afgivere: list[MyndighedRefInput] = strawberry.field(default_factory=list)
    gyldig_fra: datetime | None = strawberry.field(default=None, description="Default: now.")
    gyldig_til: datetime | None = strawberry.field(default=None,
                                                   description="Default: open-ended.")
    skabelon: KodeInput | None = None
    informations_tekst: str | None = None
    hjemmel: list[HjemmelInput] = strawberry.field(default_factory=list)
    ekstern_reference: str | None = None
    kanal: str | None = strawberry.field(default=None,
                                         description="The channel it came through.")


def _kode(value: KodeInput) -> store.Kode:
    return store.Kode(system=value.system, kode=value.kode, tekst=value.tekst,
                      version=value.version)


def _myndighed(value: MyndighedRefInput) -> store.MyndighedRef:
    return store.MyndighedRef(
        cvr=str(value.cvr), org_enhed=None if value.org_enhed is None else str(value.org_enhed),
        sektor=None if value.sektor is None else store.Sektor(value.sektor.value))


def _aware(value: datetime | None, default: datetime | None) -> datetime | None:
    if value is None:
        return default
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def new_samtykke(value: RegistrerSamtykkeInput) -> store.NewSamtykke:
    """The store's :class:`~authz.store.NewSamtykke`; BAD_USER_INPUT when it is invalid."""
    if not value.modtagere:
        raise bad_input("a samtykke needs at least one modtager")
    giver = value.givet_af or SamtykkeGiverInput(type=SamtykkeGiverType.BORGER)
    if giver.type is not SamtykkeGiverType.BORGER and not giver.reference:
        raise bad_input("a representative needs a reference")
    fra = _aware(value.gyldig_fra, datetime.now(UTC))
    try:
        return store.NewSamtykke(
            borger_id=str(value.borger_id),
            givet_af=store.GivetAf(type=store.PartType(giver.type.value),
                                   reference=giver.reference),
            formaal=_kode(value.formaal),
            handlinger=tuple(store.SamtykkeHandling(h.value) for h in value.handlinger),
            type=store.SamtykkeType(value.type.value),
            omraader=tuple(store.Sektor(o.value) for o in value.omraader),
            gyldighed=store.Periode(fra=fra or datetime.now(UTC),
                                    til=_aware(value.gyldig_til, None)),
            form=store.SamtykkeForm(value.form.value),
            kle_afgraensning=None if value.kle_afgraensning is None
            else tuple(str(k) for k in value.kle_afgraensning),
            afgivere=tuple(_myndighed(m) for m in value.afgivere),
            modtagere=tuple(_myndighed(m) for m in value.modtagere),
            skabelon=None if value.skabelon is None else _kode(value.skabelon),
            informations_tekst=value.informations_tekst,
            hjemmel=tuple(store.Hjemmel(lov=h.lov, paragraf=h.paragraf, stk=h.stk, tekst=h.tekst)
                          for h in value.hjemmel),
            ekstern_reference=value.ekstern_reference, kanal=value.kanal)
    except ValueError as error:
        raise bad_input(str(error)) from None
