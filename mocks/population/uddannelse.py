"""Uddannelse records as Ungedatabasen (STIL) and the kommunale ungeindsats hold them.

For ages 15–29 only (DOMAIN §6): UDB events (optag, frafaldstruet, afbrud, fuldført), the
KUI uddannelsesplan and, for some, an uddannelsespålæg. STIL's wire style is PascalCase.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from mocks.population.codes import STIL_AKTIVITET_SYSTEM
from mocks.population.common import Ids, day_between, iso_date, iso_time, unit_id
from mocks.population.ids import IdKind
from mocks.population.people import KOMMUNE_CVR, REFERENCE_DATE, Person, rng_for

__all__ = ["AKTIVITETER", "KLE_UNGEINDSATS", "generate"]

KLE_UNGEINDSATS = "54.10.00"
"""KLE emne for the KUI sag: [unverified] placeholder under 54 (ungdomsuddannelse)."""

AKTIVITETER = (
    # (STIL activity code [unverified], text, institution)
    ("STX", "Gymnasial uddannelse (stx)", ("101010", "Korsbæk Gymnasium")),
    ("EUD", "Erhvervsuddannelse (tømrer)", ("202020", "Korsbæk Tekniske Skole")),
    ("FGU-PGU", "FGU, produktionsgrunduddannelse", ("303030", "FGU Korsbæk")),
    ("FGU-AGU", "FGU, almen grunduddannelse", ("303030", "FGU Korsbæk")),
    ("STU", "Særligt tilrettelagt ungdomsuddannelse", ("404040", "STU Korsbæk")),
)


def _haendelse(rng: random.Random, ids: Ids, kind: str, when: date,
               aktivitet: tuple[str, str, tuple[str, str]]) -> dict[str, Any]:
    return {
        "HaendelseId": ids.new(IdKind.HAENDELSE), "Haendelsestype": kind,
        "Dato": iso_date(when), "Registreret": iso_time(when + timedelta(days=2), 12),
        "Institution": {"Institutionsnummer": aktivitet[2][0], "Navn": aktivitet[2][1]},
        "Uddannelse": {"Kode": aktivitet[0], "Tekst": aktivitet[1],
                       "Kodeliste": STIL_AKTIVITET_SYSTEM},
        "Foelsomhed": ("FOELSOMME_PERSONOPLYSNINGER" if kind == "FRAFALDSTRUET"
                       else "FORTROLIGE_PERSONOPLYSNINGER"),
        "VisesForBorger": kind != "FRAFALDSTRUET",
    }


def _forloeb(rng: random.Random, ids: Ids, start: date) -> list[dict[str, Any]]:
    aktivitet = rng.choice(AKTIVITETER)
    events = [_haendelse(rng, ids, "OPTAG", start, aktivitet)]
    ending = rng.random()
    if ending < 0.4:
        risk = start + timedelta(days=rng.randint(60, 200))
        events.append(_haendelse(rng, ids, "FRAFALDSTRUET", risk, aktivitet))
        events.append(_haendelse(rng, ids, "AFBRUD", risk + timedelta(days=rng.randint(20, 90)),
                                 aktivitet))
    elif ending < 0.7:
        events.append(_haendelse(rng, ids, "FULDFOERT", start + timedelta(days=730), aktivitet))
    return [event for event in events if event["Dato"] <= iso_date(REFERENCE_DATE)]


def _plan(rng: random.Random, ids: Ids, start: date, sag_id: str) -> dict[str, Any]:
    return {
        "PlanId": ids.new(IdKind.PLAN), "SagId": sag_id, "Status": "AKTIV",
        "Oprettet": iso_time(start, 10), "Opdateret": iso_time(start + timedelta(days=90), 10),
        "Maal": [{"MaalId": ids.new(IdKind.MAAL),
                  "Beskrivelse": rng.choice(("Gennemføre en erhvervsuddannelse",
                                             "Bestå 9.-klasseprøve i dansk og matematik",
                                             "Komme i gang med FGU")),
                  "Frist": iso_date(start + timedelta(days=540)), "Status": "AKTIV",
                  "VisesForBorger": True}],
        "Oensker": ["Tømrer", "Ungdomsuddannelse tæt på hjemmet"],
        "VisesForBorger": True,
    }


def _paalaeg(rng: random.Random, ids: Ids, start: date, sag_id: str) -> dict[str, Any]:
    given = start + timedelta(days=rng.randint(10, 120))
    return {
        "PaalaegId": ids.new(IdKind.PLAN), "SagId": sag_id, "Givet": iso_time(given, 13),
        "Frist": iso_date(given + timedelta(days=180)),
        "Status": "AKTIV" if given + timedelta(days=180) > REFERENCE_DATE else "AFSLUTTET",
        "Uddannelsesretning": "Erhvervsfaglig uddannelse",
        "Jobcenter": {"Navn": "Jobcenter Korsbæk",
                      "EnhedId": str(unit_id("beskaeftigelse", 0))},
        "VisesForBorger": True,
    }


def generate(seed: int, person: Person) -> dict[str, Any]:
    """The UDB/KUI record for ``person`` (who must be known to uddannelse, aged 15–29)."""
    rng = rng_for(seed, person.index, "uddannelse")
    ids = Ids("uddannelse", person.index)
    start = day_between(rng, -1100, -100)
    unit = str(unit_id("uddannelse", rng.randrange(2)))
    sag_id = ids.new(IdKind.SAG)
    events = _forloeb(rng, ids, start)
    if person.index == 0 or rng.random() < 0.3:
        events += _forloeb(rng, ids, start + timedelta(days=400))
    with_paalaeg = person.alder >= 18 and (person.index == 0 or rng.random() < 0.3)
    return {
        "Cprnr": person.cpr, "KommuneCvr": KOMMUNE_CVR,
        "Sag": {"SagId": sag_id, "Sagsnummer": f"{KLE_UNGEINDSATS}-G01-{rng.randint(1, 9999)}"
                f"-{start:%y}", "Kle": KLE_UNGEINDSATS, "Titel": "Kommunal ungeindsats",
                "Oprettet": iso_time(start, 9), "Status": "AKTIV", "AnsvarligEnhed": unit,
                "Foelsomhed": "FORTROLIGE_PERSONOPLYSNINGER", "VisesForBorger": True},
        "Haendelser": events,
        "Uddannelsesplan": _plan(rng, ids, start, sag_id),
        "Uddannelsespaalaeg": _paalaeg(rng, ids, start, sag_id) if with_paalaeg else None,
        "SidstAendret": iso_time(day_between(rng, -120, 0), 14),
    }
