"""Social records as an FFB fagsystem holds them: sager under SEL §85/§103/§104/§107/§108 and
ABL §105, each with KLE, FFB-coded indsatser (ydelse, tilbud, målgrupper, opfølgning),
funktionsevne tilstande and goals (DOMAIN §2, §4). Codes are the real FFB UUIDs.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from mocks.population.codes import Concept, ffb
from mocks.population.common import Ids, day_between, iso_date, iso_time, unit_id
from mocks.population.ids import IdKind
from mocks.population.people import KOMMUNE_CVR, REFERENCE_DATE, Person, rng_for

__all__ = ["PARAGRAFFER", "generate"]

PARAGRAFFER = {
    # paragraph: (lov, paragraf, KLE emne (DOMAIN §2), FFB tilbud path, FFB ydelse path, title)
    "SEL85": ("SEL", "85", "27.36.12", ("Tilbud", "Mobilt tilbud"),
              ("Ydelse", "Socialpædagogisk støtte"), "Socialpædagogisk støtte"),
    "SEL103": ("SEL", "103", "27.54.04", ("Tilbud", "Dagtilbud til voksne",
               "Beskyttet beskæftigelsestilbud"), ("Ydelse", "Beskyttet beskæftigelse"),
               "Beskyttet beskæftigelse"),
    "SEL104": ("SEL", "104", "27.54.08", ("Tilbud", "Dagtilbud til voksne",
               "Aktivitets- og samværstilbud"), ("Ydelse", "Aktivitet og samvær"),
               "Aktivitets- og samværstilbud"),
    "SEL107": ("SEL", "107", "27.57.04", ("Tilbud", "Botilbud til voksne",
               "Midlertidigt botilbud til voksne"), ("Ydelse", "Ophold", "Midlertidigt ophold"),
               "Midlertidigt botilbud"),
    "SEL108": ("SEL", "108", "27.57.08", ("Tilbud", "Botilbud til voksne",
               "Længerevarende botilbud til voksne"),
               ("Ydelse", "Ophold", "Længerevarende ophold"), "Længerevarende botilbud"),
    "ABL105": ("ABL", "105", "27.45.04", ("Tilbud", "Botilbudslignende tilbud",
               "Almen ældre- og handicapvenlig bolig"), ("Ydelse", "Socialpædagogisk støtte"),
               "Almen ældre- og handicapbolig med støtte"),
}
_NIVEAUER = ("Ingen nedsat funktionsevne", "Let nedsat funktionsevne",
             "Moderat nedsat funktionsevne", "Svært nedsat funktionsevne",
             "Fuldstændig nedsat funktionsevne", "Ikke vurderet")
_STOETTE = ("Intet støttebehov", "Let støttebehov", "Moderat støttebehov", "Højt støttebehov")
_TEMAER = (("Aktivitet og deltagelse", "Praktiske opgaver", "Lave mad"),
           ("Aktivitet og deltagelse", "Egenomsorg", "Varetage egen sundhed"),
           ("Aktivitet og deltagelse", "Samfundsliv", "Varetage økonomi"),
           ("Aktivitet og deltagelse", "Relationer", "Indgå i samspil og kontakt"),
           ("Funktioner og forhold", "Mentale funktioner", "Igangsætning og motivation"),
           ("Funktioner og forhold", "Sociale forhold", "Boligsituation"))
_MAALGRUPPER = (("Socialt problem", "Social isolation"), ("Socialt problem", "Hjemløshed"),
                ("Funktionsnedsættelse", "Psykisk funktionsnedsættelse"),
                ("Funktionsnedsættelse", "Multipel funktionsnedsættelse"))


def _ffb(*path: str) -> Concept:
    return ffb().path(*path)


def _leaf(rng: random.Random, concept: Concept) -> Concept:
    return rng.choice(concept.children) if concept.children else concept


def _tilstand(rng: random.Random, ids: Ids, when: date, tema: tuple[str, ...]) -> dict[str, Any]:
    return {
        "id": ids.new(IdKind.TILSTAND), "tema": _ffb("FFB tilstande", *tema).as_wire(),
        "funktionsevneniveau": _ffb("Funktionsevneniveau", rng.choice(_NIVEAUER[1:])).as_wire(),
        "stoettebehov": _ffb("Støttebehovsniveau", rng.choice(_STOETTE)).as_wire(),
        "vurderetAf": rng.choice(("FAGPERSON", "FAELLES")),
        "borgerensOplevelse": "Jeg har svært ved at komme i gang om morgenen.",
        "fagligVurdering": "Har brug for struktur og guidning i hverdagen.",
        "vurderingstidspunkt": iso_time(when, 11), "status": "aktiv",
        "borgerSynlig": rng.random() < 0.8,
    }


def _indsats(rng: random.Random, ids: Ids, key: str, start: date,
             tilstande: list[dict[str, Any]]) -> dict[str, Any]:
    lov, paragraf, kle, tilbud_path, ydelse_path, titel = PARAGRAFFER[key]
    end = start + timedelta(days=rng.choice((180, 365, 730)))
    status = "bevilget" if start > REFERENCE_DATE else ("igang" if end > REFERENCE_DATE
                                                        else "afsluttet")
    opfoelgning = start + timedelta(days=180)
    return {
        "id": ids.new(IdKind.INDSATS), "titel": titel, "kle": kle,
        "paragraf": {"lov": lov, "paragraf": paragraf},
        "ydelse": _leaf(rng, _ffb("Social indsats", *ydelse_path)).as_wire(),
        "tilbud": {"navn": f"Korsbæk {_ffb('Social indsats', *tilbud_path).display}",
                   "tilbudstype": _ffb("Social indsats", *tilbud_path).as_wire(),
                   "cvr": "11227788"},
        "maalgrupper": [_ffb("Social indsats", "Målgruppe", *rng.choice(_MAALGRUPPER)).as_wire()],
        "status": status,
        "bevillingsperiode": {"start": iso_date(start), "slut": iso_date(end)},
        "leveringsperiode": {"start": iso_date(start + timedelta(days=14)), "slut": None},
        "opfoelgning": [{"dato": iso_time(opfoelgning, 10), "beslutning": _ffb(
            "Status på indsats", "Træf afgørelse om fortsættelse af indsats").as_wire(),
            "naesteOpfoelgning": iso_date(opfoelgning + timedelta(days=180))}]
        if opfoelgning <= REFERENCE_DATE else [],
        "adresserer": [t["id"] for t in tilstande[:2]],
        "borgerSynlig": True,
    }


def _maal(rng: random.Random, ids: Ids, start: date, tilstand: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": ids.new(IdKind.MAAL),
        "maaltype": _ffb("Måltype", rng.choice(("Udvikle funktionsevne",
                                                 "Fastholde funktionsevne"))).as_wire(),
        "beskrivelse": "Kan selv lave aftensmad tre dage om ugen.",
        "formuleretAf": rng.choice(("BORGER", "FAGPERSON")),
        "forventetNiveau": _ffb("Funktionsevneniveau", "Let nedsat funktionsevne").as_wire(),
        "tilstand": tilstand["id"], "frist": iso_date(start + timedelta(days=365)),
        "status": "aktiv", "borgerSynlig": True,
    }


def _sag(rng: random.Random, ids: Ids, key: str, unit: str) -> dict[str, Any]:
    lov, paragraf, kle, _, _, titel = PARAGRAFFER[key]
    start = day_between(rng, -900, -30)
    tilstande = [_tilstand(rng, ids, start, tema) for tema in rng.sample(_TEMAER, 3)]
    return {
        "id": ids.new(IdKind.SAG), "sagsnummer": f"{kle}-G01-{rng.randint(1, 9999)}-{start:%y}",
        "kle": {"nummer": kle, "titel": titel}, "paragraf": {"lov": lov, "paragraf": paragraf},
        "titel": f"{titel} ({lov} § {paragraf})", "status": "AKTIV",
        "fremdrift": rng.choice(("Oplyst", "Afgjort")),
        "oprettetDato": iso_time(start, 9), "lukketDato": None,
        "foelsomhed": "FOELSOMME_PERSONOPLYSNINGER",
        "ansvarligOrganisation": {"id": unit, "navn": "Socialafdelingen, Voksenhandicap"},
        "indsatser": [_indsats(rng, ids, key, start + timedelta(days=30), tilstande)],
        "tilstande": tilstande,
        "maal": [_maal(rng, ids, start, tilstande[0])],
        "borgerSynlig": True,
    }


def generate(seed: int, person: Person) -> dict[str, Any]:
    """The FFB fagsystem's record for ``person`` (who must be known to social)."""
    rng = rng_for(seed, person.index, "social")
    ids = Ids("social", person.index)
    keys = ["SEL85", "ABL105"] if person.index == 0 else rng.sample(
        sorted(PARAGRAFFER), rng.choice((1, 1, 2)))
    unit = str(unit_id("social", rng.randrange(3)))
    return {
        "borger": {"cpr": person.cpr}, "kommuneCvr": KOMMUNE_CVR,
        "sager": [_sag(rng, ids, key, unit) for key in keys],
        "sidstAendret": iso_time(day_between(rng, -120, 0), 15),
    }
