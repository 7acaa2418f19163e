"""Beskæftigelse records as DFDG / Min Plan holds them (field names as on DFDG's REST side).

One record per citizen known to the jobcenter: kontaktgruppe, the jobcenter's sager, and
Min Plan with mål, aftaler (from samtaler) and tilbud with status (DOMAIN §5). Tilbudstyper
and kontaktgrupper are codes from external, versioned lists (``Kode``-shaped on the wire).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from mocks.population.codes import DFDG_KONTAKTGRUPPE_SYSTEM, DFDG_TILBUDSTYPE_SYSTEM
from mocks.population.common import Ids, day_between, iso_date, iso_time, unit_id
from mocks.population.ids import IdKind
from mocks.population.people import KOMMUNE_CVR, REFERENCE_DATE, Person, rng_for

__all__ = ["KONTAKTGRUPPER", "TILBUDSTYPER", "generate"]

KONTAKTGRUPPER = (
    # (code [unverified local codes], text from the LAB målgruppe list, DOMAIN §5, KLE emne)
    ("KH-AP", "Aktivitetsparat kontanthjælpsmodtager", "32.24.04"),
    ("KH-JP", "Jobparat kontanthjælpsmodtager", "32.24.04"),
    ("UH-UP", "Uddannelsesparat uddannelseshjælpsmodtager", "32.24.04"),
    ("UH-AP", "Aktivitetsparat uddannelseshjælpsmodtager", "32.24.04"),
    ("SDP", "Sygedagpengemodtager", "15.20.00"),
    ("JAF", "Jobafklaringsforløb", "15.20.00"),
    ("RF", "Ressourceforløb", "15.20.00"),
    ("DP", "Dagpengemodtager", "15.20.00"),
)
"""Kontaktgrupper; ``15.20.00`` (tilbud i beskæftigelsesindsatsen, group level) is [unverified]."""

TILBUDSTYPER = (
    # (tilbudstype code [unverified], text, LAB paragraph, KLE emne per DOMAIN §2)
    ("VP", "Virksomhedspraktik", "42", "15.20.04"),
    ("LT", "Løntilskud", "51", "15.20.03"),
    ("VO", "Vejledning og opkvalificering", "32", "15.20.02"),
    ("MENTOR", "Mentorstøtte", "78", "15.20.36"),
)
_SAMTALER = ("Jobsamtale", "Rådighedssamtale", "Opfølgningssamtale", "Fleksjobsamtale")
_UDBYDERE = (("Korsbæk Bryghus", "11223344"), ("Korsbæk Plejecenter", "11224455"),
             ("Varnæs Maskinfabrik", "11225566"), ("Korsbæk Produktionsskole", "11226677"))
_JOBMAAL = ("Job som lagermedarbejder", "Job i detailhandlen", "Job som pædagogmedhjælper",
            "Ordinært job på nedsat tid", "Job inden for rengøring")
_UDDANNELSESMAAL = ("Start på EUD (tømrer)", "Gennemføre FVU-dansk", "Start på HF-enkeltfag")


def _tilbud(rng: random.Random, ids: Ids, plan_start: date) -> dict[str, Any]:
    code, text, paragraph, kle = rng.choice(TILBUDSTYPER)
    start = plan_start + timedelta(days=rng.randint(14, 400))
    end = start + timedelta(weeks=rng.choice((4, 8, 13, 26)))
    today = REFERENCE_DATE
    status = "planlagt" if start > today else ("igangvaerende" if end > today else "afsluttet")
    navn, cvr = rng.choice(_UDBYDERE)
    return {
        "tilbudId": ids.new(IdKind.INDSATS),
        "tilbudstype": {"kode": code, "tekst": text, "kodeliste": DFDG_TILBUDSTYPE_SYSTEM},
        "lovgrundlag": {"lov": "LAB", "paragraf": paragraph},
        "kle": kle, "status": status,
        "startdato": iso_date(start), "slutdato": iso_date(end),
        "udbyder": {"navn": navn, "cvr": cvr}, "ansvarligForTilmelding": "JOBCENTER",
        "synligIJobnet": True,
    }


def _aftale(rng: random.Random, ids: Ids, when: date, kle: str) -> dict[str, Any]:
    today = REFERENCE_DATE
    status = "planlagt" if when > today else rng.choice(("afholdt", "afholdt", "aflyst"))
    return {
        "aftaleId": ids.new(IdKind.AFTALE), "samtaletype": rng.choice(_SAMTALER),
        "tidspunkt": iso_time(when, rng.choice((9, 10, 13, 14))), "varighedMinutter": 45,
        "sted": "Jobcenter Korsbæk", "status": status, "kle": kle,
        "aftaltIndhold": "Borgeren søger fire relevante job om ugen og opdaterer CV.",
        "naesteKontakt": {"dato": iso_date(when + timedelta(weeks=6)),
                          "initiativ": rng.choice(("JOBCENTER", "BORGER"))},
        "synligIJobnet": rng.random() < 0.9,
    }


def _maal(rng: random.Random, ids: Ids, start: date, young: bool) -> dict[str, Any]:
    uddannelse = young and rng.random() < 0.7
    return {
        "maalId": ids.new(IdKind.MAAL),
        "maaltype": "UDDANNELSESMAAL" if uddannelse else "JOBMAAL",
        "beskrivelse": rng.choice(_UDDANNELSESMAAL if uddannelse else _JOBMAAL),
        "oprettet": iso_date(start), "frist": iso_date(start + timedelta(days=365)),
        "status": rng.choice(("aktiv", "aktiv", "aktiv", "opnaaet")),
        "synligIJobnet": True,
    }


def _sag(rng: random.Random, ids: Ids, start: date, gruppe: tuple[str, str, str],
         unit: str) -> dict[str, Any]:
    sag_id = ids.new(IdKind.SAG)
    return {
        "sagId": sag_id, "sagsnummer": f"{gruppe[2]}-G01-{rng.randint(1, 9999)}-{start:%y}",
        "kle": gruppe[2], "titel": f"Beskæftigelsesindsats: {gruppe[1]}",
        "status": "aktiv", "fremdrift": rng.choice(("Oplyst", "Afgjort")),
        "oprettet": iso_time(start, 8), "afsluttet": None,
        "foelsomhed": "FORTROLIGE_PERSONOPLYSNINGER", "ansvarligEnhed": unit,
        "lovgrundlag": [{"lov": "LAB", "paragraf": "2"}], "synligIJobnet": True,
    }


def generate(seed: int, person: Person) -> dict[str, Any]:
    """The DFDG record for ``person`` (who must be known to beskæftigelse)."""
    rng = rng_for(seed, person.index, "beskaeftigelse")
    ids = Ids("beskaeftigelse", person.index)
    young = person.alder < 30
    gruppe = (KONTAKTGRUPPER[0] if person.index == 0 else
              rng.choice(KONTAKTGRUPPER[2:4] if young else KONTAKTGRUPPER[:2] + KONTAKTGRUPPER[4:]))
    start = day_between(rng, -700, -60)
    unit = str(unit_id("beskaeftigelse", rng.randrange(3)))
    sag = _sag(rng, ids, start, gruppe, unit)
    samtaler = sorted(start + timedelta(days=rng.randint(0, 760)) for _ in range(rng.randint(2, 5)))
    plan = {
        "planId": ids.new(IdKind.PLAN), "sagId": sag["sagId"], "version": rng.randint(1, 6),
        "status": "aktiv", "oprettet": iso_time(start, 10), "senestOpdateret":
        iso_time(samtaler[-1] if samtaler[-1] <= REFERENCE_DATE else start, 11),
        "borgerAccept": {"accepteret": True, "tidspunkt": iso_time(start, 15), "kanal": "Jobnet"},
        "maal": [_maal(rng, ids, start, young) for _ in range(rng.randint(1, 2))],
        "aftaler": [_aftale(rng, ids, when, gruppe[2]) for when in samtaler],
        "tilbud": [_tilbud(rng, ids, start) for _ in range(rng.randint(1, 3))],
    }
    return {
        "cprNummer": person.cpr, "kommuneCvr": KOMMUNE_CVR,
        "jobcenter": {"enhedId": unit, "navn": "Jobcenter Korsbæk"},
        "kontaktgruppe": {"kode": gruppe[0], "tekst": gruppe[1],
                          "kodeliste": DFDG_KONTAKTGRUPPE_SYSTEM,
                          "gyldigFra": iso_date(start), "gyldigTil": None},
        "sager": [sag], "minPlan": plan,
        "sidstAendret": iso_time(day_between(rng, -120, 0), 16),
    }
