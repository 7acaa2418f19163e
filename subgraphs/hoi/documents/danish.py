"""Plain Danish for the plan documents: dates, sectors, statuses (no locale needed)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from authz.store import Sektor
from subgraphs.hoi import plan_state as state

__all__ = ["AFTALE_TYPE", "MAAL_STATUS", "SAG_STATUS", "SEKTOR", "dato", "hvem", "tidspunkt"]

TIDSZONE = ZoneInfo("Europe/Copenhagen")
_MAANEDER = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
             "september", "oktober", "november", "december")
_DAGE = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")

SEKTOR = {
    Sektor.BESKAEFTIGELSE: "Jobcentret", Sektor.SOCIAL: "Socialforvaltningen",
    Sektor.UDDANNELSE: "Uddannelsesvejledningen", Sektor.SUNDHED: "Sundhedsplejen",
    Sektor.FORSOERGELSE: "Ydelseskontoret", Sektor.TVAERGAAENDE: "Din koordinator",
}
"""Who does it, in words a citizen knows."""
MAAL_STATUS = {
    state.MaalStatus.AKTIV: "i gang", state.MaalStatus.OPNAAET: "nået",
    state.MaalStatus.DELVIST_OPNAAET: "delvist nået", state.MaalStatus.IKKE_OPNAAET: "ikke nået",
    state.MaalStatus.OPGIVET: "droppet", state.MaalStatus.ERSTATTET: "erstattet af et nyt mål",
}
AFTALE_TYPE = {
    state.AftaleType.SAMTALE: "Samtale", state.AftaleType.MOEDE: "Møde",
    state.AftaleType.AKTIVITET: "Aktivitet", state.AftaleType.FRIST: "Frist",
    state.AftaleType.SUNDHEDSAFTALE: "Sundhedsaftale",
    state.AftaleType.OPFOELGNING: "Opfølgning",
}
SAG_STATUS = {
    state.HoiSagStatus.AKTIV: "Planen er i gang.",
    state.HoiSagStatus.SAMTYKKE_OPHOERT: "Planen er sat på pause, fordi dit samtykke er "
                                         "trukket tilbage eller udløbet.",
    state.HoiSagStatus.AFSLUTTET: "Planen er afsluttet.",
}


def dato(value: date | datetime) -> str:
    """``1. juni 2026`` (an instant in Danish time)."""
    day = value.astimezone(TIDSZONE).date() if isinstance(value, datetime) else value
    return f"{day.day}. {_MAANEDER[day.month - 1]} {day.year}"


def tidspunkt(value: datetime) -> str:
    """``mandag 1. juni 2026 kl. 09.00`` in Danish time."""
    local = value.astimezone(TIDSZONE)
    return f"{_DAGE[local.weekday()]} {dato(local)} kl. {local:%H.%M}"


def hvem(maal: state.PlanMaal) -> str:
    """Who stands behind a goal: the citizen, or the sector (with the citizen when shared)."""
    if maal.formuleret_af is state.VurderetAf.BORGER:
        return "Dig"
    sector = SEKTOR.get(maal.fagomraade, "Din koordinator") if maal.fagomraade else \
        "Din koordinator"
    return f"{sector} og dig" if maal.formuleret_af is state.VurderetAf.FAELLES else sector
