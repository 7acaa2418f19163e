"""Sundhed records: the aftaleoversigt (appointments) and the municipal EOJ's forløb with
FSIII indsatser and sygepleje tilstande (DOMAIN §7, §4.2). All of it is health data.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from mocks.population.codes import Concept, fsiii
from mocks.population.common import Ids, day_between, iso_date, iso_time, unit_id
from mocks.population.ids import IdKind
from mocks.population.people import KOMMUNE_CVR, REFERENCE_DATE, Person, rng_for

__all__ = ["FORLOEBSTYPER", "generate"]

FORLOEBSTYPER = {
    # type: (lov, paragraf, KLE emne, FSIII indsats path, title)
    "GENOPTRAENING": ("SUL", "140", "29.24.04",
                      ("Kommunal genoptræning efter sygehusophold-indsatser",),
                      "Genoptræning efter sygehusophold"),
    # 29.24.00 for sygepleje is an [unverified] placeholder emne under 29 (kommunal sundhed).
    "SYGEPLEJE": ("SUL", "138", "29.24.00", ("Kommunale sygeplejeindsatser", "SUL § 138"),
                  "Hjemmesygepleje"),
}
_ORGANISATIONER = ("Korsbæk Kommune, Hjemmesygeplejen", "Korsbæk Kommune, Træningscenter",
                   "Korsbæk Sygehus, Ortopædkirurgisk ambulatorium", "Egen læge")
_AARSAGER = ("Kontrol efter operation", "Sårpleje", "Medicingennemgang", "Træning af knæ",
             "Opfølgning på blodprøver")


def _concepts(path: tuple[str, ...]) -> tuple[Concept, ...]:
    return fsiii().path(*path).children


def _aftale(rng: random.Random, ids: Ids, forloeb_id: str | None) -> dict[str, Any]:
    when = day_between(rng, -400, 60)
    status = "booked" if when > REFERENCE_DATE else rng.choice(("fulfilled", "fulfilled",
                                                                 "cancelled", "noshow"))
    hour = rng.choice((8, 10, 12, 14))
    return {
        "aftaleId": ids.new(IdKind.AFTALE), "start": iso_time(when, hour),
        "slut": iso_time(when, hour + 1), "organisation": {"navn": rng.choice(_ORGANISATIONER)},
        "aarsagstekst": rng.choice(_AARSAGER), "status": status, "forloebId": forloeb_id,
        "visesPaaSundhedDk": True,
    }


def _tilstand(rng: random.Random, ids: Ids, when: date) -> dict[str, Any]:
    omraade = rng.choice(_concepts(("Kommunale sygeplejetilstande",)))
    return {
        "tilstandId": ids.new(IdKind.TILSTAND),
        "tilstandskode": rng.choice(omraade.children or (omraade,)).as_wire(),
        "omraade": omraade.as_wire(), "registreret": iso_time(when, 12),
        "status": rng.choice(("aktiv", "aktiv", "inaktiv")),
        "fagligNotat": "Observeres ved hvert besøg.", "visesPaaSundhedDk": True,
    }


def _forloeb(rng: random.Random, ids: Ids, kind: str, unit: str) -> dict[str, Any]:
    lov, paragraf, kle, path, titel = FORLOEBSTYPER[kind]
    start = day_between(rng, -500, -20)
    end = start + timedelta(days=rng.choice((60, 120, 365)))
    return {
        "forloebId": ids.new(IdKind.SAG), "type": kind, "titel": titel, "kle": kle,
        "lovgrundlag": {"lov": lov, "paragraf": paragraf}, "startdato": iso_time(start, 8),
        "slutdato": iso_date(end) if end < REFERENCE_DATE else None,
        "status": "afsluttet" if end < REFERENCE_DATE else "aktiv", "ansvarligEnhed": unit,
        "indsatser": [{"indsatsId": ids.new(IdKind.INDSATS),
                       "indsatskode": concept.as_wire(), "start": iso_date(start),
                       "slut": iso_date(end) if end < REFERENCE_DATE else None,
                       "status": "afsluttet" if end < REFERENCE_DATE else "aktiv"}
                      for concept in rng.sample(_concepts(path), 2)],
        "visesPaaSundhedDk": True,
    }


def generate(seed: int, person: Person) -> dict[str, Any]:
    """The health record for ``person`` (who must be known to sundhed)."""
    rng = rng_for(seed, person.index, "sundhed")
    ids = Ids("sundhed", person.index)
    unit = str(unit_id("sundhed", rng.randrange(2)))
    kinds = ["SYGEPLEJE"] if person.index == 0 else rng.sample(sorted(FORLOEBSTYPER),
                                                               rng.choice((1, 1, 2)))
    forloeb = [_forloeb(rng, ids, kind, unit) for kind in kinds]
    aftaler = [_aftale(rng, ids, rng.choice(forloeb)["forloebId"]) for _ in
               range(rng.randint(1, 4))]
    tilstande = [_tilstand(rng, ids, day_between(rng, -300, -1)) for _ in range(rng.randint(1, 3))]
    return {
        "patient": {"cpr": person.cpr}, "kommuneCvr": KOMMUNE_CVR, "forloeb": forloeb,
        "aftaler": aftaler, "sygeplejetilstande": tilstande,
        "sidstAendret": iso_time(day_between(rng, -120, 0), 13),
    }
